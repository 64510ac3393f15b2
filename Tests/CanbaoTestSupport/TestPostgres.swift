import Foundation

/// The PostgreSQL server the tests use: `$CANBAO_TEST_DATABASE_URL` (CI starts a throwaway cluster with
/// `scripts/test-postgres.sh` and sets it), else a throwaway cluster this test process starts itself with the same
/// script and stops when it exits. Without PostgreSQL on the machine the PostgreSQL cases are left out with a
/// reason — except under `CI=true`, where they must run and fail instead.
public enum TestPostgres {
    public struct Server: Sendable {
        /// `postgres://canbao@127.0.0.1:PORT/postgres`: the maintenance database, where test databases are made.
        public let url: String
        /// The cluster's directory and binaries when this process (or the CI script) started it: the fault tests
        /// restart the server through them.
        public let dataDirectory: String?
        public let binDirectory: String?

        /// `postgres://canbao@127.0.0.1:PORT/NAME`.
        public func url(database: String) -> String {
            String(url[..<url.lastIndex(of: "/")!]) + "/" + database
        }

        var port: String {
            let afterColon = url[url.index(after: url.lastIndex(of: ":")!)...]
            return String(afterColon.prefix { $0.isNumber })
        }
    }

    /// The server, or why there is none.
    public static let server: Result<Server, Unavailable> = resolve()

    public struct Unavailable: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Whether the PostgreSQL cases run (under CI they always do, and fail when there is no server).
    public static var runs: Bool {
        if case .success = server { return true }
        return isCI
    }

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// A new, empty database on the server, named after `label`, and its URL.
    public static func newDatabase(_ label: String = "t") throws -> String {
        let server = try server.get()
        let safe = label.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(20)
        let name = "canbao_\(safe)_\(UUID().uuidString.prefix(8).lowercased())"
        try psql(server.url, "CREATE DATABASE \(name)")
        return server.url(database: name)
    }

    /// Runs one SQL command with psql (the test's own access to the server, beside canbao's).
    @discardableResult
    public static func psql(_ url: String, _ sql: String) throws -> String {
        let result = try run("/usr/bin/env", ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", url, "-c", sql])
        guard result.status == 0 else {
            throw Unavailable(description: "psql \(sql): \(result.output)")
        }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Restarts the server (fault tests), waiting until it accepts connections again. `stopped` runs while it is down.
    public static func restart(mode: String = "fast", whileStopped stopped: () throws -> Void = {}) throws {
        let server = try server.get()
        guard let data = server.dataDirectory, let bin = server.binDirectory else {
            throw Unavailable(description: "the server was not started by the tests (no CANBAO_TEST_PGDATA): cannot restart it")
        }
        try ownerRun("'\(bin)/pg_ctl' -D '\(data)/data' -m \(mode) -w stop")
        try stopped()
        try ownerRun("'\(bin)/pg_ctl' -D '\(data)/data' -l '\(data)/server.log' -w -t 60 start")
    }

    // MARK: - Finding or starting the server

    private static func resolve() -> Result<Server, Unavailable> {
        let env = ProcessInfo.processInfo.environment
        if let url = env["CANBAO_TEST_DATABASE_URL"], !url.isEmpty {
            return .success(Server(url: url, dataDirectory: env["CANBAO_TEST_PGDATA"], binDirectory: env["CANBAO_TEST_PGBIN"]))
        }
        let script = CanbaoBinary.repositoryRoot.appendingPathComponent("scripts/test-postgres.sh").path
        // The watchdog removes the cluster when this process is gone, however it ends.
        let watched = String(ProcessInfo.processInfo.processIdentifier)
        guard let started = try? run("/bin/bash", [script, "start", "--watch", watched]), started.status == 0 else {
            return .failure(Unavailable(description: "PostgreSQL 不可用（未设置 CANBAO_TEST_DATABASE_URL，且无法启动临时集群：未安装 "
                + "postgresql？运行 scripts/setup.sh），跳过 PostgreSQL 用例"))
        }
        var values: [String: String] = [:]
        for line in started.output.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { values[String(pair[0])] = String(pair[1]) }
        }
        guard let url = values["CANBAO_TEST_DATABASE_URL"], let data = values["CANBAO_TEST_PGDATA"] else {
            return .failure(Unavailable(description: "scripts/test-postgres.sh start printed no URL: \(started.output)"))
        }
        stopAtExit(script: script, directory: data)
        return .success(Server(url: url, dataDirectory: data, binDirectory: values["CANBAO_TEST_PGBIN"]))
    }

    private nonisolated(unsafe) static var stopCommand: (String, String)?

    /// Stopped at a normal exit at once (the watchdog would take a few seconds).
    private static func stopAtExit(script: String, directory: String) {
        stopCommand = (script, directory)
        atexit {
            guard let (script, directory) = TestPostgres.stopCommand else { return }
            _ = try? TestPostgres.run("/bin/bash", [script, "stop", directory])
        }
    }

    private static func ownerRun(_ command: String) throws {
        let result = getuid() == 0
            ? try run("/bin/su", ["postgres", "-s", "/bin/sh", "-c", command])
            : try run("/bin/sh", ["-c", command])
        guard result.status == 0 else { throw Unavailable(description: "\(command): \(result.output)") }
    }

    struct Output {
        var status: Int32
        var output: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
