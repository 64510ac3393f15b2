import Foundation

/// Commits pushed by the database server as they happen (PostgreSQL's LISTEN/NOTIFY), so a screen need not ask.
/// SQLite has no server to push: its backend gives none, and the watcher keeps looking (`StoreWatcher`).
public protocol StoreChangeFeed: AnyObject, Sendable {
    /// True while the feed's connection listens; while it does not (lost, reconnecting), the watcher polls.
    var isListening: Bool { get }
    /// Closes the feed's connection; nothing is pushed afterwards.
    func stop()
}

/// What a feed calls: the head of the audit log a commit left (nil when not known, e.g. just after the feed
/// (re)connected, when commits made while it was not listening may have gone unseen).
public typealias StoreCommitHandler = @Sendable (_ head: Int?) -> Void

/// The PostgreSQL channel every write transaction notifies with its audit head (`CounterStore.announce`); a
/// notification is delivered only when its transaction commits, so a rolled-back write tells nobody.
public enum AuditChannel {
    public static let name = "canbao_audit"
}
