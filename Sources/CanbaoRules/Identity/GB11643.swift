/// What an 18-character GB 11643-1999 citizen identity number encodes.
/// The same structure is used by the 港澳台居民居住证 (area 810000/820000/830000) and by the 2023
/// 外国人永久居留身份证 (leading 9; positions 7–14 are the birth date there too).
public struct DecodedIDNumber: Hashable, Sendable {
    /// Positions 1–6. Not checked against today's GB/T 2260 list: retired codes stay valid in old numbers.
    public let areaCode: String
    /// Positions 7–14.
    public let birthDate: LocalDate
    /// Positions 15–17, 0…999.
    public let sequence: Int
    /// Odd sequence = male, even = female.
    public let sex: Sex

    public init(areaCode: String, birthDate: LocalDate, sequence: Int, sex: Sex) {
        self.areaCode = areaCode
        self.birthDate = birthDate
        self.sequence = sequence
        self.sex = sex
    }
}

/// Low-level GB 11643 arithmetic shared by the validators. Internal: the public face is `IdentityValidation`.
enum GB11643 {
    /// ISO 7064 MOD 11-2 weights for positions 1–17.
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    /// Check character for remainder 0…10.
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// Earliest birth year accepted: a lower year is a typo (0949 for 1949), never a real person.
    static let earliestBirthYear = 1800

    /// First-two-digit codes of the mainland provinces (GB/T 2260), plus 71 (Taiwan Province) which the
    /// standard lists. 81/82/83 are the HMT residence-permit codes, a leading 9 is the 2023 PR card.
    static let provinceCodes: Set<String> = {
        var codes: [Int] = []
        codes += Array(11...15) + Array(21...23) + Array(31...37) + Array(41...46)
        codes += Array(50...54) + Array(61...65) + [71]
        return Set(codes.map(String.init))
    }()

    /// Characters as a String, appended one by one. `String(_:)` of a Character sequence is not specialized in the
    /// standard library: its first use has the runtime search every conformance for the sequence's type (issue #17).
    static func text(_ chars: ArraySlice<Character>) -> String {
        var text = ""
        for c in chars { text.append(c) }
        return text
    }

    static func text(_ chars: [Character]) -> String { text(chars[...]) }

    static func isASCIIDigit(_ c: Character) -> Bool {
        c.isASCII && ("0"..."9").contains(c)
    }

    static func digitValue(_ c: Character) -> Int? {
        guard isASCIIDigit(c), let v = c.asciiValue else { return nil }
        return Int(v) - 48
    }

    static func checkCharacter(first17 chars: some Collection<Character>) -> Character? {
        guard chars.count == 17 else { return nil }
        var sum = 0
        // Not `zip`: its generic types are built at their first use, after a scan of every conformance (issue #17).
        var k = 0
        for c in chars {
            guard let d = digitValue(c) else { return nil }
            sum += d * weights[k]
            k += 1
        }
        return checkCharacters[sum % 11]
    }

    /// The birth date at positions 7–14 of an 18-digit number (0-based 6..<14), if it is a real date
    /// not before `earliestBirthYear`.
    static func birthDate(in chars: [Character]) -> LocalDate? {
        guard chars.count >= 14 else { return nil }
        let digits = text(chars[6..<14])
        guard let date = LocalDate(digits, compact: true), date.year >= earliestBirthYear else { return nil }
        return date
    }

    /// Structural decode of an already normalised 18-character number; nil unless length, charset,
    /// birth date and check character are all correct.
    static func decode(_ chars: [Character]) -> DecodedIDNumber? {
        guard chars.count == 18,
              chars[0..<17].allSatisfy(isASCIIDigit),
              isASCIIDigit(chars[17]) || chars[17] == "X",
              let birth = birthDate(in: chars),
              let check = checkCharacter(first17: chars[0..<17]), check == chars[17],
              let sequence = Int(text(chars[14..<17]))
        else { return nil }
        return DecodedIDNumber(areaCode: text(chars[0..<6]), birthDate: birth, sequence: sequence,
                               sex: sequence % 2 == 1 ? .male : .female)
    }
}
