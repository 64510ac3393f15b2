/// The working-day calendar (工作日) that deadlines such as 内蒙古细则 第十九条 (10 and 5 working days) are counted
/// in: Monday to Friday, minus the official holidays (放假), plus the make-up working days (调休上班) of each year,
/// as the State Council announces them (`Forms/calendar/<year>.yaml`). Pure data: a year without a file is not
/// guessed; callers ask `covers(_:)` / `uncoveredYears(from:to:)` and say so in a finding.
///
/// Counting follows the usual rule for periods (民法典 第二百零一条: the day the period starts is not counted): the
/// n-th working day after the start is the deadline, and a deadline on that day is met.
public struct WorkingDays: Hashable, Sendable {
    /// One year's schedule, with the notice it comes from.
    public struct Year: Hashable, Sendable {
        public var year: Int
        /// 国务院办公厅关于2026年部分节假日安排的通知
        public var source: String
        /// The citation of the notice as a whole (`2026年节假日安排通知`).
        public var cite: String
        public var holidays: [Holiday]
        public var workdays: [MakeUpDay]
        public var file: String

        public init(year: Int, source: String, cite: String, holidays: [Holiday], workdays: [MakeUpDay], file: String) {
            self.year = year
            self.source = source
            self.cite = cite
            self.holidays = holidays
            self.workdays = workdays
            self.file = file
        }
    }

    /// A run of days off: 春节 2026-02-15 … 2026-02-23.
    public struct Holiday: Hashable, Sendable {
        public var name: String
        public var from: LocalDate
        public var to: LocalDate
        public var cite: String
        public var line: Int?

        public init(name: String, from: LocalDate, to: LocalDate, cite: String, line: Int? = nil) {
            self.name = name
            self.from = from
            self.to = to
            self.cite = cite
            self.line = line
        }

        public func contains(_ date: LocalDate) -> Bool { from <= date && date <= to }
    }

    /// A weekend day that is a working day (调休上班).
    public struct MakeUpDay: Hashable, Sendable {
        public var name: String
        public var date: LocalDate
        public var cite: String
        public var line: Int?

        public init(name: String, date: LocalDate, cite: String, line: Int? = nil) {
            self.name = name
            self.date = date
            self.cite = cite
            self.line = line
        }
    }

    /// Every loaded year's schedule, ascending; of two for the same year, the first given.
    public private(set) var schedules: [Year]
    /// Day numbers (`LocalDate.dayNumber`), ascending and each once. Sorted arrays rather than `Set<Int>` and a
    /// dictionary by year: a calendar holds a few hundred days, and the first hashed collection of `Int` a start
    /// makes has the runtime search every conformance (issue #17).
    private var holidayDays: [Int] = []
    private var makeUpDays: [Int] = []

    public init(_ years: [Year] = []) {
        var schedules: [Year] = []
        for y in years where !schedules.contains(where: { $0.year == y.year }) { schedules.append(y) }
        schedules.sort { $0.year < $1.year }
        self.schedules = schedules
        var holidays: [Int] = [], makeUps: [Int] = []
        for y in schedules {
            for h in y.holidays where h.from <= h.to { holidays += h.from.dayNumber...h.to.dayNumber }
            for w in y.workdays { makeUps.append(w.date.dayNumber) }
        }
        holidayDays = Self.ascendingOnce(holidays)
        makeUpDays = Self.ascendingOnce(makeUps)
    }

    /// The schedule of `year`, when loaded.
    public func schedule(of year: Int) -> Year? { schedules.first { $0.year == year } }

    public var isEmpty: Bool { schedules.isEmpty }

    /// True when the year's schedule is loaded.
    public func covers(_ year: Int) -> Bool { schedule(of: year) != nil }

    /// The years from `a` to `b` (either order) whose schedule is not loaded, ascending.
    public func uncoveredYears(from a: LocalDate, to b: LocalDate) -> [Int] {
        let (lo, hi) = a <= b ? (a.year, b.year) : (b.year, a.year)
        return (lo...hi).filter { !covers($0) }
    }

    /// A working day: a make-up day, else Monday to Friday outside the holidays. In a year without a schedule only
    /// weekends are known (see `covers(_:)`).
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        let n = date.dayNumber
        if Self.has(makeUpDays, n) { return true }
        if Self.has(holidayDays, n) { return false }
        return date.weekday < 5
    }

    /// The holiday `date` falls in, if any (for messages).
    public func holiday(on date: LocalDate) -> Holiday? {
        schedule(of: date.year)?.holidays.first { $0.contains(date) }
            ?? schedule(of: date.year - 1)?.holidays.first { $0.contains(date) }
    }

    private static func ascendingOnce(_ days: [Int]) -> [Int] {
        var out: [Int] = []
        for n in days.sorted() where out.last != n { out.append(n) }
        return out
    }

    /// Binary search of an ascending array.
    private static func has(_ days: [Int], _ n: Int) -> Bool {
        var low = 0, high = days.count
        while low < high {
            let middle = (low + high) / 2
            if days[middle] < n { low = middle + 1 } else { high = middle }
        }
        return low < days.count && days[low] == n
    }

    /// The `n`-th working day after `start` (the start itself not counted); `n` = 0 gives `start`. Negative `n`
    /// counts backwards. Nil when the count would run past `LocalDate.latest` (or before `LocalDate.earliest`): a
    /// deadline the calendar cannot hold is reported by the caller, never wrapped or invented.
    public func addingWorkingDays(_ n: Int, to start: LocalDate) -> LocalDate? {
        var date = start
        var left = n.magnitude
        let step = n < 0 ? -1 : 1
        let end = n < 0 ? LocalDate.earliest : LocalDate.latest
        while left > 0 {
            guard date != end else { return nil }
            date = date.adding(days: step)
            if isWorkingDay(date) { left -= 1 }
        }
        return date
    }

    /// Working days after `a` up to and including `b` (so a deadline `addingWorkingDays(n, to: a)` is n working
    /// days away); negative when `b` is before `a`.
    public func workingDays(between a: LocalDate, and b: LocalDate) -> Int {
        if b < a { return -workingDays(between: b, and: a) }
        var count = 0
        var date = a
        while date < b {
            date = date.adding(days: 1)
            if isWorkingDay(date) { count += 1 }
        }
        return count
    }
}
