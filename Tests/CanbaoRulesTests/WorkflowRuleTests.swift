import CanbaoRules
import CanbaoTestSupport
import Testing

/// Students: 国家规程 第十五条 2, 内蒙古细则 第十二条（二）.
@Suite struct StudentRuleTests {
    static func student(here: String, facts: [String: FactValue], docs: [String] = ["resident-id", "student-proof"],
                        records: [PlatformRecord] = [], scheme: Scheme = .resident) -> CaseFile {
        var c = CaseFile(workflow: "student", region: "inner-mongolia", today: Cases.date("2026-09-10"), here: here, scheme: scheme)
        c.coverageYear = 2026
        c.person = Cases.person("陈思远", "440703200406120041")
        c.facts = facts
        c.documentsPresented = docs
        c.platformRecords = records
        return c
    }

    @Test func atTheSchoolPlace() {
        let v = Cases.verdict(Self.student(here: "150102", facts: ["school_place": .text("150102")]))
        #expect(v.decision == .accept)
        #expect(v.findings("student.place")[0].severity == .info)
    }

    @Test func aDisabledStudentMayChooseTheCertifiedPlaceAndBringsTheCertificate() {
        let facts: [String: FactValue] = ["school_place": .text("440703"), "certified_place": .text("150621"), "disabled": .bool(true)]
        let v = Cases.verdict(Self.student(here: "150621", facts: facts))
        #expect(v.decision == .missingDocuments)
        #expect(v.missingCodes == ["disability-certificate"])
        #expect(v.findings("student.place")[0].citation == "内蒙古细则 第十二条（二）")
    }

    @Test func anAssistedStudentAtTheCertifiedPlaceNeedsNoCertificate() {
        let facts: [String: FactValue] = ["school_place": .text("440703"), "certified_place": .text("150621"), "assisted": .bool(true)]
        #expect(Cases.verdict(Self.student(here: "150621", facts: facts)).decision == .accept)
    }

    /// "原则上应在学籍地": another place is an exception for a supervisor.
    @Test func anotherPlaceNeedsApproval() {
        let v = Cases.verdict(Self.student(here: "150621", facts: ["school_place": .text("440703")]))
        #expect(v.decision == .needsApproval)
        #expect(v.findings("student.place")[0].message.contains("学籍地（440703）"))
    }

    @Test func enteringSchoolTerminatesTheOldResidentEnrollment() {
        let old = Cases.record("150621", .resident, year: 2026, paid: true)
        let v = Cases.verdict(Self.student(here: "150102", facts: ["school_place": .text("150102")], records: [old]))
        #expect(v.decision == .accept)
        #expect(v.replaces == [ReplacedRecord(record: old, action: .terminate, citation: "内蒙古细则 第二十四条（三）1")])
    }

    @Test func studentsJoinTheResidentScheme() {
        let v = Cases.verdict(Self.student(here: "150102", facts: ["school_place": .text("150102")], scheme: .employee))
        #expect(v.decision == .refuse)
        #expect(v.has("student.scheme", .block))
    }
}

/// Veterans and military spouses: 国家规程 第十五条 4, 内蒙古细则 第十二条（三）, 江门规程 第十五条.
@Suite struct VeteranRuleTests {
    static func veteran(region: String, role: String = "veteran", discharge: String = "2026-06-30", gap: Int = 4,
                        scheme: Scheme = .employee, docs: [String] = ["resident-id", "discharge-form"]) -> CaseFile {
        var c = CaseFile(workflow: "veteran", region: region, today: Cases.date("2026-10-20"), here: "150102", scheme: scheme)
        c.coverageYear = 2026
        c.person = Cases.person("赵卫国", "150621199508200053", sex: .male)
        c.facts = ["role": .text(role), "discharge_date": .text(discharge), "gap_months": .int(gap)]
        c.documentsPresented = docs
        return c
    }

    @Test func noWaitingPeriodAndBackPayInInnerMongolia() {
        let v = Cases.verdict(Self.veteran(region: "inner-mongolia"))
        #expect(v.decision == .accept)
        #expect(v.waitingPeriodMonths == 0)
        #expect(v.findings("veteran.backpay")[0].message.contains("按照参保当月缴费基数补缴"))
    }

