import CanbaoRules
import CanbaoTestSupport
import Testing

/// 国家规程 第十五条 3, 内蒙古细则 第十二条（一）, 江门规程 第二十条（二）（三）.
@Suite struct NewbornRuleTests {
    static let mother = Cases.person("李梅", "150602198003150034")

    /// A newborn not yet registered in the hukou: no ID number yet, identified by the birth certificate.
    static func newborn(region: String = "inner-mongolia", today: String, birth: String, deceased: Bool = false,
                        name: String = "王小禾", docs: [String] = ["birth-certificate", "guardian-id"],
                        facts: [String: FactValue] = [:], here: String = "150621") -> CaseFile {
        var c = CaseFile(workflow: "newborn", region: region, today: Cases.date(today), here: here)
        c.person = Party(name: name, document: IdentityDocument(kind: .birthCertificate, number: "Q150123456"),
                         birthDate: Cases.date(birth), sex: .female)
        c.guardian = mother
        c.facts = ["hukou_registered": .bool(false), "deceased_before_hukou": .bool(deceased)].merging(facts) { $1 }
        c.documentsPresented = docs
        return c
    }

    @Test func day90IsInsideTheWindowAndCoversFromBirth() {
        let v = Cases.verdict(Self.newborn(today: "2026-03-31", birth: "2026-01-01"))
        #expect(Cases.date("2026-01-01").days(until: Cases.date("2026-03-31")) == 89)
        let day90 = Cases.verdict(Self.newborn(today: "2026-04-01", birth: "2026-01-01"))
        #expect(v.decision == .accept)
        #expect(day90.decision == .accept)
        #expect(day90.benefitStart == Cases.date("2026-01-01"))
        #expect(day90.waitingPeriodMonths == 0)
        #expect(day90.findings("newborn.window").first?.message.contains("第90天") == true)
        #expect(day90.findings("newborn.window").first?.citation == "内蒙古细则 第十二条（一）1")
    }

    @Test func day91NeedsASupervisorWhereTheRegionHasNoRule() {
        let v = Cases.verdict(Self.newborn(today: "2026-04-02", birth: "2026-01-01"))
        #expect(v.decision == .needsApproval)
        #expect(v.has("newborn.window", .approval))
        #expect(v.benefitStart == nil)
        #expect(v.findings("newborn.window")[0].message.contains("截至 2026-04-01"))
    }

    /// Found by an outside tester: an adult in the newborn workflow went to a supervisor as a late registration
    /// ("出生后第17142天…须审核"). A child still registered late goes there; an adult is refused.
    @Test func anAdultIsNoNewbornRegisteredLate() {
        func thisYear(_ birth: String) -> Verdict {
            var c = Self.newborn(today: "2026-12-07", birth: birth)
            c.coverageYear = 2026
            return Cases.verdict(c)
        }
        let adult = thisYear("1980-01-01")
        #expect(adult.decision == .refuse)
        #expect(adult.findings("newborn.window").map(\.message) == ["出生于 1980-01-01，已满18周岁，不是新生儿：不能按新生儿参保登记办理"])
        #expect(adult.findings("newborn.window")[0].citation == "国家规程 第十五条 3")
        #expect(thisYear("2008-12-07").decision == .refuse)
        let minor = thisYear("2008-12-08")
        #expect(minor.decision == .needsApproval)
        #expect(minor.has("newborn.window", .approval))
    }

    @Test func leapDayBirthCountsRealDays() {
        // 2024-02-29 + 90 days = 2024-05-29.
        #expect(Cases.verdict(Self.newborn(today: "2024-05-29", birth: "2024-02-29")).decision == .accept)
        #expect(Cases.verdict(Self.newborn(today: "2024-05-30", birth: "2024-02-29")).decision == .needsApproval)
    }

    @Test func birthAfterTodayIsRefused() {
        let v = Cases.verdict(Self.newborn(today: "2026-01-01", birth: "2026-01-02"))
        #expect(v.decision == .refuse)
        #expect(v.findings("newborn.window")[0].message == "出生日期 2026-01-02 晚于办理日期 2026-01-01")
    }

