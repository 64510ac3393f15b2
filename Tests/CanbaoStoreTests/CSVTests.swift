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

    /// Found by an outside tester: `report daily --csv` and `store export` wrote a display name edited with the shell
    /// to hold ESC and backspaces raw, to the terminal and the spreadsheet alike.
    @Test func controlCharactersAreWrittenAsCodePoints() {
        #expect(CSVWriter.field("王\u{1B}[31m芳\u{8}X") == "王\\u{1B}[31m芳\\u{8}X")
        #expect(CSVWriter.line(["=\u{1B}]0;x\u{7}", "甲\n乙\u{200F}"]) == "'=\\u{1B}]0;x\\u{7},\"甲\n乙\\u{200F}\"\n")
        #expect(CSVWriter.field("李浩然") == "李浩然")
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
            NewEnrollment(place: "150621", scheme: .resident, year: 2026, paid: true),
        ])], by: .system("test"))
        let dir = try CanbaoBinary.temporaryDirectory("csv-export")
        let url = dir.appendingPathComponent("p.csv")
        try store.export(to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","))
        // A place cell starting with "-" is neutralised too (HostileTextCommandTests); an import refuses it, since
        // no region code starts so.
        let copy = try Fixture.store()
        try copy.importFile(url, by: .system("test"))
        let person = try #require(try copy.person(byDocument: IdentityDocument(kind: .residentID, number: number)))
        #expect(person.name == "=HYPERLINK(\"http://evil\")")
        #expect(try copy.platformRecords(forPerson: person.id).map(\.place) == ["150621"])
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

/// The reader keeps no offsets for rows without a quoted field and finds their fields again when asked: the same
/// cells, rows and lines as a reader that kept every field's offsets (below, as `CSVReader` was), for random texts
/// of commas, quotes, line ends of all three kinds, padding, blank lines, formula quotes and Chinese text.
@Suite struct CSVFieldsOnDemandTests {
    @Test func everyCellIsTheOneAnEagerReaderFinds() throws {
        let alphabet: [String] = [",", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "\u{3000}", "'", "'=", "a", "王芳", "1", "\t"]
        var seed: UInt64 = 2026
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33)
        }
        var compared = 0
        for _ in 0..<4_000 {
            var text = "h1,h2\n"
            for _ in 0..<(next() % 40) { text += alphabet[next() % alphabet.count] }
            let bytes = Array(text.utf8)
            guard let expected = try? Self.eager(bytes) else {
                #expect(throws: CSVReadError.self) { try CSVReader.read(Data(bytes)) }
                continue
            }
            guard !expected.isEmpty else { continue }
            let table = try CSVReader.read(Data(bytes))
            let rows = table.rows.map { (line: $0.line, cells: table.cells($0)) }
            #expect(rows.map(\.line) == expected.dropFirst().map(\.line), "\(text.debugDescription)")
            #expect(rows.map(\.cells) == expected.dropFirst().map(\.cells), "\(text.debugDescription)")
            for row in table.rows {
                for column in 0..<row.count {
                    #expect(table.string(row, column) == table.cells(row)[column], "\(text.debugDescription)")
                }
            }
            compared += 1
        }
        #expect(compared > 1_000)
    }

    /// Every row's cells and line, each field's offsets kept as it is read (the reader before fields on demand).
    static func eager(_ input: [UInt8]) throws -> [(line: Int, cells: [String])] {
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var text = input, result: [(line: Int, cells: [String])] = []
        let n = input.count
        var i = 0, line = 1, recordLine = 1
        var fields: [Range<Int>] = [], blank = true
        while i < n {
            if input[i] == quote {
                let start = text.count, openedOn = line
                i += 1
                var closed = false
                while i < n {
                    let b = input[i]
                    if b == quote {
                        if i + 1 < n, input[i + 1] == quote { text.append(quote); i += 2; continue }
                        i += 1
                        closed = true
                        break
                    }
                    if b == lf || (b == cr && (i + 1 >= n || input[i + 1] != lf)) { line += 1 }
                    text.append(b)
                    i += 1
                }
                guard closed else { throw CSVReadError("unclosed", line: openedOn) }
                while i < n, input[i] != comma, input[i] != lf, input[i] != cr { text.append(input[i]); i += 1 }
                fields.append(text.withUnsafeBufferPointer { CSVReader.restored(start..<text.count, $0) })
            } else {
                let start = i
                while i < n, input[i] != comma, input[i] != lf, input[i] != cr { i += 1 }
                fields.append(text.withUnsafeBufferPointer { CSVReader.restored(start..<i, $0) })
            }
            if blank, !CSVReader.isPadding(text, fields[fields.count - 1]) { blank = false }
            if i < n, input[i] == comma {
                i += 1
                if i < n { continue }
                fields.append(i..<i)
            }
            if i < n, input[i] == cr { i += 1 }
            if i < n, input[i] == lf { i += 1 }
            if !blank { result.append((recordLine, fields.map { String(decoding: text[$0], as: UTF8.self) })) }
            fields = []
            blank = true
            line += 1
            recordLine = line
        }
        return result
    }
}
