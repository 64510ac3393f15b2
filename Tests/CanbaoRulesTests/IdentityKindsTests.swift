import Testing
import CanbaoRules
import CanbaoTestSupport

// Identity documents: HMT documents (江门规程 第五条（三）) and foreign documents (江门规程 第五条（四）).

@Suite("港澳台居民居住证 (hmt-residence-permit)")
struct IdentityHMTResidencePermitTests {
    @Test("Valid domain vectors pass with the Jiangmen citation on failures", arguments: ["810000199408230021", "830000199201300022"])
    func valid(number: String) {
        #expect(idFindings(.hmtResidencePermit, number).isEmpty)
    }

    @Test("Macau 820000 passes")
    func macau() {
        let number = IDNumbers.hmtResidencePermit(origin: .macau, birth: idDate("2001-07-07"), sequence: 5)
        #expect(number.hasPrefix("820000"))
        #expect(idFindings(.hmtResidencePermit, number).isEmpty)
    }

    @Test("Invalid domain vector: wrong check character")
    func invalidVector() throws {
        let findings = idFindings(.hmtResidencePermit, "810000199408230022")
        try #require(findings.count == 1)
        #expect(findings[0].citation == "江门规程 第五条（三）")
        #expect(findings[0].severity == .block)
        #expect(findings[0].rule == "identity.valid")
        #expect(findings[0].message.hasPrefix("港澳台居民居住证号码校验码错误：第18位应为 1，实际为 2"))
    }

    @Test("Area code must be exactly 810000, 820000 or 830000", arguments: ["810100", "110105", "710000", "840000", "830001"])
    func wrongArea(area: String) {
        let number = IDNumbers.residentID(area: area, birth: idDate("1994-08-23"), sequence: 2)
        #expect(idMessages(.hmtResidencePermit, number) == ["港澳台居民居住证号码前6位应为 810000（香港）、820000（澳门）或 830000（台湾），实际为 \(area)"])
    }

    @Test("Length, charset, date and future checks as for resident IDs")
    func structure() {
        #expect(idMessages(.hmtResidencePermit, "81000019940823002") == ["港澳台居民居住证号码应为18位，实际为17位"])
        #expect(idMessages(.hmtResidencePermit, "8100001994O823002l") == ["港澳台居民居住证号码第11位应为数字，实际为 O"])
        let feb29 = "81000020230229" + "002"
        let number = feb29 + String(IdentityValidation.checkCharacter(first17: feb29)!)
        #expect(idMessages(.hmtResidencePermit, number) == ["出生日期 20230229 不是有效日期（2023年2月只有28天）"])
        let future = IDNumbers.hmtResidencePermit(origin: .hongKong, birth: idDate("2026-03-02"), sequence: 2)
        #expect(idMessages(.hmtResidencePermit, future) == ["出生日期晚于今天：号码中为 2026-03-02，今天为 2026-03-01"])
        let today = IDNumbers.hmtResidencePermit(origin: .taiwan, birth: idToday, sequence: 2)
        #expect(idFindings(.hmtResidencePermit, today).isEmpty)
    }

    @Test("Lower-case x check character")
    func lowerX() {
        // Find a sequence whose check character is X.
        let number = (0...999).lazy
            .map { IDNumbers.hmtResidencePermit(origin: .hongKong, birth: idDate("1990-01-01"), sequence: $0) }
            .first { $0.hasSuffix("X") }!
        #expect(idFindings(.hmtResidencePermit, number.lowercased()).isEmpty)
    }

    @Test("Empty number")
    func empty() {
        #expect(idMessages(.hmtResidencePermit, " ") == ["证件号码不能为空"])
    }
}

@Suite("港澳居民来往内地通行证 (hk-macau-permit)")
struct IdentityHKMacauPermitTests {
    @Test("H or M + 8 or 10 digits pass", arguments: ["H12345678", "M87654321", "H1234567890", "M0000000001", "h12345678", "Ｈ１２３４５６７８"])
    func valid(number: String) {
        #expect(idFindings(.hkMacauPermit, number).isEmpty)
    }

