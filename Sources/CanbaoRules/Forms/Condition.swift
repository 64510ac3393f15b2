/// When a field, a document or a step applies. Data, never a string to parse:
/// `{field: x, equals: v}`, `{field: x, in: [a, b]}`, `{field: x, present: true}`, `{all: […]}`, `{any: […]}`,
/// `{not: …}`, `{rule: predicate}` (a named Swift predicate), `{region: jiangmen}` (the profile or one it inherits).
public indirect enum Condition: Hashable, Sendable {
    case equals(field: String, value: String)
    case oneOf(field: String, values: [String])
    case present(field: String, Bool)
    case all([Condition])
    case any([Condition])
    case not(Condition)
    case predicate(String)
    case region(String)

    /// Every field the condition reads (for lint).
    public var fields: [String] {
        switch self {
        case let .equals(f, _), let .oneOf(f, _), let .present(f, _): return [f]
        case let .all(cs), let .any(cs): return cs.flatMap(\.fields)
        case let .not(c): return c.fields
        case .predicate, .region: return []
        }
    }

    public var predicates: [String] {
        switch self {
        case let .predicate(p): return [p]
        case let .all(cs), let .any(cs): return cs.flatMap(\.predicates)
        case let .not(c): return c.predicates
        default: return []
        }
    }

    public var regions: [String] {
        switch self {
        case let .region(r): return [r]
        case let .all(cs), let .any(cs): return cs.flatMap(\.regions)
        case let .not(c): return c.regions
        default: return []
        }
    }

    static func parse(_ node: SourceNode) throws -> Condition {
        let map = try node.mapping(allowed: ["field", "equals", "in", "present", "all", "any", "not", "rule", "region"])
        if let field = map["field"] {
            let name = try field.string()
            if let eq = map["equals"] { return .equals(field: name, value: try eq.string()) }
            if let list = map["in"] { return .oneOf(field: name, values: try list.strings()) }
            if let present = map["present"] { return .present(field: name, try present.bool()) }
            throw node.error("field 条件须配合 equals、in 或 present 之一")
        }
        if let all = map["all"] { return .all(try all.list().map(parse)) }
        if let any = map["any"] { return .any(try any.list().map(parse)) }
        if let not = map["not"] { return .not(try parse(not)) }
        if let rule = map["rule"] { return .predicate(try rule.string()) }
        if let region = map["region"] { return .region(try region.string()) }
        throw node.error("条件须为 field/all/any/not/rule/region 之一")
    }
}
