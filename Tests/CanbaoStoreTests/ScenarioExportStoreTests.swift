import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// `canbao scenario export`, end to end: a decided case written through the store, exported by the real binary.
/// (Here rather than in CanbaoCLITests, which does not depend on CanbaoStore.)
@Suite struct ScenarioExportStoreTests {
    /// A store holding the newborn example twice: decided (missing documents → pending documents) and as a draft.
    static func hall() throws -> (home: URL, pending: String, draft: String, original: CaseFile) {
        let home = try CanbaoBinary.temporaryDirectory("scenario-export").appendingPathComponent("home")
        let store = try Fixture.store(in: home)
        let clerk = try store.addOperator(name: "clerk1", displayName: "柜员一", role: .clerk, password: "Hall-pass-2026",
                                          by: .system("test"))
        let text = try String(contentsOf: TestForms.directory.appendingPathComponent("examples/newborn.yaml"), encoding: .utf8)
        let original = try CaseParser.parse(text, file: "newborn.yaml")
        let person = try store.upsertPerson(
            PersonInput(document: original.person!.document!, name: original.person!.name!,
                        birthDate: original.person!.birthDate, sex: original.person!.sex),
            by: .operator(clerk.id))
        let json = String(decoding: try JSONEncoder().encode(original), as: UTF8.self)
        let verdict = try Evaluator.evaluate(original, forms: TestForms.shared)
        #expect(verdict.decision == .missingDocuments)

        let draft = try store.createCase(caseJSON: json, applicantID: person.id, by: clerk.id)
        let checked = try store.updateCase(caseID: draft.id, caseJSON: json, verdictJSON: verdict.json(),
                                           applicantID: person.id, expectedVersion: draft.version, by: clerk.id)
        let submitted = try store.setStatus(caseID: checked.id, to: .submitted, expectedVersion: checked.version, by: clerk.id)
        let pending = try store.setStatus(caseID: submitted.id, to: .pendingDocuments,
                                          expectedVersion: submitted.version, by: clerk.id)
        let other = try store.createCase(caseJSON: json, applicantID: person.id, by: clerk.id)
        return (home, pending.number, other.number, original)
    }

    static func secrets(_ c: CaseFile) -> [String] {
        var result: [String] = []
        for p in [c.person, c.guardian, c.agent].compactMap({ $0 }) {
            if let name = p.name { result.append(name) }
            if let number = p.document?.normalizedNumber {
                result.append(number)
                // The 12 digits after the area code, in runs of 6.
                let digits = Array(number)
                for i in 6...(digits.count - 6) { result.append(String(digits[i..<(i + 6)])) }
            }
        }
        return result
    }

    @Test func aDecidedCaseBecomesAScenarioThatReadsAsADeck() throws {
        let (home, number, _, original) = try Self.hall()
        let out = home.deletingLastPathComponent().appendingPathComponent("scenario.yaml")
        let r = try CanbaoBinary.run(["scenario", "export", number, "--home", home.path, "--seed", "42",
                                      "--out", out.path, "--id", "from-the-counter"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("已生成情景 from-the-counter：需补充材料（种子 42"))
        let scenario = try String(contentsOf: out, encoding: .utf8)
        #expect(scenario.hasPrefix("# "))
        #expect(!scenario.contains(number))
        for secret in Self.secrets(original) { #expect(!scenario.contains(secret), "“\(secret)” survives") }

        let deck = try DeckParser.parse(
            CaseScrubber.renderDeck(id: "d", title: "实际办件", tags: ["实际办件"], scenarios: [scenario]),
            file: out.path, forms: TestForms.shared)
        let parsed = try #require(deck.scenarios.first)
        #expect(parsed.id == "from-the-counter")
        #expect(parsed.expected.decision == .missingDocuments)
        #expect(parsed.expected.missingDocuments == ["hukou-booklet"])
        let checked = DeckVerification.verify(deck, forms: TestForms.shared)
        #expect(checked.allSatisfy { $0.passed })
        // Same seed, same scenario; no --shift-days: a whole number of weeks back.
        let shift = original.today.days(until: parsed.caseFile.today)
        #expect(shift % 7 == 0 && shift < 0)
        #expect(parsed.caseFile.birthDate!.days(until: parsed.caseFile.today) == original.birthDate!.days(until: original.today))

        let again = try CanbaoBinary.run(["scenario", "export", number, "--home", home.path, "--seed", "42",
                                          "--id", "from-the-counter"])
        #expect(again.stdout == scenario)
        // --out does not overwrite unless told to.
        let twice = try CanbaoBinary.run(["scenario", "export", number, "--home", home.path, "--out", out.path])
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("文件已存在"))
    }

    /// `--force` replaces a file it may replace, never the store's own files or a link, whatever it says.
    @Test func forceReplacesAFileButNeverTheStoreOrALink() throws {
        let (home, number, _, _) = try Self.hall()
        let dir = home.deletingLastPathComponent()
        func export(_ out: String) throws -> CanbaoBinary.Result {
            try CanbaoBinary.run(["scenario", "export", number, "--home", home.path, "--seed", "42", "--out", out,
                                  "--force"])
        }
        let database = home.appendingPathComponent("canbao.sqlite")
        for own in [database.path, database.path + ".key", database.path + "-wal"] {
            let r = try export(own)
            #expect(r.status == 2)
            #expect(r.stderr == "\(own): 未写入（不允许的操作：\(own) 是数据库本身的文件，不能覆盖）\n")
        }
        // Still the store, whole (it was replaced by the scenario's YAML).
        #expect(try CounterStore.open(home: home).verify().isOK)

        let target = dir.appendingPathComponent("keep.txt")
        try Data("keep".utf8).write(to: target)
        let link = dir.appendingPathComponent("link.yaml")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let linked = try export(link.path)
        #expect(linked.status == 2)
        #expect(linked.stderr.contains("不是普通文件，不能覆盖"))
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)

        let old = dir.appendingPathComponent("old.yaml")
        try Data("old".utf8).write(to: old)
        #expect(try export(old.path).status == 0)
        #expect(try String(contentsOf: old, encoding: .utf8).hasPrefix("# "))
    }

    @Test func aWholeDeckOnStandardOutputRunsThroughDeckVerify() throws {
        let (home, number, _, _) = try Self.hall()
        let r = try CanbaoBinary.run(["scenario", "export", number, "--home", home.path, "--seed", "7",
                                      // A shift into the past, written as two arguments (`-30` is no flag).
                                      "--shift-days", "-30", "--deck", "--title", "忘带户口簿的新生儿"])
        #expect(r.status == 0, "\(r.stderr)")
        let deck = try DeckParser.parse(r.stdout, file: "stdout", forms: TestForms.shared)
        #expect(deck.scenarios.count == 1)
        #expect(deck.scenarios[0].title == "忘带户口簿的新生儿")
        #expect(deck.scenarios[0].caseFile.today == LocalDate("2025-12-16"))
        let file = home.deletingLastPathComponent().appendingPathComponent("deck.yaml")
        try r.stdout.write(to: file, atomically: true, encoding: .utf8)
        let verify = try CanbaoBinary.run(["deck", "verify", file.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func aCaseNotYetDecidedIsRefused() throws {
        let (home, _, draft, _) = try Self.hall()
        let r = try CanbaoBinary.run(["scenario", "export", draft, "--home", home.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("当前为“草稿”，尚未作出结论"))
        #expect(r.stdout.isEmpty)
    }
}
