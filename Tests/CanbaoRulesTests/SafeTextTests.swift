import CanbaoRules
import Testing

@Suite struct SafeTextTests {
    @Test func namesWithJoiningMarksAreAccepted() {
        // Mongolian letters with a free variation selector, a combining accent, ZWJ, an emoji modifier.
        for name in ["\u{182E}\u{1823}\u{180B}\u{1829}\u{182D}\u{1823}\u{182F}", "Jose\u{301}", "王\u{200D}", "👍🏽", "金\u{E0100}"] {
            #expect(SafeText.problem(in: name) == nil, "\(name.unicodeScalars.map { SafeText.codePoint($0) })")
        }
    }

    @Test func controlsAndBidiOverridesAreRefusedByCodePoint() {
        #expect(SafeText.problem(in: "王\u{1B}]0;x\u{07}") == "含有不允许的控制字符 U+001B")
        #expect(SafeText.problem(in: "王\u{8}\u{8}管理员") == "含有不允许的控制字符 U+0008")
        #expect(SafeText.problem(in: "abc\u{202E}fed") == "含有不允许的控制字符 U+202E")
        #expect(SafeText.problem(in: "a\u{2066}b") == "含有不允许的控制字符 U+2066")
        #expect(SafeText.problem(in: "a\nb") == "含有不允许的控制字符 U+000A")
        #expect(SafeText.problem(in: "a\u{85}b") == "含有不允许的控制字符 U+0085")
    }

    @Test func lengthIsCountedInCharacters() {
        #expect(SafeText.problem(in: String(repeating: "👍🏽", count: 100)) == nil)
        #expect(SafeText.problem(in: String(repeating: "王", count: 101)) == "内容过长（上限 100 个字符）")
        #expect(SafeText.problem(in: String(repeating: "a", count: 5_000_000)) == "内容过长（上限 100 个字符）")
    }

    @Test func escapingShowsControlsAsCodePoints() {
        #expect(SafeText.escaped("王\u{1B}[2J") == "王\\u{1B}[2J")
        #expect(SafeText.escaped("a\u{202E}b") == "a\\u{202E}b")
        #expect(SafeText.escaped("张三") == "张三")
    }
}
