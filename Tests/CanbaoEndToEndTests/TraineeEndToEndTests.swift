import CanbaoDesk
import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Issue 6 through the real binary in tmux: the trainee 陈学员 practises on the scenario decks. The form is filled
/// from each scenario's case file as the deck (read here with the same parser) writes it; what is right and what
/// is wrong comes from the deck's expectations, not from this file. The binary runs with a private TMPDIR, so
/// the practice sandboxes it makes are this test's alone to count.
@Suite("学员练习端到端（tmux 中的 canbao）")
struct TraineeEndToEndTests {
    static let deckFile = "newborn-basics.yaml"

    /// Two persons with platform records, so the real store has something to keep.
    static let persons: [PlatformPerson] = {
        let year = CounterCalendar.today.year
        let a = CounterCalendar.born(yearsAgo: 34, days: 20), b = CounterCalendar.born(yearsAgo: 61, days: 200)
        return [
            PlatformPerson(name: "高建华", number: IDNumbers.residentID(area: "150621", birth: a, sequence: 13), birth: a, sex: .male,
                           records: [.init(place: "150621", scheme: "resident", year: year)]),
            PlatformPerson(name: "白秀兰", number: IDNumbers.residentID(area: "150602", birth: b, sequence: 24), birth: b, sex: .female,
                           records: [.init(place: "150602", scheme: "resident", year: year - 1, paid: true),
                                     .init(place: "150621", scheme: "resident", year: year)]),
        ]
    }()

    /// The first two scenarios of the deck: the first served as the story says, the second with a document ticked
    /// that the applicant did not bring (so the deck must expect one missing).
    static func twoScenarios(_ deck: Deck) throws -> (Scenario, Scenario) {
        try #require(deck.scenarios.count >= 2)
        let (first, second) = (deck.scenarios[0], deck.scenarios[1])
        try #require(!second.expected.missingDocuments.isEmpty, "第二题应缺材料：\(second.id)")
        return (first, second)
    }

    static func names(_ codes: [String]) -> Set<String> { Set(codes.map(TestForms.shared.documents.name)) }

    /// The score the card must show when the trainee ticks every document of the checklist (points as the
    /// README's scoring: decision 50, documents 30 less 10 per error, key answers 20, all key answers right).
    static func scoreTickingEverything(_ scenario: Scenario) throws -> (score: Int, mistakes: Int, decision: Decision, missed: [String]) {
        var served = scenario.caseFile
        // The checklist: every document the case requires, as missing when none is ticked.
        served.documentsPresented = []
        served.documentsPresented = try Evaluator.evaluate(served, forms: TestForms.shared).missingDocuments.map(\.code)
        let verdict = try Evaluator.evaluate(served, forms: TestForms.shared)
        let expected = scenario.expected
        let missed = expected.missingDocuments.filter { code in !verdict.missingDocuments.contains { $0.code == code } }
        let needless = verdict.missingDocuments.filter { !expected.missingDocuments.contains($0.code) }
        let decisionRight = verdict.decision == expected.decision
        let score = (decisionRight ? 50 : 0) + max(0, 30 - 10 * (missed.count + needless.count)) + 20
        return (score, (decisionRight ? 0 : 1) + missed.count + needless.count, verdict.decision, missed)
    }

    /// A row of the deck list: title, level, scenarios, played, all right, average score.
    static func deckRow(_ deck: Deck, played: Int, correct: Int, average: String) -> String {
        " " + DisplayWidth.pad(deck.title, to: 30) + DisplayWidth.pad(deck.level.chinese, to: 8) + DisplayWidth.pad("\(deck.scenarios.count)", to: 6)
            + DisplayWidth.pad("\(played)", to: 6) + DisplayWidth.pad("\(correct)", to: 6) + average
    }

    /// The citation of a document the scenario leaves missing, as the rules give it.
    static func citation(of code: String, in scenario: Scenario) throws -> String {
        let verdict = try Evaluator.evaluate(scenario.caseFile, forms: TestForms.shared)
        return try #require(verdict.missingDocuments.first { $0.code == code }?.citation)
    }

    // MARK: - 7 and 8. Two scenarios, one right and one wrong; the real store untouched

