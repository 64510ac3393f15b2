/// Validators for identity-document numbers (证件号码) and the unified social credit code.
/// Identity documents — 国家规程 第七条, 内蒙古细则 第十二条（一）2、（五）, 江门规程 第五条.
///
/// Pure: no I/O, no clock. "Today" is always a parameter. Every number is checked in its normalised form
/// (`IdentityDocument.normalize`: spaces removed, full-width folded, upper-cased, so `x` → `X`).
/// Messages never echo the input beyond one character, an 8-digit date or a 6-digit area code, so a huge
/// paste still yields a short message.
public enum IdentityValidation {
    public static let validRule = "identity.valid"
    public static let consistentRule = "identity.consistent"
    public static let usccRule = "identity.uscc"

    public static let nationalCitation = "国家规程 第七条"
    public static let hmtCitation = "江门规程 第五条（三）"
    public static let foreignCitation = "江门规程 第五条（四）"
    public static let parentIDCitation = "内蒙古细则 第十二条（一）2"
    public static let birthCertificateCitation = "国家规程 第十五条 3"
    public static let usccCitation = "江门规程 第五条（1）"

    /// The article behind the number format of each kind.
    public static func citation(for kind: DocumentKind) -> String {
        switch kind {
        case .residentID: return nationalCitation
        case .hmtResidencePermit, .hkMacauPermit, .taiwanPermit: return hmtCitation
        case .foreignPermanentResidence, .foreignResidencePermit, .foreignPassport: return foreignCitation
        case .other: return parentIDCitation
        case .birthCertificate: return birthCertificateCitation
        }
    }

    // MARK: - Public API

    /// Validates the document's number for its kind, as of `today` (birth dates must be real and not after today).
    /// Returns findings (rule `identity.valid`, severity `.block`); an empty array means valid.
    /// Kind `other` must carry a valid resident ID number (a parent's, 内蒙古细则 第十二条（一）2).
    public static func validate(_ document: IdentityDocument, today: LocalDate, field: String) -> [Finding] {
        var messages = numberProblems(kind: document.kind, number: document.normalizedNumber, today: today)
        messages += nationalityProblems(of: document)
        let citation = citation(for: document.kind)
        return messages.map {
            Finding(rule: validRule, severity: .block, message: $0, citation: citation, field: field)
        }
    }

    /// What is wrong with a stored document, whatever the date (an import of persons, which has no "today"): its
    /// number for its kind and, for a foreign passport, its nationality. Empty when it is valid.
    public static func problems(of document: IdentityDocument) -> [String] {
        numberProblems(kind: document.kind, number: document.normalizedNumber, today: nil) + nationalityProblems(of: document)
    }

    /// A foreign passport's nationality: present, and a foreign country's (`Nationality.problem`).
    static func nationalityProblems(of document: IdentityDocument) -> [String] {
        guard document.kind == .foreignPassport else { return [] }
        let nationality = document.nationality ?? ""
        if IdentityDocument.normalize(nationality).isEmpty { return ["外国护照须填写国籍"] }
        return Nationality.problem(nationality).map { ["国籍：\($0)"] } ?? []
    }

    /// Consistency of what the form declares with what the number encodes (rule `identity.consistent`, `.block`,
    /// 国家规程 第七条). Birth date and sex for resident-id, hmt-residence-permit and the 2023 permanent-residence
    /// card; origin for HMT and foreign documents. Kind `other` is exempt, nil declarations are not checked, and an
    /// invalid number gives [] (validate() reports it). The future-date check needs "today", so it is left to validate().
    public static func consistency(of document: IdentityDocument, birthDate: LocalDate?, sex: Sex?, origin: Origin?,
                                   field: String) -> [Finding] {
        guard document.kind != .other else { return [] }
        let number = document.normalizedNumber
        guard numberProblems(kind: document.kind, number: number, today: nil).isEmpty else { return [] }
        var messages: [String] = []

        switch document.kind {
        case .residentID, .hmtResidencePermit, .foreignPermanentResidence:
            // The 2017 PR card (15 chars) encodes neither; decode() returns nil for it.
            if let decoded = decode(number) {
                if let birthDate, birthDate != decoded.birthDate {
                    messages.append("出生日期与证件号码不符：号码中为 \(decoded.birthDate)，表单填写 \(birthDate)")
                }
                if let sex, sex != decoded.sex {
                    messages.append("性别与证件号码不符：号码中为\(decoded.sex.chinese)，表单填写\(sex.chinese)")
                }
            }
        default:
            break
        }

        if let origin, let implied = impliedOrigin(of: document), origin != implied {
            switch document.kind {
            case .hmtResidencePermit, .hkMacauPermit:
                messages.append("来源地与证件号码不符：号码中为\(implied.chinese)，表单填写\(origin.chinese)")
            default:
                messages.append("来源地与证件类型不符：\(document.kind.chineseName)对应\(implied.chinese)，表单填写\(origin.chinese)")
            }
        }

        return messages.map {
            Finding(rule: consistentRule, severity: .block, message: $0, citation: nationalCitation, field: field)
        }
    }

