import CanbaoRules
import Testing

/// `LocalDate(_:compact:)` reads the UTF-8 bytes: it accepts and refuses exactly what the reading by Characters it
/// replaced did, on random texts made of digits, hyphens and the look-alikes a paste brings (full-width and
/// Arabic-Indic digits, combining marks, a CR LF, dashes that are not hyphens).
@Suite struct LocalDateParsingTests {
    /// The reading by Characters, as it was.
    static func byCharacters(_ text: String, compact: Bool) -> LocalDate? {
        let chars = Array(text)
        let digits: [Character]
        if chars.count == 10, chars[4] == "-", chars[7] == "-" {
            digits = Array(chars[0..<4] + chars[5..<7] + chars[8..<10])
        } else if compact, chars.count == 8 {
            digits = chars
        } else {
            return nil
        }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let y = Int(String(digits[0..<4])), let m = Int(String(digits[4..<6])), let d = Int(String(digits[6..<8]))
        else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    static let pieces: [String] = ["0", "1", "2", "3", "9", "-", "-", "2026", "02", "29", "12", "31", "０", "٣", "\u{301}",
                                   "\r\n", "\n", "—", "－", " ", "x", "e", "+", "1\u{301}", "２０２６"]

    @Test func theBytesAreReadAsTheCharactersWere() {
        var seed: UInt64 = 2_026_120_5
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        var texts = ["2026-12-05", "20261205", "2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31", "2026-1-01",
                     "2026-12-5\u{301}", "２０２６-12-05", "2026-12-05\n", "+026-12-05", "-026-12-05", ""]
        for _ in 0..<20_000 {
            // Mostly dates with one piece changed, so the texts reach every check.
            var date = Array(padded(1 + next(9999), 4) + "-" + padded(1 + next(12), 2) + "-" + padded(1 + next(31), 2))
            let dashed = next(2) == 0
            if !dashed { date.removeAll { $0 == "-" } }
            if next(3) > 0 {
                let piece = Array(Self.pieces[next(Self.pieces.count)])
                let at = next(date.count + 1)
                if next(2) == 0, at < date.count { date.replaceSubrange(at...at, with: piece) } else { date.insert(contentsOf: piece, at: at) }
            }
            texts.append(String(date))
        }
        var differences: [String] = []
        for text in texts {
            for compact in [false, true] where LocalDate(text, compact: compact) != Self.byCharacters(text, compact: compact) {
                differences.append("\(text.debugDescription) compact: \(compact)")
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(5))")
        #expect(LocalDate("2026-12-05") != nil && LocalDate("20261205", compact: true) != nil && LocalDate("20261205") == nil)
    }
}

/// `n` with zeros in front up to `width` digits.
private func padded(_ n: Int, _ width: Int) -> String {
    let text = "\(n)"
    return String(repeating: "0", count: max(0, width - text.count)) + text
}
