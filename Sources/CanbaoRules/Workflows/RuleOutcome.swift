/// What a rule returns: its findings, and where the policy defines them, the benefit start, the waiting period and
/// the platform records the registration itself will suspend or terminate.
public struct RuleOutcome: Sendable {
    public var findings: [Finding] = []
    public var benefitStart: LocalDate?
    public var waitingPeriodMonths: Int?
    public var replaces: [ReplacedRecord] = []

    public init(findings: [Finding] = [], benefitStart: LocalDate? = nil, waitingPeriodMonths: Int? = nil,
                replaces: [ReplacedRecord] = []) {
        self.findings = findings
        self.benefitStart = benefitStart
        self.waitingPeriodMonths = waitingPeriodMonths
        self.replaces = replaces
    }

    public static let none = RuleOutcome()

    public static func + (a: RuleOutcome, b: RuleOutcome) -> RuleOutcome {
        RuleOutcome(findings: a.findings + b.findings, benefitStart: b.benefitStart ?? a.benefitStart,
                    waitingPeriodMonths: b.waitingPeriodMonths ?? a.waitingPeriodMonths, replaces: a.replaces + b.replaces)
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
