import CanbaoTestSupport
import Foundation
import Testing

// Case-level tests: every file under Cases/<workflow>/ is a standalone case file that goes through the real
// `canbao check CASE --json`; Cases/expectations.json says what the policy (seeds/) requires of its verdict.
// The expectations are derived from the policy texts, not from the code: where the code disagrees, the entry
// carries `known_issue` and the comparison runs inside `withKnownIssue`.

/// One entry of Cases/expectations.json.
struct CaseExpectation: Sendable, Decodable, CustomTestStringConvertible {
    struct RuleSeverity: Sendable, Decodable, Hashable, CustomStringConvertible {
        var rule: String
        var severity: String
        var description: String { "\(rule)/\(severity)" }
    }

    struct Replacement: Sendable, Decodable, Hashable, CustomStringConvertible {
        var place: String
        var action: String
        var description: String { "\(action) \(place)" }
    }

    /// The refund period: first and last month (`YYYY-MM`) and the number of months.
    struct RefundPeriod: Sendable, Decodable, Hashable, CustomStringConvertible {
        var from: String
        var to: String
        var months: Int
        var description: String { "\(from)…\(to) (\(months))" }
    }

    /// Path relative to Cases/, e.g. `newborn/im-day-90-accept.yaml`.
    var caseFile: String
    var decision: String
    /// The exact set of missing document codes.
    var missing: [String]
    /// nil: not checked; `.some(nil)`: must be null; `.some(date)`: must equal.
    var benefitStart: String??
    var waitingPeriodMonths: Int??
    /// The other counter services; like `benefitStart`: nil not checked, `.some(nil)` must be null.
    var backPayMonths: Int??
    var dueDate: String??
    var refund: RefundPeriod??
    /// When present, the hardship status whose subsidy applies, and the transfer's scope.
    var hardshipApplied: String?
    var transferScope: String?
    var rules: [RuleSeverity]
    var citationContains: String?
    /// When present, the exact set of platform records the registration suspends or terminates.
    var replaces: [Replacement]?
    /// Why the code's verdict is known to differ from the policy (article and what the code does).
    var knownIssue: String?

    var testDescription: String { caseFile }

    enum CodingKeys: String, CodingKey {
        case decision, missing, rules, replaces
        case caseFile = "case"
        case benefitStart = "benefit_start"
        case waitingPeriodMonths = "waiting_period_months"
        case citationContains = "citation_contains"
        case knownIssue = "known_issue"
        case backPayMonths = "back_pay_months"
        case dueDate = "due_date"
        case refund
        case hardshipApplied = "hardship_applied"
        case transferScope = "transfer_scope"
    }

    /// nil when the key is absent, `.some(nil)` when it is null.
    static func optional<T: Decodable>(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, _: T.Type) throws -> T?? {
        guard c.contains(key) else { return nil }
        return .some(try c.decodeNil(forKey: key) ? nil : try c.decode(T.self, forKey: key))
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caseFile = try c.decode(String.self, forKey: .caseFile)
        decision = try c.decode(String.self, forKey: .decision)
        missing = try c.decode([String].self, forKey: .missing)
        if c.contains(.benefitStart) {
            benefitStart = .some(try c.decodeNil(forKey: .benefitStart) ? nil : try c.decode(String.self, forKey: .benefitStart))
        } else {
            benefitStart = nil
        }
        if c.contains(.waitingPeriodMonths) {
            waitingPeriodMonths = .some(try c.decodeNil(forKey: .waitingPeriodMonths) ? nil : try c.decode(Int.self, forKey: .waitingPeriodMonths))
        } else {
            waitingPeriodMonths = nil
        }
        backPayMonths = try Self.optional(c, .backPayMonths, Int.self)
        dueDate = try Self.optional(c, .dueDate, String.self)
        refund = try Self.optional(c, .refund, RefundPeriod.self)
        hardshipApplied = try c.decodeIfPresent(String.self, forKey: .hardshipApplied)
        transferScope = try c.decodeIfPresent(String.self, forKey: .transferScope)
        rules = try c.decodeIfPresent([RuleSeverity].self, forKey: .rules) ?? []
        citationContains = try c.decodeIfPresent(String.self, forKey: .citationContains)
        replaces = try c.decodeIfPresent([Replacement].self, forKey: .replaces)
        knownIssue = try c.decodeIfPresent(String.self, forKey: .knownIssue)
    }
}

