import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// `canbao deck verify DECK…` and the decks in `canbao forms lint`, through the real binary.
@Suite struct DeckVerifyTests {
    static var decksDirectory: URL { TestForms.directory.appendingPathComponent("decks") }

    static func deckPaths() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: decksDirectory.path).filter { $0.hasSuffix(".yaml") }.sorted()
            .map { decksDirectory.appendingPathComponent($0).path }
    }

    /// The decks as the rules core reads them, to know what the binary must report.
    static func parse(_ path: String) throws -> Deck {
        try DeckParser.parse(String(contentsOfFile: path, encoding: .utf8), file: path, forms: TestForms.shared)
    }

    /// A copy of newborn-edges.yaml whose day-91 scenario expects a refusal instead of a supervisor's decision.
    static func deckWithOneWrongExpectation() throws -> String {
        let dir = try CanbaoBinary.temporaryDirectory("deck")
        let path = dir.appendingPathComponent("newborn-edges-wrong.yaml").path
        let text = try String(contentsOf: decksDirectory.appendingPathComponent("newborn-edges.yaml"), encoding: .utf8)
        let marker = "  - id: im-day-91-needs-approval\n"
        let start = try #require(text.range(of: marker))
        let decision = try #require(text.range(of: "      decision: needs-approval\n", range: start.upperBound..<text.endIndex))
        try text.replacingCharacters(in: decision, with: "      decision: refuse\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func everyRepositoryDeckPasses() throws {
        let paths = try Self.deckPaths()
        let decks = try paths.map(Self.parse)
        let total = decks.map(\.scenarios.count).reduce(0, +)
        #expect(decks.count >= 5)
        #expect(total >= 60)
        let r = try CanbaoBinary.run(["deck", "verify"] + paths)
        #expect(r.status == 0)
        #expect(r.stderr == "")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.last == "合计：\(decks.count) 个题组、\(total) 个情景，全部与规则结论一致")
        #expect(lines.filter { $0.hasPrefix("  ✓ ") }.count == total)
        #expect(!r.stdout.contains("✗"))
        for deck in decks {
            #expect(lines.contains("\(deck.file)  \(deck.title)（\(deck.level.chinese)，\(deck.scenarios.count) 个情景）"))
            for s in deck.scenarios {
                #expect(lines.contains("  ✓ \(s.id)  \(s.title)"), "\(deck.file): \(s.id)")
            }
        }
    }

    @Test func withoutArgumentsItVerifiesTheDecksOfTheFormsInUse() throws {
        let total = try Self.deckPaths().map(Self.parse).map(\.scenarios.count).reduce(0, +)
        let r = try CanbaoBinary.run(["deck", "verify", "--forms", TestForms.directory.path])
        #expect(r.status == 0)
        #expect(r.stdout.hasSuffix("、\(total) 个情景，全部与规则结论一致\n"))
    }

    @Test func aWrongExpectationExitsOneAndShowsExpectedAndActual() throws {
        let path = try Self.deckWithOneWrongExpectation()
        let deck = try Self.parse(path)
        let wrong = try #require(deck.scenario("im-day-91-needs-approval"))
        let line = try #require(wrong.line)
        let r = try CanbaoBinary.run(["deck", "verify", path])
        #expect(r.status == 1)
        #expect(r.stderr == "")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let at = try #require(lines.firstIndex(of: "  ✗ im-day-91-needs-approval  出生第91天来办（\(path):\(line)）"))
        #expect(Array(lines[(at + 1)...(at + 2)]) == [
            "      结论：应为 不予办理（refuse），实际为 需审核（needs-approval）",
            "      情景：同样是1月1日出生的孩子，奶奶4月2日带着妈妈的身份证、出生医学证明和户口簿来办，说“昨天排队没排上”。",
        ])
        #expect(lines.filter { $0.hasPrefix("  ✗ ") }.count == 1)
        #expect(lines.filter { $0.hasPrefix("  ✓ ") }.count == deck.scenarios.count - 1)
        #expect(lines.last == "合计：1 个题组、\(deck.scenarios.count) 个情景，\(deck.scenarios.count - 1) 个一致，1 个不符")
    }

    @Test func anInvalidDeckExitsTwoWithOneLine() throws {
        let dir = try CanbaoBinary.temporaryDirectory("deck")
        let path = dir.appendingPathComponent("broken.yaml").path
        try """
            id: broken
            title: 坏题组
            level: 入门
            tags: [测试]
            scenarios:
              - id: one
                title: 一
                story: 故事
                case:
                  workflow: newborn
                  region: inner-mongolia
                  today: 2026-04-01
                  colour: red
                expected: {decision: accept, explanation: 说明, citations: [国家规程 第七条]}
              - id: two
                title: 二
                story: 故事
                case: {workflow: newborn, region: mars, today: 2026-04-01}
                expected: {decision: accept, explanation: 说明, citations: [国家规程 第七条]}

            """.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CanbaoBinary.run(["deck", "verify", path])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr.hasPrefix("\(path):13: scenarios[0].case.colour: 未知的键（可用："))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.hasSuffix("\n"))

        let missing = try CanbaoBinary.run(["deck", "verify", dir.appendingPathComponent("none.yaml").path])
        #expect(missing.status == 2)
        #expect(missing.stderr == "\(dir.appendingPathComponent("none.yaml").path): 文件不存在\n")
    }

    @Test func formsLintVerifiesTheDecks() throws {
        let total = try Self.deckPaths().map(Self.parse).map(\.scenarios.count).reduce(0, +)
        let count = try Self.deckPaths().count
        let ok = try CanbaoBinary.run(["forms", "lint", TestForms.directory.path])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("、\(count) 个题组共 \(total) 个情景（"))

        // A copy of Forms/ with the wrong deck in place of the right one.
        let dir = try CanbaoBinary.temporaryDirectory("forms")
        let forms = dir.appendingPathComponent("Forms")
        try FileManager.default.copyItem(at: TestForms.directory.resolvingSymlinksInPath(), to: forms)
        let target = forms.appendingPathComponent("decks/newborn-edges.yaml")
        try FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(atPath: try Self.deckWithOneWrongExpectation(), toPath: target.path)
        try "id: extra\ntitle: 多余\nlevel: 9\ntags: [x]\nscenarios: []\n"
            .write(to: forms.appendingPathComponent("decks/zz-extra.yaml"), atomically: true, encoding: .utf8)
        let line = try #require(Self.parse(target.path).scenario("im-day-91-needs-approval")?.line)
        let r = try CanbaoBinary.run(["forms", "lint", forms.path])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("decks/newborn-edges.yaml:\(line): scenarios[1]: 情景“im-day-91-needs-approval”与规则结论不符：结论：应为 不予办理（refuse），实际为 需审核（needs-approval）"))
        #expect(lines.contains("decks/zz-extra.yaml:3: level: “9”不是可用的级别（可用：入门、进阶、熟练 或 1、2、3）"))
        #expect(!r.stdout.contains("Forms 校验通过"))
    }

    /// A title with an escape sequence, a right-to-left override and a line break is printed with them as code
    /// points: the terminal neither obeys them nor starts a line the title did not.
    @Test func titlesFromTheDeckAreEscapedOnOutput() throws {
        let dir = try CanbaoBinary.temporaryDirectory("deck-title")
        let path = dir.appendingPathComponent("hostile.yaml").path
        var text = try String(contentsOf: Self.decksDirectory.appendingPathComponent("newborn-edges.yaml"), encoding: .utf8)
        let title = try #require(text.range(of: #"\ntitle: [^\n]*\n"#, options: .regularExpression))
        text.replaceSubrange(title, with: "\ntitle: \"坏\\e[2J题\\u202E组\\n标题\"\n")
        let scenario = try #require(text.range(of: #"\n    title: [^\n]*\n"#, options: .regularExpression))
        text.replaceSubrange(scenario, with: "\n    title: \"情\\e]0;x\\a景\"\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CanbaoBinary.run(["deck", "verify", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("\u{1B}") && !r.stdout.contains("\u{202E}") && !r.stdout.contains("\u{07}"))
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let deck = try Self.parse(path)
        #expect(lines.first == "\(path)  坏\\u{1B}[2J题\\u{202E}组\\u{A}标题（\(deck.level.chinese)，\(deck.scenarios.count) 个情景）",
                "\(r.stdout)")
        #expect(lines.contains { $0.hasSuffix("  情\\u{1B}]0;x\\u{7}景") })
    }
}
