import CanbaoRules
import CanbaoStore
import Foundation
import GRDB
import PostgresNIO

/// The store's SQL on one PostgreSQL connection, used by one thread at a time (the backend lends it for one read or
/// one write). postgres-nio answers with futures; this waits for them, which is allowed off the event loop's threads
/// and is what the store's synchronous operations need.
final class PostgresSession: SQLConnection, @unchecked Sendable {
    let connection: PostgresConnection
    let journal = AuditJournal()
    let location: PostgresLocation
    private let logger: Logger
    private let placeholders: PlaceholderCache
    private var cursors = 0
    /// Set once a statement failed because the connection broke: the backend drops it instead of lending it again.
    private(set) var isBroken = false
    /// Rows the capture triggers noted (and this session deleted again) since the temporary table was last emptied.
    var changesSinceCompaction = 0

    init(connection: PostgresConnection, location: PostgresLocation, logger: Logger, placeholders: PlaceholderCache) {
        self.connection = connection
        self.location = location
        self.logger = logger
        self.placeholders = placeholders
    }

    var dialect: SQLDialect { .postgres }

    var isClosed: Bool { isBroken || connection.isClosed }

    // MARK: Statements

    func execute(_ sql: String, _ arguments: SQLArguments, cached: Bool) throws {
        if arguments.values.isEmpty, !cached {
            // A script of several statements (a migration): one at a time, as the extended protocol takes them.
            for statement in SQLScript.statements(sql) { _ = try query(statement, SQLArguments()) }
            return
        }
        _ = try query(sql, arguments)
    }

    func fetchAll(_ sql: String, _ arguments: SQLArguments, cached: Bool) throws -> [SQLRow] {
        try Self.rows(try query(sql, arguments))
    }

    func fetchRecords<Record: FetchableRecord>(_ type: Record.Type, _ sql: String, _ arguments: SQLArguments,
                                               cached: Bool) throws -> [Record] {
        try fetchAll(sql, arguments, cached: cached).map { try $0.decode(Record.self) }
    }

    /// A server-side cursor read a batch at a time; it lives until the transaction ends.
    func cursor(_ sql: String, _ arguments: SQLArguments, cached: Bool) throws -> SQLCursor {
        cursors += 1
        let name = "canbao_cursor_\(cursors)"
        try execute("DECLARE \(name) NO SCROLL CURSOR FOR \(sql)", arguments, cached: true)
        var batch: [SQLRow] = []
        var position = 0
        var finished = false
        return SQLCursor { [self] in
            if position == batch.count {
                if finished { return nil }
                batch = try fetchAll("FETCH FORWARD \(Self.cursorBatch) FROM \(name)", SQLArguments(), cached: true)
                position = 0
                if batch.count < Self.cursorBatch { finished = true }
                if batch.isEmpty { return nil }
            }
            position += 1
            return batch[position - 1]
        }
    }

    static let cursorBatch = 2_000

