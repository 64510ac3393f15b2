import Crypto
import Foundation
import GRDB

/// The digest of one stored row, defined byte for byte here so that any backend of the store (SQLite today,
/// PostgreSQL later) computes the same digest for the same row.
///
/// The row is serialised as netstrings (`<UTF-8 byte count>:<bytes>`): the scheme name `canbao-row-v1`, the table
/// name, then for each column in ascending byte order of its name: the name, a one-letter type and the value.
/// Types and values are the store's logical ones, not a driver's: `n` NULL (empty value); `i` an integer in decimal
/// ASCII with a leading `-` when negative (booleans are the integers 0 and 1); `r` a floating-point number as the 16
/// lower-case hex digits of its IEEE 754 binary64 bit pattern; `t` text as UTF-8 (dates and times are the text the
/// store writes, `YYYY-MM-DD` and `YYYY-MM-DD HH:MM:SS.SSS`); `b` a blob's bytes. The digest is SHA-256 of that.
public enum RowDigest {
    static let scheme = "canbao-row-v1"

    /// Tables the digests do not cover: the audit log itself, the row digests it records, the migrator's list of
    /// applied steps (the schema, which `store verify` checks through the applied migrations), and on PostgreSQL the
    /// rows a transaction changed, noted by triggers and emptied before it commits. Every other table, including any
    /// added later, is covered, and must have an integer primary key.
    public static let uncoveredTables: Set<String> = ["audit_log", "audit_row", "grdb_migrations", "audit_change"]

    public static func isCovered(_ table: String) -> Bool {
        !uncoveredTables.contains(table) && !table.hasPrefix("sqlite_")
    }

    /// The serialisation described above, for a row given as column names and values.
    public static func serialize(table: String, columns: [(name: String, value: DatabaseValue)]) -> [UInt8] {
        var bytes: [UInt8] = []
        Netstring.append(scheme, to: &bytes)
        Netstring.append(table, to: &bytes)
        for column in columns.sorted(by: { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }) {
            Netstring.append(column.name, to: &bytes)
            append(column.value, to: &bytes)
        }
        return bytes
    }

    public static func digest(table: String, columns: [(name: String, value: DatabaseValue)]) -> [UInt8] {
        Array(SHA256.hash(data: serialize(table: table, columns: columns)))
    }

    static func append(_ value: DatabaseValue, to bytes: inout [UInt8]) {
        switch value.storage {
        case .null:
            Netstring.append("n", to: &bytes)
            Netstring.append([], to: &bytes)
        case let .int64(integer):
            Netstring.append("i", to: &bytes)
            Netstring.append(String(integer), to: &bytes)
        case let .double(real):
            Netstring.append("r", to: &bytes)
            let bits = String(real.bitPattern, radix: 16)
            Netstring.append(String(repeating: "0", count: 16 - bits.count) + bits, to: &bytes)
        case let .string(text):
            Netstring.append("t", to: &bytes)
            Netstring.append(text, to: &bytes)
        case let .blob(data):
            Netstring.append("b", to: &bytes)
            Netstring.append(data, to: &bytes)
        }
    }

    /// The hash an audit entry carries over the row digests recorded with it: SHA-256 over, for each row in
    /// ascending order of table name (bytes) then row id, the netstrings of the table name, the id in decimal and the
    /// digest in lower-case hex (`-` for a deleted row). An entry that recorded no row carries the hash of nothing.
    struct ListHasher {
        private var hasher = SHA256()
        private(set) var count = 0

        mutating func add(table: String, rowID: Int64, digest: [UInt8]?) {
            var bytes: [UInt8] = []
            Netstring.append(table, to: &bytes)
            Netstring.append(String(rowID), to: &bytes)
            Netstring.append(digest.map { hex($0) } ?? "-", to: &bytes)
            hasher.update(data: bytes)
            count += 1
        }

        func finalize() -> String { hex(hasher.finalize()) }
    }

    /// Table names in the order the list hash and the verification walk them.
    static func ordered(_ tables: some Sequence<String>) -> [String] {
        tables.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }
}

/// How to read one covered table's rows for their digests: its integer primary key, and its columns with the
/// netstring framing of their names computed once.
struct RowShape {
    let table: String
    /// The integer primary key (SQLite's rowid alias, PostgreSQL's identity column), by which the audit log names a row.
    let key: String
    private var prefix: [UInt8] = []
    /// (index in `SELECT *`, framed name), in ascending byte order of the names.
    private var columns: [(index: Int, framedName: [UInt8])] = []
    private var keyIndex = 0
    /// `SELECT` of every column in table order, for rows whose key lies in a range, in key order.
    let rangeSQL: String
    /// Every row in key order.
    let allSQL: String

    /// The shape of `table`, or nil when it has no integer primary key (a WITHOUT ROWID table or one keyed otherwise).
    init?(_ db: SQLConnection, table: String) throws {
        guard let key = try db.integerPrimaryKey(of: table) else { return nil }
        self.table = table
        self.key = key
        let select = "SELECT * FROM \(table.quotedDatabaseIdentifier)"
        let order = "ORDER BY \(key.quotedDatabaseIdentifier)"
        rangeSQL = "\(select) WHERE \(key.quotedDatabaseIdentifier) BETWEEN ? AND ? \(order)"
        allSQL = "\(select) \(order)"
        Netstring.append(RowDigest.scheme, to: &prefix)
        Netstring.append(table, to: &prefix)
        let names = try db.columnNames(of: table)
        guard let keyIndex = names.firstIndex(of: key) else { return nil }
        self.keyIndex = keyIndex
        columns = names.enumerated()
            .sorted { Array($0.element.utf8).lexicographicallyPrecedes(Array($1.element.utf8)) }
            .map { index, name in
                var framed: [UInt8] = []
                Netstring.append(name, to: &framed)
                return (index, framed)
            }
    }

    /// The number of columns the shape reads: a row of another width means the table changed since.
    var width: Int { columns.count }

    func rowID(_ row: SQLRow) -> Int64 { row[keyIndex] }

    /// `RowDigest.digest` of a row fetched with `rangeSQL` or `allSQL`.
    func digest(_ row: SQLRow) -> [UInt8] {
        var bytes = prefix
        bytes.reserveCapacity(prefix.count + 64 * columns.count)
        for column in columns {
            bytes += column.framedName
            RowDigest.append(row.values[column.index], to: &bytes)
        }
        return Array(SHA256.hash(data: bytes))
    }
}
