import CanbaoRules
import Foundation

/// Reads a form field's value out of a case and writes typed text back, validating it as the clerk leaves the field.
enum FieldBinding {
    static let yes = "是", no = "否"

    /// The field's value as shown at the counter.
    static func display(_ field: FormField, _ c: CaseFile) -> String {
        if field.type == .document {
            return party(field.id, c)?.document?.number ?? ""
        }
        guard let raw = CasePath.value(field.id, in: c) else { return "" }
        return label(field, raw: raw)
    }

    /// The Chinese label of a stored value (是/否, 居民医保, 男, a choice's label), or the value itself.
    static func label(_ field: FormField, raw: String) -> String {
        switch field.type {
        case .bool: return raw == "true" ? yes : (raw == "false" ? no : raw)
        case .sex: return Sex(rawValue: raw)?.chinese ?? raw
        case .scheme: return Scheme(rawValue: raw)?.chinese ?? raw
        case .choice: return field.choices.first { $0.value == raw }?.label ?? raw
        default: return raw
        }
    }

    /// The options F4 offers and Space cycles through, as (stored value, label).
    static func options(_ field: FormField) -> [Choice] {
        switch field.type {
        case .bool: return [Choice(value: "true", label: yes), Choice(value: "false", label: no)]
        case .sex: return Sex.allCases.map { Choice(value: $0.rawValue, label: $0.chinese) }
        case .scheme: return Scheme.allCases.map { Choice(value: $0.rawValue, label: $0.chinese) }
        case .choice: return field.choices
        case .document: return field.kinds.map { Choice(value: $0.rawValue, label: $0.chineseName) }
        default: return []
        }
    }

    /// True for fields answered by choosing rather than typing.
    static func isChoice(_ field: FormField) -> Bool { [.bool, .sex, .scheme, .choice].contains(field.type) }

    static func party(_ id: String, _ c: CaseFile) -> Party? {
        if id.hasPrefix("person") { return c.person }
        if id.hasPrefix("guardian") { return c.guardian }
        if id.hasPrefix("agent") { return c.agent }
        return nil
    }

    static func setParty(_ id: String, _ c: inout CaseFile, _ update: (inout Party) -> Void) {
        func apply(_ p: Party?) -> Party? {
            var party = p ?? Party()
            update(&party)
            let empty = (party.name ?? "").isEmpty && party.document == nil && party.birthDate == nil && party.sex == nil
            return empty ? nil : party
        }
        if id.hasPrefix("person") { c.person = apply(c.person) } else if id.hasPrefix("guardian") { c.guardian = apply(c.guardian) } else if id.hasPrefix("agent") {
            c.agent = apply(c.agent)
        }
    }

    /// The document kind a document field currently has (its own, else the field's first).
    static func kind(_ field: FormField, _ c: CaseFile) -> DocumentKind {
        party(field.id, c)?.document?.kind ?? field.kinds.first ?? .residentID
    }

    static func setKind(_ field: FormField, _ kind: DocumentKind, _ c: inout CaseFile) {
        setParty(field.id, &c) { p in
            p.document = IdentityDocument(kind: kind, number: p.document?.number ?? "", nationality: p.document?.nationality,
                                          validUntil: p.document?.validUntil)
        }
    }

    /// The party prefix of a field id: `person`, `guardian`, `agent`, or nil for a workflow fact.
    static func partyPrefix(_ id: String) -> String? {
        ["person", "guardian", "agent"].first { id.hasPrefix($0 + ".") }
    }

    /// A birth date or sex that the party's document number carries (GB 11643): filled in from the number and not
    /// typed again; editable only for a document that does not carry it.
    static func isDerived(_ field: FormField, _ c: CaseFile) -> Bool {
        guard field.id.hasSuffix(".birth_date") || field.id.hasSuffix(".sex") else { return false }
        return DocumentEntry.carried(party(field.id, c)?.document) != nil
    }

