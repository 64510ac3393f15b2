@testable import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// A case waiting for documents opens in the form (the clerk adds what the applicant brought): the 一次性告知书 handed
/// over at submission is printed again from there, as the case view's P does for a decided case.
@Suite("待补材料案件在表单中补打一次性告知书")
struct FormReprintDeskTests {
    static let number = "2026-000031"
    static let file = "/h/notices/2026-000031-一次性告知书-补打.txt"

    /// The case as the store opens it: her change of details, submitted and waiting for documents (or a draft).
    static func opened(_ status: CaseStatus = .pendingDocuments, number: String? = number) -> DeskDriver {
        var d = DeskDriver.atHome(today: PersonCasesDeskTests.today)
        var draft = PersonCasesDeskTests.openedDraft(number ?? "", status: status)
        draft.number = number
        d.send(.caseOpened(draft))
        d.effects = []
        return d
    }

    @Test func f7PrintsTheNoticeAgainAndNamesTheFile() {
        var d = Self.opened()
        #expect(d.screen.line(23).contains("F7补打"))
        d.key(.function(7))
        #expect(d.effects == [.reprintNotice(number: Self.number)])
        #expect(d.state.message == .info("正在补打一次性告知书…"))
        // Once: a second F7 before the reply would print twice.
        d.key(.function(7))
        #expect(d.effects == [.reprintNotice(number: Self.number)])
        #expect(d.state.message == .info("正在补打，请稍候…"))
        d.send(.noticeReprinted(number: Self.number, notices: ["一次性告知书"],
                                printed: [Self.file, "/h/notices/2026-000031-一次性告知书-补打.html"], printing: nil))
        #expect(d.state.message == .success("已补打一次性告知书，文件 \(Self.file)"))
        #expect(d.form?.reprinting == false)
        #expect(d.form?.draft.number == Self.number)
        // The file is said whole, on the message line and the row above if need be.
        #expect(d.text.replacingOccurrences(of: "\n", with: "").contains("补打.txt"))
        // And again, to the next file (the runtime never writes over one).
        d.effects = []
        d.key(.function(7))
        #expect(d.effects == [.reprintNotice(number: Self.number)])
    }

    @Test func thePrintersAnswerFollowsTheFile() {
        var d = Self.opened()
        d.key(.function(7))
        d.send(.noticeReprinted(number: Self.number, notices: ["一次性告知书"], printed: [Self.file],
                                printing: "已送打印机 hall1（作业 hall1-7）"))
        #expect(d.state.message == .success("已补打一次性告知书，文件 \(Self.file)。已送打印机 hall1（作业 hall1-7）"))
        // Without a printer the runtime's line names the file already: it is not said twice.
        var files = Self.opened()
        files.key(.function(7))
        files.send(.noticeReprinted(number: Self.number, notices: ["一次性告知书"], printed: [Self.file],
                                    printing: "未配置打印机：请打开文件打印 \(Self.file)"))
        #expect(files.state.message == .success("已补打一次性告知书，文件 \(Self.file)"))
    }

    @Test func aDraftHasNoNoticeYetAndSaysSo() {
        for number in ["2026-000029", nil] {
            var d = Self.opened(.draft, number: number)
            #expect(!d.screen.line(23).contains("补打"))
            d.key(.function(7))
            #expect(d.effects == [])
            #expect(d.state.message == .error("本案为“草稿”，尚未出具一次性告知书，没有可补打的通知书（F10 提交后出具）"))
        }
        // A new case, not yet saved, alike.
        var new = DeskDriver.newCase("change", today: PersonCasesDeskTests.today)
        new.key(.function(7))
        #expect(new.effects == [])
        #expect(new.state.message == .error("本案为“草稿”，尚未出具一次性告知书，没有可补打的通知书（F10 提交后出具）"))
    }

    @Test func aRefusedReprintSaysWhyAndMayBeTriedAgain() {
        var d = Self.opened()
        d.key(.function(7))
        d.send(.failed(reason: "案件 2026-000031 待补材料：没有仍然有效的通知书可补打"))
        #expect(d.state.message == .error("案件 2026-000031 待补材料：没有仍然有效的通知书可补打"))
        #expect(d.form?.reprinting == false)
        // Another case's reprint is not this one's.
        d.key(.function(7))
        d.send(.noticeReprinted(number: "2026-000012", notices: ["回执"], printed: ["/h/notices/2026-000012-回执-补打.txt"], printing: nil))
        #expect(d.form?.reprinting == true)
    }

    @Test func goldenScreen() {
        GoldenScreenTests.both("form-pending-reprinted") { c, r in
            var d = DeskDriver.atHome(cols: c, rows: r, today: PersonCasesDeskTests.today)
            d.send(.caseOpened(PersonCasesDeskTests.openedDraft(Self.number, status: .pendingDocuments)))
            d.key(.function(7))
            d.send(.noticeReprinted(number: Self.number, notices: ["一次性告知书"], printed: [Self.file], printing: nil))
            return d
        }
    }
}
