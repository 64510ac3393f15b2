import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB
import Testing

/// Every row the store keeps is covered by the audit log: each tampering the issue tried with the sqlite3 shell (and
/// a few more) is found by `verify`, with the table, the row and the entry since which it differs.
@Suite("Tampering behind the store's back")
struct TamperTests {
    /// A store with a row in every table, each written through the store's own operations: operators and a person;
    /// a case approved and registered (approval request, approval, enrollment record, case number); a case in
    /// progress with a draft field; a completed hardship change (hardship marks); a school roster (roster, members).
    struct FullStore {
        let hall: Hall
        var store: CounterStore { hall.store }

        init() throws {
            hall = try Hall()
            let waiting = try hall.awaitingCase()
            let approved = try hall.store.decide(caseID: waiting.id, Hall.approve(), expectedVersion: waiting.version,
                                                 by: hall.otherSupervisor.id)
            _ = try hall.store.register(caseID: waiting.id, enrollment: hall.newRecord, expectedVersion: approved.version,
                                        by: hall.clerk.id)
            let inProgress = try hall.store.createCase(caseJSON: Fixture.caseJSON(), applicantID: hall.applicant.id,
                                                       by: hall.clerk.id)
            try hall.store.saveDraft(caseID: inProgress.id, field: "person.name", value: #""张三""#,
                                     expectedVersion: inProgress.version, by: hall.clerk.id)
            let hardship = try Self.hardshipCase(hall)
            _ = try hall.store.complete(caseID: hardship.id, statusChanges: [], expectedVersion: hardship.version,
                                        by: hall.clerk.id)
            _ = try RosterTests.importRoster(hall.store, Data(RosterTests.goodRoster.utf8))
            // A unit with its registration, a change and an employee (内蒙古细则 第八条、第九条).
            let actor = Actor.operator(hall.clerk.id)
            try hall.store.registerUnit(UnitStoreTests.input, at: "150621", by: actor)
            try hall.store.changeUnit(code: UnitStoreTests.code, item: "name", newValue: "达拉特旗顺达物流集团有限公司", by: actor)
            try hall.store.addEmployee(unitCode: UnitStoreTests.code, personID: hall.applicant.id,
                                       hiredOn: Fixture.date("2026-05-04"), place: "150621", by: actor)
        }

        /// A Jiangmen hardship change for the applicant, checked by the rules core and submitted.
        static func hardshipCase(_ hall: Hall) throws -> CaseRecord {
            let file = CaseFile(workflow: "change", region: "jiangmen", today: Fixture.date("2026-03-20"), here: "440703",
                                scheme: .resident, person: Party(name: hall.applicant.name, document: hall.applicant.document),
                                facts: ["change_kind": .text("hardship"), "certified_place": .text("440703"),
                                        "certified_date": .text("2026-03-02"),
                                        HardshipStatus.minimumLiving.fact: .bool(true)],
                                documentsPresented: ["resident-id"],
                                platformRecords: [PlatformRecord(place: "440703", scheme: .resident, status: .active,
                                                                 year: 2026, paid: false)])
            let verdict = try Evaluator.evaluate(file, forms: TestForms.shared)
            let json = String(decoding: try JSONEncoder().encode(file), as: UTF8.self)
            let draft = try hall.store.createCase(caseJSON: json, applicantID: hall.applicant.id, by: hall.clerk.id)
            let checked = try hall.store.updateCase(caseID: draft.id, caseJSON: json,
                                                    verdictJSON: verdict.json(pretty: false),
                                                    applicantID: hall.applicant.id, expectedVersion: draft.version,
                                                    by: hall.clerk.id)
            return try hall.store.setStatus(caseID: checked.id, to: .submitted, expectedVersion: checked.version,
                                            by: hall.clerk.id)
        }

        func firstID(_ table: String) throws -> Int64 {
            try store.writer.read { db in try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM \(table)")! }
        }

        /// The latest audit entry that recorded the row.
        func latestEntry(_ table: String, _ id: Int64) throws -> Int64 {
            try store.writer.read { db in
                try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM audit_row WHERE tbl = ? AND row_id = ?",
                                   arguments: [table, id])!
            }
        }
    }