    /// What an 18-char GB 11643 number encodes, or nil if it is not structurally valid
    /// (length/charset/date/check char). The input is normalised first (lower-case x, full-width digits).
    /// The area code is not checked here (the PR card's `9xxxxx` and `810000` decode too).
    public static func decode(_ number: String) -> DecodedIDNumber? {
        GB11643.decode(Array(IdentityDocument.normalize(number)))
    }

    /// ISO 7064 MOD 11-2 check character for the first 17 digits; nil if the input is not exactly 17 ASCII digits.
    public static func checkCharacter(first17: String) -> Character? {
        GB11643.checkCharacter(first17: Array(first17))
    }

    /// Converts an old 15-digit ID (area + YYMMDD in the 1900s + 3-digit sequence) to 18 digits by inserting
    /// "19" and appending the check character: "610104620927690" → "610104196209276908".
    /// Nil if the input (after normalisation) is not 15 digits, the date is not real, or the area is not a province code.
    public static func upgrade15(_ number: String) -> String? {
        let chars = Array(IdentityDocument.normalize(number))
        guard chars.count == 15, chars.allSatisfy(GB11643.isASCIIDigit),
              GB11643.provinceCodes.contains(GB11643.text(chars[0..<2])) else { return nil }
        let first17 = Array(chars[0..<6]) + ["1", "9"] + Array(chars[6..<15])
        guard GB11643.birthDate(in: first17) != nil,
              let check = GB11643.checkCharacter(first17: first17) else { return nil }
        return GB11643.text(first17) + String(check)
    }

    /// Which origin a document implies: 港澳台居民居住证 by its area code (810000 香港, 820000 澳门, 830000 台湾),
    /// 港澳居民来往内地通行证 by its letter (H 香港, M 澳门), 台湾居民来往大陆通行证 台湾, foreign kinds 外国.
    /// Nil for resident-id and other (they imply none) and whenever the number is not structurally valid.
    public static func impliedOrigin(of document: IdentityDocument) -> Origin? {
        let number = document.normalizedNumber
        guard numberProblems(kind: document.kind, number: number, today: nil).isEmpty else { return nil }
        switch document.kind {
        case .hmtResidencePermit:
            switch number.prefix(6) {
            case "810000": return .hongKong
            case "820000": return .macau
            case "830000": return .taiwan
            default: return nil
            }
        case .hkMacauPermit:
            return number.first == "H" ? .hongKong : number.first == "M" ? .macau : nil
        case .taiwanPermit:
            return .taiwan
        case .foreignPermanentResidence, .foreignResidencePermit, .foreignPassport:
            return .foreign
        case .residentID, .other, .birthCertificate:
            return nil
        }
    }

    // MARK: - Number rules per kind

    /// Problems with a normalised number for a kind, in Chinese, most fundamental first.
    /// `today == nil` skips the "birth date after today" check (structural validity only).
    static func numberProblems(kind: DocumentKind, number: String, today: LocalDate?) -> [String] {
        if number.isEmpty { return ["证件号码不能为空"] }
        let chars = Array(number)
        // A zero-width space or other invisible character pasted with the number would read as a wrong length. (A
        // visible letter carrying marks is not invisible: it is quoted as what it is, below.)
        if let at = chars.firstIndex(where: { c in c.unicodeScalars.first.map { !isVisible(Character($0)) } ?? false }) {
            return ["证件号码第 \(at + 1) 位是看不见的字符 \(show(chars[at]))，请删除后重新录入"]
        }
        switch kind {
        case .residentID:
            return residentIDProblems(chars, subject: "身份证号码", today: today,
                                      hmtHint: "，请将证件类型改为港澳台居民居住证",
                                      prHint: "，请将证件类型改为外国人永久居留身份证")
        case .other:
            return residentIDProblems(chars, subject: "父母身份证号码", today: today,
                                      hmtHint: "；“其他证件类型”须填写父亲或母亲的居民身份证号码",
                                      prHint: "；“其他证件类型”须填写父亲或母亲的居民身份证号码")
        case .hmtResidencePermit:
            return hmtResidencePermitProblems(chars, today: today)
        case .hkMacauPermit:
            return hkMacauPermitProblems(chars)
        case .taiwanPermit:
            return taiwanPermitProblems(chars)
        case .foreignPermanentResidence:
            return permanentResidenceProblems(chars, today: today)
        case .foreignPassport:
            return freeFormProblems(chars, subject: "护照号码")
        case .foreignResidencePermit:
            return freeFormProblems(chars, subject: "外国人居留许可号码")
        case .birthCertificate:
            return birthCertificateProblems(chars)
        }
    }