    @Test("Wrong first character", arguments: [("A12345678", "A"), ("12345678", "1"), ("K1234567890", "K")])
    func firstCharacter(number: String, found: String) {
        let findings = idFindings(.hkMacauPermit, number)
        #expect(findings.map(\.message) == ["港澳居民来往内地通行证号码第1位应为 H（香港）或 M（澳门），实际为 \(found)"])
        #expect(findings.first?.citation == "江门规程 第五条（三）")
    }

    @Test("Wrong length", arguments: [("H1234567", 8), ("H123456789", 10), ("M123456789012", 13), ("H", 1)])
    func length(number: String, count: Int) {
        #expect(idMessages(.hkMacauPermit, number) == ["港澳居民来往内地通行证号码应为 H 或 M 加8位或10位数字（共9位或11位），实际为\(count)位"])
    }

    @Test("Non-digit after the letter")
    func charset() {
        #expect(idMessages(.hkMacauPermit, "H1234A678") == ["港澳居民来往内地通行证号码第6位应为数字，实际为 A"])
        #expect(idMessages(.hkMacauPermit, "M12345678X") == ["港澳居民来往内地通行证号码应为 H 或 M 加8位或10位数字（共9位或11位），实际为10位"])
        #expect(idMessages(.hkMacauPermit, "M123456789X") == ["港澳居民来往内地通行证号码第11位应为数字，实际为 X"])
    }

    @Test("Huge paste")
    func hugePaste() {
        let messages = idMessages(.hkMacauPermit, "H" + String(repeating: "1", count: 9_999))
        #expect(messages == ["港澳居民来往内地通行证号码应为 H 或 M 加8位或10位数字（共9位或11位），实际为10000位"])
    }
}

@Suite("台湾居民来往大陆通行证 (taiwan-permit)")
struct IdentityTaiwanPermitTests {
    @Test("8 digits pass", arguments: ["12345678", "00000001", "１２３４５６７８"])
    func valid(number: String) {
        #expect(idFindings(.taiwanPermit, number).isEmpty)
    }

    @Test("Wrong length", arguments: [("1234567", 7), ("1234567890", 10), ("T12345678", 9)])
    func length(number: String, count: Int) {
        let findings = idFindings(.taiwanPermit, number)
        #expect(findings.map(\.message) == ["台湾居民来往大陆通行证号码应为8位数字，实际为\(count)位"])
        #expect(findings.first?.citation == "江门规程 第五条（三）")
    }

    @Test("Non-digit")
    func charset() {
        #expect(idMessages(.taiwanPermit, "1234567A") == ["台湾居民来往大陆通行证号码第8位应为数字，实际为 A"])
        #expect(idMessages(.taiwanPermit, "T1234567") == ["台湾居民来往大陆通行证号码第1位应为数字，实际为 T"])
    }

    @Test("Empty and huge paste")
    func emptyAndHuge() {
        #expect(idMessages(.taiwanPermit, "") == ["证件号码不能为空"])
        #expect(idMessages(.taiwanPermit, String(repeating: "8", count: 10_000)) == ["台湾居民来往大陆通行证号码应为8位数字，实际为10000位"])
    }
}

@Suite("外国人永久居留身份证 (foreign-permanent-residence)")
struct IdentityPermanentResidenceTests {
    @Test("2023 domain vector passes")
    func vector2023() {
        #expect(idFindings(.foreignPermanentResidence, "932682198501010017").isEmpty)
    }

    @Test("2023: wrong check character")
    func check2023() throws {
        let findings = idFindings(.foreignPermanentResidence, "932682198501010018")
        try #require(findings.count == 1)
        #expect(findings[0].citation == "江门规程 第五条（四）")
        #expect(findings[0].message.hasPrefix("外国人永久居留身份证号码（2023版）校验码错误：第18位应为 7，实际为 8"))
    }

    @Test("2023: must start with 9")
    func leading9() {
        #expect(idMessages(.foreignPermanentResidence, "11010519491231002X") == ["外国人永久居留身份证号码（2023版）第1位应为 9，实际为 1"])
    }

