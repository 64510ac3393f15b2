/// How much a finding weighs in the decision. Order matters: a `block` refuses, an `approval` needs a supervisor.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case info, warn, approval, block

    private var rank: Int { Severity.allCases.firstIndex(of: self)! }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    /// The Chinese label shown at the counter.
    public var label: String {
        switch self {
        case .block: return "阻断"
        case .approval: return "需审核"
        case .warn: return "提示"
        case .info: return "说明"
        }
    }
}

/// One result of one rule: what it found, how much it weighs, and the article behind it.
public struct Finding: Hashable, Codable, Sendable {
    /// The rule's id, e.g. `newborn.window`.
    public var rule: String
    public var severity: Severity
    /// Chinese, for the applicant and the clerk.
    public var message: String
    /// Document short name + article, e.g. `内蒙古细则 第十二条（一）1`.
    public var citation: String
    /// The form field this finding belongs to (`person.document`), when there is one.
    public var field: String?

    public init(rule: String, severity: Severity, message: String, citation: String, field: String? = nil) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.citation = citation
        self.field = field
    }
}