    @Test func nationalLeavesBackPayToTheRegion() {
        let v = Cases.verdict(Self.veteran(region: "national"))
        #expect(v.findings("veteran.backpay")[0].severity == .warn)
        #expect(v.waitingPeriodMonths == 0)
    }

    @Test func jiangmenCountsServiceYearsAndNeedsTheEnlistmentForm() {
        let v = Cases.verdict(Self.veteran(region: "jiangmen"))
        #expect(v.missingCodes == ["enlistment-form"])
        #expect(v.findings("veteran.service_years")[0].citation == "江门规程 第十五条")
    }

    @Test func aMilitarySpouseBringsMarriageAndSpouseProof() {
        let v = Cases.verdict(Self.veteran(region: "inner-mongolia", role: "military-spouse", docs: ["resident-id"]))
        #expect(v.missingCodes == ["marriage-certificate", "military-spouse-proof"])
    }

    /// The city notice's waiting periods do not apply to veterans (国家规程 第十五条 4).
    @Test func cityNoticeWaitingPeriodDoesNotApply() {
        var c = Self.veteran(region: "city-notice", gap: 8)
        c.today = Cases.date("2026-05-01")
        #expect(Cases.verdict(c).waitingPeriodMonths == 0)
    }

    @Test func aFutureOrImpossibleDischargeDateIsRefused() {
        #expect(Cases.verdict(Self.veteran(region: "inner-mongolia", discharge: "2026-12-01")).decision == .refuse)
        let v = Cases.verdict(Self.veteran(region: "inner-mongolia", discharge: "2026-02-30"))
        #expect(v.findings("veteran.discharge")[0].message.contains("不是有效日期"))
    }
}

/// Migrant, seasonal and flexible workers: 国家规程 第六条, 内蒙古细则 第五条、第十条、第十六条.
@Suite struct MigrantRuleTests {
    static func worker(region: String = "inner-mongolia", today: String = "2026-03-10", local: Bool, permit: Bool,
                       work: String, scheme: Scheme, flexible: Bool? = nil, docs: [String] = ["resident-id"]) -> CaseFile {
        var c = CaseFile(workflow: "migrant-worker", region: region, today: Cases.date(today), here: "150102", scheme: scheme)
        c.flexible = flexible
        c.person = Cases.person("刘建军", "150621197803030094")
        c.facts = ["local_hukou": .bool(local), "has_residence_permit": .bool(permit), "work": .text(work)]
        c.documentsPresented = docs
        return c
    }

    @Test func withoutHukouOrResidencePermitGoHome() {
        let v = Cases.verdict(Self.worker(local: false, permit: false, work: "flexible", scheme: .resident))
        #expect(v.decision == .refuse)
        #expect(v.findings("migrant.residence")[0].citation == "内蒙古细则 第五条、第十一条（二）1")
    }

    @Test func aResidencePermitHolderEnrollsWhereTheyLive() {
        let v = Cases.verdict(Self.worker(local: false, permit: true, work: "flexible", scheme: .resident, docs: ["resident-id"]))
        #expect(v.decision == .missingDocuments)
        #expect(v.missingCodes == ["residence-permit"])
    }

    @Test func anEmployeeThroughAnEmployerBringsEmploymentProofNotAPermit() {
        let v = Cases.verdict(Self.worker(local: false, permit: false, work: "employed", scheme: .employee))
        #expect(v.decision == .missingDocuments)
        #expect(v.missingCodes == ["employment-proof"])
    }

    /// 内蒙古细则 第十六条 with the contribution year from 1 July (第十四条): March → March..June = 4 months.
    @Test func aNewFlexibleEmployeeInInnerMongoliaPaysTheRemainingMonths() {
        let march = Cases.verdict(Self.worker(local: true, permit: false, work: "flexible", scheme: .employee, flexible: true))
        #expect(march.findings("migrant.flexible_payment")[0].message.contains("至 2026-06-30 共4个月"))
        let july = Cases.verdict(Self.worker(today: "2026-07-01", local: true, permit: false, work: "flexible", scheme: .employee, flexible: true))
        #expect(july.findings("migrant.flexible_payment")[0].message.contains("至 2027-06-30 共12个月"))
    }

