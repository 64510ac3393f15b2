/// Duplicate enrollment (重复参保) over one person's platform records: 内蒙古细则 第二十三条 (the same definition as
/// 国家规程 第十三条 and 某市通知 五). Pure: no I/O, no clock.
///
/// Only records in force and paid count (“参保缴费状态正常的参保信息记录”): status `active` and `paid`. A suspended
/// or terminated record is a relationship already ended; an unpaid one has no 实缴数据.
public struct Duplicate: Hashable, Codable, Sendable {
    public enum Rule: String, Codable, Sendable, CaseIterable {
        /// (一) two or more paid employee records for one contribution month.
        case employee
        /// (二) two or more paid resident records in one resident year.
        case resident
        /// (三) a paid resident year whose every benefit month also has paid employee data.
        case crossScheme = "cross-scheme"

        public var citation: String {
            switch self {
            case .employee: return "内蒙古细则 第二十三条（一）"
            case .resident: return "内蒙古细则 第二十三条（二）"
            case .crossScheme: return "内蒙古细则 第二十三条（三）"
            }
        }

        public var chinese: String {
            switch self {
            case .employee: return "职工医保重复参保"
            case .resident: return "居民医保重复参保"
            case .crossScheme: return "跨制度重复参保"
            }
        }
    }

    public var rule: Rule
    /// Indices into the records given to `DuplicateDetection.detect`, ascending. For (三) the resident record first.
    public var records: [Int]
    /// (一) the contribution months paid twice or more; (三) the benefit months of the resident year. `YYYY-MM`.
    public var months: [String]
    /// (二)(三) the resident year.
    public var year: Int?
    /// One Chinese sentence for the clerk.
    public var message: String

    public var citation: String { rule.citation }

    public init(rule: Rule, records: [Int], months: [String], year: Int?, message: String) {
        self.rule = rule
        self.records = records
        self.months = months
        self.year = year
        self.message = message
    }
}

public enum DuplicateDetection {
    /// Every duplicate among the person's records, in rule order (一)(二)(三), then by first record.
    public static func detect(_ records: [PlatformRecord]) -> [Duplicate] {
        let counted = records.indices.filter { records[$0].status == .active && records[$0].paid }
        guard counted.count >= 2 else { return [] }
        var employees: [(index: Int, months: [Int])] = []
        var residents: [Int] = []
        for i in counted {
            let r = records[i]
            switch r.scheme {
            case .employee:
                let months = (r.months ?? []).compactMap(MonthIndex.parse)
                if !months.isEmpty { employees.append((i, months)) }
            case .resident:
                if r.year != nil { residents.append(i) }
            }
        }
        return employeeDuplicates(employees, records) + residentDuplicates(residents, records)
            + crossSchemeDuplicates(residents, employees, records)
    }

    // MARK: (一) the same contribution month paid twice

    static func employeeDuplicates(_ employees: [(index: Int, months: [Int])], _ records: [PlatformRecord]) -> [Duplicate] {
        guard employees.count >= 2 else { return [] }
        var payers: [Int: [Int]] = [:]  // month → positions in `employees`
        for (position, e) in employees.enumerated() {
            for month in Set(e.months) { payers[month, default: []].append(position) }
        }
        // Records paying a common month are one duplicate, transitively: one relationship is kept among them.
        var parent = Array(employees.indices)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        var twice: [Int] = []
        for (month, list) in payers where list.count >= 2 {
            twice.append(month)
            for other in list.dropFirst() { parent[root(other)] = root(list[0]) }
        }
        guard !twice.isEmpty else { return [] }
        var groups: [Int: (records: [Int], months: [Int])] = [:]
        for month in twice {
            let group = root(payers[month]![0])
            groups[group, default: ([], [])].months.append(month)
        }
        for position in employees.indices where groups[root(position)] != nil {
            groups[root(position)]!.records.append(employees[position].index)
        }
        return groups.values.map { group in
            let months = group.months.sorted().map(MonthIndex.format)
            let indices = group.records.sorted()
            let places = indices.map { records[$0].place }.joined(separator: "、")
            return Duplicate(rule: .employee, records: indices, months: months, year: nil,
                             message: "\(Duplicate.Rule.employee.chinese)：\(MonthIndex.describe(months))有 \(indices.count) 条职工医保实缴数据（\(places)）")
        }.sorted { $0.records[0] < $1.records[0] }
    }

