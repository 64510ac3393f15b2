/// Triggers the store did not make, or made and someone redefined. A trigger planted with the sqlite3 shell or psql
/// runs inside the store's own write transactions: its changes would be sealed into the audit log as the store's,
/// and dropping it afterwards leaves no trace (an `AFTER UPDATE ON operator` trigger raised a clerk to administrator at
/// the next login, and `store verify` then found the store intact). Every write refuses to seal while one exists;
/// `store verify` names it. A name is not enough: a trigger planted under a guard's name (or under the name of a
/// PostgreSQL guard on SQLite) did the same, so on SQLite each guard's definition is compared too.
enum ForeignTriggers {
    /// The audit tables' append-only guards on SQLite, with their definitions as the migrations wrote them.
    static let sqliteGuards: [String: String] = [
        "audit_log_no_update": "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        "audit_log_no_delete": "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        "audit_row_no_update": "CREATE TRIGGER audit_row_no_update BEFORE UPDATE ON audit_row BEGIN SELECT RAISE(ABORT, 'audit_row is append-only'); END",
        "audit_row_no_delete": "CREATE TRIGGER audit_row_no_delete BEFORE DELETE ON audit_row BEGIN SELECT RAISE(ABORT, 'audit_row is append-only'); END",
        "audit_log_no_replace": "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq) BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        "audit_row_no_replace": "CREATE TRIGGER audit_row_no_replace BEFORE INSERT ON audit_row WHEN EXISTS (SELECT 1 FROM audit_row WHERE tbl = NEW.tbl AND row_id = NEW.row_id AND seq = NEW.seq) BEGIN SELECT RAISE(ABORT, 'audit_row is append-only'); END",
    ]

    /// Migration `v14-audit-no-replace` (SQLite). `INSERT OR REPLACE` deletes the row it replaces without firing a
    /// DELETE trigger (recursive triggers are off): an entry or a digest could be swapped with every guard in place.
    /// An insert onto a key the table already holds is refused before it happens.
    static let noReplaceGuards = """
        CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
        WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq)
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_row_no_replace BEFORE INSERT ON audit_row
        WHEN EXISTS (SELECT 1 FROM audit_row WHERE tbl = NEW.tbl AND row_id = NEW.row_id AND seq = NEW.seq)
        BEGIN SELECT RAISE(ABORT, 'audit_row is append-only'); END;
        """

    /// PostgreSQL's guards (TRUNCATE skips row triggers and has its own).
    static let postgresGuards: Set<String> = ["audit_log_no_update", "audit_log_no_delete", "audit_row_no_update",
                                              "audit_row_no_delete", "audit_log_no_truncate", "audit_row_no_truncate"]

    /// Whether `name` is one the store makes on this engine: a guard, or on PostgreSQL a covered table's capture trigger.
    static func isOwn(_ name: String, dialect: SQLDialect) -> Bool {
        switch dialect {
        case .sqlite:
            return sqliteGuards[name] != nil
        case .postgres:
            if postgresGuards.contains(name) { return true }
            for action in ["insert", "update", "delete"] where name.hasPrefix("canbao_\(action)_") {
                return RowDigest.isCovered(String(name.dropFirst("canbao_\(action)_".count)))
            }
            return false
        }
    }

    /// The triggers of the store's schema that it did not make, sorted.
    static func names(_ db: SQLConnection) throws -> [String] {
        try db.triggerNames().filter { !isOwn($0, dialect: db.dialect) }.sorted()
    }

    /// The store's own triggers whose definition is no longer the one it wrote (SQLite), sorted.
    static func redefined(_ db: SQLConnection) throws -> [String] {
        guard db.dialect == .sqlite else { return [] }
        return try sqliteTriggers(db).filter { sqliteGuards[$0.name] != nil && $0.normalizedSQL != sqliteGuards[$0.name] }
            .map(\.name).sorted()
    }

    /// Both kinds a write refuses to seal under, sorted: on SQLite from one read of the schema.
    static func refused(_ db: SQLConnection) throws -> [String] {
        guard db.dialect == .sqlite else { return try names(db) }
        return try sqliteTriggers(db).filter { $0.normalizedSQL != sqliteGuards[$0.name] }.map(\.name).sorted()
    }

    private static func sqliteTriggers(_ db: SQLConnection) throws -> [(name: String, normalizedSQL: String)] {
        try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
            .map { row in (row["name"], normalized((row["sql"] as String?) ?? "")) }
    }

    /// The text with every run of white space made one space, as the definitions above are written.
    static func normalized(_ sql: String) -> String {
        sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}

extension CounterStore {
    /// Refuses to seal while the database holds a trigger the store did not make, or one of its own redefined
    /// (`ForeignTriggers`).
    func requireOwnTriggersOnly(_ db: SQLConnection) throws {
        let refused = try ForeignTriggers.refused(db)
        guard refused.isEmpty else { throw StoreError.foreignTriggers(refused) }
    }
}