    /// Fills the party's birth date and sex from its document number when it carries them and the workflow asks
    /// for them (`workflow` has `<party>.birth_date` / `<party>.sex`). True when anything changed.
    @discardableResult
    static func derive(_ prefix: String, _ c: inout CaseFile, workflow: Workflow?) -> Bool {
        guard let decoded = DocumentEntry.carried(party(prefix + ".", c)?.document) else { return false }
        let before = c
        let birth = workflow?.field(prefix + ".birth_date") != nil
        let sex = workflow?.field(prefix + ".sex") != nil
        setParty(prefix + ".", &c) { p in
            if birth { p.birthDate = decoded.birthDate }
            if sex { p.sex = decoded.sex }
        }
        return c != before
    }

    /// A document's expiry or nationality, refused while the document has no number yet (see `store`).
    static func waitsForDocument(_ id: String, _ c: CaseFile) -> Bool {
        (id.hasSuffix(".document.valid_until") || id.hasSuffix(".document.nationality")) && party(id, c)?.document == nil
    }

    /// Why `text` is not a date, in the clerk's terms: a date written right that does not exist (2026-02-30) is named
    /// as such, with what its month allows, rather than as a wrong format.
    static func dateProblem(_ label: String, _ text: String) -> String {
        let bytes = Array(text.utf8)
        let dashed = bytes.count == 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
        let digits = bytes.enumerated().filter { !dashed || ($0.offset != 4 && $0.offset != 7) }.map(\.element)
        guard dashed || bytes.count == 8, digits.count == 8, digits.allSatisfy({ (48...57).contains($0) }) else {
            return "\(label)：“\(text.prefix(16))”不是有效日期，应为 YYYY-MM-DD（如 2026-01-31）"
        }
        let n = digits.map { Int($0) - 48 }
        let (y, m, d) = (n[0...3].reduce(0) { $0 * 10 + $1 }, n[4] * 10 + n[5], n[6] * 10 + n[7])
        let shown = String(format: "%04d-%02d-%02d", y, m, d)
        if (1...12).contains(m), (1...LocalDate.daysIn(month: m, year: y)).contains(d) {
            return "\(label)：“\(text.prefix(16))”不是有效日期，应为 YYYY-MM-DD（如 2026-01-31）"
        }
        return "\(label)：\(shown) 不是有效日期（\(LocalDate.dayProblem(year: y, month: m, day: d))），请改正"
    }

    /// Stores the typed text; returns a Chinese message naming what is wrong when it cannot be read.
    /// Empty text clears the value (required fields are reported by the rules, not here). A place is held to the
    /// division table (GB/T 2260); a name typed there that names one place only is taken as its code.
    static func commit(_ field: FormField, text raw: String, _ c: inout CaseFile, divisions: Divisions = Divisions()) -> String? {
        let text = raw.trimmed(.whitespaces)
        let id = field.id
        switch field.type {
        case .document:
            let kind = kind(field, c)
            setParty(id, &c) { p in
                p.document = text.isEmpty ? nil : IdentityDocument(kind: kind, number: IdentityDocument.normalize(text),
                                                                   nationality: p.document?.nationality,
                                                                   validUntil: p.document?.validUntil)
            }
            return nil
        case .date:
            var date: LocalDate?
            if !text.isEmpty {
                guard let d = LocalDate(text) ?? LocalDate(text, compact: true) else { return dateProblem(field.label, text) }
                // The same range a case file is held to (LocalDate.inputRange).
                if let problem = d.inputProblem { return "\(field.label)：\(problem)" }
                date = d
            }
            return store(field, date.map { .text($0.description) }, &c)
        case .month:
            guard !text.isEmpty else { return store(field, nil, &c) }
            switch FieldValue.read(text, for: field) {
            case let .success(value): return store(field, value, &c)
            case let .failure(problem): return "\(field.label)：\(problem.expected)（如 2026-01），实际为“\(text.prefix(16))”"
            }
        case .int, .year:
            var value: Int?
            if !text.isEmpty {
                let digits = IdentityDocument.normalize(text)
                guard case let .success(.int(n)) = FieldValue.read(digits, for: field) else {
                    return "\(field.label)：“\(text.prefix(16))”不是有效的\(field.type == .year ? "年份" : "数字")，\(FieldValue.expected(field))"
                }
                value = n
            }
            return store(field, value.map { .int($0) }, &c)
        case .bool, .sex, .scheme, .choice:
            let option = options(field).first { $0.label == text || $0.value == text }
            if !text.isEmpty, option == nil { return "\(field.label)：请按空格或 F4 选择" }
            return store(field, option.map { .text($0.value) }, &c)
        case .place:
            var code = IdentityDocument.normalize(text)
            if !code.isEmpty, !code.allSatisfy(\.isASCII), !divisions.isEmpty {
                let found = divisions.search(text, limit: 2)
                guard found.count == 1 else {
                    let why = found.isEmpty ? "没有名称含“\(text.prefix(16))”的地点" : "名称含“\(text.prefix(16))”的地点不止一个"
                    return "\(field.label)：\(why)，请按 F4 查找并选择"
                }
                code = found[0].code
            }
            if !code.isEmpty, let problem = PlaceCode.problem(code, in: divisions) {
                let hint = problem == PlaceCode.unknown ? "；按 F4 按名称查找" : ""
                return "\(field.label)：\(problem)，实际为“\(text.prefix(16))”\(hint)"
            }
            return store(field, code.isEmpty ? nil : .text(code), &c)
        case .text:
            // Typed and pasted text is already free of controls; this is the same check a case file gets.
            if let problem = SafeText.problem(in: text, maxLength: FieldValue.textLimit(field.id)) { return "\(field.label)：\(problem)" }
            return store(field, text.isEmpty ? nil : .text(text), &c)
        }
    }