    // MARK: (二) one resident year paid twice

    static func residentDuplicates(_ residents: [Int], _ records: [PlatformRecord]) -> [Duplicate] {
        var byYear: [Int: [Int]] = [:]
        for i in residents { byYear[records[i].year!, default: []].append(i) }
        return byYear.filter { $0.value.count >= 2 }.sorted { $0.key < $1.key }.map { year, indices in
            let places = indices.map { records[$0].place }.joined(separator: "、")
            return Duplicate(rule: .resident, records: indices, months: [], year: year,
                             message: "\(Duplicate.Rule.resident.chinese)：\(year) 年度有 \(indices.count) 条居民医保实缴数据（\(places)）")
        }
    }

    // MARK: (三) every benefit month of a paid resident year also paid as employee

    static func crossSchemeDuplicates(_ residents: [Int], _ employees: [(index: Int, months: [Int])],
                                      _ records: [PlatformRecord]) -> [Duplicate] {
        guard !residents.isEmpty, !employees.isEmpty else { return [] }
        var covered = Set<Int>()
        for e in employees { covered.formUnion(e.months) }
        var found: [Duplicate] = []
        for i in residents {
            let benefit = benefitMonths(records[i])
            guard benefit.allSatisfy(covered.contains) else { continue }
            let benefitSet = Set(benefit)
            let payers = employees.filter { $0.months.contains(where: benefitSet.contains) }.map(\.index).sorted()
            let year = records[i].year!
            let places = payers.map { records[$0].place }.joined(separator: "、")
            found.append(Duplicate(
                rule: .crossScheme, records: [i] + payers, months: benefit.map(MonthIndex.format), year: year,
                message: "\(Duplicate.Rule.crossScheme.chinese)：\(year) 年度居民医保（\(records[i].place)）的每一待遇享受月份均有职工医保实缴数据（\(places)）"))
        }
        return found
    }

    /// The benefit months of a resident year (待遇享受月份): the calendar year, from the month the record became
    /// active when that falls inside the year (a newborn or a mid-year enrollment).
    static func benefitMonths(_ r: PlatformRecord) -> [Int] {
        let year = r.year!
        var first = 1
        if let since = r.since, since.year == year { first = since.month }
        return (first...12).map { MonthIndex.make(year: year, month: $0) }
    }
}

/// Months as one integer (year × 12 + month − 1), so sets and runs of months are cheap.
enum MonthIndex {
    static func make(year: Int, month: Int) -> Int { year * 12 + month - 1 }

    /// `YYYY-MM` strictly; nil otherwise.
    static func parse(_ text: String) -> Int? {
        var it = text.utf8.makeIterator()
        var value = 0, month = 0
        for position in 0..<7 {
            guard let byte = it.next() else { return nil }
            if position == 4 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= 48, byte <= 57 else { return nil }
            if position < 4 { value = value * 10 + Int(byte - 48) } else { month = month * 10 + Int(byte - 48) }
        }
        guard it.next() == nil, (1...12).contains(month) else { return nil }
        return make(year: value, month: month)
    }

    static func format(_ index: Int) -> String {
        let year = index / 12, month = index % 12 + 1
        return "\(year)-" + (month < 10 ? "0\(month)" : "\(month)")
    }

    /// “2025-03至2025-06” for a run, else the first and last with the count.
    static func describe(_ months: [String]) -> String {
        guard let first = months.first, let last = months.last else { return "" }
        if first == last { return first }
        let indices = months.compactMap(parse)
        if let a = indices.first, let b = indices.last, b - a + 1 == indices.count { return "\(first)至\(last)" }
        return "\(first)至\(last)中的 \(months.count) 个月"
    }
}
