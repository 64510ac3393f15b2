import CanbaoDesk
import CanbaoTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct TmuxError: Error, CustomStringConvertible {
    let description: String
}

/// A real terminal for the real binary: one private tmux server per test (`tmux -L canbao-<uuid>`), a detached
/// session `t` of a fixed size running one command. Keys go in with `send-keys`, the screen comes out with
/// `capture-pane -p`. Always `kill()` it (use `defer`).
///
/// The server is started with `posix_spawnp` and an empty signal mask, not Foundation's `Process`: `Process`
/// waits for the daemonised server, and the test runner's blocked signals would be inherited by the server
/// (which then ignores `kill-server`) and by the program under test.
final class Tmux {
    /// What the pane shows: one string per row, trailing spaces trimmed; a wide character is one `Character`
    /// with no padding, so use `column(of:in:)` for positions.
    struct Screen: CustomStringConvertible {
        /// The visible rows.
        let lines: [String]
        /// Lines scrolled off the top (tmux scrolls one line to write "Pane is dead" under a finished program).
        var history: [String] = []
        /// The pane's width.
        var cols = 80
        var text: String { lines.joined(separator: "\n") }
        var description: String {
            history.map { "  |" + $0 }.joined(separator: "\n") + (history.isEmpty ? "" : "\n")
                + lines.enumerated().map { String(format: "%2d|", $0.offset) + $0.element }.joined(separator: "\n")
        }

        func line(_ row: Int) -> String { row < lines.count ? lines[row] : "" }
        /// Whether `s` is on the screen or in the lines scrolled off it.
        func contains(_ s: String) -> Bool { (history + lines).joined(separator: "\n").contains(s) }
    }

    let socket: String
    /// The pane's height, to tell visible rows from history in a capture.
    private(set) var rows: Int
    private(set) var cols: Int
    private let configuration: URL
    /// The server's socket file, which kill-server leaves behind.
    private var socketPath: String?
    private(set) var lastScreen = Screen(lines: [])
    private var isKilled = false

    /// Starts `canbao ARGUMENTS` at `cols`x`rows` under LANG=C.UTF-8 and TERM=xterm-256color. `environment` adds
    /// variables (CANBAO_HOME, CANBAO_FORMS, NO_COLOR, or TERM to override); `unset` removes some.
    convenience init(_ arguments: [String], cols: Int = 80, rows: Int = 24, environment: [String: String] = [:],
                     unset: [String] = [], executable: URL = CanbaoBinary.url) throws {
        try self.init(command: Tmux.command(arguments, environment: environment, unset: unset, executable: executable),
                      cols: cols, rows: rows)
    }