    @Test func deceasedNewbornInInnerMongoliaIsRegisteredAsParentNamePlusXSE() {
        var c = Self.newborn(today: "2026-02-01", birth: "2026-01-10", deceased: true, name: "李梅XSE",
                             docs: ["birth-certificate", "guardian-id", "death-certificate"])
        c.person?.document = IdentityDocument(kind: .other, number: "150602198003150034")
        let v = Cases.verdict(c)
        #expect(v.decision == .accept)
        #expect(v.benefitStart == Cases.date("2026-01-10"))
        #expect(v.findings("newborn.deceased")[0].message.contains("报销办结后应及时办理终止参保"))
    }

    @Test func deceasedNewbornWithRealNameOrWrongDocumentIsRefusedWithTheExpectedValues() {
        var c = Self.newborn(today: "2026-02-01", birth: "2026-01-10", deceased: true, name: "王小禾",
                             docs: ["birth-certificate", "guardian-id", "death-certificate"])
        c.person?.document = IdentityDocument(kind: .residentID, number: "150602198003150034")
        let v = Cases.verdict(c)
        #expect(v.decision == .refuse)
        let messages = v.findings("newborn.naming").map(\.message)
        #expect(messages.contains("户籍登记前死亡的新生儿应以“父亲或母亲姓名+XSE”作为姓名，应为“李梅XSE”或“另一方父母姓名+XSE”"))
        #expect(messages.contains("证件类型应选择“其他证件类型”，使用父亲或母亲的身份证号码"))
    }

    @Test func deceasedNewbornWithAnotherPersonsNumberIsRefused() {
        var c = Self.newborn(today: "2026-02-01", birth: "2026-01-10", deceased: true, name: "李梅XSE",
                             docs: ["birth-certificate", "guardian-id", "death-certificate"])
        c.person?.document = IdentityDocument(kind: .other, number: "34052419800101001X")
        let v = Cases.verdict(c)
        #expect(v.findings("newborn.naming").map(\.message) == ["以“李梅XSE”登记时，证件号码应为李梅的身份证号码 150602198003150034"])
    }

    /// 父亲或母亲姓名+XSE: the mother may register the baby under the father's name and ID number.
    @Test func deceasedNewbornMayCarryTheOtherParentsName() {
        var c = Self.newborn(today: "2026-02-01", birth: "2026-01-10", deceased: true, name: "张伟XSE",
                             docs: ["birth-certificate", "guardian-id", "death-certificate"])
        c.person?.document = IdentityDocument(kind: .other, number: "34052419800101001X")
        let v = Cases.verdict(c)
        #expect(v.decision == .accept)
        #expect(v.findings("newborn.naming").map(\.severity) == [.warn])
    }

    @Test func aPreregisteredNewbornIsUpdatedNotHeldToTheWindow() {
        let v = Cases.verdict(Self.newborn(region: "jiangmen", today: "2026-06-01", birth: "2026-01-15",
                                           facts: ["registered_under_parent_name": .bool(true)], here: "440703"))
        #expect(v.findings("newborn.window").isEmpty)
        #expect(v.decision == .accept)
    }

    @Test func deceasedNewbornAfter90DaysIsRefusedInInnerMongolia() {
        var c = Self.newborn(today: "2026-04-11", birth: "2026-01-10", deceased: true, name: "李梅XSE",
                             docs: ["birth-certificate", "guardian-id", "death-certificate"])
        c.person?.document = IdentityDocument(kind: .other, number: "150602198003150034")
        let v = Cases.verdict(c)
        #expect(v.decision == .refuse)
        #expect(v.has("newborn.deceased", .block))
    }

