import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB
import Testing

/// An agency with several service halls on one database: every case, request, decision and audit entry names the
/// hall and counter that wrote it; a supervisor's queue and the day's figures can be read for one hall or the agency.
@Suite("Halls and counters")
struct HallsTests {
    static func point(_ hall: String, _ counter: String?) -> ServicePoint {
        try! #require(try ServicePoint.parse(hall: hall, counter: counter).get())
    }

    static let dongsheng = point("东胜大厅", "3号窗口")
    static let kangbashi = point("康巴什大厅", "1号窗口")

    /// The hall's store seen from a counter of `point`: the same database, another process's connections.
    static func counter(_ hall: Hall, at point: ServicePoint) throws -> CounterStore {
        var options = Fixture.options
        options.servicePoint = point
        return try Fixture.reopen(hall.store, options: options, now: { hall.clock.now() })
    }

    /// A case with an exception, opened at `store`'s counter by the hall's clerk and sent to the supervisors.
    static func raise(_ hall: Hall, at store: CounterStore) throws -> CaseRecord {
        let json = Fixture.caseJSON(workflow: "newborn", region: "inner-mongolia", name: "张小宝")
        let draft = try store.createCase(caseJSON: json, applicantID: hall.applicant.id, by: hall.clerk.id)
        let checked = try store.updateCase(caseID: draft.id, caseJSON: json, verdictJSON: Fixture.approvalVerdict,
                                           applicantID: hall.applicant.id, expectedVersion: draft.version,
                                           by: hall.clerk.id)
        let submitted = try store.setStatus(caseID: checked.id, to: .submitted, expectedVersion: checked.version,
                                            by: hall.clerk.id)
        return try store.requestApproval(caseID: submitted.id, justification: "家长住院，延误办理",
                                         expectedVersion: submitted.version, by: hall.clerk.id)
    }

    @Test(arguments: TestBackend.all) func everyCaseRequestDecisionAndAuditEntryNamesItsHall(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let east = try Self.counter(hall, at: Self.dongsheng)
        let west = try Self.counter(hall, at: Self.kangbashi)
        // Raised by a clerk in Dongsheng, decided by a supervisor in Kangbashi.
        let waiting = try Self.raise(hall, at: east)
        let draft = try #require(try hall.store.case(number: waiting.number))
        #expect(draft.hall == "东胜大厅")
        #expect(draft.counter == "3号窗口")
        try west.decide(caseID: waiting.id, Hall.approve(), expectedVersion: waiting.version, by: hall.supervisor.id)

        let request = try #require(try hall.store.approvalRequests(caseID: draft.id).first)
        #expect(request.hall == "东胜大厅")
        #expect(request.counter == "3号窗口")
        let approval = try #require(try hall.store.approvals(caseID: draft.id).first)
        #expect(approval.hall == "康巴什大厅")
        #expect(approval.counter == "1号窗口")
        // The case stays the Dongsheng hall's, wherever it was decided.
        #expect(try hall.store.case(number: draft.number)?.hall == "东胜大厅")

        let log = try hall.store.auditLog(entity: "case", entityID: draft.number)
        let byAction = Dictionary(log.map { ($0.action, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byAction["case.create"]?.hall == "东胜大厅")
        #expect(byAction["case.create"]?.counter == "3号窗口")
        #expect(log.filter { $0.action == "case.approval" || $0.action == "case.decide" }.allSatisfy { $0.hall == "康巴什大厅" })
        #expect(log.contains { $0.hall == "康巴什大厅" })
        // The fixture's own writes (operators, the applicant) were made without a hall.
        #expect(try hall.store.auditLog().first?.hall == nil)
        let report = try hall.store.verify()
        #expect(report.isOK, "\(report.findings)")
    }

    @Test(arguments: TestBackend.all) func aSupervisorsQueueListsTheirHallOrEveryHall(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let east = try Self.counter(hall, at: Self.dongsheng)
        let west = try Self.counter(hall, at: Self.kangbashi)
        let a = try Self.raise(hall, at: east), b = try Self.raise(hall, at: west), c = try Self.raise(hall, at: east)
        let unplaced = try hall.awaitingCase()
        #expect(try hall.store.approvalQueue(hall: "东胜大厅").map(\.caseRecord.id) == [a.id, c.id])
        #expect(try hall.store.approvalQueue(hall: "康巴什大厅").map(\.caseRecord.id) == [b.id])
        #expect(try hall.store.approvalQueue(hall: "准格尔大厅").isEmpty)
        let every = try hall.store.approvalQueue()
        #expect(every.map(\.caseRecord.id) == [a.id, b.id, c.id, unplaced.id])
        #expect(every.map(\.hall) == ["东胜大厅", "康巴什大厅", "东胜大厅", nil])
        #expect(every.map(\.counter) == ["3号窗口", "1号窗口", "3号窗口", nil])
    }

    @Test(arguments: TestBackend.all) func theDaysFiguresForOneHallAndByHallForTheAgency(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        hall.clock.set(StatisticsTests.at(9, 0))
        let east = try Self.counter(hall, at: Self.dongsheng)
        let west = try Self.counter(hall, at: Self.kangbashi)
        let json = Fixture.caseJSON(workflow: "newborn", region: "inner-mongolia", name: "张小宝")
        // Dongsheng: two cases, one of them still a draft, and a request the Kangbashi supervisor rejects.
        _ = try east.createCase(caseJSON: json, applicantID: hall.applicant.id, by: hall.clerk.id)
        let waiting = try Self.raise(hall, at: east)
        try west.decide(caseID: waiting.id, Hall.reject(), expectedVersion: waiting.version, by: hall.supervisor.id)
        // Kangbashi: one case by the other clerk; and one case with no hall at all.
        _ = try west.createCase(caseJSON: json, applicantID: hall.applicant.id, by: hall.otherClerk.id)
        _ = try hall.store.createCase(caseJSON: json, applicantID: hall.applicant.id, by: hall.otherClerk.id)

        let day = LocalDate("2026-03-02")!
        let agency = try hall.store.dailyStatistics(date: day, timeZone: StatisticsTests.shanghai)
        #expect(agency.hall == nil)
        #expect(agency.rows.reduce(0) { $0 + $1.casesTotal } == 4)
        // Each case's hall is in its tally; one hall's figures are the agency's tallies of that hall.
        #expect(agency.tallies.map(\.hall) == ["东胜大厅", "东胜大厅", "康巴什大厅", nil], "\(agency.tallies)")
        #expect(agency.halls == [HallDay(hall: "东胜大厅", cases: 2, served: 1, decisions: 0),
                                 HallDay(hall: "康巴什大厅", cases: 1, served: 0, decisions: 1),
                                 HallDay(hall: nil, cases: 1, served: 0, decisions: 0)])

        let dongsheng = try hall.store.dailyStatistics(date: day, timeZone: StatisticsTests.shanghai, hall: "东胜大厅")
        #expect(dongsheng.hall == "东胜大厅")
        #expect(dongsheng.rows.map(\.operatorName) == ["clerk1"])
        #expect(dongsheng.rows.first?.casesTotal == 2)
        // The rejection was made in Kangbashi: not a decision of this hall's.
        #expect(dongsheng.rows.first?.rejectionsReceived == 0)
        #expect(dongsheng.halls == [HallDay(hall: "东胜大厅", cases: 2, served: 1, decisions: 0)])
        #expect(dongsheng.tallies == agency.tallies.filter { $0.hall == "东胜大厅" })

        let kangbashi = try hall.store.dailyStatistics(date: day, timeZone: StatisticsTests.shanghai, hall: "康巴什大厅")
        #expect(kangbashi.rows.map(\.operatorName) == ["clerk1", "clerk2", "sup1"])
        #expect(kangbashi.rows.first { $0.operatorName == "sup1" }?.decisionsMade == 1)
        #expect(kangbashi.rows.first { $0.operatorName == "clerk2" }?.casesTotal == 1)
    }

