import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB
import Testing

/// A roster is checked without the store's write lock, so the hall keeps working while a large one is imported; what
/// others wrote meanwhile is judged again in the one short write transaction.
@Suite struct RosterConcurrencyTests {
    /// `rows` students of 150621, every hundredth with a wrong check character.
    static func roster(rows: Int) -> (text: String, numbers: [String]) {
        var text = "姓名,证件号码,性别\n"
        text.reserveCapacity(rows * 40)
        var numbers: [String] = []
        numbers.reserveCapacity(rows)
        let start = LocalDate(year: 2006, month: 9, day: 1)!
        for i in 0..<rows {
            let birth = start.adding(days: i / 999)
            let sequence = i % 999 + 1
            var number = IDNumbers.residentID(area: "150621", birth: birth, sequence: sequence)
            numbers.append(number)
            if i % 100 == 99 { number = String(number.dropLast()) + (number.last == "0" ? "1" : "0") }
            text += "学生\(i),\(number),\(sequence % 2 == 1 ? "男" : "女")\n"
        }
        return (text, numbers)
    }

    /// Things the progress callback does once, from the checking thread.
    final class Once: @unchecked Sendable {
        private let lock = NSLock()
        private var done = false
        private(set) var error: Error?
        private(set) var reports: [RosterProgress] = []

        func record(_ progress: RosterProgress, _ body: () throws -> Void) {
            lock.lock()
            defer { lock.unlock() }
            reports.append(progress)
            guard !done else { return }
            done = true
            do { try body() } catch { self.error = error }
        }

        var ran: Bool {
            lock.lock()
            defer { lock.unlock() }
            return done
        }
    }

    /// A clerk at another counter (another store handle, as another process would have) registers one of the roster's
    /// students through the usual case while the roster is being checked. On PostgreSQL a fifth of the rows: each row
    /// written is a few round trips to the server, and the point here is the concurrency, not the speed
    /// (`canbao bench store` measures that).
    @Test(arguments: TestBackend.all) func aCounterRegistersDuringAHundredThousandRowImport(_ backend: TestBackend) throws {
        let home = try CanbaoBinary.temporaryDirectory("roster-concurrent")
        let importer = try Fixture.store(backend, in: home)
        let counter = try Fixture.reopen(importer, options: .init(passwordIterations: PasswordHash.minimumIterations,
                                                                  busyTimeout: 2))
        let clerk = try counter.addOperator(name: "clerk", displayName: "柜员", role: .clerk, password: "Hall-pass-2026",
                                            by: .system("test"))
        let rows = backend == .sqlite ? 100_000 : 20_000
        let (text, numbers) = Self.roster(rows: rows)
        let walkIn = numbers[4_242]

        let once = Once()
        let observer = RosterObserver(progress: { progress in
            once.record(progress) {
                let person = try counter.upsertPerson(Fixture.person("学生4242", number: walkIn), by: .operator(clerk.id))
                let json = Fixture.caseJSON(workflow: "student", region: "dalate", name: "学生4242")
                let draft = try counter.createCase(caseJSON: json, applicantID: person.id, by: clerk.id)
                let checked = try counter.updateCase(caseID: draft.id, caseJSON: json, verdictJSON: Fixture.acceptVerdict,
                                                     applicantID: person.id, expectedVersion: draft.version, by: clerk.id)
                let submitted = try counter.setStatus(caseID: checked.id, to: .submitted, expectedVersion: checked.version,
                                                      by: clerk.id)
                try counter.register(caseID: submitted.id, enrollment: NewEnrollment(place: "150621", scheme: .resident,
                                                                                       year: 2026, paid: true),
                                     expectedVersion: submitted.version, by: clerk.id)
            }
        })
        let result = try importer.importRoster(Data(text.utf8), fileName: "college.csv", request: RosterTests.request,
                                               forms: TestForms.shared, by: .system("test"), observer: observer)
        #expect(once.ran)
        #expect(once.error == nil, "\(String(describing: once.error))")

        // The walk-in was registered at the counter; the roster found them enrolled instead of enrolling them twice.
        #expect(result.rowCount == rows)
        #expect(result.rejected.count == rows / 100)
        #expect(result.registered == rows - rows / 100 - 1)
        #expect(result.alreadyEnrolled == 1)
        #expect(result.rechecked == 1)
        let person = try #require(try importer.person(byDocument: IdentityDocument(kind: .residentID, number: walkIn)))
        #expect(try importer.platformRecords(forPerson: person.id).count == 1)
        #expect(try importer.counts().platformRecords == rows - rows / 100)
        #expect(try importer.verify().isOK)

        // Progress went up to every row, with the rejected ones counted.
        #expect(once.reports.count > 3)
        #expect(once.reports.map(\.checked) == once.reports.map(\.checked).sorted())
        #expect(once.reports.last == RosterProgress(rows: rows, checked: rows, rejected: rows / 100))
    }