    static func residentIDProblems(_ chars: [Character], subject: String, today: LocalDate?,
                                   hmtHint: String, prHint: String) -> [String] {
        guard chars.count == 18 else {
            var message = "\(subject)应为18位，实际为\(chars.count)位"
            if chars.count == 15, let upgraded = upgrade15(GB11643.text(chars)) {
                message += "（旧15位号码对应的18位号码应为 \(upgraded)，请以证件为准）"
            }
            return [message]
        }
        if let problem = gbCharsetProblem(chars, subject: subject) { return [problem] }
        var out: [String] = []
        let province = GB11643.text(chars[0..<2])
        if ["81", "82", "83"].contains(province) {
            out.append("\(subject)前两位为 \(province)，这是港澳台居民居住证号码，不是居民身份证号码\(hmtHint)")
        } else if chars[0] == "9" {
            out.append("\(subject)以 9 开头，这是外国人永久居留身份证号码，不是居民身份证号码\(prHint)")
        } else if !GB11643.provinceCodes.contains(province) {
            out.append("\(subject)前两位 \(province) 不是有效的省级行政区划代码")
        }
        out += gbDateAndCheckProblems(chars, subject: subject, today: today)
        return out
    }

    static func hmtResidencePermitProblems(_ chars: [Character], today: LocalDate?) -> [String] {
        let subject = "港澳台居民居住证号码"
        guard chars.count == 18 else { return ["\(subject)应为18位，实际为\(chars.count)位"] }
        if let problem = gbCharsetProblem(chars, subject: subject) { return [problem] }
        var out: [String] = []
        let area = GB11643.text(chars[0..<6])
        if !["810000", "820000", "830000"].contains(area) {
            out.append("\(subject)前6位应为 810000（香港）、820000（澳门）或 830000（台湾），实际为 \(area)")
        }
        out += gbDateAndCheckProblems(chars, subject: subject, today: today)
        return out
    }

    static func hkMacauPermitProblems(_ chars: [Character]) -> [String] {
        let subject = "港澳居民来往内地通行证号码"
        guard chars[0] == "H" || chars[0] == "M" else {
            return ["\(subject)第1位应为 H（香港）或 M（澳门），实际为 \(show(chars[0]))"]
        }
        guard chars.count == 9 || chars.count == 11 else {
            return ["\(subject)应为 H 或 M 加8位或10位数字（共9位或11位），实际为\(chars.count)位"]
        }
        if let i = chars.indices.dropFirst().first(where: { !GB11643.isASCIIDigit(chars[$0]) }) {
            return ["\(subject)第\(i + 1)位应为数字，实际为 \(show(chars[i]))"]
        }
        return []
    }

    static func taiwanPermitProblems(_ chars: [Character]) -> [String] {
        let subject = "台湾居民来往大陆通行证号码"
        guard chars.count == 8 else { return ["\(subject)应为8位数字，实际为\(chars.count)位"] }
        if let i = chars.indices.first(where: { !GB11643.isASCIIDigit(chars[$0]) }) {
            return ["\(subject)第\(i + 1)位应为数字，实际为 \(show(chars[i]))"]
        }
        return []
    }

    static func permanentResidenceProblems(_ chars: [Character], today: LocalDate?) -> [String] {
        let subject = "外国人永久居留身份证号码"
        switch chars.count {
        case 18:
            let subject2023 = subject + "（2023版）"
            guard chars[0] == "9" else { return ["\(subject2023)第1位应为 9，实际为 \(show(chars[0]))"] }
            if let problem = gbCharsetProblem(chars, subject: subject2023) { return [problem] }
            return gbDateAndCheckProblems(chars, subject: subject2023, today: today)
        case 15:
            let subject2017 = subject + "（2017版）"
            if let i = chars.indices.prefix(3).first(where: { !isASCIIUpperLetter(chars[$0]) }) {
                return ["\(subject2017)第\(i + 1)位应为字母，实际为 \(show(chars[i]))"]
            }
            if let i = chars.indices.dropFirst(3).first(where: { !GB11643.isASCIIDigit(chars[$0]) }) {
                return ["\(subject2017)第\(i + 1)位应为数字，实际为 \(show(chars[i]))"]
            }
            return []
        default:
            return ["\(subject)应为18位（2023版）或15位（2017版），实际为\(chars.count)位"]
        }
    }