    @Test("2023: birth date must be real and not in the future")
    func date2023() {
        let bad = "93268219850229001"
        let number = bad + String(IdentityValidation.checkCharacter(first17: bad)!)
        #expect(idMessages(.foreignPermanentResidence, number) == ["出生日期 19850229 不是有效日期（1985年2月只有28天）"])
        let leap = IDNumbers.permanentResidence2023(birth: idDate("2000-02-29"), sequence: 3)
        #expect(idFindings(.foreignPermanentResidence, leap).isEmpty)
        let future = IDNumbers.permanentResidence2023(birth: idDate("2026-03-02"), sequence: 3)
        #expect(idMessages(.foreignPermanentResidence, future) == ["出生日期晚于今天：号码中为 2026-03-02，今天为 2026-03-01"])
    }

    @Test("2023: non-digit")
    func charset2023() {
        #expect(idMessages(.foreignPermanentResidence, "9326821985010100A7") == ["外国人永久居留身份证号码（2023版）第17位应为数字，实际为 A"])
    }

    @Test("2017 version: 3 letters + 12 digits", arguments: ["USA110073110001", "GBR440080010501", "usa110073110001"])
    func valid2017(number: String) {
        #expect(idFindings(.foreignPermanentResidence, number).isEmpty)
    }

    @Test("2017 version: wrong characters", arguments: [
        ("US1110073110001", "外国人永久居留身份证号码（2017版）第3位应为字母，实际为 1"),
        ("USA11007311000B", "外国人永久居留身份证号码（2017版）第15位应为数字，实际为 B"),
        ("123110073110001", "外国人永久居留身份证号码（2017版）第1位应为字母，实际为 1"),
    ])
    func invalid2017(number: String, message: String) {
        #expect(idMessages(.foreignPermanentResidence, number) == [message])
    }

    @Test("Neither length", arguments: [("USA11007311000", 14), ("9326821985010100171", 19), ("9", 1)])
    func length(number: String, count: Int) {
        #expect(idMessages(.foreignPermanentResidence, number) == ["外国人永久居留身份证号码应为18位（2023版）或15位（2017版），实际为\(count)位"])
    }
}

@Suite("外国护照 and 外国人居留许可 (foreign-passport, foreign-residence-permit)")
struct IdentityForeignFreeFormTests {
    @Test("Passport: 5…20 letters/digits with nationality pass", arguments: ["E1234", "P12345678", "AB1234567890CDEFGHIJ", "e12345678"])
    func passportValid(number: String) {
        #expect(idFindings(.foreignPassport, number, nationality: "USA").isEmpty)
    }

    @Test("Passport: nationality is required")
    func passportNationality() throws {
        for nationality in [nil, "", "  ", "\u{3000}"] as [String?] {
            let findings = idFindings(.foreignPassport, "P12345678", nationality: nationality)
            try #require(findings.count == 1)
            #expect(findings.first?.message == "外国护照须填写国籍")
            #expect(findings.first?.severity == .block)
            #expect(findings.first?.citation == "江门规程 第五条（四）")
            #expect(findings.first?.field == "person.document")
        }
        #expect(idFindings(.foreignPassport, "P12345678", nationality: "日本").isEmpty)
    }

    @Test("Passport: number and nationality problems are both reported")
    func passportBoth() {
        #expect(idMessages(.foreignPassport, "P12", nationality: nil) == ["护照号码应为5至20位字母或数字，实际为3位", "外国护照须填写国籍"])
        #expect(idMessages(.foreignPassport, "") == ["证件号码不能为空", "外国护照须填写国籍"])
    }

