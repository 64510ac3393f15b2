import Foundation
import GRDB

/// What the store's operations run their SQL through: one connection of whichever engine holds the store (SQLite,
/// PostgreSQL), inside the transaction `CounterStore.read` or `CounterStore.write` opened.
///
/// The operations are written once, in the SQL both engines speak (`?` placeholders, `RETURNING`, `ON CONFLICT`,
/// `IS NOT DISTINCT FROM`, `CASE`, `COALESCE`, `EXISTS`), with `SQLDialect` for the few things they spell differently
/// (JSON, the catalog). Values cross as GRDB's `DatabaseValue`: the logical types (NULL, integer, real, text, blob) the
/// row digests are defined over, so a row reads the same from either engine.
public protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }
    /// The audit entries the write transaction under way appended (read connections never append).
    var journal: AuditJournal { get }

    /// Runs one statement. `cached`: the statement runs often (a registration's, the audit's) and is kept prepared.
    func execute(_ sql: String, _ arguments: SQLArguments, cached: Bool) throws
    func fetchAll(_ sql: String, _ arguments: SQLArguments, cached: Bool) throws -> [SQLRow]
    /// Rows decoded as records (SQLite decodes them straight from the statement).
    func fetchRecords<Record: FetchableRecord>(_ type: Record.Type, _ sql: String, _ arguments: SQLArguments,
                                               cached: Bool) throws -> [Record]
    /// Rows read a batch at a time: a whole table need not fit in memory, and other statements may run (and other
    /// cursors be read) between two rows.
    func cursor(_ sql: String, _ arguments: SQLArguments, cached: Bool) throws -> SQLCursor
    /// Every row handed to `body` as it is read, its values read in place (`SQLValues`): for loops over tens of
    /// thousands of rows that read a few values each. Engines without an in-place reader use `cursor`.
    func forEachRow(_ sql: String, _ arguments: SQLArguments, cached: Bool, _ body: (SQLValues) throws -> Void) throws

    /// The ids of the covered rows this transaction inserted, updated or deleted so far, by table; forgets them.
    func takeChangedRows() throws -> [String: [ClosedRange<Int64>]]
    /// The store's tables (not the engine's own).
    func tableNames() throws -> [String]
    /// A table's columns, in table order.
    func columnNames(of table: String) throws -> [String]
    /// The table's integer primary key column, nil when it has none (the audit log names rows by it).
    func integerPrimaryKey(of table: String) throws -> String?
    /// The names of the triggers the schema holds.
    func triggerNames() throws -> Set<String>
    /// The store's own triggers and functions no longer as it made them, and the engine's objects that would act
    /// inside its writes (`AlteredSchemaObject`), unsorted.
    func alteredSchemaObjects() throws -> [AlteredSchemaObject]
}

/// Which engine a connection speaks to, for the few statements they spell differently.
public enum SQLDialect: String, Sendable, CaseIterable {
    case sqlite
    case postgres

    /// The text at a JSON path (`["facts", "change_kind"]`) of a JSON text column: a JSON `true` reads `true`, a
    /// number its digits; NULL when the path is absent or the column is not valid JSON.
    public func jsonText(_ column: String, _ path: [String]) -> String {
        switch self {
        case .sqlite:
            let path = "'$.\(path.joined(separator: "."))'"
            // json_extract gives a JSON true as 1: read it as text the way PostgreSQL gives it.
            return "(CASE WHEN json_valid(\(column)) THEN (CASE json_type(\(column), \(path)) WHEN 'true' THEN 'true' "
                + "WHEN 'false' THEN 'false' ELSE CAST(json_extract(\(column), \(path)) AS TEXT) END) END)"
        case .postgres:
            // canbao_jsonb: NULL for text that is not JSON, where a cast would fail the whole statement.
            return "(canbao_jsonb(\(column)) #>> '{\(path.joined(separator: ","))}')"
        }
    }

    /// A table of one text column `value`, the elements of a JSON array passed as one argument (`?`): lists of
    /// any length in one statement, without building `IN (?, ?, …)`.
    public var jsonArrayValues: String {
        switch self {
        case .sqlite: return "(SELECT value FROM json_each(?))"
        case .postgres: return "(SELECT value FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS j(value))"
        }
    }
}

extension SQLDialect {
    /// As `jsonArrayValues`, for an array of integers (ids) compared with integer columns.
    public var jsonArrayIntegers: String {
        switch self {
        case .sqlite: return jsonArrayValues
        case .postgres: return "(SELECT CAST(value AS bigint) FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS j(value))"
        }
    }

    /// A `FROM` item of the elements of a JSON array passed as one argument (`?`), with their 0-based position:
    /// columns `key` and `value`.
    public var jsonArrayEntries: String {
        switch self {
        case .sqlite: return "json_each(?)"
        case .postgres:
            return "(SELECT e.n - 1 AS key, e.value FROM jsonb_array_elements_text(CAST(? AS jsonb)) WITH ORDINALITY AS e(value, n))"
        }
    }