/// The verdict as `canbao check --json` prints it (docs/case-file.md, “The verdict”).
struct VerdictJSON: Decodable {
    struct Missing: Decodable { var code: String; var name: String }
    struct Finding: Decodable { var rule: String; var severity: String; var message: String; var citation: String }
    struct Replaced: Decodable {
        struct Record: Decodable { var place: String }
        var record: Record
        var action: String
    }

    struct Refund: Decodable { var from: String; var to: String; var months: Int; var reason: String; var citation: String }
    struct Hardship: Decodable { var applied: String }
    struct Transfer: Decodable { var direction: String; var from: String; var to: String; var scope: String }

    var decision: String
    var missingDocuments: [Missing]
    var findings: [Finding]
    var benefitStart: String?
    var waitingPeriodMonths: Int?
    var replaces: [Replaced]
    var dueDate: String?
    var refund: Refund?
    var backPayMonths: Int?
    var hardship: Hardship?
    var transfer: Transfer?
    /// Which of the keys added for the other counter services the output carried (they are always present).
    var keys: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case decision, findings, replaces, refund, hardship, transfer
        case missingDocuments = "missing_documents"
        case benefitStart = "benefit_start"
        case waitingPeriodMonths = "waiting_period_months"
        case dueDate = "due_date"
        case backPayMonths = "back_pay_months"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        decision = try c.decode(String.self, forKey: .decision)
        missingDocuments = try c.decode([Missing].self, forKey: .missingDocuments)
        findings = try c.decode([Finding].self, forKey: .findings)
        benefitStart = try c.decodeIfPresent(String.self, forKey: .benefitStart)
        waitingPeriodMonths = try c.decodeIfPresent(Int.self, forKey: .waitingPeriodMonths)
        replaces = try c.decode([Replaced].self, forKey: .replaces)
        dueDate = try c.decodeIfPresent(String.self, forKey: .dueDate)
        refund = try c.decodeIfPresent(Refund.self, forKey: .refund)
        backPayMonths = try c.decodeIfPresent(Int.self, forKey: .backPayMonths)
        hardship = try c.decodeIfPresent(Hardship.self, forKey: .hardship)
        transfer = try c.decodeIfPresent(Transfer.self, forKey: .transfer)
        keys = Set(c.allKeys.map(\.stringValue))
    }
}

/// Where the case files live. Under the /tmp mirror `#filePath` is a symlink, so it is resolved first: the
/// Cases/ directory and Forms/ are always those of the real checkout.
enum CaseFiles {
    static let testDirectory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    static let casesDirectory = testDirectory.appendingPathComponent("Cases")
    static let formsDirectory = testDirectory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Forms")
    static let expectationsFile = casesDirectory.appendingPathComponent("expectations.json")

    static let workflows = ["newborn", "student", "veteran", "migrant-worker", "foreign-resident",
                            "change", "suspend", "terminate", "transfer-in", "transfer-out", "refund",
                            // Employers, employees, retirement, accounts and assisted persons (issue 18).
                            "unit-register", "unit-change", "unit-close", "unit-consolidate", "employee-register",
                            "employee-leave", "prison-release", "retirement", "lump-sum", "account-withdrawal",
                            "assisted-register"]
    static let regions = ["national", "inner-mongolia", "dalate", "jiangmen", "city-notice"]
    static let decisions = ["accept", "missing-documents", "needs-approval", "refuse"]

    /// The entries of expectations.json, or the reason they could not be read (reported by `expectationsLoad`).
    static let loaded: (entries: [CaseExpectation], error: String?) = {
        do {
            let data = try Data(contentsOf: expectationsFile)
            let entries = try JSONDecoder().decode([CaseExpectation].self, from: data)
            return (entries.sorted { $0.caseFile < $1.caseFile }, nil)
        } catch {
            return ([], "\(expectationsFile.path): \(error)")
        }
    }()

    static var expectations: [CaseExpectation] { loaded.entries }

