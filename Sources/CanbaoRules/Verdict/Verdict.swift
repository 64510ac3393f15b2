import Foundation

public enum Decision: String, Codable, Sendable, CaseIterable {
    case accept
    case missingDocuments = "missing-documents"
    case needsApproval = "needs-approval"
    case refuse

    public var chinese: String {
        switch self {
        case .accept: return "予以受理"
        case .missingDocuments: return "需补充材料"
        case .needsApproval: return "需审核"
        case .refuse: return "不予办理"
        }
    }
}

/// A document still to bring. For a one-of group, `code` is the group's first code and `anyOf` lists them all.
public struct MissingDocument: Hashable, Codable, Sendable {
    public var code: String
    public var name: String
    public var anyOf: [String]?
    public var reason: String?
    public var citation: String

    enum CodingKeys: String, CodingKey {
        case code, name, reason, citation
        case anyOf = "any_of"
    }
}

/// The outcome of one case, as DESIGN.md fixes it. `missingDocuments` is always the complete list (一次性告知).
public struct Verdict: Hashable, Codable, Sendable {
    public var decision: Decision
    public var missingDocuments: [MissingDocument]
    public var findings: [Finding]
    public var benefitStart: LocalDate?
    public var waitingPeriodMonths: Int?
    /// Platform records the registration will suspend or terminate.
    public var replaces: [ReplacedRecord]

    public init(decision: Decision, missingDocuments: [MissingDocument], findings: [Finding], benefitStart: LocalDate?,
                waitingPeriodMonths: Int?, replaces: [ReplacedRecord]) {
        self.decision = decision
        self.missingDocuments = missingDocuments
        self.findings = findings
        self.benefitStart = benefitStart
        self.waitingPeriodMonths = waitingPeriodMonths
        self.replaces = replaces
    }

    enum CodingKeys: String, CodingKey {
        case decision, findings, replaces
        case missingDocuments = "missing_documents"
        case benefitStart = "benefit_start"
        case waitingPeriodMonths = "waiting_period_months"
    }

    /// Precedence: refuse > needs-approval > missing-documents > accept.
    public static func decide(findings: [Finding], missing: [MissingDocument]) -> Decision {
        if findings.contains(where: { $0.severity == .block }) { return .refuse }
        if findings.contains(where: { $0.severity == .approval }) { return .needsApproval }
        if !missing.isEmpty { return .missingDocuments }
        return .accept
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(decision, forKey: .decision)
        try c.encode(missingDocuments, forKey: .missingDocuments)
        try c.encode(findings, forKey: .findings)
        // Always present, null when the policy defines none: scripts read a fixed shape.
        try c.encode(benefitStart, forKey: .benefitStart)
        try c.encode(waitingPeriodMonths, forKey: .waitingPeriodMonths)
        try c.encode(replaces, forKey: .replaces)
    }

    public func json(pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}
