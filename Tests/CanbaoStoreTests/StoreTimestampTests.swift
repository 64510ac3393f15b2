@testable import CanbaoStore
import Foundation
import GRDB
import Testing

/// The store's timestamps written and read without ICU (`StoreTimestamp`): the very text GRDB writes and the very
/// `Date` it reads, to the last bit, so rows, digests and comparisons are as they were.
@Suite struct StoreTimestampTests {
    /// Random instants of the years it takes, with whole, half and odd milliseconds.
    static func instants(_ count: Int) -> [Date] {
        var seed: UInt64 = 2_026_120_5
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 11
        }
        let first = 1_199_145_600.0, span = 4_102_444_800.0 - first  // 2008 … 2099, since 1970
        return (0..<count).map { i in
            let second = (first + Double(next() % UInt64(span))).rounded(.down)
            let fraction: Double = switch i % 4 {
            case 0: Double(next() % 1000) / 1000
            case 1: (Double(next() % 1000) + 0.5) / 1000
            case 2: Double(next() % 1_000_000) / 1_000_000
            default: 0
            }
            return Date(timeIntervalSince1970: second + fraction)
        } + [Date(timeIntervalSince1970: 1_199_145_600), Date(timeIntervalSince1970: 4_102_444_799.9994),
             Date(timeIntervalSince1970: 1_709_164_800.5), Date(timeIntervalSince1970: 1_956_528_000 - 0.0005)]
    }

    @Test func theTextIsGRDBs() {
        for date in Self.instants(20_000) {
            #expect(StoreTimestamp.text(date) == String.fromDatabaseValue(date.databaseValue), "\(date.timeIntervalSince1970)")
        }
    }

    @Test func theDateReadIsGRDBsToTheLastBit() {
        for date in Self.instants(20_000) {
            let text = String.fromDatabaseValue(date.databaseValue)!
            for form in [text, String(text.prefix(19))] {
                let ours = StoreTimestamp.date(form.databaseValue), grdb = Date.fromDatabaseValue(form.databaseValue)
                #expect(ours?.timeIntervalSinceReferenceDate == grdb?.timeIntervalSinceReferenceDate, "\(form)")
            }
        }
    }

    /// What the arithmetic does not take is GRDB's to read or write, with GRDB's answer.
    @Test(arguments: ["2001-01-05 21:03:00.737", "1999-12-31 23:59:59.999", "2100-01-01 00:00:00.000",
                      "2026-02-29 10:00:00.000", "2024-02-29 10:00:00.000", "2026-13-01 00:00:00.000",
                      "2026-03-01T10:00:00.000", "2026-03-01 10:00", "2026-03-01", "2026-03-01 24:00:00", "10:00:00",
                      "2026-03-01 10:00:00.5", "２０２６-03-01 10:00:00", "not a date", ""])
    func otherTextIsReadAsGRDBReadsIt(text: String) {
        #expect(StoreTimestamp.date(text.databaseValue)?.timeIntervalSinceReferenceDate
            == Date.fromDatabaseValue(text.databaseValue)?.timeIntervalSinceReferenceDate)
    }

    /// Timestamps with one character changed (a digit, a separator, a zone letter): whatever GRDB makes of each,
    /// the store reads the same.
    @Test func alteredTextIsReadAsGRDBReadsIt() {
        let characters = Array("0123456789-: .TZ+x")
        var seed: UInt64 = 17
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33)
        }
        for date in Self.instants(5_000) {
            var text = Array(String.fromDatabaseValue(date.databaseValue)!)
            text[next() % text.count] = characters[next() % characters.count]
            let altered = String(text).databaseValue
            #expect(StoreTimestamp.date(altered)?.timeIntervalSinceReferenceDate
                == Date.fromDatabaseValue(altered)?.timeIntervalSinceReferenceDate, "\(String(text))")
        }
    }

    @Test func numbersAndOtherYearsAreGRDBs() {
        #expect(StoreTimestamp.date(1_700_000_000.25.databaseValue) == Date.fromDatabaseValue(1_700_000_000.25.databaseValue))
        #expect(StoreTimestamp.date(DatabaseValue.null) == nil)
        for date in [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -86_400.5), Date(timeIntervalSince1970: 5e9)] {
            #expect(StoreTimestamp.text(date) == String.fromDatabaseValue(date.databaseValue))
        }
    }

    /// The store's seam converts with it both ways: an argument `Date` is written as GRDB's text, a column read as
    /// `Date` (or `Date?`) is the `Date` GRDB reads.
    @Test func theSeamUsesIt() throws {
        let date = Date(timeIntervalSince1970: 1_764_900_000.1234)
        let arguments: SQLArguments = [date, Optional<Date>.none, 7]
        #expect(arguments.values == [String.fromDatabaseValue(date.databaseValue)!.databaseValue, .null, 7.databaseValue])
        let row = SQLRow(columns: SQLColumns(["at", "none"]), values: [arguments.values[0], .null])
        let read: Date = row["at"], optional: Date? = row["at"], none: Date? = row["none"]
        #expect(read == Date.fromDatabaseValue(arguments.values[0]))
        #expect(optional == read)
        #expect(none == nil)
    }
}
