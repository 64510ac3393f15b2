import CanbaoTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Several `canbao` processes on one store, and one killed mid-registration: what the counter hall does to it.
@Suite("Store under several processes", .serialized)
struct StoreProcessTests {
    /// A `canbao-bench load-test` child whose stdout goes to a file, so it can be read while the child runs.
    final class LoadTest {
        let process = Process()
        let output: URL

        init(home: URL, prefix: String, count: Int, database: String? = nil, extra: [String] = []) throws {
            output = home.deletingLastPathComponent().appendingPathComponent("out-\(prefix)-\(UUID().uuidString).txt")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            process.executableURL = CanbaoBinary.benchURL
            process.arguments = ["load-test", "--count", String(count), "--prefix", prefix] + extra
            var environment = ProcessInfo.processInfo.environment
            environment["CANBAO_HOME"] = home.path
            environment["CANBAO_DATABASE_URL"] = database
            environment["LANG"] = "C.UTF-8"
            process.environment = environment
            // One open file for both: two would each write from offset 0, and an error on stderr would overwrite the
            // first lines of stdout instead of following the last (a child that failed showed no reason, only a
            // "registered" line short).
            let log = try FileHandle(forWritingTo: output)
            process.standardOutput = log
            process.standardError = log
            process.standardInput = FileHandle.nullDevice
        }

        func start() throws { try process.run() }

        /// Complete lines only: a line cut by the kill is not a promise.
        var committed: [String] { lines("registered ") }

        /// The complete lines that begin with `prefix`.
        func lines(_ prefix: String) -> [String] {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.removeLast()
            return lines.filter { $0.hasPrefix(prefix) }
        }

        var log: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
    }

    private func canbao(_ arguments: [String], home: URL, database: String? = nil) throws -> CanbaoBinary.Result {
        var environment = ["CANBAO_HOME": home.path]
        environment["CANBAO_DATABASE_URL"] = database
        return try CanbaoBinary.run(arguments, environment: environment)
    }

    private func bench(_ arguments: [String], home: URL, database: String? = nil) throws -> CanbaoBinary.Result {
        var environment = ["CANBAO_HOME": home.path]
        environment["CANBAO_DATABASE_URL"] = database
        return try CanbaoBinary.run(arguments, environment: environment, executable: CanbaoBinary.benchURL)
    }

