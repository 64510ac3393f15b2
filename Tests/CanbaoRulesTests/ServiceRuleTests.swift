import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// The other counter services: change (国家规程 第十二条 1, 江门规程 第二十一条), suspend and terminate (内蒙古细则
/// 第九条（五）、第十一条（四）, 江门规程 第七条), transfers (内蒙古细则 第十九条至第二十二条, 江门规程 第二十五条、第二十六条),
/// refunds (国家规程 第十六条, 内蒙古细则 第十七条, 江门规程 第十九条, 某市通知 六) and hardship marks (江门规程 第六条、
/// 第二十条（四）、第二十二条).
@Suite struct ServiceRuleTests {
    static let hohhotPerson = Cases.person("赵鹏", "150102198304190374")
    static let jiangmenPerson = Cases.person("何小燕", "440703199806180646")
    static let heir = Cases.person("黄志明", "440703198809090238")

    static func service(_ workflow: String, region: String, today: String, here: String, scheme: Scheme = .resident,
                        flexible: Bool? = nil, person: Party = hohhotPerson, facts: [String: FactValue],
                        docs: [String] = [], records: [PlatformRecord] = []) -> CaseFile {
        var c = CaseFile(workflow: workflow, region: region, today: Cases.date(today), here: here, scheme: scheme, flexible: flexible)
        c.person = person
        c.facts = facts
        c.documentsPresented = docs
        c.platformRecords = records
        return c
    }

    // MARK: suspend and terminate

    @Test func serviceAndPrisonSuspendInInnerMongolia() {
        for reason in ["service", "prison"] {
            let c = Self.service("suspend", region: "inner-mongolia", today: "2026-04-08", here: "150102",
                                 facts: ["reason": .text(reason), "event_date": .text("2026-04-01"), "applicant": .text("self")],
                                 docs: ["resident-id", "enlistment-form", "imprisonment-proof"],
                                 records: [Cases.record("150102", .resident, year: 2026)])
            let v = Cases.verdict(c)
            #expect(v.decision == .accept, "\(reason)")
            #expect(v.replaces.map(\.action) == [.suspend])
            #expect(v.replaces.first?.citation == "内蒙古细则 第十一条（四）")
        }
    }

    @Test func deathAndEmigrationTerminate() {
        for reason in ["death", "emigration"] {
            let c = Self.service("terminate", region: "inner-mongolia", today: "2026-04-08", here: "150102",
                                 facts: ["reason": .text(reason), "event_date": .text("2026-04-01"), "applicant": .text("heir")],
                                 docs: ["agent-id", "death-certificate", "emigration-proof"],
                                 records: [Cases.record("150102", .resident, year: 2026)])
            var withAgent = c
            withAgent.agent = Self.heir
            let v = Cases.verdict(withAgent)
            #expect(v.decision == .accept, "\(reason): \(v.findings)")
            #expect(v.replaces.map(\.action) == [.terminate])
        }
    }

    /// Where the regions disagree: 内蒙古细则 第九条（五） suspends a missing person, 江门规程 第七条 cancels, the
    /// national text is silent (a supervisor).
    @Test func aMissingPersonByRegion() {
        func verdict(_ workflow: String, _ region: String, here: String) -> Verdict {
            var c = Self.service(workflow, region: region, today: "2026-06-10", here: here,
                                 facts: ["reason": .text("missing"), "event_date": .text("2026-05-28"), "applicant": .text("heir"),
                                         "tax_stopped": .bool(true)],
                                 docs: ["agent-id", "missing-person-declaration"], records: [Cases.record(here, .resident, year: 2026)])
            c.agent = Self.heir
            return Cases.verdict(c)
        }
        #expect(verdict("suspend", "inner-mongolia", here: "150102").decision == .accept)
        #expect(verdict("terminate", "inner-mongolia", here: "150102").decision == .refuse)
        #expect(verdict("terminate", "jiangmen", here: "440703").decision == .accept)
        #expect(verdict("suspend", "jiangmen", here: "440703").decision == .refuse)
        #expect(verdict("suspend", "national", here: "110108").decision == .needsApproval)
        #expect(verdict("terminate", "national", here: "110108").decision == .needsApproval)
        #expect(verdict("terminate", "jiangmen", here: "440703").replaces.first?.citation == "江门规程 第七条")
        #expect(verdict("suspend", "inner-mongolia", here: "150102").replaces.first?.citation == "内蒙古细则 第九条（五）")
    }

