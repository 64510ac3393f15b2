import CanbaoRules
import Foundation

/// The one clock of the counter: the instant now, and the business time zone in which days begin and end
/// (Asia/Shanghai unless configured). Screens, notices, case numbers, deadlines and reports all read the day from
/// here, so a server running in UTC never shows one day on the screen and reports another.
public struct BusinessClock: Sendable {
    public static let defaultTimeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    public let timeZone: TimeZone
    private let reading: @Sendable () -> Date

    public init(timeZone: TimeZone = BusinessClock.defaultTimeZone, now: @escaping @Sendable () -> Date = { Date() }) {
        self.timeZone = timeZone
        self.reading = now
    }

    /// `--tz`, else `$CANBAO_TZ`, else Asia/Shanghai; nil (with the name) for a zone this system does not know.
    public static func resolve(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Result<BusinessClock, UnknownTimeZone> {
        guard let name = option ?? environment["CANBAO_TZ"].flatMap({ $0.isEmpty ? nil : $0 }) else { return .success(BusinessClock()) }
        guard let zone = TimeZone(identifier: name) else { return .failure(UnknownTimeZone(name: name)) }
        return .success(BusinessClock(timeZone: zone))
    }

    public struct UnknownTimeZone: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "未知的时区“\(name)”（例如 Asia/Shanghai）" }
    }

    public func now() -> Date { reading() }

    public var today: LocalDate { day(of: now()) }

    /// For `bounds` only: the instant a local midnight falls on needs the zone's rules for that wall time.
    private var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        return c
    }

    /// The local wall time of an instant: its business day, and the seconds since that day's midnight. The zone's
    /// offset at that instant, then Gregorian days in integer arithmetic: the `Calendar` a start made to show today
    /// cost it half a millisecond (issue #17). The same days as `Calendar`'s Gregorian one from its 1582 reform on
    /// (before it, `Calendar` counts Julian days); a test compares the two across zones with and without summer time.
    private func wallTime(_ date: Date) -> (day: LocalDate, second: Int) {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        // Bounded before the conversion (a NaN or an instant beyond year 9999 must not trap); the day clamps.
        let seconds = local.isNaN ? 0 : Int(min(max(local, -1e15), 1e15).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return (LocalDate(dayNumber: days), seconds - days * 86_400)
    }

    /// The business day an instant falls on.
    public func day(of date: Date) -> LocalDate { wallTime(date).day }

    /// The instants a business day spans: [start, end).
    public func bounds(of day: LocalDate) -> (start: Date, end: Date) {
        let c = calendar
        let start = c.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? Date(timeIntervalSince1970: 0)
        return (start, c.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400))
    }

    public func year(of date: Date) -> Int { day(of: date).year }

    /// `14:05`.
    public func time(_ date: Date) -> String {
        let second = wallTime(date).second
        return Self.digits(second / 3600, 2) + ":" + Self.digits(second / 60 % 60, 2)
    }

    /// `12-03`.
    public func monthDay(_ date: Date) -> String {
        let day = day(of: date)
        return Self.digits(day.month, 2) + "-" + Self.digits(day.day, 2)
    }

    /// `14:05` for an instant of today, else `12-03`: how lists show when something last changed.
    public func shortStamp(_ date: Date) -> String {
        day(of: date) == today ? time(date) : monthDay(date)
    }

    /// `20261203-140530`: file names that sort by when they were made.
    public func fileStamp(_ date: Date) -> String {
        let (day, second) = wallTime(date)
        return Self.digits(day.year, 4) + Self.digits(day.month, 2) + Self.digits(day.day, 2) + "-"
            + Self.digits(second / 3600, 2) + Self.digits(second / 60 % 60, 2) + Self.digits(second % 60, 2)
    }

    /// `n` in decimal, zeros in front up to `width` digits (`String(format:)` is Foundation's formatter).
    static func digits(_ n: Int, _ width: Int) -> String {
        let text = String(n)
        return text.count < width ? String(repeating: "0", count: width - text.count) + text : text
    }
}
