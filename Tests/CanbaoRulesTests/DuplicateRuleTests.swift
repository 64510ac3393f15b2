import CanbaoRules
import CanbaoTestSupport
import Testing

/// Duplicate enrollment: detection by 内蒙古细则 第二十三条, retention by 内蒙古细则 第二十四条 / 国家规程 第十四条 /
/// 某市通知 五, refunds by 国家规程 第十六条 and each region's refund article.
@Suite struct DuplicateRuleTests {
    static let today = Cases.date("2026-03-01")

    static func months(_ from: String, _ to: String) -> [String] {
        var list: [String] = []
        var d = Cases.date(from + "-01")
        let end = Cases.date(to + "-01")
        while d <= end {
            list.append(String(d.description.prefix(7)))
            d = d.adding(months: 1)
        }
        return list
    }

    static func employee(_ place: String, _ from: String, _ to: String, _ status: EnrollmentStatus = .active,
                         paid: Bool = true) -> PlatformRecord {
        Cases.record(place, .employee, status, months: months(from, to), paid: paid)
    }

    static func resident(_ place: String, _ year: Int, _ status: EnrollmentStatus = .active, paid: Bool = true,
                         since: String? = nil) -> PlatformRecord {
        var r = Cases.record(place, .resident, status, year: year, paid: paid)
        r.since = since.map(Cases.date)
        return r
    }

    static func policy(_ region: String) -> Policy { TestForms.shared.policy(region)! }

    static func retain(_ records: [PlatformRecord], _ region: String, _ facts: DuplicateFacts = DuplicateFacts(),
                       today: LocalDate = today) -> Retention {
        let found = DuplicateDetection.detect(records)
        #expect(found.count == 1)
        return DuplicateRetention.retention(of: found[0], records: records, facts: facts, policy: policy(region), today: today)
    }

    // MARK: - 第二十三条（一） employee twice for one contribution month

    @Test func employeeRecordsPayingTheSameMonthsAreADuplicate() {
        let records = [Self.employee("440703", "2025-01", "2025-06"), Self.employee("150602", "2025-04", "2025-09")]
        let found = DuplicateDetection.detect(records)
        #expect(found.count == 1)
        #expect(found[0].rule == .employee)
        #expect(found[0].citation == "内蒙古细则 第二十三条（一）")
        #expect(found[0].records == [0, 1])
        #expect(found[0].months == ["2025-04", "2025-05", "2025-06"])
        #expect(found[0].message == "职工医保重复参保：2025-04至2025-06有 2 条职工医保实缴数据（440703、150602）")
    }

    @Test func onlyRecordsInForceAndPaidCount() {
        for other in [Self.employee("150602", "2025-04", "2025-09", .suspended),
                      Self.employee("150602", "2025-04", "2025-09", .terminated),
                      Self.employee("150602", "2025-04", "2025-09", paid: false),
                      Self.employee("150602", "2025-07", "2025-09")] {
            #expect(DuplicateDetection.detect([Self.employee("440703", "2025-01", "2025-06"), other]).isEmpty)
        }
    }

    @Test func recordsOverlappingInAChainAreOneDuplicate() {
        let records = [Self.employee("A", "2025-01", "2025-03"), Self.resident("R", 2025),
                       Self.employee("B", "2025-03", "2025-05"), Self.employee("C", "2025-05", "2025-06")]
        let found = DuplicateDetection.detect(records)
        #expect(found.map(\.rule) == [.employee])
        #expect(found[0].records == [0, 2, 3])
        #expect(found[0].months == ["2025-03", "2025-05"])
        #expect(found[0].message.contains("2025-03至2025-05中的 2 个月"))
    }

    // MARK: - 第二十三条（二） resident twice in one year

    @Test func residentRecordsOfTheSameYearAreADuplicate() {
        let records = [Self.resident("150102", 2026), Self.resident("150621", 2025), Self.resident("150621", 2026)]
        let found = DuplicateDetection.detect(records)
        #expect(found.count == 1)
        #expect(found[0].rule == .resident)
        #expect(found[0].citation == "内蒙古细则 第二十三条（二）")
        #expect(found[0].records == [0, 2])
        #expect(found[0].year == 2026)
        #expect(found[0].message == "居民医保重复参保：2026 年度有 2 条居民医保实缴数据（150102、150621）")
        #expect(DuplicateDetection.detect([Self.resident("150102", 2026), Self.resident("150621", 2026, paid: false)]).isEmpty)
    }

