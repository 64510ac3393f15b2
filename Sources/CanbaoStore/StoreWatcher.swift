import Foundation
import GRDB

/// Notices what other terminals commit to the store, so open lists can refresh without a key. On SQLite,
/// `PRAGMA data_version`, read on a connection of its own, moves whenever another connection commits: cheap (no
/// table is read), read-only, and never in the way of a writer. On PostgreSQL, where the counters of every hall
/// write, the server pushes each commit (`StoreChangeFeed`, LISTEN/NOTIFY) once `start` is called; while its
/// listening connection is lost (and reconnecting) the watcher looks at the head of the audit log instead: every
/// write appends to it, and its key is one index lookup away.
public final class StoreWatcher: @unchecked Sendable {
    private let probe: @Sendable () throws -> Int
    private let subscribe: (@Sendable (@escaping StoreCommitHandler) -> (any StoreChangeFeed)?)?
    private let lock = NSLock()
    private var last: Int?
    private var feed: (any StoreChangeFeed)?
    private var poller: Poller?

    init(probe: @escaping @Sendable () throws -> Int,
         subscribe: (@Sendable (@escaping StoreCommitHandler) -> (any StoreChangeFeed)?)? = nil) {
        self.probe = probe
        self.subscribe = subscribe
    }

    /// A watcher of the SQLite store at `path`. Its connection opens at the first look (the counter screen's first
    /// tick), not before the first screen is drawn (issue #17); a look that cannot open it counts as unchanged and
    /// the next one tries again.
    public convenience init(path: String) {
        let probe = DataVersionProbe(path: path)
        self.init { try probe.read() }
    }

    deinit {
        stop()
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

    /// True while the server pushes commits: looking (`changed`) is then not needed.
    public var isListening: Bool {
        lock.lock()
        defer { lock.unlock() }
        return feed?.isListening ?? false
    }

    /// Calls `onChange` (on another thread) when another client commits: at once when the engine pushes, else (and
    /// while the push is lost) when a look every `pollInterval` seconds notices it; nil looks only when `changed`
    /// is called. Started once; `stop` ends it.
    public func start(pollInterval: TimeInterval?, onChange: @escaping @Sendable () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard feed == nil, poller == nil else { return }
        feed = subscribe? { [weak self] head in
            // The pushed head is what the next look would read: it must not count a second time.
            if let self, let head {
                self.lock.lock()
                self.last = max(self.last ?? head, head)
                self.lock.unlock()
            }
            onChange()
        }
        if let pollInterval {
            poller = Poller(interval: pollInterval) { [weak self] in
                guard let self, !self.isListening, self.changed() else { return }
                onChange()
            }
        }
    }

    /// Closes the listening connection and ends the looks `start` began.
    public func stop() {
        lock.lock()
        let feed = self.feed, poller = self.poller
        self.feed = nil
        self.poller = nil
        lock.unlock()
        feed?.stop()
        poller?.stop()
    }
}

/// `PRAGMA data_version` on a read-only connection of its own, opened when first read.
private final class DataVersionProbe: @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    private var queue: DatabaseQueue?

    init(path: String) { self.path = path }

    func read() throws -> Int {
        lock.lock()
        defer { lock.unlock() }
        if queue == nil {
            var config = Configuration()
            config.readonly = true
            config.busyMode = .timeout(1)
            queue = try DatabaseQueue(path: path, configuration: config)
        }
        return try queue!.inDatabase { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }
}

/// Runs `look` every `interval` seconds on a thread of its own until stopped.
private final class Poller: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false

    init(interval: TimeInterval, look: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            condition.lock()
            while !stopped {
                _ = condition.wait(until: Date(timeIntervalSinceNow: interval))
                if stopped { break }
                condition.unlock()
                look()
                condition.lock()
            }
            condition.unlock()
        }
        thread.name = "canbao.store-watcher"
        thread.start()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}

extension CounterStore {
    /// A watcher of this store's commits by other terminals and other halls (see `StoreWatcher`).
    public func watcher() -> StoreWatcher {
        switch backend.dialect {
        case .sqlite:
            return StoreWatcher(path: path)
        case .postgres:
            return StoreWatcher(probe: { [self] in
                try read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM audit_log") ?? 0 }
            }, subscribe: { [backend] onCommit in backend.changeFeed(onCommit: onCommit) })
        }
    }
}
