import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// Issue 18: the employer, employee, retirement, account and assisted-person workflows are forms generated from
/// Forms/ like the others; they open from the (scrolling) list, render at both sizes and can be filled and checked.
/// Identity documents take an expiry date on the form.
@Suite struct NewServicesDeskTests {
    static let workflows = ["unit-register", "unit-change", "unit-close", "unit-consolidate", "employee-register",
                            "employee-leave", "prison-release", "retirement", "lump-sum", "account-withdrawal",
                            "assisted-register"]

    @Test(arguments: workflows)
    func opensFromTheListAndRendersEveryStep(_ workflow: String) throws {
        for (cols, rows) in [(80, 24), (120, 40)] {
            var d = DeskDriver.newCase(workflow, cols: cols, rows: rows)
            let form = try #require(d.form, "\(workflow) did not open")
            #expect(form.caseFile.workflow == workflow)
            let title = try #require(TestForms.shared.workflows[workflow]?.title)
            #expect(d.screen.line(0).contains(title), "\(workflow) \(cols)x\(rows): \(d.screen.line(0))")
            // Tab through the whole form: every field that applies gets the focus once, nothing traps.
            var visited: [String] = []
            for _ in 0..<40 {
                if case let .field(id)? = d.form?.focus, visited.last != id { visited.append(id) }
                d.key(.tab)
            }
            #expect(visited.contains("person.name") || visited.contains("unit_code"), "\(workflow): \(visited)")
            #expect(d.text.count > 0)
        }
    }

    /// A Dalate enterprise founded on 1 April registers on 20 April: filled field by field, the documents ticked,
    /// accepted, and the submit carries the unit for the store (内蒙古细则 第八条（一））.
    @Test func aUnitRegistrationIsFilledTickedAndSubmitted() throws {
        var d = DeskDriver.newCase("unit-register", today: "2026-04-20")
        d.key(.tab)                                         // 办理地 (prefilled 150621)
        d.type("91150621ma13qx8b2n"); d.key(.tab)          // 统一社会信用代码, lower case as typed
        d.type("达拉特旗顺达物流有限公司"); d.key(.tab)
        d.key(.char("1")); d.key(.tab)                     // 企业
        d.type("150621"); d.key(.tab)
        d.type("2026-04-01"); d.key(.tab)
        d.type("0"); d.key(.tab)
        d.type("王海燕"); d.key(.tab)
        d.type("150621199108090326"); d.key(.tab)
        let form = try #require(d.form)
        #expect(form.caseFile.facts["unit_kind"] == .text("enterprise"))
        #expect(form.caseFile.facts["active_registrations"] == .int(0))
        #expect(form.verdict.decision == .missingDocuments)
        #expect(Set(form.verdict.missingDocuments.map(\.code)) == ["unit-registration-form", "agent-id", "power-of-attorney"])
        d.key(.function(6))
        #expect(d.form?.focus == .documents)
        d.key(.char(" ")); d.key(.down); d.key(.char(" ")); d.key(.down); d.key(.char(" "))
        #expect(d.form?.verdict.decision == .accept, "\(d.form?.verdict.findings ?? [])")
        Golden.check(d.screen, "form-unit-register-accept-80x24")
        guard case let .submit(_, verdict, _)? = d.key(.function(10)).last else { Issue.record("no submit"); return }
        #expect(verdict.unit?.code == "91150621MA13QX8B2N")
        #expect(verdict.unit?.deadline == LocalDate("2026-05-01"))
    }

    /// The minimum years are asked for only while no profile records them (江门规程 第十五条): in Dalate the field is
    /// on the retirement form; a short count is refused with the months owed.
    @Test func aRetirementShortOfYearsIsRefusedWithTheMonthsOwed() throws {
        var d = DeskDriver.newCase("retirement", cols: 120, rows: 40, today: "2026-03-20")
        d.key(.tab)                                         // 办理地
        d.key(.tab)                                         // 是否灵活就业 (optional)
        d.type("2026-03-01"); d.key(.tab)                  // 达到法定退休年龄日期
        d.key(.tab)                                         // 是否在本地领取养老金 (optional)
        #expect(d.form?.focus == .field("required_years"), "\(String(describing: d.form?.focus))")
        d.type("20"); d.key(.tab)
        d.type("180"); d.key(.tab)                          // 累计实际缴费月数 (no platform records)
        let form = try #require(d.form)
        #expect(form.verdict.retirement?.monthsOwed == 60)
        #expect(form.verdict.findings.contains { $0.rule == "retirement.years" && $0.severity == .block && $0.message.contains("差5年") })
        Golden.check(d.screen, "form-retirement-short-120x40")
    }

    /// The expiry date of an identity document is a field of its own: typed after the number, kept when the number
    /// is corrected, refused before there is a number; an expired card is listed as missing (国家规程 第七条).
    @Test func anExpiryDateIsEnteredWithTheDocument() throws {
        var d = DeskDriver.newCase("migrant-worker", today: "2026-02-10")
        d.key(.tab)                                         // 办理地
        d.key(.char("y")); d.key(.tab)                      // 本地户籍
        d.key(.char("1")); d.key(.tab)                      // 短期季节性务工
        d.key(.tab); d.key(.tab)                            // 连续参保、中断 (optional)
        d.type("刘建军"); d.key(.tab)
        #expect(d.form?.focus == .field("person.document"))
        d.key(.tab)                                         // leave the number empty for now
        #expect(d.form?.focus == .field("person.document.valid_until"))
        d.type("2026-01-10"); d.key(.tab)
        #expect(d.state.message == .error("证件有效期至：请先填写证件号码"))
        d.key(.backTab)
        d.key(.backTab)
        d.type("150621197605200377"); d.key(.tab)
        d.type("2026-01-10"); d.key(.tab)
        #expect(d.form?.caseFile.person?.document?.validUntil == LocalDate("2026-01-10"))
        // Correcting the number keeps the expiry.
        d.key(.backTab); d.key(.backTab)
        #expect(d.form?.focus == .field("person.document"))
        for _ in 0..<18 { d.key(.backspace) }
        d.type("150621197605200377"); d.key(.tab)
        #expect(d.form?.caseFile.person?.document?.validUntil == LocalDate("2026-01-10"))
        #expect(d.form?.verdict.findings.contains { $0.rule == "identity.expiry" && $0.severity == .warn } == true)
        #expect(d.form?.verdict.missingDocuments.first { $0.code == "resident-id" }?.reason?.contains("2026-01-10") == true)
    }
}
