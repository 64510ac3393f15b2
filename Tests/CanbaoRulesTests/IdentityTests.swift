import Testing
import CanbaoRules
import CanbaoTestSupport

// Identity documents: resident ID (GB 11643-1999), the `other` kind (a parent's ID),
// the check character, decoding, the 15 → 18 upgrade and normalisation.

let idToday = LocalDate(year: 2026, month: 3, day: 1)!
let idField = "person.document"

func idDate(_ text: String) -> LocalDate { LocalDate(text)! }

func idFindings(_ kind: DocumentKind, _ number: String, today: LocalDate = idToday,
                nationality: String? = nil) -> [Finding] {
    IdentityValidation.validate(IdentityDocument(kind: kind, number: number, nationality: nationality),
                                today: today, field: idField)
}

func idMessages(_ kind: DocumentKind, _ number: String, today: LocalDate = idToday,
                nationality: String? = nil) -> [String] {
    idFindings(kind, number, today: today, nationality: nationality).map(\.message)
}

@Suite("Resident ID check character (ISO 7064 MOD 11-2)")
struct IdentityCheckCharacterTests {
    @Test("Domain test vectors give their check characters", arguments: [
        ("11010519491231002", Character("X")),
        ("34052419800101001", "X"),
        ("81000019940823002", "1"),
        ("83000019920130002", "2"),
        ("93268219850101001", "7"),
        ("61010419620927690", "8"),
    ])
    func vectors(first17: String, expected: Character) {
        #expect(IdentityValidation.checkCharacter(first17: first17) == expected)
    }

    @Test("All eleven remainders map to 1 0 X 9 8 7 6 5 4 3 2")
    func remainderTable() {
        // Only the last weight (2) varies: the sum mod 11 for "0000000000000000d" is 2d mod 11.
        // d = 0…9 → remainders 0 2 4 6 8 10 1 3 5 7.
        let expected: [Character] = ["1", "X", "8", "6", "4", "2", "0", "9", "7", "5"]
        for d in 0...9 {
            #expect(IdentityValidation.checkCharacter(first17: "0000000000000000\(d)") == expected[d])
        }
        // Remainder 3 → "9": first digit weight 7, 7×2 = 14 ≡ 3.
        #expect(IdentityValidation.checkCharacter(first17: "20000000000000000") == "9")
    }

    @Test("Nil for anything but 17 ASCII digits", arguments: [
        "", "1101051949123100", "110105194912310022", "1101051949123100X", "１１０１０５１９４９１２３１００２",
    ])
    func rejects(input: String) {
        #expect(IdentityValidation.checkCharacter(first17: input) == nil)
    }
}

@Suite("Resident ID validation (国家规程 第七条)")
struct IdentityResidentIDTests {
    @Test("Valid domain vectors pass", arguments: ["11010519491231002X", "34052419800101001X"])
    func validVectors(number: String) {
        #expect(idFindings(.residentID, number).isEmpty)
    }

    @Test("Invalid domain vector: wrong check character, said exactly")
    func invalidVector() throws {
        let findings = idFindings(.residentID, "110105194912310021")
        try #require(findings.count == 1)
        let f = findings[0]
        #expect(f.rule == "identity.valid")
        #expect(f.severity == .block)
        #expect(f.citation == "国家规程 第七条")
        #expect(f.field == "person.document")
        #expect(f.message.hasPrefix("身份证号码校验码错误：第18位应为 X，实际为 1"))
    }

    @Test("Lower-case x is accepted and normalised")
    func lowerCaseX() {
        let doc = IdentityDocument(kind: .residentID, number: "11010519491231002x")
        #expect(doc.normalizedNumber == "11010519491231002X")
        #expect(IdentityValidation.validate(doc, today: idToday, field: idField).isEmpty)
        #expect(IdentityValidation.decode("11010519491231002x")?.sex == .female)
    }

    @Test("Full-width digits and X, and spaces, are folded")
    func fullWidth() {
        let number = "１１０１０５ １９４９１２３１ ００２Ｘ"
        #expect(IdentityDocument.normalize(number) == "11010519491231002X")
        #expect(idFindings(.residentID, number).isEmpty)
        #expect(idFindings(.residentID, "１１０１０５１９４９１２３１００２ｘ").isEmpty)
    }

    @Test("Empty or blank number")
    func empty() {
        #expect(idMessages(.residentID, "") == ["证件号码不能为空"])
        #expect(idMessages(.residentID, "  \u{3000} ") == ["证件号码不能为空"])
    }

    @Test("Wrong length is stated with the actual count")
    func length() {
        #expect(idMessages(.residentID, "11010519491231002") == ["身份证号码应为18位，实际为17位"])
        #expect(idMessages(.residentID, "11010519491231002X1") == ["身份证号码应为18位，实际为19位"])
    }

