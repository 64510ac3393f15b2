import CSQLitePreupdate
import Foundation
import GRDBSQLite

/// The state before the current write transaction of each covered row it changed, as SQLite's pre-update hook showed
/// it when the transaction first changed the row: the digest of a row first updated or deleted, and which rows were
/// first inserted (they had no state before). `CounterStore.requireRecordedPriorState` checks that state against the
/// audit log without opening a read on a second connection, which each write otherwise did while holding the write
/// lock (issue #17: registrations per second with several counters).
///
/// Only a row's first change counts: later ones show the transaction's own work. A savepoint rolled back does not
/// spoil this, since the row is then back to the state the first change saw.
struct PriorCapture {
    /// Above this many rows (digests, and ranges of inserted ids), a transaction stops capturing: its check reads
    /// the state before it on a second connection, as PostgreSQL's does. A bulk write would otherwise hold a digest
    /// for each of hundreds of thousands of rows in memory.
    static let limit = 10_000

    struct Table {
        /// Rows whose first change was an update or a delete: their digest before it.
        var before: [Int64: [UInt8]] = [:]
        /// Rows whose first change was an insert, as ranges (new ids usually come in order, and merge into one).
        var inserted: [ClosedRange<Int64>] = []
        var insertedInOrder = true

        func seen(_ id: Int64) -> Bool {
            if before[id] != nil { return true }
            return insertedInOrder ? CounterStore.contains(inserted, id) : inserted.contains { $0.contains(id) }
        }

        /// `PriorCapture.note` for this table: the number of digests and ranges it added, nil when `digest` failed.
        mutating func note(op: Int32, oldKey: Int64, newKey: Int64, digest: () -> [UInt8]?) -> Int? {
            var added = 0
            if op == SQLITE_UPDATE || op == SQLITE_DELETE, !seen(oldKey) {
                guard let digest = digest() else { return nil }
                before[oldKey] = digest
                added += 1
            }
            // An insert, or an update that gives the row another id: nothing stood at the new id before.
            if op == SQLITE_INSERT || (op == SQLITE_UPDATE && newKey != oldKey), !seen(newKey) {
                let ranges = inserted.count
                if let last = inserted.last, newKey < last.lowerBound { insertedInOrder = false }
                AuditJournal.note(newKey, in: &inserted)
                added += inserted.count - ranges
            }
            return added
        }
    }

    private(set) var tables: [String: Table] = [:]
    private var count = 0
    /// Whether something kept the capture from being whole (too many rows, a table of unknown shape, a column the
    /// hook could not read): the check must then read the state before on a second connection.
    private(set) var incomplete = false

    /// Gives up on this transaction's capture.
    mutating func abandon() {
        incomplete = true
        tables = [:]
    }

    /// Notes a row's state before `op` (SQLITE_INSERT, SQLITE_UPDATE or SQLITE_DELETE) if this is its first change.
    /// `digest` computes the row's digest before the change; nil when it cannot.
    mutating func note(table: String, op: Int32, oldKey: Int64, newKey: Int64, digest: () -> [UInt8]?) {
        guard !incomplete else { return }
        // In place: a copy of the table taken out and put back would copy its digests at every row.
        guard let added = tables[table, default: Table()].note(op: op, oldKey: oldKey, newKey: newKey, digest: digest)
        else { return abandon() }
        count += added
        if count > Self.limit { abandon() }
    }

    /// One table's capture in id order, for the check's walk (`rows(_:in:shape:)`, once per range).
    func sorted(_ table: String) -> Sorted {
        let entry = tables[table] ?? Table()
        let before = entry.before.sorted { $0.key < $1.key }
        return Sorted(table: table, ids: before.map(\.key), digests: before.map(\.value),
                      inserted: AuditJournal.merged(entry.inserted))
    }

    struct Sorted {
        let table: String
        /// Rows first updated or deleted, by id, with their digests before.
        let ids: [Int64]
        let digests: [[UInt8]]
        /// Rows first inserted, merged.
        let inserted: [ClosedRange<Int64>]

