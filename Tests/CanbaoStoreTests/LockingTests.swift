import CanbaoRules
@testable import CanbaoStore
import Foundation
import GRDB
import Synchronization
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

    /// Four terminals writing back to back, each waiting for the others' locks. SQLite's own busy timeout looks again
    /// after 1, 2, 5 … ms, then only every 100 ms, so a writer that has waited a while almost never finds the lock
    /// free between the others' commits and gives up while they go on writing (one clerk of five did under the
    /// process tests, after its 10 s). With a timeout of a third of a second, one or two of the four gave up in every
    /// run, most on their first write; trying every millisecond, none does.
    @Test func writersCommittingBackToBackDoNotStarveAWaitingOne() throws {
        let first = try Fixture.store()
        let options = CounterStore.Options(passwordIterations: PasswordHash.minimumIterations, busyTimeout: 0.3)
        let terminals = try (0..<4).map { _ in try CounterStore(path: first.path, options: options) }
        let failures = Mutex<[String]>([])
        let writes = 150
        let done = DispatchGroup()
        for (index, store) in terminals.enumerated() {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                for number in 0..<writes {
                    do {
                        _ = try store.upsertPerson(
                            Fixture.person("终端\(index)-\(number)", number: "E\(index)\(String(format: "%07d", number))",
                                           kind: .foreignPassport),
                            by: .system("test"))
                    } catch {
                        failures.withLock { $0.append("终端\(index) 第 \(number) 次：\(error)") }
                        return
                    }
                }
            }
        }
        done.wait()
        let failed = failures.withLock { $0 }
        #expect(failed.isEmpty, "\(failed)")
        #expect(try first.counts().persons == 4 * writes)
    }
}
