import CanbaoStore
#if canImport(Glibc)
import Glibc
#endif

/// What a start looks at with the system's own calls: Forms/'s directories, and a case file, which may also be a
/// pipe or standard input, read up to a limit (the form files themselves, regular files, are read by `InputFile`).
/// Foundation's `FileManager` and `FileHandle` would do the same, but each first use costs a start the runtime's
/// set-up of Foundation's types, and their file attributes look up the owner's and group's names (reading
/// `/etc/passwd` and `/etc/group`) that nobody here asks for (issue #17).
public enum PlainFile {
    public enum Failure: Error, Equatable {
        /// Nothing there (or a path that cannot be looked at), as `FileManager.fileExists` says false.
        case missing
        case directory
        /// A regular file larger than the limit: its size.
        case tooLarge(Int)
        /// Not a regular file (a FIFO, a device, a socket): a FIFO nobody writes to would block the read forever.
        case notRegular
        /// It could not be opened: the system's error number.
        case unopenable(Int32)
        /// More than the limit came from standard input.
        case endless
        /// A read failed: the system's error number.
        case unreadable(Int32)
    }

    /// Whether something is at `path` (following symbolic links).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Whether `path` is a directory (following symbolic links).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The names in a directory, without `.` and `..`, in no particular order; nil when it cannot be listed.
    public static func names(in directory: String) -> [String]? {
        guard let dir = opendir(directory) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// The bytes of the regular file at `path`, at most `limit` of them: a larger one is refused by its size before
    /// anything is read, and anything that is not a regular file (a FIFO, `/dev/zero`) before it is opened.
    public static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .missing }
        try check(info, limit: limit)
        // Non-blocking, so a FIFO swapped in since `stat` cannot hang the open; checked again on what was opened.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw .unopenable(errno) }
        defer { close(fd) }
        guard fstat(fd, &info) == 0 else { throw .unreadable(errno) }
        try check(info, limit: limit)
        return try read(fd, limit: limit)
    }

    /// Refuses a directory, anything else that is not a regular file, and a file over `limit` bytes.
    private static func check(_ info: stat, limit: Int) throws(Failure) {
        guard info.st_mode & S_IFMT != S_IFDIR else { throw .directory }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegular }
        if info.st_size > off_t(limit) { throw .tooLarge(Int(info.st_size)) }
    }

    /// At most `limit` bytes of an open file: more is `.endless`, and nothing past `limit + 1` bytes is read.
    public static func read(_ fd: Int32, limit: Int) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let wanted = min(chunk.count, limit + 1 - bytes.count)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, wanted) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw .unreadable(errno) }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        guard bytes.count <= limit else { throw .endless }
        return bytes
    }

    /// The text of UTF-8 bytes, a leading byte-order mark dropped as Foundation's `String(data:encoding:)` drops it;
    /// nil when they are not UTF-8.
    public static func text(_ bytes: [UInt8]) -> String? {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        return bytes.starts(with: bom) ? String(validating: bytes.dropFirst(3), as: UTF8.self)
                                       : String(validating: bytes, as: UTF8.self)
    }
}

extension PlainFile.Failure {
    /// The failure in the clerk's words, for a file that should be `what` (案件文件, 题组文件) of at most `limit`
    /// bytes: never blaming permissions for what is not a permission problem.
    public func reason(_ what: String, limit: Int) -> String {
        switch self {
        case .missing: return "文件不存在"
        case .directory: return "是目录，不是\(what)"
        case .notRegular: return "不是普通文件（管道、设备等），不能作为\(what)读取"
        case let .tooLarge(size): return "文件过大（\(size) 字节，上限 \(limit)）"
        case let .unopenable(code) where code == EACCES || code == EPERM: return "无权读取文件"
        case let .unopenable(code): return "无法打开文件（\(ErrnoText.reason(code))）"
        case .endless: return "内容过大（超过上限 \(limit) 字节）"
        case let .unreadable(code): return "无法读取（\(ErrnoText.reason(code))）"
        }
    }
}
