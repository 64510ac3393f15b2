/// A checked `FormSet` as bytes, so a process can start from Forms/ compiled once instead of parsing and linting
/// its YAML every time (the caller keeps the bytes in a cache keyed by the files' content). The policy texts are
/// not in it: they are parsed from their files when first asked for (`FormSet.articles`).
///
/// Decoding trusts nothing: every length, count, enum value and date is checked, and anything out of place throws
/// `FormArchive.Corrupt`, upon which the caller reads the YAML again. A workflow's own bytes are decoded, and checked
/// so, when it is first asked for (`WorkflowTable`); the caller has checked the payload's digest before decoding.
/// Bump `formatVersion` when the layout changes (the caller also keys the cache by the binary's build, so a stale
/// layout is never read by new code).
public enum FormArchive {
    public static let formatVersion: UInt32 = 3

    public struct Corrupt: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    public static func encode(_ set: FormSet) -> [UInt8] {
        var w = Writer()
        w.dictionary(set.documents.names) { w, name in w.string(name) }
        // Each workflow as its id and its bytes, so a reader can decode one without the others.
        w.array(set.workflows.values) { w, wf in
            w.string(wf.id)
            var one = Writer()
            one.workflow(wf)
            w.int(one.bytes.count)
            w.bytes.append(contentsOf: one.bytes)
        }
        w.array(set.profiles.values.sorted { $0.id < $1.id }) { w, p in w.profile(p) }
        w.array(set.calendar.schedules) { w, y in w.year(y) }
        w.optional(set.divisions.source) { w, s in w.string(s) }
        // Every field's length, then all their bytes: the reader keeps those bytes as they lie, as the table.
        let divisions = set.divisions.all
        w.array(divisions) { w, d in
            for field in [d.code, d.name, d.type] { w.int(field.utf8.count) }
        }
        for d in divisions {
            for field in [d.code, d.name, d.type] { w.bytes.append(contentsOf: field.utf8) }
        }
        return w.bytes
    }

    /// The set without its articles; `articleFiles` are parsed when the articles are first asked for.
    public static func decode(_ bytes: [UInt8], articleFiles: [FormSet.File]) throws -> FormSet {
        try decode(bytes[...], readingArticles: { articleFiles })
    }

    /// The set without its articles; `readingArticles` gives their files when they are first asked for (most runs
    /// never show one, and do not read them). `file`: where the bytes were read from, named by the message for a
    /// workflow whose bytes do not decode (`WorkflowTable.unreadable`).
    public static func decode(_ bytes: ArraySlice<UInt8>, file: String? = nil,
                              readingArticles: @escaping @Sendable () throws -> [FormSet.File]) throws -> FormSet {
        try bytes.withUnsafeBufferPointer { buffer in
            var r = Reader(buffer)
            let names = try r.dictionary { r in try r.string() }
            let workflows = try r.workflows(in: bytes, file: file)
            var profiles: [String: PolicyProfile] = [:]
            for p in try r.array({ r in try r.profile() }) { profiles[p.id] = p }
            let years = try r.array { r in try r.year() }
            let divisionSource = try r.optional { r in try r.string() }
            let divisions = try r.divisions(in: bytes)
            guard r.atEnd else { throw Corrupt(description: "trailing bytes") }
            let table = Divisions(divisions.table, source: divisionSource, ordered: divisions.ordered)
            var set = FormSet(documents: DocumentCatalog(names: names), workflows: workflows, profiles: profiles,
                              calendar: WorkingDays(years), divisions: table)
            set.setArticles(reading: readingArticles)
            return set
        }
    }
}

// MARK: - Writing

extension FormArchive {
    struct Writer {
        var bytes: [UInt8] = []