    /// One edit per table, as the sqlite3 shell would make it; a table added later must be added here.
    static let edits: [String: String] = [
        "operator": "UPDATE operator SET role = 'supervisor' WHERE id = ?",
        "person": "UPDATE person SET name = '李四' WHERE id = ?",
        "enrollment_record": "UPDATE enrollment_record SET amount_fen = 1 WHERE id = ?",
        "case_record": "UPDATE case_record SET status = 'refused' WHERE id = ?",
        "case_sequence": "UPDATE case_sequence SET last = last + 5 WHERE year = ?",
        "draft": #"UPDATE draft SET value = '"李四"' WHERE id = ?"#,
        "approval": "UPDATE approval SET reason = '同意' WHERE id = ?",
        "approval_request": "UPDATE approval_request SET justification = '无' WHERE id = ?",
        "person_hardship": "UPDATE person_hardship SET department = '无' WHERE id = ?",
        "roster": "UPDATE roster SET school = '别的学校' WHERE id = ?",
        "roster_member": "UPDATE roster_member SET class = '高一' WHERE id = ?",
        "unit": "UPDATE unit SET name = '别的公司' WHERE id = ?",
        "unit_registration": "UPDATE unit_registration SET place = '150602' WHERE id = ?",
        "unit_change": "UPDATE unit_change SET new_value = '别的名称' WHERE id = ?",
        "unit_employee": "UPDATE unit_employee SET hired_on = '2026-01-01' WHERE id = ?",
    ]

