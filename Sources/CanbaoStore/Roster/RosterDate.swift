import CanbaoRules

/// The one date parser of the roster code, on bytes (no String per row): what a spreadsheet writes for a date —
/// 2008-01-01, 2008/1/1, 2008.1.1, 20080101, 2008年1月1日 — and so also the `YYYY-MM-DD` the store keeps.
enum RosterDate {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> LocalDate? {
        // Up to three numbers and their digit counts, without an array per row.
        var values = (0, 0, 0), lengths = (0, 0, 0), part = 0
        var i = 0
        let n = bytes.count
        // 年 E5 B9 B4, 月 E6 9C 88, 日 E6 97 A5.
        var chinese = false
        while i < n {
            let b = bytes[i]
            if b >= 48, b <= 57 {
                let d = Int(b - 48)
                switch part {
                case 0: values.0 = values.0 * 10 + d; lengths.0 += 1
                case 1: values.1 = values.1 * 10 + d; lengths.1 += 1
                default: values.2 = values.2 * 10 + d; lengths.2 += 1
                }
                guard lengths.0 <= 8, lengths.1 <= 2, lengths.2 <= 2 else { return nil }
                i += 1
                continue
            }
            let length = part == 0 ? lengths.0 : part == 1 ? lengths.1 : lengths.2
            guard length > 0 else { return nil }
            if (b == UInt8(ascii: "-") || b == UInt8(ascii: "/") || b == UInt8(ascii: ".")), part < 2, !chinese {
                part += 1
                i += 1
            } else if i + 2 < n, matches(bytes, i, part == 0 ? (0xE5, 0xB9, 0xB4) : (0xE6, 0x9C, 0x88)), part < 2,
                      part == 0 || chinese {
                chinese = true
                part += 1
                i += 3
            } else if chinese, part == 2, i + 3 == n, matches(bytes, i, (0xE6, 0x97, 0xA5)) {
                i += 3
            } else {
                return nil
            }
        }
        if part == 0, lengths.0 == 8 {
            return LocalDate(year: values.0 / 10_000, month: values.0 / 100 % 100, day: values.0 % 100)
        }
        guard part == 2, lengths.0 == 4, (1...2).contains(lengths.1), (1...2).contains(lengths.2) else { return nil }
        return LocalDate(year: values.0, month: values.1, day: values.2)
    }

    static func parse(_ text: String) -> LocalDate? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ c: (UInt8, UInt8, UInt8)) -> Bool {
        bytes[i] == c.0 && bytes[i + 1] == c.1 && bytes[i + 2] == c.2
    }
}
