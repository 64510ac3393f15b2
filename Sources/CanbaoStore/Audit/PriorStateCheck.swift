import Foundation

/// A write refused because a row it changed was not, before it, as the audit log last recorded it (`CounterStore.
/// requireRecordedPriorState`). Thrown out of the transaction, which rolls back; `CounterStore.write` then logs the
/// refusal in a transaction of its own and throws `StoreError.tamperedWrite`.
struct TamperedPriorState: Error {
    /// The rows found, by table, in the log's order (at most `CounterStore.tamperedRowsListed` kept).
    var rows: [(table: String, id: Int64)]
    /// How many rows were found in all.
    var count: Int
    /// The refused transaction's first audit entry (who tried what), when it had one.
    var attempt: AuditJournal.Entry?

    /// The rows for people, as `store verify` names them: "人员（person） #12 等 3 行".
    var what: String {
        guard let first = rows.first else { return "数据" }
        return "\(TableNames.label(first.table)) #\(first.id)" + (count > 1 ? " 等 \(count) 行" : "")
    }
}

extension CounterStore {
    /// Rows named in a refusal's audit entry.
    static let tamperedRowsListed = 20

    /// Ranges of ids up to this long are probed row by row for their latest digest (`latestDigestSQL`).
    static let probedOneByOne: Int64 = 64

    /// A row's latest digest and the entry it is filed under, by the audit rows' primary key.
    static let latestDigestSQL = "SELECT seq, digest FROM audit_row WHERE tbl = ? AND row_id = ? ORDER BY seq DESC LIMIT 1"

