import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// What lets a supervisor's queue refresh without a key: a commit by another terminal (SQLite) or another hall
/// (PostgreSQL) is noticed on the next look, once, and nothing is noticed while nobody writes.
@Suite struct StoreWatcherTests {
    @Test(arguments: TestBackend.all) func anotherTerminalsCommitIsNoticedOnce(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let watcher = hall.store.watcher()
        #expect(!watcher.changed(), "the first look only takes note")
        #expect(!watcher.changed(), "nobody wrote")
        // Another terminal (its own connections, as another process would have) raises a request for approval.
        let other = try Fixture.reopen(hall.store)
        let clerk = hall.clerk.id
        _ = try other.upsertPerson(Fixture.person("李四", number: Fixture.residentID(birth: "1990-01-01", sequence: 21)),
                                   by: .operator(clerk))
        #expect(watcher.changed())
        #expect(!watcher.changed(), "noticed once")
    }

    /// The watcher's connection opens at its first look, not when it is made (the counter screen makes it before its
    /// first frame, issue #17): made for a store that is not there yet, it looks in vain until the store appears,
    /// then takes note and notices the next commit.
    @Test func theConnectionOpensAtTheFirstLook() throws {
        let home = try CanbaoBinary.temporaryDirectory("watcher-test")
        defer { try? FileManager.default.removeItem(at: home) }
        let watcher = StoreWatcher(path: home.appendingPathComponent(CounterStore.fileName).path)
        #expect(!watcher.changed(), "no store yet: nothing to notice, and no error")
        let store = try Fixture.store(in: home)
        let admin = try store.addOperator(name: "admin", displayName: "管理员", role: .admin, password: "Hall-pass-2026",
                                          by: .system("test"))
        #expect(!watcher.changed(), "the first look that reads the store only takes note")
        _ = try store.upsertPerson(Fixture.person("李四", number: Fixture.residentID(birth: "1990-01-01", sequence: 21)),
                                   by: .operator(admin.id))
        #expect(watcher.changed())
        #expect(!watcher.changed(), "noticed once")
    }
}