    @Test func jiangmenStopsPaymentAtTheTaxOfficeFirst() {
        var c = Self.service("terminate", region: "jiangmen", today: "2026-03-10", here: "440703", person: Self.jiangmenPerson,
                             facts: ["reason": .text("death"), "event_date": .text("2026-02-11"), "applicant": .text("heir"),
                                     "tax_stopped": .bool(false)],
                             docs: ["agent-id", "death-certificate"], records: [Cases.record("440703", .resident, year: 2026)])
        c.agent = Self.heir
        let refused = Cases.verdict(c)
        #expect(refused.decision == .refuse)
        #expect(refused.findings("status.tax_stop").first?.citation == "江门规程 第七条")
        #expect(refused.replaces.isEmpty)
        c.facts["tax_stopped"] = .bool(true)
        #expect(Cases.verdict(c).decision == .accept)
        // The field is asked only in Jiangmen.
        c.facts["tax_stopped"] = nil
        #expect(Cases.verdict(c).has("form.required", .block))
    }

    /// A death dated before the birth, and an heir who is the deceased (the same number typed twice), were accepted.
    @Test func anEventBeforeTheBirthAndAnHeirWhoIsThePersonAreRefused() {
        var c = Self.service("terminate", region: "jiangmen", today: "2026-03-10", here: "440703", person: Self.jiangmenPerson,
                             facts: ["reason": .text("death"), "event_date": .text("1990-01-01"), "applicant": .text("heir"),
                                     "tax_stopped": .bool(true)],
                             docs: ["agent-id", "death-certificate"], records: [Cases.record("440703", .resident, year: 2026)])
        c.agent = Self.heir
        let early = Cases.verdict(c)
        #expect(early.decision == .refuse)
        #expect(early.findings("status.event_date").map(\.message) == ["事由发生日期 1990-01-01 早于参保人出生日期 1998-06-18"])
        c.facts["event_date"] = .text("1998-06-18")
        #expect(Cases.verdict(c).decision == .accept)
        c.agent = Cases.person("何小燕", "440703199806180646")
        let same = Cases.verdict(c)
        #expect(same.decision == .refuse)
        #expect(same.findings("status.applicant").map(\.message) == ["申请人（继承人、委托人）的证件号码与参保人相同：申请人应是参保人以外的人"])
        #expect(same.findings("status.applicant").first?.citation == "江门规程 第七条（一）")
    }

    @Test func jiangmenDocumentsForDeathEmigrationAndMissing() {
        var c = Self.service("terminate", region: "jiangmen", today: "2026-03-10", here: "440703", person: Self.jiangmenPerson,
                             facts: ["reason": .text("death"), "event_date": .text("2026-02-11"), "applicant": .text("agent"),
                                     "tax_stopped": .bool(true)],
                             records: [Cases.record("440703", .resident, year: 2026)])
        c.agent = Self.heir
        // The hukou booklet of 第七条（一） comes by data sharing (第四条): never listed.
        #expect(Set(Cases.verdict(c).missingCodes) == ["agent-id", "power-of-attorney", "death-certificate"])
        c.facts["reason"] = .text("emigration")
        #expect(Set(Cases.verdict(c).missingCodes) == ["agent-id", "power-of-attorney", "emigration-proof"])
        c.facts["reason"] = .text("missing")
        #expect(Set(Cases.verdict(c).missingCodes) == ["agent-id", "power-of-attorney", "missing-person-declaration"])
    }

