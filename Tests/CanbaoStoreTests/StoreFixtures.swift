import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation

/// A clock that starts at a fixed instant and moves one second per reading, so timestamps are distinct and known.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// 2026-03-01 08:00:00 UTC = 16:00 Beijing time.
    init(start: Date = Date(timeIntervalSince1970: 1_772_352_000)) { current = start }

    func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        let reading = current
        current = current.addingTimeInterval(1)
        return reading
    }

    func set(_ date: Date) {
        lock.lock()
        current = date
        lock.unlock()
    }
}

enum Fixture {
    /// The cheapest KDF the store accepts, to keep the suite fast.
    static let options = CounterStore.Options(passwordIterations: PasswordHash.minimumIterations)

    static func store(_ backend: TestBackend = .sqlite, clock: TestClock = TestClock(),
                      in directory: URL? = nil) throws -> CounterStore {
        let home = try directory ?? CanbaoBinary.temporaryDirectory("store-test")
        return try backend.open(home: home, options: options, now: { clock.now() })
    }

    /// A valid 18-character resident ID: area + birth date + sequence + GB 11643 check character.
    static func residentID(area: String = "150621", birth: String, sequence: Int) -> String {
        let body = area + birth.replacingOccurrences(of: "-", with: "") + String(format: "%03d", sequence)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    static func person(_ name: String, number: String, kind: DocumentKind = .residentID,
                       birth: String? = nil, sex: Sex? = nil) -> PersonInput {
        PersonInput(document: IdentityDocument(kind: kind, number: number), name: name,
                    birthDate: birth.flatMap { LocalDate($0) }, sex: sex)
    }

    static func caseJSON(workflow: String = "migrant-worker", region: String = "inner-mongolia",
                         name: String = "张三") -> String {
        """
        {"workflow":"\(workflow)","region":"\(region)","today":"2026-03-01","scheme":"resident","coverage_year":2026,\
        "person":{"name":"\(name)"},"documents_presented":["resident-id"]}
        """
    }

    static let acceptVerdict = """
        {"decision":"accept","missing_documents":[],"findings":[],"benefit_start":"2026-01-01","waiting_period_months":0}
        """
    static let missingDocumentsVerdict = """
        {"decision":"missing-documents","missing_documents":[{"code":"hukou-booklet","name":"户口簿","citation":"国家规程 第十五条 3"}],"findings":[]}
        """
    static let windowFinding = Finding(rule: "newborn.window", severity: .approval, message: "出生已超过 90 天",
                                       citation: "内蒙古细则 第十二条（一）1")
    static let approvalVerdict = """
        {"decision":"needs-approval","missing_documents":[],"findings":[{"rule":"newborn.window","severity":"approval",\
        "message":"出生已超过 90 天","citation":"内蒙古细则 第十二条（一）1"}]}
        """

    static func date(_ text: String) -> LocalDate { LocalDate(text)! }

    /// POSIX mode bits of a file or directory.
    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue & 0o777
    }
}

extension Fixture {
    /// Two exceptions at once: the newborn's window and a third-place student.
    static let placeFinding = Finding(rule: "student.third-place", severity: .approval,
                                      message: "在第三地参保需经审核", citation: "内蒙古细则 第十四条")
    static let twoExceptionsVerdict = """
        {"decision":"needs-approval","missing_documents":[],"findings":[{"rule":"newborn.window","severity":"approval",\
        "message":"出生已超过 90 天","citation":"内蒙古细则 第十二条（一）1"},{"rule":"identity.valid","severity":"info",\
        "message":"身份证号码有效","citation":"GB 11643"},{"rule":"student.third-place","severity":"approval",\
        "message":"在第三地参保需经审核","citation":"内蒙古细则 第十四条"}]}
        """

    /// An exception and documents still missing (needs-approval outranks missing-documents).
    static func approvalVerdict(missing codes: [String]) -> String {
        let missing = codes.map { #"{"code":"\#($0)","name":"\#($0)","citation":"国家规程 第七条"}"# }.joined(separator: ",")
        return """
            {"decision":"needs-approval","missing_documents":[\(missing)],"findings":[{"rule":"newborn.window",\
            "severity":"approval","message":"出生已超过 90 天","citation":"内蒙古细则 第十二条（一）1"}]}
            """
    }
}

/// A service hall: two clerks, a trainee, three supervisors, an admin and one applicant.
struct Hall {
    let clock: TestClock
    let store: CounterStore
    let clerk: Operator
    let otherClerk: Operator
    let trainee: Operator
    let supervisor: Operator
    let otherSupervisor: Operator
    let thirdSupervisor: Operator
    let admin: Operator
    let applicant: PersonRecord

