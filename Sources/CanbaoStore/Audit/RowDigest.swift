import Crypto
import Foundation
import GRDB
import GRDBSQLite

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
    /// applied steps (the schema, which `store verify` checks through the applied migrations), on PostgreSQL the
    /// rows a transaction changed, noted by triggers and emptied before it commits, and the reshaped tables whose
    /// digests are still to carry over (a row there can only ask for a carry that checks each row first). Every
    /// other table, including any added later, is covered, and must have an integer primary key.
    public static let uncoveredTables: Set<String> = ["audit_log", "audit_row", "grdb_migrations", "audit_change",
                                                      "audit_reshape"]

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
        /// Reused from row to row: a bulk write adds millions.
        private var bytes: [UInt8] = []

        mutating func add(table: String, rowID: Int64, digest: [UInt8]?) {
            bytes.removeAll(keepingCapacity: true)
            Netstring.append(table, to: &bytes)
            RowShape.appendDecimal(rowID, to: &bytes)
            if let digest {
                Netstring.appendLength(digest.count * 2, to: &bytes)
                for byte in digest {
                    bytes.append(RowShape.hexDigits[Int(byte >> 4)])
                    bytes.append(RowShape.hexDigits[Int(byte & 0xF)])
                }
            } else {
                Netstring.append("-", to: &bytes)
            }
            hasher.update(data: bytes)
            count += 1
        }

        func finalize() -> String { hex(hasher.finalize()) }

        /// The `rows_hash` a keyed entry signs: the list hash, then the number of digests (`<hex>/<count>`), so that
        /// a digest filed under the entry afterwards shows in its count without the list being hashed again.
        /// Entries written before 2026-12-07 sign the list hash alone.
        var rowsHash: String { "\(finalize())/\(count)" }

        /// Whether this list is the one `rowsHash` (either form) was made from.
        func matches(_ rowsHash: String) -> Bool {
            RowDigest.signedCount(rowsHash) == nil ? rowsHash == finalize() : rowsHash == self.rowsHash
        }
    }

    /// The number of digests a `rows_hash` signs; nil for one written before the count was (the list hash alone).
    static func signedCount(_ rowsHash: String) -> Int? {
        guard let slash = rowsHash.firstIndex(of: "/") else { return nil }
        return Int(rowsHash[rowsHash.index(after: slash)...])
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
    /// `excluding` leaves columns out of the digest: the shape the table had before a step added them.
    init?(_ db: SQLConnection, table: String, excluding: Set<String> = []) throws {
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
            .filter { !excluding.contains($0.element) }
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

    /// `digest(_:)` of the row a statement of `rangeSQL` or `allSQL` stands on, read straight from SQLite: no `Row`,
    /// no String or boxed value per column (the audit seals millions of rows in a bulk write). `scratch` is reused
    /// from row to row.
    func digest(_ statement: SQLiteStatement, scratch: inout [UInt8]) -> [UInt8] {
        digest(StatementColumns(statement: statement), scratch: &scratch)
    }

    /// `digest(_:)` of a row as SQLite's C API gives its columns (a statement's row, or the row a pre-update hook is
    /// about to change), by their index in the table. Text is read whole, a NUL and what follows included, invalid
    /// UTF-8 repaired, as `SQLiteConnection` reads it for `digest(_: SQLRow)`, so every path gives the same digest.
    func digest(_ row: some SQLiteColumns, scratch: inout [UInt8]) -> [UInt8] {
        scratch.removeAll(keepingCapacity: true)
        scratch += prefix
        for column in columns {
            scratch += column.framedName
            let i = Int32(column.index)
            switch row.type(i) {
            case SQLITE_INTEGER:
                scratch += [UInt8(ascii: "1"), UInt8(ascii: ":"), UInt8(ascii: "i")]
                Self.appendDecimal(row.int64(i), to: &scratch)
            case SQLITE_FLOAT:
                scratch += [UInt8(ascii: "1"), UInt8(ascii: ":"), UInt8(ascii: "r"), UInt8(ascii: "1"), UInt8(ascii: "6"),
                            UInt8(ascii: ":")]
                let bits = row.double(i).bitPattern
                for shift in stride(from: 60, through: 0, by: -4) {
                    scratch.append(Self.hexDigits[Int((bits >> UInt64(shift)) & 0xF)])
                }
            case SQLITE_TEXT:
                scratch += [UInt8(ascii: "1"), UInt8(ascii: ":"), UInt8(ascii: "t")]
                guard let bytes = row.text(i) else {
                    Netstring.append(EmptyCollection<UInt8>(), to: &scratch)
                    continue
                }
                // Every byte, a NUL and what follows included: SQLite compares and looks up the whole value.
                if bytes.allSatisfy({ $0 < 0x80 }) {
                    Netstring.append(bytes, to: &scratch)
                } else {
                    Netstring.append(String(decoding: bytes, as: UTF8.self).utf8, to: &scratch)
                }
            case SQLITE_BLOB:
                scratch += [UInt8(ascii: "1"), UInt8(ascii: ":"), UInt8(ascii: "b")]
                if let blob = row.blob(i) {
                    Netstring.append(blob, to: &scratch)
                } else {
                    Netstring.append(EmptyCollection<UInt8>(), to: &scratch)
                }
            default:  // SQLITE_NULL
                scratch += [UInt8(ascii: "1"), UInt8(ascii: ":"), UInt8(ascii: "n"), UInt8(ascii: "0"), UInt8(ascii: ":")]
            }
        }
        return Array(SHA256.hash(data: scratch))
    }

    /// The row id of the row a statement stands on.
    func rowID(_ statement: SQLiteStatement) -> Int64 { sqlite3_column_int64(statement, Int32(keyIndex)) }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// The netstring of an integer's decimal text (`-` first when negative), without a String.
    static func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
        let magnitude = value.magnitude
        var digits = 1
        var power: UInt64 = 10
        while digits < 19, magnitude >= power {
            digits += 1
            power = power &* 10
        }
        if digits == 19, magnitude >= power { digits = 20 }
        Netstring.appendLength(digits + (value < 0 ? 1 : 0), to: &bytes)
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        var rest = magnitude
        for k in stride(from: start + digits - 1, through: start, by: -1) {
            bytes[k] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }

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

/// One row's columns through SQLite's C API, by index: what `RowShape.digest(_:scratch:)` reads.
protocol SQLiteColumns {
    func type(_ i: Int32) -> Int32
    func int64(_ i: Int32) -> Int64
    func double(_ i: Int32) -> Double
    /// The text's bytes (its type is text), nil for SQLite's null pointer.
    func text(_ i: Int32) -> UnsafeBufferPointer<UInt8>?
    /// The blob's bytes (its type is blob), nil for an empty blob.
    func blob(_ i: Int32) -> UnsafeRawBufferPointer?
}

/// The row a statement stands on.
struct StatementColumns: SQLiteColumns {
    let statement: SQLiteStatement

    func type(_ i: Int32) -> Int32 { sqlite3_column_type(statement, i) }
    func int64(_ i: Int32) -> Int64 { sqlite3_column_int64(statement, i) }
    func double(_ i: Int32) -> Double { sqlite3_column_double(statement, i) }

    func text(_ i: Int32) -> UnsafeBufferPointer<UInt8>? {
        // The pointer first, then its length: the order SQLite's documentation asks for.
        guard let text = sqlite3_column_text(statement, i) else { return nil }
        return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, i)))
    }

    func blob(_ i: Int32) -> UnsafeRawBufferPointer? {
        guard let blob = sqlite3_column_blob(statement, i) else { return nil }
        return UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(statement, i)))
    }
}
