import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// The trainee's practice: decks, the story, serving the applicant in the sandbox, the score card.
@Suite struct PracticeDeskTests {
    static let trainee = OperatorInfo(id: 4, name: "trainee", displayName: "陈学员", role: .trainee)

    /// 张女士 brings her 45-day-old daughter, the birth certificate and her ID, but not the hukou booklet.
    static let scenario: Scenario = {
        var c = CaseFile(workflow: "newborn", region: "dalate", today: LocalDate("2026-01-15")!, here: "150621")
        c.person = Party(name: "王小禾", document: IdentityDocument(kind: .residentID, number: "15062120251201002X"),
                         birthDate: LocalDate("2025-12-01"), sex: .female)
        c.guardian = Cases.person("李梅", "150602198003150034")
        c.facts = ["hukou_registered": .bool(true), "deceased_before_hukou": .bool(false)]
        c.documentsPresented = ["birth-certificate", "guardian-id"]
        c.coverageYear = 2025
        return Scenario(id: "newborn-day-45-no-hukou-booklet", title: "出生45天，未带户口簿",
                        story: "李梅女士抱着出生45天的女儿王小禾来办理参保，孩子已落户（身份证号 15062120251201002X）。\n她带了出生医学证明和自己的身份证，户口簿忘在家里。",
                        caseFile: c,
                        expected: Expectation(decision: .missingDocuments, missingDocuments: ["hukou-booklet"],
                                              benefitStart: LocalDate("2025-12-01"),
                                              explanation: "90天内办理，自出生之日起报销；户籍已登记须核对户口簿，一次性告知补交。",
                                              citations: ["内蒙古细则 第十二条（一）1"], keyAnswers: ["coverage_year": "2025"]))
    }()

    static let practice = PracticeScenario(deckID: "newborn-basics", deckTitle: "新生儿入门", scenario: scenario)

    static func atDecks(cols: Int = 80, rows: Int = 24) -> DeskDriver {
        var d = DeskDriver(cols: cols, rows: rows, today: "2026-11-23")
        d.send(.started(hasOperators: true))
        d.send(.loggedIn(trainee))
        d.send(.decksLoaded([DeckSummary(id: "newborn-basics", title: "新生儿入门", level: "入门", tags: ["新生儿", "90天"],
                                         scenarioCount: 12, played: 3, correct: 2, lastScore: 80, averageScore: 76.7)]))
        return d
    }

    @Test func aTraineeLandsOnTheDecks() {
        var d = DeskDriver(today: "2026-11-23")
        d.send(.started(hasOperators: true))
        #expect(d.send(.loggedIn(Self.trainee)) == [.loadDecks])
    }

    @Test func servingTheStoryRightScoresFullMarks() {
        var d = Self.atDecks()
        #expect(d.key(.enter) == [.startPractice(deckID: "newborn-basics")])
        d.send(.practiceStarted(Self.practice))
        #expect(d.text.contains("练习"))
        #expect(d.text.contains("户口簿忘在家里"))
        d.key(.enter)
        #expect(d.form?.practice == Self.practice)
        #expect(d.form?.caseFile.today == LocalDate("2026-01-15"))
        DeskFlowTests.fillNewborn(&d)
        d.keys(.function(6), .char(" "), .down, .char(" "))
        let effects = d.key(.function(10))
        #expect(effects.last == .recordPractice(deckID: "newborn-basics", scenarioID: "newborn-day-45-no-hukou-booklet", score: 100, correct: true))
        #expect(!effects.contains { if case .submit = $0 { return true } else { return false } })
        guard case let .scoreCard(card) = d.state.screen else { Issue.record("no score card"); return }
        #expect(card.card.score == 100)
        #expect(d.key(.enter) == [.startPractice(deckID: "newborn-basics")])
    }

    @Test func tickingADocumentThatWasNotBroughtIsAMistakeWithItsArticle() {
        var d = Self.atDecks()
        d.key(.enter)
        d.send(.practiceStarted(Self.practice))
        d.key(.enter)
        DeskFlowTests.fillNewborn(&d, year: "2026")
        d.keys(.function(6), .char(" "), .down, .char(" "), .down, .char(" "))
        d.key(.function(10))
        guard case let .scoreCard(s) = d.state.screen else { Issue.record("no score card"); return }
        #expect(s.card.correct == false)
        #expect(s.card.mistakes.map(\.kind) == [.decision, .missedDocument, .keyAnswer])
        #expect(s.card.mistakes[1].citation == "国家规程 第十五条 3")
        #expect(s.card.mistakes[2].message == "“参保年度（出生当年）”应为 2025，您填写的是 2026")
        #expect(s.card.score == 20)
        d.key(.down)
        d.key(.function(1))
        guard case let .article(a)? = d.state.overlay else { Issue.record("no article"); return }
        #expect(a.citation == "国家规程 第十五条 3")
    }

    @Test func leavingPracticeDropsTheSandbox() {
        var d = Self.atDecks()
        d.key(.enter)
        d.send(.practiceStarted(Self.practice))
        d.key(.enter)
        // One Esc threw the answers away (a real form keeps its draft on Esc): it asks first, any key cancels.
        #expect(d.key(.escape) == [])
        #expect(d.state.message == .info("再按 Esc 放弃本题（不计分），按其他键继续作答"))
        d.key(.right)
        #expect(d.key(.escape) == [])
        #expect(d.key(.escape) == [.endPractice, .loadDecks])
        #expect(d.state.message == .info("已放弃本题"))
    }

    @Test func goldenScreens() {
        for (cols, rows) in [(80, 24), (120, 40)] {
            var d = Self.atDecks(cols: cols, rows: rows)
            Golden.check(d.screen, "practice-decks-\(cols)x\(rows)")
            d.key(.enter)
            d.send(.practiceStarted(Self.practice))
            Golden.check(d.screen, "practice-story-\(cols)x\(rows)")
            d.key(.enter)
            DeskFlowTests.fillNewborn(&d, year: "2026")
            d.keys(.function(6), .char(" "), .down, .char(" "), .down, .char(" "), .function(10))
            Golden.check(d.screen, "practice-score-\(cols)x\(rows)")
        }
    }
}