    init(_ backend: TestBackend = .sqlite, clock: TestClock = TestClock()) throws {
        self.clock = clock
        let store = try Fixture.store(backend, clock: clock)
        self.store = store
        func add(_ name: String, _ display: String, _ role: Operator.Role) throws -> Operator {
            try store.addOperator(name: name, displayName: display, role: role, password: "Hall-pass-2026",
                                  by: .system("test"))
        }
        clerk = try add("clerk1", "柜员一", .clerk)
        otherClerk = try add("clerk2", "柜员二", .clerk)
        trainee = try add("trainee1", "学员一", .trainee)
        supervisor = try add("sup1", "审核员一", .supervisor)
        otherSupervisor = try add("sup2", "审核员二", .supervisor)
        thirdSupervisor = try add("sup3", "审核员三", .supervisor)
        admin = try add("admin", "管理员", .admin)
        let clerkID = clerk.id
        applicant = try store.upsertPerson(
            Fixture.person("张小宝", number: Fixture.residentID(birth: "2025-11-01", sequence: 11)),
            by: .operator(clerkID))
    }

    /// A case checked with `verdict` and submitted by `creator`, still a draft-free submitted case.
    func submittedCase(verdict: String = Fixture.approvalVerdict, workflow: String = "newborn",
                       by creator: Operator? = nil) throws -> CaseRecord {
        let creator = creator ?? clerk
        let json = Fixture.caseJSON(workflow: workflow, region: "inner-mongolia", name: "张小宝")
        let draft = try store.createCase(caseJSON: json, applicantID: applicant.id, by: creator.id)
        let checked = try store.updateCase(caseID: draft.id, caseJSON: json, verdictJSON: verdict,
                                           applicantID: applicant.id, expectedVersion: draft.version, by: creator.id)
        return try store.setStatus(caseID: checked.id, to: .submitted, expectedVersion: checked.version,
                                   by: creator.id)
    }

    /// A submitted case sent to the supervisors by its creator.
    func awaitingCase(verdict: String = Fixture.approvalVerdict, workflow: String = "newborn",
                      by creator: Operator? = nil, justification: String = "家长住院，延误办理") throws -> CaseRecord {
        let creator = creator ?? clerk
        let submitted = try submittedCase(verdict: verdict, workflow: workflow, by: creator)
        return try store.requestApproval(caseID: submitted.id, justification: justification,
                                         expectedVersion: submitted.version, by: creator.id)
    }

    var newRecord: NewEnrollment {
        NewEnrollment(place: "150621", scheme: .resident, year: 2026, paid: true, amountFen: 40_000,
                      since: Fixture.date("2026-03-01"))
    }

    /// An approval of `findings` with `note`.
    static func approve(_ findings: [Finding] = [Fixture.windowFinding], note: String = "医院出具证明，系因病延误",
                        waiving waived: [String] = []) -> ApprovalDecision {
        ApprovalDecision(verdict: .approved, note: note, findings: findings, waivedDocuments: waived)
    }

    static func reject(_ findings: [Finding] = [Fixture.windowFinding],
                       note: String = "超过登记期限且无正当理由") -> ApprovalDecision {
        ApprovalDecision(verdict: .rejected, note: note, findings: findings)
    }
}

/// The tests write cases and verdicts as JSON text, as a case file on disk would be: these decode it for the store's
/// typed API (a case file that does not decode fails the test at the call).
extension CounterStore {
    func createCase(caseJSON: String, applicantID: Int64? = nil, by operatorID: Int64) throws -> CaseRecord {
        try createCase(CaseFile(json: caseJSON), applicantID: applicantID, by: operatorID)
    }

    func updateCase(caseID: Int64, caseJSON: String, verdictJSON: String?, applicantID: Int64?, expectedVersion: Int,
                    by operatorID: Int64) throws -> CaseRecord {
        try updateCase(caseID: caseID, caseFile: CaseFile(json: caseJSON), verdict: verdictJSON.map { try Verdict(json: $0) },
                       applicantID: applicantID, expectedVersion: expectedVersion, by: operatorID)
    }
}

extension ApprovalDecision {
    /// The case file updated with the commitments, as JSON text.
    var caseJSON: String? {
        get { caseFile?.json }
        set { caseFile = try! newValue.map { try CaseFile(json: $0) } }
    }

    /// The re-evaluated verdict, as JSON text.
    var verdictJSON: String? {
        get { checked?.json(pretty: false) }
        set { checked = try! newValue.map { try CanbaoRules.Verdict(json: $0) } }
    }
}