    @Test("An invisible character pasted with the number is named, not counted as a wrong length")
    func invisibleCharacter() {
        #expect(idMessages(.residentID, "110105\u{200B}19491231002X") == ["证件号码第 7 位是看不见的字符 U+200B，请删除后重新录入"])
        #expect(idMessages(.foreignPassport, "E1234\u{2060}5678").first == "证件号码第 6 位是看不见的字符 U+2060，请删除后重新录入")
    }

    @Test("A 15-digit old number is refused with its 18-digit form suggested")
    func fifteenDigits() throws {
        let messages = idMessages(.residentID, "610104620927690")
        try #require(messages.count == 1)
        #expect(messages[0].hasPrefix("身份证号码应为18位，实际为15位"))
        #expect(messages[0].contains("610104196209276908"))
    }

    @Test("A non-digit names its position and character", arguments: [
        ("110105194912A1002X", "身份证号码第13位应为数字，实际为 A"),
        ("A1010519491231002X", "身份证号码第1位应为数字，实际为 A"),
        ("1101051949123100X2", "身份证号码第17位应为数字，实际为 X"),
        ("11010519491231002Y", "身份证号码第18位应为数字或 X，实际为 Y"),
        ("11010519491231002-", "身份证号码第18位应为数字或 X，实际为 -"),
        ("110105194912号1002X", "身份证号码第13位应为数字，实际为 号"),
    ])
    func charset(number: String, message: String) {
        #expect(idMessages(.residentID, number) == [message])
    }

    @Test("Invisible characters are shown by code point")
    func invisible() {
        #expect(idMessages(.residentID, "110105\u{00A0}9491231002X") == ["证件号码第 7 位是看不见的字符 U+00A0，请删除后重新录入"])
        #expect(idMessages(.residentID, "110105\u{200B}9491231002X") == ["证件号码第 7 位是看不见的字符 U+200B，请删除后重新录入"])
    }

