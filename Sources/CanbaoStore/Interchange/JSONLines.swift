import CanbaoRules
import Foundation

/// JSON Lines: one person per line, with the keys of the case file (`document`, `birth_date`, `platform_records`).
///
///     {"birth_date":"1949-12-31","document":{"kind":"resident-id","number":"11010519491231002X"},"name":"王芳",
///      "platform_records":[{"flexible":false,"paid":true,"place":"150102","scheme":"resident","status":"active",
///      "year":2026}],"sex":"female"}
enum JSONLines {
    static func parse(_ data: Data, issues: inout [ImportIssue]) -> [InterchangePerson] {
        var persons: [InterchangePerson] = []
        var firstLine: [String: Int] = [:]
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var lineNumber = 0
        var anyLine = false
        for lineBytes in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard let text = String(validating: lineBytes, as: UTF8.self) else {
                issues.append(ImportIssue(line: lineNumber, field: nil, reason: "不是有效的 UTF-8 文本"))
                continue
            }
            if text.trimmed(.whitespacesAndNewlines).isEmpty { continue }
            anyLine = true
            // Read as RFC 8259 writes JSON (the case files' reader): Foundation's takes the last of two equal keys
            // and lets a trailing comma pass, so `"paid":false,"paid":true` would import as paid.
            var reader = LineReader(line: lineNumber)
            guard let line = reader.line(text) else {
                issues += reader.issues
                continue
            }
            issues += reader.issues
            // A field of the wrong type was said; it is not said again to be missing or invalid.
            func said(_ field: String?) -> Bool { reader.issues.contains { $0.field == field } }
            let raw = RawPerson(kind: line.document?.kind, number: line.document?.number,
                                nationality: line.document?.nationality, name: line.name, birthDate: line.birthDate,
                                sex: line.sex)
            // Every problem of the line at once: the person's fields, then each record's.
            var personIssues: [ImportIssue] = []
            let person = InterchangeValidation.person(raw, line: lineNumber, field: { $0 }, issues: &personIssues)
            if line.document == nil {
                // One problem for the missing object, not one for each of its fields.
                if !said("document") {
                    issues.append(ImportIssue(line: lineNumber, field: "document", reason: "缺少证件（document）"))
                }
                personIssues.removeAll { $0.field?.hasPrefix("document.") == true }
            }
            personIssues.removeAll { said($0.field) }
            issues += personIssues
            var records: [NewEnrollment] = []
            for (index, rawRecord) in (line.records ?? []).enumerated() {
                guard let rawRecord else { continue }  // not an object: said
                if let record = InterchangeValidation.record(rawRecord, line: lineNumber,
                                                             field: { "platform_records[\(index)].\($0)" },
                                                             birthDate: person?.birthDate, issues: &issues) {
                    records.append(record)
                }
            }
            guard let person else { continue }
            if let earlier = firstLine[person.document.key] {
                issues.append(ImportIssue(line: lineNumber, field: "document.number",
                                          reason: "同一证件已在第 \(earlier) 行出现"))
                continue
            }
            firstLine[person.document.key] = lineNumber
            persons.append(InterchangePerson(person: person, records: records))
        }
        // As an empty CSV is: a file with nothing to import is more likely the wrong file than an import of nothing.
        if !anyLine && issues.isEmpty { issues.append(ImportIssue(line: 1, field: nil, reason: "文件为空")) }
        return persons
    }

    /// One exported line, keys sorted so the same data always gives the same bytes.
    static func encode(_ person: PersonRecord, _ records: [EnrollmentRecord], with encoder: JSONEncoder) throws -> Data {
        let line = ExportLine(
            document: ExportDocument(kind: person.documentKind.rawValue, number: person.documentNumber,
                                     nationality: person.nationality),
            name: person.name, birthDate: person.birthDate?.description, sex: person.sex?.rawValue,
            records: records.map {
                ExportRecord(place: $0.place, scheme: $0.scheme.rawValue, flexible: $0.flexible,
                             status: $0.status.rawValue, year: $0.year, months: $0.months, paid: $0.paid,
                             amountFen: $0.amountFen, since: $0.since?.description)
            })
        return try encoder.encode(line)
    }

    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    // MARK: - Reading, strict about syntax, keys and types

    /// Reads one line into its fields, noting every field of the wrong type (not only the first) as an issue naming
    /// it. Text must be a JSON string, a flag `true`/`false`, a year or amount a JSON integer; `null` is absent.
    struct LineReader {
        let line: Int
        var issues: [ImportIssue] = []

        init(line: Int) { self.line = line }

        struct Line {
            var document: Document?
            var name: String?
            var birthDate: String?
            var sex: String?
            /// Nil where an element is not an object (said), so the others keep their index.
            var records: [RawRecord?]?
        }

        struct Document {
            var kind: String?
            var number: String?
            var nationality: String?
        }

        /// The line's fields, or nil when it is not a JSON object of known keys.
        mutating func line(_ text: String) -> Line? {
            do {
                let map = try SourceNode.parse(text, file: "", json: true)
                    .mapping(allowed: ["document", "name", "birth_date", "sex", "platform_records"])
                var line = Line()
                if let node = map["document"] { line.document = document(node) }
                line.name = self.text(map["name"])
                line.birthDate = self.text(map["birth_date"])
                line.sex = self.text(map["sex"])
                if let node = map["platform_records"] { line.records = read(node) { try $0.list() }?.map { record($0) } }
                return line
            } catch let error as SourceError {
                note(error)
                return nil
            } catch {
                issues.append(ImportIssue(line: line, field: nil, reason: "无法解析"))
                return nil
            }
        }

        mutating func document(_ node: SourceNode) -> Document? {
            guard let map = read(node, { try $0.mapping(allowed: ["kind", "number", "nationality"]) }) else { return nil }
            return Document(kind: text(map["kind"]), number: text(map["number"]), nationality: text(map["nationality"]))
        }

        mutating func record(_ node: SourceNode) -> RawRecord? {
            let allowed: Set<String> = ["place", "scheme", "flexible", "status", "year", "months", "paid", "amount_fen",
                                        "since"]
            guard let map = read(node, { try $0.mapping(allowed: allowed) }) else { return nil }
            var raw = RawRecord()
            raw.place = text(map["place"])
            raw.scheme = text(map["scheme"])
            raw.flexible = map["flexible"].flatMap { read($0) { try $0.bool() } }
            raw.status = text(map["status"])
            raw.year = map["year"].flatMap { read($0) { try $0.int() } }
            raw.months = map["months"].flatMap { node in read(node) { try $0.list() }.map { $0.compactMap { text($0) } } }
            raw.paid = map["paid"].flatMap { read($0) { try $0.bool() } }
            raw.amountFen = map["amount_fen"].flatMap { read($0) { try $0.int() } }
            raw.since = text(map["since"])
            // A field of the wrong type is said once, not again as missing.
            for (key, value) in map.entries where !value.isNull && issues.contains(where: {
                $0.field == value.path || $0.field?.hasPrefix(value.path + "[") == true  // a month of `months`
            }) {
                raw.refused.insert(key)
            }
            return raw
        }

        /// A JSON string: a number or flag where text belongs is a type error, as a string where a number belongs is.
        mutating func text(_ node: SourceNode?) -> String? {
            guard let node else { return nil }
            return read(node) { node in
                guard case let .scalar(s) = node.node, s.style == .doubleQuoted else { throw node.error("类型错误，应为字符串") }
                return try node.string()
            }
        }

        mutating func read<T>(_ node: SourceNode, _ body: (SourceNode) throws -> T) -> T? {
            do {
                return try body(node)
            } catch let error as SourceError {
                note(error)
            } catch {
                issues.append(ImportIssue(line: line, field: node.path, reason: "无法解析"))
            }
            return nil
        }

        mutating func note(_ error: SourceError) {
            // The reader sees one line as its whole text.
            let reason = error.reason.replacingOccurrences(of: "文件结尾", with: "行尾")
            issues.append(ImportIssue(line: line, field: error.path.isEmpty ? nil : error.path, reason: reason))
        }
    }

    // MARK: - Encoding

    struct ExportDocument: Encodable {
        var kind: String
        var number: String
        var nationality: String?
    }

    struct ExportRecord: Encodable {
        var place: String
        var scheme: String
        var flexible: Bool
        var status: String
        var year: Int?
        var months: [String]?
        var paid: Bool
        var amountFen: Int?
        var since: String?

        enum CodingKeys: String, CodingKey {
            case place, scheme, flexible, status, year, months, paid, since
            case amountFen = "amount_fen"
        }
    }

    struct ExportLine: Encodable {
        var document: ExportDocument
        var name: String
        var birthDate: String?
        var sex: String?
        var records: [ExportRecord]

        enum CodingKeys: String, CodingKey {
            case document, name, sex
            case birthDate = "birth_date"
            case records = "platform_records"
        }
    }
}
