import CanbaoTestSupport
import Foundation
import Testing

/// `canbao check` refuses the names `store import` and `operator add` refuse: control characters however written,
/// bidi controls, and names of nothing visible; each with exit status 2, the line and the character.
@Suite struct CheckNameTests {
    static func check(name: String) throws -> CanbaoBinary.Result {
        let dir = try CanbaoBinary.temporaryDirectory("check-name")
        let example = try String(contentsOf: TestForms.directory.appendingPathComponent("examples/newborn.yaml"), encoding: .utf8)
        let file = dir.appendingPathComponent("case.yaml")
        try example.replacingOccurrences(of: "name: 王小禾", with: "name: \(name)").write(to: file, atomically: true, encoding: .utf8)
        return try CanbaoBinary.run(["check", file.path], environment: ["CANBAO_FORMS": TestForms.directory.path])
    }

    @Test(arguments: [("王\u{85}禾", ":9: 含有不允许的控制字符 U+0085"),
                      ("\"王\\x9b2J禾\"", ":9: person.name: 含有不允许的控制字符 U+009B"),
                      ("\"张\u{2066}三\"", ":9: person.name: 含有不允许的控制字符 U+2066"),
                      ("\"\\u200b\"", ":9: person.name: 只有空白或不可见字符（U+200B），没有可见的文字")])
    func aNameOtherCommandsRefuseIsRefused(_ name: String, _ message: String) throws {
        let r = try Self.check(name: name)
        #expect(r.status == 2)
        #expect(r.stderr.hasSuffix(message + "\n"), "\(r.stderr)")
        #expect(r.stdout == "")
    }

    @Test func theExampleNameStillPasses() throws {
        #expect(try Self.check(name: "王小禾").status == 0)
    }
}