    @Test func everyTableTheStoreKeepsIsCoveredAndAnUntouchedStoreVerifies() throws {
        let full = try FullStore()
        let tables = try full.store.read { db in try CounterStore.coveredTables(db) }
        #expect(Set(tables) == Set(Self.edits.keys))
        for table in tables {
            let count = try full.store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)")! }
            #expect(count > 0, "\(table) is empty")
        }
        let report = try full.store.verify()
        #expect(report.isOK, "\(report.findings)")
        #expect(report.rowsChecked == tables.reduce(0) { sum, table in
            sum + ((try? full.store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table)")! }) ?? 0)
        })
    }

    @Test(arguments: edits.keys.sorted())
    func aChangedRowIsFoundWithItsTableIdAndEntry(table: String) throws {
        let full = try FullStore()
        let key = table == "case_sequence" ? "year" : "id"
        let id = try full.store.writer.read { db in try Int64.fetchOne(db, sql: "SELECT MIN(\(key)) FROM \(table)")! }
        let since = try full.latestEntry(table, id)
        try Tamper.run(full.store.path, Self.edits[table]!, arguments: [id])
        let findings = try full.store.verify().findings.filter { $0.kind != .guardMissing }
        #expect(findings.map(\.kind) == [.rowChanged])
        #expect(findings.first?.table == table)
        #expect(findings.first?.rowID == id)
        #expect(findings.first?.seq == since)
        #expect(findings.first?.message.contains("#\(id) 的内容与第 \(since) 条审计记录") == true)
    }

    @Test func aCaseJSONChangedIsFound() throws {
        let full = try FullStore()
        try Tamper.run(full.store.path, "UPDATE case_record SET case_json = replace(case_json, '张小宝', '李小宝')")
        let findings = try full.store.verify().findings.filter { $0.kind == .rowChanged }
        #expect(findings.map(\.table) == ["case_record", "case_record"])
    }

    @Test func aDeletedCaseIsFound() throws {
        let full = try FullStore()
        let id = try full.firstID("case_record")
        try Tamper.run(full.store.path, "DELETE FROM approval WHERE case_id = ?; DELETE FROM approval_request WHERE case_id = ?;"
            + "UPDATE enrollment_record SET case_id = NULL WHERE case_id = ?; DELETE FROM case_record WHERE id = ?",
                       arguments: [id, id, id, id])
        let findings = try full.store.verify().findings
        #expect(findings.contains { $0.kind == .rowDeleted && $0.table == "case_record" && $0.rowID == id })
        #expect(findings.contains { $0.kind == .rowDeleted && $0.table == "approval" })
        #expect(findings.contains { $0.kind == .rowDeleted && $0.table == "approval_request" })
        #expect(findings.contains { $0.kind == .rowChanged && $0.table == "enrollment_record" })
    }

    @Test func anInsertedRowIsFound() throws {
        let full = try FullStore()
        try Tamper.run(full.store.path, """
            INSERT INTO operator (name, display_name, role, password_hash, created_at)
            SELECT 'evilsup', '坏人', 'supervisor', password_hash, created_at FROM operator WHERE name = 'clerk1'
            """)
        let findings = try full.store.verify().findings.filter { $0.kind != .guardMissing }
        #expect(findings.map(\.kind) == [.rowInserted])
        #expect(findings.first?.table == "operator")
        #expect(findings.first?.message == "操作员（operator） #8 不是经本程序写入的：审计日志中没有此行的记录")
    }

    @Test func droppedTriggersAreFound() throws {
        let full = try FullStore()
        try Tamper.run(full.store.path, "SELECT 1")
        let findings = try full.store.verify().findings
        #expect(findings.map(\.kind) == Array(repeating: .guardMissing, count: 4))
        #expect(findings.first?.message == "保护审计日志不被改动的触发器 audit_log_no_update 已被删除")
    }

    /// A digest rewritten to match the edited row no longer hashes to what its entry signed; re-signing needs the key.
    @Test func aDigestRewrittenToMatchTheEditIsFound() throws {
        let full = try FullStore()
        let id = full.hall.applicant.id
        let seq = try full.latestEntry("person", id)
        try Tamper.run(full.store.path, "UPDATE person SET name = '李四' WHERE id = ?", arguments: [id])
        let digest = try full.store.writer.read { db -> Data in
            let row = try Row.fetchOne(db, sql: "SELECT * FROM person WHERE id = ?", arguments: [id])!
            return Data(RowDigest.digest(table: "person", columns: Array(row.columnNames).map { ($0, row[$0] as DatabaseValue) }))
        }
        try Tamper.run(full.store.path, "UPDATE audit_row SET digest = ? WHERE tbl = 'person' AND row_id = ? AND seq = ?",
                       arguments: [digest, id, seq])
        let findings = try full.store.verify().findings.filter { $0.kind != .guardMissing }
        #expect(findings.map(\.kind) == [.auditRowsAltered])
        #expect(findings.first?.seq == seq)
    }

    /// The tail of the log deleted, with or without the digests its entries recorded.
    @Test(arguments: [1, 100])
    func aDeletedTailIsFound(entries: Int) throws {
        let store = try Fixture.store()
        for index in 0..<120 {
            try store.upsertPerson(Fixture.person("张\(index)", number: Fixture.residentID(birth: "1985-03-03", sequence: index)),
                                   by: .system("test"))
        }
        let head = try #require(try store.auditHead())
        let cut = head.seq - Int64(entries) + 1
        let copy = try CanbaoBinary.temporaryDirectory("tail").appendingPathComponent("canbao.sqlite")
        try store.backup(to: copy, includeKey: true, by: .system("test"))

        try Tamper.run(store.path, "DELETE FROM audit_log WHERE seq >= ?", arguments: [cut])
        let logOnly = try store.verify()
        #expect(logOnly.findings.filter { $0.kind == .auditEntriesMissing }.map(\.seq) == Array(cut...head.seq))
        #expect(logOnly.findings.filter { $0.kind != .guardMissing }.count == entries)
        #expect(logOnly.foreignKeyProblems == 0)

        // Digests deleted as well: the persons those entries added are no longer in the log.
        let other = try CounterStore.verifyFile(at: copy.path)
        #expect(other.isOK)
        try Tamper.run(copy.path, "DELETE FROM audit_log WHERE seq >= ?; DELETE FROM audit_row WHERE seq >= ?",
                       arguments: [cut, cut])
        let both = try CounterStore.verifyFile(at: copy.path)
        let inserted = both.findings.filter { $0.kind == .rowInserted }
        #expect(inserted.count == entries)
        #expect(inserted.allSatisfy { $0.table == "person" })
        // And the checkpoint written down before no longer holds.
        let checked = try CounterStore.verifyFile(at: copy.path, checkpoint: AuditCheckpoint(seq: head.seq, hash: head.hash))
        #expect(checked.findings.contains { $0.kind == .checkpointMismatch })
    }

    @Test func findingsAreCappedAndCounted() throws {
        let store = try Fixture.store()
        try store.load((0..<1000).map {
            InterchangePerson(person: Fixture.person("张\($0)", number: Fixture.residentID(birth: "1985-03-03", sequence: $0)),
                              records: [])
        }, by: .system("test"))
        try Tamper.run(store.path, "UPDATE person SET name = name || '改'")
        let report = try store.verify()
        // Four dropped triggers and a thousand changed persons: the first thousand findings listed, the rest counted.
        #expect(report.findings.count == VerifyReport.maximumFindings)
        #expect(report.findings.filter { $0.kind == .rowChanged }.count == 996)
        #expect(report.omittedFindings == 4)
        #expect(report.rowsChecked == 1000)
    }
}
