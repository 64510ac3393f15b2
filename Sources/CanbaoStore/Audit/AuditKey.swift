import CanbaoRules
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The secret of the keyed audit chain: 32 random bytes in a file of its own beside the database (`<database>.key`,
/// mode 0600, one line of 64 hex digits), never stored in the database. Without it the chain cannot be extended or
/// rewritten, so a copy of the database alone (a backup, a file carried off) cannot have its history rebuilt.
public struct AuditKey: Sendable {
    /// The raw bytes (swift-crypto's `SymmetricKey` is not `Sendable`; one is made per use, which is cheap).
    private let bytes: [UInt8]

    var symmetricKey: SymmetricKey { SymmetricKey(data: bytes) }

    /// Where the key of the database at `databasePath` lives.
    public static func path(forDatabase databasePath: String) -> String { databasePath + ".key" }

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// A short fingerprint (first 16 hex digits of the key's SHA-256) to tell keys apart in messages, never the key.
    public var fingerprint: String {
        String(hex(SHA256.hash(data: bytes)).prefix(16))
    }

    /// Reads the key file; nil when there is none. A file that does not hold a key is refused with a message naming
    /// the file, and so is one others may read when `requirePrivate` (the store signing with it; a verification
    /// only reads it, perhaps from a medium without modes).
    public static func load(path: String, requirePrivate: Bool = true) throws -> AuditKey? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw StoreError.auditKey("\(path)：\(ErrnoText.reason(errno))")
        }
        // A FIFO nobody writes to would block the read forever, a device never end.
        guard info.st_mode & S_IFMT == S_IFREG else { throw StoreError.auditKey("\(path) 不是普通文件") }
        guard !requirePrivate || info.st_mode & 0o077 == 0 else {
            throw StoreError.auditKey("\(path) 的权限为 \(String(info.st_mode & 0o777, radix: 8))，其他用户可读；"
                + "请执行 chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError.auditKey("\(path)：无法读取")
        }
        let text = String(decoding: data, as: UTF8.self).trimmed(.whitespacesAndNewlines)
        guard text.count == 64, let bytes = Self.bytes(hex: text) else {
            throw StoreError.auditKey("\(path) 不是审计密钥文件（应为一行 64 位十六进制数字）")
        }
        return AuditKey(bytes: bytes)
    }

    /// A new random key in a new file with mode 0600 (never replacing one). Written aside and linked into place, so
    /// that two processes opening a new PostgreSQL database at once agree on one key: the one whose link lands
    /// first; the other reads that one, never a half-written file.
    static func create(path: String) throws -> AuditKey {
        var generator = SystemRandomNumberGenerator()
        let key = AuditKey(bytes: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let aside = path + ".new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try key.write(to: aside)
        defer { unlink(aside) }
        guard link(aside, path) == 0 else {
            guard errno == EEXIST, let existing = try load(path: path) else {
                throw StoreError.auditKey("\(path)：\(ErrnoText.reason(errno))")
            }
            return existing
        }
        return key
    }

    /// Writes the key to a new file with mode 0600; refuses to replace an existing file.
    public func write(to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { throw StoreError.fileExists(path) }
            throw StoreError.auditKey("\(path)：\(ErrnoText.reason(errno))")
        }
        let line = Array((hex(bytes) + "\n").utf8)
        let written = line.withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == line.count, synced else {
            unlink(path)
            throw StoreError.auditKey("\(path)：写入失败")
        }
    }

    private static func bytes(hex text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var high: UInt8?
        for unit in text.utf8 {
            let value: UInt8
            switch unit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = unit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = unit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = unit - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let h = high {
                out.append(h << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return high == nil ? out : nil
    }
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}
