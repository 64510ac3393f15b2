@testable import CanbaoCounter
import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// The counter's use cases: what each writes, what it prints, and that each is one transaction — a crash at its
/// last write leaves the store exactly as it was.
@Suite struct CounterUseCaseTests {
    static let late = "Tests/CanbaoCLITests/Cases/newborn/im-day-91-needs-approval.yaml"

    /// An accepted version of the day-91 newborn: registered on day 90.
    static func accepted(_ hall: Hall) throws -> (CaseFile, Verdict) {
        var (c, _) = try hall.caseFile(late)
        c.today = LocalDate("2026-04-01")!
        let verdict = try Evaluator.evaluate(c, forms: TestForms.shared, file: "day-90")
        return (c, verdict)
    }

    @Test func submittingAnAcceptedCaseRegistersThePersonAndPrintsTheReceipt() throws {
        let hall = try Hall()
        let (c, verdict) = try Self.accepted(hall)
        #expect(verdict.decision == .accept)
        let served = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: c, field: "person.name"),
                                             verdict: verdict, justification: nil, by: hall.clerk)
        #expect(served.status == .registered)
        #expect(served.decision == .accept)
        #expect(served.enrolls)
        let person = try #require(try hall.store.person(byDocument: c.person!.document!))
        #expect(person.name == "王小禾")
        let records = try hall.store.platformRecords(forPerson: person.id)
        #expect(records.map(\.platformRecord) == [PlatformRecord(place: "150102", scheme: .resident, status: .active, year: 2026,
                                                                 paid: false, since: LocalDate("2026-04-01"))])
        let stored = try #require(try hall.store.case(number: served.number))
        #expect(stored.applicantID == person.id)
        #expect(stored.registeredRecordID == records[0].id)
        #expect(try stored.caseFile() == c)
        #expect(try stored.verdict() == verdict)
        #expect(served.printed.map { URL(fileURLWithPath: $0).lastPathComponent } == ["\(served.number)-回执.txt", "\(served.number)-回执.html"])
        let receipt = try String(contentsOfFile: served.printed[0], encoding: .utf8)
        #expect(receipt.hasPrefix("基本医疗保险参保登记回执"))
        #expect(receipt.contains("经办人：clerk1"))
    }

    @Test func eachDecisionLeavesTheCaseWhereItBelongs() throws {
        let hall = try Hall()
        let (late, lateVerdict) = try hall.caseFile(Self.late)
        let waiting = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: late), verdict: lateVerdict,
                                              justification: "家长住院，延误办理", by: hall.clerk)
        #expect(waiting.status == .awaitingApproval)
        #expect(try hall.store.approvalQueue().map(\.caseRecord.number) == [waiting.number])
        #expect(URL(fileURLWithPath: waiting.printed[0]).lastPathComponent == "\(waiting.number)-审核受理回执.txt")

        var missing = late
        missing.documentsPresented = ["birth-certificate"]
        missing.today = LocalDate("2026-04-01")!
        let missingVerdict = try Evaluator.evaluate(missing, forms: TestForms.shared, file: "missing")
        let pending = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: missing), verdict: missingVerdict,
                                              justification: nil, by: hall.clerk)
        #expect(pending.status == .pendingDocuments)
        #expect(try String(contentsOfFile: pending.printed[0], encoding: .utf8).contains("需补充的材料"))
        #expect(try hall.store.person(byDocument: missing.person!.document!) == nil)

        let (refused, refusedVerdict) = try hall.caseFile("Tests/CanbaoCLITests/Cases/newborn/im-deceased-day-91-refuse.yaml")
        let closed = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: refused), verdict: refusedVerdict,
                                             justification: nil, by: hall.clerk)
        #expect(closed.status == .refused)
        #expect(URL(fileURLWithPath: closed.printed[0]).lastPathComponent == "\(closed.number)-不予办理通知书.txt")
    }

    @Test func draftsSavedBeforeTheFirstReplyReachTheSameCase() throws {
        let hall = try Hall()
        let (c, _) = try hall.caseFile(Self.late)
        let first = try hall.counter.saveDraft(CaseInProgress(number: nil, version: nil, caseFile: c, field: "person.name"), by: hall.clerk)
        let second = try hall.counter.saveDraft(CaseInProgress(number: first.number, version: first.version, caseFile: c,
                                                               field: "person.document"), by: hall.clerk)
        #expect(second.number == first.number)
        #expect(second.version > first.version)
        #expect(throws: StoreError.staleCase(number: first.number, expected: first.version, actual: second.version)) {
            try hall.counter.saveDraft(CaseInProgress(number: first.number, version: first.version, caseFile: c), by: hall.otherClerk)
        }
        #expect(try hall.store.drafts(caseID: first.id).map(\.field) == ["person.name", "person.document"])
    }

    // MARK: supervision

    @Test func approvingAnOverdueNewbornRegistersItInTheSameTransaction() throws {
        let hall = try Hall()
        let (late, verdict) = try hall.caseFile(Self.late)
        let waiting = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: late), verdict: verdict,
                                              justification: "家长住院，延误办理", by: hall.clerk)
        let stored = try #require(try hall.store.case(number: waiting.number))
        let approved = try hall.counter.decide(number: waiting.number, version: stored.version, approve: true, note: "医院证明属实",
                                               exceptions: verdict.exceptions, waived: [], by: hall.supervisor)
        #expect(approved.status == .registered)
        #expect(approved.decision == .accept)
        #expect(try hall.store.approvals(caseID: stored.id).map(\.decision) == [.approved])
        let person = try #require(try hall.store.person(byDocument: late.person!.document!))
        #expect(try hall.store.platformRecords(forPerson: person.id).count == 1)
        #expect(try String(contentsOfFile: approved.printed[0], encoding: .utf8).contains("审核员sup1批准：医院证明属实"))
    }

    /// The stuck approval: an approval whose case blocks when checked again used to be committed before the block was
    /// noticed, leaving the case awaiting approval with its exception decided, so nobody could decide it again.
    @Test func anApprovalThatStillBlocksWritesNothingAndTheCaseCanStillBeRejected() throws {
        let hall = try Hall()
        let (late, verdict) = try hall.caseFile(Self.late)
        let waiting = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: late), verdict: verdict,
                                              justification: "家长住院，延误办理", by: hall.clerk)
        // Since it was sent, the platform shows the newborn already enrolled elsewhere this year: checked again, it blocks.
        var changed = late
        changed.platformRecords = [PlatformRecord(place: "150602", scheme: .resident, status: .active, year: 2026, paid: true)]
        #expect(try Evaluator.evaluate(changed, forms: TestForms.shared, file: "x").findings.contains { $0.severity == .block })
        var stored = try #require(try hall.store.case(number: waiting.number))
        stored = try hall.store.updateCase(caseID: stored.id, caseFile: changed, verdict: try stored.verdict(), applicantID: nil,
                                           expectedVersion: stored.version, by: hall.otherClerk.id)
        let before = try hall.snapshot()

        #expect(throws: StoreError.self) {
            try hall.counter.decide(number: stored.number, version: stored.version, approve: true, note: "同意",
                                    exceptions: verdict.exceptions, waived: [], by: hall.supervisor)
        }
        #expect(try hall.snapshot() == before)
        let rejected = try hall.counter.decide(number: stored.number, version: stored.version, approve: false, note: "已在他处参保",
                                               exceptions: verdict.exceptions, waived: [], by: hall.supervisor)
        #expect(rejected.status == .refused)
        #expect(try hall.store.approvals(caseID: stored.id).map(\.decision) == [.rejected])
    }

    // MARK: one transaction each

    @Test(arguments: ["case.register", "person.add", "case.status"])
    func aSubmissionThatFailsAtAnyWriteLeavesNothing(_ failingAt: String) throws {
        let hall = try Hall()
        let (c, verdict) = try Self.accepted(hall)
        let draft = try hall.counter.saveDraft(CaseInProgress(number: nil, version: nil, caseFile: c, field: "person.name"), by: hall.clerk)
        let before = try hall.snapshot()
        try hall.crash(at: failingAt)
        #expect(throws: (any Error).self) {
            try hall.counter.submit(CaseInProgress(number: draft.number, version: draft.version, caseFile: c, field: "person.sex"),
                                    verdict: verdict, justification: nil, by: hall.clerk)
        }
        try hall.recover()
        #expect(try hall.snapshot() == before)
        // Nothing half-done stands in the way: the same submission goes through once the fault is gone.
        let served = try hall.counter.submit(CaseInProgress(number: draft.number, version: draft.version, caseFile: c, field: "person.sex"),
                                             verdict: verdict, justification: nil, by: hall.clerk)
        #expect(served.status == .registered)
    }

    @Test func anApprovalThatFailsAtRegistrationLeavesTheCaseAwaitingApproval() throws {
        let hall = try Hall()
        let (late, verdict) = try hall.caseFile(Self.late)
        let waiting = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: late), verdict: verdict,
                                              justification: "家长住院，延误办理", by: hall.clerk)
        let stored = try #require(try hall.store.case(number: waiting.number))
        let before = try hall.snapshot()
        try hall.crash(at: "case.register")
        #expect(throws: (any Error).self) {
            try hall.counter.decide(number: stored.number, version: stored.version, approve: true, note: "医院证明属实",
                                    exceptions: verdict.exceptions, waived: [], by: hall.supervisor)
        }
        try hall.recover()
        #expect(try hall.snapshot() == before)
        #expect(try hall.store.approvalQueue().map(\.caseRecord.number) == [stored.number])
        let approved = try hall.counter.decide(number: stored.number, version: stored.version, approve: true, note: "医院证明属实",
                                               exceptions: verdict.exceptions, waived: [], by: hall.supervisor)
        #expect(approved.status == .registered)
    }

    @Test func aRejectionThatFailsLeavesTheCaseAwaitingApproval() throws {
        let hall = try Hall()
        let (late, verdict) = try hall.caseFile(Self.late)
        let waiting = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: late), verdict: verdict,
                                              justification: "家长住院，延误办理", by: hall.clerk)
        let stored = try #require(try hall.store.case(number: waiting.number))
        let before = try hall.snapshot()
        try hall.crash(at: "case.reject")
        #expect(throws: (any Error).self) {
            try hall.counter.decide(number: stored.number, version: stored.version, approve: false, note: "理由不充分",
                                    exceptions: verdict.exceptions, waived: [], by: hall.supervisor)
        }
        try hall.recover()
        #expect(try hall.snapshot() == before)
    }

    @Test func aDraftThatFailsOpensNoCase() throws {
        let hall = try Hall()
        let (c, _) = try hall.caseFile(Self.late)
        let before = try hall.snapshot()
        try hall.crash(at: "case.draft")
        #expect(throws: (any Error).self) {
            try hall.counter.saveDraft(CaseInProgress(number: nil, version: nil, caseFile: c, field: "person.name"), by: hall.clerk)
        }
        try hall.recover()
        #expect(try hall.snapshot() == before)
    }
}

