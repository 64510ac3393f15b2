import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Services that change an existing enrollment instead of writing a new one (suspend, terminate, transfer-out):
/// the status changes and the case's completion in one transaction.
@Suite struct CompleteCaseTests {
    @Test(arguments: TestBackend.all) func anAcceptedSuspensionChangesTheRecordAndClosesTheCase(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let record = try hall.store.addPlatformRecord(hall.newRecord, forPerson: hall.applicant.id, by: .system("test"))
        let submitted = try hall.submittedCase(verdict: Fixture.acceptVerdict, workflow: "suspend")
        let done = try hall.store.complete(caseID: submitted.id,
                                           statusChanges: [Suspension(recordID: record.id, status: .suspended, since: Fixture.date("2026-03-01"))],
                                           expectedVersion: submitted.version, by: hall.clerk.id)
        #expect(done.status == .completed)
        #expect(try hall.store.platformRecord(id: record.id)?.status == .suspended)
        let audit = try hall.store.auditLog(entity: "case", entityID: done.number).last!
        #expect(audit.action == "case.complete")
        #expect(audit.detail == "{\"changed\":\"\(record.id):suspended\",\"workflow\":\"suspend\"}")
        #expect(try hall.store.verify().isOK)
    }

    @Test(arguments: TestBackend.all) func aRefusedCaseOrSomeoneElsesRecordChangesNothing(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let record = try hall.store.addPlatformRecord(hall.newRecord, forPerson: hall.applicant.id, by: .system("test"))
        let refused = try hall.submittedCase(verdict: Fixture.missingDocumentsVerdict, workflow: "terminate")
        #expect(throws: StoreError.self) {
            try hall.store.complete(caseID: refused.id, statusChanges: [Suspension(recordID: record.id, status: .terminated,
                                                                                   since: Fixture.date("2026-03-01"))],
                                    expectedVersion: refused.version, by: hall.clerk.id)
        }
        let other = try hall.store.upsertPerson(Fixture.person("李四", number: Fixture.residentID(birth: "1980-01-01", sequence: 21)),
                                                by: .system("test"))
        let othersRecord = try hall.store.addPlatformRecord(hall.newRecord, forPerson: other.id, by: .system("test"))
        let accepted = try hall.submittedCase(verdict: Fixture.acceptVerdict, workflow: "terminate")
        #expect(throws: StoreError.self) {
            try hall.store.complete(caseID: accepted.id, statusChanges: [Suspension(recordID: othersRecord.id, status: .terminated,
                                                                                    since: Fixture.date("2026-03-01"))],
                                    expectedVersion: accepted.version, by: hall.clerk.id)
        }
        #expect(try hall.store.platformRecord(id: record.id)?.status == .active)
        #expect(try hall.store.platformRecord(id: othersRecord.id)?.status == .active)
        #expect(try hall.store.case(id: accepted.id)?.status == .submitted)
    }
}
