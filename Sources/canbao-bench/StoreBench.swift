import ArgumentParser
import CanbaoApp
import CanbaoDesk
import CanbaoRules
import CanbaoStore
import Foundation

extension CanbaoBench {
    /// `canbao-bench store`: how the store holds up at a city's size. Not a test: it prints figures and whether each
    /// target is met.
    struct StoreBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store",
            abstract: "在临时数据库中填入大量人员和参保记录，测查询延迟、持久登记速度、文件大小和峰值内存")

        @Option(help: "人员数") var persons: Int = 1_000_000
        @Option(help: "参保记录数") var records: Int = 2_000_000
        @Option(help: "每种并发数下计时的登记次数") var registrations: Int = 2_000
        @Option(help: "计时的查询次数") var lookups: Int = 10_000
        @Option(help: "并发登记的客户端数（逗号分隔，每个客户端一个连接）") var clients: String = "1,4,8"
        @Option(help: "PostgreSQL 空数据库（postgres://用户@主机:端口/库）：以同样参数再测一遍，与 SQLite 并列")
        var database: String?
        @Option(help: "PostgreSQL 上批量填充时每个事务的人数") var batch: Int = 50_000
        @Option(help: "放数据库的目录（默认新建临时目录，结束后删除）") var dir: String?
        @Flag(help: "保留数据库") var keep = false
        @Flag(help: "测完校验审计链（store verify）") var verify = false

        static let lookupTargetMs = 0.2
        static let registrationTarget = 1_000.0
        static let memoryTargetMB = 60.0

        var clientCounts: [Int] { clients.split(separator: ",").compactMap { Int($0.trimmed(.whitespaces)) } }

        func validate() throws {
            guard persons > 0, records >= 0, registrations >= 0, lookups > 0, batch > 0 else {
                throw ValidationError("数量必须为正数")
            }
            let counts = clientCounts
            guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 && $0 <= 64 }),
                  counts.count == clients.split(separator: ",").count else {
                throw ValidationError("--clients 须为 1 到 64 之间的整数，逗号分隔（如 1,4,8）")
            }
            guard (registrations + (counts.max() ?? 0)) * counts.count <= persons else {
                throw ValidationError("--registrations 加最大客户端数，乘以并发档数，不能多于 --persons")
            }
        }

        func run() throws {
            try AdminCLI.run {
                let home = try ScaleBench.home(dir, keep: keep)
                defer { if !keep { try? FileManager.default.removeItem(at: home) } }
                var figures: [EngineFigures] = []
                let sqlite = try measure(engine: "SQLite") { try Home.open(home) }
                figures.append(sqlite)
                if let database {
                    figures.append(try measure(engine: "PostgreSQL") { try Home.open(home, database: database) })
                }
                print("")
                print(EngineFigures.table(figures, persons: persons, records: records))
                let peak = Self.peakResidentMB()
                print(String(format: "进程峰值内存（VmHWM）：%.1f MB，目标 ≤ %.0f MB：%@", peak, Self.memoryTargetMB,
                             peak <= Self.memoryTargetMB ? "达标" : "未达标"))
            }
        }

        /// Fills one engine's store, then times lookups and registrations by 1, 4 and 8 clients on it.
        private func measure(engine: String, open: () throws -> CounterStore) throws -> EngineFigures {
            let store = try open()
            defer { store.backend.close() }
            print("\(engine)：\(store.path)")
            var figures = EngineFigures(engine: engine)
            figures.fillSeconds = try Self.fill(store, persons: persons, records: records,
                                                batch: store.backend.dialect == .postgres ? batch : nil)
            (figures.lookupMedian, figures.lookupP99) = try measureLookups(store)
            var next = 0
            for count in clientCounts {
                let rate = try measureRegistrations(store, clients: count, from: next, open: open)
                next += registrations + count
                figures.registrations.append((count, rate))
                print(String(format: "  %d 个客户端并发持久登记：%.0f 次/秒（%d 次，每次一个事务）", count, rate, registrations))
            }
            if engine == "SQLite" {
                let size = store.fileSize()
                print(String(format: "  数据库文件：%.1f MB（WAL %.1f MB）", Double(size.database) / 1e6, Double(size.wal) / 1e6))
            }
            if verify {
                let start = Date()
                let report = try store.verify()
                print(String(format: "  审计链校验：%@（%.1f 秒）", report.isOK ? "完好" : "有问题", Date().timeIntervalSince(start)))
                guard report.isOK else { throw ValidationError("\(engine) 的审计链校验未通过") }
            }
            return figures
        }

        /// Loads the generated persons: on SQLite in one transaction; with `batch`, in transactions of that many persons
        /// (each sealed into the audit chain as any import is). Returns the seconds it took.
        @discardableResult
        static func fill(_ store: CounterStore, persons: Int, records: Int, batch: Int? = nil) throws -> Double {
            let perPerson = records / persons, extra = records % persons
            func generated(_ range: Range<Int>) -> some Sequence<InterchangePerson> {
                range.lazy.map { index in
                    InterchangePerson(person: Self.person(index),
                                      records: (0..<(perPerson + (index < extra ? 1 : 0))).map { Self.record($0) })
                }
            }
            let start = Date()
            var summary = ImportSummary()
            if let batch {
                // The bulk path: many rows per statement, `batch` persons per transaction, each sealed.
                for lower in stride(from: 0, to: persons, by: batch) {
                    let part = try store.loadNew(Array(generated(lower..<min(persons, lower + batch))),
                                                 by: Home.commandLineActor, detail: ["source": "bench"])
                    summary.personsInserted += part.personsInserted
                    summary.recordsInserted += part.recordsInserted
                }
            } else {
                summary = try store.load(generated(0..<persons), by: Home.commandLineActor, detail: ["source": "bench"])
            }
            let loaded = Date().timeIntervalSince(start)
            let checkpointStart = Date()
            try store.checkpoint()
            let checkpoint = Date().timeIntervalSince(checkpointStart)
            print(String(format: "  填充：%d 人、%d 条参保记录，%d 个事务 %.1f 秒（%.0f 行/秒），检查点 %.1f 秒",
                         summary.personsInserted, summary.recordsInserted, (persons + (batch ?? persons) - 1) / (batch ?? persons),
                         loaded, Double(summary.personsInserted + summary.recordsInserted) / loaded, checkpoint))
            return loaded
        }

        private func measureLookups(_ store: CounterStore) throws -> (median: Double, p99: Double) {
            var random = SplitMix(seed: 2026)
            var samples: [Double] = []
            samples.reserveCapacity(lookups)
            for _ in 0..<lookups {
                let index = Int(random.next() % UInt64(persons))
                let document = IdentityDocument(kind: .residentID, number: Self.idNumber(index))
                let begin = DispatchTime.now().uptimeNanoseconds
                let found = try store.person(byDocument: document)
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e6)
                guard found?.name == Self.name(index) else {
                    throw ValidationError("查询结果不符：\(document.number)")
                }
            }
            samples.sort()
            let median = samples[samples.count / 2], p99 = samples[min(samples.count - 1, samples.count * 99 / 100)]
            print(String(format: "  按证件号查人：中位数 %.4f ms，p99 %.4f ms（%d 次），目标中位数 ≤ %.1f ms：%@", median, p99,
                         lookups, Self.lookupTargetMs, median <= Self.lookupTargetMs ? "达标" : "未达标"))
            return (median, p99)
        }

        /// Registrations per second by `clients` clients at once, each with its own store (its own connections, as
        /// another counter would have), each registration one durable transaction of the store's use case. The
        /// cases are prepared untimed, for the persons from the `first`-th sample on.
        ///
        /// Each client's first registration is timed apart, before the others: a process's first write that relies on
        /// a bulk load's rows checks that load's audit entry once (`SignedEntries`: counting its million digests), a
        /// cost each counter's process pays once a day, not per registration.
        private func measureRegistrations(_ store: CounterStore, clients: Int, from first: Int,
                                          open: () throws -> CounterStore) throws -> Double {
            guard registrations > 0 else { return 0 }
            let clerk = try store.operator(named: "bench")
                ?? store.addOperator(name: "bench", displayName: "压测", role: .clerk, password: UUID().uuidString,
                                     by: Home.commandLineActor)
            let since = LocalDate(year: 2026, month: 3, day: 1)!
            let spacing = max(1, persons / ((registrations + (clientCounts.max() ?? 0)) * clientCounts.count))
            var prepared: [PreparedRegistration] = []
            for k in first..<(first + clients + registrations) {
                let index = k * spacing
                guard let person = try store.person(byDocument: IdentityDocument(kind: .residentID,
                                                                                 number: Self.idNumber(index))) else {
                    throw ValidationError("找不到第 \(index) 人")
                }
                let active = try store.platformRecords(forPerson: person.id).filter { $0.status == .active }
                let caseFile = CaseFile(workflow: "migrant-worker", region: "inner-mongolia", today: since)
                let created = try store.createCase(caseFile, applicantID: person.id, by: clerk.id)
                let checked = try store.updateCase(caseID: created.id, caseFile: caseFile, verdict: .accepted,
                                                   applicantID: person.id, expectedVersion: created.version,
                                                   by: clerk.id)
                let submitted = try store.setStatus(caseID: created.id, to: .submitted,
                                                    expectedVersion: checked.version, by: clerk.id)
                prepared.append(PreparedRegistration(caseID: created.id, version: submitted.version,
                                                     replaces: active.map { Suspension(recordID: $0.id, status: .suspended,
                                                                                       since: since) }))
            }
            let stores = try (0..<clients).map { _ in try open() }
            defer { stores.forEach { $0.backend.close() } }
            let failures = FailureList()
            let clerkID = clerk.id, firsts = prepared.prefix(clients), work = Array(prepared.dropFirst(clients))
            @Sendable func register(_ item: PreparedRegistration, on store: CounterStore) {
                do {
                    try store.register(caseID: item.caseID,
                                       enrollment: NewEnrollment(place: "150602", scheme: .resident, year: 2026, paid: true,
                                                                 amountFen: 40_000, since: since),
                                       suspending: item.replaces, expectedVersion: item.version, by: clerkID)
                } catch {
                    failures.add("\(error)")
                }
            }
            var firstWrites: [Double] = []
            for (store, item) in zip(stores, firsts) {
                let begin = Date()
                register(item, on: store)
                firstWrites.append(Date().timeIntervalSince(begin) * 1000)
            }
            // A thread per client: `DispatchQueue.concurrentPerform` runs no more iterations at once than there are
            // cores, so on this 2-core machine "eight clients" were two at a time.
            let done = DispatchGroup()
            let start = Date()
            for client in 0..<clients {
                done.enter()
                Thread {
                    for item in stride(from: client, to: work.count, by: clients).map({ work[$0] }) {
                        register(item, on: stores[client])
                    }
                    done.leave()
                }.start()
            }
            done.wait()
            let elapsed = Date().timeIntervalSince(start)
            firstWrites.sort()
            print(String(format: "  %d 个客户端各自的首次登记（每个进程一次，不计入下面的速度）：中位数 %.1f ms，最长 %.1f ms",
                         clients, firstWrites[firstWrites.count / 2], firstWrites.last ?? 0))
            if let first = failures.first { throw ValidationError("并发登记失败 \(failures.count) 次：\(first)") }
            return Double(registrations) / elapsed
        }

        // MARK: - Generated data

        static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
        static let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉宇")

        static func name(_ index: Int) -> String {
            String([surnames[index % surnames.count], given[(index / surnames.count) % given.count],
                    given[(index / (surnames.count * given.count)) % given.count]])
        }

        /// A valid resident ID, unique per index: 999 sequence numbers per birth day from 1960-01-01.
        static func idNumber(_ index: Int) -> String {
            let birth = LocalDate(year: 1960, month: 1, day: 1)!.adding(days: index / 999)
            let sequence = index % 999 + 1
            let digits = String(sequence)
            let body = "150621" + birth.description.replacingOccurrences(of: "-", with: "")
                + String(repeating: "0", count: 3 - digits.count) + digits
            let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            var sum = 0
            for (character, weight) in zip(body.utf8, weights) { sum += Int(character - 48) * weight }
            return body + String(Array("10X98765432")[sum % 11])
        }

        static func person(_ index: Int) -> PersonInput {
            PersonInput(document: IdentityDocument(kind: .residentID, number: idNumber(index)), name: name(index),
                        birthDate: LocalDate(year: 1960, month: 1, day: 1)!.adding(days: index / 999),
                        sex: (index % 999 + 1) % 2 == 1 ? .male : .female)
        }

        static func record(_ ordinal: Int) -> NewEnrollment {
            switch ordinal {
            case 0:
                return NewEnrollment(place: "150102", scheme: .resident, status: .suspended, year: 2025, paid: true,
                                     since: LocalDate(year: 2025, month: 1, day: 1))
            case 1:
                return NewEnrollment(place: "150621", scheme: .resident, status: .active, year: 2026, paid: true,
                                     amountFen: 40_000, since: LocalDate(year: 2026, month: 1, day: 1))
            default:
                let month = ordinal % 12 + 1
                return NewEnrollment(place: "440703", scheme: .employee, status: .terminated,
                                     months: [String(format: "2024-%02d", month)], paid: true)
            }
        }

        /// Peak resident set size of this process, from the kernel (VmHWM in /proc/self/status).
        static func peakResidentMB() -> Double {
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
            for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
                let kB = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
                return kB / 1024
            }
            return 0
        }
    }
}

