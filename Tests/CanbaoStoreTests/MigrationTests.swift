import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB
import Testing

@Suite("Migrations")
struct MigrationTests {
    static let allTables: Set<String> = ["operator", "person", "enrollment_record", "case_sequence", "case_record",
                                         "draft", "approval", "audit_log", "approval_request", "roster",
                                         "roster_member", "person_hardship", "unit", "unit_registration", "unit_change",
                                         "unit_employee", "audit_row", "audit_reshape"]

    private func tables(at path: String) throws -> Set<String> {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name <> 'grdb_migrations'
                """))
        }
    }

    @Test func fromEmptyAppliesEveryStepInWALMode() throws {
        let store = try Fixture.store()
        #expect(try store.appliedMigrations() == ["v1-operators", "v2-persons-enrollments",
                                                  "v3-cases-drafts-approvals", "v4-audit-log",
                                                  "v5-approval-requests", "v6-school-rosters",
                                                  "v7-person-hardship", "v8-accounts-audit-rows", "v9-units-employees",
                                                  "v10-case-completed-voided", "v11-halls-counters",
                                                  "v12-records-in-force", "v13-roster-lookup", "v14-audit-no-replace"])
        #expect(CounterStore.knownMigrations == (try store.appliedMigrations()))
        #expect(try tables(at: store.path) == Self.allTables)
        let queue = try DatabaseQueue(path: store.path)
        defer { try? queue.close() }
        #expect(try queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        // 2 = FULL: every commit is synced, not only checkpoints.
        #expect(try store.writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
    }

    /// Seeds a database left at each earlier version with rows of that version, then opens it with this build.
    @Test(arguments: 1...7)
    func fromEarlierVersion(applied: Int) throws {
        let home = try CanbaoBinary.temporaryDirectory("store-migrate")
        let path = home.appendingPathComponent(CounterStore.fileName).path
        let ids = CounterStore.knownMigrations
        let old = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(old, upTo: ids[applied - 1])
        let hash = try PasswordHash.make("老版本密码123", iterations: PasswordHash.minimumIterations)
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO operator (id, name, display_name, role, password_hash, created_at)
                VALUES (7, 'laowang', '老王', 'supervisor', ?, '2025-01-02 03:04:05.000')
                """, arguments: [hash])
            if applied >= 2 {
                try db.execute(sql: """
                    INSERT INTO person (id, document_kind, document_number, name, birth_date, sex, created_at, updated_at)
                    VALUES (11, 'resident-id', '11010519491231002X', '王芳', '1949-12-31', 'female',
                            '2025-01-02 03:04:05.000', '2025-01-02 03:04:05.000');
                    INSERT INTO enrollment_record (person_id, place, scheme, status, year, paid, updated_at)
                    VALUES (11, '150102', 'resident', 'active', 2025, 1, '2025-01-02 03:04:05.000');
                    """)
            }
            if applied >= 3 {
                try db.execute(sql: """
                    INSERT INTO case_sequence (year, last) VALUES (2025, 41);
                    INSERT INTO case_record (id, number, workflow, region, applicant_id, case_json, status, version,
                                             created_by, created_at, updated_at)
                    VALUES (3, '2025-000041', 'student', 'jiangmen', 11, '{"workflow":"student","region":"jiangmen"}',
                            'draft', 4, 7, '2025-01-02 03:04:05.000', '2025-01-02 03:04:05.000');
                    INSERT INTO draft (case_id, field, value, saved_by, saved_at)
                    VALUES (3, 'person.name', '"王芳"', 7, '2025-01-02 03:04:05.000');
                    """)
            }
        }
        try old.close()

        let clock = TestClock()
        let store = try CounterStore(path: path, options: Fixture.options, now: { clock.now() })
        #expect(try store.appliedMigrations() == ids)
        #expect(try tables(at: path) == Self.allTables)
        #expect(try store.operators().map(\.name) == ["laowang"])
        #expect(try store.authenticate(name: "laowang", password: "老版本密码123").id == 7)
        if applied >= 2 {
            let person = try #require(try store.person(byDocument: IdentityDocument(kind: .residentID,
                                                                                  number: "11010519491231002x")))
            #expect(person.name == "王芳")
            #expect(person.birthDate == Fixture.date("1949-12-31"))
            #expect(try store.platformRecords(forPerson: 11).map(\.place) == ["150102"])
        }
        if applied >= 3 {
            let old = try #require(try store.case(number: "2025-000041"))
            #expect(old.version == 4)
            #expect(try store.drafts(caseID: 3).map(\.value) == ["\"王芳\""])
        }
        // The migrated store takes new work, and its audit chain starts cleanly: an anchor recording every row the
        // old store held, the login, the new case.
        let created = try store.createCase(caseJSON: Fixture.caseJSON(), by: 7)
        #expect(created.number == "2026-000001")
        let report = try store.verify()
        #expect(report.isOK, "\(report.findings)")
        #expect(try store.auditLog().map(\.action) == ["audit.anchor", "operator.login", "case.create"])
        #expect(report.keyedFrom == 1)
    }

    /// A v4 store (before approval requests) with two cases already awaiting approval, one whose status change
    /// carried the clerk's reason in its audit note, and a decision recorded the old way.
    @Test func fromV4CasesAwaitingApprovalKeepTheirPlaceInTheQueue() throws {
        let home = try CanbaoBinary.temporaryDirectory("store-migrate-v4")
        let path = home.appendingPathComponent(CounterStore.fileName).path
        let old = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(old, upTo: Migrations.v4Audit)
        let hash = try PasswordHash.make("老版本密码123", iterations: PasswordHash.minimumIterations)
        try old.write { db in
            for (id, name, role) in [(1, "clerk1", "clerk"), (7, "laowang", "supervisor"), (8, "xiaoli", "supervisor")] {
                try db.execute(sql: """
                    INSERT INTO operator (id, name, display_name, role, password_hash, created_at)
                    VALUES (?, ?, ?, ?, ?, '2025-01-02 03:04:05.000')
                    """, arguments: [id, name, name, role, hash])
            }
            try db.execute(sql: """
                INSERT INTO case_sequence (year, last) VALUES (2026, 3);
                INSERT INTO case_record (id, number, workflow, region, case_json, verdict_json, decision, status,
                                         version, created_by, created_at, updated_at)
                VALUES (1, '2026-000001', 'newborn', 'inner-mongolia', '{"workflow":"newborn","region":"inner-mongolia"}',
                        ?, 'needs-approval', 'awaiting-approval', 4, 1, '2026-02-27 01:00:00.000',
                        '2026-02-27 01:10:00.000'),
                       (2, '2026-000002', 'student', 'inner-mongolia', '{"workflow":"student","region":"inner-mongolia"}',
                        ?, 'needs-approval', 'awaiting-approval', 4, 1, '2026-02-26 01:00:00.000',
                        '2026-02-26 02:00:00.000'),
                       (3, '2026-000003', 'newborn', 'inner-mongolia', '{"workflow":"newborn","region":"inner-mongolia"}',
                        ?, 'needs-approval', 'awaiting-approval', 5, 1, '2026-02-25 01:00:00.000',
                        '2026-02-25 03:00:00.000');
                INSERT INTO approval (case_id, rule, citation, message, requested_by, decided_by, decision, reason,
                                      decided_at)
                VALUES (3, 'newborn.window', '内蒙古细则 第十二条（一）1', '出生已超过 90 天', 1, 7, 'approved', '同意',
                        '2026-02-25 04:00:00.000');
                """, arguments: [Fixture.approvalVerdict, Fixture.approvalVerdict, Fixture.approvalVerdict])
            // The status change of case 1, as the v4 build audited it (hash-chained like any row).
            let detail = #"{"from":"submitted","note":"家长住院，延误办理","to":"awaiting-approval"}"#
            let at = "2026-02-27 01:10:00.000"
            let rowHash = AuditEntry.hash(seq: 1, at: at, operatorID: 1, actor: "clerk1", action: "case.status",
                                          entity: "case", entityID: "2026-000001", detail: detail,
                                          prevHash: AuditEntry.genesisHash)
            try db.execute(sql: """
                INSERT INTO audit_log (seq, at, operator_id, actor, action, entity, entity_id, detail, prev_hash, hash)
                VALUES (1, ?, 1, 'clerk1', 'case.status', 'case', '2026-000001', ?, ?, ?)
                """, arguments: [at, detail, AuditEntry.genesisHash, rowHash])
        }
        try old.close()

        let clock = TestClock()
        let store = try CounterStore(path: path, options: Fixture.options, now: { clock.now() })
        #expect(try store.appliedMigrations().last == "v14-audit-no-replace")
        // Oldest first by when each case last changed; case 3 is already decided, so not in the queue.
        let queue = try store.approvalQueue()
        #expect(queue.map(\.caseRecord.number) == ["2026-000002", "2026-000001"])
        #expect(queue.map(\.justification) == ["（升级前提交，未记录理由）", "家长住院，延误办理"])
        #expect(queue.map(\.requestedBy.name) == ["clerk1", "clerk1"])
        #expect(queue.map(\.requestedAt) == [Date.fromDatabaseValue("2026-02-26 02:00:00.000".databaseValue)!,
                                              Date.fromDatabaseValue("2026-02-27 01:10:00.000".databaseValue)!])
        #expect(try store.approvalRequests(caseID: 3).count == 1)
        // The old decision reads with no waived documents and no request.
        let oldApproval = try #require(try store.approvals(caseID: 3).first)
        #expect(oldApproval.waivedDocuments == [])
        #expect(oldApproval.requestID == nil)
        #expect(oldApproval.decidedBy == 7)
        // A migrated case is decided like a new one, and the old one cannot be decided again.
        let decided = try store.decide(caseID: 1, Hall.approve(), expectedVersion: 4, by: 8)
        #expect(decided.version == 5)
        let request = try #require(try store.approvalRequests(caseID: 1).first)
        #expect(try store.approvals(caseID: 1).map(\.requestID) == [request.id])
        #expect(throws: StoreError.notAllowed("办件 2026-000003 的例外 newborn.window 已经审批，不能再次审批")) {
            try store.decide(caseID: 3, Hall.approve(), expectedVersion: 5, by: 8)
        }
        #expect(try store.verify().isOK)
    }

    /// A store written by the build before the keyed chain (v7, its audit rows plain SHA-256 and no row digests),
    /// made here by code: it keeps verifying after the upgrade, which continues its chain with a keyed anchor that
    /// records every row it holds, and from then on every kind of tampering is found in it as in a new store.
    @Test func aStoreWithThePlainChainIsAnchoredAndKeepsVerifying() throws {
        let home = try CanbaoBinary.temporaryDirectory("store-migrate-v7")
        let path = home.appendingPathComponent(CounterStore.fileName).path
        let old = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(old, upTo: Migrations.v7PersonHardship)
        let hash = try PasswordHash.make("老版本密码123", iterations: PasswordHash.minimumIterations)
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO operator (id, name, display_name, role, password_hash, created_at)
                VALUES (1, 'admin', '管理员', 'admin', ?, '2025-01-02 03:04:05.000'),
                       (2, 'clerk1', '柜员一', 'clerk', ?, '2025-01-02 03:04:06.000');
                INSERT INTO person (id, document_kind, document_number, name, birth_date, sex, created_at, updated_at)
                VALUES (11, 'resident-id', '11010519491231002X', '王芳', '1949-12-31', 'female',
                        '2025-01-02 03:04:07.000', '2025-01-02 03:04:07.000');
                INSERT INTO enrollment_record (id, person_id, place, scheme, status, year, paid, amount_fen, updated_at)
                VALUES (5, 11, '150102', 'resident', 'active', 2025, 1, 40000, '2025-01-02 03:04:07.000');
                INSERT INTO case_sequence (year, last) VALUES (2025, 1);
                INSERT INTO case_record (id, number, workflow, region, applicant_id, case_json, status, version,
                                         created_by, created_at, updated_at)
                VALUES (1, '2025-000001', 'student', 'jiangmen', 11, '{"workflow":"student","region":"jiangmen"}',
                        'draft', 2, 2, '2025-01-02 03:04:08.000', '2025-01-02 03:04:09.000');
                INSERT INTO draft (case_id, field, value, saved_by, saved_at)
                VALUES (1, 'person.name', '"王芳"', 2, '2025-01-02 03:04:09.000');
                """, arguments: [hash, hash])
            // The audit rows as the v7 build wrote them: a plain SHA-256 chain.
            var previous = AuditEntry.genesisHash
            let rows: [(String, Int64?, String, String, String, String?)] = [
                ("2025-01-02 03:04:05.000", nil, "system:first-start", "operator.add", "operator", "admin"),
                ("2025-01-02 03:04:06.000", nil, "system:cli:root", "operator.add", "operator", "clerk1"),
                ("2025-01-02 03:04:07.000", nil, "system:cli:root", "store.import", "store", nil),
                ("2025-01-02 03:04:08.000", 2, "clerk1", "case.create", "case", "2025-000001"),
                ("2025-01-02 03:04:09.000", 2, "clerk1", "case.draft", "case", "2025-000001"),
            ]
            for (index, row) in rows.enumerated() {
                let seq = Int64(index + 1)
                let digest = AuditEntry.hash(seq: seq, at: row.0, operatorID: row.1, actor: row.2, action: row.3,
                                             entity: row.4, entityID: row.5, detail: "{}", prevHash: previous)
                try db.execute(sql: """
                    INSERT INTO audit_log (seq, at, operator_id, actor, action, entity, entity_id, detail, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, '{}', ?, ?)
                    """, arguments: [seq, row.0, row.1, row.2, row.3, row.4, row.5, previous, digest])
                previous = digest
            }
        }
        try old.close()

        // Before the upgrade, read-only: the plain chain holds, the rest cannot be checked yet, nothing was written.
        let before = try CounterStore.verifyFile(at: path)
        #expect(before.findings.map(\.kind) == [.notUpgraded])
        #expect(before.chainBreak == nil)
        #expect(before.auditEntries == 5)
        #expect(!FileManager.default.fileExists(atPath: AuditKey.path(forDatabase: path)))

        let clock = TestClock()
        let store = try CounterStore(path: path, options: Fixture.options, now: { clock.now() })
        #expect(try Fixture.mode(AuditKey.path(forDatabase: path)) == 0o600)
        let log = try store.auditLog()
        #expect(log.count == 6)
        #expect(log.prefix(5).allSatisfy { !$0.isKeyed && $0.hash == $0.computedHash })
        let anchor = log[5]
        #expect(anchor.action == "audit.anchor")
        #expect(anchor.actor == "system:upgrade")
        #expect(anchor.isKeyed)
        #expect(anchor.prevHash == log[4].hash)
        #expect(anchor.detail.contains(#""plain_head_hash":"\#(log[4].hash)","plain_head_seq":"5""#))
        let recorded = try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT tbl || ' ' || row_id FROM audit_row WHERE seq = 6 ORDER BY tbl, row_id")
        }
        #expect(recorded == ["case_record 1", "case_sequence 2025", "draft 1", "enrollment_record 5", "operator 1",
                             "operator 2", "person 11"])
        let report = try store.verify()
        #expect(report.isOK, "\(report.findings)")
        #expect(report.keyedFrom == 6)
        #expect(report.rowsChecked == 7)
        // Opening again anchors nothing more; the upgraded store works on with keyed entries.
        let again = try CounterStore(path: path, options: Fixture.options, now: { clock.now() })
        try again.upsertPerson(Fixture.person("李四", number: Fixture.residentID(birth: "1985-03-03", sequence: 1)),
                               by: .operator(2))
        #expect(try again.auditLog().map(\.action).suffix(2) == ["audit.anchor", "person.add"])
        #expect(try again.verify().isOK)

        // Rows the old store held are covered, and so is its plain history.
        try Tamper.run(path, "UPDATE enrollment_record SET amount_fen = 1 WHERE id = 5")
        try Tamper.run(path, "UPDATE audit_log SET actor = 'clerk1' WHERE seq = 2")
        let tampered = try again.verify()
        #expect(tampered.findings.contains { $0.kind == .rowChanged && $0.table == "enrollment_record" && $0.seq == 6 })
        #expect(tampered.chainBreak == ChainBreak(seq: 2, reason: "内容与哈希不符，该记录被改动"))
    }

    @Test func refusesADatabaseFromANewerBuild() throws {
        let store = try Fixture.store()
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')") }
        try queue.close()
        #expect(throws: StoreError.schemaTooNew(unknown: ["v9-future"])) {
            _ = try CounterStore(path: store.path, options: Fixture.options)
        }
    }

    /// Four terminals starting at once on a new home must not race the migrator.
    @Test func concurrentFirstOpensMigrateOnce() throws {
        let home = try CanbaoBinary.temporaryDirectory("store-race")
        let path = home.appendingPathComponent(CounterStore.fileName).path
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                let store = try CounterStore(path: path, options: Fixture.options)
                results.add(try store.appliedMigrations().count)
            } catch {
                results.add(-1)
            }
        }
        #expect(results.values == Array(repeating: CounterStore.knownMigrations.count, count: 4))
    }

    @Test func homeAndFilesArePrivate() throws {
        let parent = try CanbaoBinary.temporaryDirectory("store-perm")
        let home = parent.appendingPathComponent("nested/canbao")
        let store = try CounterStore.open(home: home, options: Fixture.options)
        try store.addOperator(name: "admin", displayName: "管理员", role: .admin, password: "Secret-2026",
                              by: .system("test"))
        #expect(try Fixture.mode(home.path) == 0o700)
        #expect(try Fixture.mode(store.path) == 0o600)
        #expect(try Fixture.mode(store.path + "-wal") == 0o600)
        #expect(try Fixture.mode(store.path + "-shm") == 0o600)
    }
}

final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Int] = []
    func add(_ value: Int) { lock.lock(); items.append(value); lock.unlock() }
    var values: [Int] { lock.lock(); defer { lock.unlock() }; return items.sorted() }
}