    /// The hall is part of what an entry's keyed hash covers: set, changed or cleared behind the store's back, the
    /// entry no longer verifies.
    @Test(arguments: ["UPDATE audit_log SET hall = '别的大厅' WHERE hall IS NOT NULL",
                      "UPDATE audit_log SET hall = NULL, counter = NULL WHERE hall IS NOT NULL",
                      "UPDATE audit_log SET counter = '9号窗口' WHERE counter IS NOT NULL",
                      "UPDATE audit_log SET hall = '东胜大厅' WHERE hall IS NULL"])
    func aHallOnAnAuditEntryCannotBeChanged(edit: String) throws {
        let hall = try Hall()
        let east = try Self.counter(hall, at: Self.dongsheng)
        _ = try east.createCase(caseJSON: Fixture.caseJSON(), applicantID: hall.applicant.id, by: hall.clerk.id)
        #expect(try hall.store.verify().isOK)
        try Tamper.run(hall.store.path, edit)
        let report = try hall.store.verify()
        #expect(report.findings.contains { $0.kind == .chainBroken }, "\(report.findings)")
    }

    /// A step that adds columns to covered tables changes every row's digest: the store carries the digests over to
    /// the new shape once, in an audited write, and only for rows that still match what the log recorded, so a row
    /// changed behind the store's back before the upgrade is still reported after it.
    @Test(arguments: TestBackend.all) func aReshapeCarriesTheDigestsOfUntouchedRowsOnly(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let first = try hall.awaitingCase()
        let second = try hall.awaitingCase()
        try hall.store.decide(caseID: first.id, Hall.approve(), expectedVersion: first.version, by: hall.supervisor.id)
        #expect(try hall.store.verify().isOK)
        // Someone with the sqlite3 shell edits one case; then a later step adds a column to case_record and approval.
        let edit = "UPDATE case_record SET workflow = 'student' WHERE id = \(second.id)"
        let reshape = """
            ALTER TABLE case_record ADD COLUMN window_note TEXT;
            ALTER TABLE approval ADD COLUMN window_note TEXT;
            INSERT INTO audit_reshape (step, tables, added_columns) VALUES ('v99-test', 'approval,case_record', 'window_note');
            """
        switch backend {
        case .sqlite:
            try Tamper.run(hall.store.path, edit)
            try Tamper.run(hall.store.path, reshape)
        case .postgres:
            // psql's session notes its changes where canbao's capture triggers expect a session of canbao's to.
            _ = try TestPostgres.psql(hall.store.path, "CREATE TEMP TABLE audit_change (tbl TEXT, row_id BIGINT); \(edit)")
            _ = try TestPostgres.psql(hall.store.path, reshape)
        }
        let reopened = try Fixture.reopen(hall.store, now: { hall.clock.now() })
        let entry = try #require(try reopened.auditLog().last)
        #expect(entry.action == "audit.reshape")
        let cases = try reopened.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_record") ?? 0 }
        let approvals = try reopened.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM approval") ?? 0 }
        #expect(entry.detail == #"{"carried":"\#(cases + approvals - 1)","current":"0","left":"1","steps":"v99-test"}"#)
        // (The shell's edit dropped the log's guards: reported apart.)
        let findings = try reopened.verify().findings.filter { $0.kind != .guardMissing }
        #expect(findings.map(\.kind) == [.rowChanged], "\(findings)")
        #expect(findings.first?.table == "case_record")
        #expect(findings.first?.rowID == second.id)
        // Asked once: the next start finds nothing to carry and writes nothing.
        let head = try reopened.auditLog().count
        let again = try Fixture.reopen(hall.store, now: { hall.clock.now() })
        #expect(try again.auditLog().count == head)
    }