    @Test(arguments: TestBackend.all) func aCancelledImportWritesNothing(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let before = try RosterTests.snapshot(store)
        let (text, _) = Self.roster(rows: 12_000)
        let observer = RosterObserver(progress: { _ in }, isCancelled: { true })
        #expect(throws: StoreError.cancelled) {
            try store.importRoster(Data(text.utf8), fileName: "r.csv", request: RosterTests.request,
                                   forms: TestForms.shared, by: .system("test"), observer: observer)
        }
        #expect(try RosterTests.snapshot(store) == before)
        #expect(StoreError.cancelled.description == "已取消，未写入任何数据")
    }

    /// Another counter changed a student's name while the roster was checked: the write judges that row again.
    @Test(arguments: TestBackend.all) func aRowWhosePersonChangedMeanwhileIsJudgedAgain(_ backend: TestBackend) throws {
        let home = try CanbaoBinary.temporaryDirectory("roster-recheck")
        let store = try Fixture.store(backend, in: home)
        let other = try Fixture.reopen(store)
        let number = Fixture.residentID(birth: "2008-03-05", sequence: 11)
        try store.upsertPerson(Fixture.person("王小明", number: number), by: .system("test"))
        let text = "姓名,证件号码\n王小明,\(number)\n李红,\(Fixture.residentID(birth: "2008-07-20", sequence: 22))\n"
        var plan = try store.checkRoster(RosterFile(Data(text.utf8)), fileName: "r.csv", request: RosterTests.request,
                                         forms: TestForms.shared, shareVerdicts: true, observer: .none)
        #expect(plan.result(rosterID: nil).registered == 2)
        try other.upsertPerson(Fixture.person("王晓明", number: number), by: .system("test"))
        let result = try store.registerRoster(&plan, by: .system("test"))
        #expect(result.rechecked == 1)
        #expect(result.registered == 1)
        #expect(result.rejected.map(\.line) == [2])
        #expect(result.rejected.first?.issues == [RosterIssue(column: "姓名", reason: "与参保信息库中该证件登记的姓名“王晓明”不一致")])
    }

    @Test(arguments: TestBackend.all) func whatOthersWroteIsNarrowedToTheirPersonsFromTheAuditLog(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let store = hall.store
        let head = try store.read { try Int64.fetchOne($0, sql: "SELECT MAX(seq) FROM audit_log")! }
        // Drafts, approvals and logins change no person or record.
        _ = try hall.submittedCase()
        _ = try store.authenticate(name: "clerk1", password: "Hall-pass-2026")
        #expect(try store.read { try RosterChanges.since(head, $0) } == RosterChanges.none)
        try store.addPlatformRecord(hall.newRecord, forPerson: hall.applicant.id, by: .system("test"))
        #expect(try store.read { try RosterChanges.since(head, $0) } == .persons([hall.applicant.id]))
        try store.load([InterchangePerson(person: Fixture.person("赵敏", number: Fixture.residentID(birth: "1992-01-01", sequence: 5)))],
                       by: .system("test"))
        #expect(try store.read { try RosterChanges.since(head, $0) } == .everything)
    }
}
