import CanbaoRules
@testable import CanbaoStore
import Foundation
import GRDB
import Testing

@Suite("Audit chain")
struct AuditChainTests {
    /// A store with five audit rows: one operator added, four persons.
    private func storeWithHistory() throws -> CounterStore {
        let store = try Fixture.store()
        try store.addOperator(name: "clerk1", displayName: "柜员一", role: .clerk, password: "Clerk-pass-1",
                              by: .system("test"))
        for (index, name) in ["张三", "李四", "王五", "赵六"].enumerated() {
            try store.upsertPerson(Fixture.person(name, number: Fixture.residentID(birth: "1985-03-03", sequence: index)),
                                   by: .operator(1))
        }
        return store
    }

    /// What someone with the sqlite3 shell could do: drop the guard triggers and rewrite history.
    private func tamper(_ store: CounterStore, _ sql: String) throws {
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
            try db.execute(sql: sql)
        }
        try queue.close()
    }

    @Test func chainLinksEveryRowToThePreviousOne() throws {
        let store = try storeWithHistory()
        let log = try store.auditLog()
        #expect(log.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(log.map(\.action) == ["operator.add", "person.add", "person.add", "person.add", "person.add"])
        #expect(log[0].prevHash == AuditEntry.genesisHash)
        #expect(log[0].actor == "system:test")
        #expect(log[0].operatorID == nil)
        #expect(log[1].actor == "clerk1")
        #expect(log[1].operatorID == 1)
        for index in 1..<log.count { #expect(log[index].prevHash == log[index - 1].hash) }
        #expect(log.allSatisfy { $0.hash == $0.computedHash && $0.hash.count == 64 })
        let report = try store.verify()
        #expect(report.isOK)
        #expect(report.integrity == ["ok"])
        #expect(report.foreignKeyProblems == 0)
        #expect(report.auditEntries == 5)
        #expect(report.headHash == log[4].hash)
        #expect(report.chainBreak == nil)
    }

    @Test func triggersRefuseEditsThroughSQL() throws {
        let store = try storeWithHistory()
        let queue = try DatabaseQueue(path: store.path)
        defer { try? queue.close() }
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "UPDATE audit_log SET actor = 'x' WHERE seq = 2") }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "DELETE FROM audit_log WHERE seq = 5") }
        }
        #expect(try store.verify().isOK)
    }

    @Test func detectsAnEditedRow() throws {
        let store = try storeWithHistory()
        try tamper(store, #"UPDATE audit_log SET detail = '{"document":"resident-id:X","name":"李肆"}' WHERE seq = 3"#)
        let report = try store.verify()
        #expect(!report.isOK)
        #expect(report.integrity == ["ok"])
        #expect(report.chainBreak == ChainBreak(seq: 3, reason: "内容与哈希不符，该记录被改动"))
    }

    @Test func detectsAnEditWhoseHashWasRecomputed() throws {
        let store = try storeWithHistory()
        let row = try #require(try store.auditLog().first { $0.seq == 2 })
        var forged = row
        forged.actor = "sup1"
        let forgedHash = forged.computedHash
        try tamper(store, "UPDATE audit_log SET actor = 'sup1', hash = '\(forgedHash)' WHERE seq = 2")
        #expect(try store.verify().chainBreak == ChainBreak(seq: 3, reason: "前一条的哈希不符，前面的记录被改动、删除或插入"))
    }

    @Test func detectsADeletedRow() throws {
        let store = try storeWithHistory()
        try tamper(store, "DELETE FROM audit_log WHERE seq = 4")
        #expect(try store.verify().chainBreak == ChainBreak(seq: 5, reason: "序号不连续（应为 4），有记录被删除或插入"))
    }

    @Test func hashCoversEveryColumnInAFixedOrder() throws {
        let entry = AuditEntry(seq: 1, at: "2026-03-01 08:00:00.000", operatorID: nil, actor: "system:test",
                               action: "store.import", entity: "store", entityID: nil, detail: "{}",
                               prevHash: AuditEntry.genesisHash, hash: "")
        // SHA-256 of "1:123:2026-03-01 08:00:00.0000:11:system:test12:store.import5:store0:2:{}64:000…0",
        // computed independently with Python's hashlib.
        #expect(entry.computedHash == "1ff3745fcd818181092800f7bdfb5d0c1108cc7c45c322e43d5f592fcb58682e")
        var changed = entry
        changed.entity = "case"
        #expect(changed.computedHash != entry.computedHash)
        changed = entry
        changed.operatorID = 1
        #expect(changed.computedHash != entry.computedHash)
    }
}
