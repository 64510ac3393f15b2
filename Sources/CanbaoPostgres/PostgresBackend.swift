import CanbaoStore
import Foundation
import PostgresNIO

/// The store in one PostgreSQL database shared by every hall and counter of an agency.
///
/// Connections are kept in a small pool and lent to one read or one write at a time; one that broke (the server
/// restarted) is dropped and the next access connects again. Every write transaction first takes one
/// transaction-scoped advisory lock: writers run one at a time, as on SQLite (IMMEDIATE), so the store's checks and
/// the audit chain, which each write extends, keep one total order however many counters write at once. Readers
/// never wait (MVCC snapshots).
public final class PostgresBackend: StoreBackend, @unchecked Sendable {
    public let database: PostgresLocation
    let configuration: PostgresConnection.Configuration
    private let lockTimeout: TimeInterval
    let logger: Logger
    private let placeholders = PlaceholderCache()
    private let lock = NSLock()
    private var idle: [PostgresSession] = []
    private var opened = 0
    private var closed = false

    /// The advisory lock every write transaction holds (one per database: advisory locks are per database).
    static let writeLock: Int64 = 0x6361_6E62_616F_01
    /// Held while migrating, so two counters opening a new database at once do not both create its tables.
    static let migrationLock: Int64 = 0x6361_6E62_616F_02
    /// Idle connections kept for the next access.
    static let maximumIdle = 4

    /// Connects (refusing a wrong password or an unreachable server with one clear error) and brings the schema up to
    /// date. `lockTimeout`: how long a write waits for another counter's write before `StoreError.busy`.
    public init(_ database: PostgresLocation, password: String?, lockTimeout: TimeInterval = 10,
                connectTimeout: TimeInterval = 10) throws {
        self.database = database
        var configuration = PostgresConnection.Configuration(host: database.host, port: database.port,
                                                             username: database.user, password: password,
                                                             database: database.database, tls: .disable)
        configuration.options.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
        self.configuration = configuration
        self.lockTimeout = lockTimeout
        var logger = Logger(label: "canbao.postgres")
        // postgres-nio logs what it does; the store reports failures itself, in Chinese.
        logger.logLevel = .critical
        self.logger = logger
        let session = try connect()
        defer { release(session) }
        try PostgresSchema.migrate(session)
    }

    deinit {
        // postgres-nio requires a connection closed before it goes; waiting is not allowed on its own threads, where
        // a store is never released.
        for session in idle where MultiThreadedEventLoopGroup.currentEventLoop == nil {
            _ = try? session.connection.close().wait()
        }
    }

    public var dialect: SQLDialect { .postgres }
    public var location: String { database.description }

    // MARK: Transactions

    public func read<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    public func write<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        try transaction("BEGIN", body, locking: true)
    }

    /// One transaction on a lent connection. A connection that turns out broken before anything ran (the server
    /// restarted since it was last used) is replaced once; a failure after that is the caller's.
    private func transaction<T>(_ begin: String, _ body: (SQLConnection) throws -> T, locking: Bool = false) throws -> T {
        var session = try lease()
        do {
            try start(session, begin, locking: locking)
        } catch let error as PostgresStoreError where error.isConnectionProblem {
            discard(session)
            session = try connect()
            try start(session, begin, locking: locking)
        }
        do {
            let result = try body(session)
            _ = try session.query("COMMIT", SQLArguments())
            // Committed: a failure to tidy the session only costs the connection, never the write.
            if (try? session.compactIfNeeded()) == nil { discard(session) } else { release(session) }
            return result
        } catch {
            if !session.isClosed { _ = try? session.query("ROLLBACK", SQLArguments()) }
            release(session)
            throw error
        }
    }

    private func start(_ session: PostgresSession, _ begin: String, locking: Bool) throws {
        _ = try session.query(begin, SQLArguments())
        if locking {
            do {
                _ = try session.query("SELECT pg_advisory_xact_lock(\(Self.writeLock))", SQLArguments())
            } catch {
                if !session.isClosed { _ = try? session.query("ROLLBACK", SQLArguments()) }
                throw error
            }
        }
    }

    public func appliedMigrations() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
            .sorted { a, b in
                let order = PostgresMigrations.steps.map(\.id)
                return (order.firstIndex(of: a) ?? .max, a) < (order.firstIndex(of: b) ?? .max, b)
            }
    }

    public func close() {
        lock.lock()
        closed = true
        let sessions = idle
        idle = []
        lock.unlock()
        for session in sessions { _ = try? session.connection.close().wait() }
    }

    // MARK: The pool

    private func lease() throws -> PostgresSession {
        lock.lock()
        while let session = idle.popLast() {
            if !session.isClosed {
                lock.unlock()
                return session
            }
        }
        lock.unlock()
        return try connect()
    }

    private func release(_ session: PostgresSession) {
        lock.lock()
        if !closed, !session.isClosed, idle.count < Self.maximumIdle {
            idle.append(session)
            lock.unlock()
            return
        }
        lock.unlock()
        discard(session)
    }

    private func discard(_ session: PostgresSession) {
        _ = try? session.connection.close().wait()
    }

    /// A new connection, set up for the store: its write lock waits at most `lockTimeout`, and it has the session
    /// table the capture triggers note changed rows in.
    private func connect() throws -> PostgresSession {
        lock.lock()
        opened += 1
        let id = opened
        lock.unlock()
        let future = PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(),
                                                configuration: configuration, id: id, logger: logger)
        let connection: PostgresConnection
        do {
            connection = try future.wait()
        } catch {
            throw PostgresErrors.map(error, location: database)
        }
        let session = PostgresSession(connection: connection, location: database, logger: logger,
                                      placeholders: placeholders)
        do {
            try session.execute(sql: """
                SET application_name = 'canbao';
                SET lock_timeout = '\(max(1, Int(lockTimeout * 1000)))ms';
                SET client_min_messages = warning;
                \(PostgresMigrations.sessionChanges);
                """)
        } catch {
            discard(session)
            throw error
        }
        return session
    }
}
