import CanbaoRules
@testable import CanbaoStore
import Foundation
import Testing

@Suite("Cases, drafts, registration and approvals")
struct CaseStoreTests {
    /// A store with a clerk, two supervisors, and an applicant holding an active resident record elsewhere.
    struct Counter {
        let clock = TestClock()
        let store: CounterStore
        let clerk: Operator
        let supervisor: Operator
        let otherSupervisor: Operator
        let applicant: PersonRecord
        let oldRecord: EnrollmentRecord

        init(_ backend: TestBackend) throws {
            store = try Fixture.store(backend, clock: clock)
            clerk = try store.addOperator(name: "clerk1", displayName: "柜员一", role: .clerk,
                                          password: "Clerk-pass-1", by: .system("test"))
            supervisor = try store.addOperator(name: "sup1", displayName: "审核员一", role: .supervisor,
                                               password: "Super-pass-1", by: .system("test"))
            otherSupervisor = try store.addOperator(name: "sup2", displayName: "审核员二", role: .supervisor,
                                                    password: "Super-pass-2", by: .system("test"))
            applicant = try store.upsertPerson(
                Fixture.person("张三", number: Fixture.residentID(birth: "1990-01-01", sequence: 11)),
                by: .operator(clerk.id))
            oldRecord = try store.addPlatformRecord(
                NewEnrollment(place: "150102", scheme: .resident, status: .active, year: 2026, paid: false),
                forPerson: applicant.id, by: .operator(clerk.id))
        }

        /// A case checked with `verdict` and submitted.
        func submittedCase(verdict: String = Fixture.acceptVerdict, by creator: Operator? = nil) throws -> CaseRecord {
            let creator = creator ?? clerk
            let draft = try store.createCase(caseJSON: Fixture.caseJSON(), applicantID: applicant.id, by: creator.id)
            let checked = try store.updateCase(caseID: draft.id, caseJSON: Fixture.caseJSON(), verdictJSON: verdict,
                                               applicantID: applicant.id, expectedVersion: draft.version,
                                               by: creator.id)
            return try store.setStatus(caseID: checked.id, to: .submitted, expectedVersion: checked.version,
                                       by: creator.id)
        }

        var newRecord: NewEnrollment {
            NewEnrollment(place: "150621", scheme: .resident, year: 2026, paid: true, amountFen: 40_000,
                          since: Fixture.date("2026-03-01"))
        }
    }

    @Test(arguments: TestBackend.all) func numbersCasesPerBeijingYear(_ backend: TestBackend) throws {
        let counter = try Counter(backend)
        let first = try counter.store.createCase(caseJSON: Fixture.caseJSON(workflow: "newborn", region: "dalate"),
                                                 by: counter.clerk.id)
        let second = try counter.store.createCase(caseJSON: Fixture.caseJSON(), by: counter.clerk.id)
        #expect(first.number == "2026-000001")
        #expect(second.number == "2026-000002")
        #expect(first.workflow == "newborn")
        #expect(first.region == "dalate")
        #expect(first.status == .draft)
        #expect(first.version == 1)
        #expect(first.createdBy == counter.clerk.id)
        #expect(first.applicantID == nil)
        // 2026-12-31 16:30 UTC is already 2027-01-01 00:30 in Beijing.
        counter.clock.set(Date(timeIntervalSince1970: 1_798_734_600))
        let nextYear = try counter.store.createCase(caseJSON: Fixture.caseJSON(), by: counter.clerk.id)
        #expect(nextYear.number == "2027-000001")
        let audit = try counter.store.auditLog(entity: "case")
        #expect(audit.map(\.entityID) == ["2026-000001", "2026-000002", "2027-000001"])
        #expect(audit.map(\.actor) == ["clerk1", "clerk1", "clerk1"])
    }

