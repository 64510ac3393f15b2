import CanbaoRules

/// Builds valid identity numbers for tests, using the production check-character functions.
public enum IDNumbers {
    /// An 18-character resident ID (GB 11643): 6-digit area, birth date, 3-digit sequence (odd = male), check char.
    public static func residentID(area: String, birth: LocalDate, sequence: Int) -> String {
        precondition(area.count == 6 && area.allSatisfy { $0.isASCII && $0.isNumber }, "area must be 6 digits")
        return withCheck(area + compact(birth) + threeDigits(sequence))
    }

    /// Convenience: a resident ID of the given sex (sequence 001 for male, 002 for female by default).
    public static func residentID(birth: LocalDate, sex: Sex, area: String = "110105", serial: Int = 0) -> String {
        residentID(area: area, birth: birth, sequence: sequence(for: sex, serial: serial))
    }

    /// A 港澳台居民居住证 number: area 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan).
    public static func hmtResidencePermit(origin: Origin, birth: LocalDate, sequence: Int) -> String {
        let area: String
        switch origin {
        case .hongKong: area = "810000"
        case .macau: area = "820000"
        case .taiwan: area = "830000"
        case .foreign: preconditionFailure("foreigners have no HMT residence permit")
        }
        return withCheck(area + compact(birth) + threeDigits(sequence))
    }

    /// A 2023 外国人永久居留身份证 number: 9 + 2-digit province + 3-digit nationality (ISO 3166 numeric)
    /// + birth date + 3-digit sequence + check char.
    public static func permanentResidence2023(province: String = "32", nationality: String = "682",
                                              birth: LocalDate, sequence: Int) -> String {
        precondition(province.count == 2 && nationality.count == 3)
        return withCheck("9" + province + nationality + compact(birth) + threeDigits(sequence))
    }

    /// A 港澳居民来往内地通行证 number: H (Hong Kong) or M (Macau) + 8 digits (10 when `long`).
    public static func hkMacauPermit(origin: Origin, serial: Int = 12_345_678, long: Bool = false) -> String {
        let letter: String
        switch origin {
        case .hongKong: letter = "H"
        case .macau: letter = "M"
        default: preconditionFailure("only Hong Kong and Macau residents hold this permit")
        }
        return letter + padded(serial, to: long ? 10 : 8)
    }

    /// A 台湾居民来往大陆通行证 number: 8 digits.
    public static func taiwanPermit(serial: Int = 12_345_678) -> String {
        padded(serial, to: 8)
    }

    /// A unified social credit code with the right GB 32100 check character.
    public static func uscc(first17: String) -> String {
        guard let check = IdentityValidation.usccCheckCharacter(first17: first17) else {
            preconditionFailure("not 17 code characters: \(first17)")
        }
        return first17 + String(check)
    }

    /// A sequence number of the given parity: male odd, female even.
    public static func sequence(for sex: Sex, serial: Int = 0) -> Int {
        serial * 2 + (sex == .male ? 1 : 2)
    }

    // MARK: - Helpers

    static func withCheck(_ first17: String) -> String {
        guard let check = IdentityValidation.checkCharacter(first17: first17) else {
            preconditionFailure("not 17 digits: \(first17)")
        }
        return first17 + String(check)
    }

    static func compact(_ date: LocalDate) -> String {
        date.description.filter { $0 != "-" }
    }

    static func threeDigits(_ sequence: Int) -> String {
        precondition((0...999).contains(sequence), "sequence must be 0…999")
        return padded(sequence, to: 3)
    }

    static func padded(_ value: Int, to width: Int) -> String {
        let text = String(value)
        precondition(value >= 0 && text.count <= width)
        return String(repeating: "0", count: width - text.count) + text
    }
}
