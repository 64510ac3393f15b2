import Testing
import CanbaoRules
import CanbaoTestSupport

@Suite("Unified social credit code (GB 32100-2015, 江门规程 第五条（1）)")
struct IdentityUSCCTests {
    func uscc(_ code: String) -> [Finding] { IdentityValidation.validateUSCC(code, field: "unit.uscc") }

    @Test("Domain vector is valid, also lower-case and full-width")
    func valid() {
        #expect(uscc("91110000600037341L").isEmpty)
        #expect(uscc("91110000600037341l").isEmpty)
        #expect(uscc("９１１１００００６０００３７３４１Ｌ").isEmpty)
        #expect(uscc(" 9111 0000 6000 3734 1L ").isEmpty)
    }

    @Test("Check character computed from the weights")
    func checkCharacter() {
        #expect(IdentityValidation.usccCheckCharacter(first17: "91110000600037341") == "L")
        #expect(IdentityValidation.usccCheckCharacter(first17: "00000000000000000") == "0")
        // value 1 at weight 1: (31 − 1) mod 31 = 30 → "Y", the last symbol.
        #expect(IdentityValidation.usccCheckCharacter(first17: "10000000000000000") == "Y")
        #expect(IdentityValidation.usccCheckCharacter(first17: "9111000060003734") == nil)
        #expect(IdentityValidation.usccCheckCharacter(first17: "9111000060003734I") == nil)
    }

    @Test("Wrong check character is only a warning (early pilot codes)")
    func wrongCheck() throws {
        let findings = uscc("91110000600037341K")
        try #require(findings.count == 1)
        let f = findings[0]
        #expect(f.severity == .warn)
        #expect(f.rule == "identity.uscc")
        #expect(f.citation == "江门规程 第五条（1）")
        #expect(f.field == "unit.uscc")
        #expect(f.message.hasPrefix("统一社会信用代码校验码不符：第18位应为 L，实际为 K"))
    }

    @Test("Wrong length blocks", arguments: [("91110000600037341", 17), ("91110000600037341LL", 19)])
    func length(code: String, count: Int) {
        let findings = uscc(code)
        #expect(findings.map(\.message) == ["统一社会信用代码应为18位，实际为\(count)位"])
        #expect(findings.first?.severity == .block)
    }

    @Test("Excluded letters I, O, Z, S, V block", arguments: ["I", "O", "Z", "S", "V", "-"])
    func excluded(letter: String) {
        let code = "9111000060003734" + letter + "L"
        let findings = uscc(code)
        #expect(findings.map(\.message) == ["统一社会信用代码第17位 \(letter) 不是有效字符（只能是数字和除 I、O、Z、S、V 以外的大写字母）"])
        #expect(findings.first?.severity == .block)
    }

    @Test("Empty and huge paste block with a short message")
    func emptyAndHuge() {
        #expect(uscc("").map(\.message) == ["统一社会信用代码不能为空"])
        #expect(uscc("").first?.severity == .block)
        let huge = uscc(String(repeating: "91110000600037341L", count: 600))
        #expect(huge.map(\.message) == ["统一社会信用代码应为18位，实际为10800位"])
    }

    @Test("Generated codes validate")
    func generated() {
        for first17 in ["91440700MA4UXXXX1", "12100000400000024", "Y1000000000000000", "5244070000000000A"] {
            let code = IDNumbers.uscc(first17: first17)
            #expect(uscc(code).isEmpty, "\(code)")
        }
    }
}

