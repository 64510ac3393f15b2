import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// docs/case-file.md is what `canbao forms doc` makes of Forms/: when a workflow gains a fact or a choice, or the
/// verdict a key, the committed document must be regenerated (`swift run canbao forms doc --out docs/case-file.md --force`).
@Suite("docs/case-file.md 与 Forms/ 一致")
struct CaseFileGuideTests {
    static let committed = CanbaoBinary.repositoryRoot.appendingPathComponent("docs/case-file.md")

    @Test("提交的 docs/case-file.md 与 canbao forms doc 生成的内容相同")
    func theCommittedGuideIsWhatTheFormsMake() throws {
        let r = try CanbaoBinary.run(["forms", "doc"], environment: ["CANBAO_FORMS": TestForms.directory.path])
        #expect(r.status == 0, "\(r.stderr)")
        let committed = try String(contentsOf: Self.committed, encoding: .utf8)
        if committed != r.stdout {
            let a = committed.split(separator: "\n", omittingEmptySubsequences: false)
            let b = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record("docs/case-file.md is stale (run: swift run canbao forms doc --out docs/case-file.md --force); first difference at line \((first?.offset ?? min(a.count, b.count)) + 1): \(first.map { "“\($0.element.0)” ≠ “\($0.element.1)”" } ?? "length")")
        }
    }

    @Test("说明覆盖每个顶层键、每个业务的每个事实和可选值、每个材料代码和结论的每个键")
    func theGuideCoversEveryKey() throws {
        #expect(Set(CaseFileGuide.topLevel.map(\.key)) == CaseFile.topLevelKeys)
        let text = try String(contentsOf: Self.committed, encoding: .utf8)
        for w in TestForms.shared.workflows.values {
            #expect(text.contains("### `\(w.id)`: \(w.title)"))
            for f in w.allFields where f.isFact {
                #expect(text.contains("| `\(f.id)` |"), "\(w.id).\(f.id)")
                for c in f.choices { #expect(text.contains("`\(c.value)` \(c.label)"), "\(w.id).\(f.id) = \(c.value)") }
            }
        }
        for code in TestForms.shared.documents.names.keys { #expect(text.contains("| `\(code)` |"), "\(code)") }
        // The verdict's keys are exactly those a verdict has.
        let dir = TestForms.directory.appendingPathComponent("examples")
        let c = try CaseParser.parse(String(contentsOf: dir.appendingPathComponent("newborn.yaml"), encoding: .utf8), file: "newborn.yaml",
                                     forms: TestForms.shared)
        let object = try JSONSerialization.jsonObject(with: Data(Cases.verdict(c).json().utf8)) as? [String: Any]
        #expect(Set(object?.keys.map { $0 } ?? []) == Set(CaseFileGuide.verdictKeys.map(\.key)))
    }

    @Test("forms doc --out 不写入目录")
    func docRefusesADirectory() throws {
        let dir = try CanbaoBinary.temporaryDirectory("canbao-doc")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CanbaoBinary.run(["forms", "doc", "--out", dir.path], environment: ["CANBAO_FORMS": TestForms.directory.path])
        #expect(r.status == 2)
        #expect(r.stderr == "\(dir.path): 是目录，不能写入\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
    }
}