    @Test func theRecordMustExistAndBeActiveToSuspend() {
        let base = Self.service("suspend", region: "inner-mongolia", today: "2026-04-08", here: "150102",
                                facts: ["reason": .text("prison"), "event_date": .text("2026-04-01"), "applicant": .text("self")],
                                docs: ["resident-id", "imprisonment-proof"])
        var none = base
        none.platformRecords = [Cases.record("150621", .resident, year: 2026)]
        #expect(Cases.verdict(none).has("status.record", .block))
        var suspended = base
        suspended.platformRecords = [Cases.record("150102", .resident, .suspended, year: 2026)]
        #expect(Cases.verdict(suspended).findings("status.record").first?.message.contains("已是暂停参保") == true)
        // Terminating takes a suspended record.
        var death = suspended
        death.workflow = "terminate"
        death.facts["reason"] = .text("death")
        death.facts["applicant"] = .text("heir")
        death.agent = Self.heir
        death.documentsPresented = ["agent-id", "death-certificate"]
        let v = Cases.verdict(death)
        #expect(v.decision == .accept)
        #expect(v.replaces.first?.record.status == .suspended && v.replaces.first?.action == .terminate)
    }

    @Test func anEmployerAppliesForItsEmployeesInInnerMongolia() {
        let c = Self.service("suspend", region: "inner-mongolia", today: "2026-07-03", here: "150602", scheme: .employee,
                             person: Cases.person("孙立新", "150602198709250555"),
                             facts: ["reason": .text("left-job"), "event_date": .text("2026-06-30"), "applicant": .text("self")],
                             docs: ["resident-id"], records: [Cases.record("150602", .employee, months: ["2026-06"])])
        let v = Cases.verdict(c)
        #expect(v.has("status.applicant", .warn))
        #expect(v.findings("status.applicant").first?.citation == "内蒙古细则 第九条（五）")
    }

    // MARK: transfers

    static func transferOut(region: String = "inner-mongolia", today: String, here: String = "150102", to: String,
                            status: EnrollmentStatus = .suspended, scheme: Scheme = .employee, flexible: Bool? = true,
                            applicant: String = "self", docs: [String] = ["resident-id"]) -> CaseFile {
        let records = scheme == .employee ? [Cases.record(here, .employee, status, months: ["2026-01"])] : [Cases.record(here, .resident, status, year: 2026)]
        return Self.service("transfer-out", region: region, today: today, here: here, scheme: scheme, flexible: flexible,
                            facts: ["destination": .text(to), "applicant": .text(applicant)], docs: docs, records: records)
    }

    @Test func crossProvinceTransferOutIsDueInTenWorkingDays() throws {
        let v = Cases.verdict(Self.transferOut(today: "2026-02-12", to: "110108"))
        #expect(v.decision == .accept)
        #expect(v.dueDate == Cases.date("2026-03-04"))
        #expect(v.findings("transfer.deadline").first?.citation == "内蒙古细则 第十九条（二）")
        let t = try #require(v.transfer)
        #expect((t.direction, t.from, t.to, t.scope, t.informationSheet) == ("out", "150102", "110108", "cross-province", true))
        #expect(t.records.count == 1 && t.citation == "内蒙古细则 第十九条（二）")
        #expect(v.replaces.isEmpty)  // already suspended: it ends when the transfer-in completes
    }

    @Test func anActiveRecordIsSuspendedWithTheTransferOut() {
        let v = Cases.verdict(Self.transferOut(today: "2026-05-06", to: "110108", status: .active))
        #expect(v.replaces.map(\.action) == [.suspend])
        #expect(v.replaces.first?.citation == "内蒙古细则 第二十二条")
        #expect(v.has("transfer.out_status", .warn))
    }

    @Test func insideInnerMongoliaNoDocumentAndNoDeadline() {
        let v = Cases.verdict(Self.transferOut(today: "2026-05-06", to: "150621", docs: []))
        #expect(v.decision == .accept)
        #expect(v.missingDocuments.isEmpty)
        #expect(v.dueDate == nil)
        #expect(v.transfer?.scope == "in-province")
        // Leaving the region, documents are asked (内蒙古细则 第二十五条 practice).
        #expect(Cases.verdict(Self.transferOut(today: "2026-05-06", to: "440703", docs: [])).missingCodes == ["resident-id"])
    }

