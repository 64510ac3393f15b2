import CSQLitePreupdate
import GRDB

/// What the current write transaction has done so far: the audit entries its body appended, and (on SQLite, from the
/// engine's update hook) every covered row it inserted, updated or deleted. `CounterStore.write` seals both into the
/// audit log before the transaction commits, so no write can change a row without the log recording its new state.
///
/// One per write connection, used by one transaction at a time: no lock.
public final class AuditJournal: @unchecked Sendable {
    struct Entry {
        var operatorID: Int64?
        var actor: String
        var action: String
        var entity: String
        var entityID: String?
        var detail: String
        var at: String
    }

    private(set) var entries: [Entry] = []
    /// The covered tables' shapes, read once: the schema changes through migrations, which run before the journal
    /// observes anything (and a row of another width makes the shape be read again).
    private var shapes: [String: RowShape] = [:]
    /// Changed row ids by table, as ranges: a bulk load's consecutive ids take one range, not one entry per row.
    private var changed: [String: [ClosedRange<Int64>]] = [:]
    /// Of those, the rows updated or deleted (not only inserted), when the engine says which (SQLite's hook does;
    /// PostgreSQL's triggers note ids only): a row the transaction only inserted had no state before it to check.
    private var modified: [String: [ClosedRange<Int64>]] = [:]
    /// Rows the transaction only read but decided on (the acting operator, the records a duplicate's resolution
    /// keeps): checked before sealing like the rows it changed, since a decision on a forged row is as bad as sealing it.
    private var relied: [String: [ClosedRange<Int64>]] = [:]
    /// Whether `note(table:rowID:inserted:)` tells inserts apart, so that `modified` is complete.
    private let tellsInserts: Bool
    /// The changed rows' state before the transaction, from SQLite's pre-update hook once `startCapturing` installed it.
    private var prior = PriorCapture()
    private var capturing = false

    public init(tellsInserts: Bool = false) { self.tellsInserts = tellsInserts }

    func append(_ entry: Entry) { entries.append(entry) }

    /// The entries appended so far; empties the list.
    func takeEntries() -> [Entry] {
        defer { entries = [] }
        return entries
    }

    /// The changed rows noted so far by table, each table's ranges sorted and merged; forgets them.
    public func takeChanged() -> [String: [ClosedRange<Int64>]] {
        defer { changed = [:] }
        return changed.mapValues(Self.merged)
    }

    /// The shape of `table` (nil: it has no integer key); `width` is the width of a row just read from it, when one
    /// was, to notice a table that changed since its shape was read.
    func shape(_ db: SQLConnection, _ table: String, width: Int? = nil) throws -> RowShape? {
        if let known = shapes[table], width == nil || width == known.width { return known }
        let shape = try RowShape(db, table: table)
        shapes[table] = shape
        return shape
    }

    /// As `shape`, for a table whose rows are to be sealed: one without an integer key cannot be, and is refused.
    func requiredShape(_ db: SQLConnection, _ table: String, width: Int? = nil) throws -> RowShape {
        guard let shape = try shape(db, table, width: width) else {
            throw StoreError.notAllowed("表 \(table) 没有整数主键，其数据无法记入审计日志")
        }
        return shape
    }

    /// The rows updated or deleted so far by table, merged, or nil when the engine does not tell them from inserts
    /// (every changed row may then have had a state before); forgets them.
    func takeModified() -> [String: [ClosedRange<Int64>]]? {
        defer { modified = [:] }
        return tellsInserts ? modified.mapValues(Self.merged) : nil
    }

    /// Notes a row the transaction's decision rests on without changing it (see `relied`).
    func rely(table: String, rowID: Int64) {
        Self.note(rowID, in: &relied[table, default: []])
    }

    /// The rows relied on so far by table, merged; forgets them.
    func takeRelied() -> [String: [ClosedRange<Int64>]] {
        defer { relied = [:] }
        return relied.mapValues(Self.merged)
    }

    /// Forgets the entries and the changed rows (a transaction begins, commits or rolls back).
    public func reset() {
        entries = []
        changed = [:]
        modified = [:]
        relied = [:]
        prior = PriorCapture()
    }

    /// Installs SQLite's pre-update hook on the write connection `db` (called inside a write, before its body changes
    /// anything): from then on each transaction notes its rows' state before it (`PriorCapture`). The covered tables'
    /// shapes are read now, since the hook may not query its connection; a table without one (or one reshaped behind
    /// the store's back) makes a transaction that changes it fall back to reading on a second connection.
    func startCapturing(_ db: SQLiteConnection) throws {
        guard !capturing else { return }
        for table in try db.tableNames() where RowDigest.isCovered(table) {
            guard try shape(db, table) != nil else { continue }
            let columns = try db.db.columns(in: table)
            defaulted[table] = columns.indices.filter { columns[$0].defaultValueSQL != nil }.map { Int32($0) }
        }
        canbao_preupdate_hook(db.db.sqliteConnection, preupdateHook, Unmanaged.passUnretained(self).toOpaque())
        capturing = true
    }

    /// Called by the pre-update hook: notes the row's state before the change if this is the transaction's first
    /// change to it.
    func captureChange(_ db: OpaquePointer, op: Int32, table: String, oldKey: Int64, newKey: Int64) {
        guard RowDigest.isCovered(table) else { return }
        guard let shape = shapes[table], let defaulted = defaulted[table] else { return prior.abandon() }
        prior.note(table: table, op: op, oldKey: oldKey, newKey: newKey) {
            guard let row = PreupdateOldRow(db, width: shape.width, defaulted: defaulted) else { return nil }
            return shape.digest(row, scratch: &scratch)
        }
    }

    /// Reused by `captureChange` from row to row.
    private var scratch: [UInt8] = []
    /// The columns of each covered table that have a default value, by index (`PreupdateOldRow`).
    private var defaulted: [String: [Int32]] = [:]

    /// The changed rows' state before the transaction as the pre-update hook captured it, or nil when it did not
    /// capture it whole (not SQLite, or see `PriorCapture.incomplete`); forgets it.
    func takePrior() -> PriorCapture? {
        defer { prior = PriorCapture() }
        return capturing && !prior.incomplete ? prior : nil
    }

    /// Notes one changed row (the engine's hook); `inserted`: the row is new, it did not exist before.
    public func note(table: String, rowID: Int64, inserted: Bool = false) {
        // In place: a bulk load notes millions of rows.
        Self.note(rowID, in: &changed[table, default: []])
        if !inserted { Self.note(rowID, in: &modified[table, default: []]) }
    }

    /// Notes changed rows read back from the engine (PostgreSQL's triggers), in any order.
    public func note(table: String, rowIDs: [Int64]) {
        for id in rowIDs { Self.note(id, in: &changed[table, default: []]) }
    }

    public static func merged(_ ranges: [ClosedRange<Int64>]) -> [ClosedRange<Int64>] {
        var out: [ClosedRange<Int64>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, range.lowerBound <= last.upperBound &+ 1 {
                out[out.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                out.append(range)
            }
        }
        return out
    }

    static func note(_ id: Int64, in ranges: inout [ClosedRange<Int64>]) {
        if let last = ranges.last, last.contains(id) || last.upperBound &+ 1 == id {
            ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, id)
        } else {
            ranges.append(id...id)
        }
    }
}
