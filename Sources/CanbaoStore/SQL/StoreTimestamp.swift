import CanbaoRules
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
        let date = LocalDate(dayNumber: total / 86_400_000), ofDay = total % 86_400_000
        return String(unsafeUninitializedCapacity: 23) { buffer in
            func put(_ value: Int, _ width: Int, at start: Int) {
                var value = value
                for i in stride(from: start + width - 1, through: start, by: -1) {
                    buffer[i] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            for (i, separator) in separators { buffer[i] = separator }
            put(date.year, 4, at: 0)
            put(date.month, 2, at: 5)
            put(date.day, 2, at: 8)
            put(ofDay / 3_600_000, 2, at: 11)
            put(ofDay / 60_000 % 60, 2, at: 14)
            put(ofDay / 1000 % 60, 2, at: 17)
            put(ofDay % 1000, 3, at: 20)
            return 23
        }
    }

    /// Where "yyyy-MM-dd HH:mm:ss.SSS" has its separators.
    private static let separators: [(Int, UInt8)] = [(4, 0x2D), (7, 0x2D), (10, 0x20), (13, 0x3A), (16, 0x3A), (19, 0x2E)]

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
        guard separators.allSatisfy({ $0.0 >= utf8.count || utf8[$0.0] == $0.1 }),
              let year = number(0, 4), years.contains(year), let month = number(5, 2), let day = number(8, 2),
              let date = LocalDate(year: year, month: month, day: day),
              let hour = number(11, 2), hour < 24, let minute = number(14, 2), minute < 60,
              let second = number(17, 2), second < 60,
              let milliseconds = utf8.count == 23 ? number(20, 3) : 0
        else { return nil }
        let seconds = date.dayNumber * 86_400 + hour * 3600 + minute * 60 + second
        // As the calendar computes it: whole seconds, then the nanoseconds.
        return Date(timeIntervalSinceReferenceDate: Double(seconds - referenceOffset) + Double(milliseconds * 1_000_000) / 1e9)
    }
}

/// The store's records: GRDB's `FetchableRecord`, their dates read as the store writes them (`StoreTimestamp`).
public protocol StoreRecord: FetchableRecord {}

extension StoreRecord {
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        StoreTimestamp.decoding
    }
}
