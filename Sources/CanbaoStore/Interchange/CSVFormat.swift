import CanbaoRules
import Foundation

/// CSV (UTF-8, comma, header row; a leading byte-order mark is accepted): one row per platform record, the person
/// columns repeated on each of a person's adjacent rows. `months` is `2025-11;2025-12`; booleans are true/false.
/// Read by `CSVReader` and written by `CSVWriter`, like every CSV of canbao.
enum CSVFormat {
    static func parse(_ data: Data, issues: inout [ImportIssue]) -> [InterchangePerson] {
        let table: CSVTable
        do {
            table = try CSVReader.read(data, encodings: [.utf8, .utf8BOM])
        } catch let error as CSVReadError {
            issues.append(ImportIssue(line: error.line ?? 1, field: nil, reason: error.reason))
            return []
        } catch {
            issues.append(ImportIssue(line: 1, field: nil, reason: "无法解析 CSV：\(error)"))
            return []
        }
        let header = table.header
        let known = Set(InterchangeFormat.csvColumns)
        var headerProblems = false
        for column in header where !known.contains(column) {
            issues.append(ImportIssue(line: 1, field: SafeText.escaped(String(column.prefix(40))), reason: "未知的列"))
            headerProblems = true
        }
        for column in InterchangeFormat.csvRequiredColumns.sorted() where !header.contains(column) {
            issues.append(ImportIssue(line: 1, field: column, reason: "缺少必需的列"))
            headerProblems = true
        }
        if Set(header).count != header.count {
            issues.append(ImportIssue(line: 1, field: nil, reason: "表头有重复的列"))
            headerProblems = true
        }
        if headerProblems { return [] }

        // As an empty file is: a header alone is more likely the wrong file (or a failed export) than an import of
        // nothing.
        if table.rows.isEmpty {
            issues.append(ImportIssue(line: 2, field: nil, reason: "文件只有表头，没有数据行"))
            return []
        }
        var persons: [InterchangePerson] = []
        var firstLine: [String: Int] = [:]
        var current: (key: String, line: Int, raw: [String: String])?
        let recordColumns = header.filter { !InterchangeFormat.csvPersonColumns.contains($0) }
        for row in table.rows {
            let line = row.line
            let fields = table.cells(row)
            guard fields.count == header.count else {
                issues.append(ImportIssue(line: line, field: nil,
                                          reason: "有 \(fields.count) 个字段，表头有 \(header.count) 列"))
                continue
            }
            let values = Dictionary(uniqueKeysWithValues: zip(header, fields))
            // The person's problems and the record's, all of them at once.
            let person = InterchangeValidation.person(rawPerson(values), line: line, field: csvName, issues: &issues)
            var record: NewEnrollment?
            if recordColumns.contains(where: { !(values[$0] ?? "").trimmed(.whitespaces).isEmpty }) {
                record = InterchangeValidation.record(rawRecord(values, line: line, issues: &issues), line: line,
                                                      field: { $0 }, birthDate: person?.birthDate, issues: &issues)
            }
            // A valid person is placed among the rows (adjacency, repeats) even when the record is wrong.
            guard let person else { continue }

            let key = person.document.key
            if let open = current, open.key == key {
                // Another record of the person on the previous row: the person columns must agree.
                for column in InterchangeFormat.csvPersonColumns.sorted() where column != "document_number" {
                    let a = (open.raw[column] ?? "").trimmed(.whitespaces)
                    let b = (values[column] ?? "").trimmed(.whitespaces)
                    if a != b {
                        issues.append(ImportIssue(line: line, field: column,
                                                  reason: "与第 \(open.line) 行同一人员的值不一致（“\(a)”/“\(b)”）"))
                    }
                }
                if let record { persons[persons.count - 1].records.append(record) }
                continue
            }
            if let earlier = firstLine[key] {
                issues.append(ImportIssue(line: line, field: "document_number",
                                          reason: "同一证件已在第 \(earlier) 行出现（同一人员的行须相邻）"))
                continue
            }
            firstLine[key] = line
            current = (key, line, values)
            persons.append(InterchangePerson(person: person, records: record.map { [$0] } ?? []))
        }
        return persons
    }

    private static func csvName(_ canonical: String) -> String {
        switch canonical {
        case "document.kind": return "document_kind"
        case "document.number": return "document_number"
        case "document.nationality": return "nationality"
        default: return canonical
        }
    }

    private static func rawPerson(_ values: [String: String]) -> RawPerson {
        RawPerson(kind: values["document_kind"], number: values["document_number"],
                  nationality: values["nationality"], name: values["name"], birthDate: values["birth_date"],
                  sex: values["sex"])
    }

    /// The record's cells; a boolean or number that does not read is reported and listed in `refused`.
    private static func rawRecord(_ values: [String: String], line: Int, issues: inout [ImportIssue]) -> RawRecord {
        var refused: Set<String> = []
        func text(_ column: String) -> String? { InterchangeValidation.nonEmpty(values[column]) }
        func bool(_ column: String) -> Bool? {
            guard let value = text(column) else { return nil }
            switch value.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default:
                issues.append(ImportIssue(line: line, field: column, reason: "“\(value)”无效（应为 true 或 false）"))
                refused.insert(column)
                return nil
            }
        }
        func int(_ column: String) -> Int? {
            guard let value = text(column) else { return nil }
            guard let number = Int(value) else {
                issues.append(ImportIssue(line: line, field: column, reason: "“\(value)”不是整数"))
                refused.insert(column)
                return nil
            }
            return number
        }
        var raw = RawRecord(
            place: text("place"), scheme: text("scheme"), flexible: bool("flexible"), status: text("status"),
            year: int("year"),
            months: text("months").map { $0.split(separator: ";").map { $0.trimmed(.whitespaces) } },
            paid: bool("paid"), amountFen: int("amount_fen"), since: text("since"))
        raw.refused = refused
        return raw
    }

    // MARK: - Writing

    static var headerLine: String { CSVWriter.line(InterchangeFormat.csvColumns) }

    static func rows(_ person: PersonRecord, _ records: [EnrollmentRecord]) -> String {
        let personFields = [person.documentKind.rawValue, person.documentNumber, person.nationality ?? "", person.name,
                            person.birthDate?.description ?? "", person.sex?.rawValue ?? ""]
        if records.isEmpty {
            return line(personFields + Array(repeating: "", count: 9))
        }
        return records.map { r in
            line(personFields + [r.place, r.scheme.rawValue, r.flexible ? "true" : "false", r.status.rawValue,
                                 r.year.map(String.init) ?? "", r.months?.joined(separator: ";") ?? "",
                                 r.paid ? "true" : "false", r.amountFen.map(String.init) ?? "",
                                 r.since?.description ?? ""])
        }.joined()
    }

    static func line(_ fields: [String]) -> String { CSVWriter.line(fields) }
}
