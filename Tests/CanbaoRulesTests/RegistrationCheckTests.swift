import CanbaoRules
import CanbaoTestSupport
import Testing

/// The registration check: 国家规程 第七条, 内蒙古细则 第九条（二）、第十一条（二）, one test per row of the table.
@Suite struct RegistrationCheckTests {
    static func migrant(region: String = "inner-mongolia", today: String = "2026-05-06", scheme: Scheme,
                        year: Int? = nil, work: String = "employed", records: [PlatformRecord],
                        facts: [String: FactValue] = [:], here: String = "150102") -> CaseFile {
        var c = CaseFile(workflow: "migrant-worker", region: region, today: Cases.date(today), here: here, scheme: scheme)
        c.coverageYear = year
        c.person = Cases.person("刘建军", "150621197803030094")
        c.facts = ["local_hukou": .bool(true), "work": .text(work)].merging(facts) { $1 }
        c.documentsPresented = ["resident-id", "employment-proof"]
        c.platformRecords = records
        return c
    }

    @Test func employeeWithAnyActiveRecordElsewhereMustSuspendFirst() {
        for record in [Cases.record("440703", .employee, months: ["2026-04"]), Cases.record("150621", .resident, year: 2026)] {
            let v = Cases.verdict(Self.migrant(scheme: .employee, records: [record]))
            #expect(v.decision == .refuse)
            let f = v.findings("registration.check")[0]
            #expect(f.severity == .block)
            #expect(f.citation == "内蒙古细则 第九条（二）")
            #expect(f.message.contains("先中止原参保关系") && f.message.contains("转移接续"))
        }
        let national = Cases.verdict(Self.migrant(region: "national", scheme: .employee,
                                                   records: [Cases.record("440703", .employee)]))
        #expect(national.findings("registration.check")[0].citation == "国家规程 第七条")
    }

    @Test func suspendedAndTerminatedRecordsDoNotCount() {
        let v = Cases.verdict(Self.migrant(scheme: .employee, records: [
            Cases.record("440703", .employee, .suspended), Cases.record("150621", .resident, .terminated, year: 2026),
        ]))
        #expect(v.decision == .accept)
        #expect(v.findings("registration.check").isEmpty)
    }

    @Test func residentCurrentYearWithActiveEmployeeRecordMustSuspendFirst() {
        let v = Cases.verdict(Self.migrant(scheme: .resident, year: 2026, work: "flexible",
                                           records: [Cases.record("440703", .employee)]))
        #expect(v.decision == .refuse)
        #expect(v.findings("registration.check")[0].citation == "内蒙古细则 第十一条（二）2")
    }

    @Test func residentCurrentYearWithPaidResidentRecordElsewhereIsRefusedThisYear() {
        let v = Cases.verdict(Self.migrant(scheme: .resident, year: 2026, work: "flexible",
                                           records: [Cases.record("150621", .resident, year: 2026, paid: true)]))
        #expect(v.decision == .refuse)
        #expect(v.findings("registration.check")[0].message.contains("本年度不予办理"))
        #expect(v.findings("registration.check")[0].citation == "内蒙古细则 第十一条（二）3")
    }

    /// The seeds disagree: 国家规程 第七条 refuses, 内蒙古细则 第十一条（二）4 registers after cancelling the old assessment.
    @Test func residentCurrentYearWithUnpaidResidentRecordElsewhereDependsOnTheRegion() {
        let record = Cases.record("150621", .resident, year: 2026, paid: false)
        let im = Cases.verdict(Self.migrant(scheme: .resident, year: 2026, work: "flexible", records: [record]))
        #expect(im.decision == .accept)
        #expect(im.replaces == [ReplacedRecord(record: record, action: .suspend, citation: "内蒙古细则 第十一条（二）4")])
        let national = Cases.verdict(Self.migrant(region: "national", scheme: .resident, year: 2026, work: "flexible", records: [record]))
        #expect(national.decision == .refuse)
        #expect(national.replaces == [])
        #expect(national.findings("registration.check")[0].citation == "国家规程 第七条")
    }

    @Test func nextYearInTheCollectionPeriodWithEmployeeRecordMustSuspendFirst() {
        let v = Cases.verdict(Self.migrant(region: "dalate", today: "2026-10-01", scheme: .resident, year: 2027, work: "flexible",
                                           records: [Cases.record("440703", .employee)], here: "150621"))
        #expect(v.decision == .refuse)
        #expect(v.has("registration.coverage_year", .info))
    }

    @Test func nextYearInTheCollectionPeriodWithThisYearsResidentRecordElsewhereIsAllowed() {
        let v = Cases.verdict(Self.migrant(region: "dalate", today: "2026-10-01", scheme: .resident, year: 2027, work: "flexible",
                                           records: [Cases.record("440703", .resident, year: 2026)], here: "150621"))
        #expect(v.decision == .accept)
        #expect(v.findings("registration.check")[0].message.contains("原参保地不得为其重复缴纳或代扣下年度医保费"))
    }

