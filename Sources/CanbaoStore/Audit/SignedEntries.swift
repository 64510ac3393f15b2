import Foundation

/// The large keyed entries this process has found to file exactly the row digests they sign. `audit_row` takes
/// inserts from anyone with write access to the database: a digest inserted with the shell for a forged row made the
/// row look recorded, the next write sealed it as the store's own, and the fake digest, deleted afterwards, left
/// `store verify` clean. A digest is trusted only when its entry's HMAC holds and the digests filed under the entry
/// are the ones it signs (`CounterStore.isSigned`).
///
/// A small entry (most: one write's few rows) is checked whole on every use. A large one (a bulk load's million
/// digests) is checked once per process: by the count its `rows_hash` signs, or, for an entry written before the
/// count was signed, by hashing its list (about a second per million digests). A digest filed under a large entry
/// after this process checked it is not noticed here; `store verify` reports the entry as altered.
final class SignedEntries: @unchecked Sendable {
    /// Entries with more digests than this are checked once per process.
    static let checkedOnce = 1_000

    private let lock = NSLock()
    private var verified: Set<Int64> = []

    func contains(_ seq: Int64) -> Bool { lock.withLock { verified.contains(seq) } }

    func insert(_ seq: Int64) { _ = lock.withLock { verified.insert(seq) } }
}

extension CounterStore {
    /// Whether the audit entry `seq` exists, is signed with this store's key, and files exactly the row digests its
    /// signature covers (see `SignedEntries`).
    func isSigned(_ db: SQLConnection, seq: Int64) throws -> Bool {
        if signedEntries.contains(seq) { return true }
        guard let entry = try AuditEntry.fetchOne(db.cachedStatement(sql: "SELECT * FROM audit_log WHERE seq = ?"),
                                                  arguments: [seq]),
              let rowsHash = entry.rowsHash, entry.keyedHash(auditKey) == entry.hash
        else { return false }
        if let count = RowDigest.signedCount(rowsHash), count > SignedEntries.checkedOnce {
            let filed = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM audit_row WHERE seq = ?"),
                                         arguments: [seq])
            guard filed == count else { return false }
            signedEntries.insert(seq)
            return true
        }
        // The order of the list hash, as `store verify` reads it.
        let digests = try SQLRow.fetchCursor(db.cachedStatement(sql: """
            SELECT tbl, row_id, digest FROM audit_row WHERE seq = ? ORDER BY tbl, row_id
            """), arguments: [seq])
        var list = RowDigest.ListHasher()
        while let row = try digests.next() {
            let digest: Data? = row[2]
            list.add(table: row[0], rowID: row[1], digest: digest.map { Array($0) })
        }
        guard list.matches(rowsHash) else { return false }
        if list.count > SignedEntries.checkedOnce { signedEntries.insert(seq) }
        return true
    }
}
