import Foundation
import GRDB

/// Notices what other terminals commit to the store, so open lists can refresh without a key: SQLite's
/// `PRAGMA data_version`, read on a connection of its own, moves whenever another connection commits. Cheap (no
/// table is read), read-only, and never in the way of a writer.
public final class StoreWatcher: @unchecked Sendable {
    private let queue: DatabaseQueue
    private let lock = NSLock()
    private var last: Int?

    init(path: String) throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(1)
        queue = try DatabaseQueue(path: path, configuration: config)
    }

    /// True when a commit happened since the last call (the first call only takes note). A store that cannot be
    /// read right now counts as unchanged: the next tick asks again.
    public func changed() -> Bool {
        guard let version = try? queue.inDatabase({ db in try Int.fetchOne(db, sql: "PRAGMA data_version") }) else { return false }
        lock.lock()
        defer { lock.unlock() }
        defer { last = version }
        guard let last else { return false }
        return version != last
    }
}

extension CounterStore {
    /// A watcher of this store's commits (see `StoreWatcher`); nil on PostgreSQL, which has no `data_version`
    /// (there the open lists refresh on F5 and on reopening; LISTEN/NOTIFY would be its counterpart).
    public func watcher() throws -> StoreWatcher? {
        guard backend.dialect == .sqlite else { return nil }
        return try StoreError.mapping(path: path) { try StoreWatcher(path: path) }
    }
}
