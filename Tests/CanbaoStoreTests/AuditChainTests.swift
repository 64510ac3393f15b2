import CanbaoRules
@testable import CanbaoStore
import Crypto
import Foundation
import GRDB
import Testing

/// What someone with the sqlite3 shell could do: foreign keys off (the shell's default), the guard triggers dropped.
enum Tamper {
    static func run(_ path: String, _ sql: String, arguments: StatementArguments = StatementArguments()) throws {
        var config = Configuration()
        config.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: config)
        try queue.write { db in
            for trigger in ["audit_log_no_update", "audit_log_no_delete", "audit_row_no_update", "audit_row_no_delete"] {
                try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger)")
            }
            try db.execute(sql: sql, arguments: arguments)
        }
        try queue.close()
    }

    /// Rebuilds every hash of the chain from `seq` on, as a few lines of Python would after an edit: with the plain
    /// SHA-256 of the chain before the upgrade (`key` nil; the entries then pose as plain ones), or an HMAC with a key
    /// of the attacker's choosing.
    static func rechain(_ path: String, from seq: Int64, key: AuditKey?) throws {
        var config = Configuration()
        config.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: config)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_log_no_update")
            var previous = try String.fetchOne(db, sql: "SELECT hash FROM audit_log WHERE seq = ?", arguments: [seq - 1])
                ?? AuditEntry.genesisHash
            for var entry in try AuditEntry.filter(sql: "seq >= ?", arguments: [seq]).order(sql: "seq").fetchAll(db) {
                entry.prevHash = previous
                if let key {
                    entry.hash = entry.keyedHash(key)
                } else {
                    entry.rowsHash = nil
                    entry.hash = entry.computedHash
                }
                try db.execute(sql: "UPDATE audit_log SET prev_hash = ?, rows_hash = ?, hash = ? WHERE seq = ?",
                               arguments: [entry.prevHash, entry.rowsHash, entry.hash, entry.seq])
                previous = entry.hash
            }
        }
        try queue.close()
    }
}

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

    @Test func chainLinksEveryRowToThePreviousOneWithTheKey() throws {
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
        // Every entry is keyed: an HMAC with the key file's key, not the plain SHA-256 anyone can recompute.
        let key = try #require(try AuditKey.load(path: AuditKey.path(forDatabase: store.path)))
        #expect(log.allSatisfy { $0.isKeyed && $0.hash == $0.keyedHash(key) && $0.hash != $0.computedHash })
        let report = try store.verify()
        #expect(report.isOK, "\(report.findings)")
        #expect(report.integrity == ["ok"])
        #expect(report.foreignKeyProblems == 0)
        #expect(report.auditEntries == 5)
        #expect(report.keyedFrom == 1)
        #expect(report.head == AuditCheckpoint(seq: 5, hash: log[4].hash, at: log[4].at))
        #expect(report.rowsChecked == 5)
        #expect(report.chainBreak == nil)
    }

    @Test func eachEntryRecordsTheDigestOfTheRowsItsTransactionWrote() throws {
        let store = try storeWithHistory()
        let rows = try store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, tbl, row_id, digest FROM audit_row ORDER BY seq")
        }
        #expect(rows.map { "\($0["seq"] as Int64) \($0["tbl"] as String) \($0["row_id"] as Int64)" }
            == ["1 operator 1", "2 person 1", "3 person 2", "4 person 3", "5 person 4"])
        let person = try store.writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM person WHERE id = 2")! }
        let columns: [(name: String, value: DatabaseValue)] = Array(person.columnNames).map { ($0, person[$0] as DatabaseValue) }
        #expect(rows[2]["digest"] == Data(RowDigest.digest(table: "person", columns: columns)))
        let entry = try #require(try store.auditLog().first { $0.seq == 3 })
        var list = RowDigest.ListHasher()
        list.add(table: "person", rowID: 2, digest: RowDigest.digest(table: "person", columns: columns))
        #expect(entry.rowsHash == list.finalize() + "/1")
    }

    @Test func triggersRefuseEditsThroughSQL() throws {
        let store = try storeWithHistory()
        let queue = try DatabaseQueue(path: store.path)
        defer { try? queue.close() }
        for sql in ["UPDATE audit_log SET actor = 'x' WHERE seq = 2", "DELETE FROM audit_log WHERE seq = 5",
                    "UPDATE audit_row SET digest = NULL WHERE seq = 2", "DELETE FROM audit_row WHERE seq = 5"] {
            #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: sql) } }
        }
        #expect(try store.verify().isOK)
    }

    @Test func detectsAnEditedEntry() throws {
        let store = try storeWithHistory()
        try Tamper.run(store.path, #"UPDATE audit_log SET detail = '{"document":"resident-id:X","name":"李肆"}' WHERE seq = 3"#)
        let report = try store.verify()
        #expect(!report.isOK)
        #expect(report.integrity == ["ok"])
        #expect(report.chainBreak == ChainBreak(seq: 3, reason: "内容与密钥签名不符，该记录被改动（或审计链被不持有密钥者改写）"))
        #expect(report.findings.map(\.kind) == [.guardMissing, .guardMissing, .guardMissing, .guardMissing, .chainBroken])
    }

    /// The attack of the issue: edit an entry, then rebuild every later hash. Without the key the rebuilt entries can
    /// be neither keyed ones nor plain ones that follow keyed ones.
    @Test(arguments: [false, true])
    func detectsAChainRebuiltWithoutTheKey(guessedKey: Bool) throws {
        let store = try storeWithHistory()
        try Tamper.run(store.path, "UPDATE audit_log SET actor = 'sup1' WHERE seq = 3")
        try Tamper.rechain(store.path, from: 3, key: guessedKey ? AuditKey(bytes: Array(repeating: 7, count: 32)) : nil)
        let report = try store.verify()
        #expect(!report.isOK)
        let reason = guessedKey ? "内容与密钥签名不符，该记录被改动（或审计链被不持有密钥者改写）"
            : "不是密钥签名的记录，却位于密钥签名的记录之后：审计链被改写"
        #expect(report.chainBreak == ChainBreak(seq: 3, reason: reason))
        #expect(report.findings.filter { $0.kind == .chainBroken }.map(\.seq) == [3, 4, 5])
        // Rebuilt from the first entry as a plain chain: no keyed entry is left.
        try Tamper.rechain(store.path, from: 1, key: nil)
        let plain = try store.verify()
        #expect(plain.keyedFrom == nil)
        #expect(plain.findings.contains { $0.kind == .chainBroken && $0.message.hasPrefix("审计日志中没有密钥签名的记录") })
    }

    @Test func detectsADeletedEntry() throws {
        let store = try storeWithHistory()
        try Tamper.run(store.path, "DELETE FROM audit_log WHERE seq = 4")
        let report = try store.verify()
        #expect(report.chainBreak == ChainBreak(seq: 5, reason: "序号不连续（应为 4），有记录被删除或插入"))
        #expect(report.findings.contains { $0.kind == .auditEntriesMissing && $0.seq == 4 })
    }

    @Test func theKeyIsAPrivateFileBesideTheDatabaseAndMustMatchIt() throws {
        let store = try storeWithHistory()
        let keyPath = AuditKey.path(forDatabase: store.path)
        #expect(keyPath == store.path + ".key")
        #expect(try Fixture.mode(keyPath) == 0o600)
        let text = try String(contentsOfFile: keyPath, encoding: .utf8)
        #expect(text.count == 65 && text.hasSuffix("\n") && text.dropLast().allSatisfy(\.isHexDigit))
        // The key is never in the database.
        let database = try Data(contentsOf: URL(fileURLWithPath: store.path))
        #expect(database.range(of: Data(text.dropLast().utf8)) == nil)

        // Without it the store refuses to write on: entries it signed could never be checked again.
        let moved = keyPath + ".away"
        try FileManager.default.moveItem(atPath: keyPath, toPath: moved)
        #expect(throws: StoreError.self) { _ = try CounterStore(path: store.path, options: Fixture.options) }
        let unkeyed = try CounterStore.verifyFile(at: store.path)
        #expect(unkeyed.findings.map(\.kind) == [.keyMissing])
        // Another key is refused too.
        try AuditKey(bytes: Array(repeating: 9, count: 32)).write(to: keyPath)
        do {
            _ = try CounterStore(path: store.path, options: Fixture.options)
            Issue.record("a store opened with another store's key")
        } catch let error as StoreError {
            #expect(error.description.contains("与此数据库的审计日志不符"))
        }
        try FileManager.default.removeItem(atPath: keyPath)
        try FileManager.default.moveItem(atPath: moved, toPath: keyPath)
        // A key file others may read is refused until it is private again.
        chmod(keyPath, 0o644)
        #expect(throws: StoreError.self) { _ = try CounterStore(path: store.path, options: Fixture.options) }
        chmod(keyPath, 0o600)
        #expect(try CounterStore(path: store.path, options: Fixture.options).verify().isOK)
    }

    @Test func aWriteThatAppendsNoEntryStillGetsOne() throws {
        let store = try storeWithHistory()
        try store.write { db in try db.execute(sql: "UPDATE person SET name = '张叁' WHERE id = 1") }
        let last = try #require(try store.auditLog().last)
        #expect(last.action == "store.write")
        #expect(last.actor == "system:store")
        #expect(try store.verify().isOK)
    }

    @Test func checkpointsHoldUntilTheChainIsRewritten() throws {
        let store = try storeWithHistory()
        let checkpoint = try #require(try store.auditHead())
        #expect(checkpoint.seq == 5)
        #expect(try store.verify(checkpoint: checkpoint).isOK)
        #expect(AuditCheckpoint(checkpoint.description) == AuditCheckpoint(seq: 5, hash: checkpoint.hash))
        for bad in ["5", "x:\(checkpoint.hash)", "0:\(checkpoint.hash)", "5:abc", "5:\(checkpoint.hash)0"] {
            #expect(AuditCheckpoint(bad) == nil)
        }
        // Someone holding the key rewrites an entry before the checkpoint and re-signs the chain: only the
        // checkpoint written down earlier tells.
        let key = try #require(try AuditKey.load(path: AuditKey.path(forDatabase: store.path)))
        try Tamper.run(store.path, "UPDATE audit_log SET actor = 'sup1' WHERE seq = 2")
        try Tamper.rechain(store.path, from: 2, key: key)
        let rewritten = try store.verify(checkpoint: checkpoint)
        #expect(rewritten.findings.map(\.kind) == Array(repeating: .guardMissing, count: 4) + [.checkpointMismatch])
        #expect(rewritten.findings.last?.message
            == "第 5 条审计记录的哈希与检查点 \(checkpoint) 不符：此前的审计链被改写")
        // A truncated log no longer holds it at all.
        try Tamper.run(store.path, "DELETE FROM audit_log WHERE seq = 5")
        #expect(try store.verify(checkpoint: checkpoint).findings.contains {
            $0.kind == .checkpointMismatch && $0.message.hasSuffix("已不存在：日志被截短")
        })
    }

    @Test func plainHashCoversEveryColumnInAFixedOrder() throws {
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

    @Test func keyedHashIsAnHMACOverTheSchemeAndEveryColumn() throws {
        let key = AuditKey(bytes: Array(1...32))
        let empty = RowDigest.ListHasher().finalize()
        #expect(empty == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let entry = AuditEntry(seq: 1, at: "2026-03-01 08:00:00.000", operatorID: nil, actor: "system:test",
                               action: "store.import", entity: "store", entityID: nil, detail: "{}", rowsHash: empty,
                               prevHash: AuditEntry.genesisHash, hash: "")
        // HMAC-SHA256 with the key 01 02 … 20 of the netstrings of "canbao-audit-hmac-sha256-v1", "1", the time, "",
        // "system:test", "store.import", "store", "", "{}", the rows hash and the genesis hash, computed
        // independently with Python's hmac.
        #expect(entry.keyedHash(key) == "3a807235fbe47cfec388358b95e3a68d0b3f4e872e7aedba8b498531a668ce17")
        var changed = entry
        changed.rowsHash = String(repeating: "1", count: 64)
        #expect(changed.keyedHash(key) != entry.keyedHash(key))
        #expect(entry.keyedHash(AuditKey(bytes: Array(2...33))) != entry.keyedHash(key))
    }

    @Test func rowDigestIsDefinedByteForByte() throws {
        let columns: [(name: String, value: DatabaseValue)] = [
            ("id", 7.databaseValue), ("name", "王芳".databaseValue), ("sex", .null),
            ("birth_date", "1949-12-31".databaseValue), ("score", 1.5.databaseValue),
            ("photo", Data([0x00, 0xFF]).databaseValue), ("flag", (-1).databaseValue),
        ]
        // Columns in byte order of their names, each name, type and value as a netstring.
        let expected = Array("13:canbao-row-v16:person10:birth_date1:t10:1949-12-314:flag1:i2:-12:id1:i1:74:name1:t6:".utf8)
            + Array("王芳".utf8) + Array("5:photo1:b2:".utf8) + [0x00, 0xFF]
            + Array("5:score1:r16:3ff80000000000003:sex1:n0:".utf8)
        #expect(RowDigest.serialize(table: "person", columns: columns) == expected)
        // SHA-256 of those bytes, and the list hash of (operator 1, that digest) and (person 12, deleted), computed
        // independently with Python's hashlib.
        let digest = RowDigest.digest(table: "person", columns: columns)
        #expect(hex(digest) == "f493e1064b79eaa967bf0cb1adea28f5b4aa51488a9761998c44c2b542686a29")
        var list = RowDigest.ListHasher()
        list.add(table: "operator", rowID: 1, digest: digest)
        list.add(table: "person", rowID: 12, digest: nil)
        #expect(list.finalize() == "6db478b9b407545eafe9c83ee4599258b7ddaafa7a4c05ad184f8f422be4070f")
        // The column order given does not matter; the table name does.
        #expect(RowDigest.digest(table: "person", columns: columns.reversed()) == digest)
        #expect(RowDigest.digest(table: "operator", columns: columns) != digest)
    }
}
