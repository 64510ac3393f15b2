import Testing
import CanbaoRules
import CanbaoTestSupport

// Birth date and sex shown on a form must agree with the number (国家规程 第七条), and the origin
// a HMT/foreign document implies.

fileprivate func consistency(_ kind: DocumentKind, _ number: String, birth: LocalDate? = nil, sex: Sex? = nil,
                 origin: Origin? = nil) -> [Finding] {
    IdentityValidation.consistency(of: IdentityDocument(kind: kind, number: number), birthDate: birth, sex: sex,
                                   origin: origin, field: idField)
}

@Suite("Consistency of declared birth date, sex and origin (identity.consistent)")
struct IdentityConsistencyTests {
    @Test("Matching declarations give no findings")
    func matching() {
        #expect(consistency(.residentID, "11010519491231002X", birth: idDate("1949-12-31"), sex: .female).isEmpty)
        #expect(consistency(.residentID, "34052419800101001X", birth: idDate("1980-01-01"), sex: .male).isEmpty)
        #expect(consistency(.hmtResidencePermit, "810000199408230021", birth: idDate("1994-08-23"), sex: .female, origin: .hongKong).isEmpty)
        #expect(consistency(.hmtResidencePermit, "830000199201300022", birth: idDate("1992-01-30"), sex: .female, origin: .taiwan).isEmpty)
        #expect(consistency(.foreignPermanentResidence, "932682198501010017", birth: idDate("1985-01-01"), sex: .male, origin: .foreign).isEmpty)
    }

    @Test("Birth date mismatch, with both dates in the message")
    func birthMismatch() throws {
        let number = IDNumbers.residentID(area: "150602", birth: idDate("2026-01-01"), sequence: 7)
        let findings = consistency(.residentID, number, birth: idDate("2026-01-02"))
        try #require(findings.count == 1)
        let f = findings[0]
        #expect(f.message == "出生日期与证件号码不符：号码中为 2026-01-01，表单填写 2026-01-02")
        #expect(f.rule == "identity.consistent")
        #expect(f.severity == .block)
        #expect(f.citation == "国家规程 第七条")
        #expect(f.field == "person.document")
    }

    @Test("Sex mismatch in both directions")
    func sexMismatch() {
        #expect(consistency(.residentID, "11010519491231002X", sex: .male).map(\.message) == ["性别与证件号码不符：号码中为女，表单填写男"])
        #expect(consistency(.residentID, "34052419800101001X", sex: .female).map(\.message) == ["性别与证件号码不符：号码中为男，表单填写女"])
    }

