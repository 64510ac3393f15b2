import Yams
import Foundation

/// Reads a case file (YAML or JSON) into a `CaseFile`. Every problem names the key and, for YAML, the line.
public enum CaseParser {
    /// Largest case file we read: a case is a page of answers, not a data dump.
    public static let maxBytes = 1_000_000

    public static func parse(_ text: String, file: String) throws -> CaseFile {
        guard text.utf8.count <= maxBytes else {
            throw SourceError(file: file, line: nil, path: "", reason: "文件过大（\(text.utf8.count) 字节，上限 \(maxBytes)）")
        }
        let root = try SourceNode.parse(text, file: file)
        return try parse(root)
    }

    public static func parse(_ root: SourceNode) throws -> CaseFile {
        let map = try root.mapping(allowed: CaseFile.topLevelKeys)
        let workflow = try map.required("workflow").string()
        let region = try map.required("region").string()
        let today = try map.required("today").date()
        var result = CaseFile(workflow: workflow, region: region, today: today)
        result.here = try map["here"]?.string()
        if let node = map["scheme"] { result.scheme = try enumValue(node, Scheme.self) }
        result.flexible = try map["flexible"]?.bool()
        result.coverageYear = try map["coverage_year"]?.int()
        result.person = try map["person"].map(party)
        result.guardian = try map["guardian"].map(party)
        result.agent = try map["agent"].map(party)
        if let facts = map["facts"] {
            for (key, node) in try facts.mapping().entries where !node.isNull {
                result.facts[key] = try fact(node)
            }
        }
        result.documentsPresented = try map["documents_presented"]?.strings() ?? []
        result.documentsCommitted = try map["documents_committed"]?.strings() ?? []
        result.platformRecords = try map["platform_records"]?.list().map(record) ?? []
        return result
    }

    static func party(_ node: SourceNode) throws -> Party {
        let map = try node.mapping(allowed: ["name", "document", "birth_date", "sex"])
        var party = Party()
        party.name = try map["name"]?.string()
        party.birthDate = try map["birth_date"]?.date()
        if let sex = map["sex"] { party.sex = try enumValue(sex, Sex.self) }
        if let doc = map["document"] {
            let d = try doc.mapping(allowed: ["kind", "number", "nationality", "valid_until"])
            let kind = try enumValue(try d.required("kind"), DocumentKind.self)
            let number = try d.required("number").string()
            party.document = IdentityDocument(kind: kind, number: number, nationality: try d["nationality"]?.string(),
                                              validUntil: try d["valid_until"]?.date())
        }
        return party
    }

    static func record(_ node: SourceNode) throws -> PlatformRecord {
        let map = try node.mapping(allowed: ["place", "scheme", "status", "year", "months", "paid", "since", "unit"])
        let months = try map["months"]?.strings()
        for (i, month) in (months ?? []).enumerated() where LocalDate("\(month)-01") == nil {
            throw SourceError(file: node.file, line: node.line, path: "\(node.path).months[\(i)]",
                              reason: "月份应为 YYYY-MM：“\(SourceNode.quote(month))”")
        }
        return PlatformRecord(
            place: try map.required("place").string(),
            scheme: try enumValue(try map.required("scheme"), Scheme.self),
            status: try enumValue(try map.required("status"), EnrollmentStatus.self),
            year: try map["year"]?.int(),
            months: months,
            paid: try map["paid"]?.bool() ?? false,
            since: try map["since"]?.date(),
            unit: try map["unit"]?.string())
    }

    static func fact(_ node: SourceNode) throws -> FactValue {
        guard case let .scalar(s) = node.node else { throw node.error("应为单个值（是/否、数字或文本）") }
        let tag = s.tag.rawValue
        // Quoted YAML and JSON strings stay text ("150621" is a place, not a number).
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
            throw node.error("“\(SourceNode.quote(raw))”不是可用的值（可用：\(E.allCases.map(\.rawValue).joined(separator: ", "))）")
        }
        return value
    }
}
