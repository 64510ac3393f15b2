import CanbaoRules
import Foundation

/// One person and the records the platform shows for them: a line of JSON Lines, or adjacent rows of CSV.
public struct InterchangePerson: Hashable, Sendable {
    public var person: PersonInput
    public var records: [NewEnrollment]

    public init(person: PersonInput, records: [NewEnrollment] = []) {
        self.person = person
        self.records = records
    }
}

/// The file formats of `canbao store import|export`, chosen by extension.
public enum InterchangeFormat: String, Sendable, CaseIterable {
    case jsonLines = "jsonl"
    case csv

    public init(path: String) throws {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "jsonl", "ndjson": self = .jsonLines
        case "csv": self = .csv
        default: throw StoreError.unsupportedFormat((path as NSString).lastPathComponent)
        }
    }

    /// CSV columns, in export order. A person without records is one row with the record columns empty;
    /// a person with several records is several adjacent rows repeating the person columns.
    static let csvColumns = ["document_kind", "document_number", "nationality", "name", "birth_date", "sex",
                             "place", "scheme", "flexible", "status", "year", "months", "paid", "amount_fen", "since"]
    static let csvPersonColumns: Set<String> = ["document_kind", "document_number", "nationality", "name",
                                                "birth_date", "sex"]
    static let csvRequiredColumns: Set<String> = ["document_kind", "document_number", "name"]
}

/// What an import changed.
public struct ImportSummary: Hashable, Sendable {
    public var personsInserted = 0
    public var personsUpdated = 0
    public var personsUnchanged = 0
    public var recordsInserted = 0
    public var recordsUpdated = 0
    public var recordsUnchanged = 0

    public init() {}
}

public struct ExportSummary: Hashable, Sendable {
    public var persons: Int
    public var records: Int
    public var bytes: Int64
}

/// Fields as read from a file, before validation: text as written, so every problem can name its field.
struct RawPerson {
    var kind: String?
    var number: String?
    var nationality: String?
    var name: String?
    var birthDate: String?
    var sex: String?
}

struct RawRecord {
    var place: String?
    var scheme: String?
    var flexible: Bool?
    var status: String?
    var year: Int?
    var months: [String]?
    var paid: Bool?
    var amountFen: Int?
    var since: String?
    /// Fields the reader already refused (a CSV `paid` of `yes`): not said again to be missing.
    var refused: Set<String> = []
}

/// Validation shared by both formats. `field` turns a canonical field name (`document.kind`, `status`) into the
/// name the file uses, so messages point at what the user sees. Every field is checked whatever the others hold, so
/// a line's problems are all said at once; a refused field is not also said to be missing.
enum InterchangeValidation {
    static func person(_ raw: RawPerson, line: Int, field: (String) -> String,
                       issues: inout [ImportIssue]) -> PersonInput? {
        let before = issues.count
        func issue(_ name: String, _ reason: String) { issues.append(ImportIssue(line: line, field: field(name), reason: reason)) }
        // Control characters and length first: a refused value is never echoed in a message.
        var refused: Set<String> = []
        var raw = raw
        raw.name = safe(raw.name, "name", SafeText.maxNameLength, issue, &refused)
        raw.kind = safe(raw.kind, "document.kind", SafeText.maxLineLength, issue, &refused)
        raw.number = safe(raw.number, "document.number", SafeText.maxLineLength, issue, &refused)
        raw.nationality = safe(raw.nationality, "document.nationality", SafeText.maxLineLength, issue, &refused)
        raw.birthDate = safe(raw.birthDate, "birth_date", SafeText.maxLineLength, issue, &refused)
        raw.sex = safe(raw.sex, "sex", SafeText.maxLineLength, issue, &refused)

        var kind: DocumentKind?
        if let text = nonEmpty(raw.kind) {
            kind = DocumentKind(rawValue: text)
            if kind == nil {
                issue("document.kind", "证件类型“\(text)”无效（应为 \(DocumentKind.allCases.map(\.rawValue).joined(separator: "、"))）")
            }
        } else if !refused.contains("document.kind") {
            issue("document.kind", "缺少证件类型")
        }
        let number = IdentityDocument.normalize(raw.number ?? "")
        if number.isEmpty, !refused.contains("document.number") { issue("document.number", "缺少证件号码") }
        let name = raw.name?.trimmed(.whitespacesAndNewlines) ?? ""
        if name.isEmpty, !refused.contains("name") { issue("name", "缺少姓名") }
        var birth: LocalDate?
        if let text = nonEmpty(raw.birthDate) {
            birth = LocalDate(text)
            if birth == nil { issue("birth_date", "“\(text)”不是有效日期（应为 YYYY-MM-DD）") }
        }
        var sex: Sex?
        if let text = nonEmpty(raw.sex) {
            sex = Sex(rawValue: text)
            if sex == nil { issue("sex", "“\(text)”无效（应为 male 或 female）") }
        }
        if let date = birth, let problem = date.inputProblem { issue("birth_date", problem) }
        // Without a refused nationality: a passport's would be said to be missing.
        guard let kind, !number.isEmpty, !refused.contains("document.nationality") else { return nil }
        // The same checks a case file's document gets (国家规程 第七条): a number the counter would refuse is not
        // stored from a file either, nor a birth date or sex the number contradicts.
        let document = IdentityDocument(kind: kind, number: number, nationality: nonEmpty(raw.nationality))
        for problem in IdentityValidation.problems(of: document) { issue("document.number", problem) }
        for finding in IdentityValidation.consistency(of: document, birthDate: birth, sex: sex, origin: nil,
                                                      field: "document.number") {
            issue("document.number", finding.message)
        }
        guard issues.count == before else { return nil }
        return PersonInput(document: document, name: name, birthDate: birth, sex: sex)
    }

