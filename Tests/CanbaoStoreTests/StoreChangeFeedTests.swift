@testable import CanbaoPostgres
import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// PostgreSQL pushes each commit to the watchers of every hall (LISTEN/NOTIFY): a supervisor's queue refreshes at
/// once, without anyone looking, and a write that does not commit tells nobody. While the listening connection is
/// lost the watcher looks at the audit head, and the push comes back by itself.
@Suite("Commits pushed by PostgreSQL", .enabled(if: TestPostgres.runs, "PostgreSQL 不可用"))
struct StoreChangeFeedTests {
    @Test func anotherStoresCommitReachesTheWatcherWithoutPolling() throws {
        let hall = try Hall(.postgres)
        let watcher = hall.store.watcher()
        let pushes = Pushes()
        watcher.start(pollInterval: nil) { pushes.record() }
        defer { watcher.stop() }
        try waitUntil("the watcher listens") { watcher.isListening }
        let before = pushes.count

        let other = try Fixture.reopen(hall.store)
        let started = Date()
        _ = try other.upsertPerson(Fixture.person("李四", number: Fixture.residentID(birth: "1990-01-01", sequence: 21)),
                                   by: .operator(hall.clerk.id))
        #expect(pushes.wait(forMoreThan: before, seconds: 2), "no push within 2 s")
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func theNotificationCarriesTheCommittedAuditHead() throws {
        let hall = try Hall(.postgres)
        let heads = Heads()
        let feed = try #require(hall.store.backend.changeFeed { head in heads.record(head) })
        defer { feed.stop() }
        try waitUntil("the feed listens") { feed.isListening }
        let other = try Fixture.reopen(hall.store)
        _ = try other.upsertPerson(Fixture.person("李四", number: Fixture.residentID(birth: "1990-01-01", sequence: 21)),
                                   by: .operator(hall.clerk.id))
        let head = try #require(try other.auditHead()).seq
        try waitUntil("the head is pushed") { heads.values.contains(Int(head)) }
    }

    @Test func aRolledBackWriteNotifiesNobody() throws {
        let hall = try Hall(.postgres)
        let heads = Heads()
        let feed = try #require(hall.store.backend.changeFeed { head in heads.record(head) })
        defer { feed.stop() }
        try waitUntil("the feed listens") { feed.isListening }
        let other = try Fixture.reopen(hall.store)
        let head = Int(try #require(try other.auditHead()).seq)
        // A write sealed into the chain (its NOTIFY sent) that then fails before it commits.
        struct Abandoned: Error {}
        #expect(throws: Abandoned.self) {
            try other.backend.write { db in
                db.journal.reset()
                try other.appendAudit(db, actor: .system("test"), action: "test.abandoned", entity: "store", entityID: nil,
                                      detail: [:], at: Date())
                try other.seal(db)
                throw Abandoned()
            }
        }
        #expect(Int(try #require(try other.auditHead()).seq) == head, "nothing of it is kept")
        // Give a wrongly delivered notification time to arrive, then show that a committed write does arrive.
        Thread.sleep(forTimeInterval: 1)
        #expect(!heads.values.contains(head + 1), "the abandoned write was announced")
        _ = try other.upsertPerson(Fixture.person("李四", number: Fixture.residentID(birth: "1990-01-01", sequence: 21)),
                                   by: .operator(hall.clerk.id))
        try waitUntil("the committed write is pushed") { heads.values.contains(head + 1) }
    }

    @Test func aLostListenerFallsBackToLookingAndListensAgain() throws {
        let hall = try Hall(.postgres)
        let watcher = hall.store.watcher()
        let pushes = Pushes()
        watcher.start(pollInterval: 0.2) { pushes.record() }
        defer { watcher.stop() }
        try waitUntil("the watcher listens") { watcher.isListening }

        // The listening connection is cut (as a server restart or a network drop would).
        let killed = try TestPostgres.psql(hall.store.path, """
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE application_name = '\(PostgresChangeFeed.applicationName)' AND datname = current_database()
            """)
        #expect(killed == "1")
        try waitUntil("the watcher notices the loss") { !watcher.isListening }
        try waitUntil("the watcher listens again") { watcher.isListening }
        let before = pushes.count
        let other = try Fixture.reopen(hall.store)
        _ = try other.upsertPerson(Fixture.person("李四", number: Fixture.residentID(birth: "1990-01-01", sequence: 21)),
                                   by: .operator(hall.clerk.id))
        #expect(pushes.wait(forMoreThan: before, seconds: 2))
    }

    @Test func withoutAPushTheWatcherLooksEveryInterval() throws {
        // SQLite has no server to push: the same `start` looks at data_version every interval.
        let hall = try Hall(.sqlite)
        let watcher = hall.store.watcher()
        let pushes = Pushes()
        _ = watcher.changed()
        watcher.start(pollInterval: 0.1) { pushes.record() }
        defer { watcher.stop() }
        #expect(!watcher.isListening)
        let other = try Fixture.reopen(hall.store)
        _ = try other.upsertPerson(Fixture.person("李四", number: Fixture.residentID(birth: "1990-01-01", sequence: 21)),
                                   by: .operator(hall.clerk.id))
        #expect(pushes.wait(forMoreThan: 0, seconds: 2))
    }
}

/// Waits (up to 10 s) until `condition` holds, else fails naming `what`.
private func waitUntil(_ what: String, _ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(10)
    while !condition() {
        guard Date() < deadline else { throw Timeout(what: what) }
        Thread.sleep(forTimeInterval: 0.02)
    }
}

private struct Timeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting until \(what)" }
}

/// How many times the watcher called back.
private final class Pushes: @unchecked Sendable {
    private let condition = NSCondition()
    private var calls = 0

    func record() {
        condition.lock()
        calls += 1
        condition.broadcast()
        condition.unlock()
    }

    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return calls
    }

    func wait(forMoreThan count: Int, seconds: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while calls <= count {
            guard condition.wait(until: deadline) else { return calls > count }
        }
        return true
    }
}

/// The audit heads a feed was told of.
private final class Heads: @unchecked Sendable {
    private let lock = NSLock()
    private var heads: [Int] = []

    func record(_ head: Int?) {
        guard let head else { return }
        lock.lock()
        heads.append(head)
        lock.unlock()
    }

    var values: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return heads
    }
}