    /// A join that keeps the left side's order: SQLite's `CROSS JOIN` fixes the loop order (rows then come out in the
    /// order of the left side, without sorting); PostgreSQL plans freely and sorts (`orderedJoinTail`).
    public var joinInOrder: String { self == .sqlite ? "CROSS JOIN" : "JOIN" }

    /// `ORDER BY` the given terms where the engine does not keep a join's order by itself (see `joinInOrder`).
    public func orderedJoinTail(_ terms: String) -> String { self == .sqlite ? "" : "ORDER BY \(terms)" }
}

/// The arguments of one statement, in placeholder order.
public struct SQLArguments: ExpressibleByArrayLiteral, Sendable, Equatable {
    public var values: [DatabaseValue]

    public init() { values = [] }

    public init(arrayLiteral elements: (any DatabaseValueConvertible)?...) {
        values = elements.map(Self.value)
    }

    public init(_ elements: some Sequence<(any DatabaseValueConvertible)?>) {
        values = elements.map(Self.value)
    }

    public init<S: Sequence>(_ elements: S) where S.Element: DatabaseValueConvertible {
        values = elements.map(Self.value)
    }

    /// A timestamp as `StoreTimestamp` writes it (GRDB's text, without loading ICU); anything else as GRDB converts it.
    static func value(_ element: (any DatabaseValueConvertible)?) -> DatabaseValue {
        guard let element else { return .null }
        if let date = element as? Date { return StoreTimestamp.databaseValue(date) }
        return element.databaseValue
    }

    public init(values: [DatabaseValue]) { self.values = values }

    public static func + (lhs: SQLArguments, rhs: SQLArguments) -> SQLArguments {
        SQLArguments(values: lhs.values + rhs.values)
    }

    public static func += (lhs: inout SQLArguments, rhs: SQLArguments) {
        lhs.values += rhs.values
    }

    /// The array as one JSON argument, for `SQLDialect.jsonArrayValues`.
    public static func jsonArray(_ elements: some Sequence<some CustomStringConvertible>) -> SQLArguments {
        [jsonArrayText(elements.map(\.description))]
    }

    static func jsonArrayText(_ strings: [String]) -> String {
        var out = "["
        for (index, string) in strings.enumerated() {
            if index > 0 { out += "," }
            out += "\""
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            out += "\""
        }
        return out + "]"
    }
}

/// Rows of a query, read one at a time.
public final class SQLCursor {
    private let step: () throws -> SQLRow?

    public init(_ step: @escaping () throws -> SQLRow?) { self.step = step }

    public func next() throws -> SQLRow? { try step() }
}

/// A statement the store runs often, kept prepared by the connection (`SQLConnection.cachedStatement`).
public struct SQLStatement {
    let connection: SQLConnection
    let sql: String

    public func execute(arguments: SQLArguments = SQLArguments()) throws {
        try connection.execute(sql, arguments, cached: true)
    }
}

extension SQLConnection {
    public func forEachRow(_ sql: String, _ arguments: SQLArguments, cached: Bool,
                           _ body: (SQLValues) throws -> Void) throws {
        let rows = try cursor(sql, arguments, cached: cached)
        while let row = try rows.next() { try body(SQLValues(row)) }
    }

    public func cachedStatement(sql: String) -> SQLStatement { SQLStatement(connection: self, sql: sql) }

    /// Runs one statement through the connection's statement cache: the hot paths (registration, audit) then skip
    /// the parser after the first call.
    public func run(_ sql: String, arguments: SQLArguments = SQLArguments()) throws {
        try execute(sql, arguments, cached: true)
    }

    public func execute(sql: String, arguments: SQLArguments = SQLArguments()) throws {
        try execute(sql, arguments, cached: false)
    }

    /// Runs an `INSERT … RETURNING id` and gives the new row's id.
    public func insert(_ sql: String, arguments: SQLArguments = SQLArguments()) throws -> Int64 {
        guard let row = try fetchAll(sql + " RETURNING id", arguments, cached: true).first,
              let id = Int64.fromDatabaseValue(row[0] as DatabaseValue) else {
            throw StoreError.io("插入的行没有返回编号")
        }
        return id
    }

    public func tableExists(_ table: String) throws -> Bool {
        try tableNames().contains(table)
    }
}

// MARK: - Fetching, shaped as GRDB's so the store's operations read as they did

extension SQLRow {
    public static func fetchAll(_ db: SQLConnection, sql: String, arguments: SQLArguments = SQLArguments()) throws -> [SQLRow] {
        try db.fetchAll(sql, arguments, cached: false)
    }

