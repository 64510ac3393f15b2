import CanbaoDesk
import CanbaoRules
import Testing

/// Open cases past their deadline stand out at home.
@Suite struct HomeDeadlineTests {
    @Test func anOverdueCaseIsMarkedOnTheHomeScreen() {
        let data = HomeData(pendingDocuments: [
            CaseSummary(number: "2026-000040", workflow: "基本医疗保险关系转出", applicant: "赵敏", status: .pendingDocuments,
                        updated: "11-02", dueDate: LocalDate("2026-11-16")),
            CaseSummary(number: "2026-000041", workflow: "基本医疗保险关系转入", applicant: "钱进", status: .pendingDocuments,
                        updated: "11-20", dueDate: LocalDate("2026-11-27")),
        ])
        var d = DeskDriver.atHome(today: "2026-11-23", data: data)
        d.keys(.tab, .tab)
        #expect(d.text.contains("11-02  逾期 11-16"))
        #expect(d.text.contains("11-20  11-27"))
        let row = (0..<d.screen.rows).first { d.screen.line($0).contains("2026-000041") }!
        #expect(d.screen[row, 2].style == .normal)
        let overdueRow = (0..<d.screen.rows).first { d.screen.line($0).contains("逾期") }!
        #expect(d.screen[overdueRow, 60].style == .error || d.screen[overdueRow, 2].style == .selected)
        Golden.check(d.screen, "home-overdue-80x24")
    }
}
