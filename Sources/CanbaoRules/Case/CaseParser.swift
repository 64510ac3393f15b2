import Yams
import Foundation

/// Reads a case file (YAML or JSON) into a `CaseFile`. Every problem names the key and the line.
///
/// Two ways in. A case from outside (`canbao check`, the examples, the training decks) is read against the forms:
/// every key and every value is checked against its type and, for facts, against the workflow's field, so nothing
/// is silently misread. A case the counter wrote itself (the store's case JSON) is read as it was written, so a
/// record kept under older forms still opens.
public enum CaseParser {
    /// Largest case file we read: a case is a page of answers, not a data dump.
    public static let maxBytes = 1_000_000

    /// Longest identity document number accepted (the longest real ones, passports, have 20 characters).
    static let maxDocumentNumberLength = 40

    /// A case file from outside, checked against `forms`: the workflow and region exist, every fact is a field of
    /// the workflow with a value of its type, dates and years lie in `LocalDate.inputRange`, places are place
    /// codes, names and text have no control characters.
    /// `json` chooses the syntax when the name cannot (standard input); by default a `.json` file is JSON.
    public static func parse(_ text: String, file: String, forms: FormSet, json: Bool? = nil) throws -> CaseFile {
        try parse(root(text, file: file, json: json), forms: forms)
    }

    /// A case the counter wrote itself, read as written.
    public static func parse(_ text: String, file: String) throws -> CaseFile {
        try parse(root(text, file: file))
    }

    static func root(_ text: String, file: String, json: Bool? = nil) throws -> SourceNode {
        guard text.utf8.count <= maxBytes else {
            throw SourceError(file: file, line: nil, path: "", reason: "文件过大（\(text.utf8.count) 字节，上限 \(maxBytes)）")
        }
        return try SourceNode.parse(text, file: file, json: json)
    }

    /// The case in `root`; checked against `forms` when given (see `parse(_:file:forms:)`).
    public static func parse(_ root: SourceNode, forms: FormSet? = nil) throws -> CaseFile {
        let check = forms.map(CaseCheck.init)
        let map = try root.mapping(allowed: CaseFile.topLevelKeys)
        let workflowNode = try map.required("workflow")
        let workflow = try check?.workflow(workflowNode) ?? workflowNode.string()
        let regionNode = try map.required("region")
        let region = try regionNode.string()
        try check?.region(regionNode, region)
        let today = try date(map.required("today"), check)
        var result = CaseFile(workflow: workflow, region: region, today: today)
        if let node = map["here"] { result.here = try check?.place(node, current: true) ?? node.string() }
        if let node = map["scheme"] { result.scheme = try enumValue(node, Scheme.self) }
        if let node = map["flexible"] { result.flexible = try bool(node, check) }
        if let node = map["coverage_year"] { result.coverageYear = try check?.year(node) ?? node.int() }
        result.person = try map["person"].map { try party($0, check) }
        result.guardian = try map["guardian"].map { try party($0, check) }
        result.agent = try map["agent"].map { try party($0, check) }
        if let facts = map["facts"] {
            let flow = check.flatMap { $0.forms.workflows[workflow] }
            for (key, node) in try facts.mapping().entries {
                if let check, let flow {
                    // An unknown key is refused even with no value: `gap_month: ~` is a misspelling all the same.
                    let field = try check.factField(key, node, in: flow)
                    if !node.isNull { result.facts[key] = try check.fact(node, field) }
                } else if !node.isNull {
                    result.facts[key] = try fact(node)
                }
            }
        }
        result.documentsPresented = try documents(map["documents_presented"], check)
        result.documentsCommitted = try documents(map["documents_committed"], check)
        result.platformRecords = try map["platform_records"]?.list().map { try record($0, check) } ?? []
        return result
    }

