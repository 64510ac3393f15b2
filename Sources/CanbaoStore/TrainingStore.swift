import CanbaoRules
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Trainees' practice (练习记录): every answer to a deck scenario, the spaced-repetition boxes, progress per deck.
///
/// Its own SQLite file (`training.sqlite`, WAL, 0600) beside the counter's store, with its own migrations: practice
/// never opens, creates or writes `canbao.sqlite`.
public final class TrainingStore: Sendable {
    public static let fileName = "training.sqlite"
    /// Leitner boxes 1…5 (`box` returns 0 for never played).
    public static let topBox = 5

    /// Path of the database file.
    public let path: String
    private let writer: DatabasePool
    private let now: @Sendable () -> Date

    /// One answer of one trainee to one scenario.
    public struct Attempt: Hashable, Sendable {
        public var trainee: String
        public var deckID: String
        public var scenarioID: String
        /// 0…100.
        public var score: Int
        public var correct: Bool
        public var at: Date

        public init(trainee: String, deckID: String, scenarioID: String, score: Int, correct: Bool, at: Date) {
            self.trainee = trainee
            self.deckID = deckID
            self.scenarioID = scenarioID
            self.score = score
            self.correct = correct
            self.at = at
        }
    }

    /// One trainee's figures for one deck.
    public struct DeckProgress: Hashable, Sendable {
        public var trainee: String
        public var deckID: String
        public var attempts: Int
        /// Distinct scenarios answered at least once.
        public var played: Int
        /// Scenarios whose last attempt was correct.
        public var correct: Int
        public var averageScore: Double?
        public var lastScore: Int?
        public var lastAt: Date?
        /// Every score, oldest first ("scores over time").
        public var scores: [Int]

        public init(trainee: String, deckID: String, attempts: Int, played: Int, correct: Int, averageScore: Double?,
                    lastScore: Int?, lastAt: Date?, scores: [Int]) {
            self.trainee = trainee
            self.deckID = deckID
            self.attempts = attempts
            self.played = played
            self.correct = correct
            self.averageScore = averageScore
            self.lastScore = lastScore
            self.lastAt = lastAt
            self.scores = scores
        }
    }

    // MARK: - Opening

