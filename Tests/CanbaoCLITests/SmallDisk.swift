import CanbaoTestSupport
import Foundation

/// A folder on a disk that fills up after a few kilobytes, or that cannot be written at all, for `canbao` runs.
///
/// Run as root (as CI and the development machine do), it is a size-limited tmpfs of its own: a real ENOSPC, and
/// a real read-only remount (EROFS). Otherwise the process's file-size limit stands in for the full disk (`ulimit -f`
/// in the shell that starts canbao, with SIGXFSZ ignored: writes past it fail with EFBIG), and mode 0555 for the
/// read-only folder.
final class SmallDisk {
    let folder: URL
    let mounted: Bool
    let kilobytes: Int

    init(kilobytes: Int) throws {
        self.kilobytes = kilobytes
        folder = try CanbaoBinary.temporaryDirectory("small-disk")
        mounted = getuid() == 0
            && Self.system(["mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0700", "tmpfs", folder.path]) == 0
    }

    deinit {
        if mounted { _ = Self.system(["umount", "-l", folder.path]) }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Makes the folder unwritable; false when that cannot be done here (root without a mount).
    func makeReadOnly() -> Bool {
        if mounted { return Self.system(["mount", "-o", "remount,ro", folder.path]) == 0 }
        guard getuid() != 0 else { return false }
        return chmod(folder.path, 0o555) == 0
    }

    /// `canbao ARGS`, with the file-size limit when the folder is not a small disk of its own.
    func run(_ arguments: [String], environment: [String: String], stdin: String? = nil) throws -> Outcome {
        guard !mounted else {
            let r = try CanbaoBinary.run(arguments, environment: environment, stdin: stdin)
            return Outcome(status: r.status, stdout: r.stdout, stderr: r.stderr)
        }
        // 512-byte blocks (POSIX sh).
        let quoted = ([CanbaoBinary.url.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "trap '' XFSZ; ulimit -f \(kilobytes * 2); exec \(quoted.joined(separator: " "))"]
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try? input.fileHandleForWriting.close()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Whatever is in the folder, hidden files too.
    var contents: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()) ?? []
    }

    @discardableResult
    static func system(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