    // MARK: - 第二十三条（三） every benefit month also paid as employee

    @Test func aResidentYearFullyPaidAsEmployeeIsACrossSchemeDuplicate() {
        let records = [Self.employee("440703", "2025-01", "2025-06"), Self.resident("150621", 2025),
                       Self.employee("150602", "2025-07", "2025-12")]
        let found = DuplicateDetection.detect(records)
        #expect(found.count == 1)
        #expect(found[0].rule == .crossScheme)
        #expect(found[0].citation == "内蒙古细则 第二十三条（三）")
        #expect(found[0].records == [1, 0, 2])
        #expect(found[0].months.count == 12)
        #expect(found[0].year == 2025)
    }

    @Test func oneBenefitMonthWithoutEmployeeDataIsNoDuplicate() {
        #expect(DuplicateDetection.detect([Self.resident("150621", 2025), Self.employee("440703", "2025-02", "2025-12")]).isEmpty)
    }

    @Test func benefitMonthsStartWhenAMidYearEnrollmentBegan() {
        let records = [Self.resident("150621", 2025, since: "2025-07-15"), Self.employee("440703", "2025-07", "2025-12")]
        let found = DuplicateDetection.detect(records)
        #expect(found.map(\.rule) == [.crossScheme])
        #expect(found[0].months == Self.months("2025-07", "2025-12"))
    }

    // MARK: - Employee twice: 现就业地

    @Test func employeeTwiceKeepsTheCurrentEmploymentInEachRegion() {
        let records = [Self.employee("440703", "2025-01", "2025-06"), Self.employee("150602", "2025-04", "2025-09")]
        for (region, citation) in [("inner-mongolia", "内蒙古细则 第二十四条（一）"), ("dalate", "内蒙古细则 第二十四条（一）"),
                                   ("national", "国家规程 第十四条"), ("jiangmen", "国家规程 第十四条"), ("city-notice", "某市通知 五")] {
            let r = Self.retain(records, region)
            #expect(r.principle == .currentEmployment)
            #expect(r.citation == citation)
            #expect(r.keep == 1)
            #expect(!r.needsCommitment)
            #expect(r.missingFacts.isEmpty)
            #expect(r.actions.map(\.record) == [0])
            #expect(r.actions[0].action == .terminate)
            #expect(r.notes == ["现就业地按最近缴费月份的参保关系认定；如参保人现就业地不同，应以实际就业地为准"])
        }
        // The city refunds what was paid twice for an employee who left without 退工 (某市通知 六（一）1).
        let city = Self.retain(records, "city-notice").actions[0]
        #expect(city.refund == Refund(from: "2025-04", to: "2025-06", months: 3, reason: "left-job-late", citation: "某市通知 六（一）1"))
        #expect(Self.retain(records, "inner-mongolia").actions[0].refund == nil)
    }

    @Test func employeeTwiceWithTheSameLatestMonthNeedsTheCurrentEmployer() {
        let records = [Self.employee("440703", "2025-01", "2025-09"), Self.employee("150602", "2025-04", "2025-09")]
        let open = Self.retain(records, "inner-mongolia")
        #expect(open.keep == nil)
        #expect(open.missingFacts == [.currentEmployment])
        #expect(open.actions.isEmpty)
        #expect(open.message.contains("须先确认：参保人现就业地"))
        let told = Self.retain(records, "inner-mongolia", DuplicateFacts(currentEmploymentPlace: "440703"))
        #expect(told.keep == 0)
        #expect(told.notes.isEmpty)
    }

