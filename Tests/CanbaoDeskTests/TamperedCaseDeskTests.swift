@testable import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// A case whose rows are not as the audit log recorded them (`CaseSheet.tampered`): the case view puts the warning
/// first and on the message line; the supervisor's review shows it in place of the history and on the message line.
/// A person's (`PersonDetail.tampered`): the person screen marks the head line and says why on the message line.
@Suite struct TamperedCaseDeskTests {
    static let warning = "案件 2026-000012 的记录与审计日志记录的不符（可能被绕过本程序直接改动），以下内容不可作为办理依据：请审核员运行 canbao store verify 核查"

    @Test func theCaseViewSaysSoFirst() {
        var sheet = CaseViewDeskTests.sheet()
        sheet.tampered = Self.warning
        let d = CaseViewDeskTests.viewing(sheet)
        #expect(d.state.message == .error(Self.warning))
        let body = d.text.split(separator: "\n").map(String.init)
        let first = body.firstIndex { $0.contains("！案件 2026-000012 的记录") }
        let applicant = body.firstIndex { $0.contains("申请人") }
        #expect(first != nil && applicant != nil && first! < applicant!, "\(d.text)")
        // Without it, the view is as before.
        let plain = CaseViewDeskTests.viewing()
        #expect(!plain.text.contains("！"))
        #expect(plain.state.message != .error(Self.warning))
    }

    @Test func theReviewSaysSoInPlaceOfTheHistory() {
        var d = SupervisorDeskTests.atQueue()
        d.key(.enter)
        var review = SupervisorDeskTests.review
        review.tampered = Self.warning
        d.send(.reviewLoaded(review))
        #expect(d.state.message == .error(Self.warning))
        #expect(d.text.contains("！案件 2026-000012"))
        #expect(!d.text.contains("经过："))
    }

    @Test func thePersonScreenMarksThePersonAndSaysWhy() {
        let warning = "此人的参保记录 #9 与审计日志记录的不符（可能被绕过本程序直接改动），以下内容不可作为办理依据：请审核员运行 canbao store verify 核查"
        var detail = PersonCasesDeskTests.detail()
        detail.tampered = warning
        for (cols, rows) in [(80, 24), (120, 40)] {
            let d = PersonCasesDeskTests.atPerson(cols: cols, rows: rows, detail)
            #expect(d.state.message == .error(warning))
            let head = d.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[2]
            #expect(head.contains("！王小禾"), "\(d.text)")
            // The document number is still whole beside the mark.
            #expect(head.contains("15062120251201002X"), "\(head)")
        }
        let plain = PersonCasesDeskTests.atPerson()
        #expect(!plain.text.contains("！"))
        #expect(plain.state.message != .error(warning))
    }

    /// A home list's line whose rows were edited behind the store's back says so where its status was, in the error
    /// style, and the detail line says why when it is selected; its neighbours are as before. Both sizes.
    @Test func aHomeListMarksAnAlteredLine() {
        let plain = CaseSummary(number: "2026-000001", workflow: "新生儿参保登记", applicant: "甲", status: .draft, updated: "09:00")
        var altered = CaseSummary(number: "2026-000002", workflow: "新生儿参保登记", applicant: "乙", status: .draft, updated: "09:10")
        altered.tampered = "案件 2026-000002 的记录"
        for (cols, rows) in [(80, 24), (120, 40)] {
            var d = DeskDriver.atHome(cols: cols, rows: rows, data: HomeData(today: [plain, altered]))
            let lines = d.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let first = lines.first { $0.contains("2026-000001") } ?? ""
            let second = lines.first { $0.contains("2026-000002") } ?? ""
            #expect(first.contains("草稿") && !first.contains("！"), "\(first)")
            #expect(second.contains("！被改动") && !second.contains("草稿"), "\(second)")
            #expect(!d.text.contains("与审计日志不符"))
            // Unselected, the whole line is in the error style, as an overdue one is.
            if let row = lines.firstIndex(of: second) { #expect(d.screen[row, 1].style == .error) }
            d.key(.down)
            #expect(d.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[rows - 3]
                .hasPrefix(" ！案件 2026-000002 的记录与审计日志不符，不可作为办理依据：请审核员核查"), "\(d.text)")
        }
    }

    /// The person's case list marks a case whose row was edited the same way.
    @Test func thePersonsCaseListMarksAnAlteredCase() {
        var cases = PersonCasesDeskTests.cases
        cases[2].tampered = "案件 2026-000020 的记录"
        var d = PersonCasesDeskTests.atPerson(PersonCasesDeskTests.detail(cases))
        let line = d.text.split(separator: "\n").first { $0.contains("2026-000020") }.map(String.init) ?? ""
        #expect(line.contains("！被改动") && !line.contains("不予办理"), "\(line)")
        d.keys(.tab, .down, .down)
        #expect(d.text.contains("！案件 2026-000020 的记录与审计日志不符，不可作为办理依据：请审核员核查"), "\(d.text)")
    }
}