    /// Starts a shell command line (run by `sh -c`) at `cols`x`rows`. Build it with `Tmux.command` and `quote`.
    init(command: String, cols: Int = 80, rows: Int = 24) throws {
        socket = "canbao-\(UUID().uuidString.lowercased())"
        self.rows = rows
        self.cols = cols
        configuration = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).conf")
        // The pane stays after its program exits, so a test can read what it printed and how it ended.
        try "set -g remain-on-exit on\nset -g status off\nset -g history-limit 100\n"
            .write(to: configuration, atomically: true, encoding: .utf8)
        try Tmux.spawnServer(["-u", "-L", socket, "-f", configuration.path,
                              "new-session", "-d", "-s", "t", "-x", "\(cols)", "-y", "\(rows)", command])
        socketPath = try? value("#{socket_path}")
    }

    deinit { kill() }

    // MARK: Commands

    /// `env -i HOME=… PATH=… LANG=C.UTF-8 TERM=xterm-256color … BINARY ARGS`, quoted for `sh -c`. The program
    /// gets only these variables: nothing leaks from the test runner (`swift test` sets NO_COLOR, a developer's
    /// shell may set CANBAO_HOME).
    static func command(_ arguments: [String], environment: [String: String] = [:], unset: [String] = [],
                        executable: URL = CanbaoBinary.url) -> String {
        (["env", "-i"] + assignments(environment, unset: unset) + [quote(executable.path)] + arguments.map(quote))
            .joined(separator: " ")
    }

    /// `sh -c SCRIPT` under the same clean environment; `{canbao}` in the script stands for the binary's path,
    /// `{canbao-bench}` for the benchmarks' (which has the terminal demo).
    /// Wrap the program this way to read its exit status (`echo 退出码=$?`): tmux's `pane_dead_status` is empty
    /// when a program exits within milliseconds.
    static func shell(_ script: String, environment: [String: String] = [:], unset: [String] = []) -> String {
        let script = script.replacingOccurrences(of: "{canbao-bench}", with: quote(CanbaoBinary.benchURL.path))
            .replacingOccurrences(of: "{canbao}", with: quote(CanbaoBinary.url.path))
        return (["env", "-i"] + assignments(environment, unset: unset) + ["sh", "-c", quote(script)]).joined(separator: " ")
    }

    private static func assignments(_ environment: [String: String], unset: [String]) -> [String] {
        let inherited = ProcessInfo.processInfo.environment
        var env: [String: String] = [
            "LANG": "C.UTF-8", "TERM": "xterm-256color",
            "HOME": inherited["HOME"] ?? "/tmp", "PATH": inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
        ]
        for (k, v) in environment { env[k] = v }
        for k in unset { env.removeValue(forKey: k) }
        return env.sorted { $0.key < $1.key }.map { quote("\($0.key)=\($0.value)") }
    }

    /// Single-quotes `s` for sh.
    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Sends tmux key names: `F2`, `Enter`, `Escape`, `BSpace`, `Up`, `C-c`, `BTab`, `PPage`…
    func sendKeys(_ keys: String...) throws {
        try run(["send-keys", "-t", "t"] + keys)
    }

    /// Types `text` literally (`send-keys -l`): all of it arrives at once, like a paste.
    func type(_ text: String) throws {
        try run(["send-keys", "-t", "t", "-l", "--", text])
    }

    func resize(cols: Int, rows: Int) throws {
        try run(["resize-window", "-t", "t", "-x", "\(cols)", "-y", "\(rows)"])
        self.rows = rows
        self.cols = cols
    }

    /// The pane as plain text now, with the lines scrolled off the top.
    func capture() throws -> Screen {
        let out = try run(["capture-pane", "-p", "-S", "-", "-t", "t"])
        var lines = out.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        let visible = min(rows, lines.count)
        lastScreen = Screen(lines: Array(lines.suffix(visible)), history: Array(lines.dropLast(visible)), cols: cols)
        return lastScreen
    }

    /// One row with its SGR escape sequences (`capture-pane -e`), to check attributes and colours.
    func captureStyled(row: Int) throws -> String {
        try run(["capture-pane", "-p", "-e", "-t", "t", "-S", "\(row)", "-E", "\(row)"])
            .trimmingCharacters(in: .newlines)
    }

    /// A tmux format about the pane: `#{alternate_on}`, `#{pane_dead}`, `#{pane_dead_status}`, `#{pane_pid}`.
    func value(_ format: String) throws -> String {
        try run(["display-message", "-p", "-t", "t", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the pane (every `interval`) until `text` appears; fails with the last screen after `timeout`.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(10), interval: Duration = .milliseconds(50)) throws -> Screen {
        try waitUntil("「\(text)」", timeout: timeout, interval: interval) { $0.contains(text) }
    }

    /// Polls the pane until `row` reads exactly `text`.
    @discardableResult
    func waitFor(row: Int, toBe text: String, timeout: Duration = .seconds(10)) throws -> Screen {
        try waitUntil("第 \(row) 行为「\(text)」", timeout: timeout) { $0.line(row) == text }
    }

    @discardableResult
    func waitUntil(_ what: String, timeout: Duration = .seconds(10), interval: Duration = .milliseconds(50),
                   _ condition: (Screen) -> Bool) throws -> Screen {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let screen = try capture()
            if condition(screen) { return screen }
            if clock.now >= deadline {
                throw TmuxError(description: "\(timeout) 内未出现 \(what)；最后的画面：\n\(screen)")
            }
            Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) / 1e18)
        }
    }

    /// The program's process: the child of the pane's process when the pane runs a shell, else the pane's own.
    func programPID(named name: String = "canbao") throws -> pid_t {
        guard let pane = pid_t(try value("#{pane_pid}")) else { throw TmuxError(description: "no pane pid") }
        var candidates = [pane]
        var seen = Set<pid_t>()
        while let pid = candidates.first {
            candidates.removeFirst()
            guard seen.insert(pid).inserted else { continue }
            if let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
               comm.trimmingCharacters(in: .whitespacesAndNewlines) == name {
                return pid
            }
            candidates += Tmux.children(of: pid)
        }
        throw TmuxError(description: "no \(name) process under pane \(pane)")
    }

    /// Stops the server (and with it the pane's processes). Idempotent.
    func kill() {
        guard !isKilled else { return }
        isKilled = true
        _ = try? run(["kill-server"])
        try? FileManager.default.removeItem(at: configuration)
        if let socketPath, !socketPath.isEmpty { try? FileManager.default.removeItem(atPath: socketPath) }
    }

    // MARK: Display columns

    /// The display column where `needle` starts in a captured `line` (wide characters count 2), or nil.
    static func column(of needle: String, in line: String) -> Int? {
        guard let range = line.range(of: needle) else { return nil }
        return DisplayWidth.of(String(line[..<range.lowerBound]))
    }

    /// Display columns of a captured line.
    static func columns(_ line: String) -> Int { DisplayWidth.of(line) }

    // MARK: Processes

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = try Tmux.executable()
        process.arguments = ["-u", "-L", socket] + arguments
        process.environment = Tmux.environment()
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TmuxError(description: "tmux \(arguments.first ?? ""): \(String(decoding: errors, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func executable() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(dir)/tmux"
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        throw TmuxError(description: "tmux not found (apt-get install tmux)")
    }

    /// The test's environment under a UTF-8 locale, without the variables of a tmux the tests may run inside.
    private static func environment() -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = "C.UTF-8"
        env.removeValue(forKey: "TMUX")
        env.removeValue(forKey: "TMUX_PANE")
        return env
    }

    /// Runs the tmux client that starts the server: posix_spawnp with an empty signal mask and default signal
    /// actions, stdin from /dev/null, output to a file; then waitpid for the client (the server daemonises).
    private static func spawnServer(_ arguments: [String]) throws {
        let tmux = try executable().path
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-start-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in 1..<32 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&defaults, Int32(signal)) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv = ([tmux] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment().map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }

        var pid = pid_t()
        let spawned = posix_spawnp(&pid, tmux, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw TmuxError(description: "posix_spawnp tmux: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7F) == 0
        let code = (status >> 8) & 0xFF
        guard exited && code == 0 else {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw TmuxError(description: "tmux new-session failed (status \(status)): \(output)")
        }
    }

    /// Direct children of `pid`, from /proc.
    private static func children(of pid: pid_t) -> [pid_t] {
        if let list = try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8) {
            return list.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).filter { candidate in
            guard let stat = try? String(contentsOfFile: "/proc/\(candidate)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == pid
        }
    }
}

