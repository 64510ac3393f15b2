import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Practice progress in its own file: spaced repetition, scores over time, the supervisor's view, and no trace in
/// the counter's store.
@Suite struct TrainingStoreTests {
    static let deck = ["day-45", "forgot-booklet", "before-hukou", "december-baby"]

    static func training(clock: TestClock = TestClock()) throws -> (TrainingStore, URL) {
        let home = try CanbaoBinary.temporaryDirectory("training").appendingPathComponent("home")
        return (try TrainingStore.open(home: home, now: { clock.now() }), home)
    }

    @Test func neverPlayedScenariosComeFirstInDeckOrder() throws {
        let (store, _) = try Self.training()
        #expect(try store.nextScenario(trainee: "t1", deckID: "d", scenarioIDs: Self.deck) == "day-45")
        try store.record(trainee: "t1", deckID: "d", scenarioID: "day-45", score: 100, correct: true)
        #expect(try store.nextScenario(trainee: "t1", deckID: "d", scenarioIDs: Self.deck) == "forgot-booklet")
        // A wrong answer does not jump the queue of scenarios never seen.
        try store.record(trainee: "t1", deckID: "d", scenarioID: "forgot-booklet", score: 20, correct: false)
        #expect(try store.nextScenario(trainee: "t1", deckID: "d", scenarioIDs: Self.deck) == "before-hukou")
        // Another trainee, or another deck, starts from the beginning.
        #expect(try store.nextScenario(trainee: "t2", deckID: "d", scenarioIDs: Self.deck) == "day-45")
        #expect(try store.nextScenario(trainee: "t1", deckID: "other", scenarioIDs: Self.deck) == "day-45")
        #expect(try store.nextScenario(trainee: "t1", deckID: "d", scenarioIDs: []) == nil)
    }

    @Test func wrongAnswersComeBackBeforeRightOnes() throws {
        let (store, _) = try Self.training()
        // Played in deck order: right, wrong, right, right.
        try store.record(trainee: "t", deckID: "d", scenarioID: "day-45", score: 100, correct: true)
        try store.record(trainee: "t", deckID: "d", scenarioID: "forgot-booklet", score: 40, correct: false)
        try store.record(trainee: "t", deckID: "d", scenarioID: "before-hukou", score: 90, correct: true)
        try store.record(trainee: "t", deckID: "d", scenarioID: "december-baby", score: 100, correct: true)
        #expect(try store.nextScenario(trainee: "t", deckID: "d", scenarioIDs: Self.deck) == "forgot-booklet")

        // Now right: box 2 like the others; the tie goes to the oldest attempt.
        try store.record(trainee: "t", deckID: "d", scenarioID: "forgot-booklet", score: 100, correct: true)
        #expect(try store.nextScenario(trainee: "t", deckID: "d", scenarioIDs: Self.deck) == "day-45")
        try store.record(trainee: "t", deckID: "d", scenarioID: "day-45", score: 100, correct: true)
        #expect(try store.nextScenario(trainee: "t", deckID: "d", scenarioIDs: Self.deck) == "before-hukou")

        // A scenario in a high box answered wrongly drops to box 1 and comes next.
        try store.record(trainee: "t", deckID: "d", scenarioID: "day-45", score: 0, correct: false)
        #expect(try store.nextScenario(trainee: "t", deckID: "d", scenarioIDs: Self.deck) == "day-45")
        // Scenarios no longer in the deck are not offered.
        #expect(try store.nextScenario(trainee: "t", deckID: "d", scenarioIDs: ["before-hukou", "december-baby"]) == "before-hukou")
    }

    @Test func tiesGoToTheOldestAttemptEvenWhenRecordedOutOfClockOrder() throws {
        let clock = TestClock()
        let (store, _) = try Self.training(clock: clock)
        clock.set(Date(timeIntervalSince1970: 1_772_352_000 + 3600))
        try store.record(trainee: "t", deckID: "d", scenarioID: "a", score: 100, correct: true)
        clock.set(Date(timeIntervalSince1970: 1_772_352_000))
        try store.record(trainee: "t", deckID: "d", scenarioID: "b", score: 100, correct: true)
        // Same box; b's attempt is an hour older.
        #expect(try store.nextScenario(trainee: "t", deckID: "d", scenarioIDs: ["a", "b"]) == "b")
    }

