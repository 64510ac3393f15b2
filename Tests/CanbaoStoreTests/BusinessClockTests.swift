import CanbaoRules
@testable import CanbaoStore
import Foundation
import Testing

/// The business clock reads days and times in integer arithmetic from the zone's offset (not through a `Calendar`):
/// the same days and times as Foundation's Gregorian calendar in that zone, with and without summer time, at odd
/// offsets, on either side of midnight and of each change of the clocks.
@Suite struct BusinessClockTests {
    static let zones = ["Asia/Shanghai", "UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe",
                        "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham", "America/St_Johns", "Pacific/Kiritimati",
                        "Pacific/Pago_Pago", "America/Sao_Paulo"]

    /// What the clock used to do: Foundation's Gregorian calendar in the zone.
    struct Reference {
        let calendar: Calendar

        init(_ zone: TimeZone) {
            var c = Calendar(identifier: .gregorian)
            c.timeZone = zone
            calendar = c
        }

        func day(_ date: Date) -> LocalDate {
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            return LocalDate(year: c.year!, month: c.month!, day: c.day!)!
        }

        func stamp(_ date: Date) -> String {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            return String(format: "%04d%02d%02d-%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        }

        func time(_ date: Date) -> String {
            let c = calendar.dateComponents([.hour, .minute], from: date)
            return String(format: "%02d:%02d", c.hour!, c.minute!)
        }

        func monthDay(_ date: Date) -> String {
            let c = calendar.dateComponents([.month, .day], from: date)
            return String(format: "%02d-%02d", c.month!, c.day!)
        }
    }

    /// Random instants from 1900 to 2200, with fractions of a second, and for each zone the instants around its
    /// local midnights and its changes of the clocks (one second and a millisecond either side).
    static func instants(in zone: TimeZone, count: Int) -> [Date] {
        var seed: UInt64 = 20_261_205
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 11
        }
        let first = -2_208_988_800.0, span = 7_258_118_400.0 - first  // 1900-01-01 … 2200-01-01
        var dates = (0..<count).map { _ in
            Date(timeIntervalSince1970: first + Double(next() % UInt64(span)) + Double(next() % 1000) / 1000)
        }
        var transition = Date(timeIntervalSince1970: 946_684_800)  // 2000
        for _ in 0..<60 {
            guard let next = zone.nextDaylightSavingTimeTransition(after: transition) else { break }
            transition = next
            dates += [-1, -0.001, 0, 0.001, 1].map { next.addingTimeInterval($0) }
        }
        let reference = Reference(zone)
        for year in [1900, 1950, 1999, 2000, 2024, 2026, 2038, 2100, 2199] {
            for (month, day) in [(1, 1), (2, 28), (2, 29), (3, 1), (6, 30), (12, 31)] {
                guard let midnight = reference.calendar.date(from: DateComponents(year: year, month: month, day: day))
                else { continue }
                dates += [-1, -0.001, 0, 0.001, 1].map { midnight.addingTimeInterval($0) }
            }
        }
        return dates
    }

    @Test(arguments: zones)
    func daysAndTimesAreTheGregorianCalendars(_ name: String) throws {
        let zone = try #require(TimeZone(identifier: name))
        let clock = BusinessClock(timeZone: zone)
        let reference = Reference(zone)
        var mismatches: [String] = []
        for date in Self.instants(in: zone, count: 3_000) {
            let expected = (reference.day(date), reference.stamp(date), reference.time(date), reference.monthDay(date))
            let got = (clock.day(of: date), clock.fileStamp(date), clock.time(date), clock.monthDay(date))
            if got != expected || clock.year(of: date) != expected.0.year {
                mismatches.append("\(date.timeIntervalSince1970): \(got) ≠ \(expected)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func instantsNoDayHoldsAreClampedNotTrapped() {
        let clock = BusinessClock(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        #expect(clock.day(of: .distantFuture).year == 4001)
        #expect(clock.day(of: Date(timeIntervalSince1970: 1e300)) == LocalDate.latest)
        #expect(clock.day(of: Date(timeIntervalSince1970: -1e300)) == LocalDate.earliest)
        #expect(clock.fileStamp(Date(timeIntervalSince1970: 1_764_900_000)) == "20251205-100000")
        #expect(BusinessClock.digits(7, 4) == "0007" && BusinessClock.digits(12_345, 4) == "12345")
    }
}
