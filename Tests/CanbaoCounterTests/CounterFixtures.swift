@testable import CanbaoCounter
import CanbaoRules
@_spi(Testing) import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB

/// A counter at Dalate with a clerk, a second clerk and two supervisors, on a fresh store whose clock reads the
/// instant the test sets.
final class Hall: @unchecked Sendable {
    let home: URL
    let counter: Counter
    let clerk: Operator
    let otherClerk: Operator
    let supervisor: Operator
    let otherSupervisor: Operator
    /// 2026-04-01 07:33 Beijing, one second later at each reading.
    private let clock = Ticker(start: Date(timeIntervalSince1970: 1_775_000_000))

    init(region: String = "inner-mongolia", place: String = "150102") throws {
        home = try CanbaoBinary.temporaryDirectory("counter-test")
        let clock = self.clock
        let store = try CounterStore.open(home: home, options: .init(passwordIterations: PasswordHash.minimumIterations),
                                          now: { clock.now() })
        counter = Counter(store: store, forms: TestForms.shared, info: CounterInfo(region: region, place: place, name: "测试窗口"),
                          home: home)
        func add(_ name: String, _ role: OperatorRole) throws -> Operator {
            try store.addOperator(name: name, displayName: name, role: role, password: "Hall-pass-2026", by: .system("test"))
        }
        clerk = try add("clerk1", .clerk)
        otherClerk = try add("clerk2", .clerk)
        supervisor = try add("sup1", .supervisor)
        otherSupervisor = try add("sup2", .supervisor)
    }

    var store: CounterStore { counter.store }

    /// Moves the store's clock on by whole days (an applicant who comes back later).
    func advance(days: Int) {
        clock.advance(by: TimeInterval(days) * 86_400)
    }

    /// A case file of the test corpus, with the verdict the rules give it today.
    func caseFile(_ path: String) throws -> (CaseFile, Verdict) {
        let url = CanbaoBinary.repositoryRoot.appendingPathComponent(path)
        let c = try CaseParser.parse(try String(contentsOf: url, encoding: .utf8), file: url.lastPathComponent)
        return (c, try Evaluator.evaluate(c, forms: TestForms.shared, file: url.lastPathComponent))
    }

    /// Every row the store keeps, table by table: what "nothing was written" is checked against.
    func snapshot() throws -> [String: [String]] {
        let queue = try DatabaseQueue(path: store.path)
        return try queue.read { db in
            var tables: [String: [String]] = [:]
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
                tables[table] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map(\.description).sorted()
            }
            return tables
        }
    }

    /// Makes the store fail the moment a use case writes the audit row `action`, as a crash there would: the
    /// transaction must leave nothing behind.
    func crash(at action: String) throws {
        SealFault.fail(store.path, at: action)
    }

    func recover() throws {
        SealFault.fail(store.path, at: nil)
    }
}

/// A clock that moves one second per reading, so timestamps are distinct and known.
final class Ticker: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(start: Date) { current = start }

    func advance(by seconds: TimeInterval) {
        lock.lock()
        defer { lock.unlock() }
        current = current.addingTimeInterval(seconds)
    }

    func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        current = current.addingTimeInterval(1)
        return current
    }
}