    /// `birthDate` is the person's on the same line, when valid: a record cannot start before it.
    static func record(_ raw: RawRecord, line: Int, field: (String) -> String, birthDate: LocalDate? = nil,
                       issues: inout [ImportIssue]) -> NewEnrollment? {
        let before = issues.count
        func issue(_ name: String, _ reason: String) { issues.append(ImportIssue(line: line, field: field(name), reason: reason)) }
        var refused = raw.refused
        var raw = raw
        raw.place = safe(raw.place, "place", SafeText.maxLineLength, issue, &refused)
        raw.scheme = safe(raw.scheme, "scheme", SafeText.maxLineLength, issue, &refused)
        raw.status = safe(raw.status, "status", SafeText.maxLineLength, issue, &refused)
        raw.since = safe(raw.since, "since", SafeText.maxLineLength, issue, &refused)
        raw.months = raw.months?.filter { safe($0, "months", SafeText.maxLineLength, issue, &refused) != nil }

        let place = raw.place?.trimmed(.whitespaces) ?? ""
        if place.isEmpty {
            if !refused.contains("place") { issue("place", "缺少参保地") }
        } else if let problem = PlaceCode.problem(place) {
            // Shape only: a record of years ago may name a code since retired (GB/T 2260).
            issue("place", "“\(place.prefix(24))”\(problem)")
        }
        var scheme: Scheme?
        if let text = nonEmpty(raw.scheme) {
            scheme = Scheme(rawValue: text)
            if scheme == nil { issue("scheme", "险种“\(text)”无效（应为 resident 或 employee）") }
        } else if !refused.contains("scheme") {
            issue("scheme", "缺少险种")
        }
        var status: EnrollmentStatus?
        if let text = nonEmpty(raw.status) {
            status = EnrollmentStatus(rawValue: text)
            if status == nil { issue("status", "参保状态“\(text)”无效（应为 active、suspended 或 terminated）") }
        } else if !refused.contains("status") {
            issue("status", "缺少参保状态")
        }
        if raw.paid == nil, !refused.contains("paid") { issue("paid", "缺少缴费标志（true 或 false）") }
        var since: LocalDate?
        if let text = nonEmpty(raw.since) {
            since = LocalDate(text)
            if since == nil { issue("since", "“\(text)”不是有效日期（应为 YYYY-MM-DD）") }
        }
        // A refused year or month is not also "neither given".
        for problem in EnrollmentValidation.problems(year: raw.year, months: raw.months, amountFen: raw.amountFen)
        where !refused.contains(problem.field) {
            issue(problem.field, problem.reason)
        }
        for problem in EnrollmentValidation.consistency(scheme: scheme, flexible: raw.flexible, paid: raw.paid,
                                                        amountFen: raw.amountFen, year: raw.year, since: since,
                                                        birthDate: birthDate) {
            issue(problem.field, problem.reason)
        }
        guard issues.count == before, let scheme, let status, let paid = raw.paid else { return nil }
        return NewEnrollment(place: place, scheme: scheme, flexible: raw.flexible ?? false, status: status,
                             year: raw.year, months: raw.months, paid: paid, amountFen: raw.amountFen, since: since)
    }

    /// The value when `SafeText` accepts it as one line of at most `maxLength` characters; else an issue naming the
    /// field and the character (never the value itself), the field in `refused`, and nil.
    static func safe(_ value: String?, _ name: String, _ maxLength: Int, _ issue: (String, String) -> Void,
                     _ refused: inout Set<String>) -> String? {
        guard let value else { return nil }
        if let problem = SafeText.problem(in: value, maxLength: maxLength) {
            issue(name, problem)
            refused.insert(name)
            return nil
        }
        return value
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmed(.whitespaces), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
