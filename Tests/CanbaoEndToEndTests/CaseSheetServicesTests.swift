@testable import CanbaoApp
import CanbaoCounter
import CanbaoDesk
import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// The services behind the read-only case view, on a real store: a case a supervisor refused reads with the clerk's
/// reason, the supervisor's decision and the notice to reprint; the reprint writes files and nothing in the store.
@Suite struct CaseSheetServicesTests {
    @Test func aRefusedCaseReadsWithTheSupervisorsReasonAndItsNoticeIsReprinted() throws {
        let home = try CanbaoBinary.temporaryDirectory("case-sheet-test")
        defer { try? FileManager.default.removeItem(at: home) }
        let store = try CounterStore.open(home: home, options: .init(passwordIterations: PasswordHash.minimumIterations))
        let clerk = try store.addOperator(name: "clerk", displayName: "王芳", role: .clerk, password: "Clerk2026pass", by: .system("test"))
        let supervisor = try store.addOperator(name: "sup", displayName: "李审核", role: .supervisor, password: "Super2026pass",
                                               by: .system("test"))
        let counter = CanbaoCounter.Counter(store: store, forms: TestForms.shared,
                                            info: CounterInfo(region: "inner-mongolia", place: "150102", name: "测试窗口"), home: home)
        let url = CanbaoBinary.repositoryRoot.appendingPathComponent("Tests/CanbaoCLITests/Cases/newborn/im-day-91-needs-approval.yaml")
        let late = try CaseParser.parse(try String(contentsOf: url, encoding: .utf8), file: url.lastPathComponent)
        let verdict = try Evaluator.evaluate(late, forms: TestForms.shared, file: url.lastPathComponent)
        let waiting = try counter.submit(CaseInProgress(number: nil, version: nil, caseFile: late), verdict: verdict,
                                         justification: "家长住院，延误办理", by: clerk)
        let stored = try #require(try store.case(number: waiting.number))
        _ = try counter.decide(number: waiting.number, version: stored.version, approve: false, note: "无住院证明",
                               exceptions: verdict.exceptions, waived: [], by: supervisor)

        let services = DeskServices(counter: counter)
        #expect(services.handle(.viewCase(number: waiting.number)) == [.failed(reason: "不允许的操作：请先登录")])
        _ = services.handle(.login(name: "clerk", password: "Clerk2026pass"))
        guard case let .caseViewed(sheet) = try #require(services.handle(.viewCase(number: waiting.number)).first) else {
            Issue.record("no sheet")
            return
        }
        #expect(sheet.status == .refused)
        #expect(sheet.clerkDisplayName == "王芳")
        #expect(sheet.justification == "家长住院，延误办理")
        #expect(sheet.decisions.count == 1)
        #expect(sheet.decisions.first?.hasSuffix("审核员李审核 不予批准：无住院证明") == true, "\(sheet.decisions)")
        #expect(sheet.notices == ["不予办理通知书"])
        #expect(sheet.decided != nil)
        #expect(sheet.history.contains { $0.contains("李审核") }, "\(sheet.history)")
        #expect(sheet.verdict == (try stored.verdict()), "the verdict the case was decided on")

        let before = try store.auditLog(entity: "case", entityID: waiting.number)
        guard case let .noticeReprinted(number, notices, printed, printing) = try #require(
            services.handle(.reprintNotice(number: waiting.number)).first) else {
            Issue.record("no reprint")
            return
        }
        #expect(number == waiting.number && notices == ["不予办理通知书"])
        #expect(printed.map { URL(fileURLWithPath: $0).lastPathComponent }
                == ["\(number)-不予办理通知书-补打.txt", "\(number)-不予办理通知书-补打.html"])
        #expect(printing?.hasPrefix("未配置打印机") == true, "\(printing ?? "nil")")
        let copy = try String(contentsOfFile: printed[0], encoding: .utf8)
        #expect(copy.contains("审核员李审核不予批准：无住院证明") && copy.contains("补打经办人：王芳"), "\(copy)")
        #expect(try store.auditLog(entity: "case", entityID: waiting.number) == before)

        #expect(services.handle(.viewCase(number: "2026-999999")) == [.failed(reason: "找不到案件 2026-999999")])
    }
}
