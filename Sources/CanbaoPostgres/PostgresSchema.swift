import CanbaoStore
import Foundation

/// Brings a PostgreSQL database's schema up to date: the migrations this build knows (`PostgresMigrations`, named as
/// SQLite's), then the capture triggers on every covered table. Two counters opening a new database at once take
/// turns (an advisory lock); an up-to-date database is only read.
enum PostgresSchema {
    static func migrate(_ session: PostgresSession) throws {
        let known = PostgresMigrations.steps.map(\.id)
        // Every SQLite step has its PostgreSQL form: a build where one was added without the other stops here.
        let sqlite = CounterStore.knownMigrations
        guard sqlite == known else {
            let missing = sqlite.filter { !known.contains($0) }
            throw PostgresStoreError.migrationMissing("本程序的迁移 \(missing.joined(separator: ", ")) 没有 PostgreSQL 版本，"
                + "不能在 PostgreSQL 上使用；请改用 SQLite 或升级本程序")
        }
        if try isCurrent(session, known: known) { return }
        _ = try session.query("SELECT pg_advisory_lock(\(PostgresBackend.migrationLock))", SQLArguments())
        defer { _ = try? session.query("SELECT pg_advisory_unlock(\(PostgresBackend.migrationLock))", SQLArguments()) }
        try session.execute(sql: """
            CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT COLLATE "C" NOT NULL PRIMARY KEY)
            """)
        let applied = Set(try String.fetchAll(session, sql: "SELECT identifier FROM grdb_migrations"))
        let unknown = applied.subtracting(known)
        if !unknown.isEmpty { throw StoreError.schemaTooNew(unknown: unknown.sorted()) }
        for step in PostgresMigrations.steps where !applied.contains(step.id) {
            try inTransaction(session) {
                try session.execute(sql: step.sql)
                _ = try session.query("INSERT INTO grdb_migrations (identifier) VALUES (?)", [step.id])
            }
        }
        try inTransaction(session) { try installCapture(session) }
    }

    /// Every step applied and every covered table captured: nothing to do, no lock taken.
    private static func isCurrent(_ session: PostgresSession, known: [String]) throws -> Bool {
        guard try session.tableExists("grdb_migrations") else { return false }
        let applied = try String.fetchAll(session, sql: "SELECT identifier FROM grdb_migrations")
        let unknown = Set(applied).subtracting(known)
        if !unknown.isEmpty { throw StoreError.schemaTooNew(unknown: unknown.sorted()) }
        guard Set(applied) == Set(known) else { return false }
        return try uncaptured(session).isEmpty
    }

    /// Covered tables missing one of their capture triggers.
    static func uncaptured(_ session: PostgresSession) throws -> [String] {
        let triggers = try session.triggerNames()
        return try session.tableNames().filter(RowDigest.isCovered).filter { table in
            !PostgresMigrations.captureTriggerNames(on: table).allSatisfy(triggers.contains)
        }
    }

    private static func installCapture(_ session: PostgresSession) throws {
        let missing = try uncaptured(session)
        guard !missing.isEmpty else { return }
        try session.execute(sql: PostgresMigrations.changeCapture)
        let triggers = try session.triggerNames()
        for table in missing {
            // A table without an integer key cannot be captured: store verify reports it as uncovered.
            guard table.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }),
                  let key = try session.integerPrimaryKey(of: table) else { continue }
            for name in PostgresMigrations.captureTriggerNames(on: table) where triggers.contains(name) {
                try session.execute(sql: "DROP TRIGGER \(name) ON \"\(table)\"")
            }
            try session.execute(sql: PostgresMigrations.captureTriggers(on: table, key: key))
        }
    }

    private static func inTransaction(_ session: PostgresSession, _ body: () throws -> Void) throws {
        _ = try session.query("BEGIN", SQLArguments())
        do {
            try body()
            _ = try session.query("COMMIT", SQLArguments())
        } catch {
            if !session.isClosed { _ = try? session.query("ROLLBACK", SQLArguments()) }
            throw error
        }
    }
}
