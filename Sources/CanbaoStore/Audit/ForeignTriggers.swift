import Synchronization

/// Triggers the store did not make, or made and someone redefined. A trigger planted with the sqlite3 shell or psql
/// runs inside the store's own write transactions: its changes would be sealed into the audit log as the store's,
/// and dropping it afterwards leaves no trace (an `AFTER UPDATE ON operator` trigger raised a clerk to administrator at
/// the next login, and `store verify` then found the store intact). Every write refuses to seal while one exists;
/// `store verify` names it. A name is not enough: a trigger planted under a guard's name (or under the name of a
/// PostgreSQL guard on SQLite) did the same, so each own trigger's definition is compared too (and, on PostgreSQL, the
/// functions the triggers run, and the rules, row security and settings that would act inside the store's writes).
public enum ForeignTriggers {
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
    public static let postgresGuards: Set<String> = ["audit_log_no_update", "audit_log_no_delete", "audit_row_no_update",
                                              "audit_row_no_delete", "audit_log_no_truncate", "audit_row_no_truncate"]

    /// Whether `name` is one the store makes on this engine: a guard, or on PostgreSQL a covered table's capture trigger.
    public static func isOwn(_ name: String, dialect: SQLDialect) -> Bool {
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

    /// The store's own schema objects no longer as it made them, and engine objects that act inside its writes
    /// (`SQLConnection.alteredSchemaObjects`), sorted by kind and name.
    static func redefined(_ db: SQLConnection) throws -> [AlteredSchemaObject] {
        try db.alteredSchemaObjects().sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
    }

    /// SQLite's: its guards whose definition is no longer the one the migrations wrote.
    static func sqliteRedefined(_ db: SQLConnection) throws -> [AlteredSchemaObject] {
        try sqliteTriggers(db).filter { sqliteGuards[$0.name] != nil && !isGuardAsMade($0.name, $0.sql) }
            .map { AlteredSchemaObject(kind: .trigger, name: $0.name) }
    }

    /// Both kinds a write refuses to seal under, sorted: on SQLite from one read of the schema; on PostgreSQL the
    /// foreign triggers' names, then the altered objects' labels.
    static func refused(_ db: SQLConnection) throws -> [String] {
        guard db.dialect == .sqlite else { return try names(db) + redefined(db).map(\.label) }
        return try sqliteTriggers(db).filter { !isGuardAsMade($0.name, $0.sql) }.map(\.name).sorted()
    }

    private static func sqliteTriggers(_ db: SQLConnection) throws -> [(name: String, sql: String)] {
        try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
            .map { row in (row[0], (row[1] as String?) ?? "") }
    }

    /// Whether `sql` is the guard `name` as the migrations wrote it. Every write asks (`refused`), about the same
    /// six texts: a text found to be a guard's is remembered, so that the next write compares it as it is instead of
    /// normalising it again (that was 5 % of a registration).
    private static func isGuardAsMade(_ name: String, _ sql: String) -> Bool {
        if knownGuards.withLock({ $0[name] == sql }) { return true }
        guard let guardSQL = sqliteGuards[name], normalized(sql) == guardSQL else { return false }
        knownGuards.withLock { $0[name] = sql }
        return true
    }

    /// Guard definitions as found in a database, by name, each already checked to be the guard (`isGuardAsMade`).
    private static let knownGuards = Mutex<[String: String]>([:])

    /// The text with every run of white space made one space, as the definitions above are written.
    public static func normalized(_ sql: String) -> String {
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

/// One of the store's own schema objects no longer as the store made it, or an engine object the store never makes
/// that acts inside its writes: a PostgreSQL rule rewrites them, row security hides rows from them, and
/// `session_replication_role` other than `origin` keeps every guard and capture trigger from firing.
public struct AlteredSchemaObject: Hashable, Sendable {
    public enum Kind: Int, Comparable, Sendable {
        /// An own trigger redefined, disabled or pointed at another function.
        case trigger
        /// A function the own triggers run, redefined.
        case function
        /// A rewrite rule on a table of the store's schema.
        case rule
        /// Row security enabled on a table, or a policy on it.
        case rowSecurity
        /// A setting of the store's sessions that keeps triggers from firing.
        case setting

        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    public var kind: Kind
    /// The object's name (for a rule or policy `name（table）`; for row security the table; for a setting its name).
    public var name: String

    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// How a refusal lists it: "函数 canbao_note_changes".
    public var label: String {
        switch kind {
        case .trigger: return "触发器 \(name)"
        case .function: return "函数 \(name)"
        case .rule: return "规则 \(name)"
        case .rowSecurity: return "表 \(name) 的行级安全"
        case .setting: return "设置 \(name)"
        }
    }

    /// What `store verify` says of it.
    public var finding: String {
        switch kind {
        case .trigger: return "触发器 \(name) 的定义已被改动，不再是本程序建立的：有它在时本程序拒绝写入"
        case .function: return "函数 \(name) 的定义已被改动，不再是本程序建立的：本程序的触发器调用它，有它在时本程序拒绝写入"
        case .rule: return "规则 \(name) 不是本程序建立的：它会改写本程序的写入，有它在时本程序拒绝写入"
        case .rowSecurity:
            return "表 \(name) 启用了行级安全或建有策略，不是本程序设置的：它会对本程序隐藏或拦截行，有它在时本程序拒绝写入"
        case .setting: return "\(name) 被设置为不触发触发器：审计保护和改动记录都会失效，本程序拒绝写入"
        }
    }
}