    static func party(_ node: SourceNode, _ check: CaseCheck?) throws -> Party {
        let map = try node.mapping(allowed: ["name", "document", "birth_date", "sex"])
        var party = Party()
        if let name = map["name"] { party.name = try check?.text(name, maxLength: SafeText.maxNameLength) ?? name.string() }
        if let birth = map["birth_date"] { party.birthDate = try date(birth, check) }
        if let sex = map["sex"] { party.sex = try enumValue(sex, Sex.self) }
        if let doc = map["document"] {
            let d = try doc.mapping(allowed: ["kind", "number", "nationality", "valid_until"])
            let kind = try enumValue(try d.required("kind"), DocumentKind.self)
            let numberNode = try d.required("number")
            let number = try check?.text(numberNode, maxLength: maxDocumentNumberLength) ?? numberNode.string()
            var nationality: String?
            if let n = d["nationality"] { nationality = try check?.text(n, maxLength: SafeText.maxLineLength) ?? n.string() }
            party.document = IdentityDocument(kind: kind, number: number, nationality: nationality,
                                              validUntil: try d["valid_until"].map { try date($0, check) })
        }
        return party
    }

    static func record(_ node: SourceNode, _ check: CaseCheck?) throws -> PlatformRecord {
        let map = try node.mapping(allowed: ["place", "scheme", "status", "year", "months", "paid", "since", "unit"])
        let placeNode = try map.required("place")
        var months: [String]?
        if let list = map["months"] {
            months = try list.list().map { month in
                let text = try month.string()
                guard let first = LocalDate("\(text)-01"), text.utf8.count == 7 else {
                    throw month.error("月份应为 YYYY-MM：“\(SourceNode.quote(text))”")
                }
                if let check { try check.inRange(first, month, text) }
                return text
            }
        }
        return PlatformRecord(
            place: try check?.place(placeNode) ?? placeNode.string(),
            scheme: try enumValue(try map.required("scheme"), Scheme.self),
            status: try enumValue(try map.required("status"), EnrollmentStatus.self),
            year: try map["year"].map { try check?.year($0) ?? $0.int() },
            months: months,
            paid: try map["paid"].map { try bool($0, check) } ?? false,
            since: try map["since"].map { try date($0, check) },
            unit: try map["unit"].map { try check?.text($0, maxLength: 18) ?? $0.string() })
    }

    static func date(_ node: SourceNode, _ check: CaseCheck?) throws -> LocalDate {
        let date = try node.date()
        try check?.inRange(date, node, node.string())
        return date
    }

    static func bool(_ node: SourceNode, _ check: CaseCheck?) throws -> Bool {
        guard check != nil else { return try node.bool() }
        guard case let .scalar(s) = node.node, ["true", "True", "TRUE", "false", "False", "FALSE"].contains(s.string) else {
            throw node.error("应为 true 或 false，实际为\(node.scalarText)")
        }
        if let problem = SourceNode.notPlain(s, expected: "true 或 false") { throw node.error(problem) }
        return s.string.lowercased() == "true"
    }

    static func documents(_ node: SourceNode?, _ check: CaseCheck?) throws -> [String] {
        guard let node else { return [] }
        return try node.list().map { item in
            let code = try item.string()
            try check?.document(item, code)
            return code
        }
    }

    /// A fact as the counter stored it: quoted text stays text ("150621" is a place, not a number).
    static func fact(_ node: SourceNode) throws -> FactValue {
        guard case let .scalar(s) = node.node else { throw node.error("应为单个值（是/否、数字或文本）") }
        let tag = s.tag.rawValue
        if tag == Tag.Name.str.rawValue || s.style == .singleQuoted || s.style == .doubleQuoted {
            return .text(try node.string())
        }
        switch s.string {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: if let i = Int(s.string) { return .int(i) }
        }
        return .text(try node.string())
    }

    static func enumValue<E: RawRepresentable & CaseIterable>(_ node: SourceNode, _: E.Type) throws -> E where E.RawValue == String {
        let raw = try node.string()
        guard let value = E(rawValue: raw) else {
            let names = E.allCases.map(\.rawValue)
            let hint = NearestName.to(raw, among: names).map { "，是否应为 \($0)？" } ?? ""
            throw node.error("“\(SourceNode.quote(raw))”不是可用的值\(hint)（可用：\(names.joined(separator: ", "))）")
        }
        return value
    }
}

/// The checks a case from outside gets against the forms it is evaluated with.
struct CaseCheck {
    let forms: FormSet

    func workflow(_ node: SourceNode) throws -> String {
        let id = try node.string()
        guard forms.workflows[id] != nil else {
            throw node.error(forms.workflows.unreadable(id) ?? unknown("业务", id, among: forms.workflows.keys.sorted()))
        }
        return id
    }

    func region(_ node: SourceNode, _ id: String) throws {
        guard forms.policy(id) != nil else {
            throw node.error(unknown("地区档案", id, among: forms.profiles.keys.sorted()))
        }
    }

