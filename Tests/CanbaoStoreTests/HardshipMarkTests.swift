import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB
import Testing

/// Hardship marks (困难身份标识, 江门规程 第六条、第二十二条) kept on the person when a `change` case with
/// change_kind hardship is completed: written with the completion, replaced by a later case, audited.
@Suite struct HardshipMarkTests {
    /// A Jiangmen hardship change for the hall's applicant, checked by the real rules core and submitted.
    private func hardshipCase(_ hall: Hall, statuses: [HardshipStatus], certified: String? = "2026-03-02",
                              place: String = "440703") throws -> CaseRecord {
        var facts: [String: FactValue] = ["change_kind": .text("hardship"), "certified_place": .text(place)]
        for s in statuses { facts[s.fact] = .bool(true) }
        if let certified { facts["certified_date"] = .text(certified) }
        let file = CaseFile(workflow: "change", region: "jiangmen", today: Fixture.date("2026-03-20"), here: "440703",
                            scheme: .resident,
                            person: Party(name: hall.applicant.name, document: hall.applicant.document),
                            facts: facts, documentsPresented: ["resident-id"],
                            platformRecords: [PlatformRecord(place: "440703", scheme: .resident, status: .active,
                                                             year: 2026, paid: false)])
        let verdict = try Evaluator.evaluate(file, forms: TestForms.shared)
        try #require(verdict.decision == .accept, "\(verdict.findings)")
        let json = String(decoding: try JSONEncoder().encode(file), as: UTF8.self)
        let draft = try hall.store.createCase(caseJSON: json, applicantID: hall.applicant.id, by: hall.clerk.id)
        let checked = try hall.store.updateCase(caseID: draft.id, caseJSON: json, verdictJSON: verdict.json(pretty: false),
                                                applicantID: hall.applicant.id, expectedVersion: draft.version,
                                                by: hall.clerk.id)
        return try hall.store.setStatus(caseID: checked.id, to: .submitted, expectedVersion: checked.version,
                                        by: hall.clerk.id)
    }

    private func complete(_ hall: Hall, _ c: CaseRecord) throws -> CaseRecord {
        try hall.store.complete(caseID: c.id, statusChanges: [], expectedVersion: c.version, by: hall.clerk.id)
    }

    @Test(arguments: TestBackend.all) func completingAHardshipChangeRecordsTheMarksHighestFirstWithTheAppliedOne(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let submitted = try hardshipCase(hall, statuses: [.severeDisability, .minimumLiving])
        let done = try complete(hall, submitted)
        #expect(done.status == .completed)

        let marks = try hall.store.hardshipMarks(forPerson: hall.applicant.id)
        #expect(marks.map(\.status) == ["minimum-living", "severe-disability"])
        #expect(marks.map(\.statusName) == ["最低生活保障对象", "重度残疾人"])
        #expect(marks.map(\.department) == ["民政部门", "残联"])
        #expect(marks.map(\.ordinal) == [0, 1])
        #expect(marks.map(\.applied) == [true, false])
        #expect(marks.map(\.hardshipStatus) == [.minimumLiving, .severeDisability])
        #expect(marks.allSatisfy { $0.certifiedDate == Fixture.date("2026-03-02") && $0.certifiedPlace == "440703" })
        #expect(marks.allSatisfy { $0.citation == "江门规程 第二十二条" })
        #expect(marks.allSatisfy { $0.caseID == done.id && $0.caseNumber == done.number })
        #expect(marks.allSatisfy { $0.recordedBy == hall.clerk.id && $0.isCurrent && $0.endedByCaseID == nil })
        #expect(marks.allSatisfy { $0.personID == hall.applicant.id })

        // One audit row on the person, before the case's completion row, and the chain intact.
        let audit = try hall.store.auditLog(entity: "person", entityID: String(hall.applicant.id)).last!
        #expect(audit.action == "person.hardship")
        #expect(audit.operatorID == hall.clerk.id)
        #expect(audit.detail == #"{"applied":"minimum-living","case":"\#(done.number)","citation":"江门规程 第二十二条","ended":"","statuses":"minimum-living,severe-disability"}"#)
        let caseAudit = try hall.store.auditLog(entity: "case", entityID: done.number).last!
        #expect(caseAudit.action == "case.complete")
        #expect(caseAudit.seq == audit.seq + 1)
        #expect(try hall.store.verify().isOK)
    }

