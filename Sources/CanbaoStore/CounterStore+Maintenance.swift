import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `backup(to:by:)` wrote, and the copy's own verification.
public struct BackupReport: Hashable, Sendable {
    public var bytes: Int64
    public var verification: VerifyReport
}

extension CounterStore {
    /// An online backup through SQLite's backup API: a consistent snapshot while other terminals keep writing.
    /// The copy is made in a temporary file of its own beside the destination (mode 0600), verified, synced, and only
    /// then given its name, which must not exist: an existing file is never touched, and a full disk or any other
    /// failure leaves nothing behind. With `includeKey` the audit key is written beside it (`FILE.key`, mode 0600):
    /// only then can the copy's keyed chain be checked or continued elsewhere, and only then can whoever holds the
    /// copy rewrite it.
    @discardableResult
    public func backup(to destination: URL, includeKey: Bool = false, by actor: Actor) throws -> BackupReport {
        guard let sqlite = backend as? SQLiteBackend else {
            throw StoreError.notAllowed("PostgreSQL 数据库请用 pg_dump 备份（审计密钥文件 \(auditKeyPath) 另行保管）")
        }
        let path = destination.path
        let keyPath = AuditKey.path(forDatabase: path)
        try refuseOwnFiles(path)
        try OutputFile.refuseExisting(path)
        if includeKey { try OutputFile.refuseExisting(keyPath) }
        var file = try OutputFile.Writer.temporary(beside: path)
        let temporary = file.path
        let verification: VerifyReport
        do {
            try file.finish()
            verification = try StoreError.mapping(path: path) {
                let copy = try DatabaseQueue(path: temporary)
                do {
                    try sqlite.pool.backup(to: copy)
                    let report = try copy.read { db in
                        try StoreVerification.run(SQLiteConnection(db, journal: AuditJournal()), key: auditKey,
                                                  keyPath: auditKeyPath, checkpoint: nil)
                    }
                    // Closing checkpoints the copy's log into it and removes the log: one self-contained file.
                    try copy.close()
                    return report
                } catch {
                    try? copy.close()
                    throw error
                }
            }
            try Self.sync(temporary, for: path)
            try OutputFile.publish(temporary, as: path)
            if includeKey { try auditKey.write(to: keyPath) }
        } catch {
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
            throw error
        }
        for suffix in ["-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
        let at = timestamp
        _ = try write { db in
            try appendAudit(db, actor: actor, action: "store.backup", entity: "store", entityID: nil,
                            detail: ["file": path, "head": verification.headHash, "key": includeKey ? "included" : "omitted"],
                            at: at)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
        return BackupReport(bytes: size ?? 0, verification: verification)
    }

    /// The file's data on disk before it is given its name.
    static func sync(_ path: String, for target: String) throws {
        let fd = systemOpen(path, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else { throw StoreError.writing(target, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.writing(target, errno: errno) }
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
        // PostgreSQL checkpoints by itself.
        guard let sqlite = backend as? SQLiteBackend else { return }
        try StoreError.mapping(path: path) {
            try sqlite.pool.writeWithoutTransaction { db in
                try checkFile()
                _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
    }
}
