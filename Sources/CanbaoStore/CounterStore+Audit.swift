import Foundation
import GRDB

extension CounterStore {
    /// The audit log, oldest first (for an entity when given).
    public func auditLog(entity: String? = nil, entityID: String? = nil, limit: Int? = nil) throws -> [AuditEntry] {
        try read { db in
            var request = AuditEntry.order(AuditEntry.Columns.seq)
            if let entity { request = request.filter(AuditEntry.Columns.entity == entity) }
            if let entityID { request = request.filter(AuditEntry.Columns.entityID == entityID) }
            if let limit { request = request.limit(limit) }
            return try request.fetchAll(db)
        }
    }

    /// Appends one audit row inside the caller's write transaction, chained to the last one.
    /// Write transactions are IMMEDIATE, so no other process can append between the read of the head and the insert.
    @discardableResult
    func appendAudit(_ db: Database, actor: Actor, action: String, entity: String, entityID: String?,
                     detail: [String: String], at date: Date) throws -> AuditEntry {
        let (operatorID, actorName) = try resolve(actor, db)
        let head = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))
        let seq: Int64 = (head?["seq"] ?? 0) + 1
        let prevHash: String = head?["hash"] ?? AuditEntry.genesisHash
        let at = String.fromDatabaseValue(date.databaseValue) ?? ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let detailJSON = String(decoding: try encoder.encode(detail), as: UTF8.self)
        let hash = AuditEntry.hash(seq: seq, at: at, operatorID: operatorID, actor: actorName, action: action,
                                   entity: entity, entityID: entityID, detail: detailJSON, prevHash: prevHash)
        try db.run("""
            INSERT INTO audit_log (seq, at, operator_id, actor, action, entity, entity_id, detail, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [seq, at, operatorID, actorName, action, entity, entityID, detailJSON, prevHash, hash])
        return AuditEntry(seq: seq, at: at, operatorID: operatorID, actor: actorName, action: action, entity: entity,
                          entityID: entityID, detail: detailJSON, prevHash: prevHash, hash: hash)
    }

    private func resolve(_ actor: Actor, _ db: Database) throws -> (Int64?, String) {
        switch actor {
        case let .system(label):
            return (nil, "system:\(label)")
        case let .operator(id):
            return (id, try requireActiveOperator(db, id))
        }
    }

    /// The operator's name; an operator must exist and not be disabled to change anything.
    @discardableResult
    func requireActiveOperator(_ db: Database, _ id: Int64) throws -> String {
        let select = try db.cachedStatement(sql: "SELECT name, disabled FROM operator WHERE id = ?")
        guard let row = try Row.fetchOne(select, arguments: [id]) else {
            throw StoreError.operatorNotFound("#\(id)")
        }
        let name: String = row["name"]
        if row["disabled"] as Bool { throw StoreError.operatorDisabled(name) }
        return name
    }
}
