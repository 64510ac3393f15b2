import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// Issue 18: employers (内蒙古细则 第八条), employees (第九条), retirement and the lump sum (江门规程 第十五条至第十七条;
/// 内蒙古细则 第九条（四）), the personal account (江门规程 第十八条) and assisted persons (第二十条（四）); the
/// corrections' continuity from records (某市通知 四) and document expiry (国家规程 第七条).
@Suite struct EmployerRuleTests {
    static let unitCode = "91150621MA13QX8B2N"
    static let handler = Cases.person("王海燕", "150621199108090326")

    static func unitRegister(today: String, established: String, region: String = "dalate") -> CaseFile {
        var c = CaseFile(workflow: "unit-register", region: region, today: Cases.date(today), here: "150621")
        c.agent = handler
        c.facts = ["unit_code": .text(unitCode), "unit_name": .text("达拉特旗顺达物流有限公司"), "unit_kind": .text("enterprise"),
                   "unit_place": .text("150621"), "established_date": .text(established), "active_registrations": .int(0)]
        c.documentsPresented = ["unit-registration-form", "agent-id", "power-of-attorney"]
        return c
    }

    /// “自批准成立之日起30日内”: the 30th day after establishment is still in time, the 31st is late (warned, done).
    @Test func theThirtiethDayIsInTimeTheThirtyFirstLate() {
        let inTime = Cases.verdict(Self.unitRegister(today: "2026-05-01", established: "2026-04-01"))
        #expect(inTime.decision == .accept)
        #expect(inTime.has("unit.register", .info) && !inTime.has("unit.register", .warn))
        #expect(inTime.unit?.deadline == Cases.date("2026-05-01"))
        let late = Cases.verdict(Self.unitRegister(today: "2026-05-02", established: "2026-04-01"))
        #expect(late.decision == .accept)
        #expect(late.findings("unit.register").contains { $0.severity == .warn && $0.message.contains("已逾期1天") })
    }

    /// The verdict's unit carries the code as stored: a code typed in full-width or lower case is normalised.
    @Test func theUnitCodeIsNormalised() {
        var c = Self.unitRegister(today: "2026-04-20", established: "2026-04-01")
        c.facts["unit_code"] = .text("９１１５０６２１ma13qx8b2n")
        let v = Cases.verdict(c)
        #expect(v.decision == .accept, "\(v.findings)")
        #expect(v.unit?.code == Self.unitCode)
        #expect(v.unit?.action == "register")
        #expect(v.unit?.place == "150621")
    }

    /// A refused case writes nothing: no unit, no employment.
    @Test func aRefusedUnitCaseCarriesNoUnit() {
        var c = Self.unitRegister(today: "2026-04-20", established: "2026-04-01")
        c.facts["active_registrations"] = .int(1)
        let v = Cases.verdict(c)
        #expect(v.decision == .refuse)
        #expect(v.unit == nil)
    }

