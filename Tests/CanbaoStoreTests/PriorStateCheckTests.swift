import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Any row the store changes must have been, before, as the audit log last recorded it. Without this, an applicant's
/// name edited with the sqlite3 shell was sealed as the store's own by the next counter service on that person, and
/// `store verify` reported an intact store.
@Suite("Rows changed behind the store's back are not whitewashed by the next write")
struct PriorStateCheckTests {
    /// Runs `sql` as someone with a shell on the database would (psql needs a capture table of its own to write).
    static func tamper(_ hall: Hall, _ backend: TestBackend, _ sql: String) throws {
        switch backend {
        case .sqlite: try Tamper.run(hall.store.path, sql)
        case .postgres: try TestPostgres.psql(hall.store.path, "CREATE TEMP TABLE audit_change (tbl TEXT, row_id BIGINT); \(sql)")
        }
    }

    static func findings(_ hall: Hall) throws -> [(VerifyFinding.Kind, String?, Int64?)] {
        try hall.store.verify().findings.filter { $0.kind != .guardMissing }.map { ($0.kind, $0.table, $0.rowID) }
    }

    @Test(arguments: TestBackend.all)
    func anEditedPersonIsRefusedAndStaysFound(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let id = hall.applicant.id
        try Self.tamper(hall, backend, "UPDATE person SET name = '李肆' WHERE id = \(id)")
        #expect(throws: StoreError.tamperedWrite("人员（person） #\(id)")) {
            try hall.store.upsertPerson(Fixture.person("张小宝", number: hall.applicant.document.number),
                                        by: .operator(hall.clerk.id))
        }
        #expect(try hall.store.person(id: id)?.name == "李肆")
        let found = try Self.findings(hall)
        #expect(found.count == 1)
        #expect(found.first?.0 == .rowChanged && found.first?.1 == "person" && found.first?.2 == id)
        let refused = try #require(try hall.store.auditLog().last)
        #expect(refused.action == "store.write-refused")
        #expect(refused.actor == "clerk1")
        #expect(refused.detail.contains("\"rows\":\"person#\(id)\""))
        #expect(refused.detail.contains("\"attempted\":\"person.update\""))
        // Other people are served as before.
        let other = try hall.store.upsertPerson(
            Fixture.person("王五", number: Fixture.residentID(birth: "1990-01-01", sequence: 13)), by: .operator(hall.clerk.id))
        _ = try hall.store.upsertPerson(Fixture.person("王小五", number: other.document.number), by: .operator(hall.clerk.id))
        #expect(try Self.findings(hall).count == 1)
    }

    @Test(arguments: TestBackend.all)
    func aPersonInsertedWithTheShellCannotBeActedOn(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let number = Fixture.residentID(birth: "1988-05-05", sequence: 21)
        try Self.tamper(hall, backend, """
            INSERT INTO person (document_kind, document_number, name, birth_date, sex, created_at, updated_at)
            SELECT document_kind, '\(number)', '赵六', birth_date, sex, created_at, updated_at FROM person
            WHERE id = \(hall.applicant.id)
            """)
        let forged = try #require(try hall.store.person(byDocument: IdentityDocument(kind: .residentID, number: number)))
        #expect(throws: StoreError.tamperedWrite("人员（person） #\(forged.id)")) {
            try hall.store.upsertPerson(Fixture.person("赵陆", number: number), by: .operator(hall.clerk.id))
        }
        #expect(try Self.findings(hall).map(\.0) == [.rowInserted])
    }

    /// SQLite gives a new row the largest id plus one: deleting the last person with the shell left its id to the next
    /// registration, whose digest then covered the deletion. PostgreSQL's identity never gives an id twice.
    @Test func aDeletedRowIsNotHiddenByTheRowThatTakesItsID() throws {
        let hall = try Hall(.sqlite)
        let id = hall.applicant.id
        try Tamper.run(hall.store.path, "DELETE FROM person WHERE id = \(id)")
        #expect(throws: StoreError.tamperedWrite("人员（person） #\(id)")) {
            try hall.store.upsertPerson(Fixture.person("钱七", number: Fixture.residentID(birth: "1970-07-07", sequence: 31)),
                                        by: .operator(hall.clerk.id))
        }
        let found = try Self.findings(hall)
        #expect(found.map(\.0) == [.rowDeleted])
        #expect(found.first?.2 == id)
    }

    /// A trigger planted with the shell ran inside the store's own write, and the write sealed what it did: a login
    /// raised a clerk to administrator, and after the trigger was dropped `store verify` found nothing.
    @Test(arguments: TestBackend.all)
    func aPlantedTriggerStopsEveryWriteAndIsReported(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let id = hall.applicant.id
        switch backend {
        case .sqlite:
            try Tamper.run(hall.store.path, """
                CREATE TRIGGER zz_evil AFTER UPDATE ON operator BEGIN UPDATE person SET name = '伪造人' WHERE id = \(id); END
                """)
        case .postgres:
            try TestPostgres.psql(hall.store.path, """
                CREATE FUNCTION zz_forge() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN UPDATE person SET name = '伪造人' WHERE id = \(id); RETURN NULL; END $$;
                CREATE TRIGGER zz_evil AFTER UPDATE ON operator FOR EACH STATEMENT EXECUTE FUNCTION zz_forge()
                """)
        }
        let admin = Actor.operator(hall.admin.id)
        #expect(throws: StoreError.foreignTriggers(["zz_evil"])) {
            try hall.store.setOperatorDisabled(name: "clerk2", disabled: true, by: admin)
        }
        #expect(try hall.store.person(id: id)?.name == "张小宝")
        #expect(try hall.store.operator(named: "clerk2")?.disabled == false)
        // Any write: the trigger could be on any table.
        #expect(throws: StoreError.foreignTriggers(["zz_evil"])) {
            try hall.store.upsertPerson(Fixture.person("王五", number: Fixture.residentID(birth: "1990-01-01", sequence: 13)),
                                        by: .operator(hall.clerk.id))
        }
        let found = try hall.store.verify().findings.filter { $0.kind == .triggerForeign }
        #expect(found.count == 1)
        #expect(found.first?.message.contains("zz_evil") == true)
        #expect(StoreError.foreignTriggers(["zz_evil"]).description.contains("本次操作未保存"))
    }

    /// The digest read text up to a NUL, as GRDB does, while SQLite's keys compare the whole value: a name edited to
    /// `张小宝\0伪造` verified as intact.
    @Test func textAfterANulIsCoveredByTheDigest() throws {
        let hall = try Hall(.sqlite)
        let id = hall.applicant.id
        try Tamper.run(hall.store.path, "UPDATE person SET name = name || char(0) || '伪造' WHERE id = \(id)")
        let found = try Self.findings(hall)
        #expect(found.count == 1)
        #expect(found.first?.0 == .rowChanged && found.first?.2 == id)
        #expect(throws: StoreError.self) {
            try hall.store.upsertPerson(Fixture.person("张小宝", number: hall.applicant.document.number, birth: "2025-11-01"),
                                        by: .operator(hall.clerk.id))
        }
    }

    @Test func theMessageNamesTheRowsAsStoreVerifyDoes() {
        let many = TamperedPriorState(rows: [("enrollment_record", 4), ("person", 9)], count: 12, attempt: nil)
        #expect(StoreError.tamperedWrite(many.what).description.hasPrefix("参保记录（enrollment_record） #4 等 12 行 与审计日志记录的不符"))
        #expect(StoreError.tamperedWrite(many.what).description.contains("本次操作未保存"))
        let bare = TamperedPriorState(rows: [("schedule", 2)], count: 1, attempt: nil)
        #expect(bare.what == "schedule #2")
    }

    /// Only rows the transaction updated or deleted are read as they were: a transaction that only inserts opens no
    /// second connection, however many rows it writes.
    @Test func whatIsOnlyInsertedIsToldFromWhatIsUpdated() throws {
        let journal = AuditJournal(tellsInserts: true)
        for id in Int64(1)...5 { journal.note(table: "person", rowID: id, inserted: true) }
        journal.note(table: "person", rowID: 3)
        journal.note(table: "enrollment_record", rowID: 9)
        #expect(journal.takeChanged() == ["person": [1...5], "enrollment_record": [9...9]])
        #expect(journal.takeModified() == ["person": [3...3], "enrollment_record": [9...9]])
        let untold = AuditJournal()
        untold.note(table: "person", rowID: 1, inserted: true)
        #expect(untold.takeModified() == nil)
        #expect(CounterStore.contains([1...2, 5...9], 7) && !CounterStore.contains([1...2, 5...9], 3))
    }
}
