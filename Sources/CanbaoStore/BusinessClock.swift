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

    private var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        return c
    }

    /// The business day an instant falls on.
    public func day(of date: Date) -> LocalDate {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        // Every instant has a Gregorian day; the fallback is never taken.
        return LocalDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? LocalDate(year: 1970, month: 1, day: 1)!
    }

    /// The instants a business day spans: [start, end).
    public func bounds(of day: LocalDate) -> (start: Date, end: Date) {
        let c = calendar
        let start = c.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? Date(timeIntervalSince1970: 0)
        return (start, c.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400))
    }

    public func year(of date: Date) -> Int { calendar.component(.year, from: date) }

    /// `14:05`.
    public func time(_ date: Date) -> String {
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }

    /// `12-03`.
    public func monthDay(_ date: Date) -> String {
        let c = calendar.dateComponents([.month, .day], from: date)
        return String(format: "%02d-%02d", c.month ?? 0, c.day ?? 0)
    }

    /// `14:05` for an instant of today, else `12-03`: how lists show when something last changed.
    public func shortStamp(_ date: Date) -> String {
        day(of: date) == today ? time(date) : monthDay(date)
    }

    /// `20261203-140530`: file names that sort by when they were made.
    public func fileStamp(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02d-%02d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
