import CanbaoRules
@testable import CanbaoStore
import Foundation
import GRDB
import Testing

@Suite("Locks held by other processes")
struct LockingTests {
    /// Another connection (as another terminal's process would) holding the write lock until told to commit.
    private func holdWriteLock(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.allowsUnsafeTransactions = true
        let blocker = try DatabaseQueue(path: path, configuration: config)
        try blocker.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE") }
        return blocker
    }

    @Test func readersAreNotBlockedAndWritersWaitTheirTurn() throws {
        let clock = TestClock()
        let store = try Fixture.store(clock: clock)
        let first = try store.upsertPerson(Fixture.person("张三", number: "E10000001", kind: .foreignPassport),
                                           by: .system("test"))
        let blocker = try holdWriteLock(store.path)
        #expect(try store.person(id: first.id)?.name == "张三", "WAL readers never wait for a writer")

        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
            try? blocker.inDatabase { try $0.execute(sql: "COMMIT") }
        }
        let started = Date()
        let second = try store.upsertPerson(Fixture.person("李四", number: "E10000002", kind: .foreignPassport),
                                            by: .system("test"))
        #expect(Date().timeIntervalSince(started) >= 0.25, "the write waited for the lock instead of failing")
        #expect(second.name == "李四")
        #expect(try store.counts().persons == 2)
        try blocker.close()
    }

    @Test func aLockOutlastingTheTimeoutIsAClearErrorNotSQLiteBusy() throws {
        let store = try Fixture.store()
        let impatient = try CounterStore(path: store.path,
                                         options: CounterStore.Options(passwordIterations: PasswordHash.minimumIterations,
                                                                       busyTimeout: 0.2))
        let blocker = try holdWriteLock(store.path)
        // A terminal starting now opens an up-to-date store without needing the write lock.
        let starting = try CounterStore(path: store.path,
                                        options: CounterStore.Options(passwordIterations: PasswordHash.minimumIterations,
                                                                      busyTimeout: 0.2))
        #expect(try starting.counts().persons == 0)
        #expect(throws: StoreError.busy) {
            try impatient.upsertPerson(Fixture.person("王五", number: "E10000003", kind: .foreignPassport),
                                       by: .system("test"))
        }
        #expect(StoreError.busy.description == "数据库正忙（其他终端正在写入），请稍后重试")
        try blocker.inDatabase { try $0.execute(sql: "ROLLBACK") }
        try blocker.close()
        #expect(try impatient.upsertPerson(Fixture.person("王五", number: "E10000003", kind: .foreignPassport),
                                           by: .system("test")).name == "王五")
    }
}
