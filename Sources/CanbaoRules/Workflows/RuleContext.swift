/// What a rule sees: the case, its workflow, and the region's policy as in force on the case's date.
public struct RuleContext: Sendable {
    public let caseFile: CaseFile
    public let workflow: Workflow
    public let policy: Policy
    public let forms: FormSet

    public init(caseFile: CaseFile, workflow: Workflow, policy: Policy, forms: FormSet) {
        self.caseFile = caseFile
        self.workflow = workflow
        self.policy = policy
        self.forms = forms
    }

    public var today: LocalDate { caseFile.today }
    public var here: String? { caseFile.here?.trimmed(.whitespaces).nilIfEmpty }

    public func param(_ key: String) -> Parameter? { policy.parameter(key, on: today) }

    public func bool(_ key: String) -> (Bool, String)? {
        guard let p = param(key), case let .bool(b) = p.value else { return nil }
        return (b, p.cite)
    }

    public func int(_ key: String) -> (Int, String)? {
        guard let p = param(key), case let .int(i) = p.value else { return nil }
        return (i, p.cite)
    }

    public func text(_ key: String) -> (String, String)? {
        guard let p = param(key), case let .text(t) = p.value else { return nil }
        return (t, p.cite)
    }

    public func duration(_ key: String) -> (Duration, String)? {
        guard let p = param(key), case let .duration(d) = p.value else { return nil }
        return (d, p.cite)
    }

    public func list(_ key: String) -> ([String], String)? {
        guard let p = param(key), case let .list(l) = p.value else { return nil }
        return (l, p.cite)
    }

    /// Workflows of the employee scheme only: their cases need not say `scheme: employee`.
    public static let employeeWorkflows: Set<String> = ["employee-register", "employee-leave", "retirement", "lump-sum",
                                                        "account-withdrawal"]

    /// The scheme being registered: the case's, else employee for an employee-only workflow, else resident.
    public var scheme: Scheme {
        caseFile.scheme ?? (Self.employeeWorkflows.contains(workflow.id) ? .employee : .resident)
    }

    /// A person with subsidised enrollment (资助参保救助对象): the fact `assisted`, or any registration of an assisted
    /// person (`assisted-register`).
    public var isAssisted: Bool { caseFile.flag("assisted") || workflow.id == "assisted-register" }

    /// The resident year being registered: `coverage_year`, else a newborn's year of birth (国家规程 第十五条 3),
    /// else the current year.
    public var coverageYear: Int {
        if let year = caseFile.coverageYear { return year }
        if workflow.id == "newborn", let birth = caseFile.birthDate { return birth.year }
        return today.year
    }
}

import Foundation

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
