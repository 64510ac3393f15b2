import ArgumentParser
import CanbaoApp
import CanbaoRules
import CanbaoStore
import Foundation

extension CanbaoBench {
    /// Hidden: registers `count` cases the way a counter does (person, old record, case, draft, verdict, submit,
    /// register suspending the old record), printing one line per committed registration. The process tests run
    /// several at once on one store, or kill one mid-way; `--check` then confirms what the lines claimed.
    struct LoadTest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "load-test", abstract: "压力测试：按柜台流程登记 N 个办件（多个进程同时跑，或中途杀掉，再用 --check 核对）")

        @Option(help: "办件数") var count: Int = 500
        @Option(help: "本进程证件号前缀（各进程不同）") var prefix: String
        @Flag(help: "不登记，只核对前 N 人各恰有一个已登记办件、旧记录已暂停") var check = false
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard !prefix.isEmpty, prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw ValidationError("--prefix 只能由字母和数字组成")
            }
            guard count >= 0 else { throw ValidationError("--count 不能为负数") }
        }

        func run() throws {
            try AdminCLI.run {
                let store = try Home.openStore(global)
                if check { try verifyRegistered(store) } else { try registerAll(store) }
            }
        }

        private func document(_ index: Int) -> IdentityDocument {
            let digits = String(index)
            let number = prefix.uppercased() + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
            return IdentityDocument(kind: .foreignPassport, number: number, nationality: "LTU")
        }

        private func registerAll(_ store: CounterStore) throws {
            let name = "load-" + prefix.lowercased()
            // Only a store of load tests is written without an administrator: otherwise this would be a way to add a
            // clerk and register cases without naming anyone.
            let actor: Actor = try store.operators().allSatisfy { $0.name.hasPrefix("load-") }
                ? Home.commandLineActor : .operator(try identity.authenticate(store).id)
            let clerk = try store.operator(named: name)
                ?? store.addOperator(name: name, displayName: "压测\(prefix)", role: .clerk,
                                     password: UUID().uuidString, mustChangePassword: false, by: actor)
            let since = LocalDate(year: 2026, month: 3, day: 1)!
            for index in 0..<count {
                let document = document(index)
                let person = try store.upsertPerson(PersonInput(document: document, name: "压测\(prefix)-\(index)"),
                                                    by: .operator(clerk.id))
                let old = try store.addPlatformRecord(
                    NewEnrollment(place: "150102", scheme: .resident, year: 2026, paid: false),
                    forPerson: person.id, by: .operator(clerk.id))
                let caseFile = CaseFile(workflow: "migrant-worker", region: "inner-mongolia", today: since, here: "150621",
                                        scheme: .resident, coverageYear: 2026, person: Party(name: person.name, document: document),
                                        documentsPresented: ["foreign-passport", "residence-permit"])
                let created = try store.createCase(caseFile, applicantID: person.id, by: clerk.id)
                let version = try store.saveDraft(caseID: created.id, field: "person.name", value: "\"\(person.name)\"",
                                                  expectedVersion: created.version, by: clerk.id)
                let checked = try store.updateCase(
                    caseID: created.id, caseFile: caseFile, verdict: .accepted,
                    applicantID: person.id, expectedVersion: version, by: clerk.id)
                let submitted = try store.setStatus(caseID: created.id, to: .submitted,
                                                    expectedVersion: checked.version, by: clerk.id)
                let registration = try store.register(
                    caseID: created.id,
                    enrollment: NewEnrollment(place: "150621", scheme: .resident, year: 2026, paid: true,
                                              amountFen: 40_000, since: since),
                    suspending: [Suspension(recordID: old.id, status: .suspended, since: since)],
                    expectedVersion: submitted.version, by: clerk.id)
                // Printed only after the commit: a line on stdout is a promise that the case is in the store.
                print("registered \(registration.caseRecord.number) \(document.number)")
                fflush(nil)
            }
        }

        private func verifyRegistered(_ store: CounterStore) throws {
            var problems: [String] = []
            for index in 0..<count {
                let document = document(index)
                guard let person = try store.person(byDocument: document) else {
                    problems.append("\(document.number)：找不到人员")
                    continue
                }
                let cases = try store.cases(filter: CaseFilter(applicantID: person.id))
                let records = try store.platformRecords(forPerson: person.id)
                if cases.count != 1 || cases.first?.status != .registered {
                    problems.append("\(document.number)：应有 1 个已登记办件，实有 \(cases.map(\.status.rawValue))")
                } else if records.map(\.status) != [.suspended, .active]
                            || records.last?.id != cases.first?.registeredRecordID {
                    problems.append("\(document.number)：参保记录不符 \(records.map(\.status.rawValue))")
                }
            }
            if problems.isEmpty {
                print("ok \(count)")
            } else {
                problems.prefix(20).forEach { AdminCLI.printError($0) }
                throw ExitCode(1)
            }
        }
    }
}
