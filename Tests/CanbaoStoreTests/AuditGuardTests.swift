import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB
import Testing

/// The append-only guards are what the store made, by definition and not only by name, and they hold against
/// `INSERT OR REPLACE`. Found by an outside tester: a trigger named like a PostgreSQL guard, or a guard redefined
/// under its own name, raised a clerk's role inside the store's next write (a failed login) and `store verify` then
/// found the store intact; and `INSERT OR REPLACE` swapped a digest or an entry with every guard in place.
@Suite("The audit guards are the store's own and hold against REPLACE")
struct AuditGuardTests {
    /// SQL as someone with the sqlite3 shell runs it, the guards left as they are.
    static func shell(_ path: String, _ sql: String) throws {
        var config = Configuration()
        config.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: config)
        defer { try? queue.close() }
        try queue.write { db in try db.execute(sql: sql) }
    }

    static func triggerFindings(_ store: CounterStore) throws -> [String] {
        try store.verify().findings.filter { $0.kind == .triggerForeign }.map(\.message)
    }

    @Test func aTriggerNamedLikeAPostgresGuardIsForeignOnSQLite() throws {
        let hall = try Hall(.sqlite)
        try Self.shell(hall.store.path, """
            CREATE TRIGGER audit_log_no_truncate AFTER UPDATE OF failed_logins ON operator
            BEGIN UPDATE operator SET role = 'admin' WHERE id = NEW.id; END
            """)
        #expect(throws: StoreError.foreignTriggers(["audit_log_no_truncate"])) {
            try hall.store.authenticate(name: "clerk1", password: "Wrong-pass-9")
        }
        #expect(try hall.store.operator(named: "clerk1")?.role == .clerk)
        let found = try Self.triggerFindings(hall.store)
        #expect(found.count == 1)
        #expect(found.first?.contains("audit_log_no_truncate") == true)
    }

    @Test func aGuardRedefinedUnderItsOwnNameIsRefusedAndReported() throws {
        let hall = try Hall(.sqlite)
        try Self.shell(hall.store.path, """
            DROP TRIGGER audit_log_no_update;
            CREATE TRIGGER audit_log_no_update AFTER UPDATE OF failed_logins ON operator
            BEGIN UPDATE operator SET role = 'supervisor' WHERE id = NEW.id; END
            """)
        #expect(throws: StoreError.foreignTriggers(["audit_log_no_update"])) {
            try hall.store.authenticate(name: "clerk1", password: "Wrong-pass-9")
        }
        #expect(try hall.store.operator(named: "clerk1")?.role == .clerk)
        let found = try Self.triggerFindings(hall.store)
        #expect(found == ["触发器 audit_log_no_update 的定义已被改动，不再是本程序建立的：有它在时本程序拒绝写入"])
    }

    /// The guards a new store gets are exactly the definitions the check expects (else every write would be refused).
    @Test func aNewStoresGuardsAreTheExpectedOnes() throws {
        let hall = try Hall(.sqlite)
        let present = try hall.store.read { db in try db.triggerNames() }
        #expect(present == Set(ForeignTriggers.sqliteGuards.keys))
        #expect(try hall.store.read { db in try ForeignTriggers.refused(db) }.isEmpty)
    }

    @Test func replaceCannotSwapAnEntryOrADigest() throws {
        let hall = try Hall(.sqlite)
        let before = try hall.store.auditLog()
        for sql in ["INSERT OR REPLACE INTO audit_row SELECT seq, tbl, row_id, zeroblob(32) FROM audit_row LIMIT 1",
                    "REPLACE INTO audit_log SELECT * FROM audit_log WHERE seq = 3"] {
            #expect(throws: DatabaseError.self) { try Self.shell(hall.store.path, sql) }
        }
        #expect(try hall.store.auditLog() == before)
        #expect(try hall.store.verify().findings.isEmpty)
    }

    /// A bulk write seals its digests with `audit_row`'s insert guard set aside (a trigger program per insert: 4.5 of
    /// 7.5 µs): the guard is dropped and made again inside the write's transaction, so the schema changes twice and
    /// ends as it was, byte for byte, and REPLACE is still refused. A small write leaves the schema alone.
    @Test func aBulkWriteSetsTheInsertGuardAsideOnlyInsideItsTransaction() throws {
        let hall = try Hall(.sqlite)
        func schema() throws -> (version: Int, guardSQL: String?) {
            try hall.store.read { db in
                (try SQLRow.fetchOne(db, sql: "PRAGMA schema_version")?[0] ?? -1,
                 try SQLRow.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'audit_row_no_replace'")?[0])
            }
        }
        let before = try schema()
        #expect(before.guardSQL != nil)
        try hall.store.loadNew(BulkLoadTests.persons(0..<10), by: .system("test"))
        #expect(try schema().version == before.version)
        // 3,400 persons with two records each: 10,200 digests.
        try hall.store.loadNew(BulkLoadTests.persons(10..<3_410), by: .system("test"))
        let after = try schema()
        #expect(after.version == before.version + 2)
        #expect(after.guardSQL == before.guardSQL)
        #expect(try hall.store.read { db in try ForeignTriggers.refused(db) }.isEmpty)
        #expect(throws: DatabaseError.self) {
            try Self.shell(hall.store.path, "INSERT OR REPLACE INTO audit_row SELECT seq, tbl, row_id, zeroblob(32) FROM audit_row LIMIT 1")
        }
        #expect(try hall.store.verify().findings.isEmpty)
        // A later write relies on the bulk load's rows as sealed.
        _ = try hall.store.loadNew(BulkLoadTests.persons(3_410..<3_411), by: .system("test"))
        #expect(try hall.store.verify().findings.isEmpty)
    }

    /// A roster's "already enrolled" rests on the record it found: one edited with the shell to the roster's year
    /// passed for an enrolment, and was put back afterwards without `store verify` seeing anything.
    @Test func aRecordEditedToLookEnrolledIsNotTakenByARoster() throws {
        let store = try Fixture.store(.sqlite)
        _ = try RosterTests.importRoster(store, Data(RosterTests.goodRoster.utf8))
        let wang = try #require(try store.person(byDocument: IdentityDocument(kind: .residentID, number: RosterTests.wang)))
        let record = try #require(try store.platformRecords(forPerson: wang.id).first)
        try Tamper.run(store.path, "UPDATE enrollment_record SET year = 2027 WHERE id = \(record.id)")
        let next = RosterRequest(school: RosterTests.school, place: "150621", year: 2027, region: "dalate",
                                 today: Fixture.date("2027-01-10"))
        #expect(throws: StoreError.tamperedWrite("参保记录（enrollment_record） #\(record.id)")) {
            try RosterTests.importRoster(store, Data(RosterTests.goodRoster.utf8), request: next)
        }
    }
}
