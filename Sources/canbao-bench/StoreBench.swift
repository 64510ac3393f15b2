import ArgumentParser
import CanbaoApp
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
        @Option(help: "计时的登记次数") var registrations: Int = 2_000
        @Option(help: "计时的查询次数") var lookups: Int = 10_000
        @Option(help: "放数据库的目录（默认新建临时目录，结束后删除）") var dir: String?
        @Flag(help: "保留数据库") var keep = false

        static let lookupTargetMs = 0.2
        static let registrationTarget = 1_000.0
        static let memoryTargetMB = 60.0

        func validate() throws {
            guard persons > 0, records >= 0, registrations >= 0, lookups > 0 else {
                throw ValidationError("数量必须为正数")
            }
            guard registrations <= persons else { throw ValidationError("--registrations 不能多于 --persons") }
        }

        func run() throws {
            try AdminCLI.run {
                let home = try ScaleBench.home(dir, keep: keep)
                defer { if !keep { try? FileManager.default.removeItem(at: home) } }
                let store = try CounterStore.open(home: home)
                print("数据库：\(store.path)")
                try Self.fill(store, persons: persons, records: records)
                try measureLookups(store)
                try measureRegistrations(store)
                let size = store.fileSize()
                print(String(format: "数据库文件：%.1f MB（WAL %.1f MB）", Double(size.database) / 1e6,
                             Double(size.wal) / 1e6))
                let peak = Self.peakResidentMB()
                print(String(format: "进程峰值内存（VmHWM）：%.1f MB，目标 ≤ %.0f MB：%@", peak, Self.memoryTargetMB,
                             peak <= Self.memoryTargetMB ? "达标" : "未达标"))
            }
        }

        static func fill(_ store: CounterStore, persons: Int, records: Int) throws {
            let perPerson = records / persons, extra = records % persons
            let generated = (0..<persons).lazy.map { index in
                InterchangePerson(person: Self.person(index),
                                  records: (0..<(perPerson + (index < extra ? 1 : 0))).map { Self.record($0) })
            }
            let start = Date()
            let summary = try store.load(generated, by: Home.commandLineActor, detail: ["source": "bench"])
            let loaded = Date().timeIntervalSince(start)
            let checkpointStart = Date()
            try store.checkpoint()
            let checkpoint = Date().timeIntervalSince(checkpointStart)
            print(String(format: "填充：%d 人、%d 条参保记录，一个事务 %.1f 秒（%.0f 行/秒），检查点 %.1f 秒",
                         summary.personsInserted, summary.recordsInserted, loaded,
                         Double(summary.personsInserted + summary.recordsInserted) / loaded, checkpoint))
        }

        private func measureLookups(_ store: CounterStore) throws {
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
            print(String(format: "按证件号查人：中位数 %.4f ms，p99 %.4f ms（%d 次），目标中位数 ≤ %.1f ms：%@", median, p99,
                         lookups, Self.lookupTargetMs, median <= Self.lookupTargetMs ? "达标" : "未达标"))
        }

        private func measureRegistrations(_ store: CounterStore) throws {
            guard registrations > 0 else { return }
            let clerk = try store.operator(named: "bench")
                ?? store.addOperator(name: "bench", displayName: "压测", role: .clerk, password: UUID().uuidString,
                                     by: Home.commandLineActor)
            let since = LocalDate(year: 2026, month: 3, day: 1)!
            let stride = max(1, persons / registrations)
            // Prepared untimed: a submitted, accepted case per applicant, and the record it replaces.
            var prepared: [(caseID: Int64, version: Int, replaces: [Suspension])] = []
            for k in 0..<registrations {
                let index = k * stride
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
                prepared.append((created.id, submitted.version,
                                 active.map { Suspension(recordID: $0.id, status: .suspended, since: since) }))
            }
            let start = Date()
            for item in prepared {
                try store.register(caseID: item.caseID,
                                   enrollment: NewEnrollment(place: "150602", scheme: .resident, year: 2026,
                                                             paid: true, amountFen: 40_000, since: since),
                                   suspending: item.replaces, expectedVersion: item.version, by: clerk.id)
            }
            let rate = Double(registrations) / Date().timeIntervalSince(start)
            print(String(format: "持久登记（每次一个事务，synchronous=FULL）：%.0f 次/秒（%d 次），目标 ≥ %.0f 次/秒：%@", rate,
                         registrations, Self.registrationTarget, rate >= Self.registrationTarget ? "达标" : "未达标"))
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