    /// Runs one statement with its arguments (`?` placeholders become `$1`, `$2`, …).
    func query(_ sql: String, _ arguments: SQLArguments) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.values.count)
        for value in arguments.values { Self.bind(value, into: &binds) }
        let query = PostgresQuery(unsafeSQL: placeholders.numbered(sql), binds: binds)
        return try wait(connection.query(query, logger: logger))
    }

    /// Waits for the server's answer, turning postgres-nio's errors into the store's.
    func wait<T: Sendable>(_ future: EventLoopFuture<T>) throws -> T {
        do {
            return try future.wait()
        } catch {
            let mapped = PostgresErrors.map(error, location: location)
            if case .connectionLost = mapped as? PostgresStoreError { isBroken = true }
            throw mapped
        }
    }

    // MARK: Values

    /// Every value goes as text of no declared type, as a literal in the statement would: the server reads it as the
    /// type the context asks for (an integer column, a bytea, text), as SQLite's affinity does.
    static func bind(_ value: DatabaseValue, into binds: inout PostgresBindings) {
        switch value.storage {
        case .null:
            binds.appendNull()
        case let .int64(integer):
            binds.append(Untyped(String(integer)))
        case let .double(real):
            binds.append(Untyped(real.isFinite ? "\(real)" : (real.isNaN ? "NaN" : (real > 0 ? "Infinity" : "-Infinity"))))
        case let .string(text):
            binds.append(Untyped(text))
        case let .blob(data):
            binds.append(Untyped("\\x" + data.map { String(format: "%02x", $0) }.joined()))
        }
    }

    static func rows(_ result: PostgresQueryResult) throws -> [SQLRow] {
        guard let first = result.rows.first else { return [] }
        let columns = SQLColumns(first.map(\.columnName))
        return try result.rows.map { row in SQLRow(columns: columns, values: try row.map(value)) }
    }

    /// A cell as the store's logical value: integers (and booleans, as 0 and 1) are integers, text is text, bytea a
    /// blob; `numeric` (what SUM and AVG give) an integer when whole.
    static func value(_ cell: PostgresCell) throws -> DatabaseValue {
        guard let bytes = cell.bytes else { return .null }
        if cell.format == .text {
            let text = String(buffer: bytes)
            switch cell.dataType {
            case .int2, .int4, .int8, .oid: return Int64(text)?.databaseValue ?? text.databaseValue
            case .bool: return (text == "t" ? 1 : 0).databaseValue
            case .float4, .float8, .numeric:
                if let integer = Int64(text) { return integer.databaseValue }
                return Double(text).map(\.databaseValue) ?? text.databaseValue
            case .bytea:
                return Data(hex: text.hasPrefix("\\x") ? String(text.dropFirst(2)) : text)?.databaseValue ?? .null
            default: return text.databaseValue
            }
        }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid: return try cell.decode(Int64.self).databaseValue
        case .bool: return (try cell.decode(Bool.self) ? 1 : 0).databaseValue
        case .float4, .float8: return try cell.decode(Double.self).databaseValue
        case .numeric:
            let decimal = try cell.decode(Decimal.self)
            let number = NSDecimalNumber(decimal: decimal)
            if decimal == Decimal(number.int64Value) { return number.int64Value.databaseValue }
            return number.doubleValue.databaseValue
        case .bytea: return Data(bytes.readableBytesView).databaseValue
        default: return try cell.decode(String.self).databaseValue
        }
    }
}

/// A value sent as text of no declared type (OID 0): the server infers it from the statement.
struct Untyped: PostgresDynamicTypeEncodable {
    let text: String

    init(_ text: String) { self.text = text }

    var psqlType: PostgresDataType { .null }
    var psqlFormat: PostgresFormat { .text }

    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer,
                                                  context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeString(text)
    }
}

/// A script's statements, split at the semicolons that end them (not those in quotes, comments or a function's
/// dollar-quoted body).
enum SQLScript {
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        let characters = Array(script.unicodeScalars)
        var i = 0
        func flush() {
            let trimmed = current.trimmed(.whitespacesAndNewlines)
            if !trimmed.isEmpty, !trimmed.split(separator: "\n").allSatisfy({ $0.trimmed(.whitespaces).hasPrefix("--") }) {
                statements.append(trimmed)
            }
            current = ""
        }
        while i < characters.count {
            let c = characters[i]
            if c == ";" {
                flush()
                i += 1
                continue
            }
            var end = i + 1
            if c == "'" || c == "\"" {
                while end < characters.count {
                    if characters[end] == c {
                        if end + 1 < characters.count, characters[end + 1] == c { end += 2; continue }
                        end += 1
                        break
                    }
                    end += 1
                }
            } else if c == "-", i + 1 < characters.count, characters[i + 1] == "-" {
                while end < characters.count, characters[end] != "\n" { end += 1 }
            } else if c == "/", i + 1 < characters.count, characters[i + 1] == "*" {
                end = i + 2
                while end + 1 < characters.count, !(characters[end] == "*" && characters[end + 1] == "/") { end += 1 }
                end = min(end + 2, characters.count)
            } else if c == "$" {
                // $tag$ … $tag$
                var tagEnd = i + 1
                while tagEnd < characters.count, characters[tagEnd] == "_" || characters[tagEnd].properties.isAlphabetic
                        || ("0"..."9").contains(characters[tagEnd]) { tagEnd += 1 }
                if tagEnd < characters.count, characters[tagEnd] == "$" {
                    let tag = Array(characters[i...tagEnd])
                    end = tagEnd + 1
                    while end + tag.count <= characters.count, Array(characters[end..<(end + tag.count)]) != tag { end += 1 }
                    end = min(end + tag.count, characters.count)
                }
            }
            current.unicodeScalars.append(contentsOf: characters[i..<end])
            i = end
        }
        flush()
        return statements
    }
}