@Suite("IDNumbers test-support generator round-trips through decode()")
struct IdentityIDNumbersGeneratorTests {
    @Test("Resident IDs across dates, areas and sequences", arguments: [
        ("110105", "1949-12-31", 2), ("150602", "2026-03-01", 1), ("440703", "2000-02-29", 999),
        ("650102", "1900-01-01", 0), ("340524", "1980-01-01", 1), ("710000", "2024-02-29", 358),
    ])
    func residentRoundTrip(area: String, birth: String, sequence: Int) {
        let number = IDNumbers.residentID(area: area, birth: idDate(birth), sequence: sequence)
        #expect(number.count == 18)
        let decoded = IdentityValidation.decode(number)
        #expect(decoded == DecodedIDNumber(areaCode: area, birthDate: idDate(birth), sequence: sequence,
                                           sex: sequence % 2 == 1 ? .male : .female))
        #expect(idFindings(.residentID, number, today: idDate("2026-03-01")).isEmpty)
    }

    @Test("Reproduces the domain vectors")
    func vectors() {
        #expect(IDNumbers.residentID(area: "110105", birth: idDate("1949-12-31"), sequence: 2) == "11010519491231002X")
        #expect(IDNumbers.residentID(area: "340524", birth: idDate("1980-01-01"), sequence: 1) == "34052419800101001X")
        #expect(IDNumbers.hmtResidencePermit(origin: .hongKong, birth: idDate("1994-08-23"), sequence: 2) == "810000199408230021")
        #expect(IDNumbers.hmtResidencePermit(origin: .taiwan, birth: idDate("1992-01-30"), sequence: 2) == "830000199201300022")
        #expect(IDNumbers.permanentResidence2023(province: "32", nationality: "682", birth: idDate("1985-01-01"), sequence: 1) == "932682198501010017")
        #expect(IDNumbers.uscc(first17: "91110000600037341") == "91110000600037341L")
    }

    @Test("Sex convenience gives the right parity")
    func sexConvenience() {
        for serial in [0, 1, 17, 498] {
            let male = IDNumbers.residentID(birth: idDate("1990-05-05"), sex: .male, serial: serial)
            let female = IDNumbers.residentID(birth: idDate("1990-05-05"), sex: .female, serial: serial)
            #expect(IdentityValidation.decode(male)?.sex == .male)
            #expect(IdentityValidation.decode(female)?.sex == .female)
            #expect(male.hasPrefix("110105"))
        }
    }

    @Test("HMT residence permits and 2023 PR cards round-trip and validate")
    func permits() {
        for (origin, area) in [(Origin.hongKong, "810000"), (.macau, "820000"), (.taiwan, "830000")] {
            let number = IDNumbers.hmtResidencePermit(origin: origin, birth: idDate("1999-09-09"), sequence: 41)
            #expect(IdentityValidation.decode(number) == DecodedIDNumber(areaCode: area, birthDate: idDate("1999-09-09"), sequence: 41, sex: .male))
            #expect(idFindings(.hmtResidencePermit, number).isEmpty)
            #expect(IdentityValidation.impliedOrigin(of: IdentityDocument(kind: .hmtResidencePermit, number: number)) == origin)
        }
        let pr = IDNumbers.permanentResidence2023(province: "44", nationality: "840", birth: idDate("1975-11-30"), sequence: 12)
        #expect(pr.hasPrefix("944840"))
        #expect(IdentityValidation.decode(pr) == DecodedIDNumber(areaCode: "944840", birthDate: idDate("1975-11-30"), sequence: 12, sex: .female))
        #expect(idFindings(.foreignPermanentResidence, pr).isEmpty)
    }

    @Test("Travel permits validate")
    func travelPermits() {
        #expect(IDNumbers.hkMacauPermit(origin: .hongKong) == "H12345678")
        #expect(IDNumbers.hkMacauPermit(origin: .macau, serial: 42, long: true) == "M0000000042")
        #expect(IDNumbers.taiwanPermit(serial: 7) == "00000007")
        #expect(idFindings(.hkMacauPermit, IDNumbers.hkMacauPermit(origin: .macau, serial: 42, long: true)).isEmpty)
        #expect(idFindings(.taiwanPermit, IDNumbers.taiwanPermit()).isEmpty)
    }

    @Test("Every sequence 0…999 round-trips for one date")
    func allSequences() {
        for sequence in 0...999 {
            let number = IDNumbers.residentID(area: "150602", birth: idDate("2016-02-29"), sequence: sequence)
            #expect(IdentityValidation.decode(number)?.sequence == sequence)
        }
    }
}