    func document(_ node: SourceNode, _ code: String) throws {
        guard forms.documents.contains(code) else {
            let hint = NearestName.to(code, among: forms.documents.names.keys.sorted()).map { "，是否应为 \($0)？" } ?? ""
            throw node.error("未知的材料代码“\(SourceNode.quote(code))”\(hint)（材料代码见 Forms/documents.yaml）")
        }
    }

    func unknown(_ what: String, _ name: String, among names: [String]) -> String {
        let hint = NearestName.to(name, among: names).map { "，是否应为 \($0)？" } ?? ""
        return "未知的\(what)“\(SourceNode.quote(name))”\(hint)（\(Evaluator.available(names))）"
    }

    func inRange(_ date: LocalDate, _ node: SourceNode, _ text: String) throws {
        guard LocalDate.inputRange.contains(date) else {
            throw node.error("日期超出可受理的范围（\(LocalDate.inputRange.lowerBound) 至 \(LocalDate.inputRange.upperBound)），实际为“\(SourceNode.quote(text))”")
        }
    }

    /// A place code; `current` holds it to the division table too. A platform record's place is checked for its
    /// shape only: the platform may still carry a code retired since (as old ID numbers do).
    func place(_ node: SourceNode, current: Bool = false) throws -> String {
        let text = try node.string()
        if let problem = PlaceCode.problem(text, in: current ? forms.divisions : nil) { throw node.error("\(problem)，实际为“\(SourceNode.quote(text))”") }
        return text
    }

    func year(_ node: SourceNode) throws -> Int {
        let field = FormField(id: "coverage_year", label: "", type: .year, required: false, when: nil, choices: [], kinds: [],
                              help: nil, line: nil)
        guard case let .scalar(s) = node.node, case let .success(.int(year)) = FieldValue.read(s.string, for: field) else {
            throw node.error("\(FieldValue.expected(field))，实际为\(node.scalarText)")
        }
        if let problem = SourceNode.notPlain(s, expected: "年份") { throw node.error(problem) }
        return year
    }

    func text(_ node: SourceNode, maxLength: Int) throws -> String {
        guard case let .scalar(s) = node.node else { throw node.error("应为文本") }
        if let tag = SourceNode.explicitTag(s), tag != "!!str" { throw node.error("应为文本，不能带标签 \(tag)") }
        if let problem = SafeText.problem(in: s.string, maxLength: maxLength) ?? SafeText.blankProblem(in: s.string) {
            throw node.error(problem)
        }
        return s.string
    }

    /// The field of `workflow` a fact key names, or an error naming the nearest fact key.
    func factField(_ key: String, _ node: SourceNode, in workflow: Workflow) throws -> FormField {
        let facts = workflow.allFields.filter(\.isFact)
        guard let field = facts.first(where: { $0.id == key }) else {
            let ids = facts.map(\.id)
            let hint = NearestName.to(key, among: ids).map { "，是否应为 \($0)？" } ?? ""
            let list = ids.isEmpty ? "业务 \(workflow.id) 没有事实项" : "业务 \(workflow.id) 的事实：\(ids.joined(separator: ", "))"
            throw node.error("未知的事实\(hint)（\(list)）")
        }
        return field
    }

    /// A workflow answer with a value of its field's type.
    func fact(_ node: SourceNode, _ field: FormField) throws -> FactValue {
        guard case let .scalar(s) = node.node else {
            throw node.error("\(field.label)：\(FieldValue.expected(field))，实际为\(node.scalarText)")
        }
        // A flag or number written as quoted (or tagged) text is text, as `CaseParser.fact` reads it back.
        if [.bool, .int, .year].contains(field.type),
           let problem = SourceNode.notPlain(s, expected: FieldValue.expected(field).replacingOccurrences(of: "应为", with: "").trimmed(.whitespaces)) {
            throw node.error("\(field.label)：\(problem)")
        }
        switch FieldValue.read(s.string, for: field, divisions: forms.divisions) {
        case let .success(value): return value
        case let .failure(problem):
            // Text is refused for what it contains; it is not quoted back.
            let shown = field.type == .text || field.type == .document ? "" : "，实际为“\(SourceNode.quote(s.string))”"
            throw node.error("\(field.label)：\(problem.expected)\(shown)")
        }
    }
}
