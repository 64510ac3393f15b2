@testable import CanbaoRules
import CanbaoTestSupport
import Dispatch
import Synchronization
import Testing

/// A set read from its compiled form decodes each workflow when it is first asked for (issue #17): the same
/// workflows come back as from the YAML, none is decoded before it is needed, and bytes that do not decode give no
/// workflow rather than a crash.
@Suite struct WorkflowTableTests {
    static func compiled() throws -> FormSet { try FormArchive.decode(FormArchive.encode(TestForms.shared), articleFiles: []) }

    /// An archive of only `workflows` (each an id and its bytes) and `divisions` (code, name, type).
    static func archive(workflows: [(id: String, bytes: [UInt8])], divisions: [(String, String, String)] = []) -> [UInt8] {
        var w = FormArchive.Writer()
        w.int(0)  // no documents
        w.int(workflows.count)
        for (id, bytes) in workflows {
            w.string(id)
            w.int(bytes.count)
            w.bytes += bytes
        }
        w.int(0)  // no profiles
        w.int(0)  // no calendar years
        w.optional(nil as String?) { w, s in w.string(s) }
        // The division table: each field's length, then their bytes.
        w.int(divisions.count)
        for (code, name, type) in divisions {
            for field in [code, name, type] { w.int(field.utf8.count) }
        }
        for (code, name, type) in divisions {
            for field in [code, name, type] { w.bytes += Array(field.utf8) }
        }
        return w.bytes
    }

    static func bytes(of workflow: Workflow) -> [UInt8] {
        var w = FormArchive.Writer()
        w.workflow(workflow)
        return w.bytes
    }

    @Test func aWorkflowIsDecodedWhenFirstAskedForAndOnlyOnce() throws {
        let forms = TestForms.shared
        let set = try Self.compiled()
        #expect(set.workflows.decodedCount == 0)
        // Which workflows there are is known without decoding any.
        #expect(set.workflows.keys == forms.workflows.keys)
        #expect(set.workflows.count == forms.workflows.count)
        #expect(set.workflows.count >= 20)
        #expect(set.workflows["no-such-workflow"] == nil)
        #expect(set.workflows.decodedCount == 0)

        let newborn = try #require(set.workflows["newborn"])
        #expect(newborn == forms.workflows["newborn"])
        #expect(set.workflows.decodedCount == 1)
        #expect(set.workflows["newborn"] == newborn)
        #expect(set.workflows.decodedCount == 1)

        // A check of an example decodes the one workflow it names.
        let text = try String(contentsOf: TestForms.directory.appendingPathComponent("examples/newborn.yaml"), encoding: .utf8)
        let fresh = try Self.compiled()
        _ = try Evaluator.evaluate(CaseParser.parse(text, file: "newborn.yaml", forms: fresh), forms: fresh)
        #expect(fresh.workflows.decodedCount == 1)

        // Every one, asked for, is the one the YAML gives.
        #expect(set.workflows.values == forms.workflows.values)
        #expect(set.workflows.decodedCount == forms.workflows.count)
        #expect(set.workflows.dictionary == forms.workflows.dictionary)
    }

