import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way a command or the counter screen writes a file (error reports, CSV exports, `store export`, backups,
/// notices): a NEW file with mode 0600 (they hold personal data) that never replaces, truncates or removes anything
/// that was there, and appears complete or not at all.
///
/// The content goes to a temporary file of our own in the same directory (created with O_EXCL), is synced, and is
/// then hard-linked to its name, which fails when the name exists — even if something took it a moment ago. On any
/// failure (a full disk, a read-only directory) only that temporary file is removed. Where hard links are not
/// supported the file is created under its name with O_EXCL instead, and removed again on failure: it was ours.
public enum OutputFile {
    /// A folder of the home for files we write (reports, notices): created with mode 0700; one that is there must be
    /// a folder (not a link elsewhere, not a file).
    public static func privateDirectory(_ dir: URL) throws -> URL {
        var info = stat()
        if lstat(dir.path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw StoreError.io("\(dir.path) 不是文件夹") }
            return dir
        }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError.io("无法建立文件夹 \(dir.path)")
        }
        return dir
    }


    /// Writes `data` to a new file at `path`.
    public static func create(_ path: String, contents data: Data) throws {
        try create(path) { try $0.write(data) }
    }

    /// Streams a new file at `path`: `body` writes through the writer it is given.
    public static func create(_ path: String, _ body: (inout Writer) throws -> Void) throws {
        try refuseExisting(path)
        var writer = try Writer.temporary(beside: path)
        do {
            try body(&writer)
            try writer.finish()
            try publish(writer.path, as: path)
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// Writes `data` to the first name of `stem.ext`, `stem-2.ext`, `stem-3.ext`, … in `directory` that is free at that
    /// moment (two counters saving a report in the same second both keep theirs). Returns the file written.
    @discardableResult
    public static func createUnused(in directory: URL, stem: String, ext: String, contents data: Data) throws -> URL {
        var n = 1
        while true {
            let url = directory.appendingPathComponent(n == 1 ? "\(stem).\(ext)" : "\(stem)-\(n).\(ext)")
            do {
                try create(url.path, contents: data)
                return url
            } catch StoreError.fileExists {
                n += 1
                guard n < 10_000 else { throw StoreError.io("\(directory.path) 中同名文件过多") }
            }
        }
    }

    /// Fails as `create` would fail now, before the work whose result is to be written (a roster's error report):
    /// something has the name, or no file can be made beside it (a folder missing, read-only, or where files cannot
    /// be made, such as /proc). Writes nothing; `create` checks again when it writes.
    public static func probe(_ path: String) throws {
        try refuseExisting(path)
        var writer = try Writer.temporary(beside: path)
        writer.abandon()
    }

    /// `store export --force`: replaces an existing regular file at `path` (never a directory, a link or a device,
    /// nor a database, its companions or an audit key: `StoreFileGuard`) in one rename, once the new content is
    /// complete.
    public static func replace(_ path: String, _ body: (inout Writer) throws -> Void) throws {
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            throw StoreError.io("\(path) 不是普通文件，不能覆盖")
        }
        if let reason = StoreFileGuard.reason(path) { throw StoreError.notAllowed("\(path) \(reason)，不能覆盖") }
        var writer = try Writer.temporary(beside: path)
        do {
            try body(&writer)
            try writer.finish()
            guard rename(writer.path, path) == 0 else { throw StoreError.writing(path, errno: errno) }
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// `fileExists` when anything — a file, a directory, a dangling link — has the name; else what keeps it from
    /// being created (the directory missing, read-only, not ours).
    static func refuseExisting(_ path: String) throws {
        var info = stat()
        if lstat(path, &info) == 0 { throw StoreError.fileExists(path) }
        let directory = (path as NSString).deletingLastPathComponent
        let parent = directory.isEmpty ? "." : directory
        var dirInfo = stat()
        guard stat(parent, &dirInfo) == 0 else {
            throw errno == ENOENT ? StoreError.io("目录 \(parent) 不存在") : StoreError.writing(path, errno: errno)
        }
        guard dirInfo.st_mode & S_IFMT == S_IFDIR else { throw StoreError.io("\(parent) 不是目录") }
    }

    /// Links the finished temporary file to its name (failing if the name exists) and drops the temporary name.
    static func publish(_ temporary: String, as path: String) throws {
        if link(temporary, path) == 0 {
            unlink(temporary)
            return
        }
        let code = errno
        switch code {
        case EEXIST:
            throw StoreError.fileExists(path)
        case EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK:
            // No hard links here (vfat, some network file systems): copy into a file created exclusively.
            try copyExclusively(temporary, to: path)
            unlink(temporary)
        default:
            throw StoreError.writing(path, errno: code)
        }
    }

    private static func copyExclusively(_ source: String, to path: String) throws {
        let data: Data
        do { data = try InputFile.read(source, limit: .max) } catch let error as InputFileError { throw StoreError.io(error.reason) }
        let fd = systemOpen(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw errno == EEXIST ? StoreError.fileExists(path) : StoreError.writing(path, errno: errno)
        }
        var writer = Writer(fd: fd, path: path, target: path)
        do {
            try writer.write(data)
            try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// An open file of our own, written in 1 MB chunks.
    public struct Writer {
        let fd: Int32
        /// The file being written (a temporary name until published).
        public let path: String
        /// The name it is written for, which messages give.
        let target: String
        private var buffer = Data()
        private var closed = false
        public private(set) var bytes: Int64 = 0

        init(fd: Int32, path: String, target: String) {
            self.fd = fd
            self.path = path
            self.target = target
        }

        /// A new file of our own beside `path`: `.NAME.part-PID-RANDOM`, created exclusively with mode 0600.
        static func temporary(beside path: String) throws -> Writer {
            let url = URL(fileURLWithPath: path)
            let directory = url.deletingLastPathComponent().path
            for _ in 0..<100 {
                let name = ".\(url.lastPathComponent).part-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
                let temporary = (directory as NSString).appendingPathComponent(name)
                let fd = systemOpen(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
                if fd >= 0 {
                    // The umask may have narrowed the mode, never widened it; set it exactly.
                    fchmod(fd, 0o600)
                    return Writer(fd: fd, path: temporary, target: path)
                }
                guard errno == EEXIST else { throw StoreError.writing(path, errno: errno) }
            }
            throw StoreError.io("无法在 \(directory) 中建立临时文件")
        }

        public mutating func write(_ data: Data) throws {
            buffer.append(data)
            if buffer.count >= 1 << 20 { try flush() }
        }

        public mutating func write(_ text: String) throws { try write(Data(text.utf8)) }

        mutating func flush() throws {
            var done = 0
            while done < buffer.count {
                let n = buffer.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + done, $0.count - done) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw StoreError.writing(target, errno: n < 0 ? errno : ENOSPC) }
                done += n
            }
            bytes += Int64(buffer.count)
            buffer.removeAll(keepingCapacity: true)
        }

        /// Everything written and on disk, the file closed.
        mutating func finish() throws {
            try flush()
            guard fsync(fd) == 0 else { throw StoreError.writing(target, errno: errno) }
            closed = true
            guard close(fd) == 0 else { throw StoreError.writing(target, errno: errno) }
        }

        /// Closes and removes the file: it is ours, created exclusively a moment ago.
        mutating func abandon() {
            if !closed { close(fd); closed = true }
            unlink(path)
        }
    }
}

func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    #if canImport(Glibc)
    return Glibc.open(path, flags, mode)
    #else
    return Darwin.open(path, flags, mode)
    #endif
}

func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}

func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}