    @Test(arguments: TestBackend.all) func aLaterHardshipCaseReplacesTheMarksAndKeepsTheOldOnesAsHistory(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let first = try complete(hall, try hardshipCase(hall, statuses: [.severeDisability, .minimumLiving]))
        let second = try complete(hall, try hardshipCase(hall, statuses: [.extremePoverty], certified: nil))

        let current = try hall.store.hardshipMarks(forPerson: hall.applicant.id)
        #expect(current.map(\.status) == ["extreme-poverty"])
        #expect(current.map(\.applied) == [true])
        #expect(current.map(\.caseNumber) == [second.number])
        #expect(current.first?.certifiedDate == nil)
        #expect(current.first?.citation == "江门规程 第二十二条")

        let history = try hall.store.hardshipHistory(forPerson: hall.applicant.id)
        #expect(history.map(\.status) == ["extreme-poverty", "minimum-living", "severe-disability"])
        #expect(history.map(\.caseNumber) == [second.number, first.number, first.number])
        #expect(history.map(\.isCurrent) == [true, false, false])
        #expect(history.dropFirst().allSatisfy { $0.endedByCaseID == second.id && $0.endedAt != nil })

        let audit = try hall.store.auditLog(entity: "person", entityID: String(hall.applicant.id))
            .filter { $0.action == "person.hardship" }
        #expect(audit.count == 2)
        #expect(audit.last?.detail.contains(#""ended":"minimum-living,severe-disability""#) == true)
        #expect(try hall.store.verify().isOK)
    }

    @Test(arguments: TestBackend.all) func aFailedCompletionRecordsNoMarks(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let submitted = try hardshipCase(hall, statuses: [.orphan])
        #expect(throws: StoreError.staleCase(number: submitted.number, expected: submitted.version - 1,
                                             actual: submitted.version)) {
            try hall.store.complete(caseID: submitted.id, statusChanges: [], expectedVersion: submitted.version - 1,
                                    by: hall.clerk.id)
        }
        // A status change that cannot be made rolls the marks back with it.
        #expect(throws: StoreError.recordNotFound(9_999)) {
            try hall.store.complete(caseID: submitted.id,
                                    statusChanges: [Suspension(recordID: 9_999, since: Fixture.date("2026-03-20"))],
                                    expectedVersion: submitted.version, by: hall.clerk.id)
        }
        #expect(try hall.store.hardshipMarks(forPerson: hall.applicant.id).isEmpty)
        #expect(try hall.store.hardshipHistory(forPerson: hall.applicant.id).isEmpty)
        #expect(try hall.store.case(id: submitted.id)?.status == .submitted)
        #expect(try hall.store.auditLog(entity: "person", entityID: String(hall.applicant.id))
            .allSatisfy { $0.action != "person.hardship" })
    }

    @Test(arguments: TestBackend.all) func otherChangesAndOtherWorkflowsRecordNoMarks(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let contact = try hall.submittedCase(verdict: Fixture.acceptVerdict, workflow: "change")
        #expect(try complete(hall, contact).status == .completed)
        // A verdict that says `"hardship": null`, as every non-hardship verdict of the rules core does.
        let nullVerdict = Fixture.acceptVerdict.replacingOccurrences(of: "}", with: #","hardship":null}"#)
        let named = try hall.submittedCase(verdict: nullVerdict, workflow: "change")
        #expect(try complete(hall, named).status == .completed)
        // Hardship marks in the verdict of another workflow are not the change workflow's.
        let marked = try hardshipCase(hall, statuses: [.orphan])
        let suspendVerdict = try #require(try hall.store.case(id: marked.id)?.verdictJSON)
        let suspend = try hall.submittedCase(verdict: suspendVerdict, workflow: "suspend")
        #expect(try complete(hall, suspend).status == .completed)
        #expect(try hall.store.hardshipMarks(forPerson: hall.applicant.id).isEmpty)
        let rows = try hall.store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM person_hardship") }
        #expect(rows == 0)
    }

    @Test(arguments: TestBackend.all) func aHardshipChangeWithoutAnApplicantIsNotCompleted(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let marked = try hardshipCase(hall, statuses: [.orphan])
        let verdict = try #require(try hall.store.case(id: marked.id)?.verdictJSON)
        let json = Fixture.caseJSON(workflow: "change", region: "jiangmen", name: "无名")
        let draft = try hall.store.createCase(caseJSON: json, by: hall.clerk.id)
        let checked = try hall.store.updateCase(caseID: draft.id, caseJSON: json, verdictJSON: verdict, applicantID: nil,
                                                expectedVersion: draft.version, by: hall.clerk.id)
        let submitted = try hall.store.setStatus(caseID: checked.id, to: .submitted, expectedVersion: checked.version,
                                                 by: hall.clerk.id)
        #expect(throws: StoreError.notRegistrable(number: submitted.number, reason: "办件未指定参保人，无法记录困难身份标识")) {
            try complete(hall, submitted)
        }
        #expect(try hall.store.case(id: submitted.id)?.status == .submitted)
    }
}