    @Test("Wrong check character is reported for every wrong value")
    func everyWrongCheck() throws {
        for wrong in ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] {
            let messages = idMessages(.residentID, "11010519491231002" + wrong)
            try #require(messages.count == 1)
            #expect(messages.first?.hasPrefix("身份证号码校验码错误：第18位应为 X，实际为 \(wrong)") == true)
        }
        let x = idMessages(.residentID, "110105194912310013")
        try #require(x.count == 1)
        #expect(x.first?.contains("第18位应为 1，实际为 3") == true)
        let y = idMessages(.residentID, "11010519491231001X")
        #expect(y.first?.contains("第18位应为 1，实际为 X") == true)
    }

    @Test("A typo in the body also fails the check and the message says so")
    func typoInBody() throws {
        let messages = idMessages(.residentID, "11010519491231003X")
        try #require(messages.count == 1)
        #expect(messages[0].contains("校验码错误：第18位应为 8，实际为 X"))
        #expect(messages[0].contains("也可能是前17位有录入错误"))
    }

    @Test("29 February: valid in leap years", arguments: [
        IDNumbers.residentID(area: "110105", birth: idDate("2000-02-29"), sequence: 2),
        IDNumbers.residentID(area: "110105", birth: idDate("2024-02-29"), sequence: 1),
        "110105200002290021", "11010520240229002X",
    ])
    func leapDay(number: String) {
        #expect(idFindings(.residentID, number).isEmpty)
    }

    @Test("29 February: invalid in 1900 and 2023 (check character otherwise right)")
    func notLeapDay() {
        #expect(idMessages(.residentID, "110105190002290025") == ["出生日期 19000229 不是有效日期（1900年2月只有28天）"])
        #expect(idMessages(.residentID, "110105202302290022") == ["出生日期 20230229 不是有效日期（2023年2月只有28天）"])
    }

    @Test("Other impossible dates say what is wrong", arguments: [
        ("110105194912320025", "出生日期 19491232 不是有效日期（1949年12月只有31天）"),
        ("110105194913010029", "出生日期 19491301 不是有效日期（月份应为01至12，实际为13）"),
        ("110105194900010024", "出生日期 19490001 不是有效日期（月份应为01至12，实际为00）"),
        ("110105084912310022", "出生日期 08491231 不是有效日期（年份应不早于1800年，实际为0849）"),
    ])
    func impossibleDates(number: String, message: String) {
        // Build the right check character for day-00 vectors on the fly.
        let first17 = String(number.prefix(17))
        let fixed = first17 + String(IdentityValidation.checkCharacter(first17: first17)!)
        #expect(idMessages(.residentID, fixed) == [message])
    }

    @Test("Day 00 is explained")
    func dayZero() {
        let first17 = "11010519490400002"
        let number = first17 + String(IdentityValidation.checkCharacter(first17: first17)!)
        #expect(idMessages(.residentID, number) == ["出生日期 19490400 不是有效日期（日应为01至30，实际为00）"])
    }

    @Test("Invalid date and wrong check character are both reported")
    func dateAndCheck() throws {
        let messages = idMessages(.residentID, "110105194912320021")
        try #require(messages.count == 2)
        #expect(messages[0] == "出生日期 19491232 不是有效日期（1949年12月只有31天）")
        #expect(messages[1].hasPrefix("身份证号码校验码错误：第18位应为 5，实际为 1"))
    }

    @Test("Birth date today is valid, tomorrow is not")
    func birthToday() {
        let today = idDate("2026-01-01")
        #expect(idFindings(.residentID, "110105202601010027", today: today).isEmpty)
        let tomorrow = idMessages(.residentID, "110105202601020022", today: today)
        #expect(tomorrow == ["出生日期晚于今天：号码中为 2026-01-02，今天为 2026-01-01"])
        // The same number is fine once that day has come.
        #expect(idFindings(.residentID, "110105202601020022", today: idDate("2026-01-02")).isEmpty)
    }

    @Test("Unknown or retired area codes are not rejected")
    func retiredAreaCodes() {
        // 340524 (old 安徽 county code) and a made-up 3699xx county stay valid: only the province is checked.
        #expect(idFindings(.residentID, "34052419800101001X").isEmpty)
        let made = IDNumbers.residentID(area: "369999", birth: idDate("1980-01-01"), sequence: 3)
        #expect(idFindings(.residentID, made).isEmpty)
        let taiwanProvince = IDNumbers.residentID(area: "710000", birth: idDate("1980-01-01"), sequence: 3)
        #expect(idFindings(.residentID, taiwanProvince).isEmpty)
    }

    @Test("Every province code is accepted", arguments: [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71,
    ])
    func provinces(code: Int) {
        let number = IDNumbers.residentID(area: "\(code)0102", birth: idDate("1990-06-15"), sequence: 11)
        #expect(idFindings(.residentID, number).isEmpty)
    }

    @Test("A non-province prefix is rejected", arguments: ["00", "10", "16", "20", "24", "30", "38", "40", "47", "55", "60", "66", "70", "72", "80", "84"])
    func badProvince(prefix: String) {
        let number = IDNumbers.residentID(area: prefix + "0102", birth: idDate("1990-06-15"), sequence: 11)
        #expect(idMessages(.residentID, number) == ["身份证号码前两位 \(prefix) 不是有效的省级行政区划代码"])
    }

    @Test("HMT residence-permit numbers are refused as resident IDs with a hint", arguments: ["810000199408230021", "830000199201300022"])
    func hmtAsResidentID(number: String) throws {
        let messages = idMessages(.residentID, number)
        try #require(messages.count == 1)
        #expect(messages[0] == "身份证号码前两位为 \(number.prefix(2))，这是港澳台居民居住证号码，不是居民身份证号码，请将证件类型改为港澳台居民居住证")
    }

    @Test("PR card numbers are refused as resident IDs with a hint", arguments: [
        "932682198501010017", IDNumbers.permanentResidence2023(province: "11", nationality: "840", birth: idDate("1970-05-05"), sequence: 1),
    ])
    func prAsResidentID(number: String) {
        #expect(idMessages(.residentID, number) == ["身份证号码以 9 开头，这是外国人永久居留身份证号码，不是居民身份证号码，请将证件类型改为外国人永久居留身份证"])
    }

    @Test("A huge paste gives one short message that does not echo it")
    func hugePaste() throws {
        let paste = String(repeating: "1101051949", count: 1_000)
        let messages = idMessages(.residentID, paste)
        #expect(messages == ["身份证号码应为18位，实际为10000位"])
        #expect(messages[0].count < 40)
        let letters = String(repeating: "这是一段很长的粘贴内容", count: 1_000)
        let other = idMessages(.residentID, letters)
        try #require(other.count == 1)
        #expect(other[0].count < 40)
    }

    @Test("A single character made of thousands of combining marks is quoted briefly")
    func combiningMarks() throws {
        let zalgo = "a" + String(repeating: "\u{0301}", count: 5_000)
        let number = "11010519491231" + zalgo + "02X"
        let messages = idMessages(.residentID, number)
        try #require(messages.count == 1)
        #expect(messages[0].hasPrefix("身份证号码第15位应为数字，实际为 "))
        #expect(messages[0].unicodeScalars.count < 60)
    }
}