    @Test("Birth date and sex both wrong: two findings, birth first")
    func both() {
        let messages = consistency(.residentID, "11010519491231002X", birth: idDate("1949-12-30"), sex: .male).map(\.message)
        #expect(messages == ["出生日期与证件号码不符：号码中为 1949-12-31，表单填写 1949-12-30",
                             "性别与证件号码不符：号码中为女，表单填写男"])
    }

    @Test("HMT residence permit: birth date, sex and origin")
    func hmtPermit() {
        let messages = consistency(.hmtResidencePermit, "810000199408230021", birth: idDate("1994-08-24"), sex: .male, origin: .macau).map(\.message)
        #expect(messages == ["出生日期与证件号码不符：号码中为 1994-08-23，表单填写 1994-08-24",
                             "性别与证件号码不符：号码中为女，表单填写男",
                             "来源地与证件号码不符：号码中为香港，表单填写澳门"])
        #expect(consistency(.hmtResidencePermit, "830000199201300022", origin: .hongKong).map(\.message) == ["来源地与证件号码不符：号码中为台湾，表单填写香港"])
        let macau = IDNumbers.hmtResidencePermit(origin: .macau, birth: idDate("2000-01-01"), sequence: 1)
        #expect(consistency(.hmtResidencePermit, macau, origin: .foreign).map(\.message) == ["来源地与证件号码不符：号码中为澳门，表单填写外国"])
        #expect(consistency(.hmtResidencePermit, macau, origin: .macau).isEmpty)
    }

    @Test("HK/Macau permit: H = Hong Kong, M = Macau")
    func hkMacau() {
        #expect(consistency(.hkMacauPermit, "H12345678", origin: .hongKong).isEmpty)
        #expect(consistency(.hkMacauPermit, "M1234567890", origin: .macau).isEmpty)
        #expect(consistency(.hkMacauPermit, "H12345678", origin: .macau).map(\.message) == ["来源地与证件号码不符：号码中为香港，表单填写澳门"])
        #expect(consistency(.hkMacauPermit, "m12345678", origin: .taiwan).map(\.message) == ["来源地与证件号码不符：号码中为澳门，表单填写台湾"])
        // The permit encodes no birth date or sex: those declarations are not checked.
        #expect(consistency(.hkMacauPermit, "H12345678", birth: idDate("1990-01-01"), sex: .male, origin: .hongKong).isEmpty)
    }

    @Test("Taiwan permit implies Taiwan")
    func taiwan() {
        #expect(consistency(.taiwanPermit, "12345678", origin: .taiwan).isEmpty)
        #expect(consistency(.taiwanPermit, "12345678", origin: .hongKong).map(\.message) == ["来源地与证件类型不符：台湾居民来往大陆通行证对应台湾，表单填写香港"])
    }

    @Test("Foreign kinds imply foreign")
    func foreign() {
        #expect(consistency(.foreignPassport, "P12345678", origin: .foreign).isEmpty)
        #expect(consistency(.foreignPassport, "P12345678", origin: .taiwan).map(\.message) == ["来源地与证件类型不符：外国护照对应外国，表单填写台湾"])
        #expect(consistency(.foreignResidencePermit, "YB1100012345", origin: .macau).map(\.message) == ["来源地与证件类型不符：外国人居留许可对应外国，表单填写澳门"])
        #expect(consistency(.foreignPermanentResidence, "USA110073110001", origin: .hongKong).map(\.message) == ["来源地与证件类型不符：外国人永久居留身份证对应外国，表单填写香港"])
    }

    @Test("2023 PR card: birth date and sex; 2017 card: origin only")
    func prCards() {
        let messages = consistency(.foreignPermanentResidence, "932682198501010017", birth: idDate("1985-10-01"), sex: .female).map(\.message)
        #expect(messages == ["出生日期与证件号码不符：号码中为 1985-01-01，表单填写 1985-10-01",
                             "性别与证件号码不符：号码中为男，表单填写女"])
        #expect(consistency(.foreignPermanentResidence, "USA110073110001", birth: idDate("1985-10-01"), sex: .female).isEmpty)
    }

    @Test("Kind `other` is exempt")
    func otherExempt() {
        // The parent's number says female 1949-12-31; the newborn's form says male 2026-02-01: no finding.
        #expect(consistency(.other, "11010519491231002X", birth: idDate("2026-02-01"), sex: .male, origin: .foreign).isEmpty)
    }

    @Test("Nil declarations are not checked")
    func nilDeclarations() {
        #expect(consistency(.residentID, "11010519491231002X").isEmpty)
        #expect(consistency(.hmtResidencePermit, "810000199408230021").isEmpty)
        #expect(consistency(.residentID, "11010519491231002X", birth: nil, sex: .female, origin: nil).isEmpty)
    }

    @Test("Resident ID: origin is not checked")
    func residentOrigin() {
        #expect(consistency(.residentID, "11010519491231002X", origin: .foreign).isEmpty)
    }

    @Test("An invalid number gives no consistency findings", arguments: [
        (DocumentKind.residentID, "110105194912310021"),
        (.residentID, "810000199408230021"),
        (.residentID, ""),
        (.hmtResidencePermit, "810000199408230022"),
        (.hmtResidencePermit, "11010519491231002X"),
        (.hkMacauPermit, "X12345678"),
        (.taiwanPermit, "1234567"),
        (.foreignPassport, "P1"),
        (.foreignPermanentResidence, "932682198501010018"),
    ])
    func invalidNumber(kind: DocumentKind, number: String) {
        #expect(consistency(kind, number, birth: idDate("1900-01-01"), sex: .male, origin: .macau).isEmpty)
    }

    @Test("Lower-case x and full-width digits are decoded before comparing")
    func normalised() {
        #expect(consistency(.residentID, "１１０１０５１９４９１２３１００２ｘ", birth: idDate("1949-12-31"), sex: .female).isEmpty)
        #expect(consistency(.residentID, "11010519491231002x", sex: .male).map(\.message) == ["性别与证件号码不符：号码中为女，表单填写男"])
    }
}

@Suite("impliedOrigin")
struct IdentityImpliedOriginTests {
    func implied(_ kind: DocumentKind, _ number: String) -> Origin? {
        IdentityValidation.impliedOrigin(of: IdentityDocument(kind: kind, number: number))
    }

    @Test("HMT residence permit by area code")
    func residencePermit() {
        #expect(implied(.hmtResidencePermit, "810000199408230021") == .hongKong)
        #expect(implied(.hmtResidencePermit, IDNumbers.hmtResidencePermit(origin: .macau, birth: idDate("2000-01-01"), sequence: 4)) == .macau)
        #expect(implied(.hmtResidencePermit, "830000199201300022") == .taiwan)
    }

    @Test("Travel permits and foreign kinds")
    func permits() {
        #expect(implied(.hkMacauPermit, "H12345678") == .hongKong)
        #expect(implied(.hkMacauPermit, "M1234567890") == .macau)
        #expect(implied(.taiwanPermit, "12345678") == .taiwan)
        #expect(implied(.foreignPassport, "P12345678") == .foreign)
        #expect(implied(.foreignResidencePermit, "YB1100012345") == .foreign)
        #expect(implied(.foreignPermanentResidence, "932682198501010017") == .foreign)
        #expect(implied(.foreignPermanentResidence, "USA110073110001") == .foreign)
    }

    @Test("Nil for resident ID, other and invalid numbers")
    func none() {
        #expect(implied(.residentID, "11010519491231002X") == nil)
        #expect(implied(.other, "11010519491231002X") == nil)
        #expect(implied(.hmtResidencePermit, "810000199408230022") == nil)
        #expect(implied(.hkMacauPermit, "H1234") == nil)
        #expect(implied(.taiwanPermit, "") == nil)
        #expect(implied(.foreignPassport, "P-1") == nil)
    }
}
