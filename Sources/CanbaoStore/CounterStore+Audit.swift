import CanbaoRules
import Foundation
import GRDB

extension CounterStore {
    /// The audit log, oldest first (for an entity when given).
    public func auditLog(entity: String? = nil, entityID: String? = nil, limit: Int? = nil) throws -> [AuditEntry] {
        try read { db in
            var sql = "SELECT * FROM audit_log WHERE 1 = 1"
            var arguments = SQLArguments()
            if let entity {
                sql += " AND entity = ?"
                arguments += [entity]
            }
            if let entityID {
                sql += " AND entity_id = ?"
                arguments += [entityID]
            }
            sql += " ORDER BY seq"
            if let limit {
                sql += " LIMIT ?"
                arguments += [max(0, limit)]
            }
            return try AuditEntry.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    /// The chain's head: the latest entry's sequence number, hash and time; nil for an empty log.
    public func auditHead() throws -> AuditCheckpoint? {
        try read { db in try Self.auditHead(db) }
    }

    /// The last entry written before the end of `day` in `timeZone`: the checkpoint the daily report prints for the
    /// supervisor to sign or file. Nil when the log has no entry by then.
    public func auditCheckpoint(endOf day: LocalDate, timeZone: TimeZone) throws -> AuditCheckpoint? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let next = day.adding(days: 1)
        guard let end = calendar.date(from: DateComponents(year: next.year, month: next.month, day: next.day)) else { return nil }
        let bound = StoreTimestamp.text(end)
        return try read { db in
            try SQLRow.fetchOne(db, sql: "SELECT seq, hash, at FROM audit_log WHERE at < ? ORDER BY seq DESC LIMIT 1",
                             arguments: [bound]).map { AuditCheckpoint(seq: $0["seq"], hash: $0["hash"], at: $0["at"]) }
        }
    }

    static func auditHead(_ db: SQLConnection) throws -> AuditCheckpoint? {
        try SQLRow.fetchOne(db, sql: "SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1")
            .map { AuditCheckpoint(seq: $0["seq"], hash: $0["hash"], at: $0["at"]) }
    }

    /// Appends one audit entry to the write transaction under way. It is chained, keyed and written with the digests
    /// of the rows the transaction changed when the transaction is sealed (`write`), just before it commits; write
    /// transactions are IMMEDIATE, so no other process can append in between.
    func appendAudit(_ db: SQLConnection, actor: Actor, action: String, entity: String, entityID: String?,
                     detail: [String: String], at date: Date) throws {
        let (operatorID, actorName) = try resolve(actor, db)
        db.journal.append(AuditJournal.Entry(operatorID: operatorID, actor: actorName, action: action, entity: entity,
                                          entityID: entityID, detail: Self.detailJSON(detail),
                                          at: StoreTimestamp.text(date)))
    }

    static func detailJSON(_ detail: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(detail)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Writes the transaction's audit entries to the keyed chain, the last one with the digest of every row the
    /// transaction changed. A transaction that changed rows without appending an entry gets a `store.write` entry:
    /// such a write is a bug, but it must still not escape the log.
    ///
    /// The rows changed, and those the write decided on (`relyingOnActors`: the operators it acts for, whose role
    /// and standing allowed it), must have been as the log last recorded them (`requireRecordedPriorState`).
    func seal(_ db: SQLConnection, relyingOnActors: Bool = true) throws {
        var entries = db.journal.takeEntries()
        let changed = try db.takeChangedRows()
        guard !entries.isEmpty || !changed.isEmpty else { return }
        if relyingOnActors {
            for id in Set(entries.compactMap(\.operatorID)) { db.journal.rely(table: "operator", rowID: id) }
        }
        try requireRecordedPriorState(db, changed, attempt: entries.first)
        if entries.isEmpty {
            entries = [AuditJournal.Entry(operatorID: nil, actor: "system:store", action: "store.write", entity: "store",
                                          entityID: nil, detail: "{}",
                                          at: StoreTimestamp.text(timestamp))]
        }
        try appendKeyed(db, entries, rows: .changed(changed))
    }

    /// Which rows an entry records: those a transaction changed, or every row (the anchor of an upgraded store).
    enum RowSelection {
        case changed([String: [ClosedRange<Int64>]])
        case every
    }

    func appendKeyed(_ db: SQLConnection, _ entries: [AuditJournal.Entry], rows: RowSelection) throws {
        try requireOwnTriggersOnly(db)
        let head = try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))
        var seq: Int64 = head?["seq"] ?? 0
        var prevHash: String = head?["hash"] ?? AuditEntry.genesisHash
        let insert = db.cachedStatement(sql: """
            INSERT INTO audit_log (seq, at, operator_id, actor, action, entity, entity_id, detail, rows_hash, prev_hash,
                                   hash, hall, counter)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let hall = options.servicePoint?.hall, counter = options.servicePoint?.counter
        let fault = SealFault.action(path)
        for (index, e) in entries.enumerated() {
            if e.action == fault { throw SealFault.Crash() }
            seq += 1
            var list = RowDigest.ListHasher()
            // The digests reference the entry's seq; the foreign key is checked at commit.
            if index == entries.count - 1 { try recordRows(db, rows, seq: seq, into: &list) }
            let rowsHash = list.rowsHash
            let hash = AuditEntry.keyedHash(auditKey, seq: seq, at: e.at, operatorID: e.operatorID, actor: e.actor,
                                            action: e.action, entity: e.entity, entityID: e.entityID, detail: e.detail,
                                            rowsHash: rowsHash, prevHash: prevHash, hall: hall, counter: counter)
            try insert.execute(arguments: [seq, e.at, e.operatorID, e.actor, e.action, e.entity, e.entityID, e.detail,
                                           rowsHash, prevHash, hash, hall, counter])
            prevHash = hash
        }
        try announce(db, head: seq)
    }

    /// Tells the other counters that this transaction extends the audit log to `head`. On PostgreSQL a NOTIFY inside
    /// the transaction, which the server delivers to every listener only if it commits (`StoreChangeFeed`); SQLite
    /// has no one to tell (other terminals read `PRAGMA data_version`).
    private func announce(_ db: SQLConnection, head: Int64) throws {
        guard db.dialect == .postgres else { return }
        try db.cachedStatement(sql: "SELECT pg_notify('\(AuditChannel.name)', ?)").execute(arguments: [String(head)])
    }

    /// Records the digest of each selected row (or that it no longer exists) under `seq`, in the list hash's order.
    /// SQLite's rows go through its C API (`recordRows(_: SQLiteConnection…)`): a bulk write seals millions; both
    /// paths give the same digests, in the same order (tested side by side).
    private func recordRows(_ db: SQLConnection, _ rows: RowSelection, seq: Int64,
                            into list: inout RowDigest.ListHasher) throws {
        if let sqlite = db as? SQLiteConnection { return try recordRows(sqlite, rows, seq: seq, into: &list) }
        // Many rows per INSERT: on a server every statement is a round trip, and a bulk load seals millions of rows.
        var pending = SQLArguments()
        var pendingRows = 0
        func flush() throws {
            guard pendingRows > 0 else { return }
            let values = Array(repeating: "(?, ?, ?, ?)", count: pendingRows).joined(separator: ", ")
            try db.cachedStatement(sql: "INSERT INTO audit_row (seq, tbl, row_id, digest) VALUES \(values)")
                .execute(arguments: pending)
            pending = SQLArguments()
            pendingRows = 0
        }
        func record(_ table: String, _ id: Int64, _ digest: [UInt8]?) throws {
            pending += [seq, table, id, digest.map { Data($0) }]
            pendingRows += 1
            list.add(table: table, rowID: id, digest: digest)
            if pendingRows == Self.auditRowsPerInsert { try flush() }
        }
        func shapeOf(_ table: String, width: Int? = nil) throws -> RowShape {
            try db.journal.requiredShape(db, table, width: width)
        }
        switch rows {
        case let .changed(changed):
            for table in RowDigest.ordered(changed.keys) {
                var shape = try shapeOf(table)
                let select = db.cachedStatement(sql: shape.rangeSQL)
                for range in changed[table] ?? [] {
                    // Ids of the range the table no longer holds were deleted by the transaction.
                    var next: Int64? = range.lowerBound
                    let cursor = try SQLRow.fetchCursor(select, arguments: [range.lowerBound, range.upperBound])
                    while let row = try cursor.next() {
                        if row.count != shape.width { shape = try shapeOf(table, width: row.count) }
                        let id = shape.rowID(row)
                        while let gap = next, gap < id {
                            try record(table, gap, nil)
                            next = gap + 1
                        }
                        try record(table, id, shape.digest(row))
                        next = id < range.upperBound ? id + 1 : nil
                    }
                    while let gap = next {
                        try record(table, gap, nil)
                        next = gap < range.upperBound ? gap + 1 : nil
                    }
                }
            }
        case .every:
            for table in try Self.coveredTables(db) {
                let shape = try shapeOf(table)
                let cursor = try SQLRow.fetchCursor(db, sql: shape.allSQL)
                while let row = try cursor.next() { try record(table, shape.rowID(row), shape.digest(row)) }
            }
        }
        try flush()
    }

    /// Rows of `audit_row` written by one INSERT on a server (4 parameters each, far below PostgreSQL's 65,535).
    static let auditRowsPerInsert = 1_000

    /// As `recordRows(_: SQLConnection…)`, through SQLite's C API: a bulk write seals millions of rows (`audit_row` is not a covered table, so nothing
    /// here needs the journal).
    private func recordRows(_ sqlite: SQLiteConnection, _ rows: RowSelection, seq: Int64,
                            into list: inout RowDigest.ListHasher) throws {
        let db = sqlite.db
        let guardSQL = try Self.setAsideInsertGuard(sqlite, for: rows)
        let insert = try RawStatement(db, "INSERT INTO audit_row (seq, tbl, row_id, digest) VALUES (?, ?, ?, ?)")
        insert.bind(1, seq)
        var scratch: [UInt8] = []
        scratch.reserveCapacity(512)
        func record(_ id: Int64, _ digest: [UInt8]?, table: String) throws {
            insert.bind(3, id)
            insert.bind(4, blob: digest)
            try insert.execute()
            list.add(table: table, rowID: id, digest: digest)
        }
        func shapeOf(_ table: String, width: Int? = nil) throws -> RowShape {
            try sqlite.journal.requiredShape(sqlite, table, width: width)
        }
        switch rows {
        case let .changed(changed):
            for table in RowDigest.ordered(changed.keys) {
                var shape = try shapeOf(table)
                insert.bind(2, table)
                let select = try RawStatement(db, shape.rangeSQL)
                for range in changed[table] ?? [] {
                    // Ids of the range the table no longer holds were deleted by the transaction.
                    var next: Int64? = range.lowerBound
                    select.bind(1, range.lowerBound)
                    select.bind(2, range.upperBound)
                    while try select.step() {
                        if select.columnCount != shape.width { shape = try shapeOf(table, width: select.columnCount) }
                        let id = shape.rowID(select.handle)
                        while let gap = next, gap < id {
                            try record(gap, nil, table: table)
                            next = gap + 1
                        }
                        try record(id, shape.digest(select.handle, scratch: &scratch), table: table)
                        next = id < range.upperBound ? id + 1 : nil
                    }
                    while let gap = next {
                        try record(gap, nil, table: table)
                        next = gap < range.upperBound ? gap + 1 : nil
                    }
                }
            }
        case .every:
            for table in try Self.coveredTables(sqlite) {
                let shape = try shapeOf(table)
                insert.bind(2, table)
                let select = try RawStatement(db, shape.allSQL)
                while try select.step() {
                    try record(shape.rowID(select.handle), shape.digest(select.handle, scratch: &scratch), table: table)
                }
            }
        }
        insert.reset()
        if let guardSQL { try sqlite.execute(guardSQL, [], cached: false) }
    }

    /// Digests sealed at once from which `audit_row`'s insert guard is set aside while they are written.
    static let guardSetAsideRows: Int64 = 10_000

    /// For a bulk write (`guardSetAsideRows` digests or more), drops `audit_row_no_replace` and returns its definition,
    /// for the caller to make it again, as it was, before the transaction commits. The guard runs a trigger program
    /// for every insert, which costs SQLite a statement journal each: 4.5 µs of a 7.5 µs insert, 15 s of a
    /// 1,000,000-row roster's sealing. Nothing else can write while this transaction holds the lock, and DDL is
    /// transactional in SQLite: no other connection ever sees the table without its guard, and a failure or a crash
    /// before the commit brings it back with the rollback. The triggers were checked just before (`appendKeyed`).
    static func setAsideInsertGuard(_ sqlite: SQLiteConnection, for rows: RowSelection) throws -> String? {
        guard case let .changed(changed) = rows else { return nil }
        var count: Int64 = 0
        for range in changed.values.joined() where count < guardSetAsideRows {
            let span = range.upperBound.subtractingReportingOverflow(range.lowerBound)
            count = span.overflow ? guardSetAsideRows : min(guardSetAsideRows, count + span.partialValue + 1)
        }
        guard count >= guardSetAsideRows else { return nil }
        let name = "audit_row_no_replace"
        let stored = try SQLRow.fetchOne(sqlite, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                         arguments: [name])
        guard let sql: String = stored?[0] else { return nil }
        try sqlite.execute("DROP TRIGGER \(name)", [], cached: false)
        return sql
    }

    /// Every table the row digests cover, in the order the log records them.
    static func coveredTables(_ db: SQLConnection) throws -> [String] {
        RowDigest.ordered(try db.tableNames().filter(RowDigest.isCovered))
    }

    /// Reads the key file, or creates it for a store whose log is not keyed yet. A key that does not sign the latest
    /// keyed entry is refused: entries appended with it would never verify.
    public static func prepareAuditKey(_ backend: any StoreBackend, path: String) throws -> AuditKey {
        let lastKeyed = try backend.read { db in
            try AuditEntry.fetchOne(db, sql: "SELECT * FROM audit_log WHERE rows_hash IS NOT NULL ORDER BY seq DESC LIMIT 1")
        }
        if let key = try AuditKey.load(path: path) {
            if let lastKeyed, lastKeyed.keyedHash(key) != lastKeyed.hash {
                throw StoreError.auditKey("\(path) 与此数据库的审计日志不符（第 \(lastKeyed.seq) 条的签名无法用它验证：密钥文件"
                    + "不是此数据库的，或该条记录被改动），请运行 canbao store verify")
            }
            return key
        }
        if let lastKeyed {
            throw StoreError.auditKey("找不到密钥文件 \(path)：审计日志已用密钥签名至第 \(lastKeyed.seq) 条，缺少密钥无法继续记录；"
                + "请从备份（canbao store backup --with-key）恢复该文件")
        }
        return try AuditKey.create(path: path)
    }

    /// A store whose log is not keyed yet but holds history or rows (one written before the upgrade): one
    /// `audit.anchor` entry, the first of the keyed chain, continues the plain chain's head and records the digest of
    /// every row the store holds. A new, empty store needs none: its first entry is keyed.
    func anchorKeyedChain() throws {
        func unanchored(_ db: SQLConnection) throws -> Bool {
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit_log WHERE rows_hash IS NOT NULL)") == true {
                return false
            }
            if try AuditEntry.fetchCount(db) > 0 { return true }
            for table in try Self.coveredTables(db)
            where try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table.quotedDatabaseIdentifier))") == true {
                return true
            }
            return false
        }
        guard try read(unanchored) else { return }
        let at = StoreTimestamp.text(timestamp)
        try StoreError.mapping {
            try backend.write { db in
                db.journal.reset()
                // Another terminal opening the same store may have anchored it meanwhile.
                guard try unanchored(db) else { return }
                let head = try Self.auditHead(db)
                let detail = ["plain_head_seq": String(head?.seq ?? 0), "plain_head_hash": head?.hash ?? AuditEntry.genesisHash,
                              "key": auditKey.fingerprint]
                try appendKeyed(db, [AuditJournal.Entry(operatorID: nil, actor: "system:upgrade", action: "audit.anchor",
                                                        entity: "store", entityID: nil, detail: Self.detailJSON(detail),
                                                        at: at)], rows: .every)
            }
        }
    }

    /// Whether the covered row `id` of `table` is as the audit log last recorded it, in an entry signed with the
    /// store's key (`isSigned`). A row changed behind the store's back (the sqlite3 CLI) or never written by it is
    /// not: acting on it — a login, an administrator's change — would seal its forged state into the log, and
    /// `store verify` would no longer see the change.
    func isSealed(_ db: SQLConnection, table: String, id: Int64) throws -> Bool {
        var shape = try db.journal.requiredShape(db, table)
        let row = try SQLRow.fetchOne(db.cachedStatement(sql: shape.rangeSQL), arguments: [id, id])
        if let row, row.count != shape.width { shape = try db.journal.requiredShape(db, table, width: row.count) }
        let recorded = try SQLRow.fetchOne(db.cachedStatement(sql: Self.latestDigestSQL), arguments: [table, id])
        guard let recorded else { return row == nil }
        guard (recorded["digest"] as Data?) == row.map({ Data(shape.digest($0)) }) else { return false }
        return try isSigned(db, seq: recorded["seq"])
    }

    /// As `isSealed`, refusing with what to do: `what` names the row for people ("操作员 clerk1 的账号").
    func requireSealed(_ db: SQLConnection, table: String, id: Int64, what: String) throws {
        guard try isSealed(db, table: table, id: id) else { throw StoreError.tampered(what) }
    }

    private func resolve(_ actor: Actor, _ db: SQLConnection) throws -> (Int64?, String) {
        switch actor {
        case let .system(label):
            return (nil, "system:\(label)")
        case let .operator(id):
            return (id, try requireActiveOperator(db, id))
        }
    }

    /// The operator's name; an operator must exist and not be disabled to change anything.
    @discardableResult
    func requireActiveOperator(_ db: SQLConnection, _ id: Int64) throws -> String {
        let select = db.cachedStatement(sql: "SELECT name, disabled FROM operator WHERE id = ?")
        guard let row = try SQLRow.fetchOne(select, arguments: [id]) else {
            throw StoreError.operatorNotFound("#\(id)")
        }
        let name: String = row["name"]
        if row["disabled"] as Bool { throw StoreError.operatorDisabled(name) }
        return name
    }
}