@Suite("Kind `other`: a parent's resident ID (内蒙古细则 第十二条（一）2)")
struct IdentityOtherKindTests {
    @Test("A valid parent's ID passes")
    func valid() {
        #expect(idFindings(.other, "11010519491231002X").isEmpty)
        #expect(idFindings(.other, "34052419800101001x").isEmpty)
    }

    @Test("An invalid parent's ID is blocked with the IM citation")
    func invalid() throws {
        let findings = idFindings(.other, "110105194912310021")
        try #require(findings.count == 1)
        #expect(findings[0].citation == "内蒙古细则 第十二条（一）2")
        #expect(findings[0].severity == .block)
        #expect(findings[0].rule == "identity.valid")
        #expect(findings[0].message.hasPrefix("父母身份证号码校验码错误：第18位应为 X，实际为 1"))
    }

    @Test("Free-form or other-document numbers are not accepted")
    func notFreeForm() {
        #expect(idMessages(.other, "XSE12345") == ["父母身份证号码应为18位，实际为8位"])
        #expect(idMessages(.other, "") == ["证件号码不能为空"])
        #expect(idMessages(.other, "810000199408230021") == ["父母身份证号码前两位为 81，这是港澳台居民居住证号码，不是居民身份证号码；“其他证件类型”须填写父亲或母亲的居民身份证号码"])
    }

    @Test("A parent's birth date cannot be in the future either")
    func future() {
        #expect(idMessages(.other, "110105202601020022", today: idDate("2026-01-01")) == ["出生日期晚于今天：号码中为 2026-01-02，今天为 2026-01-01"])
    }
}

@Suite("Decoding and upgrading GB 11643 numbers")
struct IdentityDecodeTests {
    @Test("Decodes the female 1949 vector")
    func decodeFemale() {
        let d = IdentityValidation.decode("11010519491231002X")
        #expect(d == DecodedIDNumber(areaCode: "110105", birthDate: idDate("1949-12-31"), sequence: 2, sex: .female))
    }

    @Test("Decodes a male number, HMT permits and the 2023 PR card")
    func decodeOthers() {
        let male = IdentityValidation.decode("34052419800101001X")
        #expect(male?.areaCode == "340524")
        #expect(male?.birthDate == idDate("1980-01-01"))
        #expect(male?.sequence == 1)
        #expect(male?.sex == .male)

        let hk = IdentityValidation.decode("810000199408230021")
        #expect(hk == DecodedIDNumber(areaCode: "810000", birthDate: idDate("1994-08-23"), sequence: 2, sex: .female))
        let tw = IdentityValidation.decode("830000199201300022")
        #expect(tw == DecodedIDNumber(areaCode: "830000", birthDate: idDate("1992-01-30"), sequence: 2, sex: .female))
        let pr = IdentityValidation.decode("932682198501010017")
        #expect(pr == DecodedIDNumber(areaCode: "932682", birthDate: idDate("1985-01-01"), sequence: 1, sex: .male))
    }

    @Test("Nil when not structurally valid", arguments: [
        "110105194912310021", "810000199408230022", "11010519491231002", "11010519491231002Y",
        "110105194912320025", "110105190002290025", "", "610104620927690", "110105084912310022",
    ])
    func decodeNil(number: String) {
        #expect(IdentityValidation.decode(number) == nil)
    }

    @Test("Decode normalises full-width input")
    func decodeFullWidth() {
        #expect(IdentityValidation.decode("１１０１０５１９４９１２３１００２ｘ")?.birthDate == idDate("1949-12-31"))
    }

    @Test("15 → 18: domain vector")
    func upgradeVector() {
        #expect(IdentityValidation.upgrade15("610104620927690") == "610104196209276908")
        #expect(IdentityValidation.upgrade15("６１０１０４６２０９２７６９０") == "610104196209276908")
        #expect(idFindings(.residentID, IdentityValidation.upgrade15("610104620927690")!).isEmpty)
        #expect(IdentityValidation.decode("610104196209276908")?.sex == .female)
    }

    @Test("15 → 18: nil for invalid input", arguments: [
        "", "61010462092769", "6101046209276901", "61010462092769X", "610104621327690",
        "610104000229690", "810104620927690", "910104620927690",
    ])
    func upgradeNil(number: String) {
        #expect(IdentityValidation.upgrade15(number) == nil)
    }

    @Test("15 → 18: 29 February 1900 is not a date, 1996 is")
    func upgradeLeap() {
        #expect(IdentityValidation.upgrade15("110105000229001") == nil)
        #expect(IdentityValidation.upgrade15("110105960229001") == "110105199602290011")
    }
}
