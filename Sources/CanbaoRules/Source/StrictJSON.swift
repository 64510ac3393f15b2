import Yams

/// Reads JSON exactly as RFC 8259 writes it, into the same YAML nodes a YAML file gives, with each node's line.
///
/// Foundation's reader takes the last of two equal keys and lets a trailing comma pass; a case file that says
/// `"hukou_registered": false, "hukou_registered": true` must not be read as either. This reader refuses
/// duplicate keys, trailing commas, comments, single quotes, leading zeros, raw control characters in strings and
/// lone surrogates, and nests at most `maxDepth` deep (so a file of 500,000 `[` is an error, not a stack overflow).
enum StrictJSON {
    static let maxDepth = 64

    static func parse(_ text: String, file: String) throws -> Node {
        var reader = Reader(bytes: Array(text.utf8), file: file)
        // A byte-order mark is how some editors start UTF-8 files; it is not content.
        if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.offset = 3 }
        reader.skipSpace()
        guard reader.offset < reader.bytes.count else { throw reader.error("文件为空", path: "") }
        let root = try reader.value(path: "", depth: 0)
        reader.skipSpace()
        guard reader.offset == reader.bytes.count else { throw reader.error("值之后还有多余的内容", path: "") }
        return root
    }

    /// One tag of each kind for every node. `Tag(_:)` builds Yams's default constructor, three dictionaries, each
    /// time: a 100,000-line `store import` took 15.9 s with a tag per node, 12.0 s with these. A tag with a concrete
    /// name is never resolved, so nothing mutates the shared instances.
    enum Tags {
        static func make(_ name: Tag.Name) -> Tag { Tag(name, .basic, Constructor([:], [:], [:])) }
        nonisolated(unsafe) static let str = make(.str)
        nonisolated(unsafe) static let bool = make(.bool)
        nonisolated(unsafe) static let null = make(.null)
        nonisolated(unsafe) static let int = make(.int)
        nonisolated(unsafe) static let float = make(.float)
        nonisolated(unsafe) static let map = make(.map)
        nonisolated(unsafe) static let seq = make(.seq)
    }

    /// A Yams `Mark` for a line and column. Yams keeps `Mark`'s initialiser internal, so one is made from its two
    /// stored integers; if Yams ever lays `Mark` out differently the nodes simply carry no line.
    static func mark(line: Int, column: Int) -> Mark? {
        guard MemoryLayout<Mark>.size == MemoryLayout<(Int, Int)>.size else { return nil }
        let mark = unsafeBitCast((line, column), to: Mark.self)
        return mark.line == line && mark.column == column ? mark : nil
    }

    private struct Reader {
        var bytes: [UInt8]
        var file: String
        var offset = 0
        var line = 1
        var lineStart = 0

        init(bytes: [UInt8], file: String) {
            self.bytes = bytes
            self.file = file
        }

        var here: Mark? { StrictJSON.mark(line: line, column: offset - lineStart + 1) }

        func error(_ reason: String, path: String, line: Int? = nil) -> SourceError {
            SourceError(file: file, line: line ?? self.line, path: path, reason: "JSON 格式错误：\(reason)")
        }

        var peek: UInt8? { offset < bytes.count ? bytes[offset] : nil }

        mutating func skipSpace() {
            while let b = peek, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                if b == 0x0A {
                    line += 1
                    lineStart = offset + 1
                }
                offset += 1
            }
        }

        /// What the next byte is, for messages: `“,”`, or 文件结尾.
        var found: String {
            guard let b = peek else { return "文件结尾" }
            if b < 0x20 || b == 0x7F { return "控制字符 \(SafeText.codePoint(Unicode.Scalar(b)))" }
            if b < 0x80 { return "“\(Character(Unicode.Scalar(b)))”" }
            return "非 ASCII 字符"
        }

        mutating func value(path: String, depth: Int) throws -> Node {
            guard depth < StrictJSON.maxDepth else {
                throw error("嵌套超过 \(StrictJSON.maxDepth) 层", path: path.count > 40 ? String(path.prefix(40)) + "…" : path)
            }
            let mark = here
            switch peek {
            case UInt8(ascii: "{"): return try object(path: path, depth: depth)
            case UInt8(ascii: "["): return try array(path: path, depth: depth)
            case UInt8(ascii: "\""):
                return .scalar(Node.Scalar(try string(path: path), Tags.str, .doubleQuoted, mark))
            case UInt8(ascii: "t"):
                try literal("true", path: path)
                return .scalar(Node.Scalar("true", Tags.bool, .plain, mark))
            case UInt8(ascii: "f"):
                try literal("false", path: path)
                return .scalar(Node.Scalar("false", Tags.bool, .plain, mark))
            case UInt8(ascii: "n"):
                try literal("null", path: path)
                return .scalar(Node.Scalar("null", Tags.null, .plain, mark))
            case let b? where b == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b):
                let (text, integral) = try number(path: path)
                return .scalar(Node.Scalar(text, (integral ? Tags.int : Tags.float), .plain, mark))
            default:
                throw error("此处应为值，实际为\(found)", path: path)
            }
        }

        mutating func object(path: String, depth: Int) throws -> Node {
            let mark = here
            offset += 1
            var pairs: [(Node, Node)] = []
            var seen = Set<String>()
            skipSpace()
            if peek == UInt8(ascii: "}") {
                offset += 1
                return .mapping(Node.Mapping(pairs, Tags.map, .flow, mark))
            }
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else {
                    // `{"a": 1,}`: the comma promised another key.
                    if peek == UInt8(ascii: "}"), !pairs.isEmpty { throw error("“}”前多余的逗号", path: path) }
                    throw error("此处应为带双引号的键，实际为\(found)", path: path)
                }
                let keyMark = here
                let keyLine = line
                let key = try string(path: path)
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                guard seen.insert(key).inserted else {
                    throw SourceError(file: file, line: keyLine, path: keyPath, reason: "重复的键")
                }
                skipSpace()
                guard peek == UInt8(ascii: ":") else { throw error("键之后应为“:”，实际为\(found)", path: keyPath) }
                offset += 1
                skipSpace()
                let value = try value(path: keyPath, depth: depth + 1)
                pairs.append((.scalar(Node.Scalar(key, Tags.str, .doubleQuoted, keyMark)), value))
                skipSpace()
                switch peek {
                case UInt8(ascii: ","): offset += 1
                case UInt8(ascii: "}"):
                    offset += 1
                    return .mapping(Node.Mapping(pairs, Tags.map, .flow, mark))
                default: throw error("此处应为“,”或“}”，实际为\(found)", path: keyPath)
                }
            }
        }

        mutating func array(path: String, depth: Int) throws -> Node {
            let mark = here
            offset += 1
            var items: [Node] = []
            skipSpace()
            if peek == UInt8(ascii: "]") {
                offset += 1
                return .sequence(Node.Sequence(items, Tags.seq, .flow, mark))
            }
            while true {
                skipSpace()
                let itemPath = "\(path)[\(items.count)]"
                if peek == UInt8(ascii: "]"), !items.isEmpty { throw error("“]”前多余的逗号", path: path) }
                items.append(try value(path: itemPath, depth: depth + 1))
                skipSpace()
                switch peek {
                case UInt8(ascii: ","): offset += 1
                case UInt8(ascii: "]"):
                    offset += 1
                    return .sequence(Node.Sequence(items, Tags.seq, .flow, mark))
                default: throw error("此处应为“,”或“]”，实际为\(found)", path: itemPath)
                }
            }
        }

        mutating func literal(_ word: String, path: String) throws {
            let w = Array(word.utf8)
            guard bytes.count - offset >= w.count, Array(bytes[offset..<offset + w.count]) == w else {
                throw error("此处应为值，实际为\(found)", path: path)
            }
            offset += w.count
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as written; true when it has no fraction or exponent.
        mutating func number(path: String) throws -> (String, Bool) {
            let start = offset
            func digits() -> Int {
                let from = offset
                while let b = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) { offset += 1 }
                return offset - from
            }
            var integral = true
            if peek == UInt8(ascii: "-") { offset += 1 }
            let leadingZero = peek == UInt8(ascii: "0")
            let count = digits()
            guard count > 0 else { throw error("不是有效的数字", path: path) }
            if leadingZero, count > 1 { throw error("数字不能以 0 开头", path: path) }
            if peek == UInt8(ascii: ".") {
                offset += 1
                integral = false
                guard digits() > 0 else { throw error("不是有效的数字", path: path) }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                offset += 1
                integral = false
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { offset += 1 }
                guard digits() > 0 else { throw error("不是有效的数字", path: path) }
            }
            return (String(decoding: bytes[start..<offset], as: UTF8.self), integral)
        }

        mutating func string(path: String) throws -> String {
            offset += 1  // the opening quote
            var scalars = String.UnicodeScalarView()
            var runStart = offset
            func flush(_ end: Int) {
                if end > runStart { scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars) }
            }
            while true {
                guard let b = peek else { throw error("字符串没有结束的双引号", path: path) }
                if b == UInt8(ascii: "\"") {
                    flush(offset)
                    offset += 1
                    return String(scalars)
                }
                if b < 0x20 {
                    throw error("字符串中有未转义的控制字符 \(SafeText.codePoint(Unicode.Scalar(b)))", path: path)
                }
                guard b == UInt8(ascii: "\\") else {
                    offset += 1
                    continue
                }
                flush(offset)
                offset += 1
                guard let e = peek else { throw error("字符串没有结束的双引号", path: path) }
                offset += 1
                switch e {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{8}")
                case UInt8(ascii: "f"): scalars.append("\u{C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    let unit = try hex4(path: path)
                    switch unit {
                    case 0xD800...0xDBFF:
                        // A high surrogate must be followed by an escaped low one: together they are one scalar.
                        guard peek == UInt8(ascii: "\\"), offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "u") else {
                            throw error("\\u\(String(unit, radix: 16, uppercase: true)) 是不成对的代理项", path: path)
                        }
                        offset += 2
                        let low = try hex4(path: path)
                        guard (0xDC00...0xDFFF).contains(low),
                              let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) else {
                            throw error("\\u\(String(unit, radix: 16, uppercase: true)) 是不成对的代理项", path: path)
                        }
                        scalars.append(scalar)
                    case 0xDC00...0xDFFF:
                        throw error("\\u\(String(unit, radix: 16, uppercase: true)) 是不成对的代理项", path: path)
                    default:
                        scalars.append(Unicode.Scalar(unit) ?? "\u{FFFD}")  // every non-surrogate unit is a scalar
                    }
                default:
                    throw error("无效的转义 \\\(Character(Unicode.Scalar(e < 0x80 ? e : UInt8(ascii: "?"))))", path: path)
                }
                runStart = offset
            }
        }

        mutating func hex4(path: String) throws -> UInt32 {
            guard bytes.count - offset >= 4 else { throw error("\\u 之后应为 4 位十六进制数", path: path) }
            var value: UInt32 = 0
            for b in bytes[offset..<offset + 4] {
                let digit: UInt8
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
                default: throw error("\\u 之后应为 4 位十六进制数", path: path)
                }
                value = value * 16 + UInt32(digit)
            }
            offset += 4
            return value
        }
    }
}