/// Attributes and colours of each run of a line captured with `capture-pane -e` (tmux's SGR output).
struct StyledRun: Equatable {
    /// SGR attribute numbers in force: 1 bold, 2 dim, 4 underline, 7 reverse…
    var attributes: Set<Int>
    var hasColour: Bool
    var text: String

    static func parse(_ line: String) -> [StyledRun] {
        var runs: [StyledRun] = []
        var attributes = Set<Int>()
        var foreground = false, background = false
        var text = ""
        var scalars = Array(line.unicodeScalars)[...]
        func flush() {
            if !text.isEmpty { runs.append(StyledRun(attributes: attributes, hasColour: foreground || background, text: text)) }
            text = ""
        }
        while let s = scalars.first {
            scalars = scalars.dropFirst()
            guard s == "\u{1B}", scalars.first == "[" else {
                text.unicodeScalars.append(s)
                continue
            }
            scalars = scalars.dropFirst()
            var parameters = ""
            while let p = scalars.first, p != "m" {
                parameters.unicodeScalars.append(p)
                scalars = scalars.dropFirst()
            }
            scalars = scalars.dropFirst()
            flush()
            var codes = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }[...]
            while let code = codes.first {
                codes = codes.dropFirst()
                switch code {
                case 0: attributes = []; foreground = false; background = false
                case 1...9: attributes.insert(code)
                case 22: attributes.subtract([1, 2])
                case 23...29: attributes.remove(code - 20)
                case 30...37, 90...97: foreground = true
                case 39: foreground = false
                case 40...47, 100...107: background = true
                case 49: background = false
                case 38, 48:
                    if code == 38 { foreground = true } else { background = true }
                    let mode = codes.first
                    codes = codes.dropFirst(mode == 5 ? 2 : mode == 2 ? 4 : 1)
                default: break
                }
            }
        }
        flush()
        return runs
    }
}
