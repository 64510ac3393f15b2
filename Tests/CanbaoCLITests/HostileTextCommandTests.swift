import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Text that a spreadsheet would run as a formula, or a terminal would obey, coming back out of the store: every CSV
/// a command writes neutralises it (one test per command), every listing shows control characters as code points,
/// and the imports refuse it at the door.
@Suite("canbao: formulas and control characters in what comes out")
struct HostileTextCommandTests {
    static let formula = "=HYPERLINK(\"http://evil\",\"点我\")"
    static let guardian = IDNumbers.residentID(area: "440704", birth: LocalDate("1993-03-03")!, sequence: 28)
    static let baby = IDNumbers.residentID(area: "440703", birth: LocalDate("2025-08-05")!, sequence: 91)
    static let twice = IDNumbers.residentID(area: "150621", birth: LocalDate("1990-01-01")!, sequence: 1)
    static let never = IDNumbers.residentID(area: "150621", birth: LocalDate("1991-01-01")!, sequence: 3)
    static let escape = IDNumbers.residentID(area: "150621", birth: LocalDate("1992-01-01")!, sequence: 5)
    /// A name that retitles the window, turns the text red and then backspaces over itself, as old data might hold.
    static let hostileName = "\u{1B}]0;pwned\u{07}王\u{1B}[31m\u{8}\u{8}管理员\u{202E}"

    private func canbao(_ arguments: [String], home: URL) throws -> CanbaoBinary.Result {
        // The imports that write name who runs them: the test's administrator, added to the store first.
        var identity: [String] = [], stdin: String?
        if arguments.starts(with: ["store", "import"]) || arguments.starts(with: ["roster", "import"]) && !arguments.contains("--dry-run") {
            if try CounterStore.open(home: home).operators().isEmpty { try TestAdministrator.add(home: home) }
            identity = TestAdministrator.arguments
            stdin = TestAdministrator.stdin()
        }
        return try CanbaoBinary.run(arguments + identity, environment: ["CANBAO_HOME": home.path, "TZ": "Asia/Shanghai", "CANBAO_REGION": ""],
                                    stdin: stdin)
    }

    /// 2026-03-16 in Jiangmen and Dalate: a clerk whose display name is a formula registered a newborn under a parent's
    /// name (`-林浩然`); `@王芳` is enrolled twice; `+李强` is not enrolled, last seen at `-150699`; one person's
    /// name holds control characters (written before imports refused them).
    private func hostileStore() throws -> URL {
        let home = try CanbaoBinary.temporaryDirectory("cli-hostile")
        let fixed = Date(timeIntervalSince1970: 1_773_648_000) // 2026-03-16 08:00 UTC
        let store = try CounterStore.open(home: home, options: CounterStore.Options(passwordIterations: 100_000),
                                          now: { fixed })
        let clerk = try store.addOperator(name: "clerk1", displayName: Self.formula, role: .clerk, password: "Clerk-pass-1",
                                          by: .system("test"))
        let person = try store.upsertPerson(PersonInput(document: IdentityDocument(kind: .residentID, number: Self.baby),
                                                        name: "-林浩然", birthDate: LocalDate("2025-08-05")),
                                            by: .operator(clerk.id))
        let json = """
            {"workflow":"newborn","region":"jiangmen","today":"2026-03-16","here":"440703","scheme":"resident",\
            "person":{"name":"-林浩然","document":{"kind":"resident-id","number":"\(Self.baby)"},"birth_date":"2025-08-05"},\
            "guardian":{"name":"林晓玲","document":{"kind":"resident-id","number":"\(Self.guardian)"}},\
            "facts":{"hukou_registered":true,"registered_under_parent_name":true}}
            """
        let draft = try store.createCase(CaseFile(json: json), applicantID: person.id, by: clerk.id)
        let checked = try store.updateCase(caseID: draft.id, caseFile: CaseFile(json: json), verdict: .accepted,
                                           applicantID: person.id, expectedVersion: draft.version, by: clerk.id)
        let submitted = try store.setStatus(caseID: checked.id, to: .submitted, expectedVersion: checked.version, by: clerk.id)
        try store.register(caseID: submitted.id, enrollment: NewEnrollment(place: "440703", scheme: .resident, year: 2026,
                                                                           paid: true),
                           expectedVersion: submitted.version, by: clerk.id)
        try store.load([
            InterchangePerson(person: PersonInput(document: IdentityDocument(kind: .residentID, number: Self.twice), name: "@王芳"),
                              records: ["150102", "150621"].map {
                                  NewEnrollment(place: $0, scheme: .resident, year: 2026, paid: true)
                              }),
            InterchangePerson(person: PersonInput(document: IdentityDocument(kind: .residentID, number: Self.never), name: "+李强"),
                              records: [NewEnrollment(place: "-150699", scheme: .resident, year: 2025, paid: false)]),
            InterchangePerson(person: PersonInput(document: IdentityDocument(kind: .residentID, number: Self.escape),
                                                  name: Self.hostileName)),
        ], by: .system("test"))
        return home
    }