/// A case made ready to register (submitted, accepted), and the records its registration suspends.
struct PreparedRegistration: Sendable {
    var caseID: Int64
    var version: Int
    var replaces: [Suspension]
}

/// Errors of the concurrent clients, collected for one message.
final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func add(_ message: String) {
        lock.lock()
        messages.append(message)
        lock.unlock()
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return messages.count
    }

    var first: String? {
        lock.lock()
        defer { lock.unlock() }
        return messages.first
    }
}

/// One engine's figures, for the table printed side by side.
struct EngineFigures {
    var engine: String
    var fillSeconds = 0.0
    var lookupMedian = 0.0
    var lookupP99 = 0.0
    var registrations: [(clients: Int, perSecond: Double)] = []

    static func table(_ engines: [EngineFigures], persons: Int, records: Int) -> String {
        var rows: [[String]] = [["", ] + engines.map(\.engine)]
        rows.append(["填充 \(persons) 人、\(records) 条记录（秒）"] + engines.map { String(format: "%.1f", $0.fillSeconds) })
        rows.append(["查人中位数（ms）"] + engines.map { String(format: "%.3f", $0.lookupMedian) })
        rows.append(["查人 p99（ms）"] + engines.map { String(format: "%.3f", $0.lookupP99) })
        for (index, level) in (engines.first?.registrations ?? []).enumerated() {
            rows.append(["\(level.clients) 个客户端登记（次/秒）"] + engines.map {
                index < $0.registrations.count ? String(format: "%.0f", $0.registrations[index].perSecond) : "-"
            })
        }
        let widths = (0..<rows[0].count).map { column in rows.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - DisplayWidth.of(cell))
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
