@testable import CanbaoApp
import Testing

/// The terminal counts the characters of a paste it drops past its limit as the desk counts characters (a letter
/// with its combining accent is one), however long the paste, without keeping it.
@Suite struct CharacterTallyTests {
    static func tally(_ text: String) -> Int {
        var t = CharacterTally()
        for scalar in text.unicodeScalars { t.add(scalar) }
        return t.total
    }

    @Test func countsCharactersNotScalarsAcrossItsBatches() {
        #expect(Self.tally("") == 0)
        #expect(Self.tally(String(repeating: "a", count: 5_000)) == 5_000)
        #expect(Self.tally(String(repeating: "参保", count: 1_500)) == 3_000)
        // Two scalars each; the batches (1,024 scalars) end inside characters.
        let accented = String(repeating: "e\u{301}", count: 2_999)
        #expect(accented.unicodeScalars.count == 5_998)
        #expect(Self.tally(accented) == accented.count)
        let flags = String(repeating: "🇨🇳", count: 1_001) + "x"
        #expect(Self.tally(flags) == 1_002)
        let family = String(repeating: "👨‍👩‍👧", count: 700)
        #expect(Self.tally(family) == 700)
    }
}