    /// 江门规程 第二十五条 finishes a transfer-in on the spot; 第二十六条 (transfer-out) sets no deadline.
    @Test func jiangmenTakesIDOrCardOrVoucherAndFinishesATransferInOnTheSpot() {
        for doc in ["resident-id", "social-security-card", "medical-e-voucher"] {
            let v = Cases.verdict(Self.transferOut(region: "jiangmen", today: "2026-06-15", here: "440703", to: "150102", docs: [doc]))
            #expect(v.decision == .accept, "\(doc)")
            #expect(v.dueDate == nil)
            #expect(v.findings("transfer.deadline").first?.citation == "江门规程 第二十六条")
        }
        let into = Cases.verdict(Self.transferIn(region: "jiangmen", today: "2026-06-15", here: "440703", from: "150102"))
        #expect(into.dueDate == Cases.date("2026-06-15"))
        #expect(into.findings("transfer.deadline").first?.citation == "江门规程 第二十五条")
        let agent = Self.transferOut(region: "jiangmen", today: "2026-06-15", here: "440703", to: "150102", applicant: "agent", docs: ["resident-id"])
        var withAgent = agent
        withAgent.agent = Self.heir
        #expect(Set(Cases.verdict(withAgent).missingCodes) == ["agent-id", "power-of-attorney"])
    }

    @Test func anEmployeeApplyingAloneIsASpecialCase() {
        let v = Cases.verdict(Self.transferOut(today: "2026-05-06", to: "110108", flexible: false))
        #expect(v.decision == .needsApproval)
        #expect(v.findings("transfer.applicant").first?.citation == "内蒙古细则 第十八条")
        #expect(Cases.verdict(Self.transferOut(today: "2026-05-06", to: "110108", flexible: false, applicant: "employer")).decision == .accept)
    }

    static func transferIn(region: String = "inner-mongolia", today: String, here: String = "150102", from: String,
                           scheme: Scheme = .employee, gap: Int? = nil, received: String? = nil,
                           origin: EnrollmentStatus = .suspended, registeredHere: Bool = true) -> CaseFile {
        var facts: [String: FactValue] = ["origin_place": .text(from), "applicant": .text("employer")]
        if let gap { facts["gap_months"] = .int(gap) }
        if let received { facts["received_date"] = .text(received) }
        var records = [scheme == .employee ? Cases.record(from, .employee, origin, months: ["2026-01"]) : Cases.record(from, .resident, origin, year: 2026)]
        if registeredHere {
            records.append(scheme == .employee ? Cases.record(here, .employee, months: ["2026-05"]) : Cases.record(here, .resident, year: 2026))
        }
        return Self.service("transfer-in", region: region, today: today, here: here, scheme: scheme,
                            facts: facts, docs: ["resident-id"], records: records)
    }

    @Test func transferInIsDueFiveWorkingDaysAfterTheSheetArrives() {
        let v = Cases.verdict(Self.transferIn(today: "2026-05-06", from: "110108", received: "2026-04-29"))
        #expect(v.dueDate == Cases.date("2026-05-09"))  // 劳动节 5月1日至5日, 调休 5月9日
        #expect(v.replaces.map(\.action) == [.terminate])  // the out-place record ends on completion (国家规程 第十条)
        let late = Cases.verdict(Self.transferIn(today: "2026-05-12", from: "110108", received: "2026-04-29"))
        #expect(late.has("transfer.deadline", .warn))
        #expect(late.findings("transfer.deadline").first?.message.contains("已逾期") == true)
        let future = Cases.verdict(Self.transferIn(today: "2026-05-06", from: "110108", received: "2026-05-08"))
        #expect(future.decision == .refuse)
    }

    @Test func theNewPlaceMustBeActiveAndTheOldNotTerminated() {
        #expect(Cases.verdict(Self.transferIn(today: "2026-05-06", from: "110108", registeredHere: false)).has("transfer.in_status", .block))
        #expect(Cases.verdict(Self.transferIn(today: "2026-05-06", from: "110108", origin: .terminated)).decision == .refuse)
        let active = Cases.verdict(Self.transferIn(today: "2026-05-06", from: "110108", origin: .active))
        #expect(active.decision == .accept && active.replaces.isEmpty)
    }

