import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// A flag or number written as quoted text, or tagged as something its words are not, is refused with a message
/// saying so: `"true"` is text in YAML and JSON alike, and reading it as the flag would decide a case on what the
/// author marked as text. Quoted places and dates stay accepted (a place code is text).
@Suite struct QuotedScalarTests {
    static let newborn = try! String(contentsOf: TestForms.directory.appendingPathComponent("examples/newborn.yaml"),
                                     encoding: .utf8)

    static func parse(_ text: String, json: Bool = false) throws -> CaseFile {
        try CaseParser.parse(text, file: json ? "case.json" : "case.yaml", forms: TestForms.shared, json: json)
    }

    static func error(_ text: String, json: Bool = false) -> String? {
        do {
            _ = try parse(text, json: json)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func theExampleStillReads() throws {
        let c = try Self.parse(Self.newborn)
        #expect(c.coverageYear == 2025)
    }

    @Test(arguments: [
        ("hukou_registered: true", "hukou_registered: \"true\"", "带引号"),
        ("hukou_registered: true", "hukou_registered: 'yes'", "带引号"),
        ("hukou_registered: true", "hukou_registered: !!str yes", "!!str"),
        ("hukou_registered: true", "hukou_registered: !flag true", "!flag"),
        ("coverage_year: 2025", "coverage_year: \"2025\"", "带引号"),
        ("coverage_year: 2025", "coverage_year: !!str 2025", "!!str"),
    ])
    func aQuotedOrTaggedFlagOrNumberIsRefused(_ plain: String, _ written: String, _ said: String) throws {
        #expect(Self.newborn.contains(plain))
        let text = Self.newborn.replacingOccurrences(of: plain, with: written)
        let message = try #require(Self.error(text))
        #expect(message.contains(said), "\(message)")
    }

    @Test func aTagOnTextIsRefused() throws {
        let text = Self.newborn.replacingOccurrences(of: "name: 王小禾", with: "name: !custom 王小禾")
        let message = try #require(Self.error(text))
        #expect(message.contains("!custom"), "\(message)")
        // `!!str` on text says what the words are already: accepted.
        let plain = Self.newborn.replacingOccurrences(of: "name: 王小禾", with: "name: !!str 王小禾")
        #expect(try Self.parse(plain).person?.name == "王小禾")
    }

    /// JSON's strings are quoted scalars: `"true"` for a flag and `"2025"` for a year are refused, while a place and a
    /// date, which are text, are read as before.
    @Test func jsonStringsAreNotFlagsOrYears() throws {
        let json = """
            {"workflow": "newborn", "region": "dalate", "today": "2026-01-15", "here": "150621", "coverage_year": YEAR,
             "person": {"name": "王小禾", "document": {"kind": "resident-id", "number": "15062120251201002X"},
                        "birth_date": "2025-12-01", "sex": "female"},
             "guardian": {"name": "李梅", "document": {"kind": "resident-id", "number": "150602198003150034"}},
             "facts": {"hukou_registered": FLAG, "deceased_before_hukou": false},
             "documents_presented": ["birth-certificate", "guardian-id"], "platform_records": []}
            """
        func with(_ year: String, _ flag: String) -> String {
            json.replacingOccurrences(of: "YEAR", with: year).replacingOccurrences(of: "FLAG", with: flag)
        }
        let c = try Self.parse(with("2025", "true"), json: true)
        #expect(c.coverageYear == 2025 && c.here == "150621")
        #expect(Self.error(with("\"2025\"", "true"), json: true)?.contains("带引号") == true)
        #expect(Self.error(with("2025", "\"true\""), json: true)?.contains("带引号") == true)
    }

    /// A platform record's `paid` and `year` are held the same way.
    @Test func platformRecordFlagsAndYears() throws {
        let record = "platform_records: [{place: \"150621\", scheme: resident, status: active, year: 2025, paid: true}]"
        let base = Self.newborn.replacingOccurrences(of: "platform_records: []", with: record)
        #expect(try Self.parse(base).platformRecords.first?.paid == true)
        for (plain, written) in [("paid: true", "paid: \"true\""), ("year: 2025", "year: '2025'")] {
            let message = Self.error(base.replacingOccurrences(of: plain, with: written))
            #expect(message?.contains("带引号") == true, "\(written): \(message ?? "accepted")")
        }
    }
}
