import GRDB

extension FetchableRecord where Self: TableRecord {
    /// The row with this primary key, through the connection's statement cache. The query interface would build
    /// and authorize the SQL again on every call, which showed in the registration profile.
    static func fetchOne(_ db: Database, id: Int64) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: "SELECT * FROM \"\(databaseTableName)\" WHERE id = ?"), arguments: [id])
    }

    static func exists(_ db: Database, id: Int64) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM \"\(databaseTableName)\" WHERE id = ?)"),
                          arguments: [id]) ?? false
    }
}