    /// 内蒙古细则 第二十条（二） (retroactive, in the region) vs 某市通知 四（三） (employee retroactive, resident from the
    /// day after payment) vs 江门规程 第十四条 (more than 3 months: not retroactive).
    @Test func aGapOfThreeMonthsOrLessByRegion() {
        let im = Cases.verdict(Self.transferIn(region: "dalate", today: "2026-05-12", here: "150621", from: "150102", gap: 3))
        #expect(im.backPayMonths == 3)
        #expect(im.benefitStart == Cases.date("2026-02-01"))
        let imLong = Cases.verdict(Self.transferIn(region: "dalate", today: "2026-05-12", here: "150621", from: "150102", gap: 4))
        #expect(imLong.decision == .needsApproval && imLong.backPayMonths == nil)
        // Cross-province into Inner Mongolia: 第二十条 is the in-region article.
        let cross = Cases.verdict(Self.transferIn(today: "2026-05-12", from: "110108", gap: 2))
        #expect(cross.backPayMonths == nil && cross.has("transfer.gap", .info))

        let cityEmployee = Cases.verdict(Self.transferIn(region: "city-notice", today: "2026-05-12", here: "330106", from: "110108", gap: 2))
        #expect(cityEmployee.backPayMonths == 2 && cityEmployee.benefitStart == Cases.date("2026-03-01"))
        let cityResident = Cases.verdict(Self.transferIn(region: "city-notice", today: "2026-05-12", here: "330106", from: "110108", scheme: .resident, gap: 2))
        #expect(cityResident.backPayMonths == 0 && cityResident.benefitStart == Cases.date("2026-05-13"))
        let cityLong = Cases.verdict(Self.transferIn(region: "city-notice", today: "2026-05-12", here: "330106", from: "110108", gap: 5))
        #expect(cityLong.waitingPeriodMonths == 6)

        let jiangmen = Cases.verdict(Self.transferIn(region: "jiangmen", today: "2026-06-15", here: "440703", from: "150102", gap: 4))
        #expect(jiangmen.has("transfer.gap", .warn) && jiangmen.backPayMonths == 0)
        #expect(Cases.verdict(Self.transferIn(region: "jiangmen", today: "2026-06-15", here: "440703", from: "150102", gap: 3)).backPayMonths == 3)
    }

    @Test func placesMustBeCodesAndDiffer() {
        #expect(Cases.verdict(Self.transferOut(today: "2026-05-06", to: "北京")).has("transfer.places", .block))
        #expect(Cases.verdict(Self.transferOut(today: "2026-05-06", to: "150102")).has("transfer.places", .block))
    }

    // MARK: refunds

    static func refund(region: String, today: String, here: String, year: Int = 2027, reason: String,
                       facts: [String: FactValue] = [:], records: [PlatformRecord]) -> CaseFile {
        var c = Self.service("refund", region: region, today: today, here: here,
                             facts: ["refund_reason": .text(reason), "applicant": .text("self")].merging(facts) { $1 },
                             docs: ["resident-id", "bank-account", "refund-application", "death-certificate"], records: records)
        c.coverageYear = year
        return c
    }

    @Test func aResidentPremiumIsRefundedOnlyBeforeItsBenefitPeriod() throws {
        let records = [Cases.record("150621", .resident, year: 2027), Cases.record("150602", .employee, months: ["2026-12"])]
        let before = Cases.verdict(Self.refund(region: "dalate", today: "2026-12-31", here: "150621", reason: "joined-employee", records: records))
        #expect(before.decision == .accept)
        let r = try #require(before.refund)
        #expect((r.from, r.to, r.months, r.reason) == ("2027-01", "2027-12", 12, "joined-employee"))
        #expect(before.replaces.map(\.action) == [.terminate])
        let after = Cases.verdict(Self.refund(region: "dalate", today: "2027-01-01", here: "150621", reason: "joined-employee", records: records))
        #expect(after.decision == .refuse)
        #expect(after.refund == nil && after.replaces.isEmpty)
        #expect(after.findings("refund.reason").first?.citation == "达拉特旗方案 五（六）4")
    }

    /// Death: 国家规程 第十六条 lists it, 内蒙古细则 第十七条 does not.
    @Test func deathIsARefundReasonInTheNationalTextOnly() {
        let records = [Cases.record("110108", .resident, year: 2027)]
        // The heir applies (never the deceased, 国家规程 第十六条; 江门规程 第十九条).
        func heir(_ region: String) -> CaseFile {
            var c = Self.refund(region: region, today: "2026-11-20", here: "110108", reason: "death",
                                facts: ["applicant": .text("heir")], records: records)
            c.agent = Self.heir
            c.documentsPresented.append("agent-id")
            return c
        }
        #expect(Cases.verdict(heir("national")).decision == .accept)
        #expect(Cases.verdict(Self.refund(region: "national", today: "2026-11-20", here: "110108", reason: "death", records: records)).decision == .refuse)
        let im = Cases.verdict(heir("inner-mongolia"))
        #expect(im.decision == .needsApproval)
        #expect(im.findings("refund.reason").first?.citation == "内蒙古细则 第十七条")
    }