    @Test("学员练两题（一对一错）：故事、表单、评分卡都标“练习”，错题列出错误和依据、F1 显示条文；退出后正式库不变、练习库已删除、练习记录两条")
    func aTraineePlaysTwoScenariosAndTheRealStoreIsUnchanged() throws {
        let deck = try TrainingDecks.load(Self.deckFile)
        let (first, second) = try Self.twoScenarios(deck)
        let counter = try Counter(persons: Self.persons)
        try counter.addTrainee()
        let tmp = try CanbaoBinary.temporaryDirectory("canbao-tmp")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let before = try StoreState.capture(counter)
        #expect(before.counts.persons == 2 && before.counts.platformRecords == 3 && before.counts.cases == 0, "\(before.counts)")

        let t = try counter.terminal(environment: ["TMPDIR": tmp.path])
        defer { t.kill() }
        try t.login("trainee", welcome: Counter.traineeWelcome, lands: "参保 · 练习")
        var screen = try t.settle("题组列表") { !Tmux.deckRows($0).isEmpty && !$0.contains("正在读取") }
        #expect(screen.line(0).hasPrefix(" 参保 · 练习"), "\(screen)")
        let row = try #require(Tmux.deckRows(screen).first { $0.hasPrefix(" " + deck.title) }, "\(screen)")
        #expect(row == Self.deckRow(deck, played: 0, correct: 0, average: "—"), "\(screen)")
        // Logging in is written to the real store (an audit row); from here on nothing is.
        let loggedIn = try StoreState.capture(counter)
        #expect(loggedIn.chain.count == before.chain.count + 1 && Array(loggedIn.chain.prefix(before.chain.count)) == before.chain)

        // 1. Served as the story says: full marks.
        screen = try t.startDeck(deck)
        #expect(screen.isPractice, "\(screen)")
        #expect(Tmux.storyScenario(screen, in: deck)?.id == first.id, "\(screen)")
        #expect(screen.line(3).hasSuffix("办理日期：\(first.caseFile.today.chinese)"), "\(screen)")
        let story = try #require(first.story.split(separator: "\n").first).replacingOccurrences(of: " ", with: "")
        #expect(screen.lines.dropFirst(5).joined().replacingOccurrences(of: " ", with: "").hasPrefix(String(story.prefix(20))), "\(screen)")
        // The sandbox exists while the trainee practises.
        try eventually("练习库已建立") { practiceSandboxes(in: tmp).count == 1 }

        var (form, card) = try t.serveScenario(first, brought: Self.names(first.caseFile.documentsPresented))
        #expect(form.contains("当前结论：\(first.expected.decision.chinese)"), "\(form)")
        #expect(card.line(2) == " 评分：100 分  全部正确", "\(card)")
        #expect(card.line(3) == " 应有结论：\(first.expected.decision.chinese)    您的结论：\(first.expected.decision.chinese)", "\(card)")
        #expect(card.line(5) == "  无", "\(card)")
        #expect(card.message == "全部正确！Enter 下一题")

        // 2. Enter: the next scenario, never played before; every document ticked, one of them not brought.
        try t.sendKeys("Enter")
        screen = try t.settle("下一题") { Tmux.storyScenario($0, in: deck)?.id == second.id }
        #expect(screen.isPractice, "\(screen)")
        (form, card) = try t.serveScenario(second, brought: nil)
        let wrong = try Self.scoreTickingEverything(second)
        #expect(wrong.decision != second.expected.decision && !wrong.missed.isEmpty)
        let missed = try #require(wrong.missed.first)
        let missedName = TestForms.shared.documents.name(missed)
        let missedCitation = try Self.citation(of: missed, in: second)
        #expect(card.line(2) == " 评分：\(wrong.score) 分  有 \(wrong.mistakes) 处错误", "\(card)")
        #expect(card.line(3) == " 应有结论：\(second.expected.decision.chinese)    您的结论：\(wrong.decision.chinese)", "\(card)")
        #expect(card.line(5).hasPrefix("  结论应为“\(second.expected.decision.chinese)”，您的办理结果为“\(wrong.decision.chinese)”"), "\(card)")
        let mistakeRow = try #require(card.lines.firstIndex { $0.hasPrefix("  漏告知：申请人未带“\(missedName)”") }, "\(card)")
        #expect(card.line(mistakeRow).hasSuffix("（\(missedCitation)）"), "\(card)")
        #expect(card.message == "本题得分 \(wrong.score)：查看错误与依据，F1 查看条文")
        #expect(card.contains("─ 讲解"))

        // F1 on that mistake: the article, still marked 练习.
        for _ in 5..<mistakeRow { try t.sendKeys("Down") }
        try t.sendKeys("F1")
        screen = try t.settle("条文") { $0.line(1) == " 政策条文：\(missedCitation)" }
        #expect(screen.isPractice, "\(screen)")
        let article = try #require(TestForms.shared.articles.articles(for: missedCitation).first, "Forms/articles 中没有 \(missedCitation)")
        // The overlay opens at the sub-clause cited: its first line is a piece of the article's text.
        func squeezed(_ s: String) -> String { s.filter { !$0.isWhitespace } }
        let shown = squeezed(screen.line(2))
        #expect(!shown.isEmpty && squeezed(article.text).contains(shown), "\(screen)")
        try t.sendKeys("Escape")
        try t.settle("回到评分卡") { $0.line(0).contains("参保 · 练习评分") }

        // Ctrl-C in the middle of practice: the program quits and takes its sandbox with it.
        let pid = try t.programPID()
        try t.sendKeys("C-c")
        try t.waitFor("已退出参保窗口")
        try Tmux.waitForExit(pid)
        #expect(practiceSandboxes(in: tmp) == [])

        // The real store: nothing but the login, byte for byte where it matters.
        let after = try StoreState.capture(counter)
        #expect(after == loggedIn)
        #expect(after.counts.cases == 0)
        #expect(after.export == before.export)
        #expect(!FileManager.default.fileExists(atPath: counter.notices.path))
        let extra = try counter.openStore().auditLog().dropFirst(before.chain.count)
        #expect(extra.map(\.action) == ["operator.login"] && extra.first?.entityID == "trainee", "\(extra.map(\.action))")

        // training.sqlite: the two answers and their Leitner boxes.
        let training = try TrainingStore.open(home: counter.home)
        let progress = try training.progress(trainee: "trainee")
        #expect(progress.count == 1)
        #expect(progress.first?.deckID == deck.id)
        #expect(progress.first?.attempts == 2 && progress.first?.played == 2 && progress.first?.correct == 1)
        #expect(progress.first?.scores == [100, wrong.score])
        #expect(try training.box(trainee: "trainee", deckID: deck.id, scenarioID: first.id) == 2)
        #expect(try training.box(trainee: "trainee", deckID: deck.id, scenarioID: second.id) == 1)
    }

