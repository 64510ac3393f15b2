import Foundation
import GRDB

/// The store's timestamps as text: "yyyy-MM-dd HH:mm:ss.SSS" in UTC, the form GRDB gives a `Date`, written and read
/// here with integer arithmetic. GRDB converts through Foundation's `DateFormatter` and a UTC `Calendar`, which load
/// ICU's locale, calendar and time-zone data: about 10 MB of memory and 1.5 ms for a process that does no more than
/// stamp one audit row (`canbao roster import --dry-run`, a login).
///
/// The same text and the same `Date`, to the last bit, as GRDB's: checked against it for every millisecond of
/// sampled seconds of the years this takes (`years`; a test compares them). Other years, other forms of text
/// and numbers are left to GRDB, as before.
public enum StoreTimestamp {
    /// Years the arithmetic is checked for (near 2001 the calendar's floating point rounds otherwise).
    static let years = 2008...2099
    private static let referenceOffset = 978_307_200  // seconds from 1970 to 2001, `Date`'s reference
    private static let firstSecond = 1_199_145_600  // 2008-01-01 00:00:00 UTC
    private static let endSecond = 4_102_444_800  // 2100-01-01 00:00:00 UTC

    /// As GRDB writes `date`: milliseconds rounded half up, as ICU's formatter does.
    public static func text(_ date: Date) -> String {
        let milliseconds = ((date.timeIntervalSinceReferenceDate + Double(referenceOffset)) * 1000)
            .rounded(.toNearestOrAwayFromZero)
        guard milliseconds >= Double(firstSecond) * 1000, milliseconds < Double(endSecond) * 1000 else {
            return String.fromDatabaseValue(date.databaseValue) ?? ""
        }
        let total = Int(milliseconds)
        let days = total / 86_400_000, ofDay = total % 86_400_000
        let (year, month, day) = civil(days)
        return String(unsafeUninitializedCapacity: 23) { buffer in
            func put(_ value: Int, _ width: Int, at start: Int) {
                var value = value
                for i in stride(from: start + width - 1, through: start, by: -1) {
                    buffer[i] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            put(month, 2, at: 5)
            put(day, 2, at: 8)
            put(ofDay / 3_600_000, 2, at: 11)
            put(ofDay / 60_000 % 60, 2, at: 14)
            put(ofDay / 1000 % 60, 2, at: 17)
            put(ofDay % 1000, 3, at: 20)
            for (i, separator) in [(4, "-"), (7, "-"), (10, " "), (13, ":"), (16, ":"), (19, ".")] as [(Int, Unicode.Scalar)] {
                buffer[i] = UInt8(ascii: separator)
            }
            return 23
        }
    }

    public static func databaseValue(_ date: Date) -> DatabaseValue { text(date).databaseValue }

    /// As GRDB reads a `Date` from `value`: nil when it is not one.
    @Sendable public static func date(_ value: DatabaseValue) -> Date? {
        if case var .string(text) = value.storage, let date = text.withUTF8(parse) { return date }
        return Date.fromDatabaseValue(value)
    }

    /// What GRDB's records decode their dates with (`FetchableRecord.databaseDateDecodingStrategy(for:)`).
    public static let decoding = DatabaseDateDecodingStrategy.custom(date)

    /// "yyyy-MM-dd HH:mm:ss" with ".SSS" or without, a valid date and time of `years`; else nil.
    private static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> Date? {
        guard utf8.count == 19 || utf8.count == 23 else { return nil }
        func number(_ start: Int, _ width: Int) -> Int? {
            var value = 0
            for i in start..<start + width {
                let digit = Int(utf8[i]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        var separators: [(Int, Unicode.Scalar)] = [(4, "-"), (7, "-"), (10, " "), (13, ":"), (16, ":")]
        if utf8.count == 23 { separators.append((19, ".")) }
        guard separators.allSatisfy({ utf8[$0.0] == UInt8(ascii: $0.1) }),
              let year = number(0, 4), years.contains(year), let month = number(5, 2), (1...12).contains(month),
              let day = number(8, 2), day >= 1, day <= daysIn(month, of: year),
              let hour = number(11, 2), hour < 24, let minute = number(14, 2), minute < 60,
              let second = number(17, 2), second < 60,
              let milliseconds = utf8.count == 23 ? number(20, 3) : 0
        else { return nil }
        let seconds = days(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        // As the calendar computes it: whole seconds, then the nanoseconds.
        return Date(timeIntervalSinceReferenceDate: Double(seconds - referenceOffset) + Double(milliseconds * 1_000_000) / 1e9)
    }

    static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func days(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
    }

    /// The date of a day since 1970-01-01 (`civil_from_days`).
    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfYear - (153 * mp + 2) / 5 + 1)
    }
}

/// The store's records: GRDB's `FetchableRecord`, their dates read as the store writes them (`StoreTimestamp`).
public protocol StoreRecord: FetchableRecord {}

extension StoreRecord {
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        StoreTimestamp.decoding
    }
}