    /// Every cell of a CSV text (RFC 4180), to check that none begins like a formula.
    static func cells(_ csv: String) -> [String] {
        var cells: [String] = [], cell = "", quoted = false, wasQuoted = false
        var scalars = Array(csv.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" { cell.unicodeScalars.append("\""); scalars.removeFirst() } else { quoted = false }
                } else {
                    cell.unicodeScalars.append(c)
                }
            } else if c == "\"" && cell.isEmpty && !wasQuoted {
                quoted = true
                wasQuoted = true
            } else if c == "," || c == "\n" || c == "\r" {
                if c == "\r", scalars.first == "\n" { scalars.removeFirst() }
                cells.append(cell)
                cell = ""
                wasQuoted = false
            } else {
                cell.unicodeScalars.append(c)
            }
        }
        if !cell.isEmpty { cells.append(cell) }
        return cells
    }

    static func expectNoFormula(_ csv: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for cell in cells(csv) {
            if let first = cell.unicodeScalars.first {
                #expect(!["=", "+", "-", "@", "\t", "\r"].contains(first), "\(what): \(cell)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func reportDailyCSV() throws {
        let home = try hostileStore()
        let csv = try canbao(["report", "daily", "--date", "2026-03-16", "--csv"], home: home)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.contains(",clerk1,\"'=HYPERLINK(\"\"http://evil\"\",\"\"点我\"\")\",clerk,newborn,accept,registered,1,"), "\(csv.stdout)")
        Self.expectNoFormula(csv.stdout, "report daily")
    }

    @Test func newbornsCSV() throws {
        let home = try hostileStore()
        let csv = try canbao(["newborns", "--region", "jiangmen", "--date", "2026-03-16", "--csv"], home: home)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.contains(",'-林浩然,居民身份证,\(Self.baby),"), "\(csv.stdout)")
        Self.expectNoFormula(csv.stdout, "newborns")
    }

    @Test func duplicatesCSV() throws {
        let home = try hostileStore()
        let csv = try canbao(["duplicates", "--csv", "--region", "dalate", "--date", "2026-03-16"], home: home)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.split(separator: "\n")[1].hasPrefix("'@王芳,居民身份证,\(Self.twice),"), "\(csv.stdout)")
        Self.expectNoFormula(csv.stdout, "duplicates")
    }

    @Test func coverageCSVAndTheUnenrolledList() throws {
        let home = try hostileStore()
        let report = try canbao(["coverage", "--csv", "--year", "2026", "--date", "2026-03-16"], home: home)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("\n'-150699,全部,1,0,1,0.0%\n"), "\(report.stdout)")
        Self.expectNoFormula(report.stdout, "coverage")
        let list = try canbao(["coverage", "--unenrolled", "--csv", "--year", "2026", "--date", "2026-03-16"], home: home)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("\n'+李强,居民身份证,\(Self.never),,,'-150699,"), "\(list.stdout)")
        Self.expectNoFormula(list.stdout, "coverage --unenrolled")
    }

    @Test func storeExportCSV() throws {
        let home = try hostileStore()
        let out = try CanbaoBinary.temporaryDirectory("cli-hostile-export").appendingPathComponent("p.csv")
        let export = try canbao(["store", "export", out.path], home: home)
        #expect(export.status == 0, "\(export.stderr)")
        let csv = try String(contentsOf: out, encoding: .utf8)
        #expect(csv.contains(",'@王芳,"))
        #expect(csv.contains(",'-150699,resident,"))
        Self.expectNoFormula(csv, "store export")
    }

    @Test func rosterErrorReportCSV() throws {
        let dir = try CanbaoBinary.temporaryDirectory("cli-hostile-roster")
        let roster = dir.appendingPathComponent("r.csv")
        let bad = String(Self.never.dropLast()) + (Self.never.last == "0" ? "1" : "0")
        try Data("姓名,证件号码,班级\n=cmd|' /C calc'!A0,\(bad),+1班\n".utf8).write(to: roster)
        let errors = dir.appendingPathComponent("errors.csv")
        let result = try canbao(["roster", "import", roster.path, "--school", "一中", "--place", "150621", "--year", "2026",
                                 "--date", "2026-03-16", "--region", "dalate", "--errors", errors.path],
                                home: dir.appendingPathComponent("home"))
        #expect(result.status == 1)
        let csv = try String(contentsOf: errors, encoding: .utf8)
        #expect(csv.hasPrefix("姓名,证件号码,班级,错误\r\n'=cmd|' /C calc'!A0,\(bad),'+1班,第 2 行："), "\(csv)")
        Self.expectNoFormula(csv, "roster --errors")
    }

    /// Names with control characters (from before imports refused them) are shown, never obeyed.
    @Test func listingsShowControlCharactersAsCodePoints() throws {
        let home = try hostileStore()
        let shown = #"\u{1B}]0;pwned\u{7}王\u{1B}[31m\u{8}\u{8}管理员\u{202E}"#
        let list = try canbao(["coverage", "--unenrolled", "--year", "2026", "--date", "2026-03-16"], home: home)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains(shown), "\(list.stdout)")
        // The CSV for a spreadsheet, printed to the terminal as often as to a file, too (it carried ESC raw).
        let csv = try canbao(["coverage", "--unenrolled", "--csv", "--year", "2026", "--date", "2026-03-16"], home: home)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.contains(shown), "\(csv.stdout)")
        for output in [list.stdout, csv.stdout] {
            #expect(!output.unicodeScalars.contains { $0 != "\n" && SafeText.isForbidden($0) })
        }
    }

    /// `store import` refuses control characters and over-long names, naming the line and the field.
    @Test func storeImportRefusesControlCharactersAndLength() throws {
        let dir = try CanbaoBinary.temporaryDirectory("cli-hostile-import")
        let home = dir.appendingPathComponent("home")
        let csv = dir.appendingPathComponent("p.csv")
        try Data("""
            document_kind,document_number,name,place,scheme,status,year,paid
            resident-id,\(Self.twice),"王\u{1B}[2J芳",150621,resident,active,2026,true
            resident-id,\(Self.never),李强,"1506\u{202E}21",resident,active,2026,true
            resident-id,\(Self.escape),\(String(repeating: "王", count: 101)),,,,,

            """.utf8).write(to: csv)
        let result = try canbao(["store", "import", csv.path], home: home)
        #expect(result.status == 1)
        #expect(result.stderr == """
            canbao: 导入文件有 3 处错误，未导入任何数据：
              第 2 行，字段 name：含有不允许的控制字符 U+001B
              第 3 行，字段 place：含有不允许的控制字符 U+202E
              第 4 行，字段 name：内容过长（上限 100 个字符）

            """)
        let jsonl = dir.appendingPathComponent("p.jsonl")
        try Data(#"{"document":{"kind":"resident-id","number":"\#(Self.twice)"},"name":"王\u0008\u0008管理员"}"#.utf8).write(to: jsonl)
        let json = try canbao(["store", "import", jsonl.path], home: home)
        #expect(json.status == 1)
        #expect(json.stderr.contains("第 1 行，字段 name：含有不允许的控制字符 U+0008"), "\(json.stderr)")
        #expect(try CounterStore.open(home: home).counts().persons == 0)
    }
}
