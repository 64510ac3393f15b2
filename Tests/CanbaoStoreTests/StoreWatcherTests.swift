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
        let watcher = try #require(try hall.store.watcher())
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
}