    @Test("Passport: the nationality must be a foreign country's, reported with the number's problems")
    func passportUnknownNationality() throws {
        let findings = idFindings(.foreignPassport, "P12", nationality: "Germanyy")
        #expect(findings.map(\.message) == ["护照号码应为5至20位字母或数字，实际为3位",
                                            "国籍：“Germanyy”不是国家或地区的名称或代码（GB/T 2659），是否为“德国”（DEU）？"])
        #expect(findings.allSatisfy { $0.citation == "江门规程 第五条（四）" && $0.severity == .block })
        #expect(idMessages(.foreignPassport, "P12345678", nationality: "CHN") == ["国籍：外国护照的国籍不能是中国：中国公民以居民身份证参保"])
        #expect(IdentityValidation.problems(of: IdentityDocument(kind: .foreignPassport, number: "P12345678", nationality: "XYZ")).count == 1)
        #expect(idFindings(.foreignPassport, "P12345678", nationality: "deu").isEmpty)
    }

    @Test("Passport: length and charset", arguments: [
        ("1234", "护照号码应为5至20位字母或数字，实际为4位"),
        ("AB1234567890CDEFGHIJK", "护照号码应为5至20位字母或数字，实际为21位"),
        ("P1234-678", "护照号码只能包含字母和数字，第6位为 -"),
        ("P1234567É", "护照号码只能包含字母和数字，第9位为 É"),
    ])
    func passportInvalid(number: String, message: String) {
        #expect(idMessages(.foreignPassport, number, nationality: "FRA") == [message])
    }

    @Test("Passport: huge paste")
    func passportHuge() {
        let messages = idMessages(.foreignPassport, String(repeating: "AB", count: 5_000), nationality: "USA")
        #expect(messages == ["护照号码应为5至20位字母或数字，实际为10000位"])
    }

    @Test("Residence permit: free form, nationality optional")
    func residencePermit() {
        #expect(idFindings(.foreignResidencePermit, "YB1100012345").isEmpty)
        #expect(idFindings(.foreignResidencePermit, "yb1100012345", nationality: "KOR").isEmpty)
        let findings = idFindings(.foreignResidencePermit, "YB1")
        #expect(findings.map(\.message) == ["外国人居留许可号码应为5至20位字母或数字，实际为3位"])
        #expect(findings.first?.citation == "江门规程 第五条（四）")
        #expect(idMessages(.foreignResidencePermit, "YB110_012345") == ["外国人居留许可号码只能包含字母和数字，第6位为 _"])
    }
}

@Suite("Every kind: empty number and huge paste stay short")
struct IdentityAllKindsTests {
    @Test("Empty number is blocked for every kind", arguments: DocumentKind.allCases)
    func empty(kind: DocumentKind) {
        let findings = idFindings(kind, "", nationality: "USA")
        #expect(findings.map(\.message) == ["证件号码不能为空"])
        #expect(findings.allSatisfy { $0.severity == .block && $0.rule == "identity.valid" && $0.field == "person.document" })
        #expect(findings.first?.citation == IdentityValidation.citation(for: kind))
    }

    @Test("A 10,000-character paste gives a short message for every kind", arguments: DocumentKind.allCases)
    func hugePaste(kind: DocumentKind) throws {
        let paste = String(repeating: "H1a-号", count: 2_000)
        let messages = idMessages(kind, paste, nationality: "USA")
        try #require(messages.count == 1)
        #expect(messages.allSatisfy { $0.count < 80 })
        #expect(!messages.contains { $0.contains("H1A-号H1A") })
    }

    @Test("Citations per kind")
    func citations() {
        #expect(IdentityValidation.citation(for: .residentID) == "国家规程 第七条")
        #expect(IdentityValidation.citation(for: .hmtResidencePermit) == "江门规程 第五条（三）")
        #expect(IdentityValidation.citation(for: .hkMacauPermit) == "江门规程 第五条（三）")
        #expect(IdentityValidation.citation(for: .taiwanPermit) == "江门规程 第五条（三）")
        #expect(IdentityValidation.citation(for: .foreignPermanentResidence) == "江门规程 第五条（四）")
        #expect(IdentityValidation.citation(for: .foreignResidencePermit) == "江门规程 第五条（四）")
        #expect(IdentityValidation.citation(for: .foreignPassport) == "江门规程 第五条（四）")
        #expect(IdentityValidation.citation(for: .other) == "内蒙古细则 第十二条（一）2")
    }
}
