/// What the other counter services (change, suspend, terminate, transfer-in, transfer-out, refund) share: dates in
/// facts, the person's platform records at a place, region codes and provinces, deadlines in working days.
extension RuleContext {
    /// A date answer (`event_date`, `received_date`, …): nil when absent; `.failure` with the text when not a date.
    func dateFact(_ id: String) -> Result<LocalDate, DateFactError>? {
        guard let text = caseFile.text(id) else { return nil }
        guard let date = LocalDate(text) else { return .failure(DateFactError(text: String(text.prefix(24)))) }
        return .success(date)
    }

    /// The person's records at `place` in `scheme`, active first, then suspended, then terminated.
    func records(at place: String?, scheme: Scheme) -> [PlatformRecord] {
        guard let place else { return [] }
        let order: [EnrollmentStatus] = [.active, .suspended, .terminated]
        return caseFile.platformRecords.filter { $0.place == place && $0.scheme == scheme }
            .enumerated().sorted { (order.firstIndex(of: $0.element.status)!, $0.offset) < (order.firstIndex(of: $1.element.status)!, $1.offset) }
            .map(\.element)
    }

    /// A deadline `days` working days after `start` (the start not counted), with a warning for every year on the
    /// way that has no holiday schedule in `Forms/calendar/` (counted as if only weekends were off there). Nil, with
    /// a warning saying so, when the deadline would fall after the last date the calendar holds (9999-12-31).
    func workingDayDeadline(_ days: Int, after start: LocalDate, rule: String, field: String?, cite: String) -> (LocalDate?, [Finding]) {
        let calendar = forms.calendar
        guard let due = calendar.addingWorkingDays(days, to: start) else {
            return (nil, [Cite(rule: rule, citation: cite, field: field).warn("自 \(start) 起\(days)个工作日的截止日期超出日历范围，无法计算")])
        }
        let missing = calendar.uncoveredYears(from: start, to: due)
        guard !missing.isEmpty else { return (due, []) }
        let years = missing.map { "\($0)年" }.joined(separator: "、")
        let finding = Cite(rule: rule, citation: cite, field: field)
            .warn("未载入\(years)节假日安排（Forms/calendar/），截止日期 \(due) 仅按周末推算，请按国务院办公厅公布的节假日安排核对")
        return (due, [finding])
    }
}

struct DateFactError: Error {
    var text: String
}

/// Region codes (统筹区代码): 6 digits, the first two the province (15 内蒙古, 44 广东).
enum RegionCode {
    static func isCode(_ text: String) -> Bool { text.count == 6 && text.allSatisfy { $0.isASCII && $0.isNumber } }

    static func province(_ code: String) -> String? { isCode(code) ? String(code.prefix(2)) : nil }

    /// True when both are codes of different provinces (跨省).
    static func crossProvince(_ a: String, _ b: String) -> Bool? {
        guard let pa = province(a), let pb = province(b) else { return nil }
        return pa != pb
    }
}

/// Months as platform records write them (`YYYY-MM`).
enum Month {
    static func of(_ date: LocalDate) -> String { String(date.description.prefix(7)) }

    static func date(_ month: String) -> LocalDate? { LocalDate(month + "-01") }

    /// Every month from `from` to `to` inclusive; empty when `to` is before `from` or either is not a month.
    static func range(_ from: String, _ to: String) -> [String] {
        guard var d = date(from), let end = date(to), d <= end else { return [] }
        var result: [String] = []
        while d <= end {
            result.append(of(d))
            d = d.adding(months: 1)
        }
        return result
    }

    /// 2026-03 → 2026年3月.
    static func chinese(_ month: String) -> String {
        guard let d = date(month) else { return month }
        return "\(d.year)年\(d.month)月"
    }
}