    /// Asking for a carry cannot launder an edit: a row changed after the request still fails, and a value put in a
    /// column the step added is not carried either.
    @Test func aRequestedCarryLaundersNothing() throws {
        let hall = try Hall()
        let waiting = try hall.awaitingCase()
        try Tamper.run(hall.store.path, """
            UPDATE case_record SET hall = '伪造大厅' WHERE id = \(waiting.id);
            INSERT INTO audit_reshape (step, tables, added_columns) VALUES ('v11-halls-counters', 'case_record', 'counter,hall');
            """)
        let reopened = try Fixture.reopen(hall.store, now: { hall.clock.now() })
        #expect(try reopened.auditLog().last?.detail.contains(#""left":"1""#) == true)
        let findings = try reopened.verify().findings
        #expect(findings.contains { $0.kind == .rowChanged && $0.table == "case_record" && $0.rowID == waiting.id })
    }

    /// `store verify` on a file (read-only) whose carry has not been made yet says why its rows differ.
    @Test func verifyingAFileBeforeTheCarrySaysSo() throws {
        let hall = try Hall()
        _ = try hall.awaitingCase()
        try Tamper.run(hall.store.path, """
            ALTER TABLE case_record ADD COLUMN window_note TEXT;
            INSERT INTO audit_reshape (step, tables, added_columns) VALUES ('v99-test', 'case_record', 'window_note');
            """)
        let report = try CounterStore.verifyFile(at: hall.store.path)
        #expect(report.findings.contains { $0.kind == .notUpgraded && $0.message.contains("尚未按新结构重新记录") },
                "\(report.findings)")
        // Opened by the store, the carry is made and nothing is left to report but the shell's dropped guards.
        let reopened = try Fixture.reopen(hall.store, now: { hall.clock.now() })
        #expect(try reopened.verify().findings.allSatisfy { $0.kind == .guardMissing })
    }

    @Test func namesThatCannotBeStoredAreRefused() throws {
        #expect(throws: ServicePointProblem.self) { try ServicePoint.parse(hall: "东胜\u{1B}[31m大厅", counter: nil).get() }
        #expect(throws: ServicePointProblem.self) { try ServicePoint.parse(hall: String(repeating: "厅", count: 41), counter: nil).get() }
        #expect(throws: ServicePointProblem.self) { try ServicePoint.parse(hall: "东胜大厅", counter: "3\n号").get() }
        #expect(throws: ServicePointProblem.self) {
            try ServicePoint.parse(hall: "东胜大厅", counter: String(repeating: "窗", count: 41)).get()
        }
        // The counter's name on the notices fits.
        #expect(try ServicePoint.parse(hall: "东胜大厅", counter: "达拉特旗政务服务中心医保经办3号窗口").get()?.counter
            == "达拉特旗政务服务中心医保经办3号窗口")
        #expect(try ServicePoint.parse(hall: "  东胜大厅 ", counter: " ").get() == Self.point("东胜大厅", nil))
        #expect(try ServicePoint.parse(hall: nil, counter: "3号窗口").get() == nil)
        // Without a hall the counter's name is still printed on the notices: held to the same rule.
        #expect(throws: ServicePointProblem("窗口名称含有不允许的控制字符 U+001B")) {
            try ServicePoint.parse(hall: nil, counter: "\u{1B}]0;x\u{7}").get()
        }
        #expect(throws: ServicePointProblem.self) { try ServicePoint.parse(hall: "", counter: "3号\u{202E}").get() }
        #expect(try ServicePoint.parse(hall: "", counter: nil).get() == nil)
    }
}
