import Foundation

/// Files no `--force` may replace, wherever they are: an SQLite database (any store's, the training store, another
/// home's), its companions (`-wal`, `-shm`, `-journal`, canbao's `.lock`) and an audit key. The home's own files were
/// refused by path only: `forms doc --out OTHER_HOME/canbao.sqlite --force` replaced another store's database with
/// Markdown, and the same onto its `.key` lost the key for good. Recognised by what they hold, not by where they are.
enum StoreFileGuard {
    /// The 16 bytes every SQLite database file begins with.
    static let sqliteHeader = Array("SQLite format 3\0".utf8)
    /// A write-ahead log's and a rollback journal's magic numbers.
    static let journalMagics: [[UInt8]] = [[0x37, 0x7F, 0x06, 0x82], [0x37, 0x7F, 0x06, 0x83],
                                           [0xD9, 0xD5, 0x05, 0xF9, 0x20, 0xA1, 0x63, 0xD7]]

    /// Why `path` must not be replaced, or nil.
    static func reason(_ path: String) -> String? {
        let head = leadingBytes(path, count: 80)
        if head.starts(with: sqliteHeader) { return "是 SQLite 数据库文件" }
        if journalMagics.contains(where: { head.starts(with: $0) }) { return "是 SQLite 数据库的日志文件" }
        if isAuditKey(head) { return "是审计密钥文件" }
        // A companion named after a database beside it (`-shm` has no magic; `.lock` is empty).
        for suffix in CounterStore.companionSuffixes + [".lock"] where path.hasSuffix(suffix) {
            if leadingBytes(String(path.dropLast(suffix.count)), count: 16).starts(with: sqliteHeader) {
                return "是 SQLite 数据库的附属文件"
            }
        }
        return nil
    }

    /// A key file's content: one line of 64 hexadecimal digits (`AuditKey.load`).
    static func isAuditKey(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.utf8.count == 64 && text.allSatisfy(\.isHexDigit)
    }

    /// Up to `count` bytes from the start of a regular file (none for anything else: a FIFO would block).
    static func leadingBytes(_ path: String, count: Int) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return [] }
        let fd = systemOpen(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: count)
        let read = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, count) }
        return read > 0 ? Array(buffer.prefix(read)) : []
    }
}