    @Test func assistedPersonsReturnTheSubsidyFirst() {
        let records = [Cases.record("110108", .resident, year: 2027), Cases.record("130102", .resident, year: 2027)]
        let owing = Cases.verdict(Self.refund(region: "national", today: "2026-11-20", here: "110108", reason: "duplicate",
                                              facts: ["assisted": .bool(true), "subsidy_returned": .bool(false)], records: records))
        #expect(owing.decision == .refuse)
        #expect(owing.findings("refund.assisted").first?.citation == "国家规程 第十六条、第十七条")
        let returned = Cases.verdict(Self.refund(region: "national", today: "2026-11-20", here: "110108", reason: "duplicate",
                                                 facts: ["assisted": .bool(true), "subsidy_returned": .bool(true)], records: records))
        #expect(returned.decision == .accept)
    }

    @Test func theEmployeePremiumFromTheMonthOfDeath() throws {
        var c = Self.service("refund", region: "jiangmen", today: "2026-05-08", here: "440703", scheme: .employee,
                             facts: ["refund_reason": .text("death"), "death_date": .text("2026-02-28"), "applicant": .text("heir")],
                             docs: ["agent-id", "death-certificate", "bank-account", "refund-application"],
                             records: [Cases.record("440703", .employee, .terminated, months: ["2026-01", "2026-02", "2026-03"])])
        c.agent = Self.heir
        let v = Cases.verdict(c)
        let r = try #require(v.refund)
        #expect((r.from, r.to, r.months, r.citation) == ("2026-02", "2026-03", 2, "江门规程 第十九条"))
        #expect(v.dueDate == Cases.date("2026-06-25"))  // 次月25日前
        // Elsewhere no text provides it: a supervisor decides.
        var national = c
        national.region = "national"
        national.here = "110108"
        #expect(Cases.verdict(national).decision == .needsApproval)
    }

    @Test func aFlexibleEmployeeWhoTookAJobGetsTheLaterMonthsBack() throws {
        let months = (1...12).map { String(format: "2026-%02d", $0) }
        func verdict(_ region: String, _ here: String) -> Verdict {
            Cases.verdict(Self.service("refund", region: region, today: "2026-06-10", here: here, scheme: .employee, flexible: true,
                                       facts: ["refund_reason": .text("flexible-employed"), "employed_since": .text("2026-04-15"),
                                               "applicant": .text("self")],
                                       docs: ["resident-id", "bank-account", "employment-proof"],
                                       records: [Cases.record(here, .employee, months: months)]))
        }
        let national = try #require(verdict("national", "110108").refund)
        #expect((national.from, national.months, national.citation) == ("2026-04", 9, "国家规程 第十六条"))
        let city = try #require(verdict("city-notice", "330106").refund)
        #expect((city.from, city.months, city.citation) == ("2026-06", 7, "某市通知 六（一）2"))
    }

    @Test func theCityNoticesOwnCategories() {
        let after = Self.refund(region: "city-notice", today: "2026-01-20", here: "330106", year: 2025, reason: "employee-benefits",
                                records: [Cases.record("330106", .resident, year: 2025),
                                          Cases.record("330106", .employee, months: (1...12).map { String(format: "2025-%02d", $0) })])
        #expect(Cases.verdict(after).decision == .accept)
        var gaps = after
        gaps.platformRecords[1].months = ["2025-01", "2025-02"]
        #expect(Cases.verdict(gaps).decision == .needsApproval)
        var im = after
        im.region = "inner-mongolia"
        #expect(Cases.verdict(im).decision == .refuse)
    }

    // MARK: change

