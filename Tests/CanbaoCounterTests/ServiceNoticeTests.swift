import CanbaoCounter
import CanbaoRules
import CanbaoTestSupport
import Testing

@Suite struct ServiceNoticeTests {
    /// What a unit's receipt and a refused retirement print besides the findings.
    @Test func noticesPrintTheUnitAndTheCountOfYears() throws {
        var c = CaseFile(workflow: "unit-register", region: "dalate", today: LocalDate("2026-04-20")!, here: "150621")
        c.agent = Cases.person("王海燕", "150621199108090326")
        c.facts = ["unit_code": .text("91150621MA13QX8B2N"), "unit_name": .text("达拉特旗顺达物流有限公司"), "unit_kind": .text("enterprise"),
                   "unit_place": .text("150621"), "established_date": .text("2026-04-01"), "active_registrations": .int(0)]
        c.documentsPresented = ["unit-registration-form", "agent-id", "power-of-attorney"]
        let verdict = Cases.verdict(c)
        let counter = CounterInfo(region: "dalate", place: "150621", name: "达拉特旗医保服务大厅")
        let receipt = Notice.make(for: c, number: "2026-000101", verdict: verdict, workflowTitle: "参保单位参保登记",
                                  counter: counter, clerk: "王芳", date: LocalDate("2026-04-20")!, enrolls: false)
        #expect(receipt.text.contains("参保单位：达拉特旗顺达物流有限公司（统一社会信用代码 91150621MA13QX8B2N）"))
        #expect(receipt.text.contains("单位参保登记：达拉特旗顺达物流有限公司，登记地 150621（应自 2026年4月1日 起于 2026年5月1日 前办理）"))
        var r = CaseFile(workflow: "retirement", region: "inner-mongolia", today: LocalDate("2026-03-20")!, here: "150102")
        r.person = Cases.person("孙建国", "150102196603010178")
        r.facts = ["retirement_age_date": .text("2026-03-01"), "required_years": .int(20), "contribution_months": .int(180),
                   "applicant": .text("self")]
        r.documentsPresented = ["resident-id"]
        let refused = Cases.verdict(r)
        #expect(refused.decision == .refuse)
        let notice = Notice.make(for: r, number: "2026-000102", verdict: refused, workflowTitle: "职工医保退休核定",
                                 counter: counter, clerk: "王芳", date: LocalDate("2026-03-20")!)
        #expect(notice.kind == .refusal)
        #expect(notice.text.contains("核定情况："))
        #expect(notice.text.contains("累计实际缴费180个月；规定年限240个月；尚差60个月"))
    }
}
