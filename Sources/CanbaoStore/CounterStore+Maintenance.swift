import Foundation
import GRDB

/// What `backup(to:by:)` wrote, and the copy's own verification.
public struct BackupReport: Hashable, Sendable {
    public var bytes: Int64
    public var verification: VerifyReport
}

extension CounterStore {
    /// An online backup through SQLite's backup API: a consistent snapshot while other terminals keep writing.
    /// Refuses to overwrite an existing file; the copy is created with mode 0600 and verified before it is closed.
    /// With `includeKey` the audit key is written beside it (`FILE.key`, mode 0600): only then can the copy's keyed
    /// chain be checked or continued elsewhere, and only then can whoever holds the copy rewrite it.
    @discardableResult
    public func backup(to destination: URL, includeKey: Bool = false, by actor: Actor) throws -> BackupReport {
        let path = destination.path
        let keyPath = AuditKey.path(forDatabase: path)
        guard !FileManager.default.fileExists(atPath: path) else { throw StoreError.fileExists(path) }
        if includeKey, FileManager.default.fileExists(atPath: keyPath) { throw StoreError.fileExists(keyPath) }
        try Self.createPrivateFile(path)
        let verification: VerifyReport
        do {
            let copy = try DatabaseQueue(path: path)
            try StoreError.mapping { try writer.backup(to: copy) }
            verification = try copy.read { db in
                try StoreVerification.run(db, key: auditKey, keyPath: AuditKey.path(forDatabase: self.path), checkpoint: nil)
            }
            try copy.close()
            if includeKey { try auditKey.write(to: keyPath) }
        } catch {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
        let at = timestamp
        _ = try write { db in
            try appendAudit(db, actor: actor, action: "store.backup", entity: "store", entityID: nil,
                            detail: ["file": path, "head": verification.headHash, "key": includeKey ? "included" : "omitted"],
                            at: at)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
        return BackupReport(bytes: size ?? 0, verification: verification)
    }

    /// Size in bytes of the database file and its WAL.
    public func fileSize() -> (database: Int64, wal: Int64) {
        func size(_ p: String) -> Int64 {
            ((try? FileManager.default.attributesOfItem(atPath: p)[.size]) as? NSNumber)?.int64Value ?? 0
        }
        return (size(path), size(path + "-wal"))
    }

    /// Copies the WAL back into the database file and truncates it (after a bulk load).
    public func checkpoint() throws {
        try StoreError.mapping {
            try writer.writeWithoutTransaction { db in
                _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
    }
}
