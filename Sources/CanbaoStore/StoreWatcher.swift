import Foundation
import GRDB

/// Notices what other terminals commit to the store, so open lists can refresh without a key. On SQLite,
/// `PRAGMA data_version`, read on a connection of its own, moves whenever another connection commits: cheap (no
/// table is read), read-only, and never in the way of a writer. On PostgreSQL, where the counters of every hall
/// write, the head of the audit log: every write appends to it, and its key is one index lookup away.
public final class StoreWatcher: @unchecked Sendable {
    private let probe: @Sendable () throws -> Int
    private let lock = NSLock()
    private var last: Int?

    init(probe: @escaping @Sendable () throws -> Int) {
        self.probe = probe
    }

    convenience init(path: String) throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(1)
        let queue = try DatabaseQueue(path: path, configuration: config)
        self.init { try queue.inDatabase { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 } }
    }

    /// True when a commit happened since the last call (the first call only takes note). A store that cannot be
    /// read right now counts as unchanged: the next tick asks again.
    public func changed() -> Bool {
        guard let version = try? probe() else { return false }
        lock.lock()
        defer { lock.unlock() }
        defer { last = version }
        guard let last else { return false }
        return version != last
    }
}

extension CounterStore {
    /// A watcher of this store's commits by other terminals and other halls (see `StoreWatcher`).
    public func watcher() throws -> StoreWatcher? {
        switch backend.dialect {
        case .sqlite:
            return try StoreError.mapping(path: path) { try StoreWatcher(path: path) }
        case .postgres:
            return StoreWatcher { [self] in
                try read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM audit_log") ?? 0 }
            }
        }
    }
}
