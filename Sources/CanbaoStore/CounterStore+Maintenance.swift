import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `verify()` found.
public struct VerifyReport: Hashable, Sendable {
    /// `PRAGMA integrity_check` output: `["ok"]` for a sound file.
    public var integrity: [String]
    /// Rows of `PRAGMA foreign_key_check`.
    public var foreignKeyProblems: Int
    public var auditEntries: Int
    /// The last row's hash: write it down (or keep it with a backup) to detect a later truncation of the log.
    public var headHash: String
    /// The first row where the audit chain does not hold.
    public var chainBreak: ChainBreak?
    public var counts: StoreCounts

    public var isOK: Bool { integrity == ["ok"] && foreignKeyProblems == 0 && chainBreak == nil }
}

/// What `backup(to:by:)` wrote, and the copy's own verification.
public struct BackupReport: Hashable, Sendable {
    public var bytes: Int64
    public var verification: VerifyReport
}

public struct ChainBreak: Hashable, Sendable, CustomStringConvertible {
    public var seq: Int64
    public var reason: String
    public var description: String { "审计记录第 \(seq) 条：\(reason)" }
}

extension CounterStore {
    /// Checks the file (`PRAGMA integrity_check`, foreign keys) and walks the audit chain from the first row.
    public func verify() throws -> VerifyReport {
        try read { db in try Self.verify(db) }
    }

    static func verify(_ db: Database) throws -> VerifyReport {
        let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
        let foreignKeyProblems = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
        var expectedSeq: Int64 = 1
        var previousHash = AuditEntry.genesisHash
        var chainBreak: ChainBreak?
        let cursor = try AuditEntry.order(AuditEntry.Columns.seq).fetchCursor(db)
        while let entry = try cursor.next() {
            if entry.seq != expectedSeq {
                chainBreak = ChainBreak(seq: entry.seq, reason: "序号不连续（应为 \(expectedSeq)），有记录被删除或插入")
            } else if entry.prevHash != previousHash {
                chainBreak = ChainBreak(seq: entry.seq, reason: "前一条的哈希不符，前面的记录被改动、删除或插入")
            } else if entry.computedHash != entry.hash {
                chainBreak = ChainBreak(seq: entry.seq, reason: "内容与哈希不符，该记录被改动")
            }
            if chainBreak != nil { break }
            previousHash = entry.hash
            expectedSeq += 1
        }
        let counts = try StoreCounts.fetch(db)
        return VerifyReport(integrity: integrity, foreignKeyProblems: foreignKeyProblems,
                            auditEntries: counts.auditEntries, headHash: previousHash, chainBreak: chainBreak,
                            counts: counts)
    }

    /// An online backup through SQLite's backup API: a consistent snapshot while other terminals keep writing.
    /// The copy is made in a temporary file of its own beside the destination (mode 0600), verified, synced, and only
    /// then given its name, which must not exist: an existing file is never touched, and a full disk or any other
    /// failure leaves nothing behind.
    @discardableResult
    public func backup(to destination: URL, by actor: Actor) throws -> BackupReport {
        let path = destination.path
        try refuseOwnFiles(path)
        try OutputFile.refuseExisting(path)
        var file = try OutputFile.Writer.temporary(beside: path)
        let temporary = file.path
        let verification: VerifyReport
        do {
            try file.finish()
            verification = try StoreError.mapping(path: path) {
                let copy = try DatabaseQueue(path: temporary)
                do {
                    try writer.backup(to: copy)
                    let report = try copy.read { db in try Self.verify(db) }
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
        } catch {
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
            throw error
        }
        for suffix in ["-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
        let at = timestamp
        _ = try write { db in
            try appendAudit(db, actor: actor, action: "store.backup", entity: "store", entityID: nil,
                            detail: ["file": path, "head": verification.headHash], at: at)
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
        try StoreError.mapping(path: path) {
            try writer.writeWithoutTransaction { db in
                try checkFile()
                _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
    }
}
