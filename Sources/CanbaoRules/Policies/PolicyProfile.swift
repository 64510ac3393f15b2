/// A region's policy profile from `Forms/policies/*.yaml`: the parameters that vary by region or date, each with
/// its citation and validity. A profile may inherit another (dalate → inner-mongolia → national).
public struct PolicyProfile: Hashable, Sendable {
    public var id: String
    public var title: String
    public var inherits: String?
    /// The policy text the profile models, e.g. 内蒙古细则.
    public var source: String
    public var validFrom: LocalDate
    public var validUntil: LocalDate?
    /// The article that sets the validity, for the finding when a case falls outside it.
    public var validityCite: String
    public var parameters: [String: [Parameter]]
    public var file: String
}

/// One value of one parameter, valid over a period, with the article that sets it.
public struct Parameter: Hashable, Sendable {
    public var key: String
    public var value: ParameterValue
    public var cite: String
    public var validFrom: LocalDate?
    public var validUntil: LocalDate?
    public var line: Int?

    public func isValid(on date: LocalDate) -> Bool {
        if let validFrom, date < validFrom { return false }
        if let validUntil, date > validUntil { return false }
        return true
    }
}

public enum ParameterValue: Hashable, Sendable {
    case int(Int)
    case bool(Bool)
    case text(String)
    case list([String])
    case duration(Duration)
    case monthDayRange(from: MonthDay, to: MonthDay)
}

/// A length of time as policy texts state it: 90 days, 6 months.
public enum Duration: Hashable, Sendable, CustomStringConvertible {
    case days(Int)
    case months(Int)

    public func end(from start: LocalDate) -> LocalDate {
        switch self {
        case let .days(n): return start.adding(days: n)
        case let .months(n): return start.adding(months: n)
        }
    }

    public var description: String {
        switch self {
        case let .days(n): return "\(n)天"
        case let .months(n): return "\(n)个月"
        }
    }
}

/// A day of the year without the year, e.g. 09-01; 02-29 means the last day of February in any year.
public struct MonthDay: Hashable, Sendable, CustomStringConvertible {
    public var month: Int
    public var day: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let m = Int(parts[0]), let d = Int(parts[1]), (1...12).contains(m),
              (1...LocalDate.daysIn(month: m, year: 2000)).contains(d) else { return nil }
        month = m
        day = d
    }

    /// This day in `year` (02-29 in a common year is 02-28), the year clamped to 1…9999.
    public func date(in year: Int) -> LocalDate {
        LocalDate.clamping(year: year, month: month, day: day)
    }

    public var description: String { "\(month)月\(day == 29 && month == 2 ? "底" : "\(day)日")" }
}

/// A profile together with the profiles it inherits, most specific first: how the rules read parameters.
public struct Policy: Hashable, Sendable {
    public var chain: [PolicyProfile]

    public var profile: PolicyProfile { chain[0] }
    public var id: String { profile.id }

    /// The parameter's value in force on `date`: the most specific profile that sets it for that date.
    public func parameter(_ key: String, on date: LocalDate) -> Parameter? {
        for profile in chain {
            if let p = profile.parameters[key]?.first(where: { $0.isValid(on: date) }) { return p }
        }
        return nil
    }

    /// True if this profile is `region` or inherits it.
    public func includes(_ region: String) -> Bool { chain.contains { $0.id == region } }
}
