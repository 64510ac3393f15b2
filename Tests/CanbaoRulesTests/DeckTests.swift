import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// Training decks: the format (Forms/decks/README.md), every kind of error with its file, line and key, the
/// comparison with the rules' verdict, and the repository's own decks.
@Suite struct DeckTests {
    static let file = "decks/sample.yaml"

    /// Lines 1–5; the first scenario starts on line 6.
    static let header = """
        id: sample
        title: 样例题组
        level: 入门
        tags: [新生儿, 90天]
        scenarios:

        """

    /// Lines 6–26 when first: an Inner Mongolia newborn on day 90 (内蒙古细则 第十二条（一）1).
    static let day90 = """
          - id: im-day-90
            title: 出生第90天
            story: |
              白云1月1日生了儿子，4月1日来办。
            case:
              workflow: newborn
              region: inner-mongolia
              today: 2026-04-01
              here: "150102"
              coverage_year: 2026
              person: {name: 白宇航, document: {kind: resident-id, number: "150102202601010199"}, birth_date: 2026-01-01, sex: male}
              guardian: {name: 白云, document: {kind: resident-id, number: "150102199309160267"}}
              facts: {hukou_registered: true, deceased_before_hukou: false}
              documents_presented: [birth-certificate, guardian-id, hukou-booklet]
            expected:
              decision: accept
              benefit_start: 2026-01-01
              waiting_period_months: 0
              explanation: 第90天仍在“90天（含90天）内”。
              citations: [内蒙古细则 第十二条（一）1]
              key_answers: {coverage_year: "2026", person.document.kind: resident-id}

        """

    /// 19 lines: the hukou booklet and the guardian's ID not brought, listed in the other order than the verdict's.
    static let noBooklet = """
          - id: im-no-booklet
            title: 忘带户口簿和身份证
            story: 李梅只带了出生医学证明。
            case:
              workflow: newborn
              region: inner-mongolia
              today: 2026-02-20
              here: "150102"
              coverage_year: 2026
              person: {name: 王安然, document: {kind: resident-id, number: "150102202601200144"}, birth_date: 2026-01-20, sex: female}
              guardian: {name: 李梅, document: {kind: resident-id, number: "150102199003150226"}}
              facts: {hukou_registered: true, deceased_before_hukou: false}
              documents_presented: [birth-certificate]
            expected:
              decision: missing-documents
              missing_documents: [hukou-booklet, guardian-id]
              benefit_start: 2026-01-20
              explanation: 一次性告知。
              citations: [国家规程 第十二条]

        """

    static func parse(_ text: String) throws -> Deck {
        try DeckParser.parse(text, file: file, forms: TestForms.shared)
    }

    /// The errors of a deck that must not parse, as `file:line: key: reason` lines.
    static func errors(_ text: String) -> [String] {
        do {
            _ = try parse(text)
            Issue.record("the deck parsed")
            return []
        } catch let e as SourceErrors {
            return e.errors.map(\.description)
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    static func broken(_ target: String, _ replacement: String, in scenario: String = day90) -> [String] {
        precondition(scenario.contains(target), "no \(target)")
        return errors(header + scenario.replacingOccurrences(of: target, with: replacement))
    }

    // MARK: reading

    @Test func aDeckReadsEveryKey() throws {
        let deck = try Self.parse(Self.header + Self.day90 + Self.noBooklet)
        #expect(deck.id == "sample")
        #expect(deck.title == "样例题组")
        #expect(deck.level == .beginner)
        #expect(deck.tags == ["新生儿", "90天"])
        #expect(deck.file == Self.file)
        #expect(deck.scenarios.map(\.id) == ["im-day-90", "im-no-booklet"])
        #expect(deck.scenarios.map(\.line) == [6, 27])
        let s = try #require(deck.scenario("im-day-90"))
        #expect(s.title == "出生第90天")
        #expect(s.story == "白云1月1日生了儿子，4月1日来办。")
        #expect(s.caseFile.workflow == "newborn")
        #expect(s.caseFile.today == LocalDate("2026-04-01"))
        #expect(s.caseFile.person?.document?.number == "150102202601010199")
        #expect(s.caseFile.documentsPresented == ["birth-certificate", "guardian-id", "hukou-booklet"])
        #expect(s.expected == Expectation(decision: .accept, missingDocuments: [], benefitStart: LocalDate("2026-01-01"),
                                          waitingPeriodMonths: 0, explanation: "第90天仍在“90天（含90天）内”。",
                                          citations: ["内蒙古细则 第十二条（一）1"],
                                          keyAnswers: ["coverage_year": "2026", "person.document.kind": "resident-id"]))
        let other = try #require(deck.scenario("im-no-booklet"))
        #expect(other.expected.missingDocuments == ["hukou-booklet", "guardian-id"])
        #expect(other.expected.waitingPeriodMonths == nil)
        #expect(other.expected.keyAnswers == nil)
    }