    @Test func boxesMoveUpOneWhenRightAndBackToOneWhenWrong() throws {
        let (store, _) = try Self.training()
        func box() throws -> Int { try store.box(trainee: "t", deckID: "d", scenarioID: "s") }
        #expect(try box() == 0)
        var seen: [Int] = []
        for _ in 0..<6 {
            try store.record(trainee: "t", deckID: "d", scenarioID: "s", score: 100, correct: true)
            seen.append(try box())
        }
        #expect(seen == [2, 3, 4, 5, 5, 5])
        try store.record(trainee: "t", deckID: "d", scenarioID: "s", score: 30, correct: false)
        #expect(try box() == 1)
        try store.record(trainee: "t", deckID: "d", scenarioID: "s", score: 30, correct: false)
        #expect(try box() == 1)
        try store.record(trainee: "t", deckID: "d", scenarioID: "s", score: 100, correct: true)
        #expect(try box() == 2)
        // A wrong first answer starts in box 1 too.
        try store.record(trainee: "t", deckID: "d", scenarioID: "w", score: 0, correct: false)
        #expect(try store.box(trainee: "t", deckID: "d", scenarioID: "w") == 1)
        #expect(try store.box(trainee: "other", deckID: "d", scenarioID: "s") == 0)
    }

    @Test func progressFiguresWithAnInjectedClock() throws {
        let clock = TestClock()
        let (store, _) = try Self.training(clock: clock)
        let first = try store.record(trainee: "li", deckID: "newborn", scenarioID: "a", score: 60, correct: false)
        #expect(first == TrainingStore.Attempt(trainee: "li", deckID: "newborn", scenarioID: "a", score: 60,
                                               correct: false, at: Date(timeIntervalSince1970: 1_772_352_000)))
        try store.record(trainee: "li", deckID: "newborn", scenarioID: "b", score: 100, correct: true)
        try store.record(trainee: "li", deckID: "newborn", scenarioID: "a", score: 90, correct: true)
        try store.record(trainee: "li", deckID: "newborn", scenarioID: "b", score: 50, correct: false)
        try store.record(trainee: "li", deckID: "veteran", scenarioID: "x", score: 80, correct: true)
        try store.record(trainee: "wang", deckID: "newborn", scenarioID: "a", score: 100, correct: true)

        let li = try store.progress(trainee: "li")
        #expect(li == [
            TrainingStore.DeckProgress(trainee: "li", deckID: "newborn", attempts: 4, played: 2, correct: 1,
                                       averageScore: 75, lastScore: 50,
                                       lastAt: Date(timeIntervalSince1970: 1_772_352_003), scores: [60, 100, 90, 50]),
            TrainingStore.DeckProgress(trainee: "li", deckID: "veteran", attempts: 1, played: 1, correct: 1,
                                       averageScore: 80, lastScore: 80,
                                       lastAt: Date(timeIntervalSince1970: 1_772_352_004), scores: [80]),
        ])
        #expect(try store.progress(trainee: "nobody") == [])

        let all = try store.allProgress()
        #expect(all.map { "\($0.trainee)/\($0.deckID)" } == ["li/newborn", "li/veteran", "wang/newborn"])
        #expect(all[2] == TrainingStore.DeckProgress(trainee: "wang", deckID: "newborn", attempts: 1, played: 1,
                                                     correct: 1, averageScore: 100, lastScore: 100,
                                                     lastAt: Date(timeIntervalSince1970: 1_772_352_005), scores: [100]))
    }

    @Test func progressSurvivesReopening() throws {
        let clock = TestClock()
        let (store, home) = try Self.training(clock: clock)
        try store.record(trainee: "li", deckID: "d", scenarioID: "a", score: 70, correct: true)
        let reopened = try TrainingStore.open(home: home, now: { clock.now() })
        #expect(try reopened.progress(trainee: "li").map(\.scores) == [[70]])
        #expect(try reopened.box(trainee: "li", deckID: "d", scenarioID: "a") == 2)
        #expect(try reopened.appliedMigrations() == ["v1-attempts-schedule"])
    }

    @Test func badInputIsRefused() throws {
        let (store, _) = try Self.training()
        #expect(throws: StoreError.invalidInput(field: "score", reason: "应为 0 至 100，实际为 101")) {
            try store.record(trainee: "t", deckID: "d", scenarioID: "s", score: 101, correct: true)
        }
        #expect(throws: StoreError.self) {
            try store.record(trainee: "t", deckID: "d", scenarioID: "s", score: -1, correct: false)
        }
        #expect(throws: StoreError.invalidInput(field: "trainee", reason: "不能为空")) {
            try store.record(trainee: " ", deckID: "d", scenarioID: "s", score: 50, correct: false)
        }
        #expect(try store.allProgress() == [])
    }

    @Test func theFileIsPrivateAndInWALMode() throws {
        let (store, home) = try Self.training()
        try store.record(trainee: "t", deckID: "d", scenarioID: "s", score: 100, correct: true)
        let path = home.appendingPathComponent(TrainingStore.fileName).path
        #expect(store.path == path)
        #expect(try Fixture.mode(path) == 0o600)
        #expect(try Fixture.mode(home.path) == 0o700)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            #expect(try Fixture.mode(path + suffix) == 0o600)
        }
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func practiceNeverCreatesTheCounterStore() throws {
        let (store, home) = try Self.training()
        try store.record(trainee: "t", deckID: "d", scenarioID: "s", score: 100, correct: true)
        _ = try store.allProgress()
        let names = try FileManager.default.contentsOfDirectory(atPath: home.path)
        #expect(!names.contains { $0.hasPrefix("canbao.sqlite") }, "\(names)")
        #expect(names.allSatisfy { $0.hasPrefix(TrainingStore.fileName) }, "\(names)")
    }

    @Test func practiceNeverTouchesAnExistingCounterStore() throws {
        let home = try CanbaoBinary.temporaryDirectory("training-beside").appendingPathComponent("home")
        let counter = try Fixture.store(in: home)
        try counter.addOperator(name: "trainee1", displayName: "学员一", role: .trainee, password: "Hall-pass-2026",
                                by: .system("test"))
        let counterFiles = try FileManager.default.contentsOfDirectory(atPath: home.path)
            .filter { $0.hasPrefix(CounterStore.fileName) }.sorted()
        func snapshot() throws -> [String: (Data, Date)] {
            var result: [String: (Data, Date)] = [:]
            for name in counterFiles {
                let path = home.appendingPathComponent(name).path
                let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
                result[name] = (try Data(contentsOf: URL(fileURLWithPath: path)), modified)
            }
            return result
        }
        let before = try snapshot()

        let training = try TrainingStore.open(home: home)
        for i in 0..<20 {
            try training.record(trainee: "trainee1", deckID: "d", scenarioID: "s\(i % 4)", score: i * 5, correct: i % 3 != 0)
        }
        _ = try training.nextScenario(trainee: "trainee1", deckID: "d", scenarioIDs: ["s0", "s1", "s2", "s3"])
        _ = try training.allProgress()

        let after = try snapshot()
        #expect(Set(after.keys) == Set(before.keys))
        for (name, (data, modified)) in before {
            #expect(after[name]?.0 == data, "\(name) changed")
            #expect(after[name]?.1 == modified, "\(name) was written")
        }
        let afterNames = try FileManager.default.contentsOfDirectory(atPath: home.path)
            .filter { $0.hasPrefix(CounterStore.fileName) }.sorted()
        #expect(afterNames == counterFiles)
        // And the counter's store has no training tables.
        let tables = try counter.appliedMigrations()
        #expect(!tables.contains { $0.contains("attempt") })
    }
}
