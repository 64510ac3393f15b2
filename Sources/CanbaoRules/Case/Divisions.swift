/// The administrative division codes (行政区划代码, GB/T 2260) a place field is checked against: provinces (XX0000),
/// prefectures (XXXX00) and counties, with their names, read from `Forms/divisions/*.csv` (the table names its
/// source and date; `scripts/divisions.py` regenerates it). An empty table checks nothing beyond the 6 digits.
///
/// Only places typed for a case use it (the counter's place, 学籍地, 认定地, a destination…): the address code
/// of an ID number is never checked against it, since codes retired since the number was issued stay in it.
public struct Divisions: Hashable, Sendable {
    public enum Level: Int, Hashable, Sendable, Comparable {
        case province, prefecture, county

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        public var chinese: String {
            switch self {
            case .province: return "省级"
            case .prefecture: return "地级"
            case .county: return "县级"
            }
        }
    }

    public struct Division: Hashable, Sendable {
        public var code: String
        public var name: String
        /// The package's own word for it: 省, 自治区, 地级市, 盟, 旗, 市辖区…
        public var type: String

        public init(code: String, name: String, type: String) {
            self.code = code
            self.name = name
            self.type = type
        }

        public var level: Level {
            if code.hasSuffix("0000") { return .province }
            if code.hasSuffix("00") { return .prefecture }
            return .county
        }
    }

    /// In code order, each code once (`parse` refuses a repeated one), packed (`PackedDivisions`): a start reads
    /// 3,000 divisions and looks up a few, so a division's Strings are made when it is looked up. Found by binary
    /// search: a dictionary of 3,000 codes cost every start more to build than all the lookups of a session.
    private var table = PackedDivisions()
    /// Where the table came from, as its header says (for `forms lint` and the guide).
    public private(set) var source: String?

    public init() {}

    public init(_ divisions: [Division], source: String? = nil) {
        let ordered = zip(divisions, divisions.dropFirst()).allSatisfy { PackedDivisions.precedes($0.code.utf8, $1.code.utf8) }
        var table = PackedDivisions()
        for d in ordered ? divisions : divisions.sorted(by: { PackedDivisions.precedes($0.code.utf8, $1.code.utf8) }) {
            table.append(code: d.code, name: d.name, type: d.type)
        }
        self.init(table, source: source, ordered: true)
    }

    /// A table packed already (the compiled Forms/ keeps it in order: checking is cheaper than sorting 3,000 codes
    /// again at every start). `ordered` is whether it is in order, as the caller found while it read the codes.
    init(_ table: PackedDivisions, source: String?, ordered: Bool) {
        self.table = ordered ? table : PackedDivisions(sorting: table)
        self.source = source
    }

    /// Every division in code order (made afresh at each call: for the guide, the compiled Forms/ and the tests).
    public var all: [Division] { (0..<table.count).map(table.division(at:)) }

    public var isEmpty: Bool { table.count == 0 }
    public var count: Int { table.count }

    public func division(_ code: String) -> Division? { position(code).map(table.division(at:)) }

    public func contains(_ code: String) -> Bool { position(code) != nil }

    private func position(_ code: String) -> Int? {
        var code = code
        return code.withUTF8 { wanted in
            var low = 0, high = table.count
            while low < high {
                let middle = (low + high) / 2
                if table.withCode(at: middle, { PackedDivisions.precedes($0, wanted) }) { low = middle + 1 } else { high = middle }
            }
            return low < table.count && table.withCode(at: low, { $0.elementsEqual(wanted) }) ? low : nil
        }
    }

    /// The chain from the province down: 内蒙古自治区 鄂尔多斯市 达拉特旗. A county of a directly administered
    /// municipality or a province-administered one has no prefecture.
    public func chain(_ code: String) -> [Division] {
        guard let own = division(code) else { return [] }
        var result: [Division] = []
        if own.level != .province, let p = division(String(code.prefix(2)) + "0000") { result.append(p) }
        if own.level == .county, let c = division(String(code.prefix(4)) + "00") { result.append(c) }
        return result + [own]
    }

    /// The name a screen or notice shows beside the code: the county with its prefecture (鄂尔多斯市达拉特旗), a
    /// prefecture with its province (内蒙古自治区鄂尔多斯市), a province alone; nil for a code not in the table.
    public func name(_ code: String) -> String? {
        let chain = chain(code)
        guard !chain.isEmpty else { return nil }
        return chain.suffix(2).map(\.name).joined()
    }

    /// `150621 鄂尔多斯市达拉特旗`, or the code alone when it is not in the table.
    public func label(_ code: String) -> String {
        name(code).map { "\(code) \($0)" } ?? code
    }