    /// Every `.yaml` file under Cases/, relative to it.
    static func caseFilesOnDisk() -> [String] {
        let names = FileManager.default.enumerator(atPath: casesDirectory.path)?.compactMap { $0 as? String } ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    /// The value of a top-level `key: value` line of a case file (enough for workflow and region).
    static func topLevelValue(_ key: String, in text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix("\(key): ") {
            return String(line.dropFirst(key.count + 2)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    static func runCheck(_ path: String) throws -> CanbaoBinary.Result {
        try CanbaoBinary.run(["check", path, "--json"], environment: ["CANBAO_FORMS": formsDirectory.path])
    }
}

@Suite("Case files through canbao check --json")
struct CaseFileTests {
    @Test("expectations.json loads and lists at least 70 cases, 45 of them for the other counter services")
    func expectationsLoad() {
        #expect(CaseFiles.loaded.error == nil, "\(CaseFiles.loaded.error ?? "")")
        #expect(CaseFiles.expectations.count >= 70, "only \(CaseFiles.expectations.count) cases")
        let services = ["change", "suspend", "terminate", "transfer-in", "transfer-out", "refund"]
        let serviceCases = CaseFiles.expectations.filter { e in services.contains { e.caseFile.hasPrefix($0 + "/") } }
        #expect(serviceCases.count >= 45, "only \(serviceCases.count) cases for the other counter services")
        let paths = CaseFiles.expectations.map(\.caseFile)
        #expect(Set(paths).count == paths.count, "duplicate entries in expectations.json")
        for e in CaseFiles.expectations {
            #expect(CaseFiles.decisions.contains(e.decision), "\(e.caseFile): unknown decision \(e.decision)")
            for r in e.rules {
                #expect(["block", "approval", "warn", "info"].contains(r.severity), "\(e.caseFile): unknown severity \(r.severity)")
            }
            // docs/case-file.md: a benefit start is only reported for accept and missing-documents.
            if case let .some(.some(date)) = e.benefitStart {
                #expect(["accept", "missing-documents"].contains(e.decision), "\(e.caseFile): benefit_start \(date) with \(e.decision)")
            }
            if case let .some(.some(months)) = e.backPayMonths {
                #expect(["accept", "missing-documents"].contains(e.decision), "\(e.caseFile): back_pay_months \(months) with \(e.decision)")
            }
            // A refused case owes nothing and has no deadline.
            if e.decision == "refuse" {
                if case .some(.some) = e.dueDate { Issue.record("\(e.caseFile): due_date with refuse") }
                if case .some(.some) = e.refund { Issue.record("\(e.caseFile): refund with refuse") }
            }
        }
    }

    /// Issue 18: the employer, employee, retirement, account and assisted-person services have their own cases, and
    /// every rule they (and the corrections) added is asserted by at least one of them.
    @Test("the issue-18 services have at least 80 cases and every new rule is asserted")
    func issue18Coverage() {
        let services = Array(CaseFiles.workflows.suffix(11))
        let cases = CaseFiles.expectations.filter { e in services.contains { e.caseFile.hasPrefix($0 + "/") } }
        #expect(cases.count >= 80, "only \(cases.count) cases for \(services)")
        let asserted = Set(CaseFiles.expectations.flatMap { $0.rules.map(\.rule) })
        let rules = ["unit.code", "unit.register", "unit.change", "unit.close", "unit.consolidate", "employee.channel",
                     "employee.hire", "employee.leave", "prison.release", "retirement.age", "retirement.place",
                     "retirement.transfers", "retirement.military", "retirement.years", "retirement.stop_payment",
                     "retirement.deadline", "retirement.applicant", "lump_sum.owed", "account.reason", "account.applicant",
                     "assisted.register", "refund.applicant", "identity.expiry", "transfer.applicant", "waiting.period"]
        #expect(Set(rules).subtracting(asserted).sorted() == [], "rules no case asserts")
    }

    @Test("every case file has an expectation and every expectation a case file")
    func everyCaseHasAnExpectation() {
        let onDisk = Set(CaseFiles.caseFilesOnDisk())
        let expected = Set(CaseFiles.expectations.map(\.caseFile))
        #expect(onDisk.subtracting(expected).sorted() == [], "case files without an expectation")
        #expect(expected.subtracting(onDisk).sorted() == [], "expectations without a case file")
        for file in onDisk.sorted() {
            let workflowDir = file.split(separator: "/").first.map(String.init) ?? ""
            #expect(CaseFiles.workflows.contains(workflowDir), "\(file) is not under Cases/<workflow>/")
        }
    }

    @Test("each case file says what it models and lives under its workflow's directory")
    func caseFilesAreSelfDescribing() throws {
        for file in CaseFiles.caseFilesOnDisk() {
            let text = try String(contentsOf: CaseFiles.casesDirectory.appendingPathComponent(file), encoding: .utf8)
            #expect(text.hasPrefix("# "), "\(file) must start with a comment naming the situation and the article")
            let workflow = CaseFiles.topLevelValue("workflow", in: text)
            #expect(workflow == file.split(separator: "/").first.map(String.init), "\(file): workflow \(workflow ?? "nil")")
        }
    }

    @Test("the cases cover every workflow × decision and every region profile")
    func coverage() throws {
        var decisionsByWorkflow: [String: Set<String>] = [:]
        var regions = Set<String>()
        var workflowsByRegion: [String: Set<String>] = [:]
        for e in CaseFiles.expectations {
            let text = try String(contentsOf: CaseFiles.casesDirectory.appendingPathComponent(e.caseFile), encoding: .utf8)
            let workflow = try #require(CaseFiles.topLevelValue("workflow", in: text))
            let region = try #require(CaseFiles.topLevelValue("region", in: text))
            decisionsByWorkflow[workflow, default: []].insert(e.decision)
            regions.insert(region)
            workflowsByRegion[region, default: []].insert(workflow)
        }
        for workflow in CaseFiles.workflows {
            #expect(decisionsByWorkflow[workflow] == Set(CaseFiles.decisions), "\(workflow): \(decisionsByWorkflow[workflow]?.sorted() ?? [])")
        }
        #expect(regions == Set(CaseFiles.regions))
        for region in CaseFiles.regions {
            #expect((workflowsByRegion[region]?.count ?? 0) >= 4, "\(region) is exercised by \(workflowsByRegion[region]?.sorted() ?? [])")
        }
    }

    @Test("case verdict matches the policy", arguments: CaseFiles.expectations)
    func caseVerdict(_ e: CaseExpectation) throws {
        let path = CaseFiles.casesDirectory.appendingPathComponent(e.caseFile).path
        let result = try CaseFiles.runCheck(path)
        try #require(result.status == 0, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr == "")
        let verdict = try JSONDecoder().decode(VerdictJSON.self, from: Data(result.stdout.utf8))

        // Invariants of every verdict, whatever the policy says about this case.
        #expect(CaseFiles.decisions.contains(verdict.decision))
        for f in verdict.findings {
            #expect(!f.citation.isEmpty, "finding \(f.rule) has no citation")
            #expect(["block", "approval", "warn", "info"].contains(f.severity), "finding \(f.rule): severity \(f.severity)")
        }
        if !["accept", "missing-documents"].contains(verdict.decision) {
            #expect(verdict.benefitStart == nil, "benefit_start \(verdict.benefitStart ?? "") reported with \(verdict.decision)")
            #expect(verdict.backPayMonths == nil, "back_pay_months reported with \(verdict.decision)")
        }
        // The keys added for the other counter services are always present (null when not defined).
        #expect(verdict.keys.isSuperset(of: ["due_date", "refund", "back_pay_months", "transfer", "hardship"]), "\(verdict.keys.sorted())")
        if verdict.decision == "refuse" {
            #expect(verdict.dueDate == nil && verdict.refund == nil && verdict.transfer == nil, "a refused case owes nothing")
        }
        let codes = verdict.missingDocuments.map(\.code)
        #expect(Set(codes).count == codes.count, "duplicate missing documents \(codes)")

        if let issue = e.knownIssue {
            withKnownIssue(Comment(rawValue: issue)) { compare(e, verdict) }
        } else {
            compare(e, verdict)
        }
    }

    func compare(_ e: CaseExpectation, _ v: VerdictJSON) {
        let found = v.findings.map { "\($0.severity) \($0.rule) [\($0.citation)]" }
        #expect(v.decision == e.decision, "findings: \(found)")
        #expect(v.missingDocuments.map(\.code).sorted() == e.missing.sorted())
        if let expected = e.benefitStart {
            #expect(v.benefitStart == expected)
        }
        if let expected = e.waitingPeriodMonths {
            #expect(v.waitingPeriodMonths == expected)
        }
        let present = Set(v.findings.map { CaseExpectation.RuleSeverity(rule: $0.rule, severity: $0.severity) })
        for rule in e.rules {
            #expect(present.contains(rule), "\(rule) not among \(found)")
        }
        if let fragment = e.citationContains {
            #expect(v.findings.contains { $0.citation.contains(fragment) }, "no citation contains “\(fragment)”: \(found)")
        }
        if let expected = e.dueDate {
            #expect(v.dueDate == expected, "due_date")
        }
        if let expected = e.backPayMonths {
            #expect(v.backPayMonths == expected, "back_pay_months")
        }
        if let expected = e.refund {
            let actual = v.refund.map { CaseExpectation.RefundPeriod(from: $0.from, to: $0.to, months: $0.months) }
            #expect(actual == expected, "refund \(actual.map(\.description) ?? "null")")
        }
        if let expected = e.hardshipApplied {
            #expect(v.hardship?.applied == expected, "hardship")
        }
        if let expected = e.transferScope {
            #expect(v.transfer?.scope == expected, "transfer scope")
        }
        if let expected = e.replaces {
            let actual = v.replaces.map { CaseExpectation.Replacement(place: $0.record.place, action: $0.action) }
            #expect(Set(actual) == Set(expected) && actual.count == expected.count, "replaces \(actual)")
        }
    }
}

/// An invalid or unreadable case file: `canbao check` exits 2 with one line on stderr naming the file and
/// the key or line (README, “Commands”: one Chinese line, exit status 2).
struct BrokenCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// The file's content; nil for a file that does not exist.
    var content: String?
    /// What must follow "<path>" at the start of the line: ":3: today:" etc.
    var after: [String]
    /// Further fragments the line must contain.
    var mentions: [String]

    var testDescription: String { name }

    static let header = "workflow: newborn\nregion: national\ntoday: 2026-03-01\n"

    static let all: [BrokenCase] = [
        // The flow mapping opened on line 4 is never closed; the parser notices on line 5.
        BrokenCase(name: "malformed YAML",
                   content: "workflow: newborn\nregion: national\ntoday: 2026-03-01\nperson: {name: [unclosed\nfacts: {}\n",
                   after: [":4: ", ":5: "], mentions: ["YAML"]),
        BrokenCase(name: "unknown top-level key", content: header + "colour: red\n",
                   after: [":4: colour: "], mentions: ["未知的键"]),
        BrokenCase(name: "impossible date", content: "workflow: newborn\nregion: national\ntoday: 2026-02-30\n",
                   after: [":3: today: "], mentions: ["2026-02-30"]),
        BrokenCase(name: "unknown workflow", content: "workflow: pension\nregion: national\ntoday: 2026-03-01\n",
                   after: [": workflow: ", ":1: workflow: "], mentions: ["pension"]),
        BrokenCase(name: "unknown document code", content: header + "documents_presented: [birth-certificate, passport-photo]\n",
                   after: [": documents_presented[1]: ", ":4: documents_presented[1]: "], mentions: ["passport-photo"]),
        // Too big to be a case: rejected before parsing, so only the file can be named.
        BrokenCase(name: "2 MB file", content: header + "# " + String(repeating: "x", count: 2 * 1024 * 1024) + "\n",
                   after: [": "], mentions: ["2097208", "1000000"]),
        BrokenCase(name: "missing file", content: nil, after: [": "], mentions: ["不存在"]),
    ]
}

@Suite("Broken case files")
struct BrokenCaseFileTests {
    @Test("exit 2 with one line naming the file and the key or line", arguments: BrokenCase.all)
    func broken(_ c: BrokenCase) throws {
        let dir = try CanbaoBinary.temporaryDirectory("canbao-broken-case")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("case.yaml")
        if let content = c.content { try content.write(to: file, atomically: true, encoding: .utf8) }

        let result = try CaseFiles.runCheck(file.path)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "stderr is not exactly one line: \(result.stderr.prefix(300))")
        let line = String(lines.first ?? "")
        #expect(c.after.contains { line.hasPrefix(file.path + $0) }, "“\(line)” does not start with \(file.path) + one of \(c.after)")
        for fragment in c.mentions {
            #expect(line.contains(fragment), "“\(line)” does not mention \(fragment)")
        }
        #expect(line.count < 300, "the reason is not a short line: \(line.count) characters")
    }
}