    // MARK: - 9. Progress: the wrong scenario comes back first

    @Test("两题题组：一对一错之后，答错的那题先回来；重新登录后题组显示已练 2、全对 1；审核员 F9 看到学员进度")
    func theScenarioAnsweredWronglyComesBackFirst() throws {
        let forms = try TrainingDecks.formsWithDeck(Self.deckFile, firstScenarios: 2)
        defer { try? FileManager.default.removeItem(at: forms.deletingLastPathComponent()) }
        let deck = try TrainingDecks.load(Self.deckFile, forms: forms)
        #expect(deck.scenarios.count == 2)
        let (first, second) = try Self.twoScenarios(deck)
        let wrong = try Self.scoreTickingEverything(second)
        let average = String(format: "%.0f", Double(100 + wrong.score) / 2)
        let counter = try Counter()
        try counter.addTrainee()
        try counter.addSupervisor()
        let tmp = try CanbaoBinary.temporaryDirectory("canbao-tmp")
        defer { try? FileManager.default.removeItem(at: tmp) }

        let t = try counter.terminal(forms: forms, environment: ["TMPDIR": tmp.path])
        defer { t.kill() }
        try t.login("trainee", welcome: Counter.traineeWelcome, lands: "参保 · 练习")
        var screen = try t.startDeck(deck)
        #expect(Tmux.storyScenario(screen, in: deck)?.id == first.id, "\(screen)")
        let (_, right) = try t.serveScenario(first, brought: Self.names(first.caseFile.documentsPresented))
        #expect(right.line(2) == " 评分：100 分  全部正确", "\(right)")
        try t.sendKeys("Enter")
        screen = try t.settle("第二题") { Tmux.storyScenario($0, in: deck)?.id == second.id }
        let (_, card) = try t.serveScenario(second, brought: nil)
        #expect(card.line(2).hasPrefix(" 评分：\(wrong.score) 分  有 "), "\(card)")

        // Both played: the wrong one (box 1) comes before the right one (box 2).
        try t.sendKeys("Enter")
        screen = try t.settle("下一题") { $0.line(0).contains("参保 · 练习 · ") && $0.message == "请阅读来办情形，Enter 开始办理" }
        #expect(Tmux.storyScenario(screen, in: deck)?.id == second.id, "答错的题应先回来：\n\(screen)")

        // Esc: back to the decks (the sandbox goes); the row counts both, one right.
        try t.sendKeys("Escape")
        let progressRow = Self.deckRow(deck, played: 2, correct: 1, average: average)
        screen = try t.settle("题组列表的进度") { Tmux.deckRows($0).first?.hasPrefix(" " + deck.title) == true }
        #expect(Tmux.deckRows(screen) == [progressRow], "\(screen)")
        try eventually("离开练习后练习库已删除") { practiceSandboxes(in: tmp).isEmpty }

        // Log out and in again: the progress is kept, and the wrong one is still offered first.
        try t.sendKeys("F3")
        try t.settle("已注销") { $0.line(0).hasPrefix(" 参保 · 登录") }
        try t.login("trainee", welcome: Counter.traineeWelcome, lands: "参保 · 练习")
        screen = try t.settle("重新登录后的题组列表") { Tmux.deckRows($0).first?.hasPrefix(" " + deck.title) == true }
        #expect(Tmux.deckRows(screen) == [progressRow], "\(screen)")
        screen = try t.startDeck(deck)
        #expect(Tmux.storyScenario(screen, in: deck)?.id == second.id, "\(screen)")
        try t.sendKeys("Escape")
        try t.settle("题组列表") { Tmux.deckRows($0).first?.hasPrefix(" " + deck.title) == true }
        try t.sendKeys("F10")
        try t.waitFor("已退出参保窗口")
        #expect(practiceSandboxes(in: tmp) == [])

        // A supervisor's F9: every trainee's progress.
        let s = try counter.supervisorAtQueue(forms: forms)
        defer { s.kill() }
        try s.sendKeys("F9")
        screen = try s.settle("学员进度") { $0.line(0).contains("参保 · 学员进度") && !$0.contains("正在读取") }
        let trainee = try #require(screen.lines.first { $0.hasPrefix(" 陈学员") }, "\(screen)")
        let expected = " " + DisplayWidth.pad("陈学员", to: 12) + DisplayWidth.pad(deck.title, to: 26) + DisplayWidth.pad("2", to: 6)
            + DisplayWidth.pad("2", to: 6) + DisplayWidth.pad("1", to: 6) + DisplayWidth.pad(average, to: 6) + "100 \(wrong.score)"
        #expect(trainee == expected, "\(screen)")
    }