    /// The new keys are always in the JSON, null when a workflow does not define them.
    @Test func theNewVerdictKeysAreAlwaysPresent() throws {
        var c = CaseFile(workflow: "newborn", region: "national", today: Cases.date("2026-03-01"))
        c.person = Cases.person("王小禾", "15062120260101002X", birth: "2026-01-01")
        let json = Cases.verdict(c).json(pretty: false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        for key in ["unit", "employment", "retirement"] {
            #expect(object.keys.contains(key), "\(key) missing")
            #expect(object[key] is NSNull, "\(key) not null")
        }
        // And they read back.
        let back = try JSONDecoder().decode(Verdict.self, from: Data(Cases.verdict(Self.unitRegister(today: "2026-04-20", established: "2026-04-01")).json().utf8))
        #expect(back.unit?.code == Self.unitCode)
    }

    // MARK: numbers that would overflow

    /// A case file is not capped at six digits as the counter's fields are: an absurd number is refused with its
    /// field named, never multiplied (the evaluation must not trap).
    @Test func hugeNumbersAreRefusedNotMultiplied() {
        var c = CaseFile(workflow: "lump-sum", region: "inner-mongolia", today: Cases.date("2026-03-20"), here: "150102")
        c.person = Cases.person("孙建国", "150102196603010178")
        c.facts = ["retirement_age_date": .text("2026-03-01"), "required_years": .int(Int.max), "payment_mode": .text("lump-sum"),
                   "monthly_standard_yuan": .int(Int.max), "contribution_months": .int(Int.max)]
        let v = Cases.verdict(c)
        #expect(v.decision == .refuse)
        #expect(v.findings("lump_sum.owed").filter { $0.severity == .block }.count >= 3)
        #expect(v.retirement?.lumpSum?.amountFen == nil)
    }

    // MARK: the minimum years and the base as dated parameters

    /// A profile may record the minimum years, dated by the year the retirement age is reached (江门规程 第十五条
    /// “按达到法定退休年龄当年相应规定的最低累计缴费年限计算”): the field for the clerk's figure then disappears.
    @Test func aProfileMinimumIsTakenByTheRetirementDate() throws {
        var files = try TestForms.files(TestForms.directory)
        let index = try #require(files.firstIndex { $0.path == "policies/jiangmen.yaml" })
        files[index].text += """

              retirement.minimum_years:
                - {value: 20, valid_until: 2026-12-31, cite: 江门规程 第十五条}
                - {value: 21, valid_from: 2027-01-01, cite: 江门规程 第十五条}
              lump_sum.base_monthly_wage_fen: {value: 835000, valid_from: 2026-01-01, valid_until: 2026-12-31, cite: 江门规程 第十七条}

            """
        let forms = try FormSet.load(files)
        func verdict(retired: String, today: String) throws -> Verdict {
            var c = CaseFile(workflow: "lump-sum", region: "jiangmen", today: Cases.date(today), here: "440703")
            c.person = Cases.person("何秀兰", "440703197106150244")
            c.facts = ["retirement_age_date": .text(retired), "benefit_place_here": .bool(true), "payment_mode": .text("lump-sum"),
                       "contribution_months": .int(180)]
            c.documentsPresented = ["resident-id"]
            return try Evaluator.evaluate(c, forms: forms)
        }
        let v2026 = try verdict(retired: "2026-06-15", today: "2026-07-08")
        #expect(v2026.decision == .accept, "\(v2026.findings)")
        #expect(v2026.retirement?.requiredMonths == 240)
        #expect(v2026.retirement?.monthsOwed == 60)
        #expect(v2026.retirement?.lumpSum?.baseMonthlyFen == 835000)
        #expect(v2026.retirement?.lumpSum?.baseSource?.contains("2024年度") == true)
        // Reached in 2027: that year's figure, whatever the day of the case.
        let v2027 = try verdict(retired: "2027-01-10", today: "2027-01-20")
        #expect(v2027.retirement?.requiredMonths == 252)
        // No figure for 2027 in the profile: the clerk's base is needed and its absence is said.
        #expect(v2027.findings("lump_sum.owed").contains { $0.severity == .block && $0.message.contains("2025年度") })
        // The repository's own profiles record no minimum: the form asks the clerk.
        var c = CaseFile(workflow: "retirement", region: "jiangmen", today: Cases.date("2026-07-08"), here: "440703")
        c.facts = ["retirement_age_date": .text("2026-06-15")]
        let ctx = try Evaluator.context(for: c, forms: TestForms.shared)
        #expect(Condition.predicate("retirement.minimum_unset").holds(in: ctx))
        let withFigure = try Evaluator.context(for: c, forms: forms)
        #expect(!Condition.predicate("retirement.minimum_unset").holds(in: withFigure))
    }

    // MARK: continuity (correction 5)

    static func migrant(today: String, records: [PlatformRecord], facts: [String: FactValue] = [:]) -> CaseFile {
        var c = CaseFile(workflow: "migrant-worker", region: "city-notice", today: Cases.date(today), here: "330106",
                         scheme: .employee)
        c.person = Cases.person("吴晓东", "330106198807160379")
        c.facts = ["local_hukou": .bool(true), "work": .text("employed")].merging(facts) { $1 }
        c.documentsPresented = ["resident-id", "employment-proof"]
        c.platformRecords = records
        return c
    }

    /// Resident years and employee months add up into one run across a change of scheme; the gap is the months
    /// strictly between the last insured month and this one.
    @Test func continuityJoinsSchemesAndCountsTheGap() {
        let records = [Cases.record("330106", .resident, .terminated, year: 2024),
                       Cases.record("330106", .employee, .suspended, months: ["2025-01", "2025-02", "2025-03"])]
        let v = Cases.verdict(Self.migrant(today: "2026-01-20", records: records))
        // 2024-01..2025-03: 15 months, then April to December: a gap of 9 months; under 24: a supervisor.
        #expect(v.findings("waiting.period").contains { $0.message.contains("连续参保15个月") && $0.message.contains("中断缴费9个月") })
        #expect(v.decision == .needsApproval)
        // The same history plus the months up to last month: no gap.
        let full = records + [Cases.record("330106", .employee, .suspended, months: Month.list("2025-04", "2025-12"))]
        let w = Cases.verdict(Self.migrant(today: "2026-01-20", records: full))
        #expect(w.findings("waiting.period").contains { $0.message.contains("连续参保24个月") && $0.message.contains("未中断") })
        #expect(w.waitingPeriodMonths == 0 && w.benefitStart == Cases.date("2026-01-01"))
    }

    /// Unpaid records count for nothing; typing only the gap overrides only the gap.
    @Test func onlyPaidMonthsCountAndATypedGapAloneIsAnOverride() {
        let unpaid = Cases.verdict(Self.migrant(today: "2026-04-16", records: [Cases.record("330106", .employee, .suspended, months: Month.list("2023-01", "2026-02"), paid: false)]))
        #expect(unpaid.findings("waiting.period").contains { $0.message.contains("首次参保") })
        #expect(unpaid.decision == .accept)
        let records = [Cases.record("330106", .employee, .suspended, months: Month.list("2023-01", "2026-01"))]
        let typed = Cases.verdict(Self.migrant(today: "2026-04-16", records: records, facts: ["gap_months": .int(1)]))
        #expect(typed.decision == .needsApproval)
        #expect(typed.findings("waiting.period").contains { $0.severity == .approval && $0.message.contains("中断缴费1个月（平台推算2个月）") })
        let agreeing = Cases.verdict(Self.migrant(today: "2026-04-16", records: records, facts: ["gap_months": .int(2), "continuous_months": .int(37)]))
        #expect(agreeing.decision == .accept, "\(agreeing.findings)")
    }

    // MARK: expiry (correction 6)

    /// The case file's `valid_until` reads into the document and survives the draft's JSON.
    @Test func expiryReadsFromTheCaseFileAndRoundTrips() throws {
        let text = """
            workflow: migrant-worker
            region: dalate
            today: 2026-02-10
            person: {name: 刘建军, document: {kind: resident-id, number: "150621197605200377", valid_until: 2026-01-10}}
            """
        let c = try CaseParser.parse(text, file: "case.yaml")
        #expect(c.person?.document?.validUntil == Cases.date("2026-01-10"))
        #expect(c.person?.document?.isExpired(on: Cases.date("2026-01-10")) == false)
        #expect(c.person?.document?.isExpired(on: Cases.date("2026-01-11")) == true)
        let back = try JSONDecoder().decode(CaseFile.self, from: JSONEncoder().encode(c))
        #expect(back.person?.document?.validUntil == Cases.date("2026-01-10"))
        #expect(back.person?.document?.key == "resident-id:150621197605200377")
        let bad = "workflow: newborn\nregion: national\ntoday: 2026-03-01\nperson: {document: {kind: resident-id, number: \"1\", valid_until: 2026-02-30}}\n"
        #expect(throws: SourceError.self) { try CaseParser.parse(bad, file: "case.yaml") }
    }
}

extension Month {
    static func list(_ from: String, _ to: String) -> [String] {
        var result: [String] = []
        var (y, m) = (Int(from.prefix(4))!, Int(from.suffix(2))!)
        let end = (Int(to.prefix(4))!, Int(to.suffix(2))!)
        while (y, m) <= end {
            result.append(String(format: "%04d-%02d", y, m))
            m += 1
            if m > 12 { m = 1; y += 1 }
        }
        return result
    }
}

/// Months as the tests write them.
enum Month {}

/// Scenario export (CaseScrubber) of the new cases: a unit's code is regenerated consistently and stays valid, a
/// document's expiry moves with the other dates.
@Suite struct EmployerScrubbingTests {
    @Test func unitCodesAreReplacedEverywhereAndExpiryShifts() throws {
        var c = CaseFile(workflow: "employee-leave", region: "dalate", today: Cases.date("2026-07-06"), here: "150621")
        c.person = Party(name: "刘晓梅", document: IdentityDocument(kind: .residentID, number: "150621198805120215",
                                                                validUntil: Cases.date("2026-07-01")))
        c.agent = Cases.person("王海燕", "150621199108090326")
        c.facts = ["unit_code": .text("91150621MA13QX8B2N"), "unit_name": .text("达拉特旗顺达物流有限公司"),
                   "reason": .text("left-job"), "event_date": .text("2026-06-30")]
        c.documentsPresented = ["employer-application", "agent-id", "termination-proof"]
        c.platformRecords = [PlatformRecord(place: "150621", scheme: .employee, status: .active, months: ["2026-05", "2026-06"],
                                            paid: true, unit: "91150621MA13QX8B2N")]
        let s = CaseScrubber.scrub(c, seed: 7, shiftDays: -364)
        let code = try #require(s.facts["unit_code"]?.textValue)
        #expect(code != "91150621MA13QX8B2N")
        #expect(code.hasPrefix("91150621"))
        #expect(IdentityValidation.validateUSCC(code, field: "unit_code").isEmpty)
        #expect(s.platformRecords.first?.unit == code)
        #expect(s.person?.document?.validUntil == Cases.date("2025-07-02"))
        let original = Cases.verdict(c), scrubbed = Cases.verdict(s)
        #expect(original.decision == .accept && scrubbed.decision == .accept)
    }
}