    @Test func manyThreadsAskingAtOnceGetTheSameWorkflows() throws {
        let forms = TestForms.shared
        let set = try Self.compiled()
        let ids = forms.workflows.keys
        let wrong = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 400) { i in
            let id = ids[i % ids.count]
            if set.workflows[id] != forms.workflows[id] { wrong.withLock { $0.append(id) } }
        }
        #expect(wrong.withLock { $0 } == [])
        #expect(set.workflows.decodedCount == ids.count)
    }

    @Test func settingOneWorkflowKeepsTheOthers() throws {
        let forms = TestForms.shared
        var set = try Self.compiled()
        _ = set.workflows["student"]
        set.workflows["newborn"] = nil
        #expect(set.workflows.keys == forms.workflows.keys.filter { $0 != "newborn" })
        #expect(set.workflows["newborn"] == nil)
        #expect(set.workflows["student"] == forms.workflows["student"])
        var renamed = try #require(forms.workflows["veteran"])
        renamed.title = "乙"
        set.workflows["veteran"] = renamed
        #expect(set.workflows["veteran"]?.title == "乙")
        #expect(set.workflows.count == forms.workflows.count - 1)
        // The set it was copied from is unchanged.
        #expect(try Self.compiled().workflows == forms.workflows)
    }

    @Test func aTableMadeFromWorkflowsAnswersAsADictionaryDoes() throws {
        let forms = TestForms.shared.workflows.dictionary
        let table = WorkflowTable(forms)
        #expect(table.keys == forms.keys.sorted())
        #expect(table.values == forms.keys.sorted().map { forms[$0]! })
        #expect(table.mapValues(\.title) == forms.mapValues(\.title))
        #expect(table.count == forms.count)
        #expect(!table.isEmpty)
        let empty: WorkflowTable = [:]
        #expect(empty.isEmpty)
        #expect(empty.keys == [])
        let newborn = try #require(forms["newborn"])
        let one: WorkflowTable = ["newborn": newborn]
        #expect(one.keys == ["newborn"])
        #expect(one["newborn"] == newborn)
    }

    @Test func workflowsOutOfOrderOrRepeatedAreRefused() throws {
        let newborn = Self.bytes(of: try #require(TestForms.shared.workflows["newborn"]))
        let good = Self.archive(workflows: [("newborn", newborn)])
        #expect(try FormArchive.decode(good, articleFiles: []).workflows.keys == ["newborn"])
        for ids in [["student", "newborn"], ["newborn", "newborn"]] {
            let bytes = Self.archive(workflows: ids.map { ($0, newborn) })
            #expect(throws: FormArchive.Corrupt.self, "\(ids)") { _ = try FormArchive.decode(bytes, articleFiles: []) }
        }
        // A workflow's length past the end of the archive.
        var w = FormArchive.Writer()
        w.int(0)
        w.int(1)
        w.string("newborn")
        w.int(newborn.count + 1_000)
        w.bytes += newborn
        #expect(throws: FormArchive.Corrupt.self) { _ = try FormArchive.decode(w.bytes, articleFiles: []) }
    }

    @Test func bytesThatDoNotDecodeGiveNoWorkflowRatherThanACrash() throws {
        let newborn = try #require(TestForms.shared.workflows["newborn"])
        let cases: [(id: String, bytes: [UInt8])] = [
            // An unknown field type inside the workflow's bytes.
            ("a", FormArchiveTests.workflowWithAnUnknownFieldType(id: "a")),
            ("b", []),
            ("c", Array(repeating: 0xFF, count: 40)),
            // Another workflow's bytes under this id, and a workflow with bytes after it.
            ("d", Self.bytes(of: newborn)),
            ("newborn", Self.bytes(of: newborn) + [0]),
        ]
        let set = try FormArchive.decode(Self.archive(workflows: cases), articleFiles: [])
        #expect(set.workflows.keys == ["a", "b", "c", "d", "newborn"])
        for id in set.workflows.keys {
            #expect(set.workflows[id] == nil, "\(id)")
            #expect(set.workflows.unreadable(id)?.contains("无法读出") == true, "\(id)")
        }
        #expect(set.workflows.decodedCount == 0)
        #expect(set.workflows.unreadable("z") == nil)
        // A case naming one is refused with that reason, not as an unknown workflow.
        let error = try #require(throws: SourceError.self) {
            _ = try Evaluator.context(for: CaseFile(workflow: "newborn", region: "", today: LocalDate("2026-03-01")!), forms: set)
        }
        #expect(error.reason.contains("编译后的 Forms/ 中无法读出"))
        let parsed = try #require(throws: SourceError.self) {
            _ = try CaseParser.parse("workflow: newborn\nregion: dalate\ntoday: 2026-03-01\n", file: "x.yaml", forms: set)
        }
        #expect(parsed.reason.contains("编译后的 Forms/ 中无法读出"), "\(parsed)")
        // Told where the bytes came from, the message names that file as the one to remove, escaped for a terminal.
        #expect(!error.reason.contains("请删除"))
        let named = try FormArchive.decode(Self.archive(workflows: cases)[...], file: "/home/x/.cache/canbao/\u{1B}[2Jforms-1.bin",
                                           readingArticles: { [] })
        #expect(named.workflows.unreadable("newborn")
            == "业务“newborn”在编译后的 Forms/ 中无法读出：请删除 /home/x/.cache/canbao/\\u{1B}[2Jforms-1.bin 后重试（下次启动时由 Forms/ 重新编译）")
        // A set whose workflows all decode has nothing unreadable.
        let good = try Self.compiled()
        #expect(good.workflows.keys.allSatisfy { good.workflows.unreadable($0) == nil })
        #expect(WorkflowTable(TestForms.shared.workflows.dictionary).unreadable("newborn") == nil)
    }

    @Test func divisionsOutOfOrderAreSortedAndBadCodesRefused() throws {
        let rows = [("150000", "内蒙古自治区", "自治区"), ("110000", "北京市", "直辖市"), ("150600", "鄂尔多斯市", "地级市"),
                    ("150627", "伊金霍洛旗", "旗"), ("150621", "达拉特旗", "旗")]
        let set = try FormArchive.decode(Self.archive(workflows: [], divisions: rows), articleFiles: [])
        let expected = Divisions(rows.map { Divisions.Division(code: $0.0, name: $0.1, type: $0.2) })
        #expect(set.divisions == expected)
        #expect(set.divisions.all.map(\.code) == ["110000", "150000", "150600", "150621", "150627"])
        #expect(set.divisions.division("150621")?.name == "达拉特旗")
        let inOrder = try FormArchive.decode(Self.archive(workflows: [], divisions: expected.all.map { ($0.code, $0.name, $0.type) }),
                                             articleFiles: [])
        #expect(inOrder.divisions == expected)
        #expect(inOrder.divisions.division("150627")?.name == "伊金霍洛旗")
        // A repeated code is out of order too: kept, as the table it came from had it.
        let repeated = try FormArchive.decode(Self.archive(workflows: [], divisions: [rows[0], rows[0]]), articleFiles: [])
        #expect(repeated.divisions.count == 2)

        for code in ["15000", "1500000", "15a000", "15 000", "/50000", ":50000", "１５００００", ""] {
            #expect(throws: FormArchive.Corrupt.self, "\(code)") {
                _ = try FormArchive.decode(Self.archive(workflows: [], divisions: [rows[1], (code, "x", "y")]), articleFiles: [])
            }
        }
        // Field lengths that add up to more than the bytes there are.
        let whole = Self.archive(workflows: [], divisions: rows)
        #expect(throws: FormArchive.Corrupt.self) { _ = try FormArchive.decode(Array(whole.dropLast()), articleFiles: []) }
        var w = FormArchive.Writer()
        w.int(0); w.int(0); w.int(0); w.int(0)
        w.optional(nil as String?) { w, s in w.string(s) }
        w.int(1)
        for length in [6, 200, 200] { w.int(length) }
        w.bytes += Array("150000".utf8) + Array(repeating: 0x41, count: 300)
        #expect(throws: FormArchive.Corrupt.self) { _ = try FormArchive.decode(w.bytes, articleFiles: []) }
    }
}
