import Foundation
import Yams

/// A node of a parsed YAML or JSON document, carrying its file, key path and line so every error can name them.
public struct SourceNode {
    public let node: Node
    public let file: String
    public let path: String

    /// Longest scalar we accept anywhere: a huge paste is rejected with a message, never echoed whole.
    static let maxScalarLength = 4_000

    public init(node: Node, file: String, path: String = "") {
        self.node = node
        self.file = file
        self.path = path
    }

    public var line: Int? { node.mark?.line }

    public func error(_ reason: String) -> SourceError {
        SourceError(file: file, line: line, path: path, reason: reason)
    }

    func child(_ node: Node, key: String) -> SourceNode {
        SourceNode(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)")
    }

    func element(_ node: Node, index: Int) -> SourceNode {
        SourceNode(node: node, file: file, path: "\(path)[\(index)]")
    }

    /// True for `~`, `null`, an empty value.
    public var isNull: Bool {
        guard case let .scalar(s) = node else { return false }
        if s.tag.rawValue == Tag.Name.str.rawValue { return false }
        return s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    // MARK: typed access

    public func string() throws -> String {
        guard case let .scalar(s) = node, !isNull else { throw error("应为文本") }
        guard s.string.count <= SourceNode.maxScalarLength else {
            throw error("内容过长（\(s.string.count) 字符，上限 \(SourceNode.maxScalarLength)）")
        }
        return s.string
    }

    public func bool() throws -> Bool {
        guard case let .scalar(s) = node else { throw error("应为 true 或 false") }
        switch s.string.lowercased() {
        case "true", "yes", "是": return true
        case "false", "no", "否": return false
        default: throw error("应为 true 或 false，实际为“\(Self.quote(s.string))”")
        }
    }

    public func int() throws -> Int {
        guard case let .scalar(s) = node, let value = Int(s.string.trimmingCharacters(in: .whitespaces)) else {
            throw error("应为整数")
        }
        return value
    }

    public func date() throws -> LocalDate {
        let text = try string()
        guard let date = LocalDate(text.trimmingCharacters(in: .whitespaces)) else {
            throw error("不是有效日期（应为 YYYY-MM-DD）：“\(Self.quote(text))”")
        }
        return date
    }

    public func list() throws -> [SourceNode] {
        if isNull { return [] }
        guard case let .sequence(seq) = node else { throw error("应为列表") }
        return seq.enumerated().map { element($0.element, index: $0.offset) }
    }

    public func strings() throws -> [String] {
        try list().map { try $0.string() }
    }

    /// A mapping whose keys must all be in `allowed`; an unknown key is an error naming it (typos never pass silently).
    public func mapping(allowed: Set<String>? = nil) throws -> SourceMapping {
        guard case let .mapping(map) = node else { throw error("应为键值映射") }
        var entries: [(String, SourceNode)] = []
        var seen = Set<String>()
        for (k, v) in map {
            guard case let .scalar(ks) = k else { throw error("键应为文本") }
            let key = ks.string
            let child = child(v, key: key)
            if let allowed, !allowed.contains(key) {
                throw SourceError(file: file, line: k.mark?.line, path: child.path,
                                  reason: "未知的键（可用：\(allowed.sorted().joined(separator: ", "))）")
            }
            guard seen.insert(key).inserted else {
                throw SourceError(file: file, line: k.mark?.line, path: child.path, reason: "重复的键")
            }
            entries.append((key, child))
        }
        return SourceMapping(owner: self, entries: entries)
    }

    /// Quotes at most 24 characters of user text inside a message.
    static func quote(_ text: String) -> String {
        text.count > 24 ? String(text.prefix(24)) + "…" : text
    }

    // MARK: parsing

    /// Parses YAML (or JSON, which we read as JSON so tabs and escapes behave) into a root node.
    public static func parse(_ text: String, file: String) throws -> SourceNode {
        if file.lowercased().hasSuffix(".json") {
            return try parseJSON(text, file: file)
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw SourceError(file: file, line: nil, path: "", reason: "文件为空")
            }
            return SourceNode(node: node, file: file)
        } catch let error as SourceError {
            throw error
        } catch let error as YamlError {
            throw SourceError(file: file, line: yamlLine(error), path: "", reason: "YAML 格式错误：\(yamlProblem(error))")
        } catch {
            throw SourceError(file: file, line: nil, path: "", reason: "无法解析：\(error)")
        }
    }

    static func parseJSON(_ text: String, file: String) throws -> SourceNode {
        do {
            let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            return SourceNode(node: value.node, file: file)
        } catch let DecodingError.dataCorrupted(context) {
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw SourceError(file: file, line: nil, path: "", reason: "JSON 格式错误：\(detail ?? context.debugDescription)")
        } catch {
            throw SourceError(file: file, line: nil, path: "", reason: "JSON 格式错误：\(error)")
        }
    }

    static func yamlLine(_ error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): return mark.line
        default: return nil
        }
    }

    static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _): return problem
        case let .duplicatedKeysInMapping(duplicates, _): return "重复的键 \(duplicates.joined(separator: ", "))"
        default: return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
    }
}

/// The entries of a mapping node, in file order.
public struct SourceMapping {
    public let owner: SourceNode
    public let entries: [(String, SourceNode)]

    public var keys: [String] { entries.map(\.0) }

    /// The value at `key`, or nil when absent or null.
    public subscript(_ key: String) -> SourceNode? {
        guard let node = entries.first(where: { $0.0 == key })?.1, !node.isNull else { return nil }
        return node
    }

    public func required(_ key: String) throws -> SourceNode {
        guard let node = self[key] else {
            throw SourceError(file: owner.file, line: owner.line, path: owner.path.isEmpty ? key : "\(owner.path).\(key)",
                              reason: "缺少必填的键")
        }
        return node
    }
}

/// A JSON document read strictly (JSONDecoder tells booleans from numbers), turned into YAML nodes.
private indirect enum JSONValue: Decodable {
    case object([String: JSONValue]), array([JSONValue]), string(String), bool(Bool), number(String), null

    init(from decoder: Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !array.isAtEnd { items.append(try array.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            var dict: [String: JSONValue] = [:]
            for key in object.allKeys { dict[key.stringValue] = try object.decode(JSONValue.self, forKey: key) }
            self = .object(dict)
            return
        }
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .bool(b) } else if let i = try? c.decode(Int.self) {
            self = .number(String(i))
        } else if let d = try? c.decode(Double.self) { self = .number(String(d)) } else { self = .string(try c.decode(String.self)) }
    }

    var node: Node {
        switch self {
        case let .object(dict):
            return .mapping(Node.Mapping(dict.keys.sorted().map { (Node($0, Tag(.str)), dict[$0]!.node) }))
        case let .array(items): return .sequence(Node.Sequence(items.map(\.node)))
        case let .string(s): return .scalar(Node.Scalar(s, Tag(.str)))
        case let .bool(b): return .scalar(Node.Scalar(b ? "true" : "false", Tag(.bool)))
        case let .number(n): return .scalar(Node.Scalar(n, Tag(.int)))
        case .null: return .scalar(Node.Scalar("null", Tag(.null)))
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
