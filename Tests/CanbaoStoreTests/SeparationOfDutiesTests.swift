import CanbaoRules
@testable import CanbaoStore
import Foundation
import Testing

/// Issue 5: only supervisors decide exceptions, never on a case they raised or edited, once per exception, and
/// every decision is audited. Each rule is attempted and must fail in the store, leaving nothing written.
@Suite("Separation of duties")
struct SeparationOfDutiesTests {
    /// What a refused attempt must leave untouched.
    struct Snapshot: Equatable {
        var status: CaseStatus
        var version: Int
        var approvals: Int
        var auditEntries: Int

        init(_ hall: Hall, _ caseID: Int64) throws {
            let record = try #require(try hall.store.case(id: caseID))
            status = record.status
            version = record.version
            approvals = try hall.store.approvals(caseID: caseID).count
            auditEntries = try hall.store.auditLog().count
        }
    }

    /// Attempts the decision and expects exactly `error`, with the case, its approvals and the audit log unchanged.
    private func expectRefusal(_ hall: Hall, _ record: CaseRecord, _ decision: ApprovalDecision, by op: Operator,
                               _ error: StoreError, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try Snapshot(hall, record.id)
        #expect(throws: error, sourceLocation: sourceLocation) {
            try hall.store.decide(caseID: record.id, decision, expectedVersion: record.version, by: op.id)
        }
        #expect(try Snapshot(hall, record.id) == before, sourceLocation: sourceLocation)
    }

    // MARK: - Who may decide

    @Test(arguments: TestBackend.all) func aClerkCannotDecide(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase(by: hall.otherClerk)
        try expectRefusal(hall, waiting, Hall.approve(), by: hall.clerk, .notAllowed("只有审核员可以审批例外"))
        try expectRefusal(hall, waiting, Hall.reject(), by: hall.clerk, .notAllowed("只有审核员可以审批例外"))
    }

    @Test(arguments: TestBackend.all) func aTraineeCannotDecide(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase()
        try expectRefusal(hall, waiting, Hall.approve(), by: hall.trainee, .notAllowed("只有审核员可以审批例外"))
    }

    @Test(arguments: TestBackend.all) func aDisabledSupervisorCannotDecide(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase()
        try hall.store.setOperatorDisabled(name: "sup2", disabled: true, by: .system("test"))
        try expectRefusal(hall, waiting, Hall.approve(), by: hall.otherSupervisor, .operatorDisabled("sup2"))
    }

    @Test(arguments: TestBackend.all) func theCreatingSupervisorCannotDecideTheirOwnCase(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        // A supervisor serving at the counter raises an exception like any clerk.
        let waiting = try hall.awaitingCase(by: hall.supervisor)
        try expectRefusal(hall, waiting, Hall.approve(), by: hall.supervisor, .notAllowed("不能审批自己提出的例外"))
        try expectRefusal(hall, waiting, Hall.reject(), by: hall.supervisor, .notAllowed("不能审批自己提出的例外"))
    }

    @Test(arguments: TestBackend.all) func theRequestingSupervisorCannotDecide(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let submitted = try hall.submittedCase()
        // sup1 took the case over from the clerk and sent it on: they raised the exception.
        let waiting = try hall.store.requestApproval(caseID: submitted.id, justification: "代柜员提交审核",
                                                     expectedVersion: submitted.version, by: hall.supervisor.id)
        try expectRefusal(hall, waiting, Hall.approve(), by: hall.supervisor, .notAllowed("不能审批自己提出的例外"))
    }

    enum Edit: String, CaseIterable { case savedDraft, updatedCase, changedStatus }

    @Test(arguments: TestBackend.all, Edit.allCases)
    func aSupervisorWhoEditedTheCaseCannotDecideIt(_ backend: TestBackend, edit: Edit) throws {
        let hall = try Hall(backend)
        let json = Fixture.caseJSON(workflow: "newborn", region: "inner-mongolia", name: "张小宝")
        var record = try hall.store.createCase(caseJSON: json, applicantID: hall.applicant.id, by: hall.clerk.id)
        var editor = hall.clerk
        switch edit {
        case .savedDraft:
            try hall.store.saveDraft(caseID: record.id, field: "person.name", value: "\"张小宝\"",
                                     expectedVersion: record.version, by: hall.otherSupervisor.id)
            record = try #require(try hall.store.case(id: record.id))
        case .updatedCase:
            editor = hall.otherSupervisor
        case .changedStatus:
            break
        }
        record = try hall.store.updateCase(caseID: record.id, caseJSON: json, verdictJSON: Fixture.approvalVerdict,
                                           applicantID: hall.applicant.id, expectedVersion: record.version,
                                           by: editor.id)
        let submitter = edit == .changedStatus ? hall.otherSupervisor : hall.clerk
        record = try hall.store.setStatus(caseID: record.id, to: .submitted, expectedVersion: record.version,
                                          by: submitter.id)
        let waiting = try hall.store.requestApproval(caseID: record.id, justification: "家长住院，延误办理",
                                                     expectedVersion: record.version, by: hall.clerk.id)
        #expect(try hall.store.editors(ofCase: waiting.id) == [hall.clerk.id, hall.otherSupervisor.id])
        try expectRefusal(hall, waiting, Hall.approve(), by: hall.otherSupervisor,
                          .notAllowed("不能审批自己经办或修改过的办件 2026-000001"))
        // A supervisor who never touched it may.
        let decided = try hall.store.decide(caseID: waiting.id, Hall.approve(), expectedVersion: waiting.version,
                                            by: hall.thirdSupervisor.id)
        #expect(decided.version == waiting.version + 1)
    }

    @Test(arguments: TestBackend.all) func recordApprovalObeysTheSameRules(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let submitted = try hall.submittedCase()
        let updated = try hall.store.updateCase(caseID: submitted.id, caseJSON: submitted.caseJSON,
                                                verdictJSON: Fixture.approvalVerdict, applicantID: hall.applicant.id,
                                                expectedVersion: submitted.version, by: hall.otherSupervisor.id)
        let waiting = try hall.store.requestApproval(caseID: updated.id, justification: "家长住院，延误办理",
                                                     expectedVersion: updated.version, by: hall.clerk.id)
        #expect(throws: StoreError.notAllowed("不能审批自己经办或修改过的办件 2026-000001")) {
            try hall.store.recordApproval(caseID: waiting.id, finding: Fixture.windowFinding, decision: .approved,
                                          reason: "同意", expectedVersion: waiting.version,
                                          by: hall.otherSupervisor.id)
        }
        try hall.store.decide(caseID: waiting.id, Hall.approve(), expectedVersion: waiting.version,
                              by: hall.thirdSupervisor.id)
        #expect(throws: StoreError.notAllowed("办件 2026-000001 的例外 newborn.window 已经审批，不能再次审批")) {
            try hall.store.recordApproval(caseID: waiting.id, finding: Fixture.windowFinding, decision: .approved,
                                          reason: "同意", expectedVersion: waiting.version + 1,
                                          by: hall.supervisor.id)
        }
    }

    // MARK: - What may be decided

    @Test(arguments: TestBackend.all) func aCaseNotAwaitingApprovalCannotBeDecided(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let submitted = try hall.submittedCase()
        try expectRefusal(hall, submitted, Hall.approve(), by: hall.otherSupervisor,
                          .notAllowed("办件 2026-000001 当前为“已提交”，不在待审核状态"))
        let draft = try hall.store.createCase(caseJSON: Fixture.caseJSON(), by: hall.clerk.id)
        try expectRefusal(hall, draft, Hall.approve(), by: hall.otherSupervisor,
                          .notAllowed("办件 2026-000002 当前为“草稿”，不在待审核状态"))
    }

    @Test(arguments: TestBackend.all) func theSameFindingCannotBeDecidedTwice(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase(verdict: Fixture.twoExceptionsVerdict)
        let first = try hall.store.decide(caseID: waiting.id, Hall.approve([Fixture.windowFinding]),
                                          expectedVersion: waiting.version, by: hall.otherSupervisor.id)
        #expect(first.status == .awaitingApproval)
        let again = StoreError.notAllowed("办件 2026-000001 的例外 newborn.window 已经审批，不能再次审批")
        try expectRefusal(hall, first, Hall.approve([Fixture.windowFinding]), by: hall.otherSupervisor, again)
        try expectRefusal(hall, first, Hall.reject([Fixture.windowFinding]), by: hall.thirdSupervisor, again)
        try expectRefusal(hall, first, Hall.approve([Fixture.placeFinding, Fixture.windowFinding]),
                          by: hall.thirdSupervisor, again)
        // The other exception is still open, and another supervisor may decide it.
        let second = try hall.store.decide(caseID: waiting.id, Hall.approve([Fixture.placeFinding], note: "学校证明"),
                                           expectedVersion: first.version, by: hall.thirdSupervisor.id)
        #expect(try hall.store.approvals(caseID: waiting.id).map(\.rule) == ["newborn.window", "student.third-place"])
        try expectRefusal(hall, second, Hall.approve([Fixture.placeFinding]), by: hall.admin,
                          .notAllowed("办件 2026-000001 的例外 student.third-place 已经审批，不能再次审批"))
    }

    /// A supervisor's decision inserted with the sqlite3 shell (or psql): registering read the approval rows and let
    /// the case through without any supervisor; and the forged row kept a real supervisor from deciding, as if the
    /// exception had been decided.
    @Test(arguments: TestBackend.all) func anApprovalForgedWithTheShellNeitherRegistersNorBlocks(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase()
        try PriorStateCheckTests.tamper(hall, backend, """
            INSERT INTO approval (case_id, rule, citation, message, requested_by, decided_by, decision, reason, decided_at)
            VALUES (\(waiting.id), 'newborn.window', '内蒙古细则 第十二条（一）1', '出生已超过 90 天', \(hall.clerk.id),
                    \(hall.otherSupervisor.id), 'approved', '同意', '2026-03-01 10:00:00.000')
            """)
        let forged = try #require(try hall.store.approvals(caseID: waiting.id).first)
        let before = try Snapshot(hall, waiting.id)
        let records = try hall.store.platformRecords(forPerson: hall.applicant.id).count
        #expect(throws: StoreError.tamperedWrite("审批（approval） #\(forged.id)")) {
            try hall.store.register(caseID: waiting.id, enrollment: hall.newRecord, expectedVersion: waiting.version,
                                    by: hall.clerk.id)
        }
        #expect(try hall.store.case(id: waiting.id)?.status == .awaitingApproval)
        #expect(try hall.store.platformRecords(forPerson: hall.applicant.id).count == records)
        #expect(try hall.store.auditLog().last?.action == "store.write-refused")
        try expectRefusal(hall, waiting, Hall.approve(), by: hall.thirdSupervisor,
                          .tampered("办件 2026-000001 的审批记录"))
        #expect(try Snapshot(hall, waiting.id).approvals == before.approvals)
    }

    /// The same rows as the store wrote them let the case through, as before.
    @Test(arguments: TestBackend.all) func aRealApprovalStillRegisters(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase()
        let approved = try hall.store.decide(caseID: waiting.id, Hall.approve(), expectedVersion: waiting.version,
                                             by: hall.otherSupervisor.id)
        try expectRefusal(hall, approved, Hall.approve(), by: hall.thirdSupervisor,
                          .notAllowed("办件 2026-000001 的例外 newborn.window 已经审批，不能再次审批"))
        let done = try hall.store.register(caseID: waiting.id, enrollment: hall.newRecord,
                                           expectedVersion: approved.version, by: hall.clerk.id)
        #expect(done.caseRecord.status == .registered)
    }

    @Test(arguments: TestBackend.all) func aRejectedCaseCannotBeDecidedAgain(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase()
        let refused = try hall.store.decide(caseID: waiting.id, Hall.reject(), expectedVersion: waiting.version,
                                            by: hall.otherSupervisor.id)
        #expect(refused.status == .refused)
        let final = StoreError.notAllowed("办件 2026-000001 当前为“不予办理”，不在待审核状态")
        try expectRefusal(hall, refused, Hall.approve(), by: hall.thirdSupervisor, final)
        try expectRefusal(hall, refused, Hall.reject(), by: hall.otherSupervisor, final)
        // Nor can anyone move it back into the queue.
        #expect(throws: StoreError.invalidTransition(number: "2026-000001", from: .refused, to: .awaitingApproval)) {
            try hall.store.requestApproval(caseID: refused.id, justification: "再次申请审核",
                                           expectedVersion: refused.version, by: hall.clerk.id)
        }
    }

    @Test(arguments: TestBackend.all) func anEmptyNoteIsRefused(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase()
        try expectRefusal(hall, waiting, Hall.approve(note: ""), by: hall.otherSupervisor,
                          .notAllowed("请填写审批意见"))
        try expectRefusal(hall, waiting, Hall.reject(note: " \n\t "), by: hall.otherSupervisor,
                          .notAllowed("请填写驳回理由"))
    }

    @Test(arguments: TestBackend.all) func waivingDocumentsOnARejectionIsRefused(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase(verdict: Fixture.approvalVerdict(missing: ["hukou-booklet"]))
        var decision = Hall.reject()
        decision.waivedDocuments = ["hukou-booklet"]
        try expectRefusal(hall, waiting, decision, by: hall.otherSupervisor,
                          .notAllowed("驳回时不能以告知承诺代替材料"))
    }

    @Test(arguments: TestBackend.all) func onlyTheCasesOwnExceptionsAreDecided(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase()
        try expectRefusal(hall, waiting, Hall.approve([]), by: hall.otherSupervisor,
                          .invalidInput(field: "findings", reason: "至少要审批一项例外"))
        try expectRefusal(hall, waiting, Hall.approve([Fixture.placeFinding]), by: hall.otherSupervisor,
                          .invalidInput(field: "findings", reason: "办件 2026-000001 的校验结论中没有例外 student.third-place"))
        let warning = Finding(rule: "newborn.window", severity: .warn, message: "提醒", citation: "")
        try expectRefusal(hall, waiting, Hall.approve([warning]), by: hall.otherSupervisor,
                          .invalidInput(field: "findings", reason: "newborn.window 不是“需审核”的例外"))
    }

    @Test(arguments: TestBackend.all) func aStaleVersionIsRefused(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase()
        #expect(throws: StoreError.staleCase(number: "2026-000001", expected: waiting.version - 1,
                                             actual: waiting.version)) {
            try hall.store.decide(caseID: waiting.id, Hall.approve(), expectedVersion: waiting.version - 1,
                                  by: hall.otherSupervisor.id)
        }
    }

    // MARK: - Happy paths and their audit trail

    @Test(arguments: TestBackend.all) func approveThenRegister(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase()
        let request = try #require(try hall.store.approvalRequests(caseID: waiting.id).last)
        #expect(throws: StoreError.approvalsMissing(number: "2026-000001", rules: ["newborn.window"])) {
            try hall.store.register(caseID: waiting.id, enrollment: hall.newRecord, expectedVersion: waiting.version,
                                    by: hall.clerk.id)
        }
        let approved = try hall.store.decide(caseID: waiting.id, Hall.approve(), expectedVersion: waiting.version,
                                             by: hall.otherSupervisor.id)
        #expect(approved.status == .awaitingApproval)
        #expect(approved.version == waiting.version + 1)
        #expect(approved.caseJSON == waiting.caseJSON)
        #expect(approved.verdictJSON == waiting.verdictJSON)

        let approvals = try hall.store.approvals(caseID: waiting.id)
        #expect(approvals.count == 1)
        let approval = try #require(approvals.first)
        #expect(approval.rule == "newborn.window")
        #expect(approval.citation == "内蒙古细则 第十二条（一）1")
        #expect(approval.message == "出生已超过 90 天")
        #expect(approval.decision == .approved)
        #expect(approval.reason == "医院出具证明，系因病延误")
        #expect(approval.requestedBy == hall.clerk.id)
        #expect(approval.decidedBy == hall.otherSupervisor.id)
        #expect(approval.waivedDocuments == [])
        #expect(approval.requestID == request.id)

        let audit = try #require(try hall.store.auditLog(entity: "case", entityID: "2026-000001").last)
        #expect(audit.actor == "sup2")
        #expect(audit.operatorID == hall.otherSupervisor.id)
        #expect(audit.action == "case.approve")
        #expect(audit.detail == #"{"decision":"approved","reason":"医院出具证明，系因病延误","rules":"newborn.window","status":"awaiting-approval"}"#)
        #expect(audit.at == String.fromDatabaseValue(approval.decidedAt.databaseValue))
        #expect(try hall.store.approvalQueue().isEmpty)

        let registration = try hall.store.register(caseID: waiting.id, enrollment: hall.newRecord,
                                                   expectedVersion: approved.version, by: hall.clerk.id)
        #expect(registration.caseRecord.status == .registered)
        #expect(try hall.store.auditLog(entity: "case", entityID: "2026-000001").map(\.action)
            == ["case.create", "case.update", "case.status", "case.status", "case.approve", "case.register"])
        #expect(try hall.store.verify().isOK)
    }

    @Test(arguments: TestBackend.all) func anAdminWhoNeverTouchedTheCaseMayApprove(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase()
        let approved = try hall.store.decide(caseID: waiting.id, Hall.approve(), expectedVersion: waiting.version,
                                             by: hall.admin.id)
        #expect(approved.status == .awaitingApproval)
        #expect(try hall.store.approvals(caseID: waiting.id).map(\.decidedBy) == [hall.admin.id])
    }

    @Test(arguments: TestBackend.all) func approveWithAWrittenCommitmentThenRegister(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase(verdict: Fixture.approvalVerdict(missing: ["hukou-booklet"]))
        let approved = try hall.store.decide(caseID: waiting.id,
                                             Hall.approve(note: "同意，户口簿以告知承诺代替", waiving: ["hukou-booklet"]),
                                             expectedVersion: waiting.version, by: hall.otherSupervisor.id)
        #expect(try hall.store.approvals(caseID: waiting.id).map(\.waivedDocuments) == [["hukou-booklet"]])
        let audit = try #require(try hall.store.auditLog(entity: "case").last)
        #expect(audit.actor == "sup2")
        #expect(audit.action == "case.approve")
        #expect(audit.detail == #"{"decision":"approved","reason":"同意，户口簿以告知承诺代替","rules":"newborn.window","status":"awaiting-approval","waived":"hukou-booklet"}"#)
        // The committed document no longer blocks registration.
        let registration = try hall.store.register(caseID: waiting.id, enrollment: hall.newRecord,
                                                   expectedVersion: approved.version, by: hall.clerk.id)
        #expect(registration.caseRecord.status == .registered)
    }

    @Test(arguments: TestBackend.all) func approveWithACommitmentWhileOtherDocumentsAreMissingGoesBackToPendingDocuments(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase(verdict: Fixture.approvalVerdict(missing: ["hukou-booklet", "guardian-id"]))
        let approved = try hall.store.decide(caseID: waiting.id,
                                             Hall.approve(note: "同意，户口簿以告知承诺代替", waiving: ["hukou-booklet"]),
                                             expectedVersion: waiting.version, by: hall.otherSupervisor.id)
        #expect(throws: StoreError.notRegistrable(number: "2026-000001", reason: "材料不全，需一次性告知补齐")) {
            try hall.store.register(caseID: waiting.id, enrollment: hall.newRecord, expectedVersion: approved.version,
                                    by: hall.otherSupervisor.id)
        }
        let pending = try hall.store.setStatus(caseID: waiting.id, to: .pendingDocuments,
                                               expectedVersion: approved.version, by: hall.otherSupervisor.id,
                                               note: "监护人身份证")
        #expect(pending.status == .pendingDocuments)
        // The applicant brings the guardian's ID: re-checked, submitted, and registered on the earlier approval.
        let checked = try hall.store.updateCase(caseID: pending.id, caseJSON: pending.caseJSON,
                                                verdictJSON: Fixture.approvalVerdict(missing: ["hukou-booklet"]),
                                                applicantID: hall.applicant.id, expectedVersion: pending.version,
                                                by: hall.clerk.id)
        let submitted = try hall.store.setStatus(caseID: checked.id, to: .submitted, expectedVersion: checked.version,
                                                 by: hall.clerk.id)
        let registration = try hall.store.register(caseID: submitted.id, enrollment: hall.newRecord,
                                                   expectedVersion: submitted.version, by: hall.clerk.id)
        #expect(registration.caseRecord.status == .registered)
    }

    @Test(arguments: TestBackend.all) func approveWritesTheCommittedCaseAndItsVerdictInTheSameTransaction(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase(verdict: Fixture.approvalVerdict(missing: ["hukou-booklet"]))
        let committedCase = """
            {"workflow":"newborn","region":"inner-mongolia","today":"2026-03-01","person":{"name":"张小宝"},\
            "documents_presented":["resident-id"],"documents_committed":["hukou-booklet"]}
            """
        var decision = Hall.approve(note: "同意，户口簿以告知承诺代替", waiving: ["hukou-booklet"])
        decision.caseJSON = committedCase
        decision.verdictJSON = Fixture.approvalVerdict
        let approved = try hall.store.decide(caseID: waiting.id, decision, expectedVersion: waiting.version,
                                             by: hall.otherSupervisor.id)
        #expect(try approved.caseFile() == CaseFile(json: committedCase))
        #expect(try approved.verdict() == Verdict(json: Fixture.approvalVerdict))
        #expect(approved.decision == .needsApproval)
        #expect(approved.version == waiting.version + 1)
        let audit = try #require(try hall.store.auditLog(entity: "case").last)
        #expect(audit.detail == #"{"decision":"approved","reason":"同意，户口簿以告知承诺代替","rules":"newborn.window","status":"awaiting-approval","verdict":"needs-approval","waived":"hukou-booklet"}"#)

        // An invalid case file writes nothing at all.
        let other = try hall.awaitingCase()
        var broken = Hall.approve()
        broken.caseFile = CaseFile(workflow: "newborn", region: "", today: LocalDate("2026-03-01")!)
        #expect(throws: StoreError.invalidCase("缺少 region")) {
            try hall.store.decide(caseID: other.id, broken, expectedVersion: other.version, by: hall.otherSupervisor.id)
        }
        #expect(try hall.store.approvals(caseID: other.id).isEmpty)
    }

    @Test(arguments: TestBackend.all) func rejectRefusesTheCase(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try hall.awaitingCase()
        let refused = try hall.store.decide(caseID: waiting.id, Hall.reject(), expectedVersion: waiting.version,
                                            by: hall.otherSupervisor.id)
        #expect(refused.status == .refused)
        #expect(refused.version == waiting.version + 1)
        let approval = try #require(try hall.store.approvals(caseID: waiting.id).first)
        #expect(approval.decision == .rejected)
        #expect(approval.reason == "超过登记期限且无正当理由")
        #expect(approval.decidedBy == hall.otherSupervisor.id)
        let audit = try #require(try hall.store.auditLog(entity: "case", entityID: "2026-000001").last)
        #expect(audit.actor == "sup2")
        #expect(audit.action == "case.reject")
        #expect(audit.detail == #"{"decision":"rejected","reason":"超过登记期限且无正当理由","rules":"newborn.window","status":"refused"}"#)
        #expect(throws: StoreError.invalidTransition(number: "2026-000001", from: .refused, to: .registered)) {
            try hall.store.register(caseID: waiting.id, enrollment: hall.newRecord, expectedVersion: refused.version,
                                    by: hall.clerk.id)
        }
        #expect(try hall.store.approvalQueue().isEmpty)
        #expect(try hall.store.verify().isOK)
    }

    @Test(arguments: TestBackend.all) func editorsComeFromTheAuditLog(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let draft = try hall.store.createCase(caseJSON: Fixture.caseJSON(), by: hall.clerk.id)
        #expect(try hall.store.editors(ofCase: draft.id) == [hall.clerk.id])
        let saved = try hall.store.saveDraft(caseID: draft.id, field: "person.name", value: "\"张三\"",
                                             expectedVersion: draft.version, by: hall.otherClerk.id)
        #expect(try hall.store.editors(ofCase: draft.id) == [hall.clerk.id, hall.otherClerk.id])
        try hall.store.setStatus(caseID: draft.id, to: .withdrawn, expectedVersion: saved, by: hall.trainee.id)
        // Withdrawal dropped the draft rows; the audit log still names everyone.
        #expect(try hall.store.drafts(caseID: draft.id).isEmpty)
        #expect(try hall.store.editors(ofCase: draft.id) == [hall.clerk.id, hall.otherClerk.id, hall.trainee.id])
        #expect(throws: StoreError.caseNotFound("#99")) { try hall.store.editors(ofCase: 99) }
    }
}
