/// A workflow read from `Forms/workflows/*.yaml`: its steps, fields, documents and the rules each step runs.
public struct Workflow: Hashable, Sendable {
    public var id: String
    public var title: String
    /// The articles the workflow as a whole implements.
    public var cite: String
    public var steps: [Step]
    public var documents: [DocumentRequirement]
    public var file: String

    public var allFields: [FormField] { steps.flatMap(\.fields) }
    public var allRules: [String] {
        var seen = Set<String>()
        return steps.flatMap(\.rules).filter { seen.insert($0).inserted }
    }
    public func field(_ id: String) -> FormField? { allFields.first { $0.id == id } }
}

public struct Step: Hashable, Sendable {
    public var id: String
    public var title: String
    public var fields: [FormField]
    public var rules: [String]
    public var line: Int?
}

public enum FieldType: String, Hashable, Sendable, CaseIterable {
    /// `month` is a calendar month written `YYYY-MM` (refund periods).
    case bool, text, date, month, choice, document, place, int, year, sex, scheme
}

public struct Choice: Hashable, Sendable {
    public var value: String
    public var label: String

    public init(value: String, label: String) {
        self.value = value
        self.label = label
    }
}

public struct FormField: Hashable, Sendable {
    public var id: String
    public var label: String
    public var type: FieldType
    public var required: Bool
    /// The field applies only when this holds.
    public var when: Condition?
    public var choices: [Choice]
    /// For `document` fields: the kinds offered.
    public var kinds: [DocumentKind]
    public var help: String?
    public var line: Int?

    /// True for answers kept in the case's `facts` (ids without a dot that are not top-level case keys).
    public var isFact: Bool { CasePath.isFact(id) }
}

/// A document the applicant must bring, or a group of documents: one code, any one of several, or all of several.
public struct DocumentRequirement: Hashable, Sendable {
    public enum Mode: String, Hashable, Sendable { case one, anyOf = "any_of", allOf = "all_of" }
    public var mode: Mode
    public var codes: [String]
    public var when: Condition?
    /// Why it is needed, shown on the 一次性告知书.
    public var reason: String?
    public var cite: String
    public var line: Int?
}