        /// The state before the transaction of the rows whose ids lie in `range`, in id order: the captured digests
        /// of rows it changed first by an update or delete, nothing for rows it inserted first, and rows it did not
        /// change (those it only relied on) read as they are now on its own connection. `shape` is re-read if a row
        /// of another width turns up.
        func rows(_ db: SQLConnection, in range: ClosedRange<Int64>,
                  shape: inout RowShape) throws -> [(id: Int64, digest: [UInt8])] {
            let captured = Self.first(in: ids, notBelow: range.lowerBound)..<Self.first(in: ids, above: range.upperBound)
            var rows = captured.map { (id: ids[$0], digest: digests[$0]) }
            // The ids in `range` the transaction did not change. (A closed range clamped to one it does not overlap
            // is not empty: it shrinks onto the nearer end.)
            var changed = inserted.compactMap { $0.overlaps(range) ? $0.clamped(to: range) : nil }
            changed += rows.map { $0.id...$0.id }
            var next: Int64? = range.lowerBound  // the first id not yet placed; nil past the range's end
            var unchanged: [ClosedRange<Int64>] = []
            for span in AuditJournal.merged(changed) {
                guard let from = next else { break }
                if from < span.lowerBound { unchanged.append(from...(span.lowerBound - 1)) }
                next = span.upperBound < range.upperBound ? span.upperBound + 1 : nil
            }
            if let from = next { unchanged.append(from...range.upperBound) }
            if !unchanged.isEmpty {
                let current = db.cachedStatement(sql: shape.rangeSQL)
                for span in unchanged {
                    let cursor = try SQLRow.fetchCursor(current, arguments: [span.lowerBound, span.upperBound])
                    while let row = try cursor.next() {
                        if row.count != shape.width {
                            shape = try db.journal.requiredShape(db, table, width: row.count)
                        }
                        rows.append((shape.rowID(row), shape.digest(row)))
                    }
                }
            }
            return rows.sorted { $0.id < $1.id }
        }

        /// The index of the first id not below `id` (sorted `ids`).
        static func first(in ids: [Int64], notBelow id: Int64) -> Int {
            var low = 0, high = ids.count
            while low < high {
                let mid = (low + high) / 2
                if ids[mid] < id { low = mid + 1 } else { high = mid }
            }
            return low
        }

        /// The index of the first id above `id`.
        static func first(in ids: [Int64], above id: Int64) -> Int {
            id == .max ? ids.count : first(in: ids, notBelow: id + 1)
        }
    }
}

/// The row a pre-update hook is about to update or delete, as it stands before the change.
struct PreupdateOldRow: SQLiteColumns {
    private let values: [OpaquePointer?]

    /// Nil when SQLite cannot give a column's old value (out of memory), the row is not `width` columns wide, or a
    /// column of `defaulted` (those with a default value) reads as NULL. A row stored before `ALTER TABLE … ADD
    /// COLUMN` lacks the added columns, which a read fills with their default; Debian's SQLite (3.40) gives NULL
    /// for them here instead. Such a NULL cannot be told from a stored one, so the row is not taken
    /// from the hook at all (an upgraded store's operators had their login refused as forged).
    init?(_ db: OpaquePointer, width: Int, defaulted: [Int32]) {
        let count = canbao_preupdate_count(db)
        guard count == width else { return nil }
        var values: [OpaquePointer?] = []
        values.reserveCapacity(Int(count))
        for i in 0..<count {
            var value: OpaquePointer?
            guard canbao_preupdate_old(db, i, &value) == SQLITE_OK else { return nil }
            values.append(value)
        }
        for i in defaulted where sqlite3_value_type(values[Int(i)]) == SQLITE_NULL { return nil }
        self.values = values
    }

    func type(_ i: Int32) -> Int32 { sqlite3_value_type(values[Int(i)]) }
    func int64(_ i: Int32) -> Int64 { sqlite3_value_int64(values[Int(i)]) }
    func double(_ i: Int32) -> Double { sqlite3_value_double(values[Int(i)]) }

    func text(_ i: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let text = sqlite3_value_text(values[Int(i)]) else { return nil }
        return UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(values[Int(i)])))
    }

    func blob(_ i: Int32) -> UnsafeRawBufferPointer? {
        guard let blob = sqlite3_value_blob(values[Int(i)]) else { return nil }
        return UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_value_bytes(values[Int(i)])))
    }
}

/// The hook SQLite calls on the store's write connection before each row change (`AuditJournal.startCapturing`).
/// Its context is the connection's journal, which outlives the connection (the pool's observer holds it).
let preupdateHook: canbao_preupdate_callback = { context, db, op, database, table, oldKey, newKey in
    guard let context, let db, let database, let table, strcmp(database, "main") == 0 else { return }
    Unmanaged<AuditJournal>.fromOpaque(context).takeUnretainedValue()
        .captureChange(db, op: op, table: String(cString: table), oldKey: oldKey, newKey: newKey)
}