/// Resolving a duplicate enrollment: the other record ends and the refund due opens as a draft case, together.
@Suite struct DuplicateResolutionTests {
    /// 王芳 paid next year's resident premium in two places of Inner Mongolia (内蒙古细则 第二十三条（二）).
    static func seeded() throws -> (Hall, Int64, [EnrollmentRecord]) {
        let hall = try Hall()
        let number = IDNumbers.residentID(area: "150102", birth: LocalDate("1990-01-01")!, sequence: 12)
        let document = IdentityDocument(kind: .residentID, number: number)
        _ = try hall.store.load([InterchangePerson(person: PersonInput(document: document, name: "王芳"), records: [
            NewEnrollment(place: "150102", scheme: .resident, year: 2027, paid: true, amountFen: 40_000),
            NewEnrollment(place: "150621", scheme: .resident, year: 2027, paid: true, amountFen: 40_000),
        ])], by: .system("test"))
        let person = try #require(try hall.store.person(byDocument: document))
        return (hall, person.id, try hall.store.platformRecords(forPerson: person.id))
    }

    @Test func theOtherRecordEndsAndItsRefundOpensInOneTransaction() throws {
        let (hall, personID, records) = try Self.seeded()
        let keep = [0: records[0].id]
        let found = try #require(try hall.counter.duplicates(ofPerson: personID, keep: keep))
        #expect(found.duplicates.count == 1)
        let done = try hall.counter.resolveDuplicate(personID: personID, index: 0, keep: keep, commitment: true, by: hall.clerk)
        #expect(done.keptRecordID == records[0].id)
        #expect(done.changed.map(\.recordID) == [records[1].id])
        #expect(try hall.store.platformRecord(id: records[1].id)?.status != .active)
        #expect(done.refundCases.count == found.duplicates[0].refundCases.count)
        for number in done.refundCases {
            let refund = try #require(try hall.store.case(number: number))
            #expect(refund.workflow == "refund")
            #expect(refund.status == .draft)
            #expect(refund.applicantID == personID)
        }
        #expect(done.summary.hasPrefix("案件 \(done.number) 已办结：保留 #\(records[0].id)"))
    }