    @Test func nextYearWithANextYearRegistrationElsewhereMustCancelOrRefundFirst() {
        let v = Cases.verdict(Self.migrant(region: "dalate", today: "2026-10-01", scheme: .resident, year: 2027, work: "flexible",
                                           records: [Cases.record("440703", .resident, year: 2027, paid: false)], here: "150621"))
        #expect(v.decision == .refuse)
        #expect(v.findings("registration.check")[0].message.contains("先取消原参保登记或申请退费"))
    }

    @Test func nextYearOutsideTheCollectionPeriodIsRefused() {
        // Dalate: 9-01 to the end of the next February; city notice: 9-01 to 12-31.
        let dalateMarch = Cases.verdict(Self.migrant(region: "dalate", today: "2026-03-01", scheme: .resident, year: 2027,
                                                     work: "flexible", records: [], here: "150621"))
        #expect(dalateMarch.decision == .refuse)
        #expect(dalateMarch.findings("registration.coverage_year")[0].message.contains("2026-09-01至2027-02-28"))
        let cityJanuary = Cases.verdict(Self.migrant(region: "city-notice", today: "2026-01-05", scheme: .resident, year: 2027,
                                                     work: "flexible", records: []))
        #expect(cityJanuary.decision == .refuse)
        let cityOctober = Cases.verdict(Self.migrant(region: "city-notice", today: "2025-10-05", scheme: .resident, year: 2026,
                                                     work: "flexible", records: []))
        #expect(cityOctober.has("registration.coverage_year", .info))
    }

    @Test func dalateCollectionPeriodRunsIntoFebruaryOfTheCoverageYear() {
        let v = Cases.verdict(Self.migrant(region: "dalate", today: "2028-02-29", scheme: .resident, year: 2028,
                                           work: "flexible", records: [], here: "150621"))
        #expect(v.decision == .accept)
        let lastDay = RegistrationRules_collection(year: 2028)
        #expect(lastDay == "2027-09-01..2028-02-29")
    }

    @Test func nextYearWhereNoCollectionPeriodIsModelledNeedsApproval() {
        let v = Cases.verdict(Self.migrant(scheme: .resident, year: 2027, work: "flexible", records: []))
        #expect(v.decision == .needsApproval)
        #expect(v.has("registration.coverage_year", .approval))
    }

    @Test func pastAndFarFutureYearsAreRefused() {
        #expect(Cases.verdict(Self.migrant(scheme: .resident, year: 2025, work: "flexible", records: [])).decision == .refuse)
        #expect(Cases.verdict(Self.migrant(scheme: .resident, year: 2028, work: "flexible", records: [])).decision == .refuse)
    }

    @Test func seasonalWorkersSwitchAndTheAgencySuspendsTheResidentEnrollment() {
        let resident = Cases.record("150621", .resident, year: 2026)
        let v = Cases.verdict(Self.migrant(scheme: .employee, work: "seasonal", records: [resident]))
        #expect(v.decision == .accept)
        #expect(v.replaces == [ReplacedRecord(record: resident, action: .suspend, citation: "内蒙古细则 第二十一条")])
    }

    @Test func assistedPersonsSwitchWithoutSuspendingFirst() {
        let employee = Cases.record("440703", .employee)
        let v = Cases.verdict(Self.migrant(scheme: .resident, year: 2026, work: "flexible", records: [employee],
                                           facts: ["assisted": .bool(true)]))
        #expect(v.decision == .accept)
        #expect(v.replaces.map(\.citation) == ["国家规程 第十五条 1"])
    }

    /// “在居民医保待遇享受期内”: a next-year resident enrollment is not switched; it must be suspended first.
    @Test func aSeasonalWorkerWithOnlyANextYearResidentEnrollmentSuspendsFirst() {
        let nextYear = Cases.record("150621", .resident, year: 2027, paid: true)
        let v = Cases.verdict(Self.migrant(today: "2026-11-10", scheme: .employee, work: "seasonal", records: [nextYear]))
        #expect(v.decision == .refuse)
        #expect(v.replaces == [])
    }

    @Test func alreadyEnrolledHereIsADuplicate() {
        let v = Cases.verdict(Self.migrant(scheme: .resident, year: 2026, work: "flexible",
                                           records: [Cases.record("150102", .resident, year: 2026)]))
        #expect(v.decision == .refuse)
        #expect(v.findings("registration.check")[0].citation == "国家规程 第十三条")
    }
}

/// The Dalate collection period for a coverage year, as the rules compute it.
func RegistrationRules_collection(year: Int) -> String {
    let c = CaseFile(workflow: "migrant-worker", region: "dalate", today: Cases.date("\(year - 1)-10-01"))
    let ctx = try! Evaluator.context(for: c, forms: TestForms.shared)
    guard case let .monthDayRange(from, to)? = ctx.param("collection_period")?.value else { return "none" }
    return "\(from.date(in: year - 1))..\(to.date(in: year))"
}