    @Test func jiangmenFlexibleEmployeesPayMonthly() {
        let v = Cases.verdict(Self.worker(region: "jiangmen", local: true, permit: false, work: "flexible", scheme: .employee, flexible: true))
        #expect(v.findings("migrant.flexible_payment")[0].message == "灵活就业人员逐月申报缴费")
    }
}

/// HMT residents and foreigners: 内蒙古细则 第十二条（五）, 江门规程 第五条.
@Suite struct ForeignResidentRuleTests {
    static func applicant(region: String, origin: String, kind: DocumentKind, number: String, nationality: String? = nil,
                          docs: [String]) -> CaseFile {
        var c = CaseFile(workflow: "foreign-resident", region: region, today: Cases.date("2026-03-02"), here: "440703", scheme: .resident)
        c.person = Party(name: "何嘉欣", document: IdentityDocument(kind: kind, number: number, nationality: nationality))
        c.facts = ["origin": .text(origin)]
        c.documentsPresented = docs
        return c
    }

    @Test func theOriginMustMatchThePermitPrefix() {
        let v = Cases.verdict(Self.applicant(region: "jiangmen", origin: "taiwan", kind: .hmtResidencePermit,
                                             number: "810000199408230021", docs: ["hmt-residence-permit"]))
        #expect(v.decision == .refuse)
        #expect(v.has("identity.consistent", .block))
    }

    @Test func innerMongoliaRegistersWithTheResidencePermitOnly() {
        let permit = Self.applicant(region: "inner-mongolia", origin: "hong-kong", kind: .hkMacauPermit, number: "H12345678",
                                    docs: ["hk-macau-permit", "residence-permit"])
        let im = Cases.verdict(permit)
        #expect(im.decision == .refuse)
        #expect(im.findings("foreign.document")[0].citation == "内蒙古细则 第十二条（五）1")
        var jm = permit
        jm.region = "jiangmen"
        // Jiangmen also asks for its resident registration form (附表4, 江门规程 第二十条（1））.
        jm.documentsPresented.append("resident-registration-form")
        #expect(Cases.verdict(jm).decision == .accept)
    }

    @Test func aForeignerWithAPassportInJiangmenAlsoProvesResidence() {
        let v = Cases.verdict(Self.applicant(region: "jiangmen", origin: "foreign", kind: .foreignPassport, number: "E12345678",
                                             nationality: "USA", docs: ["foreign-passport"]))
        #expect(v.decision == .missingDocuments)
        #expect(v.missingCodes == ["foreign-residence-permit", "resident-registration-form"])
        var im = Self.applicant(region: "inner-mongolia", origin: "foreign", kind: .foreignPassport, number: "E12345678",
                                nationality: "USA", docs: ["foreign-passport", "foreign-residence-permit"])
        #expect(Cases.verdict(im).decision == .refuse)
        im.person?.document = IdentityDocument(kind: .foreignPermanentResidence, number: "932682198501010017")
        im.documentsPresented = ["foreign-permanent-residence"]
        #expect(Cases.verdict(im).decision == .accept)
    }
}

/// Waiting periods of 某市通知 四 and the profile validity dates.
@Suite struct WaitingPeriodAndValidityTests {
    static func joiner(today: String, scheme: Scheme, continuous: Int?, gap: Int?, assisted: Bool = false) -> CaseFile {
        var c = CaseFile(workflow: "migrant-worker", region: "city-notice", today: Cases.date(today), here: "440100", scheme: scheme)
        c.coverageYear = Cases.date(today).year
        c.person = Cases.person("刘建军", "150621197803030094")
        c.facts = ["local_hukou": .bool(true), "work": .text(scheme == .employee ? "employed" : "flexible")]
        if let continuous { c.facts["continuous_months"] = .int(continuous) }
        if let gap { c.facts["gap_months"] = .int(gap) }
        if assisted { c.facts["assisted"] = .bool(true) }
        c.documentsPresented = ["resident-id", "employment-proof"]
        return c
    }

    @Test func residentJoiningMidYearWithTwoYearsAndAShortGapIsCoveredFromTheNextDay() {
        let v = Cases.verdict(Self.joiner(today: "2026-03-10", scheme: .resident, continuous: 30, gap: 3))
        #expect(v.waitingPeriodMonths == 0)
        #expect(v.benefitStart == Cases.date("2026-03-11"))
    }

