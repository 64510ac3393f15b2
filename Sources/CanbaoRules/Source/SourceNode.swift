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
        if let tag = Self.explicitTag(s), tag != "!!str" { throw error("应为文本，不能带标签 \(tag)") }
        guard s.string.count <= SourceNode.maxScalarLength else {
            throw error("内容过长（\(s.string.count) 字符，上限 \(SourceNode.maxScalarLength)）")
        }
        return s.string
    }

    public func bool() throws -> Bool {
        guard case let .scalar(s) = node else { throw error("应为 true 或 false") }
        if let problem = Self.notPlain(s, expected: "true 或 false") { throw error(problem) }
        switch s.string.lowercased() {
        case "true", "yes", "是": return true
        case "false", "no", "否": return false
        default: throw error("应为 true 或 false，实际为“\(Self.quote(s.string))”")
        }
    }

    public func int() throws -> Int {
        guard case let .scalar(s) = node else { throw error("应为整数") }
        if let problem = Self.notPlain(s, expected: "整数") { throw error(problem) }
        guard let value = Int(s.string.trimmed(.whitespaces)) else { throw error("应为整数") }
        return value
    }

    /// Why a scalar is text rather than the flag or number a field expects: quoted (`"true"`, `"2025"` — in YAML and
    /// JSON alike a quoted value is text), or tagged (`!!str yes`, `!custom 5`) as something its words are not.
    /// Taking either as the flag would read what the author marked as text.
    static func notPlain(_ s: Node.Scalar, expected: String) -> String? {
        let expected = expected.first?.isASCII == true ? " \(expected)" : expected
        if s.style == .singleQuoted || s.style == .doubleQuoted {
            return "应为\(expected)，实际为带引号的文本“\(quote(s.string))”（去掉引号）"
        }
        if let tag = explicitTag(s) { return "应为\(expected)，不能带标签 \(tag)" }
        return nil
    }

    /// The tag a plain scalar was given in the file when it changes what the words mean: `!!str` on words that
    /// would otherwise be a flag or number (`!!str yes`), or a tag outside YAML's core schema (`!custom`, `!!binary`),
    /// which this reader does not apply. A core tag the words already have (JSON's numbers, `!!int 5`) is no change.
    /// An untagged plain scalar's tag stays unresolved (Yams resolves on hashing or comparing a node, which nothing
    /// here does to values); resolved with the basic resolver it would read as `!!str`.
    static func explicitTag(_ s: Node.Scalar) -> String? {
        let name = s.tag.rawValue
        if name == Tag.Name.str.rawValue {
            // A quoted scalar is text by its quotes, and `notPlain` says so first.
            guard s.style == .plain || s.style == .any,
                  Resolver.default.resolveTag(of: Node.scalar(Node.Scalar(s.string))) != .str else { return nil }
        } else if name.isEmpty || coreTags.contains(name) {
            return nil
        }
        return name.replacingOccurrences(of: "tag:yaml.org,2002:", with: "!!")
    }

    static let coreTags = Set([Tag.Name.null, .bool, .int, .float, .timestamp, .merge, .value].map(\.rawValue))

    public func date() throws -> LocalDate {
        let text = try string()
        guard let date = LocalDate(text.trimmed(.whitespaces)) else {
            throw error("不是有效日期（应为 YYYY-MM-DD）：“\(Self.quote(text))”")
        }
        return date
    }

    public func list() throws -> [SourceNode] {
        if isNull { return [] }
        guard case let .sequence(seq) = node else { throw error("应为列表") }
        // By index: `enumerated()` of Yams's sequence is a generic type the runtime builds at its first use, after
        // scanning every conformance of the binary (issue #17).
        return seq.indices.map { element(seq[$0], index: $0 - seq.startIndex) }
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
            guard case let .scalar(ks) = k else {
                throw SourceError(file: file, line: k.mark?.line ?? line, path: path, reason: "键应为文本")
            }
            let key = ks.string
            let child = child(v, key: key)
            if let allowed, !allowed.contains(key) {
                let hint = NearestName.to(key, among: allowed.sorted()).map { "，是否应为 \($0)？" } ?? ""
                throw SourceError(file: file, line: k.mark?.line, path: child.path,
                                  reason: "未知的键\(hint)（可用：\(allowed.sorted().joined(separator: ", "))）")
            }
            guard seen.insert(key).inserted else {
                throw SourceError(file: file, line: k.mark?.line, path: child.path, reason: "重复的键")
            }
            entries.append((key, child))
        }
        return SourceMapping(owner: self, entries: entries)
    }

    /// The value as a message shows it: a scalar quoted (at most 24 characters), else what kind of node it is.
    public var scalarText: String {
        switch node {
        case let .scalar(s): return "“\(Self.quote(s.string))”"
        case .sequence: return "列表"
        case .mapping: return "键值映射"
        case .alias: return "别名"
        }
    }

    /// Quotes at most 24 characters of user text inside a message.
    static func quote(_ text: String) -> String {
        text.count > 24 ? String(text.prefix(24)) + "…" : text
    }

    // MARK: parsing

    /// Parses YAML (or JSON, read by `StrictJSON` so duplicate keys and trailing commas are refused) into a root node.
    /// JSON is chosen by `json`, else by the file's `.json` extension.
    public static func parse(_ text: String, file: String, json: Bool? = nil) throws -> SourceNode {
        if json ?? file.lowercased().hasSuffix(".json") {
            return SourceNode(node: try StrictJSON.parse(text, file: file), file: file)
        }
        if let (line, scalar) = foldedBreak(in: text) {
            throw SourceError(file: file, line: line, path: "", reason: "含有不允许的控制字符 \(SafeText.codePoint(scalar))")
        }
        do {
            guard let node = try composeWithoutAliases(text, file: file) else {
                throw SourceError(file: file, line: nil, path: "", reason: "文件为空")
            }
            return SourceNode(node: node, file: file)
        } catch let error as SourceError {
            throw error
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            throw SourceError(file: file, line: context.mark.line, path: duplicates.joined(separator: ", "), reason: "重复的键")
        } catch let YamlError.reader(problem, offset, value, yaml) {
            // libyaml stops at a raw control character (NUL, ESC…): name it by code point, on its line.
            let line = offset.map { yaml.prefix($0).reduce(1) { $1 == "\n" ? $0 + 1 : $0 } }
            let reason = problem.contains("control characters") && value >= 0
                ? "含有不允许的控制字符 \(Unicode.Scalar(UInt32(value)).map(SafeText.codePoint) ?? String(value))"
                : "YAML 格式错误：\(problem)"
            throw SourceError(file: file, line: line, path: "", reason: reason)
        } catch let error as YamlError {
            throw SourceError(file: file, line: yamlLine(error), path: "", reason: "YAML 格式错误：\(yamlProblem(error))")
        } catch {
            throw SourceError(file: file, line: nil, path: "", reason: "无法解析：\(error)")
        }
    }

    /// The first NEL (U+0085), line separator or paragraph separator (U+2028, U+2029) in YAML text, with its line.
    /// YAML reads each as a line break, so in a value it would be folded into a space unseen, where every other
    /// control character is refused.
    static func foldedBreak(in text: String) -> (line: Int, scalar: Unicode.Scalar)? {
        var line = 1
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: line += 1
            case 0x85, 0x2028, 0x2029: return (line, scalar)
            default: continue
            }
        }
        return nil
    }

    /// Why anchors and aliases are refused, for the message.
    static let aliasReason = "不支持 YAML 锚点和别名（& 与 *）：请直接写出每个值"

    /// Composes YAML that uses no anchors (`&a`) or aliases (`*a`). An alias repeats a whole subtree, and nested
    /// aliases used as mapping keys make composing exponential (a 359-byte file took 40 s), so neither is allowed.
    /// Yams offers no event stream to look at first, hence: aliases can only name anchors; with every `*` turned
    /// into letters (a different word each time, so two aliases used as keys of one mapping do not become equal
    /// keys) the text composes with no alias at all, in linear time, and any anchor shows on its node. Lines are
    /// unchanged. Without anchors, the real text composes just as fast, and an alias in it is an undefined alias.
    ///
    /// Composed with Yams's `.basic` resolver: every value's type is decided by the typed accessors (and `fact`,
    /// from the scalar's text and quoting), never by Yams's tags, and the default resolver's regular expressions
    /// cost a start a millisecond of ICU set-up. Nothing is constructed from the nodes, so the constructor has no
    /// maps (Yams's default one builds three dictionaries a start, issue #17), and the text is UTF-8 (Yams's default
    /// encoding reads every environment variable, and would follow `YAMS_DEFAULT_ENCODING` and print a line).
    static func composeWithoutAliases(_ text: String, file: String) throws -> Node? {
        if text.utf8.contains(UInt8(ascii: "&")) {
            var scalars = String.UnicodeScalarView()
            var aliases = 0
            for scalar in text.unicodeScalars {
                if scalar == "*" {
                    scalars.append(contentsOf: "x\(aliases)_".unicodeScalars)
                    aliases += 1
                } else {
                    scalars.append(scalar)
                }
            }
            let inert = String(scalars)
            // Nodes hold their anchors weakly; the parser keeps them alive while the nodes are searched.
            let parser = try Parser(yaml: inert, resolver: .basic, constructor: Constructor([:], [:], [:]), encoding: .utf8)
            let anchored = try withExtendedLifetime(parser) { try parser.singleRoot().flatMap { firstAnchored($0, path: "") } }
            if let (node, path) = anchored {
                throw SourceError(file: file, line: node.mark?.line, path: path, reason: aliasReason)
            }
        }
        do {
            return try Parser(yaml: text, resolver: .basic, constructor: Constructor([:], [:], [:]), encoding: .utf8).singleRoot()
        } catch let YamlError.composer(_, problem, mark, _) where problem == "found undefined alias" {
            throw SourceError(file: file, line: mark.line, path: "", reason: aliasReason)
        }
    }

    /// The first node (in document order) that carries an anchor, with its key path, if any.
    static func firstAnchored(_ node: Node, path: String) -> (Node, String)? {
        if node.anchor != nil { return (node, path) }
        switch node {
        case .scalar: return nil
        case let .sequence(seq):
            for (i, item) in seq.enumerated() {
                if let found = firstAnchored(item, path: "\(path)[\(i)]") { return found }
            }
            return nil
        case let .mapping(map):
            for (k, v) in map {
                let child = k.scalar.map { path.isEmpty ? $0.string : "\(path).\($0.string)" } ?? path
                if let found = firstAnchored(k, path: path) ?? firstAnchored(v, path: child) { return found }
            }
            return nil
        case .alias: return (node, path)
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
