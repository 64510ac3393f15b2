import GRDB

/// What the current write transaction has done so far: the audit entries its body appended, and every covered row
/// it inserted, updated or deleted (SQLite's update hook, through GRDB). `CounterStore.write` seals both into the
/// audit log before the transaction commits, so no write can change a row without the log recording its new state.
///
/// Used only on the store's writer connection, whose accesses GRDB serialises: there is one transaction at a time,
/// hence no lock.
final class AuditJournal: TransactionObserver, @unchecked Sendable {
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

    func append(_ entry: Entry) { entries.append(entry) }

    /// The changed rows by table, each table's ranges sorted and merged; and the entries. Empties the journal.
    func take() -> (entries: [Entry], changed: [String: [ClosedRange<Int64>]]) {
        defer { reset() }
        return (entries, changed.mapValues(Self.merged))
    }

    /// The shape of `table` (nil: it has no integer key); `width` is the width of a row just read from it, when one
    /// was, to notice a table that changed since its shape was read.
    func shape(_ db: Database, _ table: String, width: Int? = nil) throws -> RowShape? {
        if let known = shapes[table], width == nil || width == known.width { return known }
        let shape = try RowShape(db, table: table)
        shapes[table] = shape
        return shape
    }

    func reset() {
        entries = []
        changed = [:]
    }

    static func merged(_ ranges: [ClosedRange<Int64>]) -> [ClosedRange<Int64>] {
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

    // MARK: TransactionObserver

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        RowDigest.isCovered(eventKind.tableName)
    }

    func databaseDidChange(with event: DatabaseEvent) {
        guard event.databaseName == "main" else { return }
        // In place: a bulk load notes millions of rows.
        Self.note(event.rowID, in: &changed[event.tableName, default: []])
    }

    /// A row written through SQLite's C API (`RawStatement`), which the update hook does not report to GRDB's
    /// observers.
    func noteChange(_ table: String, _ id: Int64) {
        Self.note(id, in: &changed[table, default: []])
    }

    static func note(_ id: Int64, in ranges: inout [ClosedRange<Int64>]) {
        if let last = ranges.last, last.contains(id) || last.upperBound &+ 1 == id {
            ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, id)
        } else {
            ranges.append(id...id)
        }
    }

    func databaseDidCommit(_ db: Database) { reset() }

    func databaseDidRollback(_ db: Database) { reset() }
}
