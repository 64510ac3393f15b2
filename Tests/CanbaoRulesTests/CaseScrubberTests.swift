import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// Real cases into scenarios (issue 6): no original name or number survives, regenerated numbers are valid and
/// consistent, dates move together, and the rules still reach the same verdict.
@Suite struct CaseScrubberTests {
    static let shift = -364

    /// The example cases of Forms/examples, by file name.
    static let examples: [(String, CaseFile)] = {
        let dir = TestForms.directory.appendingPathComponent("examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { name in
            let text = try! String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            return (name, try! CaseParser.parse(text, file: name))
        }
    }()

    /// A newborn who died before hukou registration: named mother + XSE, the mother's ID under "other", and the
    /// father as agent.
    static let deceasedNewborn: CaseFile = {
        let mother = "150602198003150034"
        var c = CaseFile(workflow: "newborn", region: "inner-mongolia", today: Cases.date("2026-02-01"), here: "150621")
        c.coverageYear = 2026
        c.person = Party(name: "李梅XSE", document: IdentityDocument(kind: .other, number: mother),
                         birthDate: Cases.date("2026-01-10"), sex: .female)
        c.guardian = Cases.person("李梅", mother)
        c.agent = Cases.person("王建国", "150621199007070318")
        c.facts = ["hukou_registered": .bool(false), "deceased_before_hukou": .bool(true)]
        c.documentsPresented = ["birth-certificate", "guardian-id", "death-certificate", "agent-id"]
        return c
    }()

    /// A newborn before hukou registration, identified by the birth certificate.
    static let birthCertificateNewborn: CaseFile = {
        var c = CaseFile(workflow: "newborn", region: "inner-mongolia", today: Cases.date("2026-05-06"), here: "150102")
        c.coverageYear = 2026
        c.person = Party(name: "赵安宁", document: IdentityDocument(kind: .birthCertificate, number: "P150234567"),
                         birthDate: Cases.date("2026-04-16"), sex: .female)
        c.guardian = Cases.person("刘晓燕", "150102199410020285")
        c.facts = ["hukou_registered": .bool(false), "deceased_before_hukou": .bool(false)]
        c.documentsPresented = ["birth-certificate", "guardian-id"]
        return c
    }()

    /// A Hong Kong resident with the mainland travel permit, and a foreigner with a passport, in Jiangmen.
    static let permits: [CaseFile] = {
        var hk = CaseFile(workflow: "foreign-resident", region: "jiangmen", today: Cases.date("2026-03-02"), here: "440703")
        hk.scheme = .resident
        hk.coverageYear = 2026
        hk.person = Party(name: "陈家豪", document: IdentityDocument(kind: .hkMacauPermit, number: "H12345678"),
                          birthDate: Cases.date("1990-05-01"), sex: .male)
        hk.facts = ["origin": .text("hong-kong")]
        hk.documentsPresented = ["hk-macau-permit"]
        var foreign = hk
        foreign.person = Party(name: "Anna Müller",
                               document: IdentityDocument(kind: .foreignPassport, number: "C01X00T47", nationality: "DEU"),
                               birthDate: Cases.date("1988-11-30"), sex: .female)
        foreign.facts = ["origin": .text("foreign")]
        foreign.documentsPresented = ["foreign-passport"]
        return [hk, foreign]
    }()

    static var allCases: [(String, CaseFile)] {
        examples + [("deceased-newborn", deceasedNewborn), ("birth-certificate-newborn", birthCertificateNewborn)]
            + permits.enumerated().map { ("permit-\($0.offset)", $0.element) }
    }

    static func parties(_ c: CaseFile) -> [(String, Party)] {
        [("person", c.person), ("guardian", c.guardian), ("agent", c.agent)].compactMap { k, p in p.map { (k, $0) } }
    }

    static func render(_ c: CaseFile, seed: UInt64 = 42, shift: Int = shift) throws -> (yaml: String, scrubbed: CaseFile, verdict: Verdict) {
        try CaseScrubber.scenario(from: c, forms: TestForms.shared, id: "real-case", title: "实际办件", seed: seed,
                                  shiftDays: shift)
    }

