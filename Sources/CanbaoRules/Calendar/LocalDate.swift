/// A calendar date without time or zone. The rules never read a clock: "today" is always an input.
///
/// Every value lies between `earliest` (0001-01-01) and `latest` (9999-12-31): construction refuses anything else and
/// arithmetic clamps to those ends instead of trapping or printing a five-digit year. Input (case files, the
/// counter's date fields) is narrower still, `inputRange`, so a clamped result never comes from a date anyone typed.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Year, month and day in one word (`year << 9 | month << 5 | day`), ordered as the dates are: a roster holds
    /// several dates for each of a million rows, and three `Int`s would take six times the room.
    private let packed: UInt32

    public var year: Int { Int(packed >> 9) }
    public var month: Int { Int(packed >> 5 & 0xF) }
    public var day: Int { Int(packed & 0x1F) }

    /// Returns nil for an impossible date (2026-02-30, month 13, year 0 or 10000, …).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.init(valid: year, month, day)
    }

    /// For components already known to form a date.
    private init(valid year: Int, _ month: Int, _ day: Int) {
        packed = UInt32(year) << 9 | UInt32(month) << 5 | UInt32(day)
    }

    /// The first and last dates a `LocalDate` can hold.
    public static let earliest = LocalDate(valid: 1, 1, 1)
    public static let latest = LocalDate(valid: 9999, 12, 31)

    /// Dates accepted from input: births, events and evaluation dates of cases served today all fall inside it,
    /// and any arithmetic the rules do on them (a few years either way) stays far from `earliest` and `latest`.
    public static let inputRange = LocalDate(valid: 1900, 1, 1)...LocalDate(valid: 2099, 12, 31)

    /// Years accepted from input (coverage years, …): those of `inputRange`.
    public static let inputYears = 1900...2099

    /// The date with the year clamped to 1…9999, the month to 1…12 and the day to the month's length
    /// (2026-02-31 → 2026-02-28): for "the Nth of a month" in policy texts, where a short month means its last day.
    public static func clamping(year: Int, month: Int, day: Int) -> LocalDate {
        let y = min(max(year, 1), 9999), m = min(max(month, 1), 12)
        return LocalDate(valid: y, m, min(max(day, 1), daysIn(month: m, year: y)))
    }

    /// Why `self` cannot be accepted from input, or nil when it can: a Chinese reason naming the range.
    public var inputProblem: String? {
        LocalDate.inputRange.contains(self) ? nil : "日期超出可受理的范围（\(LocalDate.inputRange.lowerBound) 至 \(LocalDate.inputRange.upperBound)）：\(self)"
    }

    /// Parses `YYYY-MM-DD` strictly (also `YYYYMMDD` when `compact` is true).
    public init?(_ text: String, compact: Bool = false) {
        // On the UTF-8 bytes, where only ASCII digits and hyphens pass: Characters and Strings of their slices built
        // generic types at a start's first date, each after a scan of every conformance of the binary (issue #17).
        let bytes = Array(text.utf8)
        let dashed = bytes.count == 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
        guard dashed || (compact && bytes.count == 8) else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) else { return nil }
                n = n * 10 + Int(bytes[i] - UInt8(ascii: "0"))
            }
            return n
        }
        guard let y = number(0..<4), let m = number(dashed ? 5..<7 : 4..<6), let d = number(dashed ? 8..<10 : 6..<8)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Why `year`-`month`-`day`, written in the right shape, is no date: the month, a day 00, or a day past the
    /// month's end. One wording wherever a date is typed (an ID number's birth date, a date field).
    public static func dayProblem(year: Int, month: Int, day: Int) -> String {
        guard (1...12).contains(month) else { return "月份应为01至12，实际为\(month < 10 ? "0" : "")\(month)" }
        let days = daysIn(month: month, year: year)
        if day == 0 { return "日应为01至\(days)，实际为00" }
        return "\(year)年\(month)月只有\(days)天"
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's `days_from_civil`.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `z0` days after 1970-01-01, clamped to `earliest`…`latest`.
    public init(dayNumber z0: Int) {
        let z = min(max(z0, LocalDate.earliestDayNumber), LocalDate.latestDayNumber) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(valid: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 0 = Monday … 6 = Sunday.
    public var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 }

    static let earliestDayNumber = -719_162  // 0001-01-01
    static let latestDayNumber = 2_932_896   // 9999-12-31

    /// `days` later (earlier when negative), clamped to `earliest`…`latest`: the sum is bounded first, so no count
    /// of days overflows.
    public func adding(days: Int) -> LocalDate {
        let span = LocalDate.latestDayNumber - LocalDate.earliestDayNumber
        return LocalDate(dayNumber: dayNumber + min(max(days, -span), span))
    }

    /// Adds calendar months, clamping the day to the target month's length (01-31 + 1 month = 02-28/29) and the
    /// result to `earliest`…`latest`.
    public func adding(months: Int) -> LocalDate {
        let first = 1 * 12, last = 9999 * 12 + 11  // 0001-01 and 9999-12 as month indexes
        let index = year * 12 + (month - 1) + min(max(months, -last), last)
        if index > last { return .latest }
        if index < first { return .earliest }
        return LocalDate.clamping(year: index / 12, month: index % 12 + 1, day: day)
    }

    public func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }

    /// Whole calendar months from self to other (negative if other is earlier).
    public func months(until other: LocalDate) -> Int {
        var months = (other.year - year) * 12 + (other.month - month)
        if months > 0, other.day < day, other.day < LocalDate.daysIn(month: other.month, year: other.year) { months -= 1 }
        if months < 0, other.day > day { months += 1 }
        return months
    }

    public var firstOfMonth: LocalDate { LocalDate(valid: year, month, 1) }

    public var description: String {
        let y = String(year), m = month < 10 ? "0\(month)" : "\(month)", d = day < 10 ? "0\(day)" : "\(day)"
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + m + "-" + d
    }

    /// 2026年3月1日, for notices and messages.
    public var chinese: String { "\(year)年\(month)月\(day)日" }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.packed < b.packed }
}

extension LocalDate: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "不是有效日期（应为 YYYY-MM-DD）：\(text)"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
