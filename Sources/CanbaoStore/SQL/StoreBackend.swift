import Foundation

/// The engine a `CounterStore` keeps its data in: SQLite in `$CANBAO_HOME` (one host, the default) or PostgreSQL (every
/// hall of an agency). It opens transactions and hands the store's operations a connection; the operations, the
/// audit chain and `store verify` are the store's, written once.
public protocol StoreBackend: AnyObject, Sendable {
    /// Which engine, for the statements they spell differently.
    var dialect: SQLDialect { get }
    /// Where the data is, for messages: the database file, or the server and database (never a password).
    var location: String { get }

    /// One read: a consistent snapshot while other terminals keep writing. Called inside `write`'s body, it reads on
    /// another connection and sees the last commit, the state before that write (the audit's prior-state check).
    func read<T>(_ body: (SQLConnection) throws -> T) throws -> T
    /// One write transaction, serialised with every other writer of the store (one total order, which the audit
    /// chain follows). Nothing of it remains when `body` throws.
    func write<T>(_ body: (SQLConnection) throws -> T) throws -> T
    /// Names of the migrations applied, oldest first.
    func appliedMigrations() throws -> [String]
    /// Refuses writes to a store that is no longer the one opened (SQLite: its file deleted or replaced).
    func checkAvailable() throws
    /// Releases connections; the store is not used afterwards.
    func close()
    /// A feed that calls `onCommit` whenever a write transaction of any client commits, or nil when the engine
    /// cannot push (SQLite): see `StoreChangeFeed`.
    func changeFeed(onCommit: @escaping StoreCommitHandler) -> (any StoreChangeFeed)?
}

extension StoreBackend {
    public func checkAvailable() throws {}
    public func close() {}
    public func changeFeed(onCommit: @escaping StoreCommitHandler) -> (any StoreChangeFeed)? { nil }
}