    /// Passports and foreign residence permits: 5…20 letters or digits.
    /// 出生医学证明编号: one capital letter and nine digits (the format printed since 2014).
    static func birthCertificateProblems(_ chars: [Character]) -> [String] {
        guard chars.count == 10 else { return ["出生医学证明编号应为10位（1个字母加9位数字），实际为\(chars.count)位"] }
        guard let first = chars.first, first.isASCII, first.isUppercase else { return ["出生医学证明编号第1位应为字母"] }
        if let i = chars.dropFirst().firstIndex(where: { !($0.isASCII && $0.isNumber) }) {
            return ["出生医学证明编号第\(i + 1)位应为数字"]
        }
        return []
    }

    /// Lengths of a passport or a foreign residence permit number (the counter's field takes no more).
    public static let freeFormLength = 5...20

    static func freeFormProblems(_ chars: [Character], subject: String) -> [String] {
        guard freeFormLength.contains(chars.count) else {
            return ["\(subject)应为5至20位字母或数字，实际为\(chars.count)位"]
        }
        if let i = chars.indices.first(where: { !GB11643.isASCIIDigit(chars[$0]) && !isASCIIUpperLetter(chars[$0]) }) {
            return ["\(subject)只能包含字母和数字，第\(i + 1)位为 \(show(chars[i]))"]
        }
        return []
    }

    // MARK: - Shared GB 11643 checks (length already 18)

    static func gbCharsetProblem(_ chars: [Character], subject: String) -> String? {
        if let i = chars.indices.prefix(17).first(where: { !GB11643.isASCIIDigit(chars[$0]) }) {
            return "\(subject)第\(i + 1)位应为数字，实际为 \(show(chars[i]))"
        }
        if !GB11643.isASCIIDigit(chars[17]) && chars[17] != "X" {
            return "\(subject)第18位应为数字或 X，实际为 \(show(chars[17]))"
        }
        return nil
    }

    /// Birth date (positions 7–14) and check character (position 18). Charset already checked.
    static func gbDateAndCheckProblems(_ chars: [Character], subject: String, today: LocalDate?) -> [String] {
        var out: [String] = []
        let text = GB11643.text(chars[6..<14])
        if let date = LocalDate(text, compact: true), date.year >= GB11643.earliestBirthYear {
            if let today, date > today {
                out.append("出生日期晚于今天：号码中为 \(date)，今天为 \(today)")
            }
        } else {
            out.append("出生日期 \(text) 不是有效日期（\(dateExplanation(text))）")
        }
        if let expected = GB11643.checkCharacter(first17: chars[0..<17]), expected != chars[17] {
            out.append("\(subject)校验码错误：第18位应为 \(expected)，实际为 \(chars[17])（也可能是前17位有录入错误）")
        }
        return out
    }

    /// Why an 8-digit YYYYMMDD text is not a valid birth date.
    static func dateExplanation(_ text: String) -> String {
        let digits = Array(text)
        let year = Int(GB11643.text(digits[0..<4])) ?? 0
        let month = Int(GB11643.text(digits[4..<6])) ?? 0
        let day = Int(GB11643.text(digits[6..<8])) ?? 0
        if year < GB11643.earliestBirthYear { return "年份应不早于\(GB11643.earliestBirthYear)年，实际为\(GB11643.text(digits[0..<4]))" }
        return LocalDate.dayProblem(year: year, month: month, day: day)
    }

    // MARK: - Helpers

    static func isASCIIUpperLetter(_ c: Character) -> Bool {
        c.isASCII && ("A"..."Z").contains(c)
    }

    /// A character as quoted in a message: itself when printable, else its code point (U+00A0).
    /// Whether every scalar of `c` shows as itself (no control, format, space or lone mark).
    static func isVisible(_ c: Character) -> Bool {
        c.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned,
                 .spaceSeparator, .lineSeparator, .paragraphSeparator, .nonspacingMark, .enclosingMark:
                return false
            default:
                return true
            }
        }
    }

    static func show(_ c: Character) -> String {
        let printable = isVisible(c)
        // A single Character can hold thousands of combining scalars: quote at most four.
        let scalars = Array(c.unicodeScalars.prefix(5))
        let more = scalars.count > 4 ? "…" : ""
        if printable { return String(String.UnicodeScalarView(scalars.prefix(4))) + more }
        return scalars.prefix(4).map { scalar in
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }.joined(separator: " ") + more
    }
}