    // MARK: - The coverage year left as the form fills it

    @Test("参保年度留空（表单默认出生当年）与情景的答案相同，不应判为错误")
    func anEmptyCoverageYearMeansTheBirthYear() throws {
        let forms = try TrainingDecks.formsWithDeck(Self.deckFile, firstScenarios: 1)
        defer { try? FileManager.default.removeItem(at: forms.deletingLastPathComponent()) }
        let deck = try TrainingDecks.load(Self.deckFile, forms: forms)
        let scenario = try #require(deck.scenarios.first)
        // The scenario asks for the birth year, which is what an empty 参保年度（出生当年） registers.
        try #require(scenario.expected.keyAnswers?["coverage_year"] == scenario.caseFile.person?.birthDate.map { "\($0.year)" })
        let counter = try Counter()
        try counter.addTrainee()
        let tmp = try CanbaoBinary.temporaryDirectory("canbao-tmp")
        defer { try? FileManager.default.removeItem(at: tmp) }

        let t = try counter.terminal(forms: forms, environment: ["TMPDIR": tmp.path])
        defer { t.kill() }
        try t.login("trainee", welcome: Counter.traineeWelcome, lands: "参保 · 练习")
        try t.startDeck(deck)
        let (form, card) = try t.serveScenario(scenario, brought: Self.names(scenario.caseFile.documentsPresented), coverageYear: false)
        #expect(form.contains("当前结论：\(scenario.expected.decision.chinese)"), "\(form)")
        // An empty coverage year is judged as the year the rules take (the year of birth).
        #expect(card.line(2) == " 评分：100 分  全部正确", "\(card)")
    }
}
