import Foundation
import GRDB
import GRDBSQLite

/// One result row read where it lies, for loops over tens of thousands of rows (a roster's lookup): each value is read
/// from the engine's row when asked for, without the `SQLRow` (an array of values) a cursor makes per row. Only valid
/// inside the `SQLConnection.forEachRow` call that hands it over.
///
/// Reads as `SQLRow` does: NULL is nil, and a value of another type than asked for goes through `SQLRow`'s conversion
/// (which stops the program naming the column, as reading a tampered store through `SQLRow` would).
public struct SQLValues {
    enum Source {
        /// A statement standing on a row.
        case sqlite(OpaquePointer)
        case row(SQLRow)
    }

    let source: Source

    init(statement: OpaquePointer) { source = .sqlite(statement) }
    init(_ row: SQLRow) { source = .row(row) }

    public func int64(_ index: Int) -> Int64? {
        switch source {
        case let .sqlite(statement):
            switch sqlite3_column_type(statement, Int32(index)) {
            case SQLITE_INTEGER: return sqlite3_column_int64(statement, Int32(index))
            case SQLITE_NULL: return nil
            default: return other(statement, index)
            }
        case let .row(row): return row[index]
        }
    }

    public func int(_ index: Int) -> Int? { int64(index).map { Int($0) } }

    /// An integer as a truth value, as GRDB reads one: zero is false.
    public func bool(_ index: Int) -> Bool? {
        switch source {
        case let .sqlite(statement):
            switch sqlite3_column_type(statement, Int32(index)) {
            case SQLITE_INTEGER: return sqlite3_column_int64(statement, Int32(index)) != 0
            case SQLITE_NULL: return nil
            default: return other(statement, index)
            }
        case let .row(row): return row[index]
        }
    }

    public func string(_ index: Int) -> String? {
        switch source {
        case let .sqlite(statement):
            switch sqlite3_column_type(statement, Int32(index)) {
            // As GRDB reads a text (`DatabaseValue(sqliteStatement:index:)`), up to its first NUL.
            case SQLITE_TEXT: return String(cString: sqlite3_column_text(statement, Int32(index))!)
            case SQLITE_NULL: return nil
            default: return other(statement, index)
            }
        case let .row(row): return row[index]
        }
    }

    /// A column the schema declares NOT NULL: a NULL stops the program naming the column, as `SQLRow` would.
    public func int64(notNull index: Int) -> Int64 { required(int64(index), index) }
    public func int(notNull index: Int) -> Int { required(int(index), index) }
    public func bool(notNull index: Int) -> Bool { required(bool(index), index) }
    public func string(notNull index: Int) -> String { required(string(index), index) }

    private func required<Value>(_ value: Value?, _ index: Int) -> Value {
        guard let value else { null(index) }
        return value
    }

    private func null(_ index: Int) -> Never {
        switch source {
        case let .sqlite(statement):
            fatalError("column \(Self.name(statement, index)): NULL")
        case let .row(row):
            fatalError("column \(row.columns.names[index]): NULL")
        }
    }

    /// A value of another storage class than the accessor reads, converted as `SQLRow` converts it.
    private func other<Value: DatabaseValueConvertible>(_ statement: OpaquePointer, _ index: Int) -> Value? {
        let value = DatabaseValue(sqliteStatement: statement, index: Int32(index))
        let row = SQLRow(columns: SQLColumns([Self.name(statement, index)]), values: [value])
        return row[0] as Value?
    }

    private static func name(_ statement: OpaquePointer, _ index: Int) -> String {
        sqlite3_column_name(statement, Int32(index)).map { String(cString: $0) } ?? "\(index)"
    }
}
