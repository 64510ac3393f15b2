import GRDB
import GRDBSQLite

/// The store's SQL on SQLite, through a GRDB connection the pool lent for one access.
final class SQLiteConnection: SQLConnection {
    let db: GRDB.Database
    let journal: AuditJournal

    init(_ db: GRDB.Database, journal: AuditJournal) {
        self.db = db
        self.journal = journal
    }

    var dialect: SQLDialect { .sqlite }

    private func statement(_ sql: String, cached: Bool) throws -> Statement {
        cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
    }

    func execute(_ sql: String, _ arguments: SQLArguments, cached: Bool) throws {
        // Several statements (a migration's script) go through GRDB's script runner.
        if !cached, arguments.values.isEmpty {
            try db.execute(sql: sql)
            return
        }
        try statement(sql, cached: cached).execute(arguments: StatementArguments(arguments.values))
    }

    func fetchAll(_ sql: String, _ arguments: SQLArguments, cached: Bool) throws -> [SQLRow] {
        let statement = try statement(sql, cached: cached)
        let columns = SQLColumns(statement.columnNames)
        var rows: [SQLRow] = []
        let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(arguments.values))
        while try cursor.next() != nil { rows.append(SQLRow(columns: columns, values: Self.values(statement))) }
        return rows
    }

    func fetchRecords<Record: FetchableRecord>(_ type: Record.Type, _ sql: String, _ arguments: SQLArguments,
                                               cached: Bool) throws -> [Record] {
        try Record.fetchAll(statement(sql, cached: cached), arguments: StatementArguments(arguments.values))
    }

    func cursor(_ sql: String, _ arguments: SQLArguments, cached: Bool) throws -> SQLCursor {
        let statement = try statement(sql, cached: cached)
        let columns = SQLColumns(statement.columnNames)
        let rows = try Row.fetchCursor(statement, arguments: StatementArguments(arguments.values))
        return SQLCursor { try rows.next() == nil ? nil : SQLRow(columns: columns, values: Self.values(statement)) }
    }

    func forEachRow(_ sql: String, _ arguments: SQLArguments, cached: Bool, _ body: (SQLValues) throws -> Void) throws {
        let statement = try statement(sql, cached: cached)
        let rows = try Row.fetchCursor(statement, arguments: StatementArguments(arguments.values))
        let values = SQLValues(statement: statement.sqliteStatement)
        while try rows.next() != nil { try body(values) }
    }

    /// The values of the row the statement stands on, read straight from SQLite: GRDB's `Row.databaseValues` is a
    /// lazy sequence whose copy grows the array column by column (a roster's lookup reads a million values).
    private static func values(_ statement: Statement) -> [DatabaseValue] {
        let handle = statement.sqliteStatement
        let count = sqlite3_column_count(handle)
        return [DatabaseValue](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
            for i in 0..<count { (buffer.baseAddress! + Int(i)).initialize(to: value(handle, i)) }
            initialized = Int(count)
        }
    }

    /// One column's value. Text is read whole: GRDB stops at a NUL, which hid everything after it from the row digests
    /// (a name edited to `张三\0伪造` verified as intact) while SQLite's keys and lookups compare the whole value.
    private static func value(_ handle: SQLiteStatement, _ i: Int32) -> DatabaseValue {
        guard sqlite3_column_type(handle, i) == SQLITE_TEXT, let text = sqlite3_column_text(handle, i) else {
            return DatabaseValue(sqliteStatement: handle, index: i)
        }
        let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, i)))
        return String(decoding: bytes, as: UTF8.self).databaseValue
    }

    func takeChangedRows() throws -> [String: [ClosedRange<Int64>]] { journal.takeChanged() }

    func tableNames() throws -> [String] {
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
    }

    func columnNames(of table: String) throws -> [String] {
        try db.columns(in: table).map(\.name)
    }

    func integerPrimaryKey(of table: String) throws -> String? {
        try db.primaryKey(table).rowIDColumn
    }

    func triggerNames() throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
    }

    /// SQLite has no rules, row security or functions stored in the schema: only the guards' definitions.
    func alteredSchemaObjects() throws -> [AlteredSchemaObject] { try ForeignTriggers.sqliteRedefined(self) }
}

/// SQLite's update hook, through GRDB: notes every covered row a write transaction changes into the writer's journal.
final class SQLiteChangeObserver: TransactionObserver, @unchecked Sendable {
    let journal: AuditJournal

    init(_ journal: AuditJournal) { self.journal = journal }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        RowDigest.isCovered(eventKind.tableName)
    }

    func databaseDidChange(with event: DatabaseEvent) {
        guard event.databaseName == "main" else { return }
        journal.note(table: event.tableName, rowID: event.rowID, inserted: event.kind == .insert)
    }

    func databaseDidCommit(_ db: GRDB.Database) { journal.reset() }

    func databaseDidRollback(_ db: GRDB.Database) { journal.reset() }
}
