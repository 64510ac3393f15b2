import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Child processes timed whole: started with posix_spawn and reaped with waitpid (Foundation's `waitUntilExit`
/// polls and would add tens of milliseconds of its own), optionally on a pseudo-terminal of their own, so a
/// curses program (the counter screen, `dialog`) initialises, draws and restores a real terminal as it would at a
/// counter.
enum Spawn {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Wall time in milliseconds of `arguments` (the first found on `$PATH` unless it contains a slash), with
    /// `environment` added; on a new 80x24 pseudo-terminal when `terminal`, else with its input and output on
    /// /dev/null. Throws when it cannot start or does not exit with status 0.
    static func milliseconds(_ arguments: [String], environment: [String: String] = [:], terminal: Bool = false) throws -> Double {
        try run(arguments, environment: environment, terminal: terminal).wall
    }

    /// Wall and CPU time (user + system, from the kernel's accounting of the child) in milliseconds. On a machine
    /// others are using, the CPU time is the steadier figure.
    static func run(_ arguments: [String], environment: [String: String] = [:], terminal: Bool = false) throws
        -> (wall: Double, cpu: Double) {
        let result = try run(arguments, environment: environment, terminal: terminal, until: nil as (String, String)?)
        return (result.wall, result.cpu)
    }

    /// Milliseconds from the start until `marker` (text of the last row a program's first screen draws) reached its
    /// pseudo-terminal, and until the process exited: what it does after its first screen (restoring the terminal,
    /// closing its files) is in the second figure only. `answer` is typed once the marker has come (the counter
    /// screen's Ctrl-C, to leave it). Throws when the marker never came; a program still running 30 s after its start
    /// is ended (SIGTERM), so a first screen that no longer shows the marker cannot hang the benchmark.
    static func paint(_ arguments: [String], environment: [String: String] = [:], marker: String, answer: String = "") throws
        -> (painted: Double, exited: Double) {
        let result = try run(arguments, environment: environment, terminal: true, until: (marker, answer))
        guard let painted = result.marker else {
            throw Failure(description: "\(arguments.joined(separator: " ")) 未显示“\(marker)”")
        }
        return (painted, result.wall)
    }

    private static func run(_ arguments: [String], environment: [String: String], terminal: Bool, until marker: (String, String)?)
        throws -> (wall: Double, cpu: Double, marker: Double?) {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        var envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pty: PseudoTerminal?
        if terminal {
            let opened = try PseudoTerminal(cols: 80, rows: 24, marker: marker?.0, answer: marker?.1 ?? "")
            for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_adddup2(&actions, opened.child, fd) }
            pty = opened
        } else {
            // Output is not what is measured: it goes nowhere, as fast as it can.
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = arguments[0].contains("/")
            ? posix_spawn(&pid, arguments[0], &actions, nil, &argv, &envp)
            : posix_spawnp(&pid, arguments[0], &actions, nil, &argv, &envp)
        pty?.parentDone()
        guard spawned == 0 else {
            _ = pty?.finish()
            throw Failure(description: "无法启动 \(arguments[0])：\(String(cString: strerror(spawned)))")
        }
        // Cancelled once the child is reaped: its process ID may then belong to someone else.
        let timeout = DispatchWorkItem { [pid] in _ = kill(pid, SIGTERM) }
        if marker != nil { DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: timeout) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        timeout.cancel()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3
        let output = pty?.finish() ?? ""
        guard status == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) 退出状态 \(status)\(output.isEmpty ? "" : "：\(output.suffix(300))")")
        }
        return (elapsed, cpu, pty?.markerSeen.map { Double($0 - start) / 1e6 })
    }

    /// Whether `name` is an executable on `$PATH`.
    static func onPath(_ name: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
        }
    }
}

/// A pseudo-terminal of a given size; what the child writes is read (and kept, the last few kilobytes) by a thread
/// so the child never blocks on a full buffer. The thread notes when a marker first arrives.
final class PseudoTerminal: @unchecked Sendable {
    let parent: Int32
    let child: Int32
    private var output: [UInt8] = []
    private let done = DispatchSemaphore(value: 0)
    private let marker: [UInt8]
    /// Typed once the marker has come.
    private let answer: [UInt8]
    /// When the marker arrived (`DispatchTime` uptime nanoseconds): written by the reader thread, read once the
    /// child has gone (`finish`).
    private(set) var markerSeen: UInt64?

    init(cols: Int, rows: Int, marker: String? = nil, answer: String = "") throws {
        self.marker = marker.map { Array($0.utf8) } ?? []
        self.answer = Array(answer.utf8)
        // posix_openpt and friends are not in Swift's Glibc module: the Linux ioctls they wrap (TIOCSPTLCK to unlock,
        // TIOCGPTN for the number of the child side under /dev/pts).
        parent = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard parent >= 0, ioctl(parent, 0x4004_5431, &unlock) == 0, ioctl(parent, 0x8004_5430, &number) == 0 else {
            throw Spawn.Failure(description: "无法建立伪终端")
        }
        child = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard child >= 0 else { throw Spawn.Failure(description: "无法打开伪终端 /dev/pts/\(number)") }
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(cols), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(parent, UInt(TIOCSWINSZ), &size)
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4_096)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(parent, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }  // EIO: every child side is closed
                let searchFrom = max(0, output.count - self.marker.count)
                output += buffer[0..<n]
                if markerSeen == nil, !self.marker.isEmpty, output[searchFrom...].firstRange(of: self.marker) != nil {
                    markerSeen = DispatchTime.now().uptimeNanoseconds
                    if !self.answer.isEmpty { _ = self.answer.withUnsafeBytes { write(parent, $0.baseAddress, $0.count) } }
                }
                if output.count > 16_384 { output.removeFirst(output.count - 8_192) }
            }
            done.signal()
        }
        thread.start()
    }

    /// The spawned child has its copies: the parent's child side is closed, so the reader ends with the child.
    func parentDone() { close(child) }

    /// What the child wrote, once it has gone.
    func finish() -> String {
        done.wait()
        close(parent)
        return String(decoding: output, as: UTF8.self)
    }
}

