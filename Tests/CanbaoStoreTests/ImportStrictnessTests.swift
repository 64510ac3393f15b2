import CanbaoRules
@testable import CanbaoStore
import Foundation
import Testing

/// What `store import` refuses beyond each field's own shape: JSON that Foundation's reader would have taken
/// (duplicate keys, trailing commas), values of the wrong JSON type, place codes of no province, and records whose
/// fields contradict each other or the person's birth date.
@Suite struct ImportStrictnessTests {
    static let person = #""birth_date":"1980-01-01","document":{"kind":"resident-id","number":"34052419800101001X"},"name":"李四""#

    static func line(_ record: String) -> String {
        #"{\#(person),"platform_records":[\#(record)]}"#
    }

    static let good = #"{"place":"150102","scheme":"resident","flexible":false,"status":"active","year":2026,"paid":true,"amount_fen":40000,"since":"2026-01-01"}"#

    static func jsonIssues(_ text: String) -> [ImportIssue] {
        var issues: [ImportIssue] = []
        _ = JSONLines.parse(Data(text.utf8), issues: &issues)
        return issues
    }

    static func csvIssues(_ text: String) -> [ImportIssue] {
        var issues: [ImportIssue] = []
        _ = CSVFormat.parse(Data(text.utf8), issues: &issues)
        return issues
    }

    @Test func aGoodLineImports() {
        var issues: [ImportIssue] = []
        let persons = JSONLines.parse(Data(Self.line(Self.good).utf8), issues: &issues)
        #expect(issues.isEmpty)
        #expect(persons.first?.records.first?.amountFen == 40000)
    }

    /// Foundation's decoder took the last of two equal keys: `"paid":false,"paid":true` imported as paid.
    @Test func duplicateKeysAndTrailingCommasAreRefused() {
        let twice = Self.good.replacingOccurrences(of: #""paid":true"#, with: #""paid":false,"paid":true"#)
        #expect(Self.jsonIssues(Self.line(twice)) == [ImportIssue(line: 1, field: "platform_records[0].paid", reason: "重复的键")])
        let comma = Self.line(Self.good).replacingOccurrences(of: "]}", with: "],}")
        #expect(comma.hasSuffix("],}"))
        #expect(Self.jsonIssues(comma) == [ImportIssue(line: 1, field: nil, reason: "JSON 格式错误：“}”前多余的逗号")])
    }

    /// A value of the wrong JSON type names its field once, and the line's other problems are still said.
    @Test func wrongTypesAreEachSaidOnce() {
        let record = Self.good.replacingOccurrences(of: #""amount_fen":40000"#, with: #""amount_fen":1.5"#)
            .replacingOccurrences(of: #""paid":true"#, with: #""paid":"true""#)
            .replacingOccurrences(of: #""place":"150102""#, with: #""place":150102"#)
        let text = Self.line(record).replacingOccurrences(of: #""name":"李四""#, with: #""name":5"#)
        let issues = Self.jsonIssues(text)
        #expect(issues.map(\.field) == ["name", "platform_records[0].place", "platform_records[0].paid",
                                        "platform_records[0].amount_fen"], "\(issues)")
        #expect(issues[0].reason == "类型错误，应为字符串")
        #expect(issues[2].reason == "应为 true 或 false，实际为带引号的文本“true”（去掉引号）")
        #expect(issues[3].reason == "应为整数")
    }

    /// A month of the wrong type is said; the list is not said again to be empty.
    @Test func aMonthOfTheWrongTypeIsSaidOnce() {
        let record = Self.good.replacingOccurrences(of: #""year":2026"#, with: #""months":[202601]"#)
        #expect(Self.jsonIssues(Self.line(record)) == [
            ImportIssue(line: 1, field: "platform_records[0].months[0]", reason: "类型错误，应为字符串"),
        ])
    }

    @Test(arguments: ["000000", "999999", "160000", "150021"])
    func aPlaceOfNoProvinceIsRefused(_ place: String) {
        let record = Self.good.replacingOccurrences(of: "150102", with: place)
        let issues = Self.jsonIssues(Self.line(record))
        #expect(issues.count == 1 && issues[0].field == "platform_records[0].place", "\(issues)")
        #expect(issues.first?.reason.contains("不是行政区划代码") == true)
    }

    @Test(arguments: [
        (#""scheme":"resident","flexible":false"#, #""scheme":"resident","flexible":true"#, "flexible", "灵活就业"),
        (#""paid":true"#, #""paid":false"#, "amount_fen", "未缴费"),
        (#""since":"2026-01-01""#, #""since":"1979-12-31""#, "since", "早于出生日期 1980-01-01"),
        (#""since":"2026-01-01""#, #""since":"2027-01-01""#, "since", "晚于缴费年度 2026 的年末"),
        (#""since":"2026-01-01""#, #""since":"2199-01-01""#, "since", "超出可受理的范围"),
    ])
    func contradictoryRecordsAreRefused(_ plain: String, _ written: String, _ field: String, _ said: String) {
        #expect(Self.good.contains(plain))
        let issues = Self.jsonIssues(Self.line(Self.good.replacingOccurrences(of: plain, with: written)))
        #expect(issues.count == 1, "\(issues)")
        #expect(issues.first?.field == "platform_records[0].\(field)")
        #expect(issues.first?.reason.contains(said) == true, "\(issues)")
    }

    @Test func csvChecksTheSameAndRefusesAHeaderAlone() {
        let header = InterchangeFormat.csvColumns.joined(separator: ",")
        #expect(Self.csvIssues(header + "\n") == [ImportIssue(line: 2, field: nil, reason: "文件只有表头，没有数据行")])
        let row = "resident-id,34052419800101001X,,李四,1980-01-01,male,999999,resident,true,active,2026,,false,500,1970-01-01"
        let issues = Self.csvIssues(header + "\n" + row + "\n")
        #expect(Set(issues.compactMap(\.field)) == ["place", "flexible", "amount_fen", "since"], "\(issues)")
    }
}