    /// The resolution is a numbered case like any other: completed, with its audit rows, counted in the day's
    /// statistics, and a notice saying what was kept and why, with the refund case it opened.
    @Test func theResolutionIsANumberedCaseWithItsNoticeAndItsLineInTheStatistics() throws {
        let (hall, personID, records) = try Self.seeded()
        let keep = [0: records[0].id]
        let done = try hall.counter.resolveDuplicate(personID: personID, index: 0, keep: keep, commitment: true, by: hall.clerk)
        let resolution = try #require(try hall.store.case(number: done.number))
        #expect(resolution.workflow == "duplicate-resolution")
        #expect(resolution.status == .completed)
        #expect(resolution.applicantID == personID)
        #expect(resolution.createdBy == hall.clerk.id)
        let file = try resolution.caseFile()
        #expect(file.facts["keep_record"] == .int(Int(records[0].id)))
        #expect(file.facts["commitment"] == .bool(true))
        #expect(file.platformRecords.map(\.place) == ["150102", "150621"])
        #expect(try hall.store.auditLog(entity: "case", entityID: done.number).map(\.action) == ["case.create", "case.complete"])
        #expect(try hall.store.auditLog(entity: "person", entityID: String(personID)).last?.detail.contains(done.number) == true)
        #expect(hall.counter.workflowTitle(resolution.workflow) == "重复参保处理")
        let day = try hall.store.dailyStatistics(date: hall.counter.today)
        let clerk = try #require(day.rows.first { $0.operatorName == "clerk1" })
        #expect(clerk.outcomes["duplicate-resolution"] == ["completed": 1])
        #expect(clerk.drafts == done.refundCases.count)
        #expect(done.printed.map { URL(fileURLWithPath: $0).lastPathComponent }
                == ["\(done.number)-重复参保处理告知书.txt", "\(done.number)-重复参保处理告知书.html"])
        let notice = try String(contentsOfFile: done.printed[0], encoding: .utf8)
        Golden.checkText(notice, "notice-duplicate-resolution")
        #expect(try hall.store.verify().isOK)
    }

    @Test(arguments: ["duplicate.resolve", "case.create", "case.complete"])
    func aResolutionThatFailsEndsNothing(_ failingAt: String) throws {
        let (hall, personID, records) = try Self.seeded()
        let keep = [0: records[0].id]
        let found = try #require(try hall.counter.duplicates(ofPerson: personID, keep: keep))
        try #require(!found.duplicates[0].refundCases.isEmpty || failingAt == "duplicate.resolve")
        let before = try hall.snapshot()
        try hall.crash(at: failingAt)
        #expect(throws: (any Error).self) {
            try hall.counter.resolveDuplicate(personID: personID, index: 0, keep: keep, commitment: true, by: hall.clerk)
        }
        try hall.recover()
        #expect(try hall.snapshot() == before)
        #expect(try hall.store.platformRecords(forPerson: personID).map(\.status) == [.active, .active])
    }

    @Test func aTraineeCannotResolveARealDuplicate() throws {
        let (hall, personID, records) = try Self.seeded()
        let trainee = try hall.store.addOperator(name: "t1", displayName: "学员", role: .trainee, password: "Hall-pass-2026",
                                                 by: .system("test"))
        #expect(throws: StoreError.notAllowed("学员不能处理真实的重复参保")) {
            try hall.counter.resolveDuplicate(personID: personID, index: 0, keep: [0: records[0].id], commitment: true, by: trainee)
        }
    }
}