    /// Refuses to seal a transaction that changed a row which, before it, was not as the audit log last recorded it:
    /// one altered, inserted or deleted behind the store's back (the sqlite3 shell, psql). Sealing would record the
    /// forged state as the store's own, and `store verify` would no longer see the change — an applicant's name
    /// edited with the shell and then any counter service on that person whitewashed it. Rows the transaction only
    /// read but decided on (`AuditJournal.rely`, and the acting operators) are checked the same way.
    ///
    /// The state before the transaction is, on SQLite, what its pre-update hook saw of each row before the
    /// transaction first changed it (`PriorCapture`; rows only relied on are read as they are, unchanged). Otherwise
    /// (PostgreSQL, or a transaction too large to capture) it is the last commit, read on a second connection
    /// (`StoreBackend.read` inside a write): writes are serialised, so nothing has committed since this one began.
    /// Rows the transaction updated or deleted are walked against the digests the log recorded for them, both in id
    /// order. Rows it only inserted (SQLite's hook tells them apart) had no state before; the log must not hold one
    /// for them either, or a row deleted behind the store's back would be covered by the new row that took its id.
    /// A bulk load's new ids thus cost one query per range, and no second connection. Every digest a row passes on must belong to an entry
    /// signed with the store's key (`isSigned`): `audit_row` takes inserts from anyone who can write the database.
    func requireRecordedPriorState(_ db: SQLConnection, _ changed: [String: [ClosedRange<Int64>]],
                                   attempt: AuditJournal.Entry?) throws {
        var found = TamperedPriorState(rows: [], count: 0, attempt: attempt)
        func note(_ table: String, _ id: Int64) {
            found.count += 1
            if found.rows.count < Self.tamperedRowsListed { found.rows.append((table, id)) }
        }
        // The rows that passed on each entry's digests, noted as found if the entry turns out not to be signed.
        var passed: [Int64: TamperedPriorState] = [:]
        func pass(_ table: String, _ id: Int64, on seq: Int64) {
            passed[seq, default: TamperedPriorState(rows: [], count: 0)].count += 1
            if passed[seq]!.rows.count < Self.tamperedRowsListed { passed[seq]!.rows.append((table, id)) }
        }
        let told = db.journal.takeModified()
        var modified = told ?? changed
        for (table, ranges) in db.journal.takeRelied() {
            modified[table] = AuditJournal.merged((modified[table] ?? []) + ranges)
        }
        let recordedRows = db.cachedStatement(sql: """
            SELECT row_id, seq, digest FROM audit_row WHERE tbl = ? AND row_id BETWEEN ? AND ? ORDER BY row_id, seq
            """)
        let latestRow = db.cachedStatement(sql: Self.latestDigestSQL)
        func recorded(_ table: String, _ range: ClosedRange<Int64>) throws -> LatestDigests {
            // A row a write changes often (the year's case counter, an operator at each login) has a digest for every
            // change: walking them all made each write slower than the last. A few rows are probed one by one for
            // their latest; a bulk range (rows with a digest or two each) is walked.
            let span = range.upperBound.subtractingReportingOverflow(range.lowerBound)
            guard !span.overflow, span.partialValue < Self.probedOneByOne else {
                return try LatestDigests(SQLRow.fetchCursor(recordedRows, arguments: [table, range.lowerBound, range.upperBound]))
            }
            var latest: [LatestDigests.Entry] = []
            for id in range {
                guard let row = try SQLRow.fetchOne(latestRow, arguments: [table, id]) else { continue }
                let digest: Data? = row[1]
                latest.append(LatestDigests.Entry(rowID: id, seq: row[0], digest: digest.map { Array($0) }))
            }
            return LatestDigests(latest: latest)
        }
        // Inserted only: no digest, or one saying the row was deleted. (Untold, every row is walked below.)
        for table in RowDigest.ordered(changed.keys) where told != nil {
            let walked = modified[table] ?? []
            for range in changed[table] ?? [] {
                var log = try recorded(table, range)
                while let entry = try log.next() {
                    guard !Self.contains(walked, entry.rowID) else { continue }
                    if entry.digest != nil { note(table, entry.rowID) } else { pass(table, entry.rowID, on: entry.seq) }
                }
            }
        }
        /// Walks the state before (`nextPrior`, in id order) against the log's digests for the same ids.
        func walk(_ table: String, _ range: ClosedRange<Int64>,
                  _ nextPrior: () throws -> (id: Int64, digest: [UInt8])?) throws {
            var log = try recorded(table, range)
            var p = try nextPrior(), r = try log.next()
            while p != nil || r != nil {
                if let row = p, r.map({ row.id < $0.rowID }) ?? true {
                    note(table, row.id)  // present, never recorded: inserted behind the store's back
                    p = try nextPrior()
                } else if let entry = r, p.map({ entry.rowID < $0.id }) ?? true {
                    // Recorded, gone: deleted behind its back, unless recorded as deleted.
                    if entry.digest != nil { note(table, entry.rowID) } else { pass(table, entry.rowID, on: entry.seq) }
                    r = try log.next()
                } else if let row = p, let entry = r {
                    if entry.digest != row.digest { note(table, row.id) } else { pass(table, row.id, on: entry.seq) }
                    p = try nextPrior()
                    r = try log.next()
                }
            }
        }
        if !modified.isEmpty, let prior = told == nil ? nil : db.journal.takePrior() {
            // SQLite's pre-update hook saw each row before the transaction first changed it.
            for table in RowDigest.ordered(modified.keys) {
                var shape = try db.journal.requiredShape(db, table)
                let captured = prior.sorted(table)
                for range in modified[table] ?? [] {
                    var rows = try captured.rows(db, in: range, shape: &shape).makeIterator()
                    try walk(table, range) { rows.next() }
                }
            }
        } else if !modified.isEmpty {
            try backend.read { before in
                for table in RowDigest.ordered(modified.keys) {
                    var shape = try db.journal.requiredShape(db, table)
                    let priorRows = before.cachedStatement(sql: shape.rangeSQL)
                    for range in modified[table] ?? [] {
                        let prior = try SQLRow.fetchCursor(priorRows, arguments: [range.lowerBound, range.upperBound])
                        try walk(table, range) {
                            guard let row = try prior.next() else { return nil }
                            if row.count != shape.width { shape = try db.journal.requiredShape(db, table, width: row.count) }
                            return (shape.rowID(row), shape.digest(row))
                        }
                    }
                }
            }
        }
        for seq in passed.keys.sorted() where try !isSigned(db, seq: seq) {
            for (table, id) in passed[seq]!.rows { note(table, id) }
            found.count += passed[seq]!.count - passed[seq]!.rows.count
        }
        guard found.count == 0 else { throw found }
    }

    /// Whether sorted, merged `ranges` hold `id`.
    static func contains(_ ranges: [ClosedRange<Int64>], _ id: Int64) -> Bool {
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound < id { low = mid + 1 } else { high = mid }
        }
        return low < ranges.count && ranges[low].contains(id)
    }

    /// Logs a refused write (`TamperedPriorState`) in a transaction of its own: who tried what, and which rows were
    /// found. The rows stay as they are, so `store verify` still reports them.
    func logRefusal(_ refusal: TamperedPriorState) throws {
        let rows = refusal.rows.map { "\($0.table)#\($0.id)" }.joined(separator: ",")
        var detail = ["reason": "tampered", "rows": rows, "count": String(refusal.count)]
        if let attempt = refusal.attempt { detail["attempted"] = attempt.action }
        let entry = AuditJournal.Entry(operatorID: refusal.attempt?.operatorID,
                                       actor: refusal.attempt?.actor ?? "system:store", action: "store.write-refused",
                                       entity: "store", entityID: nil, detail: Self.detailJSON(detail),
                                       at: StoreTimestamp.text(timestamp))
        try StoreError.mapping(path: path) {
            try backend.write { db in
                db.journal.reset()
                db.journal.append(entry)
                // Not on the actor's row: it may be the forged one, and the refusal must still be logged.
                try seal(db, relyingOnActors: false)
            }
        }
    }
}