    public static func fetchOne(_ db: SQLConnection, sql: String, arguments: SQLArguments = SQLArguments()) throws -> SQLRow? {
        try db.fetchAll(sql, arguments, cached: false).first
    }

    public static func fetchCursor(_ db: SQLConnection, sql: String, arguments: SQLArguments = SQLArguments()) throws -> SQLCursor {
        try db.cursor(sql, arguments, cached: false)
    }

    public static func fetchAll(_ statement: SQLStatement, arguments: SQLArguments = SQLArguments()) throws -> [SQLRow] {
        try statement.connection.fetchAll(statement.sql, arguments, cached: true)
    }

    public static func fetchOne(_ statement: SQLStatement, arguments: SQLArguments = SQLArguments()) throws -> SQLRow? {
        try statement.connection.fetchAll(statement.sql, arguments, cached: true).first
    }

    public static func fetchCursor(_ statement: SQLStatement, arguments: SQLArguments = SQLArguments()) throws -> SQLCursor {
        try statement.connection.cursor(statement.sql, arguments, cached: true)
    }
}

extension DatabaseValueConvertible {
    public static func fetchAll(_ db: SQLConnection, sql: String, arguments: SQLArguments = SQLArguments()) throws -> [Self] {
        try db.fetchAll(sql, arguments, cached: false).compactMap { Self.fromDatabaseValue($0[0] as DatabaseValue) }
    }

    public static func fetchOne(_ db: SQLConnection, sql: String, arguments: SQLArguments = SQLArguments()) throws -> Self? {
        try db.fetchAll(sql, arguments, cached: false).first.flatMap { Self.fromDatabaseValue($0[0] as DatabaseValue) }
    }

    public static func fetchAll(_ statement: SQLStatement, arguments: SQLArguments = SQLArguments()) throws -> [Self] {
        try statement.connection.fetchAll(statement.sql, arguments, cached: true)
            .compactMap { Self.fromDatabaseValue($0[0] as DatabaseValue) }
    }

    public static func fetchOne(_ statement: SQLStatement, arguments: SQLArguments = SQLArguments()) throws -> Self? {
        try statement.connection.fetchAll(statement.sql, arguments, cached: true).first
            .flatMap { Self.fromDatabaseValue($0[0] as DatabaseValue) }
    }
}

extension FetchableRecord {
    public static func fetchAll(_ db: SQLConnection, sql: String, arguments: SQLArguments = SQLArguments()) throws -> [Self] {
        try db.fetchRecords(Self.self, sql, arguments, cached: false)
    }

    public static func fetchOne(_ db: SQLConnection, sql: String, arguments: SQLArguments = SQLArguments()) throws -> Self? {
        try db.fetchRecords(Self.self, sql, arguments, cached: false).first
    }

    public static func fetchAll(_ statement: SQLStatement, arguments: SQLArguments = SQLArguments()) throws -> [Self] {
        try statement.connection.fetchRecords(Self.self, statement.sql, arguments, cached: true)
    }

    public static func fetchOne(_ statement: SQLStatement, arguments: SQLArguments = SQLArguments()) throws -> Self? {
        try statement.connection.fetchRecords(Self.self, statement.sql, arguments, cached: true).first
    }
}

extension FetchableRecord where Self: TableRecord {
    /// The row with this primary key, through the connection's statement cache.
    static func fetchOne(_ db: SQLConnection, id: Int64) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: "SELECT * FROM \"\(databaseTableName)\" WHERE id = ?"), arguments: [id])
    }

    static func exists(_ db: SQLConnection, id: Int64) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM \"\(databaseTableName)\" WHERE id = ?)"),
                          arguments: [id]) ?? false
    }

    /// The rows with these primary keys, in no particular order.
    static func fetchAll(_ db: SQLConnection, keys: [Int64]) throws -> [Self] {
        guard !keys.isEmpty else { return [] }
        return try fetchAll(db, sql: "SELECT * FROM \"\(databaseTableName)\" WHERE id IN \(db.dialect.jsonArrayIntegers)",
                            arguments: SQLArguments.jsonArray(keys))
    }

    static func fetchCount(_ db: SQLConnection) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(databaseTableName)\"") ?? 0
    }

    /// Every row in key order, a batch at a time, decoded.
    static func fetchCursor(_ db: SQLConnection, sql: String, arguments: SQLArguments = SQLArguments()) throws -> RecordCursor<Self> {
        RecordCursor(try db.cursor(sql, arguments, cached: false))
    }
}

/// Records read one at a time from a cursor.
struct RecordCursor<Record: FetchableRecord> {
    let rows: SQLCursor

    init(_ rows: SQLCursor) { self.rows = rows }

    func next() throws -> Record? {
        guard let row = try rows.next() else { return nil }
        return try row.decode(Record.self)
    }
}