/// `?` placeholders numbered `$1`, `$2`, … outside quotes and comments, remembered per statement.
final class PlaceholderCache: @unchecked Sendable {
    private let lock = NSLock()
    private var numberedSQL: [String: String] = [:]

    func numbered(_ sql: String) -> String {
        lock.lock()
        if let known = numberedSQL[sql] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let result = Self.number(sql)
        lock.lock()
        if numberedSQL.count > 4_096 { numberedSQL = [:] }
        numberedSQL[sql] = result
        lock.unlock()
        return result
    }

    static func number(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var count = 0
        var scalars = sql.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending {
                pending = nil
                return p
            }
            return scalars.next()
        }
        while let c = next() {
            switch c {
            case "?":
                count += 1
                out += "$\(count)"
            case "'", "\"":
                // A quoted literal or identifier, doubled quotes inside.
                out.unicodeScalars.append(c)
                while let d = next() {
                    out.unicodeScalars.append(d)
                    if d == c {
                        guard let e = next() else { break }
                        if e == c {
                            out.unicodeScalars.append(e)
                        } else {
                            pending = e
                            break
                        }
                    }
                }
            case "-":
                guard let d = next() else {
                    out.unicodeScalars.append(c)
                    break
                }
                if d == "-" {
                    out += "--"
                    while let e = next() {
                        out.unicodeScalars.append(e)
                        if e == "\n" { break }
                    }
                } else {
                    out.unicodeScalars.append(c)
                    pending = d
                }
            case "/":
                guard let d = next() else {
                    out.unicodeScalars.append(c)
                    break
                }
                if d == "*" {
                    out += "/*"
                    var last: Unicode.Scalar = " "
                    while let e = next() {
                        out.unicodeScalars.append(e)
                        if last == "*" && e == "/" { break }
                        last = e
                    }
                } else {
                    out.unicodeScalars.append(c)
                    pending = d
                }
            default:
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

extension Data {
    /// Bytes from lower- or upper-case hex digits; nil for anything else.
    init?(hex: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for unit in hex.utf8 {
            let value: UInt8
            switch unit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = unit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = unit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = unit - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let h = high {
                bytes.append(h << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        guard high == nil else { return nil }
        self.init(bytes)
    }
}

// MARK: - The catalog and the changed rows

extension PostgresSession {
    /// The ids the capture triggers noted in this transaction (`PostgresMigrations.changeCapture`), emptied.
    func takeChangedRows() throws -> [String: [ClosedRange<Int64>]] {
        let rows = try fetchAll("DELETE FROM pg_temp.audit_change RETURNING tbl, row_id", SQLArguments(), cached: true)
        for row in rows { journal.note(table: row[0], rowID: row[1]) }
        changesSinceCompaction += rows.count
        return journal.takeChanged()
    }

    /// Autovacuum never visits temporary tables: the deleted rows' pages stay, and every later write's DELETE reads
    /// them all (after a bulk load of a million persons, tens of milliseconds per write). Emptied with TRUNCATE, outside
    /// a transaction, once this many rows went through it.
    static let compactAfterChanges = 20_000

    /// Empties the capture table when enough rows went through it (`compactAfterChanges`); between transactions only.
    func compactIfNeeded() throws {
        guard changesSinceCompaction >= Self.compactAfterChanges else { return }
        _ = try query("TRUNCATE pg_temp.audit_change", SQLArguments())
        changesSinceCompaction = 0
    }

    func tableNames() throws -> [String] {
        try String.fetchAll(self, sql: """
            SELECT table_name::text FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name
            """)
    }

    func columnNames(of table: String) throws -> [String] {
        try String.fetchAll(self, sql: """
            SELECT column_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position
            """, arguments: [table])
    }

    func integerPrimaryKey(of table: String) throws -> String? {
        let keys = try SQLRow.fetchAll(self, sql: """
            SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE n.nspname = current_schema() AND c.relname = ? AND i.indisprimary
            """, arguments: [table])
        guard keys.count == 1, ["bigint", "integer", "smallint"].contains(keys[0]["type"] as String) else { return nil }
        return keys[0]["name"]
    }

    func triggerNames() throws -> Set<String> {
        Set(try String.fetchAll(self, sql: """
            SELECT t.tgname::text FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND NOT t.tgisinternal
            """))
    }
}