    @Test func aPreregisteredNewbornInJiangmenHasSixMonthsFromTheNextMonth() {
        func verdict(today: String, birth: String) -> Verdict {
            var c = Self.service("change", region: "jiangmen", today: today, here: "440703",
                                 person: Party(name: "陈思语", document: IdentityDocument(kind: .residentID, number: "440703202510200825"),
                                               birthDate: Cases.date(birth)),
                                 facts: ["change_kind": .text("newborn")], docs: ["guardian-id", "birth-certificate", "resident-change-form"],
                                 records: [Cases.record("440703", .resident, year: 2026)])
            c.guardian = Cases.person("陈美玲", "440703199002140331")
            return Cases.verdict(c)
        }
        let inTime = verdict(today: "2026-04-30", birth: "2025-10-20")
        #expect(inTime.dueDate == Cases.date("2026-04-30"))
        #expect(inTime.has("change.newborn", .info))
        let overdue = verdict(today: "2026-05-01", birth: "2025-10-20")
        #expect(overdue.has("change.newborn", .warn))
        #expect(overdue.decision == .accept)
    }

    @Test func correctingTheIDNumberGoesToASupervisor() {
        let c = Self.service("change", region: "jiangmen", today: "2026-03-18", here: "440703",
                             person: Cases.person("何小燕", "440703199806180640"),
                             facts: ["change_kind": .text("identity"), "new_number": .text("440703199806180646")],
                             docs: ["resident-id", "resident-change-form"], records: [Cases.record("440703", .resident, year: 2026)])
        let v = Cases.verdict(c)
        #expect(v.decision == .needsApproval)
        #expect(v.findings("change.identity").first?.citation == "江门规程 第二十一条")
        #expect(v.findings("identity.valid").isEmpty)  // the wrong registered number is what is corrected
    }

    /// "李浩然" followed by a zero-width joiner read as the old name on the receipt, yet passed as a change.
    @Test func aNewNameThatReadsAsTheOldOneIsNoChange() {
        func verdict(_ newName: String) -> Verdict {
            Cases.verdict(Self.service("change", region: "jiangmen", today: "2026-03-18", here: "440703",
                                       person: Self.jiangmenPerson,
                                       facts: ["change_kind": .text("name"), "new_name": .text(newName)],
                                       docs: ["resident-id", "resident-change-form"],
                                       records: [Cases.record("440703", .resident, year: 2026)]))
        }
        for same in ["何小燕", "何小燕\u{200D}", "\u{200B}何小燕", "何\u{FEFF}小燕"] {
            #expect(verdict(same).findings("change.name").map(\.message) == ["变更后的姓名与原登记姓名相同"], "\(same.unicodeScalars.map(\.value))")
        }
        #expect(verdict("何晓燕").findings("change.name").first?.severity == .info)
    }

    // MARK: hardship marks

    static func hardship(region: String = "jiangmen", here: String = "440703", statuses: [HardshipStatus],
                         records: [PlatformRecord]? = nil, certified: String = "2026-03-02") -> CaseFile {
        var facts: [String: FactValue] = ["change_kind": .text("hardship"), "certified_date": .text(certified)]
        for s in statuses { facts[s.fact] = .bool(true) }
        return Self.service("change", region: region, today: "2026-03-20", here: here, person: Self.jiangmenPerson, facts: facts,
                            docs: ["resident-id"], records: records ?? [Cases.record(here, .resident, year: 2026, paid: false)])
    }

    @Test func severalStatusesGiveTheHighestOnce() throws {
        let v = Cases.verdict(Self.hardship(statuses: [.lowIncomeMargin, .severeDisability, .minimumLiving]))
        let marks = try #require(v.hardship)
        #expect(marks.applied == "minimum-living")
        #expect(marks.statuses.map(\.status) == ["minimum-living", "severe-disability", "low-income-margin"])
        #expect(marks.statuses.map(\.department) == ["民政部门", "残联", "民政部门"])
        #expect(marks.citation == "江门规程 第二十二条")
        #expect(v.findings("hardship.marks").contains { $0.message.contains("就高不就低") })
        #expect(v.benefitStart == Cases.date("2026-03-20"))  // 先登记参保、后补助缴费: from the marking
    }

