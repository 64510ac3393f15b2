import CanbaoRules
import Testing

/// The calendar keeps its days in sorted arrays rather than sets (issue #17): on random schedules, overlapping
/// holidays, make-up days inside holidays and a year given twice, it answers as the schedules say, day by day.
@Suite struct WorkingDaysStorageTests {
    /// What the schedules say of a day, read from them directly: a make-up day works, a holiday rests, else the
    /// weekday decides. The first schedule of a year is the one kept.
    static func expected(_ date: LocalDate, _ years: [WorkingDays.Year]) -> Bool {
        var kept: [WorkingDays.Year] = []
        for y in years where !kept.contains(where: { $0.year == y.year }) { kept.append(y) }
        if kept.contains(where: { $0.workdays.contains { $0.date == date } }) { return true }
        if kept.contains(where: { $0.holidays.contains { $0.from <= date && date <= $0.to } }) { return false }
        return date.weekday < 5
    }

    @Test func randomSchedulesAreAnsweredDayByDay() throws {
        var seed: UInt64 = 2_026_120_6
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        for round in 0..<60 {
            var years: [WorkingDays.Year] = []
            for _ in 0..<(1 + next(4)) {
                let year = 2024 + next(4)
                let start = try #require(LocalDate(year: year, month: 1, day: 1))
                let holidays = (0..<next(8)).map { i in
                    let from = start.adding(days: next(365))
                    // Some backwards (from after to): they hold no day.
                    return WorkingDays.Holiday(name: "假\(i)", from: from, to: from.adding(days: next(9) - 1), cite: "c")
                }
                let workdays = (0..<next(6)).map { i in
                    WorkingDays.MakeUpDay(name: "班\(i)", date: start.adding(days: next(365)), cite: "c")
                }
                years.append(WorkingDays.Year(year: year, source: "s\(round)", cite: "c", holidays: holidays,
                                              workdays: workdays, file: "calendar/\(year).yaml"))
            }
            let calendar = WorkingDays(years)
            #expect(calendar.schedules.map(\.year) == Set(years.map(\.year)).sorted())
            for y in calendar.schedules {
                #expect(calendar.schedule(of: y.year) == years.first { $0.year == y.year })
                #expect(calendar.schedule(of: y.year) == y)
            }
            var date = try #require(LocalDate(year: 2023, month: 12, day: 1))
            let end = try #require(LocalDate(year: 2028, month: 1, day: 31))
            while date <= end {
                #expect(calendar.isWorkingDay(date) == Self.expected(date, years), "\(date) in round \(round)")
                date = date.adding(days: 1)
            }
        }
    }

    @Test func anEmptyCalendarKnowsOnlyWeekends() throws {
        let c = WorkingDays()
        #expect(c.isEmpty && c.schedules.isEmpty && !c.covers(2026))
        #expect(c.isWorkingDay(try #require(LocalDate(year: 2026, month: 12, day: 4))))  // Friday
        #expect(!c.isWorkingDay(try #require(LocalDate(year: 2026, month: 12, day: 5))))  // Saturday
    }
}