    /// Every string of the original that identifies someone: names (and the parent name inside "…XSE"), numbers,
    /// every run of 6 digits of a number outside the kept area code, and the birth dates.
    static func secrets(of c: CaseFile) -> [String] {
        var result: [String] = []
        for (_, p) in parties(c) {
            if let name = p.name {
                result.append(name)
                if name.hasSuffix("XSE") { result.append(String(name.dropLast(3))) }
            }
            if let doc = p.document {
                let number = doc.normalizedNumber
                result.append(number)
                let digits = Array(number)
                let gb = [.residentID, .other, .hmtResidencePermit, .foreignPermanentResidence].contains(doc.kind)
                let start = gb && digits.count == 18 ? 6 : 0
                if digits.count - start >= 6 {
                    for i in start...(digits.count - 6) {
                        let window = String(digits[i..<(i + 6)])
                        if window.allSatisfy(\.isNumber) { result.append(window) }
                    }
                }
            }
            if let birth = p.birthDate { result.append(birth.description) }
        }
        return result
    }

    @Test(arguments: allCases.map(\.0))
    func noOriginalNameOrNumberSurvives(_ name: String) throws {
        let c = Self.allCases.first { $0.0 == name }!.1
        let (yaml, scrubbed, _) = try Self.render(c)
        for secret in Self.secrets(of: c) {
            #expect(!yaml.contains(secret), "\(name): “\(secret)” survives")
        }
        // Nor in the case as a value (facts included).
        let dump = String(describing: scrubbed)
        for secret in Self.secrets(of: c) { #expect(!dump.contains(secret), "\(name): “\(secret)” in the case") }
        #expect(!yaml.contains(c.today.description))
    }

    @Test(arguments: allCases.map(\.0))
    func regeneratedNumbersAreValidAndConsistent(_ name: String) throws {
        let c = Self.allCases.first { $0.0 == name }!.1
        let scrubbed = CaseScrubber.scrub(c, seed: 7, shiftDays: Self.shift)
        for ((role, old), (_, new)) in zip(Self.parties(c), Self.parties(scrubbed)) {
            guard let oldDoc = old.document, let newDoc = new.document else { continue }
            #expect(newDoc.kind == oldDoc.kind)
            #expect(newDoc.normalizedNumber.count == oldDoc.normalizedNumber.count)
            #expect(newDoc.normalizedNumber != oldDoc.normalizedNumber)
            let blocks = IdentityValidation.validate(newDoc, today: scrubbed.today, field: role).filter { $0.severity == .block }
            #expect(blocks.isEmpty, "\(name) \(role) \(newDoc.number): \(blocks.map(\.message))")
            #expect(IdentityValidation.consistency(of: newDoc, birthDate: new.birthDate, sex: new.sex, origin: nil,
                                                   field: role).isEmpty)
            #expect(IdentityValidation.impliedOrigin(of: newDoc) == IdentityValidation.impliedOrigin(of: oldDoc))
            if let before = IdentityValidation.decode(oldDoc.number) {
                let after = try #require(IdentityValidation.decode(newDoc.number))
                #expect(after.areaCode == before.areaCode)
                #expect(after.sex == before.sex)
                #expect(after.birthDate == before.birthDate.adding(days: Self.shift))
                #expect(after.sequence != before.sequence)
                let check = IdentityValidation.checkCharacter(first17: String(newDoc.number.prefix(17)))
                #expect(check == newDoc.number.last)
            }
        }
    }

    @Test func checkCharactersOfManySeedsAreValid() {
        for seed in UInt64(0)..<200 {
            let scrubbed = CaseScrubber.scrub(Self.deceasedNewborn, seed: seed, shiftDays: Int(seed % 50) - 400)
            for (role, p) in Self.parties(scrubbed) {
                let number = p.document!.normalizedNumber
                #expect(IdentityValidation.decode(number) != nil, "seed \(seed) \(role) \(number)")
            }
        }
    }

    @Test func datesMoveTogether() throws {
        let newborn = Self.examples.first { $0.0 == "newborn.yaml" }!.1
        let s = CaseScrubber.scrub(newborn, seed: 1, shiftDays: Self.shift)
        #expect(s.today == newborn.today.adding(days: Self.shift))
        #expect(s.person?.birthDate == newborn.person?.birthDate?.adding(days: Self.shift))
        // The newborn's age in days on the day of the visit is what the window rule reads.
        #expect(s.birthDate!.days(until: s.today) == newborn.birthDate!.days(until: newborn.today))
        // Born 2025-12-01, paying the birth year 2025: the coverage year follows the birth year.
        #expect(s.coverageYear == s.birthDate!.year)

        let veteran = Self.examples.first { $0.0 == "veteran.yaml" }!.1
        for shift in [-364, -400, 30, 1000] {
            let v = CaseScrubber.scrub(veteran, seed: 1, shiftDays: shift)
            let before = Cases.date(veteran.text("discharge_date")!).days(until: veteran.today)
            let after = Cases.date(v.text("discharge_date")!).days(until: v.today)
            #expect(after == before)
            #expect(v.facts["gap_months"] == veteran.facts["gap_months"])
            #expect(v.birthDate!.days(until: v.today) == veteran.birthDate!.days(until: veteran.today))
        }

        // Platform records: years and months follow today's year and month.
        let student = Self.examples.first { $0.0 == "student.yaml" }!.1
        var records = student
        records.platformRecords.append(Cases.record("440703", .employee, months: ["2025-11", "2025-12"]))
        records.platformRecords[1].since = Cases.date("2025-11-01")
        let r = CaseScrubber.scrub(records, seed: 3, shiftDays: -61)  // 2026-10-10 → 2026-08-10
        #expect(r.today == Cases.date("2026-08-10"))
        #expect(r.coverageYear == 2027)
        #expect(r.platformRecords[0].year == 2026)
        #expect(r.platformRecords[1].months == ["2025-09", "2025-10"])
        #expect(r.platformRecords[1].since == Cases.date("2025-09-01"))
        #expect(r.platformRecords.map(\.place) == ["440703", "440703"])
        let y = CaseScrubber.scrub(records, seed: 3, shiftDays: -364)
        #expect(y.coverageYear == 2026)
        #expect(y.platformRecords[0].year == 2025)
        #expect(y.platformRecords[1].months == ["2024-11", "2024-12"])
    }

    @Test func placesAreKept() {
        let student = Self.examples.first { $0.0 == "student.yaml" }!.1
        let s = CaseScrubber.scrub(student, seed: 5, shiftDays: Self.shift)
        #expect(s.here == student.here)
        #expect(s.region == student.region)
        #expect(s.facts["school_place"] == student.facts["school_place"])
        #expect(s.facts["certified_place"] == student.facts["certified_place"])
        #expect(s.documentsPresented == student.documentsPresented)
    }

    @Test func aNumberUsedTwiceStaysShared() {
        let s = CaseScrubber.scrub(Self.deceasedNewborn, seed: 11, shiftDays: Self.shift)
        let person = s.person!.document!.normalizedNumber
        #expect(s.person?.document?.kind == .other)
        #expect(person == s.guardian?.document?.normalizedNumber)
        #expect(person != Self.deceasedNewborn.guardian?.document?.number)
        #expect(s.agent?.document?.normalizedNumber != person)
        // The number is the mother's: her birth date, shifted, not the baby's.
        #expect(IdentityValidation.decode(person)?.birthDate == Cases.date("1980-03-15").adding(days: Self.shift))
    }

    @Test func theDeceasedNewbornKeepsTheParentNamePlusXSE() throws {
        let (yaml, s, verdict) = try Self.render(Self.deceasedNewborn, seed: 11)
        let guardian = try #require(s.guardian?.name)
        #expect(guardian != "李梅")
        #expect(s.person?.name == guardian + "XSE")
        #expect(s.agent?.name != guardian)
        #expect(!s.agent!.name!.hasPrefix("王"))
        #expect(verdict.decision == Cases.verdict(Self.deceasedNewborn).decision)
        #expect(!verdict.findings.contains { $0.rule == "newborn.naming" })
        #expect(yaml.contains("\(guardian)XSE"))
    }

    @Test func equalNamesStayEqualAndSurnamesStayShared() {
        // Registered under the parent's name (a mistake the rules catch): the mistake must survive scrubbing.
        var c = Self.examples.first { $0.0 == "newborn.yaml" }!.1
        c.person?.name = "李梅"
        c.agent = Cases.person("李建华", "150602195501010014")
        let s = CaseScrubber.scrub(c, seed: 9, shiftDays: Self.shift)
        #expect(s.person?.name == s.guardian?.name)
        #expect(s.person?.name != "李梅")
        #expect(s.agent?.name?.first == s.guardian?.name?.first)
        #expect(Cases.verdict(s).decision == Cases.verdict(c).decision)
        #expect(Cases.verdict(s).has("newborn.naming", .block))
    }

    @Test func latinNamesStayLatin() {
        let s = CaseScrubber.scrub(Self.permits[1], seed: 2, shiftDays: Self.shift)
        let name = s.person!.name!
        #expect(name != "Anna Müller")
        #expect(name.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(["Anna", "Emma", "Maria", "Olivia", "Sofia", "Laura", "Elena", "Nina"].contains { name.hasPrefix($0 + " ") })
        #expect(s.person?.document?.nationality == "DEU")
        let hk = CaseScrubber.scrub(Self.permits[0], seed: 2, shiftDays: Self.shift)
        #expect(hk.person?.document?.normalizedNumber.first == "H")
    }

    @Test func anInvalidNumberStaysInvalid() {
        var c = Self.examples.first { $0.0 == "migrant-worker.yaml" }!.1
        c.person?.document?.number = "150621197803030095"  // check character should be 4
        let original = Cases.verdict(c)
        #expect(original.decision == .refuse)
        let s = CaseScrubber.scrub(c, seed: 4, shiftDays: Self.shift)
        let messages = IdentityValidation.validate(s.person!.document!, today: s.today, field: "person.document").map(\.message)
        #expect(messages.count == 1)
        #expect(messages.first?.contains("校验码错误") == true)
        #expect(Cases.verdict(s).decision == .refuse)
        #expect(!s.person!.document!.number.hasSuffix("030095"))
    }

    @Test func theSameSeedGivesTheSameScenario() throws {
        for (_, c) in Self.allCases {
            let a = try Self.render(c, seed: 123)
            let b = try Self.render(c, seed: 123)
            #expect(a.yaml == b.yaml)
            let other = CaseScrubber.scrub(c, seed: 124, shiftDays: Self.shift)
            // A unit's case may name no insured person: then its handler (the agent) is what changes.
            #expect(other.person?.name != a.scrubbed.person?.name || other.person?.document != a.scrubbed.person?.document
                || other.agent?.name != a.scrubbed.agent?.name)
        }
    }

    @Test(arguments: allCases.map(\.0))
    func theScrubbedCaseGetsTheSameDecisionAndMissingDocuments(_ name: String) throws {
        let c = Self.allCases.first { $0.0 == name }!.1
        let original = Cases.verdict(c)
        let (_, _, verdict) = try Self.render(c)
        #expect(verdict.decision == original.decision, "\(name)")
        #expect(verdict.missingDocuments.map(\.code) == original.missingDocuments.map(\.code), "\(name)")
        #expect(verdict.waitingPeriodMonths == original.waitingPeriodMonths, "\(name)")
        #expect((verdict.benefitStart == nil) == (original.benefitStart == nil), "\(name)")
        if c.workflow == "newborn" { #expect(verdict.benefitStart == original.benefitStart?.adding(days: Self.shift)) }
        #expect(Set(verdict.findings.map(\.rule)) == Set(original.findings.map(\.rule)), "\(name)")
    }

    @Test(arguments: allCases.map(\.0))
    func theRenderedScenarioReadsAsADeckAndAgreesWithTheRules(_ name: String) throws {
        let c = Self.allCases.first { $0.0 == name }!.1
        let (yaml, scrubbed, verdict) = try Self.render(c)
        let deckText = CaseScrubber.renderDeck(id: "real-cases", title: "实际办件", tags: ["实际办件"],
                                               description: "测试", scenarios: [yaml])
        let deck = try DeckParser.parse(deckText, file: "real.yaml", forms: TestForms.shared)
        let scenario = try #require(deck.scenarios.first)
        #expect(scenario.id == "real-case")
        #expect(scenario.caseFile == scrubbed)
        #expect(scenario.expected.decision == verdict.decision)
        let results = DeckVerification.verify(deck, forms: TestForms.shared)
        #expect(results.allSatisfy { $0.passed }, "\(results.flatMap(\.mismatches))")
        #expect(!scenario.story.isEmpty)
        #expect(scenario.story.contains(scrubbed.person?.name ?? "参保人"))
    }

    @Test func theStoryTellsWhoComesAndWhatTheyBring() throws {
        let newborn = Self.examples.first { $0.0 == "newborn.yaml" }!.1
        let (yaml, s, _) = try Self.render(newborn)
        let days = newborn.birthDate!.days(until: newborn.today)
        #expect(yaml.contains("\(s.guardian!.name!)来到达拉特旗"))
        #expect(yaml.contains("出生后第\(days)天"))
        #expect(yaml.contains("带来的材料：出生医学证明"))
        #expect(yaml.contains("平台上查不到参保记录"))
        #expect(yaml.contains("decision: missing-documents"))
        #expect(yaml.contains("missing_documents: [hukou-booklet]"))
    }

    @Test func namesAndNumbersInsideFreeTextFactsAreReplacedToo() {
        var c = Self.examples.first { $0.0 == "newborn.yaml" }!.1
        c.facts["note"] = .text("李梅（150602198003150034）代王小禾办理")
        let s = CaseScrubber.scrub(c, seed: 8, shiftDays: Self.shift)
        let expected = "\(s.guardian!.name!)（\(s.guardian!.document!.number)）代\(s.person!.name!)办理"
        #expect(s.facts["note"] == .text(expected))
    }

    @Test func quotingSurvivesAwkwardText() throws {
        // A text fact the change workflow declares (a deck's case is checked against its workflow's fields).
        var c = Self.examples.first { $0.0 == "change.yaml" }!.1
        c.facts["change_kind"] = .text("contact")
        c.facts["note"] = nil
        c.facts["new_contact"] = .text("a \"quoted\" \\ back: slash #not-a-comment")
        // Rendered as it is (scrubbing would hide the contact): only the quoting is under test here.
        let yaml = CaseScrubber.renderScenario(c, verdict: Cases.verdict(c), id: "x", title: "标题: \"引号\"")
        let deck = try DeckParser.parse(
            CaseScrubber.renderDeck(id: "d", title: "t", tags: ["t"], scenarios: [yaml]), file: "d.yaml",
            forms: TestForms.shared)
        #expect(deck.scenarios[0].title == "标题: \"引号\"")
        #expect(deck.scenarios[0].caseFile.facts["new_contact"] == .text("a \"quoted\" \\ back: slash #not-a-comment"))
    }

    @Test func defaultShiftsAreWholeWeeksAboutAYearBack() {
        let shifts = CaseScrubber.defaultShifts(seed: 3)
        #expect(shifts.allSatisfy { $0 % 7 == 0 && $0 < -300 })
        #expect(Set(shifts).count == shifts.count)
        #expect(CaseScrubber.defaultShifts(seed: 3) != CaseScrubber.defaultShifts(seed: 4))
    }
}
