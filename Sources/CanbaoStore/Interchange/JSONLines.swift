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
        let decoder = JSONDecoder()
        for lineBytes in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard let text = String(validating: lineBytes, as: UTF8.self) else {
                issues.append(ImportIssue(line: lineNumber, field: nil, reason: "不是有效的 UTF-8 文本"))
                continue
            }
            if text.trimmed(.whitespacesAndNewlines).isEmpty { continue }
            anyLine = true
            let line: Line
            do {
                line = try decoder.decode(Line.self, from: Data(text.utf8))
            } catch let error as DecodingError {
                issues.append(issue(for: error, line: lineNumber))
                continue
            } catch {
                issues.append(ImportIssue(line: lineNumber, field: nil, reason: "不是有效的 JSON"))
                continue
            }
            let raw = RawPerson(kind: line.document?.kind, number: line.document?.number,
                                nationality: line.document?.nationality, name: line.name, birthDate: line.birthDate,
                                sex: line.sex)
            // Every problem of the line at once: the person's fields, then each record's.
            var personIssues: [ImportIssue] = []
            let person = InterchangeValidation.person(raw, line: lineNumber, field: { $0 }, issues: &personIssues)
            if line.document == nil {
                // One problem for the missing object, not one for each of its fields.
                issues.append(ImportIssue(line: lineNumber, field: "document", reason: "缺少证件（document）"))
                personIssues.removeAll { $0.field?.hasPrefix("document.") == true }
            }
            issues += personIssues
            var records: [NewEnrollment] = []
            for (index, rawRecord) in (line.records ?? []).enumerated() {
                if let record = InterchangeValidation.record(rawRecord, line: lineNumber,
                                                             field: { "platform_records[\(index)].\($0)" },
                                                             issues: &issues) {
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

    // MARK: - Decoding, strict about keys and types

    private static func issue(for error: DecodingError, line: Int) -> ImportIssue {
        switch error {
        case let .typeMismatch(type, context):
            return ImportIssue(line: line, field: path(context.codingPath), reason: "类型错误，应为\(typeName(type))")
        case let .valueNotFound(type, context):
            return ImportIssue(line: line, field: path(context.codingPath), reason: "不能为 null，应为\(typeName(type))")
        case let .keyNotFound(key, context):
            return ImportIssue(line: line, field: path(context.codingPath + [key]), reason: "缺少此字段")
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty { return ImportIssue(line: line, field: nil, reason: "不是有效的 JSON 对象") }
            return ImportIssue(line: line, field: path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            return ImportIssue(line: line, field: nil, reason: "无法解析")
        }
    }

    /// `platform_records[1].status` from a coding path.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "字符串"
        case is Int.Type: return "整数"
        case is Bool.Type: return " true 或 false"
        case is [String].Type: return "字符串数组"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "数组" : "对象"
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// A misspelt key ("birthdate") would otherwise be dropped in silence.
    private static func rejectUnknownKeys(_ container: KeyedDecodingContainer<Key>, allowed: Set<String>) throws {
        for key in container.allKeys where !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath + [key],
                                                    debugDescription: "未知字段"))
        }
    }

    struct Line: Decodable {
        var document: Document?
        var name: String?
        var birthDate: String?
        var sex: String?
        var records: [RawRecord]?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            try rejectUnknownKeys(c, allowed: ["document", "name", "birth_date", "sex", "platform_records"])
            document = try c.decodeIfPresent(Document.self, forKey: Key("document"))
            name = try c.decodeIfPresent(String.self, forKey: Key("name"))
            birthDate = try c.decodeIfPresent(String.self, forKey: Key("birth_date"))
            sex = try c.decodeIfPresent(String.self, forKey: Key("sex"))
            records = try c.decodeIfPresent([RawRecord].self, forKey: Key("platform_records"))
        }
    }

    struct Document: Decodable {
        var kind: String?
        var number: String?
        var nationality: String?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            try rejectUnknownKeys(c, allowed: ["kind", "number", "nationality"])
            kind = try c.decodeIfPresent(String.self, forKey: Key("kind"))
            number = try c.decodeIfPresent(String.self, forKey: Key("number"))
            nationality = try c.decodeIfPresent(String.self, forKey: Key("nationality"))
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

extension RawRecord: Decodable {
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONLines.Key.self)
        let allowed: Set<String> = ["place", "scheme", "flexible", "status", "year", "months", "paid", "amount_fen",
                                    "since"]
        for key in c.allKeys where !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [key], debugDescription: "未知字段"))
        }
        typealias K = JSONLines.Key
        place = try c.decodeIfPresent(String.self, forKey: K("place"))
        scheme = try c.decodeIfPresent(String.self, forKey: K("scheme"))
        flexible = try c.decodeIfPresent(Bool.self, forKey: K("flexible"))
        status = try c.decodeIfPresent(String.self, forKey: K("status"))
        year = try c.decodeIfPresent(Int.self, forKey: K("year"))
        months = try c.decodeIfPresent([String].self, forKey: K("months"))
        paid = try c.decodeIfPresent(Bool.self, forKey: K("paid"))
        amountFen = try c.decodeIfPresent(Int.self, forKey: K("amount_fen"))
        since = try c.decodeIfPresent(String.self, forKey: K("since"))
    }
}