        mutating func int(_ value: Int) {
            // Zigzag, then 7 bits a byte.
            var v = UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63)
            while v >= 0x80 {
                bytes.append(UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            bytes.append(UInt8(v))
        }

        mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

        mutating func string(_ value: String) {
            var value = value
            value.withUTF8 { utf8 in
                int(utf8.count)
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func optional<T>(_ value: T?, _ body: (inout Writer, T) -> Void) {
            guard let value else { return bytes.append(0) }
            bytes.append(1)
            body(&self, value)
        }

        mutating func array<T>(_ values: [T], _ body: (inout Writer, T) -> Void) {
            int(values.count)
            for v in values { body(&self, v) }
        }

        mutating func dictionary<T>(_ values: [String: T], _ body: (inout Writer, T) -> Void) {
            int(values.count)
            for key in values.keys.sorted() {
                string(key)
                body(&self, values[key]!)
            }
        }

        mutating func date(_ d: LocalDate) {
            int(d.year)
            int(d.month)
            int(d.day)
        }

        mutating func workflow(_ wf: Workflow) {
            string(wf.id)
            string(wf.title)
            string(wf.cite)
            array(wf.steps) { w, s in w.step(s) }
            array(wf.documents) { w, d in w.requirement(d) }
            string(wf.file)
        }

        mutating func step(_ s: Step) {
            string(s.id)
            string(s.title)
            array(s.fields) { w, f in w.field(f) }
            array(s.rules) { w, r in w.string(r) }
            optional(s.line) { w, l in w.int(l) }
        }

        mutating func field(_ f: FormField) {
            string(f.id)
            string(f.label)
            string(f.type.rawValue)
            bool(f.required)
            optional(f.when) { w, c in w.condition(c) }
            array(f.choices) { w, c in
                w.string(c.value)
                w.string(c.label)
            }
            array(f.kinds) { w, k in w.string(k.rawValue) }
            optional(f.help) { w, h in w.string(h) }
            optional(f.line) { w, l in w.int(l) }
        }

        mutating func requirement(_ d: DocumentRequirement) {
            string(d.mode.rawValue)
            array(d.codes) { w, c in w.string(c) }
            optional(d.when) { w, c in w.condition(c) }
            optional(d.reason) { w, r in w.string(r) }
            string(d.cite)
            optional(d.line) { w, l in w.int(l) }
        }

        mutating func condition(_ c: Condition) {
            switch c {
            case let .equals(field, value):
                int(0)
                string(field)
                string(value)
            case let .oneOf(field, values):
                int(1)
                string(field)
                array(values) { w, v in w.string(v) }
            case let .present(field, present):
                int(2)
                string(field)
                bool(present)
            case let .all(cs):
                int(3)
                array(cs) { w, c in w.condition(c) }
            case let .any(cs):
                int(4)
                array(cs) { w, c in w.condition(c) }
            case let .not(c):
                int(5)
                condition(c)
            case let .predicate(p):
                int(6)
                string(p)
            case let .region(r):
                int(7)
                string(r)
            }
        }

        mutating func profile(_ p: PolicyProfile) {
            string(p.id)
            string(p.title)
            optional(p.inherits) { w, i in w.string(i) }
            string(p.source)
            date(p.validFrom)
            optional(p.validUntil) { w, d in w.date(d) }
            string(p.validityCite)
            dictionary(p.parameters) { w, values in w.array(values) { w, v in w.parameter(v) } }
            string(p.file)
        }

        mutating func parameter(_ p: Parameter) {
            string(p.key)
            value(p.value)
            string(p.cite)
            optional(p.validFrom) { w, d in w.date(d) }
            optional(p.validUntil) { w, d in w.date(d) }
            optional(p.line) { w, l in w.int(l) }
        }

        mutating func value(_ v: ParameterValue) {
            switch v {
            case let .int(n):
                int(0)
                int(n)
            case let .bool(b):
                int(1)
                bool(b)
            case let .text(t):
                int(2)
                string(t)
            case let .list(l):
                int(3)
                array(l) { w, s in w.string(s) }
            case let .duration(.days(n)):
                int(4)
                int(n)
            case let .duration(.months(n)):
                int(5)
                int(n)
            case let .monthDayRange(from, to):
                int(6)
                int(from.month)
                int(from.day)
                int(to.month)
                int(to.day)
            }
        }

        mutating func year(_ y: WorkingDays.Year) {
            int(y.year)
            string(y.source)
            string(y.cite)
            array(y.holidays) { w, h in
                w.string(h.name)
                w.date(h.from)
                w.date(h.to)
                w.string(h.cite)
                w.optional(h.line) { w, l in w.int(l) }
            }
            array(y.workdays) { w, d in
                w.string(d.name)
                w.date(d.date)
                w.string(d.cite)
                w.optional(d.line) { w, l in w.int(l) }
            }
            string(y.file)
        }
    }
}

// MARK: - Reading

extension FormArchive {
    struct Reader {
        let buffer: UnsafeBufferPointer<UInt8>
        var position = 0
        /// Conditions nest; a corrupt file must not recurse without end.
        var depth = 0

        init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

        var atEnd: Bool { position == buffer.count }

        func corrupt(_ what: String) -> Corrupt { Corrupt(description: "\(what) at byte \(position)") }

        mutating func byte() throws -> UInt8 {
            guard position < buffer.count else { throw corrupt("unexpected end") }
            defer { position += 1 }
            return buffer[position]
        }

        mutating func int() throws -> Int {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = try byte()
                guard shift < 64 else { throw corrupt("overlong integer") }
                v |= UInt64(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            return Int(Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1))
        }

        /// A count of items still to read, each at least one byte: more than the bytes left is corrupt.
        mutating func count() throws -> Int {
            let n = try int()
            guard n >= 0, n <= buffer.count - position else { throw corrupt("bad count \(n)") }
            return n
        }

        mutating func bool() throws -> Bool {
            switch try byte() {
            case 0: return false
            case 1: return true
            default: throw corrupt("bad flag")
            }
        }

        mutating func string() throws -> String { String(decoding: try bytes(), as: UTF8.self) }

        /// A string's bytes, not made into a String.
        mutating func bytes() throws -> UnsafeBufferPointer<UInt8> {
            let n = try count()
            defer { position += n }
            return UnsafeBufferPointer(rebasing: buffer[position..<(position + n)])
        }

        /// The workflows' ids, in order and each once, with where each one's bytes lie; decoded when first asked for.
        mutating func workflows(in bytes: ArraySlice<UInt8>, file: String?) throws -> WorkflowTable {
            let n = try count()
            var ids: [String] = []
            var spans: [(start: Int, end: Int)] = []
            ids.reserveCapacity(n)
            spans.reserveCapacity(n)
            for _ in 0..<n {
                let id = try string()
                guard ids.last.map({ $0 < id }) ?? true else { throw corrupt("workflow \(id) out of order") }
                let length = try count()
                ids.append(id)
                spans.append((position, position + length))
                position += length
            }
            return WorkflowTable(archived: ArchivedWorkflows(ids: ids, file: file, bytes: bytes, spans: spans))
        }

        /// The division table: each field's length, then the fields' bytes, kept where they lie in `bytes` (the
        /// whole archive, as `buffer`) rather than copied. Whether each code follows the one before is found as
        /// they are checked, each code as a number: for codes of six digits that is their byte order, which
        /// `Divisions` keeps.
        mutating func divisions(in bytes: ArraySlice<UInt8>) throws -> (table: PackedDivisions, ordered: Bool) {
            let n = try count()
            var ends: [Int] = []
            ends.reserveCapacity(3 * n)
            var end = 0
            for _ in 0..<(3 * n) {
                end += try count()
                ends.append(end)
            }
            guard end <= buffer.count - position else { throw corrupt("division fields past the end") }
            let fields = UnsafeBufferPointer(rebasing: buffer[position..<(position + end)])
            var previous = -1
            var ordered = true
            for i in 0..<n {
                let start = i == 0 ? 0 : ends[3 * i - 1]
                let code = UnsafeBufferPointer(rebasing: fields[start..<ends[3 * i]])
                var value = 0
                for digit in code {
                    guard digit &- 0x30 < 10 else { value = -1; break }
                    value = value &* 10 &+ Int(digit &- 0x30)
                }
                guard code.count == 6, value >= 0 else {
                    throw corrupt("division code \(String(decoding: code, as: UTF8.self))")
                }
                if value <= previous { ordered = false }
                previous = value
            }
            let first = bytes.startIndex + position
            position += end
            return (PackedDivisions(bytes: bytes[first..<(first + end)], ends: ends), ordered)
        }

        mutating func optional<T>(_ body: (inout Reader) throws -> T) throws -> T? {
            try bool() ? body(&self) : nil
        }

        mutating func array<T>(_ body: (inout Reader) throws -> T) throws -> [T] {
            let n = try count()
            var out: [T] = []
            out.reserveCapacity(n)
            for _ in 0..<n { out.append(try body(&self)) }
            return out
        }

        mutating func dictionary<T>(_ body: (inout Reader) throws -> T) throws -> [String: T] {
            let n = try count()
            var out: [String: T] = Dictionary(minimumCapacity: n)
            for _ in 0..<n {
                let key = try string()
                guard out.updateValue(try body(&self), forKey: key) == nil else { throw corrupt("repeated key") }
            }
            return out
        }

        mutating func raw<T: RawRepresentable>(_ type: T.Type) throws -> T where T.RawValue == String {
            let text = try string()
            guard let value = T(rawValue: text) else { throw corrupt("unknown \(T.self) \(text)") }
            return value
        }

        mutating func date() throws -> LocalDate {
            let y = try int(), m = try int(), d = try int()
            guard let date = LocalDate(year: y, month: m, day: d) else { throw corrupt("bad date") }
            return date
        }

        mutating func workflow() throws -> Workflow {
            Workflow(id: try string(), title: try string(), cite: try string(), steps: try array { r in try r.step() },
                     documents: try array { r in try r.requirement() }, file: try string())
        }

        mutating func step() throws -> Step {
            Step(id: try string(), title: try string(), fields: try array { r in try r.field() },
                 rules: try array { r in try r.string() }, line: try optional { r in try r.int() })
        }

        mutating func field() throws -> FormField {
            FormField(id: try string(), label: try string(), type: try raw(FieldType.self), required: try bool(),
                      when: try optional { r in try r.condition() },
                      choices: try array { r in Choice(value: try r.string(), label: try r.string()) },
                      kinds: try array { r in try r.raw(DocumentKind.self) }, help: try optional { r in try r.string() },
                      line: try optional { r in try r.int() })
        }

        mutating func requirement() throws -> DocumentRequirement {
            DocumentRequirement(mode: try raw(DocumentRequirement.Mode.self), codes: try array { r in try r.string() },
                                when: try optional { r in try r.condition() }, reason: try optional { r in try r.string() },
                                cite: try string(), line: try optional { r in try r.int() })
        }

        mutating func condition() throws -> Condition {
            depth += 1
            defer { depth -= 1 }
            guard depth < 64 else { throw corrupt("conditions nested too deep") }
            switch try int() {
            case 0: return .equals(field: try string(), value: try string())
            case 1: return .oneOf(field: try string(), values: try array { r in try r.string() })
            case 2: return .present(field: try string(), try bool())
            case 3: return .all(try array { r in try r.condition() })
            case 4: return .any(try array { r in try r.condition() })
            case 5: return .not(try condition())
            case 6: return .predicate(try string())
            case 7: return .region(try string())
            default: throw corrupt("unknown condition")
            }
        }

        mutating func profile() throws -> PolicyProfile {
            PolicyProfile(id: try string(), title: try string(), inherits: try optional { r in try r.string() },
                          source: try string(), validFrom: try date(), validUntil: try optional { r in try r.date() },
                          validityCite: try string(),
                          parameters: try dictionary { r in try r.array { r in try r.parameter() } }, file: try string())
        }

        mutating func parameter() throws -> Parameter {
            Parameter(key: try string(), value: try value(), cite: try string(),
                      validFrom: try optional { r in try r.date() }, validUntil: try optional { r in try r.date() },
                      line: try optional { r in try r.int() })
        }

        mutating func value() throws -> ParameterValue {
            switch try int() {
            case 0: return .int(try int())
            case 1: return .bool(try bool())
            case 2: return .text(try string())
            case 3: return .list(try array { r in try r.string() })
            case 4: return .duration(.days(try int()))
            case 5: return .duration(.months(try int()))
            case 6:
                guard let from = MonthDay(month: try int(), day: try int()),
                      let to = MonthDay(month: try int(), day: try int()) else { throw corrupt("bad month-day") }
                return .monthDayRange(from: from, to: to)
            default: throw corrupt("unknown parameter value")
            }
        }

        mutating func year() throws -> WorkingDays.Year {
            WorkingDays.Year(
                year: try int(), source: try string(), cite: try string(),
                holidays: try array { r in
                    WorkingDays.Holiday(name: try r.string(), from: try r.date(), to: try r.date(), cite: try r.string(),
                                        line: try r.optional { r in try r.int() })
                },
                workdays: try array { r in
                    WorkingDays.MakeUpDay(name: try r.string(), date: try r.date(), cite: try r.string(),
                                          line: try r.optional { r in try r.int() })
                },
                file: try string())
        }
    }
}

extension MonthDay {
    /// The month-day as `MM-DD` would give it; nil when no year has it.
    init?(month: Int, day: Int) {
        guard (1...12).contains(month), (1...LocalDate.daysIn(month: month, year: 2000)).contains(day) else { return nil }
        self.month = month
        self.day = day
    }
}
