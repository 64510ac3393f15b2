@testable import CanbaoRules
import Foundation
import Testing

/// `trimmed` removes what Foundation's `trimmingCharacters(in:)` removes, which it replaced on the start's path.
@Suite("去除首尾空白与 Foundation 的 trimmingCharacters 一致")
struct TrimmingTests {
    @Test("每个 Unicode 标量是否算空白，与 CharacterSet 一致")
    func everyScalarIsClassifiedAsFoundationDoes() {
        var differing: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if TrimmedSpace.whitespaces.contains(scalar) != CharacterSet.whitespaces.contains(scalar) {
                differing.append("whitespaces U+\(String(value, radix: 16))")
            }
            if TrimmedSpace.whitespacesAndNewlines.contains(scalar) != CharacterSet.whitespacesAndNewlines.contains(scalar) {
                differing.append("whitespacesAndNewlines U+\(String(value, radix: 16))")
            }
        }
        #expect(differing == [])
    }

    /// Random texts of spaces, line ends, combining marks (a space followed by one is cut between them), CJK, emoji
    /// with modifiers and ASCII, as a String and as a Substring of a longer one.
    @Test("随机文本：结果与 trimmingCharacters(in:) 逐标量相同")
    func randomTextsAreTrimmedAsFoundationTrims() {
        let pool: [Unicode.Scalar] = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}",
                                      "\u{200A}", "\u{200B}", "\u{200C}", "\u{2028}", "\u{202F}", "\u{205F}", "\u{3000}",
                                      "\u{FEFF}", "\u{301}", "\u{180B}", "\u{1F44D}", "\u{1F3FD}", "a", "1", "王", "蒙",
                                      "\u{182E}", "\u{1B}", "\u{0}"]
        // The rules core's own seeded generator: a failure can be run again.
        var rng = SplitMix64(seed: 17)
        for _ in 0..<20_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<rng.below(9) { text.append(rng.pick(pool)) }
            let string = String(text)
            for space in [TrimmedSpace.whitespaces, .whitespacesAndNewlines] {
                let set: CharacterSet = space == .whitespaces ? .whitespaces : .whitespacesAndNewlines
                let expected = string.trimmingCharacters(in: set)
                #expect(Array(string.trimmed(space).unicodeScalars) == Array(expected.unicodeScalars), "\(Array(string.unicodeScalars))")
                // Sliced by scalars: a leading combining mark would join the "x" into one character.
                let framed = ("x" + string + "y").unicodeScalars
                let inner = Substring(framed[framed.index(after: framed.startIndex)..<framed.index(before: framed.endIndex)])
                #expect(Array(inner.trimmed(space).unicodeScalars) == Array(expected.unicodeScalars), "\(Array(string.unicodeScalars))")
            }
        }
    }
}