    @Test func residentJoiningMidYearOtherwiseWaitsSixMonths() {
        for (continuous, gap) in [(30, 4), (12, 1), (0, 0)] {
            let v = Cases.verdict(Self.joiner(today: "2026-03-10", scheme: .resident, continuous: continuous, gap: gap))
            #expect(v.waitingPeriodMonths == 6)
            #expect(v.benefitStart == Cases.date("2026-09-10"))
        }
    }

    @Test func employeeRejoiningWithinThreeMonthsIsCoveredFromThePaymentMonth() {
        let v = Cases.verdict(Self.joiner(today: "2026-03-10", scheme: .employee, continuous: 24, gap: 3))
        #expect(v.benefitStart == Cases.date("2026-03-01"))
        #expect(v.waitingPeriodMonths == 0)
        let late = Cases.verdict(Self.joiner(today: "2026-03-10", scheme: .employee, continuous: 24, gap: 4))
        #expect(late.waitingPeriodMonths == 6)
    }

    @Test func employeeUnderTwoYearsIsLeftToASupervisor() {
        let v = Cases.verdict(Self.joiner(today: "2026-03-10", scheme: .employee, continuous: 10, gap: 2))
        #expect(v.decision == .needsApproval)
    }

    /// 国家规程 第十五条 1: no waiting period for assisted persons switching schemes or transferring; one joining
    /// for the first time waits like anyone else (某市通知 四（二）2).
    @Test func assistedPersonsSwitchingHaveNoWaitingPeriod() {
        var switching = Self.joiner(today: "2026-03-10", scheme: .resident, continuous: 0, gap: 9, assisted: true)
        switching.platformRecords = [Cases.record("440100", .employee, months: ["2026-01"])]
        #expect(Cases.verdict(switching).waitingPeriodMonths == 0)
        let firstTime = Cases.verdict(Self.joiner(today: "2026-03-10", scheme: .resident, continuous: 0, gap: 9, assisted: true))
        #expect(firstTime.waitingPeriodMonths == 6)
    }

    /// 国家规程 第十五条 3: costs from birth are covered after paying the birth year's premium.
    @Test func aNewbornRegisteredForAnotherYearIsNotCoveredFromBirth() {
        var c = CaseFile(workflow: "newborn", region: "dalate", today: Cases.date("2026-01-15"), here: "150621")
        c.person = Party(name: "王小禾", document: IdentityDocument(kind: .birthCertificate, number: "Q150123456"),
                         birthDate: Cases.date("2025-12-20"), sex: .female)
        c.guardian = Cases.person("李梅", "150602198003150034")
        c.facts = ["hukou_registered": .bool(false), "deceased_before_hukou": .bool(false)]
        c.documentsPresented = ["birth-certificate", "guardian-id"]
        c.coverageYear = 2026
        let v = Cases.verdict(c)
        #expect(v.benefitStart == nil)
        #expect(v.findings("newborn.window").map(\.severity) == [.warn])
        c.coverageYear = 2025
        #expect(Cases.verdict(c).benefitStart == Cases.date("2025-12-20"))
    }

    @Test func theCityNoticeLapsesAfter31August2026() {
        let inForce = Cases.verdict(Self.joiner(today: "2026-08-31", scheme: .resident, continuous: 30, gap: 1))
        #expect(inForce.findings("profile.validity").isEmpty)
        let lapsed = Cases.verdict(Self.joiner(today: "2026-09-01", scheme: .resident, continuous: 30, gap: 1))
        #expect(lapsed.findings("profile.validity").map(\.severity) == [.warn])
        #expect(lapsed.findings("profile.validity")[0].message.contains("有效期至 2026-08-31"))
    }

    @Test func aDateBeforeAProfileOrItsParentsWarnsForEach() {
        var c = Self.joiner(today: "2023-01-10", scheme: .resident, continuous: 30, gap: 1)
        c.region = "dalate"
        let v = Cases.verdict(c)
        #expect(v.findings("profile.validity").map(\.citation) == ["达拉特旗方案（2023年8月6日印发）"])
    }
}