    /// Writes a typed value at the field's case path.
    static func store(_ field: FormField, _ value: FactValue?, _ c: inout CaseFile) -> String? {
        let id = field.id
        let text = value?.textValue
        switch id {
        case "here": c.here = text
        case "scheme": c.scheme = text.flatMap(Scheme.init(rawValue:))
        case "flexible": c.flexible = text.map { $0 == "true" }
        case "coverage_year": c.coverageYear = value?.intValue
        case _ where id.hasSuffix(".document.valid_until"):
            // The expiry belongs to the document: without a number there is nothing to attach it to.
            if text != nil, party(id, c)?.document == nil { return "\(field.label)：请先填写证件号码" }
            setParty(id, &c) { $0.document?.validUntil = text.flatMap { LocalDate($0) } }
        case _ where id.hasSuffix(".document.nationality"):
            if text != nil, party(id, c)?.document == nil { return "\(field.label)：请先填写证件号码" }
            // Refused as typed, with the nearest name, rather than found wrong by the rules at the end.
            if let text, let problem = Nationality.problem(text) { return "\(field.label)：\(problem)" }
            setParty(id, &c) { $0.document?.nationality = text }
        case _ where id.hasSuffix(".name"):
            setParty(id, &c) { $0.name = text }
        case _ where id.hasSuffix(".birth_date"):
            setParty(id, &c) { $0.birthDate = text.flatMap { LocalDate($0) } }
        case _ where id.hasSuffix(".sex"):
            setParty(id, &c) { $0.sex = text.flatMap(Sex.init(rawValue:)) }
        default:
            // Workflow facts keep their type: yes/no as booleans, numbers as numbers.
            if field.type == .bool || field.type == .choice && ["true", "false"].contains(text ?? "") {
                c.facts[id] = text.map { .bool($0 == "true") }
            } else {
                c.facts[id] = value
            }
        }
        return nil
    }
}

/// A platform record as the screens show it: its place named beside the code (GB/T 2260).
enum RecordText {
    /// `150621 鄂尔多斯市达拉特旗 居民医保 2026年 正常参保（已缴费）`; the code alone when the table does not hold it.
    static func line(_ r: PlatformRecord, _ divisions: Divisions) -> String {
        divisions.label(r.place) + String(r.summary.dropFirst(r.place.count))
    }
}
