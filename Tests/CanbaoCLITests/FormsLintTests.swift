import CanbaoTestSupport
import Foundation
import Testing

/// `canbao forms lint [DIR]` and `canbao --version` through the real binary.
@Suite struct FormsLintTests {
    /// A copy of the repository's Forms/ to break on purpose.
    static func copyOfForms() throws -> URL {
        let dir = try CanbaoBinary.temporaryDirectory("forms")
        let target = dir.appendingPathComponent("Forms")
        try FileManager.default.copyItem(at: TestForms.directory.resolvingSymlinksInPath(), to: target)
        return target
    }

    @Test func theRepositoryFormsPass() throws {
        let r = try CanbaoBinary.run(["forms", "lint", TestForms.directory.path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Forms 校验通过：22 个业务、5 个政策档案"))
        #expect(r.stdout.contains("22 个示例案件"))
    }

    @Test func aBrokenFormFailsWithFileLineAndReason() throws {
        let forms = try Self.copyOfForms()
        let wf = forms.appendingPathComponent("workflows/veteran.yaml")
        let text = try String(contentsOf: wf, encoding: .utf8)
        try text.replacingOccurrences(of: "[veteran.discharge,", with: "[veteran.dischrage,")
            .write(to: wf, atomically: true, encoding: .utf8)
        let policy = forms.appendingPathComponent("policies/jiangmen.yaml")
        try (String(contentsOf: policy, encoding: .utf8) + "  documents.shared: {value: [], cite: x}\n")
            .write(to: policy, atomically: true, encoding: .utf8)
        let r = try CanbaoBinary.run(["forms", "lint", forms.path])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("workflows/veteran.yaml:") && $0.contains("未知的规则“veteran.dischrage”") })
        #expect(lines.contains { $0.hasPrefix("policies/jiangmen.yaml:") && $0.contains("parameters.documents.shared: 未知的政策参数") })
    }

    @Test func anExampleThatNoLongerParsesFailsLint() throws {
        let forms = try Self.copyOfForms()
        try "workflow: newborn\nregion: atlantis\ntoday: 2026-01-01\n"
            .write(to: forms.appendingPathComponent("examples/zz-bad.yaml"), atomically: true, encoding: .utf8)
        let r = try CanbaoBinary.run(["forms", "lint", forms.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("examples/zz-bad.yaml:2: region: 未知的地区档案“atlantis”"))
    }

    @Test func versionNamesTheFormsInUse() throws {
        let forms = try Self.copyOfForms()
        let r = try CanbaoBinary.run(["--version"], environment: ["CANBAO_FORMS": forms.path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Forms: \(forms.path)（$CANBAO_FORMS）"))
        let flag = try CanbaoBinary.run(["--version", "--forms", "/nonexistent"])
        #expect(flag.stdout.contains("Forms: /nonexistent（--forms）"))
    }

    @Test func checkWithUnloadableFormsExitsTwoWithOneLine() throws {
        let r = try CanbaoBinary.run(["check", TestForms.directory.appendingPathComponent("examples/newborn.yaml").path,
                                      "--forms", "/nonexistent"])
        #expect(r.status == 2)
        #expect(r.stderr == "Forms 无法加载：/nonexistent: Forms 目录不存在\n")
    }
}
