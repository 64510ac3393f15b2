import Foundation
import GRDBSQLite

extension CounterStore {
    /// Whether the SQLite store in `home` has an account, read on a read-only connection of its own, without GRDB's
    /// set-up, migrations or the audit key: the counter screen draws its login from this while the store is still to
    /// be opened (opening it is most of a start, issue #17). Nil when it cannot tell at once, and when opening the
    /// store would have something to say first: no store file; a home directory or store file others may reach (the
    /// opening tightens it and says so, before any screen); no private audit key file beside it (the opening would
    /// refuse the store); a schema other than this build's (the opening would migrate it, or refuse a newer one); a
    /// lock held; any error. The caller then opens the store before drawing anything, as always: a store the glance
    /// passes can still fail to open (a key file that is not this store's), and its error then ends the screen.
    public static func glanceHasOperators(home: URL) -> Bool? {
        let path = home.path + "/" + fileName
        guard isPrivate(home.path, exposing: 0o022) else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        for file in [path, path + ".lock"] + companionSuffixes.map({ path + $0 }) where !isPrivate(file, exposing: 0o077) {
            return nil
        }
        let key = AuditKey.path(forDatabase: path)
        guard stat(key, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_mode & 0o077 == 0 else { return nil }
        var db: OpaquePointer?
        defer { sqlite3_close_v2(db) }
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else { return nil }
        var applied: [String] = []
        guard query(db, "SELECT identifier FROM grdb_migrations", { applied.append(String(cString: $0)) }),
              applied.sorted() == knownMigrations.sorted() else { return nil }
        var hasOperators: Bool?
        guard query(db, "SELECT EXISTS (SELECT 1 FROM operator)", { hasOperators = $0.pointee != UInt8(ascii: "0") })
        else { return nil }
        return hasOperators
    }

    /// Runs `sql`, handing each row's first column, as text, to `row`; false on any error.
    private static func query(_ db: OpaquePointer?, _ sql: String, _ row: (UnsafePointer<UInt8>) -> Void) -> Bool {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { return false }
        defer { sqlite3_finalize(statement) }
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW:
                guard let text = sqlite3_column_text(statement, 0) else { return false }
                row(text)
            case SQLITE_DONE:
                return true
            default:
                return false
            }
        }
    }

    /// `path` is missing, or none of the `exposing` bits of its mode are set: `tighten` would leave it alone.
    private static func isPrivate(_ path: String, exposing: mode_t) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return errno == ENOENT }
        return info.st_mode & 0o7777 & exposing == 0
    }
}
