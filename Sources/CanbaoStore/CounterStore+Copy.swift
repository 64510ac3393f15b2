import GRDB
import Foundation

/// What `copy(into:by:)` moved and what the copy looks like to `store verify`.
public struct StoreCopyReport: Sendable {
    /// Rows copied, by table (every table of the store, empty ones included).
    public var rows: [String: Int]
    /// The target's verification of the copied rows, made before they were committed.
    public var verification: VerifyReport
}

extension CounterStore {
    /// Copies every row of this store into `target`, a store on another engine (moving an agency from one SQLite
    /// host to a shared PostgreSQL database) that holds nothing yet and uses the same audit key: the rows keep their
    /// ids, the audit log keeps its entries and row digests as they are, so the chain verifies on the target as it
    /// did here. One transaction on the target, verified and its row counts compared with these before it commits:
    /// a copy that fails anywhere leaves it empty. Then one `store.copy` entry is appended, naming `actor`.
    public func copy(into target: CounterStore, by actor: Actor) throws -> StoreCopyReport {
        guard auditKey.fingerprint == target.auditKey.fingerprint else {
            throw StoreError.notAllowed("目标数据库的审计密钥（\(target.auditKeyPath)）与本库的不同，复制后的审计链将无法核对")
        }
        let migrations = try appliedMigrations(), targetMigrations = try target.appliedMigrations()
        guard migrations == targetMigrations else {
            throw StoreError.notAllowed("两个数据库的结构版本不同（本库 \(migrations.last ?? "无")，目标 \(targetMigrations.last ?? "无")）")
        }
        let (counts, verification) = try StoreError.mapping(path: target.path) {
            try read { source in
                try target.backend.write { copy in
                    let tables = try Self.copyOrder(source)
                    try Self.refuseNonEmpty(copy, tables: tables, location: target.path)
                    var counts: [String: Int] = [:]
                    for table in tables { counts[table] = try Self.copyRows(of: table, from: source, to: copy) }
                    // The copied rows carry their digests already: the capture of this transaction is not a new write.
                    _ = try copy.takeChangedRows()
                    if copy.dialect == .postgres { try Self.advanceIdentities(copy, tables: tables) }
                    // Checked before it commits, on the copy as it now stands: a copy that does not verify, or lost
                    // a row, is rolled back and the target stays empty.
                    let verification = try StoreVerification.run(copy, key: target.auditKey, keyPath: target.auditKeyPath,
                                                                 checkpoint: nil)
                    guard verification.isOK else {
                        throw StoreError.notAllowed("复制后目标数据库校验未通过（未写入）：\(verification.findings.map(\.message).joined(separator: "；"))")
                    }
                    let copied = try tables.reduce(into: [String: Int]()) { $0[$1] = try Self.rowCount(copy, $1) }
                    guard copied == counts else {
                        let differing = tables.filter { copied[$0] != counts[$0] }
                        throw StoreError.notAllowed("复制后行数不符（未写入）：\(differing.map { "\($0) \(counts[$0] ?? 0)→\(copied[$0] ?? 0)" }.joined(separator: "，"))")
                    }
                    return (counts, verification)
                }
            }
        }
        let at = timestamp
        _ = try target.write { db in
            try target.appendAudit(db, actor: actor, action: "store.copy", entity: "store", entityID: nil,
                                   detail: ["from": path, "head": verification.headHash,
                                            "rows": String(counts.values.reduce(0, +))],
                                   at: at)
        }
        return StoreCopyReport(rows: counts, verification: verification)
    }

    /// Writes this store's audit key to `path` for the store a copy goes to, unless a key file is there already
    /// (`copy` then refuses a different one). Whether it wrote the file: a copy that fails removes it again.
    public func installAuditKey(at path: String) throws -> Bool {
        if try AuditKey.load(path: path) != nil { return false }
        try auditKey.write(to: path)
        return true
    }

    /// The store's tables, each after the tables its foreign keys name (the source is SQLite, whose catalog says).
    static func copyOrder(_ source: SQLConnection) throws -> [String] {
        guard source.dialect == .sqlite else { throw StoreError.notAllowed("只能从 SQLite 数据库复制") }
        let tables = try source.tableNames().filter { $0 != "grdb_migrations" && !$0.hasPrefix("sqlite_") }.sorted()
        var parents: [String: Set<String>] = [:]
        for row in try SQLRow.fetchAll(source, sql: """
            SELECT m.name AS child, p."table" AS parent
            FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS p WHERE m.type = 'table'
            """) {
            let child: String = row["child"], parent: String = row["parent"]
            if child != parent { parents[child, default: []].insert(parent) }
        }
        var ordered: [String] = [], placed: Set<String> = []
        while ordered.count < tables.count {
            let ready = tables.first { table in
                !placed.contains(table) && (parents[table] ?? []).allSatisfy { placed.contains($0) || !tables.contains($0) }
            }
            guard let first = ready else {
                throw StoreError.notAllowed("表之间的外键成环，无法确定复制顺序")
            }
            ordered.append(first)
            placed.insert(first)
        }
        return ordered
    }

    /// Refuses a target that holds any row: a copy merges nothing.
    static func refuseNonEmpty(_ db: SQLConnection, tables: [String], location: String) throws {
        let present = Set(try db.tableNames())
        for table in tables {
            guard present.contains(table) else {
                throw StoreError.notAllowed("目标数据库没有表 \(table)：两个数据库的结构不同")
            }
            if try rowCount(db, table) > 0 {
                throw StoreError.notAllowed("目标数据库 \(location) 不是空的（\(TableNames.label(table)) 已有数据）：只能复制到新建的空数据库")
            }
        }
    }

    /// Copies one table's rows in id order (a row naming an earlier row of its own table comes after it), column by
    /// column as the source names them.
    static func copyRows(of table: String, from source: SQLConnection, to target: SQLConnection) throws -> Int {
        let columns = try source.columnNames(of: table)
        let targetColumns = Set(try target.columnNames(of: table))
        let missing = columns.filter { !targetColumns.contains($0) }
        guard missing.isEmpty else {
            throw StoreError.notAllowed("目标数据库的表 \(table) 缺少列 \(missing.joined(separator: "、"))")
        }
        let names = columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        let order = try source.integerPrimaryKey(of: table).map { " ORDER BY \($0.quotedDatabaseIdentifier)" } ?? ""
        let insert = "INSERT INTO \(table.quotedDatabaseIdentifier) (\(names)) VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let rows = try source.cursor("SELECT \(names) FROM \(table.quotedDatabaseIdentifier)\(order)", SQLArguments(), cached: false)
        var count = 0
        while let row = try rows.next() {
            try target.execute(insert, SQLArguments(values: row.values), cached: true)
            count += 1
        }
        return count
    }

    /// PostgreSQL's identity columns hand out the next id from their sequence, which explicit ids do not advance.
    static func advanceIdentities(_ db: SQLConnection, tables: [String]) throws {
        for table in tables {
            guard let key = try db.integerPrimaryKey(of: table) else { continue }
            _ = try db.fetchAll("""
                SELECT setval(pg_get_serial_sequence(?, ?), MAX(\(key.quotedDatabaseIdentifier)))
                FROM \(table.quotedDatabaseIdentifier) HAVING MAX(\(key.quotedDatabaseIdentifier)) IS NOT NULL
                """, [table.quotedDatabaseIdentifier, key], cached: false)
        }
    }

    static func rowCount(_ db: SQLConnection, _ table: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
    }
}
