import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// A case file's names and text are held to the rule `store import` and `operator add` use (`SafeText`): no control
/// character, bidi control or line separator, however written, and not only invisible characters.
@Suite struct CaseTextTests {
    static let head = "workflow: newborn\nregion: dalate\ntoday: 2026-01-15\nhere: \"150621\"\n"

    static func error(_ text: String, file: String = "c.yaml") -> String {
        do {
            _ = try CaseParser.parse(text, file: file, forms: TestForms.shared)
            return "parsed"
        } catch {
            return "\(error)"
        }
    }

    static func person(_ name: String) -> String {
        head + "person: {name: \(name), document: {kind: resident-id, number: \"15062120251201002X\"}}\n"
    }

    @Test(arguments: [("\"王\\u0085禾\"", "U+0085"), ("\"王\\N禾\"", "U+0085"), ("\"王\\x9b2J禾\"", "U+009B"),
                      ("\"张\\u2066三\"", "U+2066"), ("\"张\\u202E三\"", "U+202E"), ("\"王\\u2028禾\"", "U+2028")])
    func escapedControlsInANameAreNamedWithTheField(_ name: String, _ code: String) {
        #expect(Self.error(Self.person(name)) == "c.yaml:5: person.name: 含有不允许的控制字符 \(code)")
    }

    /// YAML reads a raw NEL, LS or PS as a line break and would fold it into a space: refused on its line instead.
    @Test(arguments: ["\u{85}", "\u{2028}", "\u{2029}"])
    func aRawLineSeparatorIsRefusedNotFolded(_ scalar: String) {
        let code = SafeText.codePoint(scalar.unicodeScalars.first!)
        #expect(Self.error(Self.person("王\(scalar)禾")) == "c.yaml:5: 含有不允许的控制字符 \(code)")
        #expect(Self.error(Self.person("\"王\(scalar)禾\"")) == "c.yaml:5: 含有不允许的控制字符 \(code)")
        #expect(Self.error("# 注释\(scalar)\n" + Self.person("王禾")) == "c.yaml:1: 含有不允许的控制字符 \(code)")
    }

    @Test func aNameOfOnlyInvisibleCharactersIsRefused() {
        #expect(Self.error(Self.person("\"\\u200b\"")) == "c.yaml:5: person.name: 只有空白或不可见字符（U+200B），没有可见的文字")
        #expect(Self.error(Self.person("\"\u{2060}\u{FEFF}\"")) == "c.yaml:5: person.name: 只有空白或不可见字符（U+2060），没有可见的文字")
        #expect(Self.error(Self.person("\"\u{3000}\"")) == "c.yaml:5: person.name: 只有空白或不可见字符（U+3000），没有可见的文字")
        #expect(Self.error(Self.head + "guardian: {name: \"\\u200b\"}\n") == "c.yaml:5: guardian.name: 只有空白或不可见字符（U+200B），没有可见的文字")
        // Letters with a zero-width joiner or a Mongolian variation selector are names.
        #expect(Self.error(Self.person("\"ᠪᠠᠲᠤ\u{180B}\"")) == "parsed")
        #expect(Self.error(Self.person("王禾")) == "parsed")
    }

    @Test func jsonNamesAreHeldToTheSameRule() {
        let json = #"{"workflow": "newborn", "region": "dalate", "today": "2026-01-15", "person": {"name": "\u200b"}}"#
        #expect(Self.error(json, file: "c.json") == "c.json:1: person.name: 只有空白或不可见字符（U+200B），没有可见的文字")
        let c1 = #"{"workflow": "newborn", "region": "dalate", "today": "2026-01-15", "person": {"name": "王\u0085禾"}}"#
        #expect(Self.error(c1, file: "c.json") == "c.json:1: person.name: 含有不允许的控制字符 U+0085")
    }

    @Test func textFactsAreHeldToTheSameRule() {
        let change = "workflow: change\nregion: dalate\ntoday: 2026-01-15\nfacts: {change_kind: name, new_name: \"\\u200b\"}\n"
        #expect(Self.error(change).hasPrefix("c.yaml:4: facts.new_name: 变更后的姓名：只有空白或不可见字符（U+200B）"))
        let bidi = change.replacingOccurrences(of: "\\u200b", with: "张\\u2066三")
        #expect(Self.error(bidi) == "c.yaml:4: facts.new_name: 变更后的姓名：含有不允许的控制字符 U+2066")
    }

    @Test func blankProblemLeavesEmptyAndVisibleTextAlone() {
        #expect(SafeText.blankProblem(in: "") == nil)
        #expect(SafeText.blankProblem(in: " 王 ") == nil)
        #expect(SafeText.blankProblem(in: "\u{200B}") == "只有空白或不可见字符（U+200B），没有可见的文字")
        #expect(SafeText.blankProblem(in: "  ") == "只有空白或不可见字符（U+0020），没有可见的文字")
    }

    /// Found by an outside tester: the bidi marks and annotation controls passed every door, and names of a blank
    /// Braille pattern or of marks alone passed for names.
    @Test func bidiMarksAnnotationsAndBaselessMarksAreRefused() {
        for (scalar, code) in [("\u{200E}", "U+200E"), ("\u{200F}", "U+200F"), ("\u{061C}", "U+061C"),
                               ("\u{FFF9}", "U+FFF9"), ("\u{FFFB}", "U+FFFB")] {
            #expect(SafeText.problem(in: "王\(scalar)禾") == "含有不允许的控制字符 \(code)")
            #expect(SafeText.escaped("王\(scalar)禾") == "王\\u{\(code.dropFirst(2).drop(while: { $0 == "0" }))}禾")
        }
        #expect(SafeText.blankProblem(in: "\u{2800}\u{2800}") == "只有空白或不可见字符（U+2800），没有可见的文字")
        #expect(SafeText.blankProblem(in: "\u{0301}\u{0301}") == "只有附加符号（U+0301），没有可见的文字")
        #expect(SafeText.blankProblem(in: " \u{20DD}") == "只有附加符号（U+20DD），没有可见的文字")
        // Marks on letters, a Mongolian letter with its variation selector, an Uyghur name: names.
        for name in ["José", "ᠪᠠᠲᠤ\u{180B}", "ئەخمەت", "བཀྲ་ཤིས"] {
            #expect(SafeText.problem(in: name) == nil && SafeText.blankProblem(in: name) == nil, "\(name)")
        }
    }
}
