import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// The digests a write trusts must be ones the key signed, and the rows a decision rests on are checked like the rows
/// it changes. Before, a digest inserted into `audit_row` with the shell made a forged row look recorded (the next
/// write sealed it), a clerk raised to supervisor with the shell approved exceptions, and a record inserted with the
/// shell was kept in a duplicate's resolution while the genuine one was ended.
@Suite("Decisions rest on rows the signed audit log recorded")
struct SignedDigestTests {
    /// The digest the store would record for the row as it is now: what an attacker computes with a few lines of code.
    static func digest(_ hall: Hall, _ table: String, _ id: Int64) throws -> [UInt8] {
        try hall.store.read { db in
            let shape = try #require(try RowShape(db, table: table))
            let row = try #require(try SQLRow.fetchOne(db, sql: shape.rangeSQL, arguments: [id, id]))
            return shape.digest(row)
        }
    }

    /// Files `digest` for the row under entry `seq`, as the shell allows: `audit_row` takes inserts.
    static func plant(_ hall: Hall, _ backend: TestBackend, seq: Int64, _ table: String, _ id: Int64,
                      _ digest: [UInt8]) throws {
        let hex = digest.map { String(format: "%02x", $0) }.joined()
        let blob = backend == .sqlite ? "X'\(hex)'" : "decode('\(hex)', 'hex')"
        try PriorStateCheckTests.tamper(hall, backend, """
            INSERT INTO audit_row (seq, tbl, row_id, digest) VALUES (\(seq), '\(table)', \(id), \(blob))
            """)
    }

    static func findings(_ hall: Hall) throws -> [VerifyFinding.Kind] {
        try hall.store.verify().findings.map(\.kind).filter { $0 != .guardMissing }
    }