    @Test func deceasedNewbornInJiangmenHasSixMonthsAtTheBirthplace() {
        func jm(_ today: String, birthPlace: String) -> Verdict {
            Cases.verdict(Self.newborn(region: "jiangmen", today: today, birth: "2026-01-31", deceased: true,
                                       docs: ["birth-certificate", "guardian-id", "death-certificate", "resident-registration-form"],
                                       facts: ["birth_place": .text(birthPlace)], here: "440703"))
        }
        // 2026-01-31 + 6 months = 2026-07-31 (month arithmetic clamps, e.g. 08-31 + 6 → 02-28).
        #expect(jm("2026-07-31", birthPlace: "440703").decision == .accept)
        #expect(jm("2026-08-01", birthPlace: "440703").decision == .refuse)
        let elsewhere = jm("2026-03-01", birthPlace: "440781")
        #expect(elsewhere.decision == .refuse)
        #expect(elsewhere.findings("newborn.deceased")[0].citation == "江门规程 第二十条（二）")
    }

    @Test func deceasedNewbornWhereTheRegionHasNoRuleNeedsApproval() {
        let v = Cases.verdict(Self.newborn(region: "national", today: "2026-02-01", birth: "2026-01-10", deceased: true,
                                           docs: ["birth-certificate", "guardian-id", "death-certificate"]))
        #expect(v.decision == .needsApproval)
        #expect(v.has("newborn.deceased", .approval))
    }

    @Test func aLivingNewbornMayNotUseTheParentsNameOrXSE() {
        let parentName = Cases.verdict(Self.newborn(today: "2026-02-01", birth: "2026-01-10", name: "李梅"))
        #expect(parentName.findings("newborn.naming").map(\.message) == ["新生儿应使用本人真实姓名参保登记，不得使用父母姓名"])
        let xse = Cases.verdict(Self.newborn(today: "2026-02-01", birth: "2026-01-10", name: "李梅XSE"))
        #expect(xse.decision == .refuse)
    }

    @Test func preregisteredNewbornInJiangmenMustUpdateWithinSixMonthsOfTheNextMonth() {
        func jm(_ today: String) -> Verdict {
            Cases.verdict(Self.newborn(region: "jiangmen", today: today, birth: "2026-01-15",
                                       facts: ["registered_under_parent_name": .bool(true)], here: "440703"))
        }
        // From 2026-02-01, six months: the last day is 2026-07-31.
        #expect(jm("2026-07-31").findings("newborn.preregistered")[0].severity == .info)
        let late = jm("2026-08-01").findings("newborn.preregistered")[0]
        #expect(late.severity == .warn)
        #expect(late.message.contains("截至 2026-07-31"))
    }

    @Test func missingDocumentsAreListedAllAtOnce() {
        var c = Self.newborn(today: "2026-02-01", birth: "2026-01-10", docs: [])
        c.facts["hukou_registered"] = .bool(true)
        c.person?.document = IdentityDocument(kind: .residentID, number: "150621202601100027")
        c.agent = Cases.person("王强", "150621197803030094")
        let v = Cases.verdict(c)
        #expect(v.decision == .refuse || v.decision == .missingDocuments)
        #expect(v.missingCodes == ["birth-certificate", "guardian-id", "hukou-booklet", "agent-id", "power-of-attorney"])
    }

    @Test func jiangmenGetsTheHukouBookletByDataSharing() {
        var c = Self.newborn(region: "jiangmen", today: "2026-02-01", birth: "2026-01-10", here: "440703")
        c.facts["hukou_registered"] = .bool(true)
        c.person?.document = IdentityDocument(kind: .residentID, number: "150621202601100027")
        // Only the form a Jiangmen resident registration fills in at the counter (附表4, 江门规程 第二十条（1））.
        #expect(Cases.verdict(c).missingCodes == ["resident-registration-form"])
        c.region = "inner-mongolia"
        #expect(Cases.verdict(c).missingCodes == ["hukou-booklet"])
    }

    @Test func aNewbornBornInDecemberPaysTheBirthYearInJanuary() {
        var c = Self.newborn(today: "2026-01-20", birth: "2025-12-20")
        c.coverageYear = 2025
        let v = Cases.verdict(c)
        #expect(v.decision == .accept)
        #expect(!v.has("registration.coverage_year", .block))
    }
}
