@testable import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// Forms/ compiled to bytes (what the start-up cache keeps): the same set comes back, and bytes that are not a whole
/// archive are refused rather than read as something else.
@Suite struct FormArchiveTests {
    static func roundTrip(_ set: FormSet) throws -> FormSet {
        let articleFiles = try TestForms.files(TestForms.directory).filter { $0.path.hasPrefix("articles/") }
        return try FormArchive.decode(FormArchive.encode(set), articleFiles: articleFiles)
    }

    @Test func theRepositoryFormsComeBackUnchanged() throws {
        let forms = TestForms.shared
        let back = try Self.roundTrip(forms)
        #expect(back.documents == forms.documents)
        #expect(back.workflows == forms.workflows)
        #expect(back.profiles == forms.profiles)
        #expect(back.calendar == forms.calendar)
        // The place fields' division table too: a counter started from the compiled form checks places as one that
        // parsed the YAML does.
        #expect(!forms.divisions.isEmpty)
        #expect(back.divisions == forms.divisions)
        // Parsed from their files when first asked for, and the same.
        #expect(back.articles == forms.articles)
        #expect(!back.articles.isEmpty)
    }

    @Test func everyExampleGetsTheSameVerdictFromTheCompiledForms() throws {
        let back = try Self.roundTrip(TestForms.shared)
        let examples = TestForms.directory.appendingPathComponent("examples")
        let names = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names.count >= 20)
        for name in names {
            let text = try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8)
            let fresh = try Evaluator.evaluate(CaseParser.parse(text, file: name, forms: TestForms.shared), forms: TestForms.shared)
            let compiled = try Evaluator.evaluate(CaseParser.parse(text, file: name, forms: back), forms: back)
            #expect(compiled.json() == fresh.json(), "\(name)")
        }
    }

    @Test func theEncodingIsTheSameEveryTime() {
        // Dictionaries are written in key order: the same Forms/ gives the same bytes in every process.
        #expect(FormArchive.encode(TestForms.shared) == FormArchive.encode(TestForms.shared))
    }

    @Test func aTruncatedArchiveIsRefusedWhereverItEnds() throws {
        let bytes = FormArchive.encode(TestForms.shared)
        // Every cut in the first kilobytes and a spread of cuts after: never a set, always `Corrupt`.
        let cuts = Array(0..<min(2_048, bytes.count)) + Array(stride(from: 2_048, to: bytes.count, by: 97))
        for cut in cuts {
            #expect(throws: FormArchive.Corrupt.self, "cut at \(cut)") {
                _ = try FormArchive.decode(Array(bytes[0..<cut]), articleFiles: [])
            }
        }
        #expect(throws: FormArchive.Corrupt.self) { _ = try FormArchive.decode(bytes + [0], articleFiles: []) }
    }

    /// A workflow's bytes whose one field has an unknown type, followed by zeros.
    static func workflowWithAnUnknownFieldType(id: String) -> [UInt8] {
        var w = FormArchive.Writer()
        w.string(id)
        w.string("t")
        w.string("c")
        w.int(1)  // one step
        w.string("s")
        w.string("t")
        w.int(1)  // one field
        w.string("f")
        w.string("l")
        w.string("colour")
        return w.bytes + Array(repeating: 0, count: 64)
    }

    @Test func valuesOutOfTheirRangeAreRefused() throws {
        // An unknown field type (read when the workflow is asked for: `WorkflowTableTests`), a count larger than
        // the bytes left, an impossible date.
        let fields = Self.workflowWithAnUnknownFieldType(id: "x")
        #expect(throws: FormArchive.Corrupt.self) {
            _ = try fields.withUnsafeBufferPointer { buffer in
                var r = FormArchive.Reader(buffer)
                return try r.workflow()
            }
        }

        var counts = FormArchive.Writer()
        counts.int(1_000_000)
        #expect(throws: FormArchive.Corrupt.self) { _ = try FormArchive.decode(counts.bytes, articleFiles: []) }

        var reader = FormArchive.Writer()
        reader.date(LocalDate(year: 2026, month: 2, day: 28)!)
        var bytes = reader.bytes
        bytes[bytes.count - 1] = 30 * 2  // the 30th, zigzag-encoded
        #expect(throws: FormArchive.Corrupt.self) {
            _ = try bytes.withUnsafeBufferPointer { buffer in
                var r = FormArchive.Reader(buffer)
                return try r.date()
            }
        }
    }
}