    @Test func aFlexibleWorkerWhoTookAJobGetsTheDoubleMonthsBack() {
        let records = [Self.employee("150621", "2025-01", "2025-12"), Self.employee("150602", "2025-07", "2025-12")]
        let national = Self.retain(records, "national", DuplicateFacts(flexible: [0]))
        #expect(national.keep == 1)
        #expect(national.actions[0].refund == Refund(from: "2025-07", to: "2025-12", months: 6, reason: "flexible-employed",
                                                      citation: "国家规程 第十六条"))
        let city = Self.retain(records, "city-notice", DuplicateFacts(flexible: [0]))
        #expect(city.actions[0].refund?.citation == "某市通知 六（一）2")
    }

    // MARK: - Resident twice

    @Test func innerMongoliaLetsThePersonChooseInWriting() {
        let records = [Self.resident("150102", 2026), Self.resident("150621", 2026)]
        for region in ["inner-mongolia", "dalate"] {
            let open = Self.retain(records, region)
            #expect(open.principle == .personChoice)
            #expect(open.citation == "内蒙古细则 第二十四条（二）")
            #expect(open.needsCommitment)
            #expect(open.keep == nil)
            #expect(open.missingFacts == [.personChoice])
            #expect(open.candidates == [0, 1])
            let chosen = Self.retain(records, region, DuplicateFacts(chosenRecord: 1))
            #expect(chosen.keep == 1)
            #expect(chosen.missingFacts.isEmpty)
            #expect(chosen.actions == [DuplicateAction(record: 0, action: .terminate, citation: "内蒙古细则 第二十四条（二）",
                                                       refundNote: "2026 年度待遇享受期已开始，个人缴费不再退回（国家规程 第十六条）")])
            #expect(chosen.message == "居民医保重复参保：由参保人自行选择参保地，保留 150621 居民医保 2026年 正常参保（已缴费）；终止 150102 居民医保 2026年 正常参保（已缴费）（须本人书面承诺）")
        }
    }

    @Test func aResidentPremiumIsRefundedBeforeItsBenefitPeriodWithTheRegionsArticle() {
        let records = [Self.resident("150102", 2027), Self.resident("150621", 2027)]
        for (region, citation) in [("inner-mongolia", "内蒙古细则 第十七条"), ("dalate", "达拉特旗方案 五（六）4"),
                                   ("national", "国家规程 第十六条"), ("jiangmen", "江门规程 第二十三条"),
                                   ("city-notice", "某市通知 六（一）3")] {
            let r = Self.retain(records, region, DuplicateFacts(residencePlace: "150621", chosenRecord: 1),
                                today: Cases.date("2026-11-02"))
            #expect(r.keep == 1)
            #expect(r.actions[0].refund == Refund(from: "2027-01", to: "2027-12", months: 12, reason: "duplicate", citation: citation))
        }
    }

    @Test func nationallyThePlaceOfResidenceOrThePersonsWish() {
        let records = [Self.resident("440703", 2026), Self.resident("440705", 2026)]
        for region in ["national", "jiangmen"] {
            let open = Self.retain(records, region)
            #expect(open.principle == .residence)
            #expect(open.citation == "国家规程 第十四条")
            #expect(!open.needsCommitment)
            #expect(open.missingFacts == [.residencePlace, .personChoice])
            #expect(Self.retain(records, region, DuplicateFacts(residencePlace: "440705")).keep == 1)
            let wish = Self.retain(records, region, DuplicateFacts(residencePlace: "440705", chosenRecord: 0))
            #expect(wish.keep == 0)
            #expect(wish.notes.contains("按参保人意愿选择参保地"))
        }
    }

    @Test func theCityKeepsThePlaceOfResidence() {
        let records = [Self.resident("A", 2026), Self.resident("B", 2026)]
        let open = Self.retain(records, "city-notice", DuplicateFacts(chosenRecord: 0))
        #expect(open.principle == .residence)
        #expect(open.citation == "某市通知 五")
        #expect(open.keep == nil)
        #expect(open.missingFacts == [.residencePlace])
        #expect(Self.retain(records, "city-notice", DuplicateFacts(residencePlace: "B")).keep == 1)
    }

    @Test func aStudentKeepsTheSchoolsPlace() {
        let records = [Self.resident("150621", 2026), Self.resident("150602", 2026)]
        for (region, citation) in [("inner-mongolia", "内蒙古细则 第二十四条（三）1"), ("national", "国家规程 第十四条"),
                                   ("city-notice", "某市通知 五")] {
            let r = Self.retain(records, region, DuplicateFacts(schoolPlace: "150602"))
            #expect(r.principle == .school)
            #expect(r.citation == citation)
            #expect(r.keep == 1)
            #expect(!r.needsCommitment)
            #expect(r.actions.map(\.action) == [.terminate])
        }
    }

    @Test func assistedEnrollmentsNeedTheAgreementAndACommitment() {
        let records = [Self.resident("150102", 2027), Self.resident("150621", 2027)]
        let im = Self.retain(records, "dalate", DuplicateFacts(assisted: [0]), today: Cases.date("2026-10-01"))
        #expect(im.principle == .assisted)
        #expect(im.citation == "内蒙古细则 第二十四条（五）")
        #expect(im.needsCommitment)
        #expect(im.missingFacts == [.personChoice])
        let national = Self.retain(records, "national", DuplicateFacts(assisted: [0, 1], chosenRecord: 1),
                                   today: Cases.date("2026-10-01"))
        #expect(national.citation == "国家规程 第十四条")
        #expect(national.needsCommitment)
        #expect(national.actions[0].refundNote == "资助参保对象须先按规定退回已享受的参保缴费补贴（国家规程 第十六条、第十七条）")
        // Not knowing whether either is assisted is said, not assumed away.
        let unknown = Self.retain(records, "national", DuplicateFacts(residencePlace: "150621"))
        #expect(unknown.notes.first?.hasPrefix("未掌握是否为政府资助参保") == true)
        #expect(Self.retain(records, "national", DuplicateFacts(assisted: [], residencePlace: "150621")).notes.isEmpty)
    }

    // MARK: - Cross-scheme

    @Test func aFullResidentYearPaidAsEmployeeIsAYearOfEmployeeCoverage() {
        // Rule (三) over a whole year means twelve employee months: part-time work then still keeps the employee
        // scheme (内蒙古细则 第二十四条（四） before （六）).
        let records = [Self.resident("150621", 2025), Self.employee("150621", "2025-01", "2025-12")]
        let r = Self.retain(records, "inner-mongolia", DuplicateFacts(flexible: [1]))
        #expect(r.principle == .employeeContinuous)
        #expect(r.notes == ["连续参加职工医保 12 个月"])
    }

    @Test func aYearOfContinuousEmployeeCoverageKeepsTheEmployeeScheme() {
        let records = [Self.resident("150621", 2025), Self.employee("150602", "2024-07", "2025-12")]
        for (region, citation) in [("inner-mongolia", "内蒙古细则 第二十四条（四）"), ("national", "国家规程 第十四条"),
                                   ("city-notice", "某市通知 五")] {
            let r = Self.retain(records, region)
            #expect(r.principle == .employeeContinuous)
            #expect(r.citation == citation)
            #expect(r.keep == 1)
            #expect(r.actions.map(\.record) == [0])
            #expect(r.actions[0].action == .terminate)
            #expect(r.notes == ["连续参加职工医保 18 个月"])
        }
        #expect(Self.retain(records, "inner-mongolia").actions[0].refundNote == "2025 年度待遇享受期已开始，个人缴费不再退回（国家规程 第十六条）")
        // The city refunds a resident premium when employee benefits were enjoyed all year (某市通知 六（一）3).
        #expect(Self.retain(records, "city-notice").actions[0].refund
            == Refund(from: "2025-01", to: "2025-12", months: 12, reason: "employee-benefits", citation: "某市通知 六（一）3"))
    }

    @Test func continuityCountsAnEarlierEmployersMonths() {
        let records = [Self.resident("150621", 2025), Self.employee("150602", "2025-01", "2025-12"),
                       Self.employee("440703", "2024-10", "2024-12", .terminated)]
        let r = Self.retain(records, "inner-mongolia")
        #expect(r.principle == .employeeContinuous)
        #expect(r.notes == ["连续参加职工医保 15 个月"])
    }

    @Test func aStudentWhoTookAJobEndsTheSchoolEnrollmentSuspendedNationallyTerminatedInInnerMongolia() {
        let records = [Self.resident("150602", 2025), Self.employee("440703", "2025-01", "2025-12")]
        let facts = DuplicateFacts(schoolPlace: "150602")
        let im = Self.retain(records, "inner-mongolia", facts)
        #expect(im.principle == .studentEmployed)
        #expect(im.citation == "内蒙古细则 第二十四条（三）2")
        #expect(im.keep == 1)
        #expect(im.actions.map(\.action) == [.terminate])
        let national = Self.retain(records, "national", facts)
        #expect(national.citation == "国家规程 第十五条 2")
        #expect(national.actions.map(\.action) == [.suspend])
        #expect(Self.retain(records, "city-notice", facts).actions.map(\.action) == [.suspend])
    }

    /// A mid-year resident enrollment: six benefit months, all paid as employee, under a year of employee coverage.
    static let midYear = Self.resident("150621", 2025, since: "2025-07-01")

    @Test func partTimeWorkKeepsOneWithBenefitsAndSuspendsTheOther() {
        let records = [Self.midYear, Self.employee("150621", "2025-07", "2025-12")]
        let facts = DuplicateFacts(flexible: [1])
        let open = Self.retain(records, "inner-mongolia", facts)
        #expect(open.principle == .partTime)
        #expect(open.citation == "内蒙古细则 第二十四条（六）")
        #expect(open.missingFacts == [.personChoice])
        #expect(open.candidates == [0, 1])
        #expect(open.notes == ["连续参加职工医保 6 个月，不足一年；由参保人选择保留一个可享受待遇的参保关系"])
        var chosen = facts
        chosen.chosenRecord = 0
        let r = Self.retain(records, "national", chosen)
        #expect(r.citation == "国家规程 第十四条")
        #expect(r.keep == 0)
        #expect(r.actions == [DuplicateAction(record: 1, action: .suspend, citation: "国家规程 第十四条")])
    }

    @Test func underAYearWithoutPartTimeWorkNoTextNamesThePrinciple() {
        let records = [Self.midYear, Self.employee("150602", "2025-07", "2025-12")]
        let r = Self.retain(records, "inner-mongolia")
        #expect(r.principle == .undetermined)
        #expect(r.citation == "内蒙古细则 第二十四条")
        #expect(r.keep == nil)
        #expect(r.missingFacts == [.personChoice])
        #expect(Self.retain(records, "national", DuplicateFacts(chosenRecord: 1)).actions.map(\.record) == [0])
    }

    // MARK: - Citations and cases

    @Test func everyCitationResolvesToAnArticle() {
        let scenarios: [([PlatformRecord], DuplicateFacts)] = [
            ([Self.employee("A", "2025-01", "2025-06"), Self.employee("B", "2025-04", "2025-09")], DuplicateFacts(flexible: [0])),
            ([Self.resident("A", 2027), Self.resident("B", 2027)], DuplicateFacts(chosenRecord: 1)),
            ([Self.resident("A", 2027), Self.resident("B", 2027)], DuplicateFacts(assisted: [0], chosenRecord: 1)),
            ([Self.resident("A", 2026), Self.resident("B", 2026)], DuplicateFacts(schoolPlace: "B")),
            ([Self.resident("A", 2025), Self.employee("B", "2024-01", "2025-12")], DuplicateFacts()),
            ([Self.resident("A", 2025), Self.employee("B", "2025-01", "2025-12")], DuplicateFacts(schoolPlace: "A")),
            ([Self.midYear, Self.employee("B", "2025-07", "2025-12")], DuplicateFacts(flexible: [1], chosenRecord: 0)),
            ([Self.midYear, Self.employee("B", "2025-07", "2025-12")], DuplicateFacts(chosenRecord: 0)),
        ]
        var citations = Set<String>()
        for region in ["national", "inner-mongolia", "dalate", "jiangmen", "city-notice"] {
            for (records, facts) in scenarios {
                for (d, r) in DuplicateRetention.review(records, facts: facts, policy: Self.policy(region), today: Self.today) {
                    citations.insert(d.citation)
                    citations.insert(r.citation)
                    for a in r.actions {
                        citations.insert(a.citation)
                        if let refund = a.refund { citations.insert(refund.citation) }
                    }
                }
            }
        }
        #expect(citations.count >= 15)
        for citation in citations { #expect(TestForms.shared.articles.unresolved(in: citation).isEmpty, "\(citation)") }
    }

    @Test func aRefundIsOpenedAsADraftRefundCase() throws {
        let records = [Self.resident("150102", 2027), Self.resident("150621", 2027)]
        let facts = DuplicateFacts(assisted: [], chosenRecord: 1)
        let r = Self.retain(records, "dalate", facts, today: Cases.date("2026-11-02"))
        let person = Cases.person("刘建华", "150621199208080520")
        let draft = try #require(DuplicateResolution.refundCase(for: r.actions[0], keep: 1, records: records, person: person,
                                                               facts: facts, region: "dalate", today: Cases.date("2026-11-02")))
        #expect(draft.workflow == "refund")
        #expect(draft.here == "150102")
        #expect(draft.coverageYear == 2027)
        #expect(draft.facts["refund_reason"] == .text("duplicate"))
        #expect(draft.facts["assisted"] == .bool(false))
        var complete = draft
        complete.facts["applicant"] = .text("self")
        complete.documentsPresented = ["resident-id", "bank-account"]
        let verdict = Cases.verdict(complete)
        #expect(verdict.decision == .accept)
        #expect(verdict.refund?.reason == "duplicate")
        #expect(DuplicateResolution.replacedRecords(r, records: records)
            == [ReplacedRecord(record: records[0], action: .terminate, citation: "内蒙古细则 第二十四条（二）")])
    }
}