    /// Opens (creating if needed) the training file at `path` and brings its schema up to date.
    public init(path: String, now: @escaping @Sendable () -> Date = { Date() }) throws {
        self.path = path
        self.now = now
        writer = try StoreError.mapping {
            try CounterStore.withFileLock(path + ".lock") {
                try CounterStore.createPrivateFile(path)
                var config = Configuration()
                config.busyMode = BusyWait.mode(timeout: 10)
                let pool = try DatabasePool(path: path, configuration: config)
                try TrainingStore.migrate(pool)
                return pool
            }
        }
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            chmod(path + suffix, 0o600)
        }
    }

    /// Opens the training file in a home directory (`$CANBAO_HOME`), creating the directory with mode 0700.
    public static func open(home: URL, now: @escaping @Sendable () -> Date = { Date() }) throws -> TrainingStore {
        try CounterStore.createPrivateDirectory(home)
        return try TrainingStore(path: home.appendingPathComponent(fileName).path, now: now)
    }

    /// Names of the migrations applied to this file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try StoreError.mapping { try writer.read { db in try TrainingMigrations.migrator.appliedMigrations(db) } }
    }

    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = TrainingMigrations.migrator
        let applied = try pool.read { db -> [String] in
            try db.tableExists("grdb_migrations") ? String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
        }
        let unknown = applied.filter { !migrator.migrations.contains($0) }
        if !unknown.isEmpty { throw StoreError.schemaTooNew(unknown: unknown.sorted()) }
        if Set(applied) == Set(migrator.migrations) { return }
        try migrator.migrate(pool)
    }

    // MARK: - Recording

    /// Records one answer and moves the scenario's box: up one (at most 5) when correct, back to 1 when wrong. New
    /// scenarios start in box 1, so a first right answer lands in box 2 and a first wrong one stays in box 1.
    @discardableResult
    public func record(trainee: String, deckID: String, scenarioID: String, score: Int, correct: Bool) throws -> Attempt {
        for (field, value) in [("trainee", trainee), ("deck", deckID), ("scenario", scenarioID)]
        where value.trimmed(.whitespaces).isEmpty {
            throw StoreError.invalidInput(field: field, reason: "不能为空")
        }
        guard (0...100).contains(score) else {
            throw StoreError.invalidInput(field: "score", reason: "应为 0 至 100，实际为 \(score)")
        }
        let at = now()
        return try StoreError.mapping {
            try writer.write { db in
                try db.execute(sql: """
                    INSERT INTO attempt (trainee, deck_id, scenario_id, score, correct, at) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [trainee, deckID, scenarioID, score, correct, at])
                let attemptID = db.lastInsertedRowID
                let current = try Int.fetchOne(db, sql: """
                    SELECT box FROM schedule WHERE trainee = ? AND deck_id = ? AND scenario_id = ?
                    """, arguments: [trainee, deckID, scenarioID]) ?? 0
                // A scenario not yet played counts as box 1 (a first right answer moves it to box 2).
                let box = correct ? min(max(current, 1) + 1, TrainingStore.topBox) : 1
                try db.execute(sql: """
                    INSERT INTO schedule (trainee, deck_id, scenario_id, box, last_attempt_id, last_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (trainee, deck_id, scenario_id) DO UPDATE SET
                        box = excluded.box, last_attempt_id = excluded.last_attempt_id, last_at = excluded.last_at
                    """, arguments: [trainee, deckID, scenarioID, box, attemptID, at])
                return Attempt(trainee: trainee, deckID: deckID, scenarioID: scenarioID, score: score,
                               correct: correct, at: at)
            }
        }
    }

    // MARK: - Scheduling

    /// Leitner boxes: a correct answer moves the scenario up one box (max 5), a wrong one back to box 1. The next
    /// scenario is: one never played (in deck order) if any, else the one in the lowest box, oldest attempt first.
    /// A scenario answered wrongly therefore comes back before ones answered right.
    public func nextScenario(trainee: String, deckID: String, scenarioIDs: [String]) throws -> String? {
        let slots = try schedule(trainee: trainee, deckID: deckID)
        if let fresh = scenarioIDs.first(where: { slots[$0] == nil }) { return fresh }
        return scenarioIDs.compactMap { id in slots[id].map { (id, $0) } }
            .min { a, b in
                if a.1.box != b.1.box { return a.1.box < b.1.box }
                if a.1.lastAt != b.1.lastAt { return a.1.lastAt < b.1.lastAt }
                return a.1.lastAttemptID < b.1.lastAttemptID
            }?.0
    }

    /// The scenario's box, 1…5, or 0 when the trainee never played it.
    public func box(trainee: String, deckID: String, scenarioID: String) throws -> Int {
        try StoreError.mapping {
            try writer.read { db in
                try Int.fetchOne(db, sql: "SELECT box FROM schedule WHERE trainee = ? AND deck_id = ? AND scenario_id = ?",
                                 arguments: [trainee, deckID, scenarioID]) ?? 0
            }
        }
    }

    private struct Slot { var box: Int; var lastAt: Date; var lastAttemptID: Int64 }

    private func schedule(trainee: String, deckID: String) throws -> [String: Slot] {
        try StoreError.mapping {
            try writer.read { db in
                var slots: [String: Slot] = [:]
                let rows = try Row.fetchAll(db, sql: """
                    SELECT scenario_id, box, last_at, last_attempt_id FROM schedule WHERE trainee = ? AND deck_id = ?
                    """, arguments: [trainee, deckID])
                for row in rows {
                    slots[row["scenario_id"]] = Slot(box: row["box"], lastAt: row["last_at"], lastAttemptID: row["last_attempt_id"])
                }
                return slots
            }
        }
    }

    // MARK: - Progress

    /// One trainee's progress, one entry per deck played, by deck id.
    public func progress(trainee: String) throws -> [DeckProgress] {
        try progress(whereSQL: "WHERE trainee = ?", arguments: [trainee])
    }

    /// Every trainee's progress in every deck they played, by trainee then deck (for supervisors).
    public func allProgress() throws -> [DeckProgress] {
        try progress(whereSQL: "", arguments: [])
    }

    private func progress(whereSQL: String, arguments: StatementArguments) throws -> [DeckProgress] {
        let attempts: [(id: Int64, attempt: Attempt)] = try StoreError.mapping {
            try writer.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT id, trainee, deck_id, scenario_id, score, correct, at FROM attempt \(whereSQL)
                    ORDER BY trainee, deck_id, at, id
                    """, arguments: arguments).map { row in
                    (row["id"], Attempt(trainee: row["trainee"], deckID: row["deck_id"], scenarioID: row["scenario_id"],
                                        score: row["score"], correct: row["correct"], at: row["at"]))
                }
            }
        }
        var result: [DeckProgress] = []
        var index = 0
        while index < attempts.count {
            let first = attempts[index].attempt
            var group: [Attempt] = []
            while index < attempts.count, attempts[index].attempt.trainee == first.trainee,
                  attempts[index].attempt.deckID == first.deckID {
                group.append(attempts[index].attempt)
                index += 1
            }
            var last: [String: Bool] = [:]
            for attempt in group { last[attempt.scenarioID] = attempt.correct }
            let scores = group.map(\.score)
            result.append(DeckProgress(
                trainee: first.trainee, deckID: first.deckID, attempts: group.count, played: last.count,
                correct: last.values.filter { $0 }.count,
                averageScore: Double(scores.reduce(0, +)) / Double(scores.count),
                lastScore: group.last?.score, lastAt: group.last?.at, scores: scores))
        }
        return result
    }
}

/// The training file's schema history: named SQL-only steps, never edited once landed.
enum TrainingMigrations {
    static let v1AttemptsSchedule = "v1-attempts-schedule"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(v1AttemptsSchedule) { db in
            try db.execute(sql: """
                CREATE TABLE attempt (
                    id INTEGER PRIMARY KEY,
                    trainee TEXT NOT NULL,
                    deck_id TEXT NOT NULL,
                    scenario_id TEXT NOT NULL,
                    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
                    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
                    at TEXT NOT NULL
                );
                CREATE INDEX attempt_trainee_deck ON attempt(trainee, deck_id, at);

                -- The Leitner box of each scenario a trainee has played; derived from attempt, written with it.
                CREATE TABLE schedule (
                    trainee TEXT NOT NULL,
                    deck_id TEXT NOT NULL,
                    scenario_id TEXT NOT NULL,
                    box INTEGER NOT NULL CHECK (box BETWEEN 1 AND 5),
                    last_attempt_id INTEGER NOT NULL REFERENCES attempt(id),
                    last_at TEXT NOT NULL,
                    PRIMARY KEY (trainee, deck_id, scenario_id)
                );
                """)
        }
        return migrator
    }
}
