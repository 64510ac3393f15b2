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
}
