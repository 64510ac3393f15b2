import CanbaoPostgres
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// The engines the store tests run against: every parameterised test runs once on SQLite and once on PostgreSQL
/// (a fresh database per test on the tests' server, see `TestPostgres`).
enum TestBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// SQLite always; PostgreSQL when a server is there (always under CI, where a missing one fails the case).
    static var all: [TestBackend] { TestPostgres.runs ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }

    /// A new, empty store on this engine with its home (key file, reports) in `home`.
    func open(home: URL, options: CounterStore.Options = Fixture.options,
              now: @escaping @Sendable () -> Date) throws -> CounterStore {
        switch self {
        case .sqlite:
            return try CounterStore.open(home: home, options: options, now: now)
        case .postgres:
            let url = try TestPostgres.newDatabase("store")
            return try CounterStore.open(postgres: PostgresLocation(url: url), home: home, options: options, now: now,
                                         environment: [:])
        }
    }
}

@Suite("PostgreSQL for the store tests")
struct PostgresAvailabilityTests {
    /// Skipped, with the reason, where the machine has no PostgreSQL; run (and failing without one) under CI.
    @Test(.enabled(if: TestPostgres.runs, "PostgreSQL 不可用：PostgreSQL 用例未运行（CI=true 时必须运行）"))
    func theTestServerAnswers() throws {
        let url = try TestPostgres.newDatabase("ping")
        #expect(try TestPostgres.psql(url, "SELECT 1 + 1") == "2")
    }
}

extension Fixture {
    /// The same store opened again, as another terminal (another process) would: its own connections, the same
    /// database and key.
    static func reopen(_ store: CounterStore, options: CounterStore.Options = Fixture.options,
                       now: @escaping @Sendable () -> Date = { Date() }) throws -> CounterStore {
        guard PostgresLocation.isURL(store.path) else { return try CounterStore(path: store.path, options: options, now: now) }
        return try CounterStore.open(postgres: PostgresLocation(url: store.path),
                                     home: URL(fileURLWithPath: store.auditKeyPath).deletingLastPathComponent(),
                                     options: options, now: now, environment: [:])
    }
}