/// Undoing a mistake: a draft voided, an undecided case withdrawn, each with the reason and its audit row; a fault
/// at that write leaves the store as it was.
@Suite struct SettingAsideUseCaseTests {
    @Test func aDraftOpenedByMistakeIsVoidedWithTheReason() throws {
        let hall = try Hall()
        let (c, _) = try hall.caseFile(CounterUseCaseTests.late)
        let draft = try hall.counter.saveDraft(CaseInProgress(number: nil, version: nil, caseFile: c, field: "person.name"),
                                               by: hall.clerk)
        let voided = try hall.counter.voidDraft(number: draft.number, expectedVersion: draft.version,
                                                reason: "误选新生儿业务，申请人已 39 岁", by: hall.clerk)
        #expect(voided.status == .voided)
        #expect(try hall.store.auditLog(entity: "case", entityID: draft.number).last?.detail
                == #"{"from":"draft","note":"作废：误选新生儿业务，申请人已 39 岁","to":"voided"}"#)
        #expect(try hall.store.drafts(caseID: draft.id).isEmpty)
    }

    @Test func aCaseAwaitingApprovalIsWithdrawnAndLeavesTheQueue() throws {
        let hall = try Hall()
        let (late, verdict) = try hall.caseFile(CounterUseCaseTests.late)
        let waiting = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: late), verdict: verdict,
                                              justification: "家长住院，延误办理", by: hall.clerk)
        let withdrawn = try hall.counter.withdraw(number: waiting.number, expectedVersion: waiting.version,
                                                  reason: "申请人要求撤回", by: hall.otherClerk)
        #expect(withdrawn.status == .withdrawn)
        #expect(try hall.store.approvalQueue().isEmpty)
        #expect(throws: StoreError.notAllowed("学员不能撤回真实的办件")) {
            let trainee = try hall.store.addOperator(name: "t1", displayName: "学员", role: .trainee, password: "Hall-pass-2026",
                                                     by: .system("test"))
            _ = try hall.counter.withdraw(number: waiting.number, expectedVersion: nil, reason: "撤回", by: trainee)
        }
    }

    @Test(arguments: [true, false])
    func aFaultAtTheLastWriteLeavesTheStoreAsItWas(_ voiding: Bool) throws {
        let hall = try Hall()
        let (late, verdict) = try hall.caseFile(CounterUseCaseTests.late)
        let number: String
        if voiding {
            number = try hall.counter.saveDraft(CaseInProgress(number: nil, version: nil, caseFile: late, field: "person.name"),
                                                by: hall.clerk).number
        } else {
            number = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: late), verdict: verdict,
                                             justification: "家长住院，延误办理", by: hall.clerk).number
        }
        let before = try hall.snapshot()
        try hall.crash(at: "case.status")
        #expect(throws: (any Error).self) {
            if voiding {
                _ = try hall.counter.voidDraft(number: number, expectedVersion: nil, reason: "误建", by: hall.clerk)
            } else {
                _ = try hall.counter.withdraw(number: number, expectedVersion: nil, reason: "撤回", by: hall.clerk)
            }
        }
        try hall.recover()
        #expect(try hall.snapshot() == before)
    }
}
