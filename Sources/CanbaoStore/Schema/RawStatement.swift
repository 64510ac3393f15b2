import Foundation
import GRDB
import GRDBSQLite

/// A prepared statement driven through SQLite's C API, for the loops that write or read millions of rows (row
/// digests, a roster's registration): no boxed arguments, no `Row`, no String per column.
///
/// SQLite's update hook reaches GRDB's transaction observers only for statements GRDB executes, so writes made
/// through this type to a covered table must be noted in the audit journal by the caller (`AuditJournal.note`); the
/// audit tables themselves are not covered.
struct RawStatement {
    let statement: Statement
    let db: Database
    var handle: SQLiteStatement { statement.sqliteStatement }

    /// From the connection's statement cache.
    init(_ db: Database, _ sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }
    func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(handle, index, Int64(value)) }
    func bindNull(_ index: Int32) { sqlite3_bind_null(handle, index) }

    func bind(_ index: Int32, _ value: String?) {
        guard var value else { return bindNull(index) }
        value.withUTF8 { bind(index, utf8: $0) }
    }

    /// Text given as UTF-8 bytes.
    func bind(_ index: Int32, utf8: UnsafeBufferPointer<UInt8>) {
        guard let base = utf8.baseAddress, !utf8.isEmpty else {
            _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
            return
        }
        base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
            _ = sqlite3_bind_text(handle, index, $0, Int32(utf8.count), Self.transient)
        }
    }

    func bind(_ index: Int32, blob: [UInt8]?) {
        guard let blob else { return bindNull(index) }
        blob.withUnsafeBytes { _ = sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.transient) }
    }

    /// Runs a statement that returns no row, then resets it for the next bindings.
    func execute() throws {
        let code = sqlite3_step(handle)
        let error = code == SQLITE_DONE ? nil : failure(code)
        sqlite3_reset(handle)
        if let error { throw error }
    }

    /// The next row (true) or the end (false, the statement reset).
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        let error = code == SQLITE_DONE ? nil : failure(code)
        sqlite3_reset(handle)
        if let error { throw error }
        return false
    }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    var columnCount: Int { Int(sqlite3_column_count(handle)) }

    private func failure(_ code: Int32) -> DatabaseError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
}
