import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a file given by the user (a roster, an import file): only a regular file, never more than a limit, with a
/// Chinese reason for everything that goes wrong. A FIFO or a device (`/dev/zero`) would otherwise block or fill
/// memory, and Foundation's own messages are English.
public enum InputFile {
    /// Largest roster read: a 1,000,000-row roster is about 100 MB.
    public static let defaultLimit = 512 << 20
    /// Largest `store import` file: a region's platform records, read whole as before.
    public static let importLimit = 4 << 30

    /// Why the file at `path` cannot be read, in the clerk's words, or nil when it looks readable. Opens nothing.
    public static func problem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return reason(errno, path) }
        if info.st_mode & S_IFMT == S_IFDIR { return "\(path) 是文件夹，不是文件" }
        if info.st_mode & S_IFMT != S_IFREG { return "\(path) 不是普通文件" }
        guard access(path, R_OK) == 0 else { return reason(errno, path) }
        return nil
    }

    /// The file's bytes. Throws `InputFileError` with a Chinese reason.
    public static func read(_ path: String, limit: Int = defaultLimit) throws -> Data {
        try read(path, limit: limit) { size, fill in
            var data = Data(count: size)
            data.count = try data.withUnsafeMutableBytes { try fill($0) }
            return data
        }
    }

    /// As `read`, into an array: a roster's reader works on `[UInt8]`, and reading into `Data` first would hold the
    /// file twice.
    public static func readBytes(_ path: String, limit: Int = defaultLimit) throws -> [UInt8] {
        try read(path, limit: limit) { size, fill in
            try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                count = try fill(UnsafeMutableRawBufferPointer(buffer))
            }
        }
    }

    /// Opens and checks the file, then `make` gets its size and a function that reads it into a buffer of that size
    /// and returns how many bytes it read.
    private static func read<T>(_ path: String, limit: Int,
                                _ make: (Int, (UnsafeMutableRawBufferPointer) throws -> Int) throws -> T) throws -> T {
        if let problem = problem(path) { throw InputFileError(problem) }
        let fd = systemOpen(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0)
        guard fd >= 0 else { throw InputFileError(reason(errno, path)) }
        defer { close(fd) }
        // Checked again on what was opened: the path may have been swapped since `problem`.
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InputFileError(reason(errno, path)) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw InputFileError("\(path) 不是普通文件") }
        guard Int(info.st_size) <= limit else {
            throw InputFileError("文件 \(path) 太大（\(Int(info.st_size) >> 20) MB，上限 \(limit >> 20) MB）")
        }
        let size = Int(info.st_size)
        return try make(size) { buffer in
            var done = 0
            while done < size {
                let n = systemRead(fd, buffer.baseAddress! + done, size - done)
                if n < 0, errno == EINTR { continue }
                guard n >= 0 else { throw InputFileError(reason(errno, path)) }
                if n == 0 { break }
                done += n
            }
            // A file that shrank while read is read as it now is; one that grew is refused rather than cut short.
            var more: UInt8 = 0
            if done == size, systemRead(fd, &more, 1) > 0 { throw InputFileError("文件 \(path) 在读取时被改动，请稍后重试") }
            return done
        }
    }

    static func reason(_ code: Int32, _ path: String) -> String {
        switch code {
        case ENOENT, ENOTDIR: return "找不到文件 \(path)"
        case EACCES, EPERM: return "无权读取文件 \(path)"
        case EISDIR: return "\(path) 是文件夹，不是文件"
        case ELOOP: return "文件 \(path) 的符号链接层次过多"
        case ENAMETOOLONG: return "文件名过长：\(path)"
        default: return "无法读取文件 \(path)（\(ErrnoText.reason(code))）"
        }
    }
}

/// A file the user named cannot be read: nothing was done with it.
public struct InputFileError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
    public var errorDescription: String? { reason }
}