    @Test func levelsAreWrittenInChineseOrAsNumbers() throws {
        #expect(Deck.Level(text: "入门") == .beginner)
        #expect(Deck.Level(text: "进阶") == .intermediate)
        #expect(Deck.Level(text: "熟练") == .proficient)
        #expect(Deck.Level(text: "2") == .intermediate)
        #expect(Deck.Level(text: "4") == nil)
        let deck = try Self.parse(Self.header.replacingOccurrences(of: "level: 入门", with: "level: 3") + Self.day90)
        #expect(deck.level == .proficient)
        #expect(deck.level.chinese == "熟练")
    }

    // MARK: errors, each with file, line and key

    @Test func anUnknownDeckKeyIsAnError() {
        #expect(Self.errors("colour: red\n" + Self.header + Self.day90) == [
            "decks/sample.yaml:1: colour: 未知的键（可用：description, id, level, scenarios, tags, title）",
        ])
    }

    @Test func anUnknownLevelNamesTheLine() {
        #expect(Self.errors(Self.header.replacingOccurrences(of: "level: 入门", with: "level: 高级") + Self.day90) == [
            "decks/sample.yaml:3: level: “高级”不是可用的级别（可用：入门、进阶、熟练 或 1、2、3）",
        ])
    }

    @Test func aDeckWithoutTagsOrScenariosIsAnError() {
        #expect(Self.errors(Self.header.replacingOccurrences(of: "tags: [新生儿, 90天]", with: "tags: []") + Self.day90) == [
            "decks/sample.yaml:4: tags: 至少列出一个标签",
        ])
        #expect(Self.errors(Self.header.replacingOccurrences(of: "level: 入门\n", with: "")) == [
            "decks/sample.yaml:1: level: 缺少必填的键",
        ])
    }

    @Test func anUnknownScenarioOrExpectedKeyIsAnError() {
        #expect(Self.broken("    title: 出生第90天", "    titel: 出生第90天") == [
            "decks/sample.yaml:7: scenarios[0].titel: 未知的键，是否应为 title？（可用：case, expected, id, story, title）",
        ])
        #expect(Self.broken("      decision: accept", "      decision: accept\n      reason: 无") == [
            "decks/sample.yaml:22: scenarios[0].expected.reason: 未知的键（可用：benefit_start, citations, decision, due_date, explanation, key_answers, missing_documents, waiting_period_months）",
        ])
    }

    @Test func aScenarioIdMustBeASlugAndUniqueInTheDeck() {
        #expect(Self.broken("  - id: im-day-90", "  - id: 第90天") == [
            "decks/sample.yaml:6: scenarios[0].id: id 只能由小写字母、数字和连字符组成：“第90天”",
        ])
        #expect(Self.errors(Self.header + Self.day90 + Self.day90) == [
            "decks/sample.yaml:27: scenarios[1].id: 情景 id “im-day-90”重复（第一次出现在第 6 行）",
        ])
    }

    @Test func aCaseErrorNamesTheKeyInsideTheScenario() {
        #expect(Self.broken("      here: \"150102\"", "      hier: \"150102\"").first?
            .hasPrefix("decks/sample.yaml:14: scenarios[0].case.hier: 未知的键（可用：") == true)
        #expect(Self.broken("kind: resident-id, number: \"150102202601010199\"", "kind: passport, number: \"150102202601010199\"") == [
            "decks/sample.yaml:16: scenarios[0].case.person.document.kind: “passport”不是可用的值（可用：resident-id, hmt-residence-permit, hk-macau-permit, taiwan-permit, foreign-permanent-residence, foreign-residence-permit, foreign-passport, birth-certificate, other）",
        ])
        #expect(Self.broken("      today: 2026-04-01\n", "") == [
            "decks/sample.yaml:11: scenarios[0].case.today: 缺少必填的键",
        ])
    }

    @Test func anUnknownWorkflowRegionOrDocumentPointsAtItsLine() {
        #expect(Self.broken("region: inner-mongolia", "region: atlantis") == [
            "decks/sample.yaml:12: scenarios[0].case.region: 未知的地区档案“atlantis”（可用：city-notice, dalate, inner-mongolia, jiangmen, national）",
        ])
        #expect(Self.broken("workflow: newborn", "workflow: pensioner").first?
            .hasPrefix("decks/sample.yaml:11: scenarios[0].case.workflow: 未知的业务“pensioner”") == true)
        #expect(Self.broken("[birth-certificate, guardian-id, hukou-booklet]", "[birth-certificate, guardian-id, hukou-book]") == [
            "decks/sample.yaml:19: scenarios[0].case.documents_presented[2]: 未知的材料代码“hukou-book”，是否应为 hukou-booklet？（材料代码见 Forms/documents.yaml）",
        ])
    }

    @Test func anExpectationMustNameKnownDocumentsAndADecision() {
        #expect(Self.broken("decision: accept", "decision: approve") == [
            "decks/sample.yaml:21: scenarios[0].expected.decision: “approve”不是可用的结论（可用：accept, missing-documents, needs-approval, refuse）",
        ])
        #expect(Self.broken("missing_documents: [hukou-booklet, guardian-id]", "missing_documents: [hukou-booklet, guardian]", in: Self.noBooklet) == [
            "decks/sample.yaml:21: scenarios[0].expected.missing_documents[1]: 未知的材料代码“guardian”",
        ])
        #expect(Self.broken("missing_documents: [hukou-booklet, guardian-id]", "missing_documents: [hukou-booklet, hukou-booklet]", in: Self.noBooklet) == [
            "decks/sample.yaml:21: scenarios[0].expected.missing_documents[1]: 材料代码“hukou-booklet”重复",
        ])
    }

    @Test func anExpectationMustBeConsistentWithItself() {
        #expect(Self.broken("decision: accept", "decision: missing-documents") == [
            "decks/sample.yaml:21: scenarios[0].expected.decision: 结论为 missing-documents（需补充材料）时须在 missing_documents 中列出缺少的材料",
        ])
        #expect(Self.broken("decision: missing-documents", "decision: accept", in: Self.noBooklet) == [
            "decks/sample.yaml:20: scenarios[0].expected.decision: 结论为 accept（予以受理）时不能有缺少的材料；缺材料时结论应为 missing-documents",
        ])
        #expect(Self.broken("decision: accept", "decision: refuse") == [
            "decks/sample.yaml:22: scenarios[0].expected.benefit_start: 结论为 refuse（不予办理）时不产生待遇起始日",
        ])
        #expect(Self.broken("waiting_period_months: 0", "waiting_period_months: -6") == [
            "decks/sample.yaml:23: scenarios[0].expected.waiting_period_months: 等待期月数不能为负数",
        ])
        #expect(Self.broken("      explanation: 第90天仍在“90天（含90天）内”。", "      explanation: \"  \"") == [
            "decks/sample.yaml:24: scenarios[0].expected.explanation: 不能为空",
        ])
    }

    @Test func everyCitationMustResolveToAnArticle() {
        #expect(Self.broken("citations: [内蒙古细则 第十二条（一）1]", "citations: [内蒙古细则 第十二条（一）1, 内蒙古细则 第九十九条]") == [
            "decks/sample.yaml:25: scenarios[0].expected.citations[1]: 引用“内蒙古细则 第九十九条”无法在 Forms/articles 中找到条文",
        ])
        #expect(Self.broken("citations: [内蒙古细则 第十二条（一）1]", "citations: [内蒙细则 第十二条]") == [
            "decks/sample.yaml:25: scenarios[0].expected.citations[0]: 引用“内蒙细则 第十二条”无法在 Forms/articles 中找到条文",
        ])
        #expect(Self.broken("citations: [内蒙古细则 第十二条（一）1]", "citations: []") == [
            "decks/sample.yaml:25: scenarios[0].expected.citations: 至少列出一处条文引用",
        ])
    }

    @Test func keyAnswersNameAFieldAndAgreeWithTheCase() {
        #expect(Self.broken("key_answers: {coverage_year: \"2026\"", "key_answers: {coverage_yaer: \"2026\"") == [
            "decks/sample.yaml:26: scenarios[0].expected.key_answers.coverage_yaer: 未知的字段“coverage_yaer”（应为业务“newborn”的字段 id）",
        ])
        #expect(Self.broken("key_answers: {coverage_year: \"2026\"", "key_answers: {coverage_year: \"2025\"") == [
            "decks/sample.yaml:26: scenarios[0].expected.key_answers.coverage_year: 与案件不符：案件中为“2026”",
        ])
    }

    @Test func everyBrokenScenarioIsReportedAtOnce() {
        let first = Self.day90.replacingOccurrences(of: "region: inner-mongolia", with: "region: atlantis")
        let second = Self.noBooklet.replacingOccurrences(of: "[国家规程 第十二条]", with: "[国家规程 第九十条]")
        let errors = Self.errors(Self.header + first + second)
        #expect(errors.count == 2)
        #expect(errors.first?.hasPrefix("decks/sample.yaml:12: scenarios[0].case.region:") == true)
        #expect(errors.last == "decks/sample.yaml:45: scenarios[1].expected.citations[0]: 引用“国家规程 第九十条”无法在 Forms/articles 中找到条文")
    }

    @Test func malformedYamlNamesItsLine() {
        #expect(Self.errors(Self.header + "  - id: x\n    title: [unclosed\n") == [
            "decks/sample.yaml:8: YAML 格式错误：did not find expected ',' or ']'",
        ])
    }

    @Test func decksSharingAnIdAreReported() throws {
        var a = try Self.parse(Self.header + Self.day90)
        var b = a
        a.file = "decks/a.yaml"
        b.file = "decks/b.yaml"
        #expect(DeckParser.duplicateIDs([a, b]).map(\.description) == ["decks/b.yaml: id: 题组 id “sample”与 decks/a.yaml 重复"])
    }

    // MARK: verification

    @Test func aScenarioThatMatchesPasses() throws {
        let deck = try Self.parse(Self.header + Self.day90 + Self.noBooklet)
        let results = DeckVerification.verify(deck, forms: TestForms.shared)
        #expect(results.map(\.passed) == [true, true])
        #expect(results.map(\.index) == [0, 1])
        // The missing documents are compared as a set: the verdict lists guardian-id first.
        #expect(results[1].verdict?.missingDocuments.map(\.code) == ["guardian-id", "hukou-booklet"])
        #expect(DeckVerification.lintErrors(results, file: Self.file).isEmpty)
    }

    @Test func aWrongExpectationListsEveryDifferingItemInChinese() throws {
        let wrong = Self.day90
            .replacingOccurrences(of: "decision: accept", with: "decision: missing-documents\n      missing_documents: [hukou-booklet]")
            .replacingOccurrences(of: "benefit_start: 2026-01-01", with: "benefit_start: 2026-01-02")
            .replacingOccurrences(of: "waiting_period_months: 0", with: "waiting_period_months: 6")
        let deck = try Self.parse(Self.header + wrong)
        let result = try #require(DeckVerification.verify(deck, forms: TestForms.shared).first)
        #expect(!result.passed)
        #expect(result.verdict?.decision == .accept)
        #expect(result.mismatches.map(\.item) == [.decision, .missingDocuments, .benefitStart, .waitingPeriod])
        #expect(result.mismatches.map(\.description) == [
            "结论：应为 需补充材料（missing-documents），实际为 予以受理（accept）",
            "缺少材料：应为 户口簿（hukou-booklet），实际为 无（未列出 hukou-booklet）",
            "待遇起始日：应为 2026-01-02，实际为 2026-01-01",
            "待遇等待期：应为 6 个月，实际为 0 个月",
        ])
        #expect(DeckVerification.lintErrors([result], file: Self.file).map(\.description) == [
            "decks/sample.yaml:6: scenarios[0]: 情景“im-day-90”与规则结论不符：结论：应为 需补充材料（missing-documents），实际为 予以受理（accept）；"
                + "缺少材料：应为 户口簿（hukou-booklet），实际为 无（未列出 hukou-booklet）；待遇起始日：应为 2026-01-02，实际为 2026-01-01；"
                + "待遇等待期：应为 6 个月，实际为 0 个月",
        ])
    }

    @Test func extraAndAbsentDocumentsAreNamed() throws {
        let wrong = Self.noBooklet.replacingOccurrences(of: "[hukou-booklet, guardian-id]", with: "[hukou-booklet, power-of-attorney]")
        let deck = try Self.parse(Self.header + wrong)
        let result = try #require(DeckVerification.verify(deck, forms: TestForms.shared).first)
        #expect(result.mismatches.map(\.description) == [
            "缺少材料：应为 户口簿（hukou-booklet）、委托书（power-of-attorney），实际为 监护人有效身份证件（guardian-id）、户口簿（hukou-booklet）"
                + "（多出 guardian-id；未列出 power-of-attorney）",
        ])
    }

    @Test func benefitStartAndWaitingPeriodAreComparedOnlyWhenStated() throws {
        let unstated = Self.day90
            .replacingOccurrences(of: "      benefit_start: 2026-01-01\n", with: "")
            .replacingOccurrences(of: "      waiting_period_months: 0\n", with: "")
        let deck = try Self.parse(Self.header + unstated)
        #expect(deck.scenarios[0].expected.benefitStart == nil)
        #expect(DeckVerification.verify(deck, forms: TestForms.shared).map(\.passed) == [true])
    }

    @Test func aCaseTheFormsCannotEvaluateIsAMismatch() throws {
        let deck = try Self.parse(Self.header + Self.day90)
        var forms = TestForms.shared
        forms.workflows["newborn"] = nil
        let result = try #require(DeckVerification.verify(deck, forms: forms).first)
        #expect(result.verdict == nil)
        #expect(result.mismatches.map(\.item) == [.evaluation])
        #expect(result.mismatches[0].actual.hasPrefix("案件无法评估（decks/sample.yaml: workflow: 未知的业务“newborn”"))
    }

    // MARK: the repository's decks

    static func repositoryDecks() throws -> [Deck] {
        let dir = TestForms.directory.appendingPathComponent("decks")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return try names.map { name in
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            return try DeckParser.parse(text, file: "decks/\(name)", forms: TestForms.shared)
        }
    }

    /// A scenario's title names the situation, never the answer the trainee is to find (issue #15: “…材料齐全”).
    @Test func theRepositoryDecksTitlesDoNotGiveTheDecisionAway() throws {
        let giveaways = ["材料齐全", "材料不全", "予以受理", "不予", "需审核", "缺"]
        var found: [String] = []
        for deck in try Self.repositoryDecks() {
            for sc in deck.scenarios where giveaways.contains(where: sc.title.contains) { found.append("\(deck.id)/\(sc.id)：\(sc.title)") }
        }
        #expect(found.isEmpty, "\(found)")
    }

    @Test func theRepositoryDecksAgreeWithTheRules() throws {
        let decks = try Self.repositoryDecks()
        #expect(decks.count >= 5)
        #expect(DeckParser.duplicateIDs(decks).isEmpty)
        var failures: [String] = []
        for deck in decks {
            failures += DeckVerification.lintErrors(DeckVerification.verify(deck, forms: TestForms.shared), file: deck.file).map(\.description)
        }
        #expect(failures == [])
        let scenarios = decks.flatMap(\.scenarios)
        #expect(scenarios.count >= 60)
        #expect(Set(decks.map(\.level)) == Set(Deck.Level.allCases))
    }

    @Test func theRepositoryDecksCoverEveryWorkflowRegionAndDecision() throws {
        let scenarios = try Self.repositoryDecks().flatMap(\.scenarios)
        let forms = TestForms.shared
        #expect(Set(scenarios.map(\.caseFile.workflow)) == Set(forms.workflows.keys))
        #expect(Set(scenarios.map(\.caseFile.region)) == Set(forms.profiles.keys))
        for workflow in forms.workflows.keys {
            let decisions = Set(scenarios.filter { $0.caseFile.workflow == workflow }.map(\.expected.decision))
            #expect(decisions == Set(Decision.allCases), "\(workflow): \(decisions)")
        }
    }

    @Test func theRepositoryDecksCoverTheTrickyEdges() throws {
        let decks = try Self.repositoryDecks()
        let all = Dictionary(uniqueKeysWithValues: decks.flatMap { d in d.scenarios.map { ("\(d.id)/\($0.id)", $0) } })
        func scenario(_ key: String) -> Scenario? { all[key] }
        // Day 90 and day 91 (内蒙古细则 第十二条（一）1: birth day = day 0, day 90 included).
        let day90 = try #require(scenario("newborn-edges/im-day-90-accept"))
        let day91 = try #require(scenario("newborn-edges/im-day-91-needs-approval"))
        #expect(day90.caseFile.birthDate?.days(until: day90.caseFile.today) == 90)
        #expect(day91.caseFile.birthDate?.days(until: day91.caseFile.today) == 91)
        #expect((day90.expected.decision, day91.expected.decision) == (.accept, .needsApproval))
        // A deceased newborn named after a parent + XSE, kind other (内蒙古细则 第十二条（一）2).
        let xse = try #require(scenario("newborn-edges/im-deceased-mother-name-xse"))
        #expect(xse.caseFile.person?.name == "郭晓梅XSE")
        #expect(xse.caseFile.person?.document?.kind == .other)
        // A student at the certified place (国家规程 第十五条 2).
        let certified = try #require(scenario("students-veterans/dalate-disabled-student-certified-place"))
        #expect(certified.caseFile.here == certified.caseFile.text("certified_place"))
        #expect(certified.caseFile.here != certified.caseFile.text("school_place"))
        // The seasonal switch suspends the resident enrollment (内蒙古细则 第二十一条).
        let seasonal = try #require(scenario("migrant-flexible/im-seasonal-switch-suspends-resident"))
        #expect(DeckVerification.verify(seasonal, forms: TestForms.shared).verdict?.replaces.map(\.action) == [.suspend])
        // An HMT residence permit whose prefix contradicts the stated origin.
        let prefix = try #require(scenario("hmt-foreign/jiangmen-origin-prefix-mismatch-refuse"))
        #expect(prefix.caseFile.person?.document?.number.hasPrefix("830000") == true)
        #expect(prefix.caseFile.text("origin") == "hong-kong")
        // Next year's registration on the collection period's first day (达拉特旗方案 四).
        let september = try #require(scenario("cross-region-periods/dalate-next-year-september-1-accept"))
        #expect(september.caseFile.coverageYear == 2027 && september.caseFile.today == LocalDate("2026-09-01"))
        // Waiting periods (某市通知 四（一）（二）).
        let waits = all.values.compactMap(\.expected.waitingPeriodMonths).filter { $0 > 0 }
        #expect(waits.count >= 4)
    }
}