    @Test(arguments: TestBackend.all) func refusesACaseFileThatIsNotACase(_ backend: TestBackend) throws {
        let counter = try Counter(backend)
        let today = LocalDate("2026-03-01")!
        #expect(throws: StoreError.invalidCase("缺少 workflow")) {
            try counter.store.createCase(CaseFile(workflow: "", region: "dalate", today: today), by: counter.clerk.id)
        }
        #expect(throws: StoreError.invalidCase("缺少 region")) {
            try counter.store.createCase(CaseFile(workflow: "newborn", region: "", today: today), by: counter.clerk.id)
        }
        #expect(try counter.store.counts().cases == 0)
    }

    @Test(arguments: TestBackend.all) func draftsBumpTheVersionAndStaleWritesAreRefused(_ backend: TestBackend) throws {
        let counter = try Counter(backend)
        let created = try counter.store.createCase(caseJSON: Fixture.caseJSON(), by: counter.clerk.id)
        let v2 = try counter.store.saveDraft(caseID: created.id, field: "person.name", value: "\"张三\"",
                                             expectedVersion: 1, by: counter.clerk.id)
        let v3 = try counter.store.saveDraft(caseID: created.id, field: "person.name", value: "\"张叁\"",
                                             expectedVersion: v2, by: counter.clerk.id)
        #expect(v2 == 2)
        #expect(v3 == 3)
        #expect(throws: StoreError.staleCase(number: "2026-000001", expected: 2, actual: 3)) {
            try counter.store.saveDraft(caseID: created.id, field: "hukou_registered", value: "true",
                                        expectedVersion: 2, by: counter.clerk.id)
        }
        let drafts = try counter.store.drafts(caseID: created.id)
        #expect(drafts.map(\.field) == ["person.name"])
        #expect(drafts.map(\.value) == ["\"张叁\""])
        #expect(try counter.store.case(id: created.id)?.version == 3)
    }

    /// Two clerks (two store connections, as two terminals) open version 1 of the same case.
    @Test(arguments: TestBackend.all) func twoClerksCannotOverwriteEachOtherSilently(_ backend: TestBackend) throws {
        let counter = try Counter(backend)
        let created = try counter.store.createCase(caseJSON: Fixture.caseJSON(name: "张三"), by: counter.clerk.id)
        let otherTerminal = try Fixture.reopen(counter.store)
        _ = try counter.store.updateCase(caseID: created.id, caseJSON: Fixture.caseJSON(name: "张三丰"), verdictJSON: nil,
                                         applicantID: nil, expectedVersion: 1, by: counter.clerk.id)
        #expect(throws: StoreError.staleCase(number: "2026-000001", expected: 1, actual: 2)) {
            try otherTerminal.updateCase(caseID: created.id, caseJSON: Fixture.caseJSON(name: "李四"),
                                         verdictJSON: nil, applicantID: nil, expectedVersion: 1,
                                         by: counter.clerk.id)
        }
        let stored = try #require(try otherTerminal.case(id: created.id))
        #expect(try stored.caseFile() == CaseFile(json: Fixture.caseJSON(name: "张三丰")))
        #expect(stored.version == 2)
    }

    @Test(arguments: TestBackend.all) func statusFollowsTheWorkflow(_ backend: TestBackend) throws {
        let counter = try Counter(backend)
        let created = try counter.store.createCase(caseJSON: Fixture.caseJSON(), by: counter.clerk.id)
        #expect(throws: StoreError.invalidTransition(number: "2026-000001", from: .draft, to: .registered)) {
            try counter.store.setStatus(caseID: created.id, to: .registered, expectedVersion: 1, by: counter.clerk.id)
        }
        try counter.store.saveDraft(caseID: created.id, field: "person.name", value: "\"张三\"", expectedVersion: 1,
                                    by: counter.clerk.id)
        let submitted = try counter.store.setStatus(caseID: created.id, to: .submitted, expectedVersion: 2,
                                                    by: counter.clerk.id)
        let back = try counter.store.setStatus(caseID: created.id, to: .draft, expectedVersion: submitted.version,
                                               by: counter.clerk.id, note: "申请人要改信息")
        #expect(back.status == .draft)
        #expect(back.version == 4)
        let withdrawn = try counter.store.setStatus(caseID: created.id, to: .withdrawn, expectedVersion: 4,
                                                    by: counter.clerk.id)
        #expect(withdrawn.status == .withdrawn)
        #expect(try counter.store.drafts(caseID: created.id).isEmpty, "a final case keeps no drafts")
        #expect(throws: StoreError.invalidTransition(number: "2026-000001", from: .withdrawn, to: .submitted)) {
            try counter.store.setStatus(caseID: created.id, to: .submitted, expectedVersion: 5, by: counter.clerk.id)
        }
        let statusRows = try counter.store.auditLog(entity: "case").filter { $0.action == "case.status" }
        #expect(statusRows.map(\.detail) == [#"{"from":"draft","to":"submitted"}"#,
                                             #"{"from":"submitted","note":"申请人要改信息","to":"draft"}"#,
                                             #"{"from":"draft","to":"withdrawn"}"#])
    }

    @Test(arguments: TestBackend.all) func registeringWritesRecordSuspensionStatusAndAuditTogether(_ backend: TestBackend) throws {
        let counter = try Counter(backend)
        let submitted = try counter.submittedCase()
        try counter.store.saveDraft(caseID: submitted.id, field: "note", value: "\"\"",
                                    expectedVersion: submitted.version, by: counter.clerk.id)
        let registration = try counter.store.register(
            caseID: submitted.id, enrollment: counter.newRecord,
            suspending: [Suspension(recordID: counter.oldRecord.id, status: .suspended, since: Fixture.date("2026-03-01"))],
            expectedVersion: submitted.version + 1, by: counter.clerk.id)

        #expect(registration.caseRecord.status == .registered)
        #expect(registration.caseRecord.version == submitted.version + 2)
        #expect(registration.caseRecord.registeredRecordID == registration.enrollment.id)
        #expect(registration.enrollment.personID == counter.applicant.id)
        #expect(registration.enrollment.place == "150621")
        #expect(registration.enrollment.status == .active)
        #expect(registration.enrollment.caseID == submitted.id)
        #expect(registration.enrollment.amountFen == 40_000)
        #expect(registration.replaced.map(\.id) == [counter.oldRecord.id])
        #expect(registration.replaced.map(\.status) == [.suspended])
        #expect(registration.replaced.map(\.since) == [Fixture.date("2026-03-01")])

        let records = try counter.store.platformRecords(forPerson: counter.applicant.id)
        #expect(records.map(\.status) == [.suspended, .active])
        #expect(try counter.store.drafts(caseID: submitted.id).isEmpty)
        let last = try #require(try counter.store.auditLog().last)
        #expect(last.action == "case.register")
        #expect(last.entityID == "2026-000001")
        #expect(last.detail == """
            {"person":"\(counter.applicant.id)","place":"150621","record":"\(registration.enrollment.id)",\
            "replaced":"\(counter.oldRecord.id)","scheme":"resident"}
            """)
        #expect(try counter.store.verify().isOK)
    }

    @Test(arguments: TestBackend.all) func aFailedRegistrationWritesNothing(_ backend: TestBackend) throws {
        let counter = try Counter(backend)
        let stranger = try counter.store.upsertPerson(
            Fixture.person("路人", number: Fixture.residentID(birth: "1970-02-02", sequence: 5)), by: .system("test"))
        let strangersRecord = try counter.store.addPlatformRecord(
            NewEnrollment(place: "150102", scheme: .resident, year: 2026, paid: true), forPerson: stranger.id,
            by: .system("test"))
        let submitted = try counter.submittedCase()
        let auditBefore = try counter.store.counts().auditEntries

        #expect(throws: StoreError.recordNotReplaceable(recordID: strangersRecord.id, reason: "该记录属于其他人员")) {
            try counter.store.register(
                caseID: submitted.id, enrollment: counter.newRecord,
                suspending: [Suspension(recordID: counter.oldRecord.id, since: Fixture.date("2026-03-01")),
                             Suspension(recordID: strangersRecord.id, since: Fixture.date("2026-03-01"))],
                expectedVersion: submitted.version, by: counter.clerk.id)
        }
        #expect(try counter.store.platformRecords(forPerson: counter.applicant.id).map(\.status) == [.active])
        #expect(try counter.store.platformRecords(forPerson: stranger.id).map(\.status) == [.active])
        let unchanged = try #require(try counter.store.case(id: submitted.id))
        #expect(unchanged.status == .submitted)
        #expect(unchanged.version == submitted.version)
        #expect(try counter.store.counts().auditEntries == auditBefore)

        #expect(throws: StoreError.staleCase(number: "2026-000001", expected: 1, actual: submitted.version)) {
            try counter.store.register(caseID: submitted.id, enrollment: counter.newRecord, expectedVersion: 1,
                                       by: counter.clerk.id)
        }
    }

    @Test(arguments: TestBackend.all) func onlyAnAcceptedOrApprovedCaseRegisters(_ backend: TestBackend) throws {
        let counter = try Counter(backend)
        let missing = try counter.submittedCase(verdict: Fixture.missingDocumentsVerdict)
        #expect(throws: StoreError.notRegistrable(number: "2026-000001", reason: "材料不全，需一次性告知补齐")) {
            try counter.store.register(caseID: missing.id, enrollment: counter.newRecord,
                                       expectedVersion: missing.version, by: counter.clerk.id)
        }
        let unchecked = try counter.store.createCase(caseJSON: Fixture.caseJSON(), applicantID: counter.applicant.id,
                                                     by: counter.clerk.id)
        let submitted = try counter.store.setStatus(caseID: unchecked.id, to: .submitted, expectedVersion: 1,
                                                    by: counter.clerk.id)
        #expect(throws: StoreError.notRegistrable(number: "2026-000002", reason: "尚未校验（没有校验结论）")) {
            try counter.store.register(caseID: submitted.id, enrollment: counter.newRecord,
                                       expectedVersion: submitted.version, by: counter.clerk.id)
        }
        #expect(try counter.store.counts().registeredCases == 0)
    }

    @Test(arguments: TestBackend.all) func exceptionsNeedAnotherSupervisorsApproval(_ backend: TestBackend) throws {
        let counter = try Counter(backend)
        // Raised by supervisor 1 acting at the counter.
        let submitted = try counter.submittedCase(verdict: Fixture.approvalVerdict, by: counter.supervisor)
        let waiting = try counter.store.setStatus(caseID: submitted.id, to: .awaitingApproval,
                                                  expectedVersion: submitted.version, by: counter.supervisor.id,
                                                  note: "医院证明因病延误")
        #expect(throws: StoreError.approvalsMissing(number: "2026-000001", rules: ["newborn.window"])) {
            try counter.store.register(caseID: waiting.id, enrollment: counter.newRecord,
                                       expectedVersion: waiting.version, by: counter.supervisor.id)
        }
        #expect(throws: StoreError.notAllowed("不能审批自己提出的例外")) {
            try counter.store.recordApproval(caseID: waiting.id, finding: Fixture.windowFinding, decision: .approved,
                                             reason: "医院出具证明", expectedVersion: waiting.version,
                                             by: counter.supervisor.id)
        }
        #expect(throws: StoreError.notAllowed("只有审核员可以审批例外")) {
            try counter.store.recordApproval(caseID: waiting.id, finding: Fixture.windowFinding, decision: .approved,
                                             reason: "医院出具证明", expectedVersion: waiting.version,
                                             by: counter.clerk.id)
        }
        let approval = try counter.store.recordApproval(caseID: waiting.id, finding: Fixture.windowFinding,
                                                        decision: .approved, reason: "医院出具证明",
                                                        expectedVersion: waiting.version,
                                                        by: counter.otherSupervisor.id)
        #expect(approval.requestedBy == counter.supervisor.id)
        #expect(approval.decidedBy == counter.otherSupervisor.id)
        #expect(approval.rule == "newborn.window")
        #expect(approval.citation == "内蒙古细则 第十二条（一）1")
        #expect(try counter.store.approvals(caseID: waiting.id).map(\.decision) == [.approved])

        let registration = try counter.store.register(caseID: waiting.id, enrollment: counter.newRecord,
                                                      expectedVersion: waiting.version + 1, by: counter.clerk.id)
        #expect(registration.caseRecord.status == .registered)
        #expect(registration.replaced.isEmpty)
    }

    @Test(arguments: TestBackend.all) func aDisabledOperatorCannotWork(_ backend: TestBackend) throws {
        let counter = try Counter(backend)
        try counter.store.setOperatorDisabled(name: "clerk1", disabled: true, by: .system("test"))
        #expect(throws: StoreError.operatorDisabled("clerk1")) {
            try counter.store.createCase(caseJSON: Fixture.caseJSON(), by: counter.clerk.id)
        }
        #expect(try counter.store.counts().cases == 0)
    }

    @Test(arguments: TestBackend.all) func filtersCasesNewestFirst(_ backend: TestBackend) throws {
        let counter = try Counter(backend)
        let a = try counter.store.createCase(caseJSON: Fixture.caseJSON(workflow: "newborn"), by: counter.clerk.id)
        let b = try counter.submittedCase()
        let c = try counter.store.createCase(caseJSON: Fixture.caseJSON(workflow: "student"), by: counter.supervisor.id)
        #expect(try counter.store.cases().map(\.id) == [c.id, b.id, a.id])
        #expect(try counter.store.cases(filter: CaseFilter(statuses: [.draft])).map(\.id) == [c.id, a.id])
        #expect(try counter.store.cases(filter: CaseFilter(workflow: "newborn")).map(\.id) == [a.id])
        #expect(try counter.store.cases(filter: CaseFilter(applicantID: counter.applicant.id)).map(\.id) == [b.id])
        #expect(try counter.store.cases(filter: CaseFilter(createdBy: counter.supervisor.id)).map(\.id) == [c.id])
        #expect(try counter.store.cases(filter: CaseFilter(limit: 1)).map(\.id) == [c.id])
    }
}
