/// Triggers the store did not make. A trigger planted with the sqlite3 shell or psql runs inside the store's own
/// write transactions: its changes would be sealed into the audit log as the store's, and dropping it afterwards
/// leaves no trace (an `AFTER UPDATE ON operator` trigger raised a clerk to administrator at the next login, and
/// `store verify` then found the store intact). Every write refuses to seal while one exists; `store verify` names it.
enum ForeignTriggers {
    /// The audit tables' append-only guards, on both engines (PostgreSQL adds its TRUNCATE guards).
    static let guards: Set<String> = ["audit_log_no_update", "audit_log_no_delete", "audit_row_no_update",
                                      "audit_row_no_delete", "audit_log_no_truncate", "audit_row_no_truncate"]

    /// Whether `name` is one the store makes: a guard, or on PostgreSQL a covered table's capture trigger.
    static func isOwn(_ name: String, dialect: SQLDialect) -> Bool {
        if guards.contains(name) { return true }
        guard dialect == .postgres else { return false }
        for action in ["insert", "update", "delete"] where name.hasPrefix("canbao_\(action)_") {
            return RowDigest.isCovered(String(name.dropFirst("canbao_\(action)_".count)))
        }
        return false
    }

    /// The triggers of the store's schema that it did not make, sorted.
    static func names(_ db: SQLConnection) throws -> [String] {
        try db.triggerNames().filter { !isOwn($0, dialect: db.dialect) }.sorted()
    }
}

extension CounterStore {
    /// Refuses to seal while the database holds a trigger the store did not make (`ForeignTriggers`).
    func requireOwnTriggersOnly(_ db: SQLConnection) throws {
        let foreign = try ForeignTriggers.names(db)
        guard foreign.isEmpty else { throw StoreError.foreignTriggers(foreign) }
    }
}