    @Test(arguments: TestBackend.all)
    func aDigestFiledWithTheShellUnderASignedEntryIsNotTrusted(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let id = hall.applicant.id
        // The latest entry then records another person: a digest filed under it is the applicant's latest.
        _ = try hall.store.upsertPerson(Fixture.person("王五", number: Fixture.residentID(birth: "1990-01-01", sequence: 13)),
                                        by: .operator(hall.clerk.id))
        try PriorStateCheckTests.tamper(hall, backend, "UPDATE person SET name = '李肆' WHERE id = \(id)")
        let head = try #require(try hall.store.auditHead()).seq
        try Self.plant(hall, backend, seq: head, "person", id, try Self.digest(hall, "person", id))
        #expect(throws: StoreError.tamperedWrite("人员（person） #\(id)")) {
            try hall.store.upsertPerson(Fixture.person("张小宝", number: hall.applicant.document.number),
                                        by: .operator(hall.clerk.id))
        }
        #expect(try hall.store.person(id: id)?.name == "李肆")
        #expect(try Self.findings(hall) == [.auditRowsAltered])
        #expect(try hall.store.auditLog().last?.action == "store.write-refused")
    }

    /// A bulk load's entry is checked by the count of digests it signs, not by hashing its list on every use.
    @Test(arguments: TestBackend.all)
    func aDigestFiledUnderABulkLoadIsSeenByTheCountItSigns(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let people = (0..<1_100).map { k in
            InterchangePerson(person: Fixture.person("张三", number: Fixture.residentID(birth: k < 550 ? "1980-01-01" : "1981-01-01",
                                                                                     sequence: 100 + k % 550)),
                              records: [])
        }
        _ = try hall.store.load(people, by: .system("test"))
        let bulk = try #require(try hall.store.auditLog().last)
        #expect(RowDigest.signedCount(try #require(bulk.rowsHash)) == 1_100)
        let id = hall.applicant.id
        try PriorStateCheckTests.tamper(hall, backend, "UPDATE person SET name = '李肆' WHERE id = \(id)")
        try Self.plant(hall, backend, seq: bulk.seq, "person", id, try Self.digest(hall, "person", id))
        #expect(throws: StoreError.tamperedWrite("人员（person） #\(id)")) {
            try hall.store.upsertPerson(Fixture.person("张小宝", number: hall.applicant.document.number),
                                        by: .operator(hall.clerk.id))
        }
        #expect(try Self.findings(hall) == [.auditRowsAltered])
    }

    @Test func theRowsHashSignsTheNumberOfDigests() {
        var list = RowDigest.ListHasher()
        list.add(table: "person", rowID: 12, digest: nil)
        #expect(list.rowsHash == list.finalize() + "/1")
        #expect(list.matches(list.rowsHash))
        #expect(list.matches(list.finalize()))  // an entry written before the count was signed
        #expect(!list.matches(list.finalize() + "/2"))
        #expect(!list.matches(String(repeating: "0", count: 64) + "/1"))
        #expect(RowDigest.signedCount(list.finalize()) == nil)
    }

    /// SQLite's shell does not check the foreign key to `audit_log`: a digest can be filed under an entry to come.
    @Test func aDigestFiledUnderNoEntryLetsNoForgedOperatorLogIn() throws {
        let hall = try Hall(.sqlite)
        try Tamper.run(hall.store.path, "UPDATE operator SET role = 'admin' WHERE id = \(hall.clerk.id)")
        let head = try #require(try hall.store.auditHead()).seq
        try Self.plant(hall, .sqlite, seq: head + 1_000, "operator", hall.clerk.id,
                       try Self.digest(hall, "operator", hall.clerk.id))
        #expect(throws: StoreError.tampered("操作员 clerk1 的账号")) {
            try hall.store.authenticate(name: "clerk1", password: TamperedRowsRefusedTests.password)
        }
        #expect(try hall.store.operator(named: "clerk1")?.role == .admin)
        #expect(try Self.findings(hall) == [.auditEntriesMissing])
    }

    /// The role and standing of the operator a write acts for are read, not changed: they are checked all the same.
    @Test(arguments: TestBackend.all)
    func aClerkRaisedToSupervisorWithTheShellCannotApprove(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let waiting = try HallsTests.raise(hall, at: hall.store)
        let forger = hall.otherClerk.id
        try PriorStateCheckTests.tamper(hall, backend, "UPDATE operator SET role = 'supervisor' WHERE id = \(forger)")
        #expect(throws: StoreError.tamperedWrite("操作员（operator） #\(forger)")) {
            try hall.store.decide(caseID: waiting.id, Hall.approve(), expectedVersion: waiting.version, by: forger)
        }
        #expect(try hall.store.case(number: waiting.number)?.status == .awaitingApproval)
        let refused = try #require(try hall.store.auditLog().last)
        #expect(refused.action == "store.write-refused")
        #expect(refused.detail.contains("\"rows\":\"operator#\(forger)\""))
        // A genuine supervisor still decides.
        try hall.store.decide(caseID: waiting.id, Hall.approve(), expectedVersion: waiting.version, by: hall.supervisor.id)
    }

    @Test(arguments: TestBackend.all)
    func aRecordInsertedWithTheShellIsNotKeptInADuplicatesResolution(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let number = Fixture.residentID(birth: "1991-02-03", sequence: 41)
        _ = try hall.store.load([InterchangePerson(person: Fixture.person("王芳", number: number),
                                                   records: [NewEnrollment(place: "150621", scheme: .resident, year: 2026,
                                                                           paid: true)])],
                                by: .system("test"))
        let person = try #require(try hall.store.person(byDocument: IdentityDocument(kind: .residentID, number: number)))
        let genuine = try #require(try hall.store.platformRecords(forPerson: person.id).first)
        try PriorStateCheckTests.tamper(hall, backend, """
            INSERT INTO enrollment_record (person_id, place, scheme, flexible, status, year, months, paid, amount_fen,
                                           since, case_id, updated_at)
            SELECT person_id, '150102', scheme, flexible, status, year, months, paid, amount_fen, since, case_id, updated_at
            FROM enrollment_record WHERE id = \(genuine.id)
            """)
        let forged = try #require(try hall.store.platformRecords(forPerson: person.id).first { $0.place == "150102" })
        let end = [Suspension(recordID: genuine.id, status: .terminated, since: Fixture.date("2026-03-01"))]
        #expect(throws: StoreError.tamperedWrite("参保记录（enrollment_record） #\(forged.id)")) {
            try hall.store.resolveDuplicate(personID: person.id, keep: forged.id, changes: end, by: .operator(hall.clerk.id))
        }
        #expect(try hall.store.platformRecord(id: genuine.id)?.status == .active)
        #expect(try Self.findings(hall) == [.rowInserted])
    }

    /// Found by an outside tester: an enrollment inserted with the shell for another place made the counter refuse the
    /// applicant (其他地区已有…参保登记), and the refusal citing it was sealed as the store's. The applicant and their
    /// records are what a case's verdict rests on: refusing, registering or completing it checks them.
    @Test(arguments: TestBackend.all)
    func aRecordInsertedWithTheShellCannotDecideACase(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        func submitted(_ verdict: String) throws -> CaseRecord {
            let json = Fixture.caseJSON(workflow: "student", region: "inner-mongolia", name: hall.applicant.name)
            let draft = try hall.store.createCase(caseJSON: json, applicantID: hall.applicant.id, by: hall.clerk.id)
            let checked = try hall.store.updateCase(caseID: draft.id, caseJSON: json, verdictJSON: verdict,
                                                    applicantID: hall.applicant.id, expectedVersion: draft.version,
                                                    by: hall.clerk.id)
            return try hall.store.setStatus(caseID: checked.id, to: .submitted, expectedVersion: checked.version,
                                            by: hall.clerk.id)
        }
        let refusing = try submitted(#"{"decision":"refuse","missing_documents":[],"findings":[]}"#)
        let accepting = try submitted(Fixture.acceptVerdict)
        try PriorStateCheckTests.tamper(hall, backend, """
            INSERT INTO enrollment_record (person_id, place, scheme, flexible, status, year, paid, updated_at)
            VALUES (\(hall.applicant.id), '150602', 'resident', 0, 'active', 2027, 1, '2026-12-07 05:43:12.463')
            """)
        let forged = try #require(try hall.store.platformRecords(forPerson: hall.applicant.id).last)
        let refusal = StoreError.tamperedWrite("参保记录（enrollment_record） #\(forged.id)")
        #expect(throws: refusal) {
            try hall.store.setStatus(caseID: refusing.id, to: .refused, expectedVersion: refusing.version, by: hall.clerk.id)
        }
        #expect(throws: refusal) {
            try hall.store.register(caseID: accepting.id,
                                    enrollment: NewEnrollment(place: "150621", scheme: .resident, year: 2026, paid: true),
                                    expectedVersion: accepting.version, by: hall.clerk.id)
        }
        #expect(try hall.store.case(number: refusing.number)?.status == .submitted)
        #expect(try hall.store.case(number: accepting.number)?.status == .submitted)
    }
}