    /// Divisions for an F4 search: a code or its start (`1506` → 鄂尔多斯市 and its counties), else a name or part
    /// of one (东胜 → 东胜区), whole names first, then those starting with the text, then those containing it; in
    /// each group by code. At most `limit`.
    public func search(_ query: String, limit: Int = 50) -> [Division] {
        let q = query.filter { !$0.isWhitespace }
        guard !q.isEmpty else { return (0..<min(max(limit, 0), table.count)).map(table.division(at:)) }
        if q.allSatisfy(\.isASCII), q.allSatisfy(\.isNumber) {
            let digits = q.count > 2 && q.hasSuffix("00") ? String(q.reversed().drop { $0 == "0" }.reversed()) : q
            var found: [Division] = []
            for i in 0..<table.count where found.count < limit {
                if table.withCode(at: i, { $0.starts(with: digits.utf8) }) { found.append(table.division(at: i)) }
            }
            return found
        }
        var exact: [Division] = [], starting: [Division] = [], containing: [Division] = []
        for i in 0..<table.count {
            let name = table.name(at: i)
            if name == q {
                exact.append(table.division(at: i))
            } else if name.hasPrefix(q) {
                starting.append(table.division(at: i))
            } else if name.contains(q) {
                containing.append(table.division(at: i))
            } else if let full = self.name(table.code(at: i)), full.contains(q) {
                containing.append(table.division(at: i))
            }
        }
        return Array((exact + starting + containing).prefix(limit))
    }

    /// The table from its CSV text: `#` comment lines (the first of which name the source), a header `code,name,type`,
    /// then one division a line. Every problem names the line.
    public static func parse(csv text: String, file: String) throws -> Divisions {
        var divisions: [Division] = []
        var seen: [String: Int] = [:]
        var comments: [String] = []
        var header = false
        var errors: [SourceError] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            let number = i + 1
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                comments.append(String(line.dropFirst()).trimmed(.whitespaces))
                continue
            }
            if !header {
                guard line == "code,name,type" else {
                    errors.append(SourceError(file: file, line: number, path: "", reason: "表头应为 code,name,type"))
                    break
                }
                header = true
                continue
            }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 3 else {
                errors.append(SourceError(file: file, line: number, path: "", reason: "每行应为 代码,名称,类别 三项"))
                continue
            }
            let code = cells[0], name = cells[1].trimmed(.whitespaces)
            if PlaceCode.problem(code) != nil {
                errors.append(SourceError(file: file, line: number, path: "code", reason: "“\(code)”不是 6 位数字的代码"))
                continue
            }
            if name.isEmpty || SafeText.problem(in: name, maxLength: SafeText.maxNameLength) != nil {
                errors.append(SourceError(file: file, line: number, path: "name", reason: "名称为空或含控制字符"))
                continue
            }
            if let first = seen[code] {
                errors.append(SourceError(file: file, line: number, path: "code", reason: "代码 \(code) 与第 \(first) 行重复"))
                continue
            }
            seen[code] = number
            divisions.append(Division(code: code, name: name, type: cells[2].trimmed(.whitespaces)))
        }
        if errors.isEmpty, divisions.isEmpty {
            errors.append(SourceError(file: file, line: nil, path: "", reason: "行政区划代码表为空"))
        }
        if !errors.isEmpty { throw SourceErrors(errors) }
        let source = comments.first { $0.hasPrefix("来源") }
        return Divisions(divisions, source: source)
    }

    public static func == (a: Divisions, b: Divisions) -> Bool { a.table == b.table }
    public func hash(into h: inout Hasher) { h.combine(table.count) }
}

/// Divisions as one UTF-8 buffer of every code, name and type, with where each field ends (three a division):
/// 9,000 Strings made at every start were a tenth of `canbao check` (issue #17).
struct PackedDivisions: Equatable, Sendable {
    /// A slice: the compiled Forms/ gives the bytes where they lie in its file.
    private var bytes: ArraySlice<UInt8> = []
    /// The end of each field in `bytes`, counted from its start: code, name and type of division 0, then of
    /// division 1…
    private var ends: [Int] = []

    init() {}

    /// Fields as `FormArchive` keeps them (checked by its reader: three a division, each end within `bytes`).
    init(bytes: ArraySlice<UInt8>, ends: [Int]) {
        self.bytes = bytes
        self.ends = ends
    }

    /// `table`'s divisions sorted by code (a table that was out of order: not one this program wrote).
    init(sorting table: PackedDivisions) {
        let order = (0..<table.count).sorted { i, j in
            table.withCode(at: i) { a in table.withCode(at: j) { b in Self.precedes(a, b) } }
        }
        for i in order {
            for field in 0..<3 { table.withField(3 * i + field) { append($0) } }
        }
    }

    var count: Int { ends.count / 3 }

    /// Appends one field; a division is three, code first.
    mutating func append(_ field: some Collection<UInt8>) {
        bytes.append(contentsOf: field)
        ends.append(bytes.count)
    }

    mutating func append(code: String, name: String, type: String) {
        append(code.utf8)
        append(name.utf8)
        append(type.utf8)
    }

    func withField<T>(_ k: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let start = k == 0 ? 0 : ends[k - 1]
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<ends[k]])) }
    }

    func withCode<T>(at i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try withField(3 * i, body)
    }

    func code(at i: Int) -> String { text(3 * i) }
    func name(at i: Int) -> String { text(3 * i + 1) }

    func division(at i: Int) -> Divisions.Division {
        Divisions.Division(code: code(at: i), name: name(at: i), type: text(3 * i + 2))
    }

    private func text(_ k: Int) -> String { withField(k) { String(decoding: $0, as: UTF8.self) } }

    /// Byte order of UTF-8, which is the order of the codes' Unicode scalars (a code is six ASCII digits).
    static func precedes(_ a: some Sequence<UInt8>, _ b: some Sequence<UInt8>) -> Bool {
        a.lexicographicallyPrecedes(b)
    }
}
