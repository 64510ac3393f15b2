import CanbaoTestSupport
import Foundation
import Testing

/// The compiled Forms/ through the real binary: `canbao check` answers from the files as they are now, whatever an
/// earlier start compiled, and `forms lint` always reads the YAML.
@Suite struct FormsCacheCommandTests {
    @Test func checkAnswersFromTheFilesAsTheyAreNow() throws {
        let forms = try FormsLintTests.copyOfForms()
        let cache = try CanbaoBinary.temporaryDirectory("forms-cache-cli")
        let environment = ["CANBAO_FORMS": forms.path, "XDG_CACHE_HOME": cache.path]
        let example = forms.appendingPathComponent("examples/newborn.yaml").path

        let first = try CanbaoBinary.run(["check", example], environment: environment)
        #expect(first.status == 0)
        #expect(first.stdout.contains("1. 户口簿："), "\(first.stdout)")
        let compiled = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("canbao").path)
        #expect(compiled.count == 1 && compiled[0].hasPrefix("forms-"), "\(compiled)")

        // A document renamed in documents.yaml: the next check names it so, never the compiled form's old name.
        let documents = forms.appendingPathComponent("documents.yaml")
        try String(contentsOf: documents, encoding: .utf8)
            .replacingOccurrences(of: "hukou-booklet: {name: 户口簿}", with: "hukou-booklet: {name: 居民户口簿}")
            .write(to: documents, atomically: true, encoding: .utf8)
        let second = try CanbaoBinary.run(["check", example], environment: environment)
        #expect(second.status == 0)
        #expect(second.stdout.contains("1. 居民户口簿："), "\(second.stdout)")

        // Broken after a good compile: lint reads the YAML and fails; check does not answer from the old form either.
        let wf = forms.appendingPathComponent("workflows/newborn.yaml")
        try (String(contentsOf: wf, encoding: .utf8) + "\nunknown_key: 1\n").write(to: wf, atomically: true, encoding: .utf8)
        let lint = try CanbaoBinary.run(["forms", "lint"], environment: environment)
        #expect(lint.status == 1)
        let broken = try CanbaoBinary.run(["check", example], environment: environment)
        #expect(broken.status == 2)
        #expect(broken.stderr.hasPrefix("Forms 无法加载：workflows/newborn.yaml"), "\(broken.stderr)")
    }
}
