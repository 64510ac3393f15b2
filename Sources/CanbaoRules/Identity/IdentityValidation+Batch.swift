extension IdentityValidation {
    /// For batch validation (a school's roster of 100,000 rows): the decode of an 18-character `resident-id` or
    /// `hmt-residence-permit` number given as UTF-8 bytes, when — and only when — `validate` would find nothing
    /// wrong with it as of `today`. Works on the bytes without allocating. Nil means “ask `validate`” (for its
    /// message), not necessarily “invalid”: lower-case x, spaces and other kinds always take that path.
    public static func decodeIfValid(kind: DocumentKind, utf8 number: UnsafeBufferPointer<UInt8>,
                                     today: LocalDate) -> DecodedIDNumber? {
        guard number.count == 18, kind == .residentID || kind == .hmtResidencePermit else { return nil }
        var sum = 0
        for i in 0..<17 {
            let b = number[i]
            guard b >= 48, b <= 57 else { return nil }
            sum += Int(b - 48) * GB11643.weights[i]
        }
        let last = number[17]
        guard (last >= 48 && last <= 57) || last == UInt8(ascii: "X") else { return nil }
        guard let expected = GB11643.checkCharacters[sum % 11].asciiValue, expected == last else { return nil }
        func value(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(number[$1] - 48) } }
        switch kind {
        case .residentID:
            guard provinces[value(0..<2)] else { return nil }
        default:
            let area = value(0..<6)
            guard area == 810_000 || area == 820_000 || area == 830_000 else { return nil }
        }
        guard let birth = LocalDate(year: value(6..<10), month: value(10..<12), day: value(12..<14)),
              birth.year >= GB11643.earliestBirthYear, birth <= today else { return nil }
        let sequence = value(14..<17)
        return DecodedIDNumber(areaCode: String(decoding: UnsafeBufferPointer(rebasing: number[0..<6]), as: UTF8.self),
                               birthDate: birth, sequence: sequence, sex: sequence % 2 == 1 ? .male : .female)
    }

    /// `GB11643.provinceCodes` as a table by number.
    private static let provinces: [Bool] = (0..<100).map { GB11643.provinceCodes.contains($0 < 10 ? "0\($0)" : "\($0)") }
}