    @Test func registerFirstThenSubsidy() {
        let v = Cases.verdict(Self.hardship(statuses: [.extremePoverty], records: []))
        #expect(v.decision == .refuse)
        #expect(v.findings("hardship.marks").first { $0.severity == .block }?.citation == "江门规程 第二十条（四）")
        #expect(Cases.verdict(Self.hardship(statuses: [])).decision == .refuse)
    }

    @Test func outsideJiangmenTheCertificateIsBroughtAndNoBenefitDateIsSet() {
        let v = Cases.verdict(Self.hardship(region: "inner-mongolia", here: "150102", statuses: [.minimumLiving, .orphan]))
        #expect(v.missingCodes == ["hardship-certificate"])
        #expect(v.benefitStart == nil)
        #expect(v.hardship?.applied == "orphan")
        #expect(v.has("hardship.marks", .warn))  // several statuses: no regional rule on how they combine
    }

    /// A decided change exported as a scenario keeps no personal data in its new values (CaseScrubber).
    @Test func theNewValuesOfAChangeAreScrubbed() throws {
        var c = Self.service("change", region: "national", today: "2026-03-18", here: "110108",
                             person: Cases.person("赵雪", "110108199305270465"),
                             facts: ["change_kind": .text("identity"), "new_number": .text("11010819930527046X"),
                                     "new_name": .text("赵雪莹"), "new_contact": .text("北京市海淀区某路1号 13800000000")],
                             docs: ["resident-id", "hukou-booklet"], records: [Cases.record("110108", .resident, year: 2026)])
        c.documentsCommitted = []
        let scrubbed = CaseScrubber.scrub(c, seed: 7, shiftDays: -364)
        let number = try #require(scrubbed.text("new_number"))
        #expect(number != "11010819930527046X" && number.count == 18)
        #expect(IdentityValidation.validate(IdentityDocument(kind: .residentID, number: number), today: scrubbed.today, field: "x")
            .allSatisfy { $0.severity < .block })
        #expect(scrubbed.text("new_name") != "赵雪莹")
        #expect(scrubbed.text("new_contact") == "（联系方式已隐去）")
        #expect(Cases.verdict(scrubbed).decision == .needsApproval)
    }

    // MARK: the services deck

    @Test func theServicesDeckCarriesDueDatesAndAWrongOneIsAMismatch() throws {
        let url = TestForms.directory.appendingPathComponent("decks/services.yaml")
        let deck = try DeckParser.parse(String(contentsOf: url, encoding: .utf8), file: "decks/services.yaml", forms: TestForms.shared)
        #expect(deck.scenarios.count >= 24)
        let results = DeckVerification.verify(deck, forms: TestForms.shared)
        #expect(results.filter { !$0.passed }.map(\.scenario.id) == [])
        let withDue = deck.scenarios.filter { $0.expected.dueDate != nil }
        #expect(withDue.count >= 5)
        var wrong = try #require(deck.scenario("im-cross-province-spring-festival"))
        #expect(wrong.expected.dueDate == Cases.date("2026-03-04"))
        wrong.expected.dueDate = Cases.date("2026-03-03")
        let result = DeckVerification.verify(wrong, forms: TestForms.shared)
        #expect(result.mismatches.map(\.item) == [.dueDate])
        #expect(result.mismatches.first?.description == "办结时限：应为 2026-03-03，实际为 2026-03-04")
    }

    // MARK: the verdict's new keys

    @Test func theNewKeysAreAlwaysInTheJSON() throws {
        let newborn = try String(contentsOf: TestForms.directory.appendingPathComponent("examples/newborn.yaml"), encoding: .utf8)
        let v = try Evaluator.evaluate(CaseParser.parse(newborn, file: "newborn.yaml"), forms: TestForms.shared)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(v.json().utf8)) as? [String: Any])
        for key in ["due_date", "refund", "back_pay_months", "transfer", "hardship"] {
            #expect(json[key] is NSNull, "\(key)")
        }
        // Round trip, and a verdict stored before these keys existed still reads.
        #expect(try JSONDecoder().decode(Verdict.self, from: Data(v.json().utf8)) == v)
        let old = #"{"decision":"accept","missing_documents":[],"findings":[],"benefit_start":null,"waiting_period_months":null,"replaces":[]}"#
        #expect(try JSONDecoder().decode(Verdict.self, from: Data(old.utf8)).dueDate == nil)
    }
}
