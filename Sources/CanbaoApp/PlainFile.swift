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
        /// It could not be opened (permissions).
        case unopenable
        /// More than the limit came from something that is not a regular file (a FIFO, a device).
        case endless
        /// A read failed: the system's reason.
        case unreadable(String)
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

    /// The bytes of the file at `path`, at most `limit` of them: a regular file larger than that is refused by its
    /// size before anything is read; anything else (a FIFO, `/dev/zero`) is read only up to the limit.
    public static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .missing }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw .directory }
        if info.st_mode & S_IFMT == S_IFREG, info.st_size > off_t(limit) { throw .tooLarge(Int(info.st_size)) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unopenable }
        defer { close(fd) }
        return try read(fd, limit: limit)
    }

    /// At most `limit` bytes of an open file: more is `.endless`, and nothing past `limit + 1` bytes is read.
    public static func read(_ fd: Int32, limit: Int) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let wanted = min(chunk.count, limit + 1 - bytes.count)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, wanted) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
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
