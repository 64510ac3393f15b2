import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB
import Testing

/// Voiding a draft and withdrawing an undecided case: a status with the reason, audited, nothing deleted; and the
/// statuses `completed` and `voided` the v10 step allows.
@Suite struct SettingAsideTests {
    @Test func aDraftIsVoidedWithItsReasonAndKeptWithItsHistory() throws {
        let hall = try Hall()
        let draft = try hall.store.createCase(caseJSON: Fixture.caseJSON(workflow: "newborn"), by: hall.clerk.id)
        try hall.store.saveDraft(caseID: draft.id, field: "person.name", value: "张小宝", expectedVersion: draft.version,
                                 by: hall.clerk.id)
        let voided = try hall.store.voidDraft(number: draft.number, expectedVersion: nil, reason: "误选业务：申请人为成年人",
                                              by: hall.clerk.id)
        #expect(voided.status == .voided)
        #expect(voided.version == draft.version + 2)
        #expect(try hall.store.drafts(caseID: draft.id).isEmpty)
        let audit = try hall.store.auditLog(entity: "case", entityID: draft.number).last!
        #expect(audit.action == "case.status")
        #expect(audit.detail == #"{"from":"draft","note":"作废：误选业务：申请人为成年人","to":"voided"}"#)
        #expect(audit.operatorID == hall.clerk.id)
        #expect(try hall.store.verify().isOK)
        // Voided is final: it cannot be saved, voided again or withdrawn.
        #expect(throws: StoreError.notAllowed("办件 \(draft.number) 当前为“已作废”：只有草稿可以作废（已提交的未决办件可以撤回）")) {
            try hall.store.voidDraft(number: draft.number, expectedVersion: nil, reason: "再次作废", by: hall.clerk.id)
        }
        #expect(throws: StoreError.self) {
            try hall.store.saveDraft(caseID: draft.id, field: "person.name", value: "x", expectedVersion: voided.version,
                                     by: hall.clerk.id)
        }
    }

    @Test func anUndecidedCaseIsWithdrawnAndLeavesTheQueue() throws {
        let hall = try Hall()
        let awaiting = try hall.awaitingCase()
        #expect(try hall.store.approvalQueue().map(\.caseRecord.number) == [awaiting.number])
        let withdrawn = try hall.store.withdraw(number: awaiting.number, expectedVersion: awaiting.version,
                                                reason: "申请人要求撤回申请", by: hall.otherClerk.id)
        #expect(withdrawn.status == .withdrawn)
        #expect(try hall.store.approvalQueue().isEmpty)
        let audit = try hall.store.auditLog(entity: "case", entityID: awaiting.number).last!
        #expect(audit.detail == #"{"from":"awaiting-approval","note":"撤回：申请人要求撤回申请","to":"withdrawn"}"#)
        // A supervisor can no longer decide it.
        #expect(throws: StoreError.self) {
            try hall.store.decide(caseID: awaiting.id, Hall.approve(), expectedVersion: withdrawn.version, by: hall.supervisor.id)
        }
        #expect(try hall.store.verify().isOK)
    }

    @Test func aCaseWaitingForDocumentsMayBeWithdrawnButNotVoided() throws {
        let hall = try Hall()
        let submitted = try hall.submittedCase(verdict: Fixture.missingDocumentsVerdict)
        let pending = try hall.store.setStatus(caseID: submitted.id, to: .pendingDocuments, expectedVersion: submitted.version,
                                               by: hall.clerk.id)
        #expect(throws: StoreError.notAllowed("办件 \(pending.number) 当前为“待补材料”：只有草稿可以作废（已提交的未决办件可以撤回）")) {
            try hall.store.voidDraft(number: pending.number, expectedVersion: pending.version, reason: "误建", by: hall.clerk.id)
        }
        #expect(try hall.store.withdraw(number: pending.number, expectedVersion: pending.version, reason: "不再办理",
                                        by: hall.clerk.id).status == .withdrawn)
    }

    @Test func refusedForADecidedCaseAStaleVersionABadReasonOrATrainee() throws {
        let hall = try Hall()
        let draft = try hall.store.createCase(caseJSON: Fixture.caseJSON(), by: hall.clerk.id)
        #expect(throws: StoreError.notAllowed("办件 \(draft.number) 当前为“草稿”：只有已提交、尚未办结或决定的办件可以撤回（草稿请作废）")) {
            try hall.store.withdraw(number: draft.number, expectedVersion: nil, reason: "撤回", by: hall.clerk.id)
        }
        #expect(throws: StoreError.staleCase(number: draft.number, expected: 7, actual: draft.version)) {
            try hall.store.voidDraft(number: draft.number, expectedVersion: 7, reason: "误建", by: hall.clerk.id)
        }
        #expect(throws: StoreError.invalidInput(field: "reason", reason: "请写明作废理由（至少 2 个字）")) {
            try hall.store.voidDraft(number: draft.number, expectedVersion: nil, reason: " 误 ", by: hall.clerk.id)
        }
        #expect(throws: StoreError.self) {
            try hall.store.voidDraft(number: draft.number, expectedVersion: nil, reason: "误建\u{1B}[2J", by: hall.clerk.id)
        }
        #expect(throws: StoreError.notAllowed("学员不能作废真实的办件")) {
            try hall.store.voidDraft(number: draft.number, expectedVersion: nil, reason: "误建", by: hall.trainee.id)
        }
        #expect(throws: StoreError.caseNotFound("2026-999999")) {
            try hall.store.voidDraft(number: "2026-999999", expectedVersion: nil, reason: "误建", by: hall.clerk.id)
        }
        #expect(try hall.store.case(number: draft.number)?.status == .draft)
        let registered = try hall.submittedCase(verdict: Fixture.acceptVerdict)
        let done = try hall.store.register(caseID: registered.id, enrollment: hall.newRecord, expectedVersion: registered.version,
                                           by: hall.clerk.id)
        #expect(throws: StoreError.notAllowed("办件 \(registered.number) 当前为“已登记”：只有已提交、尚未办结或决定的办件可以撤回（草稿请作废）")) {
            try hall.store.withdraw(number: registered.number, expectedVersion: done.caseRecord.version, reason: "撤回",
                                    by: hall.clerk.id)
        }
    }

    /// A v9 store: a completed service kept as `registered` (no enrollment written) and a real registration. Opening
    /// it applies v10 and reclassifies the first, in an audited write: the audit chain and every row still verify.
    @Test func upgradingFromV9ReclassifiesCompletedServicesInTheLog() throws {
        let home = try CanbaoBinary.temporaryDirectory("store-migrate-v9")
        let clock = TestClock()
        let path = home.appendingPathComponent(CounterStore.fileName).path
        do {
            let v9 = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(v9, upTo: Migrations.v9UnitsEmployees)
            let hash = try PasswordHash.make("老版本密码123", iterations: PasswordHash.minimumIterations)
            try v9.write { db in
                try db.execute(sql: """
                    INSERT INTO operator (id, name, display_name, role, password_hash, created_at)
                    VALUES (1, 'clerk1', 'clerk1', 'clerk', ?, '2025-01-02 03:04:05.000');
                    INSERT INTO person (id, document_kind, document_number, name, created_at, updated_at)
                    VALUES (1, 'resident-id', '150621199001010012', '张三', '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000');
                    INSERT INTO enrollment_record (id, person_id, place, scheme, status, year, paid, updated_at)
                    VALUES (1, 1, '150621', 'resident', 'active', 2026, 1, '2026-01-01 00:00:00.000');
                    INSERT INTO case_sequence (year, last) VALUES (2026, 3);
                    INSERT INTO case_record (id, number, workflow, region, applicant_id, case_json, decision, status, version,
                                             created_by, created_at, updated_at, registered_record_id)
                    VALUES (1, '2026-000001', 'suspend', 'dalate', 1, '{}', 'accept', 'registered', 5, 1,
                            '2026-02-01 01:00:00.000', '2026-02-01 01:10:00.000', NULL),
                           (2, '2026-000002', 'newborn', 'dalate', 1, '{}', 'accept', 'registered', 5, 1,
                            '2026-02-02 01:00:00.000', '2026-02-02 01:10:00.000', 1),
                           (3, '2026-000003', 'newborn', 'dalate', 1, '{}', NULL, 'draft', 2, 1,
                            '2026-02-03 01:00:00.000', '2026-02-03 01:10:00.000', NULL);
                    INSERT INTO draft (case_id, field, value, saved_by, saved_at)
                    VALUES (3, 'person.name', '张三', 1, '2026-02-03 01:10:00.000');
                    """, arguments: [hash])
            }
            try v9.close()
        }
        let store = try CounterStore(path: path, options: Fixture.options, now: { clock.now() })
        #expect(try store.appliedMigrations().last == "v14-audit-no-replace")
        #expect(try store.case(number: "2026-000001")?.status == .completed)
        #expect(try store.case(number: "2026-000002")?.status == .registered)
        #expect(try store.case(number: "2026-000001")?.version == 5)
        #expect(try store.drafts(caseID: 3).map(\.field) == ["person.name"])
        #expect(try store.auditLog().map(\.action) == ["audit.anchor", "case.reclassify"])
        #expect(try store.auditLog().last?.detail == #"{"cases":"1","from":"registered","to":"completed"}"#)
        let report = try store.verify()
        #expect(report.isOK, "\(report.findings)")
        // The new status is allowed by the rebuilt table, and opening again finds nothing more to reclassify.
        #expect(try store.voidDraft(number: "2026-000003", expectedVersion: nil, reason: "误建", by: 1).status == .voided)
        #expect(try store.reclassifyCompletedCases() == 0)
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try queue.read { db in
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + CounterStore.unreclassifiedQuery).map { $0["detail"] as String? ?? "" }.joined(separator: "; ")
            #expect(plan.contains("case_record_unreclassified"), "\(plan)")
        }
    }
}
