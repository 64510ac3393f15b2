import Foundation
import GRDB

/// One result row, as either engine returned it: the column names (shared by every row of the result) and the values
/// as logical database values. Read as GRDB's rows are: `let id: Int64 = row["id"]`, `row[0] as String?`.
public struct SQLRow: Sendable {
    public let columns: SQLColumns
    public let values: [DatabaseValue]

    public init(columns: SQLColumns, values: [DatabaseValue]) {
        self.columns = columns
        self.values = values
    }

    /// An empty row.
    public init() { self.init(columns: SQLColumns([]), values: []) }

    public var count: Int { values.count }

    /// Rows are values: a cursor's row stays as it was when the cursor moves on.
    public func copy() -> SQLRow { self }

    public subscript(_ index: Int) -> DatabaseValue { values[index] }

    public subscript(_ name: String) -> DatabaseValue {
        guard let index = columns.index(of: name) else { return .null }
        return values[index]
    }

    /// The value converted; an optional type reads NULL as nil (GRDB's optionals are convertible themselves).
    public subscript<Value: DatabaseValueConvertible>(_ index: Int) -> Value {
        Self.convert(values[index], column: columns.names[index])
    }

    /// As by index; a column the row lacks reads as NULL.
    public subscript<Value: DatabaseValueConvertible>(_ name: String) -> Value {
        guard let index = columns.index(of: name) else { return Self.convert(.null, column: name) }
        return Self.convert(values[index], column: name)
    }

    private static func convert<Value: DatabaseValueConvertible>(_ value: DatabaseValue, column: String) -> Value {
        // Timestamps as `StoreTimestamp` reads them (GRDB's dates, without loading ICU).
        if Value.self == Date.self || Value.self == Date?.self, !value.isNull, let date = StoreTimestamp.date(value) {
            return Value.self == Date.self ? date as! Value : Optional(date) as! Value
        }
        guard let converted = Value.fromDatabaseValue(value) else {
            fatalError("column \(column): could not convert \(value) to \(Value.self)")
        }
        return converted
    }

    /// The row as a GRDB row, for records that decode themselves from one.
    public var grdbRow: Row {
        var dictionary: [String: (any DatabaseValueConvertible)?] = [:]
        for (name, value) in zip(columns.names, values) where dictionary[name] == nil { dictionary[name] = value }
        return Row(dictionary)
    }

    public func decode<Record: FetchableRecord>(_ type: Record.Type) throws -> Record {
        try Record(row: grdbRow)
    }
}

/// The column names of a result, with a case-insensitive index (as SQL names are).
public final class SQLColumns: Sendable {
    public let names: [String]
    private let indexes: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var indexes: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexes[name.lowercased()] == nil {
            indexes[name.lowercased()] = index
        }
        self.indexes = indexes
    }

    public func index(of name: String) -> Int? {
        if let index = indexes[name] { return index }
        return indexes[name.lowercased()]
    }
}