    /// Case numbers begin with the business year (Asia/Shanghai).
    static var businessYear: Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return calendar.component(.year, from: Date())
    }

    /// `processes` × 500 registrations, all starting at once on a store that does not exist yet (SQLite) or on a new
    /// database (PostgreSQL): every case registered once, every case number given once, the chain intact.
    func register(processes: Int, database: String?, label: String) throws {
        let home = try CanbaoBinary.temporaryDirectory(label).appendingPathComponent("home")
        let prefixes = (1...processes).map { "p\($0)" }
        let children = try prefixes.map { try LoadTest(home: home, prefix: $0, count: 500, database: database) }
        for child in children { try child.start() }
        for child in children { child.process.waitUntilExit() }

        var numbers: [String] = []
        for (prefix, child) in zip(prefixes, children) {
            #expect(child.process.terminationStatus == 0, "\(prefix): \(child.log.suffix(500))")
            let lines = child.committed
            #expect(lines.count == 500)
            #expect(!child.log.contains("locked"), "no \"database is locked\" may reach the user")
            let documents = Set(lines.map { $0.split(separator: " ")[2] })
            #expect(documents.count == 500)
            #expect(documents.allSatisfy { $0.hasPrefix(prefix.uppercased()) })
            numbers += lines.map { String($0.split(separator: " ")[1]) }
        }
        let total = processes * 500
        #expect(numbers.count == total)
        #expect(Set(numbers) == Set((1...total).map { String(format: "\(Self.businessYear)-%06d", $0) }),
                "every case number is given once, none skipped")
        for prefix in prefixes {
            let check = try bench(["load-test", "--check", "--count", "500", "--prefix", prefix], home: home,
                                  database: database)
            #expect(check.status == 0, "\(check.stderr)")
            #expect(check.stdout == "ok 500\n")
        }
        let verify = try canbao(["store", "verify"], home: home, database: database)
        #expect(verify.status == 0, "\(verify.stdout)")
        // Per process: its operator, then 7 audited steps per case.
        #expect(verify.stdout.contains("审计日志：\(processes + total * 7) 条，全部以密钥签名\n"), "\(verify.stdout)")
        #expect(verify.stdout.contains("人员 \(total)，参保记录 \(2 * total)，办件 \(total)（已登记 \(total)），操作员 \(processes)\n"))
    }

    @Test func fourProcessesRegisterTwoThousandCases() throws {
        try register(processes: 4, database: nil, label: "cli-concurrent")
    }

    /// The agency's database: eight counters at once.
    @Test(.enabled(if: TestPostgres.runs, "PostgreSQL 不可用"))
    func eightProcessesRegisterFourThousandCasesOnPostgreSQL() throws {
        try register(processes: 8, database: try TestPostgres.newDatabase("load"), label: "cli-concurrent-pg")
    }

    /// Clerks register and raise exceptions while a supervisor approves them as they arrive: every request is decided
    /// once, every registration kept, the chain intact.
    func registerWhileApproving(clerks: Int, database: String?, label: String) throws {
        let home = try CanbaoBinary.temporaryDirectory(label).appendingPathComponent("home")
        let perClerk = 500, requests = 50
        let prefixes = (1...clerks).map { "a\($0)" }
        let children = try prefixes.map {
            try LoadTest(home: home, prefix: $0, count: perClerk, database: database, extra: ["--requests", String(requests)])
        }
        let supervisor = try LoadTest(home: home, prefix: "s1", count: clerks * requests, database: database,
                                      extra: ["--supervise"])
        try supervisor.start()
        for child in children { try child.start() }
        for child in children + [supervisor] { child.process.waitUntilExit() }

        var requested: [String] = []
        for (prefix, child) in zip(prefixes, children) {
            #expect(child.process.terminationStatus == 0, "\(prefix): \(child.log.suffix(500))")
            #expect(child.committed.count == perClerk)
            requested += child.lines("requested ").map { String($0.split(separator: " ")[1]) }
        }
        #expect(supervisor.process.terminationStatus == 0, "\(supervisor.log.suffix(500))")
        let approved = supervisor.lines("approved ").map { String($0.split(separator: " ")[1]) }
        #expect(requested.count == clerks * requests)
        #expect(approved.count == requested.count)
        #expect(Set(approved) == Set(requested), "every request decided once")
        for prefix in prefixes {
            let check = try bench(["load-test", "--check", "--count", String(perClerk), "--requests", String(requests),
                                   "--prefix", prefix], home: home, database: database)
            #expect(check.status == 0, "\(check.stderr)")
            #expect(check.stdout == "ok \(perClerk)\n")
        }
        let verify = try canbao(["store", "verify"], home: home, database: database)
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(verify.stdout.hasSuffix("结论：完整，未发现问题\n"), "\(verify.stdout)")
    }

    @Test func aSupervisorApprovesWhileFourClerksRegister() throws {
        try registerWhileApproving(clerks: 4, database: nil, label: "cli-approving")
    }

    @Test(.enabled(if: TestPostgres.runs, "PostgreSQL 不可用"))
    func aSupervisorApprovesWhileEightClerksRegisterOnPostgreSQL() throws {
        try registerWhileApproving(clerks: 8, database: try TestPostgres.newDatabase("approving"), label: "cli-approving-pg")
    }

    /// A child killed with SIGKILL at a random point; the store must open, verify, and hold every case the child
    /// reported as committed. Three rounds on the same store.
    @Test func killedWhileRegisteringLosesNothingCommitted() throws {
        try killedWhileRegistering(database: nil, label: "cli-crash")
    }

    /// The same with the agency's database: the server rolls back what the killed client left open.
    @Test(.enabled(if: TestPostgres.runs, "PostgreSQL 不可用"))
    func killedWhileRegisteringOnPostgreSQLLosesNothingCommitted() throws {
        try killedWhileRegistering(database: try TestPostgres.newDatabase("crash"), label: "cli-crash-pg")
    }

    func killedWhileRegistering(database: String?, label: String) throws {
        let home = try CanbaoBinary.temporaryDirectory(label).appendingPathComponent("home")
        var generator = SystemRandomNumberGenerator()
        var total = 0
        for round in 1...3 {
            let prefix = "c\(round)"
            let child = try LoadTest(home: home, prefix: prefix, count: 100_000, database: database)
            try child.start()
            let target = Int.random(in: 5...80, using: &generator)
            let deadline = Date().addingTimeInterval(60)
            while child.committed.count < target, Date() < deadline, child.process.isRunning {
                usleep(2_000)
            }
            // Land somewhere inside the next registration's transactions.
            usleep(UInt32.random(in: 0...4_000, using: &generator))
            kill(child.process.processIdentifier, SIGKILL)
            child.process.waitUntilExit()
            #expect(child.process.terminationReason == .uncaughtSignal)
            #expect(child.process.terminationStatus == SIGKILL)

            let committed = child.committed
            #expect(committed.count >= target, "round \(round): \(child.log.suffix(300))")
            let verify = try canbao(["store", "verify"], home: home, database: database)
            #expect(verify.status == 0, "round \(round) after kill at \(committed.count): \(verify.stdout)")
            if database == nil { #expect(verify.stdout.contains("文件完整性：正常；外键：正常\n")) }
            let check = try bench(["load-test", "--check", "--count", String(committed.count),
                                    "--prefix", prefix], home: home, database: database)
            #expect(check.status == 0, "round \(round): \(check.stderr)")
            #expect(check.stdout == "ok \(committed.count)\n")
            total += committed.count
        }
        let verify = try canbao(["store", "verify"], home: home, database: database)
        #expect(verify.status == 0)
        #expect(verify.stdout.hasSuffix("结论：完整，未发现问题\n"))
        // A killed round may have committed one registration it had no time to print.
        let registered = verify.stdout.split(separator: "\n").first { $0.hasPrefix("人员 ") }
            .flatMap { line in line.range(of: "已登记 ").map { Int(line[$0.upperBound...].prefix { $0.isNumber }) } }
        let count = try #require(registered ?? nil)
        #expect((total...(total + 3)).contains(count))
    }
}
