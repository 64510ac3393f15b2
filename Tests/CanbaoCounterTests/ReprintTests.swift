@testable import CanbaoCounter
import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB
import Testing

/// 补打: the notice of a decided case printed again for an applicant who lost it, as it was first printed, marked as a
/// reprint, into new files beside the old ones; nothing in the store changes.
@Suite struct ReprintTests {
    static func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
    static func name(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

    /// The reprint with its marks taken off: what must equal the original word for word.
    static func unmarked(_ reprint: String) -> String {
        reprint.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("补打日期：") && !$0.hasPrefix("补打经办人：") }
            .joined(separator: "\n").replacingOccurrences(of: "（补打）", with: "")
    }

    @Test func aRegisteredCaseGetsItsReceiptAgainInNewFilesAndTheStoreIsUntouched() throws {
        let hall = try Hall()
        let (c, verdict) = try CounterUseCaseTests.accepted(hall)
        let served = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: c), verdict: verdict,
                                             justification: nil, by: hall.clerk)
        let original = try Self.text(served.printed[0])
        let before = try hall.snapshot()

        let again = try hall.counter.reprint(number: served.number, by: hall.otherClerk)
        #expect(again.notices == ["回执"])
        #expect(again.printed.map(Self.name) == ["\(served.number)-回执-补打.txt", "\(served.number)-回执-补打.html"])
        let copy = try Self.text(again.printed[0])
        #expect(copy.hasPrefix("基本医疗保险参保登记回执（补打）\n"))
        #expect(copy.contains("\n经办人：clerk1\n"), "the clerk who served, as on the original")
        #expect(copy.contains("\n补打日期：\(hall.counter.today.chinese)\n补打经办人：clerk2\n"), "\(copy)")
        #expect(Self.unmarked(copy) == original)
        #expect(try Self.text(again.printed[1]).contains("<h1>基本医疗保险参保登记回执（补打）</h1>"))

        // The paper first handed over stays as it was; a second reprint is a third file.
        #expect(try Self.text(served.printed[0]) == original)
        let third = try hall.counter.reprint(number: served.number, by: hall.clerk)
        #expect(third.printed.map(Self.name) == ["\(served.number)-回执-补打-2.txt", "\(served.number)-回执-补打-2.html"])
        #expect(try Self.text(again.printed[0]) == copy)
        // Reading only: no row of the store changed (printing is not audited).
        #expect(try hall.snapshot() == before)
    }

    /// A case waiting for documents is still saved from its form as the clerk adds what was brought, days later: F7 there
    /// prints its 一次性告知书 as handed over, dated the day it was, not the day of the last save.
    @Test func aCaseWaitingForDocumentsIsReprintedAsHandedOverAfterLaterSaves() throws {
        let hall = try Hall()
        let (late, _) = try hall.caseFile(CounterUseCaseTests.late)
        var missing = late
        missing.documentsPresented = ["birth-certificate"]
        missing.today = LocalDate("2026-04-01")!
        let verdict = try Evaluator.evaluate(missing, forms: TestForms.shared, file: "missing")
        let pending = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: missing), verdict: verdict,
                                              justification: nil, by: hall.clerk)
        #expect(pending.status == .pendingDocuments)
        let original = try Self.text(pending.printed[0])
        #expect(original.contains("需补充的材料"))

        // Two days later the applicant brings one document: the form saves it.
        hall.advance(days: 2)
        var brought = missing
        brought.documentsPresented.append(verdict.missingDocuments[0].code)
        let saved = try hall.counter.saveDraft(CaseInProgress(number: pending.number, version: pending.version, caseFile: brought,
                                                              field: nil), by: hall.clerk)
        #expect(hall.store.clock.day(of: saved.updatedAt) != hall.store.clock.day(of: try #require(try hall.store.case(number: pending.number)).createdAt))

        let again = try hall.counter.reprint(number: pending.number, by: hall.clerk)
        #expect(again.notices == ["一次性告知书"])
        let copy = try Self.text(again.printed[0])
        #expect(copy.contains("\n补打日期：\(hall.counter.today.chinese)\n"), "\(copy)")
        #expect(Self.unmarked(copy) == original)
    }

    @Test func aRefusalBySupervisorIsReprintedWithTheirReason() throws {
        let hall = try Hall()
        let (late, verdict) = try hall.caseFile(CounterUseCaseTests.late)
        let waiting = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: late), verdict: verdict,
                                              justification: "家长住院，延误办理", by: hall.clerk)
        let awaitingReceipt = try Self.text(waiting.printed[0])
        let asked = try hall.counter.reprint(number: waiting.number, by: hall.clerk)
        #expect(asked.notices == ["审核受理回执"])
        #expect(Self.unmarked(try Self.text(asked.printed[0])) == awaitingReceipt)

        let stored = try #require(try hall.store.case(number: waiting.number))
        let refused = try hall.counter.decide(number: waiting.number, version: stored.version, approve: false, note: "无住院证明",
                                              exceptions: verdict.exceptions, waived: [], by: hall.supervisor)
        let notice = try Self.text(refused.printed[0])
        #expect(notice.contains("审核员sup1不予批准：无住院证明"))
        let again = try hall.counter.reprint(number: waiting.number, by: hall.clerk)
        #expect(again.notices == ["不予办理通知书"])
        #expect(Self.name(again.printed[0]) == "\(waiting.number)-不予办理通知书-补打.txt")
        #expect(Self.unmarked(try Self.text(again.printed[0])) == notice)
    }

    /// Found by an outside tester: a refused case's applicant renamed and the supervisor's reason rewritten with the
    /// sqlite3 shell were reprinted as an official notice (申请人：伪造人), with nothing remarked. Printing writes
    /// nothing, so no write's check saw it: the reprint checks the rows it prints from.
    @Test func aCaseEditedWithTheShellIsNotReprinted() throws {
        let hall = try Hall()
        let (late, verdict) = try hall.caseFile(CounterUseCaseTests.late)
        let waiting = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: late), verdict: verdict,
                                              justification: "家长住院，延误办理", by: hall.clerk)
        let stored = try #require(try hall.store.case(number: waiting.number))
        _ = try hall.counter.decide(number: waiting.number, version: stored.version, approve: false, note: "无住院证明",
                                    exceptions: verdict.exceptions, waived: [], by: hall.supervisor)
        func edit(_ sql: String) throws {
            let queue = try DatabaseQueue(path: hall.store.path)
            try queue.write { db in try db.execute(sql: sql) }
            try queue.close()
        }
        let refusal = StoreError.tampered("案件 \(waiting.number) 的记录")
        try edit("UPDATE approval SET reason = '伪造的驳回理由' WHERE case_id = \(stored.id)")
        #expect(throws: refusal) { try hall.counter.reprint(number: waiting.number, by: hall.clerk) }
        try edit("UPDATE approval SET reason = '无住院证明' WHERE case_id = \(stored.id)")
        #expect(try hall.counter.reprint(number: waiting.number, by: hall.clerk).notices == ["不予办理通知书"])
        try edit("UPDATE case_record SET case_json = replace(case_json, '\(late.person?.name ?? "")', '伪造人') WHERE id = \(stored.id)")
        #expect(throws: refusal) { try hall.counter.reprint(number: waiting.number, by: hall.clerk) }
    }

    /// Found by an outside tester: with the notices folder replaced by a file, submitting registered the case and then
    /// failed on the printing, so the desk submitted again and was told the case had been decided elsewhere. The
    /// decision stands, the result says the notice was not saved, and the notice is reprinted once the cause is gone.
    @Test func aNoticeThatCannotBeSavedLeavesTheCaseDecidedAndCanBeReprinted() throws {
        let hall = try Hall()
        let notices = hall.home.appendingPathComponent("notices")
        try? FileManager.default.removeItem(at: notices)
        try Data("x".utf8).write(to: notices)
        let (c, verdict) = try CounterUseCaseTests.accepted(hall)
        let served = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: c), verdict: verdict,
                                             justification: nil, by: hall.clerk)
        #expect(served.status == .registered)
        #expect(served.printed.isEmpty)
        #expect(served.printProblem?.contains(notices.path) == true, "\(served.printProblem ?? "nil")")
        #expect(try hall.store.case(number: served.number)?.status == .registered)
        try FileManager.default.removeItem(at: notices)
        let again = try hall.counter.reprint(number: served.number, by: hall.clerk)
        #expect(again.printed.map(Self.name) == ["\(served.number)-回执-补打.txt", "\(served.number)-回执-补打.html"])
    }

    @Test func aCaseSetAsideHasNothingToReprintAndATraineeMayNotReprint() throws {
        let hall = try Hall()
        let (late, verdict) = try hall.caseFile(CounterUseCaseTests.late)
        let waiting = try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: late), verdict: verdict,
                                              justification: "家长住院，延误办理", by: hall.clerk)
        let trainee = try hall.store.addOperator(name: "learner", displayName: "学员", role: .trainee, password: "Hall-pass-2026",
                                                 by: .system("test"))
        #expect(throws: StoreError.notAllowed("学员不能补打通知书")) {
            try hall.counter.reprint(number: waiting.number, by: trainee)
        }
        let stored = try #require(try hall.store.case(number: waiting.number))
        _ = try hall.counter.withdraw(number: waiting.number, expectedVersion: stored.version, reason: "申请人撤回申请", by: hall.clerk)
        let files = try FileManager.default.contentsOfDirectory(atPath: hall.counter.printer.directory.path).sorted()
        #expect(throws: StoreError.notAllowed("案件 \(waiting.number) 已撤回：没有仍然有效的通知书可补打")) {
            try hall.counter.reprint(number: waiting.number, by: hall.clerk)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: hall.counter.printer.directory.path).sorted() == files)
        #expect(throws: StoreError.caseNotFound("2026-999999")) { try hall.counter.reprint(number: "2026-999999", by: hall.clerk) }
    }
}
