@testable import CanbaoStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import CanbaoTestSupport
import Testing

/// The writers' turn (`WriterLock`): one process's write at a time, handed to the next by the commit, and never held
/// by a process that died with it.
@Suite struct WriterLockTests {
    static func lockFile() throws -> String {
        try CanbaoBinary.temporaryDirectory("writer-lock").appendingPathComponent("canbao.sqlite.lock").path
    }

    @Test func aTurnTakenIsWaitedForAndThenGiven() throws {
        let path = try Self.lockFile()
        let first = try #require(WriterLock(path: path))
        let second = try #require(WriterLock(path: path))  // another process's mapping of the same file
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? first.withTurn(timeout: 1) {
                holding.signal()
                release.wait()
            }
            done.signal()
        }
        holding.wait()
        #expect(throws: StoreError.busy) { try second.withTurn(timeout: 0) {} }
        #expect(throws: StoreError.busy) { try second.withTurn(timeout: 0.05) {} }
        let took = Mutex(false)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { release.signal() }
        try second.withTurn(timeout: 10) { took.withLock { $0 = true } }
        #expect(took.withLock { $0 })
        done.wait()
        // Given back: both take it at once again.
        try first.withTurn(timeout: 0) {}
        try second.withTurn(timeout: 0) {}
    }

    /// A holder that ends without giving the turn back (a process killed in a transaction; here a thread that exits
    /// holding it, which the kernel treats the same) leaves it to the next writer, not to the timeout.
    @Test func aTurnLeftByADeadHolderIsTakenAtOnce() throws {
        let path = try Self.lockFile()
        let dead = try #require(WriterLock(path: path))
        let exited = DispatchSemaphore(value: 0)
        let holder = Thread {
            #expect(pthread_mutex_lock(dead.mutex) == 0)
            exited.signal()  // returns holding it
        }
        holder.start()
        exited.wait()
        while !holder.isFinished { usleep(1_000) }
        usleep(20_000)  // the thread's exit, after `isFinished`
        let next = try #require(WriterLock(path: path)), third = try #require(WriterLock(path: path))
        var ran = false
        // Taken, not passed over as unusable: a third writer finds it held.
        try next.withTurn(timeout: 0.5) {
            ran = true
            #expect(throws: StoreError.busy) { try third.withTurn(timeout: 0) {} }
        }
        #expect(ran)
        // And made consistent: it still works as a turn afterwards (a waiter times out, not passes over it).
        _ = try next.withTurn(timeout: 0.5) {
            #expect(throws: StoreError.busy) { try third.withTurn(timeout: 0.05) {} }
        }
    }

    /// The mutex is set up once per file: a second process opening the store does not initialise it again under the
    /// first one's turn (which would hand the turn to both).
    @Test func aSecondOpeningKeepsTheTurnTaken() throws {
        let path = try Self.lockFile()
        let first = try #require(WriterLock(path: path))
        try first.withTurn(timeout: 0) {
            let second = try #require(WriterLock(path: path))
            #expect(throws: StoreError.busy) { try second.withTurn(timeout: 0) {} }
        }
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    /// A file it cannot be set up in (a directory where it would be) is done without: the store's writes still go
    /// through SQLite's own lock.
    @Test func noTurnWhereTheFileCannotBeMade() throws {
        let directory = try CanbaoBinary.temporaryDirectory("writer-lock")
        #expect(WriterLock(path: directory.path) == nil)
        #expect(WriterLock(path: directory.appendingPathComponent("missing/canbao.sqlite.lock").path) == nil)
    }

    /// Two stores on one file (two terminals' processes) write in turns through it.
    @Test func storesOnOneFileShareTheTurn() throws {
        let first = try Fixture.store()
        let second = try CounterStore(path: first.path, options: Fixture.options)
        let backend = try #require(first.backend as? SQLiteBackend)
        let other = try #require(second.backend as? SQLiteBackend)
        _ = try #require(backend.writerLock).withTurn(timeout: 0) {
            #expect(throws: StoreError.busy) { try #require(other.writerLock).withTurn(timeout: 0) {} }
        }
        _ = try second.upsertPerson(Fixture.person("张三", number: "E10000001", kind: .foreignPassport), by: .system("test"))
        #expect(try first.counts().persons == 1)
    }
}
