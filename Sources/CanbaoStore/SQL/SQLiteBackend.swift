import Foundation
import GRDB

/// The store in one SQLite file (WAL mode) shared by every terminal of one host.
final class SQLiteBackend: StoreBackend {
    let pool: DatabasePool
    let path: String
    /// The writer's journal: GRDB serialises the pool's writes, so one transaction uses it at a time.
    let journal = AuditJournal(tellsInserts: true)
    /// The database file as opened: a file deleted or replaced under a running counter is noticed on the next write.
    let identity: FileIdentity

    /// The writing processes' turn (`WriterLock`), and how long a write waits for it; nil: SQLite's lock alone.
    let writerLock: WriterLock?
    let busyTimeout: TimeInterval

    /// A migrated pool; from now on SQLite's update hook notes the rows each write changes.
    init(pool: DatabasePool, path: String, writerLock: WriterLock? = nil, busyTimeout: TimeInterval = 0) throws {
        self.pool = pool
        self.path = path
        self.writerLock = writerLock
        self.busyTimeout = busyTimeout
        guard let identity = FileIdentity(path: path) else { throw StoreError.storeReplaced(path) }
        self.identity = identity
        // After the migrations, which are not the store's writes.
        pool.add(transactionObserver: SQLiteChangeObserver(journal), extent: .databaseLifetime)
    }

    var dialect: SQLDialect { .sqlite }
    var location: String { path }

    func read<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        try pool.read { db in try body(SQLiteConnection(db, journal: AuditJournal())) }
    }

    func write<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        func transaction() throws -> T {
            try pool.write { db in
                let connection = SQLiteConnection(db, journal: journal)
                // On the first write: a process that only reads (a report, the first paint) pays nothing for it.
                try journal.startCapturing(connection)
                return try body(connection)
            }
        }
        guard let writerLock else { return try transaction() }
        return try writerLock.withTurn(timeout: busyTimeout, transaction)
    }

    func appliedMigrations() throws -> [String] {
        try pool.read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    func checkAvailable() throws {
        guard FileIdentity(path: path) == identity else { throw StoreError.storeReplaced(path) }
    }

    func close() {
        try? pool.close()
    }
}

extension CounterStore {
    /// The SQLite pool of a store on SQLite (the SQLite-only tests reach into the file through it).
    var writer: DatabasePool {
        guard let sqlite = backend as? SQLiteBackend else { preconditionFailure("not an SQLite store") }
        return sqlite.pool
    }
}
