import ArgumentParser
import CanbaoApp
import CanbaoRules
import CanbaoStore
import Foundation

extension CanbaoBench {
    /// Hidden: registers `count` cases the way a counter does (person, old record, case, draft, verdict, submit,
    /// register suspending the old record), printing one line per committed registration; with `--requests N`, the
    /// first N applicants also get a case with an exception sent to the supervisors. `--supervise` is the other side:
    /// a supervisor approving what the clerks raise until `count` decisions are made. The process tests run several
    /// at once on one store, or kill one mid-way; `--check` then confirms what the lines claimed.
    struct LoadTest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "load-test", abstract: "压力测试：按柜台流程登记 N 个办件（多个进程同时跑，或中途杀掉，再用 --check 核对）")

        @Option(help: "办件数") var count: Int = 500
        @Option(help: "本进程证件号前缀（各进程不同）") var prefix: String
        @Flag(help: "不登记，只核对前 N 人各恰有一个已登记办件、旧记录已暂停") var check = false
        @Option(help: "另为前 N 人各提交一个需审核的办件") var requests: Int = 0
        @Flag(help: "作为审核员：审批其他进程提交的需审核办件，直到审批 --count 件") var supervise = false
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard !prefix.isEmpty, prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw ValidationError("--prefix 只能由字母和数字组成")
            }
            guard count >= 0 else { throw ValidationError("--count 不能为负数") }
            guard (0...count).contains(requests) else { throw ValidationError("--requests 须在 0 到 --count 之间") }
        }

        func run() throws {
            try AdminCLI.run {
                let store = try Home.openStore(global)
                if check {
                    try verifyRegistered(store)
                } else if supervise {
                    try approveRequests(store)
                } else {
                    try registerAll(store)
                }
            }
        }

        private func document(_ index: Int) -> IdentityDocument {
            let digits = String(index)
            let number = prefix.uppercased() + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
            return IdentityDocument(kind: .foreignPassport, number: number, nationality: "LTU")
        }

        /// This process's operator (`load-PREFIX`), added on first use.
        private func loadOperator(_ store: CounterStore, role: OperatorRole) throws -> Operator {
            let name = "load-" + prefix.lowercased()
            if let existing = try store.operator(named: name) { return existing }
            // Only a store of load tests is written without an administrator: otherwise this would be a way to add a
            // clerk and register cases without naming anyone.
            let actor: Actor = try store.operators().allSatisfy { $0.name.hasPrefix("load-") }
                ? Home.commandLineActor : .operator(try identity.authenticate(store).id)
            return try store.addOperator(name: name, displayName: "压测\(role.chinese)\(prefix)", role: role,
                                         password: UUID().uuidString, mustChangePassword: false, by: actor)
        }

        private func registerAll(_ store: CounterStore) throws {
            let clerk = try loadOperator(store, role: .clerk)
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
                if index < requests {
                    let exception = try store.createCase(caseFile, applicantID: person.id, by: clerk.id)
                    let raised = try store.updateCase(caseID: exception.id, caseFile: caseFile, verdict: Self.exception,
                                                      applicantID: person.id, expectedVersion: exception.version,
                                                      by: clerk.id)
                    let sent = try store.setStatus(caseID: raised.id, to: .submitted, expectedVersion: raised.version,
                                                   by: clerk.id)
                    try store.requestApproval(caseID: sent.id, justification: "压力测试：请审核员审批",
                                              expectedVersion: sent.version, by: clerk.id)
                    print("requested \(sent.number) \(document.number)")
                    fflush(nil)
                }
            }
        }

        /// A verdict with one exception for a supervisor to decide.
        static let exception = Verdict(
            decision: .needsApproval, missingDocuments: [],
            findings: [Finding(rule: "load.exception", severity: .approval, message: "压力测试中的例外情形",
                               citation: "国家规程 第十五条 1")],
            benefitStart: nil, waitingPeriodMonths: nil, replaces: [])

        /// Approves what the queue holds, oldest first, until `count` decisions are made; a case another supervisor
        /// decided first is passed over. Gives up after a minute with nothing to decide.
        private func approveRequests(_ store: CounterStore) throws {
            let supervisor = try loadOperator(store, role: .supervisor)
            var decided = 0
            var idleSince = Date()
            while decided < count {
                let queue = try store.approvalQueue()
                if queue.isEmpty {
                    guard Date().timeIntervalSince(idleSince) < 60 else {
                        throw CommandFailure("一分钟内没有待审批的办件，已审批 \(decided) 件")
                    }
                    usleep(10_000)
                    continue
                }
                idleSince = Date()
                for item in queue where decided < count {
                    do {
                        try store.decide(caseID: item.caseRecord.id,
                                         ApprovalDecision(verdict: .approved, note: "压力测试：同意", findings: item.exceptions),
                                         expectedVersion: item.caseRecord.version, by: supervisor.id)
                    } catch StoreError.staleCase {
                        continue
                    }
                    decided += 1
                    print("approved \(item.caseRecord.number)")
                    fflush(nil)
                }
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
                var cases = try store.cases(filter: CaseFilter(applicantID: person.id))
                let records = try store.platformRecords(forPerson: person.id)
                if index < requests {
                    // The exception's case: sent to the supervisors and approved once.
                    guard let raised = cases.first(where: { $0.status == .awaitingApproval }),
                          try store.approvals(caseID: raised.id).map(\.decision) == [.approved] else {
                        problems.append("\(document.number)：应有 1 个已获批准的需审核办件，实有 \(cases.map(\.status.rawValue))")
                        continue
                    }
                    cases.removeAll { $0.id == raised.id }
                }
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
