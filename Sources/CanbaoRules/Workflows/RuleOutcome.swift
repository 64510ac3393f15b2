/// What a rule returns: its findings, and where the policy defines them, the benefit start, the waiting period and
/// the platform records the registration itself will suspend or terminate.
public struct RuleOutcome: Sendable {
    public var findings: [Finding] = []
    public var benefitStart: LocalDate?
    public var waitingPeriodMonths: Int?
    public var replaces: [ReplacedRecord] = []
    /// The other counter services: see the same keys on `Verdict`.
    public var dueDate: LocalDate?
    public var refund: Refund?
    public var backPayMonths: Int?
    public var transfer: TransferDetails?
    public var hardship: HardshipMarks?
    /// The employer and retirement services: see the same keys on `Verdict`.
    public var unit: UnitDetails?
    public var employment: EmploymentDetails?
    public var retirement: RetirementDetails?

    public init(findings: [Finding] = [], benefitStart: LocalDate? = nil, waitingPeriodMonths: Int? = nil,
                replaces: [ReplacedRecord] = [], dueDate: LocalDate? = nil, refund: Refund? = nil,
                backPayMonths: Int? = nil, transfer: TransferDetails? = nil, hardship: HardshipMarks? = nil,
                unit: UnitDetails? = nil, employment: EmploymentDetails? = nil, retirement: RetirementDetails? = nil) {
        self.findings = findings
        self.benefitStart = benefitStart
        self.waitingPeriodMonths = waitingPeriodMonths
        self.replaces = replaces
        self.dueDate = dueDate
        self.refund = refund
        self.backPayMonths = backPayMonths
        self.transfer = transfer
        self.hardship = hardship
        self.unit = unit
        self.employment = employment
        self.retirement = retirement
    }

    public static let none = RuleOutcome()

    /// Findings and replaced records add up; for the single values the later rule wins.
    public static func + (a: RuleOutcome, b: RuleOutcome) -> RuleOutcome {
        RuleOutcome(findings: a.findings + b.findings, benefitStart: b.benefitStart ?? a.benefitStart,
                    waitingPeriodMonths: b.waitingPeriodMonths ?? a.waitingPeriodMonths, replaces: a.replaces + b.replaces,
                    dueDate: b.dueDate ?? a.dueDate, refund: b.refund ?? a.refund,
                    backPayMonths: b.backPayMonths ?? a.backPayMonths, transfer: b.transfer ?? a.transfer,
                    hardship: b.hardship ?? a.hardship, unit: b.unit ?? a.unit, employment: b.employment ?? a.employment,
                    retirement: b.retirement ?? a.retirement)
    }
}

/// A platform record that registering this case will change, and how.
public struct ReplacedRecord: Hashable, Codable, Sendable {
    public enum Action: String, Codable, Sendable { case suspend, terminate }
    public var record: PlatformRecord
    public var action: Action
    public var citation: String

    public init(record: PlatformRecord, action: Action, citation: String) {
        self.record = record
        self.action = action
        self.citation = citation
    }
}

/// A finding builder that keeps rule code short.
struct Cite {
    let rule: String
    let citation: String
    var field: String? = nil

    func block(_ m: String) -> Finding { Finding(rule: rule, severity: .block, message: m, citation: citation, field: field) }
    func approval(_ m: String) -> Finding { Finding(rule: rule, severity: .approval, message: m, citation: citation, field: field) }
    func warn(_ m: String) -> Finding { Finding(rule: rule, severity: .warn, message: m, citation: citation, field: field) }
    func info(_ m: String) -> Finding { Finding(rule: rule, severity: .info, message: m, citation: citation, field: field) }
}
