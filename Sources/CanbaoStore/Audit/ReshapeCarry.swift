import Foundation
import GRDB

extension CounterStore {
    /// After a step that added columns to covered tables (`audit_reshape` names them), carries each row's digest over
    /// to the table's new shape in one `audit.reshape` entry: the digest of every row whose latest recorded digest
    /// equals the digest of its old columns, and whose added columns are still empty, is recorded again as the row
    /// now is. A row changed behind the store's back before the upgrade keeps its old digest, so `store verify` still
    /// reports it: the carry launders nothing, whoever asked for it. Rows already recorded in the new shape (an
    /// anchor made at the same start) need nothing. Runs once, at the first start after the step; a second process
    /// starting at the same moment finds the request gone.
    func carryDigestsOverReshape() throws {
        guard try read({ db in try Self.reshapePending(db) }) else { return }
        let at = StoreTimestamp.text(timestamp)
        try StoreError.mapping {
            try backend.write { db in
                db.journal.reset()
                guard try Self.reshapePending(db) else { return }
                var carry = ReshapeCarry()
                for request in try SQLRow.fetchAll(db, sql: "SELECT step, tables, added_columns FROM audit_reshape ORDER BY step") {
                    let step: String = request["step"], tables: String = request["tables"]
                    let added = Set((request["added_columns"] as String).split(separator: ",").map(String.init))
                    for table in tables.split(separator: ",").map(String.init) where try db.tableExists(table) {
                        try carry.walk(db, table: table, added: added)
                    }
                    carry.steps.append(step)
                    try db.run("DELETE FROM audit_reshape WHERE step = ?", arguments: [step])
                }
                // A new, empty store (the step ran on no rows), or one whose rows were all recorded in the new shape
                // already (anchored at this start), needs no entry.
                guard carry.carried + carry.left > 0 else { return }
                let detail = ["steps": carry.steps.joined(separator: ","), "carried": String(carry.carried),
                              "current": String(carry.current), "left": String(carry.left)]
                try appendKeyed(db, [AuditJournal.Entry(operatorID: nil, actor: "system:upgrade", action: "audit.reshape",
                                                        entity: "store", entityID: nil, detail: Self.detailJSON(detail),
                                                        at: at)],
                                rows: .changed(carry.rows.mapValues(AuditJournal.merged)))
            }
        }
    }

    static func reshapePending(_ db: SQLConnection) throws -> Bool {
        try db.tableExists("audit_reshape")
            && Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit_reshape)") == true
    }
}

/// The rows one reshape carries over, walked a batch of ids at a time (a store holds millions of cases).
struct ReshapeCarry {
    static let batch: Int64 = 5_000
    var steps: [String] = []
    /// The rows to record again, by table.
    var rows: [String: [ClosedRange<Int64>]] = [:]
    /// Rows carried, rows already recorded in the new shape, rows left with a digest that matches neither shape.
    var carried = 0, current = 0, left = 0

    mutating func walk(_ db: SQLConnection, table: String, added: Set<String>) throws {
        guard let now = try RowShape(db, table: table), let before = try RowShape(db, table: table, excluding: added) else {
            return
        }
        let names = try db.columnNames(of: table)
        let addedIndexes = names.indices.filter { added.contains(names[$0]) }
        let key = now.key.quotedDatabaseIdentifier
        let select = "SELECT * FROM \(table.quotedDatabaseIdentifier) WHERE \(key) > ? ORDER BY \(key) LIMIT \(Self.batch)"
        var after = Int64.min
        while true {
            let batch = try SQLRow.fetchAll(db, sql: select, arguments: [after])
            guard let first = batch.first, let last = batch.last else { break }
            let low = now.rowID(first), high = now.rowID(last)
            // The latest digest recorded for each row of the batch (NULL: recorded as deleted).
            var recorded: [Int64: Data?] = [:]
            for row in try SQLRow.fetchAll(db, sql: """
                SELECT row_id, digest FROM audit_row WHERE tbl = ? AND row_id BETWEEN ? AND ? ORDER BY row_id, seq
                """, arguments: [table, low, high]) {
                recorded[row["row_id"] as Int64] = .some(row["digest"] as Data?)
            }
            for row in batch {
                let id = now.rowID(row)
                guard case let .some(.some(digest)) = recorded[id] else {
                    left += 1
                    continue
                }
                if digest == Data(now.digest(row)) {
                    current += 1
                } else if addedIndexes.allSatisfy({ row.values[$0].isNull }), digest == Data(before.digest(row)) {
                    AuditJournal.note(id, in: &rows[table, default: []])
                    carried += 1
                } else {
                    left += 1
                }
            }
            after = high
        }
    }
}
