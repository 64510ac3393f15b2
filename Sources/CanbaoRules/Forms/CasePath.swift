/// The case keys a form field or a condition may name, and how to read them from a case.
public enum CasePath {
    /// Top-level and party paths a form may use; anything else without a dot is a workflow fact.
    public static let known: Set<String> = [
        "scheme", "flexible", "coverage_year", "here",
        "person", "person.name", "person.document", "person.document.kind", "person.birth_date", "person.sex",
        "guardian", "guardian.name", "guardian.document", "guardian.document.kind",
        "agent", "agent.name", "agent.document", "agent.document.kind",
        // The document's expiry (有效期至), optional: see `IdentityDocument.validUntil`.
        "person.document.valid_until", "guardian.document.valid_until", "agent.document.valid_until",
        // The passport's nationality (国籍), asked when the document is a foreign passport.
        "person.document.nationality", "guardian.document.nationality", "agent.document.nationality",
    ]

    public static func isFact(_ id: String) -> Bool { !id.contains(".") && !known.contains(id) }

    /// The value at `path` as text (bools as "true"/"false"), or nil when absent.
    public static func value(_ path: String, in c: CaseFile) -> String? {
        func party(_ p: Party?, _ rest: String) -> String? {
            guard let p else { return nil }
            switch rest {
            case "": return "true"
            case "name": return nonEmpty(p.name)
            case "document": return p.document.map(\.normalizedNumber).flatMap(nonEmpty)
            case "document.kind": return p.document?.kind.rawValue
            case "document.valid_until": return p.document?.validUntil?.description
            case "document.nationality": return nonEmpty(p.document?.nationality)
            case "birth_date": return p.birthDate?.description
            case "sex": return p.sex?.rawValue
            default: return nil
            }
        }
        switch path {
        case "scheme": return c.scheme?.rawValue
        case "flexible": return c.flexible.map { $0 ? "true" : "false" }
        case "coverage_year": return c.coverageYear.map(String.init)
        case "here": return nonEmpty(c.here)
        default: break
        }
        for (prefix, p) in [("person", c.person), ("guardian", c.guardian), ("agent", c.agent)] {
            if path == prefix { return party(p, "") }
            if path.hasPrefix(prefix + ".") { return party(p, String(path.dropFirst(prefix.count + 1))) }
        }
        return c.facts[path]?.textValue.flatMap(nonEmpty)
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.allSatisfy(\.isWhitespace) else { return nil }
        return s
    }
}
