import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// The one CSV writer and the one reader: RFC 4180, formula neutralisation, and the reader undoing it.
@Suite struct CSVTests {
    @Test(arguments: [
        ("=HYPERLINK(\"http://x\",\"点我\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\""),
        ("+86 138", "'+86 138"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\r=1", "\"'\r=1\""),
        ("'=1", "''=1"),
        ("王芳", "王芳"),
        ("a-b", "a-b"),
        ("", ""),
        ("'", "'"),
        ("高三（1）班, 理科", "\"高三（1）班, 理科\""),
        (" 前后有空格 ", "\" 前后有空格 \""),
    ])
    func aCellThatCouldStartAFormulaGetsAQuote(cell: String, written: String) {
        #expect(CSVWriter.field(cell) == written)
    }

    @Test func neutralisingAndRestoringAreInverse() {
        let alphabet: [String] = ["=", "+", "-", "@", "\t", "\r", "'", "a", "王", ",", "\"", " ", "\n"]
        var seed: UInt64 = 12
        for _ in 0..<5_000 {
            var text = ""
            for _ in 0..<Int(seed % 5) {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += alphabet[Int(seed >> 33) % alphabet.count]
            }
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let written = CSVWriter.neutralised(text)
            #expect(CSVWriter.restored(written) == text, "\(text.debugDescription)")
            if let first = written.unicodeScalars.first { #expect(!CSVWriter.isFormulaStart(first)) }
        }
    }

    @Test func theReaderReadsWhatTheWriterWrote() throws {
        let rows = [["姓名", "备注"], ["=1+2", "-3"], ["'@x", "他说\"好\",\n下一行"], ["王芳", "'普通'"]]
        let text = rows.map { CSVWriter.line($0, lineEnd: .crlf) }.joined()
        #expect(text.hasPrefix("姓名,备注\r\n'=1+2,'-3\r\n"))
        let table = try CSVReader.read(Data(text.utf8))
        #expect(table.header == rows[0])
        #expect(table.rows.map { table.cells($0) } == Array(rows.dropFirst()))
        #expect(table.rows.map(\.line) == [2, 3, 5])
    }

    @Test func anImportFileInAnotherEncodingIsNamedAsSuch() throws {
        let gb = try #require("document_kind,document_number,name\nresident-id,1,王芳\n"
            .data(using: String.Encoding(rawValue: 0x8000_0632)))
        var issues: [ImportIssue] = []
        #expect(CSVFormat.parse(gb, issues: &issues).isEmpty)
        #expect(issues == [ImportIssue(line: 1, field: nil, reason: "文件不是 UTF-8 编码")])
    }

    /// A name a spreadsheet would run as a formula goes out quoted and comes back as it was.
    @Test func storeExportNeutralisesAndImportRestores() throws {
        let store = try Fixture.store()
        let number = Fixture.residentID(birth: "1990-01-01", sequence: 7)
        try store.load([InterchangePerson(person: Fixture.person("=HYPERLINK(\"http://evil\")", number: number), records: [
            NewEnrollment(place: "-150621", scheme: .resident, year: 2026, paid: true),
        ])], by: .system("test"))
        let dir = try CanbaoBinary.temporaryDirectory("csv-export")
        let url = dir.appendingPathComponent("p.csv")
        try store.export(to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","))
        #expect(text.contains(",'-150621,"))
        let copy = try Fixture.store()
        try copy.importFile(url, by: .system("test"))
        let person = try #require(try copy.person(byDocument: IdentityDocument(kind: .residentID, number: number)))
        #expect(person.name == "=HYPERLINK(\"http://evil\")")
        #expect(try copy.platformRecords(forPerson: person.id).map(\.place) == ["-150621"])
    }

    @Test func theRosterErrorReportNeutralisesTheSchoolsCells() throws {
        let store = try Fixture.store()
        let bad = String(Fixture.residentID(birth: "2008-01-01", sequence: 1).dropLast()) + "Y"
        let text = "姓名,证件号码,班级\n=cmd|'/C calc'!A0,\(bad),@SUM(1)\n"
        let result = try store.importRoster(Data(text.utf8), fileName: "r.csv", request: RosterTests.request,
                                            forms: TestForms.shared, by: .system("test"))
        #expect(result.rejected.count == 1)
        let report = result.errorReportText.components(separatedBy: "\r\n")
        #expect(report[1].hasPrefix("'=cmd|'/C calc'!A0,\(bad),'@SUM(1),第 2 行："))
        // Sent back, the report reads as the school wrote it.
        let again = try store.importRoster(Data(result.errorReportText.utf8), fileName: "r2.csv",
                                           request: RosterTests.request, forms: TestForms.shared, by: .system("test"))
        #expect(again.rejected.first?.cells.prefix(3) == ["=cmd|'/C calc'!A0", bad, "@SUM(1)"])
    }

    @Test(arguments: [
        ("2008-01-01", "2008-01-01"), ("2008/1/1", "2008-01-01"), ("2008.12.31", "2008-12-31"),
        ("20080229", "2008-02-29"), ("2008年3月5日", "2008-03-05"), ("2008年03月05", "2008-03-05"),
    ])
    func theRosterReadsTheDatesASpreadsheetWrites(text: String, date: String) {
        #expect(RosterDate.parse(text) == LocalDate(date))
    }

    @Test(arguments: ["2008-02-30", "2008/13/1", "08-01-01", "2008-1", "2008年1-1", "2008-01-01日", "2008--01",
                      "2008年1月1日日", "200801011", "２００８-01-01", "", "-"])
    func notADate(text: String) {
        #expect(RosterDate.parse(text) == nil)
    }
}
