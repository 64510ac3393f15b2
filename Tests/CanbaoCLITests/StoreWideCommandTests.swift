import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// `canbao roster import`, `canbao duplicates` and `canbao coverage`, driven through the built binary.
@Suite("canbao roster / duplicates / coverage")
struct StoreWideCommandTests {
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// The store-wide commands judge by a fixed date and profile; `store` commands take neither.
    private func canbao(_ arguments: [String], home: URL) throws -> CanbaoBinary.Result {
        let fixed = arguments.first == "store" ? [] : ["--date", "2026-03-01", "--region", "dalate"]
        // The imports that write name who runs them: the test's administrator, added to a new home first.
        var identity: [String] = [], stdin: String?
        if arguments.starts(with: ["store", "import"]) || arguments.starts(with: ["roster", "import"]) && !arguments.contains("--dry-run") {
            if !FileManager.default.fileExists(atPath: home.appendingPathComponent("canbao.sqlite").path) {
                try TestAdministrator.add(home: home)
            }
            identity = TestAdministrator.arguments
            stdin = TestAdministrator.stdin()
        }
        return try CanbaoBinary.run(arguments + fixed + identity, environment: ["CANBAO_HOME": home.path], stdin: stdin)
    }

    static func id(_ birth: String, _ sequence: Int, area: String = "150621") -> String {
        IDNumbers.residentID(area: area, birth: LocalDate(birth)!, sequence: sequence)
    }

    static let wang = id("2008-03-05", 11)
    static let li = id("2008-07-20", 22)
    static let bad = String(id("2008-04-04", 71).dropLast()) + (id("2008-04-04", 71).last == "0" ? "1" : "0")

    /// Persons with platform records, through `canbao store import`.
    private func seedStore(_ home: URL, _ dir: URL) throws {
        let months2025 = (1...12).map { String(format: "2025-%02d", $0) }.joined(separator: ";")
        let csv = dir.appendingPathComponent("persons.csv")
        try Data("""
            document_kind,document_number,name,place,scheme,status,year,months,paid
            resident-id,\(Self.id("1990-01-01", 1)),王芳,150102,resident,active,2026,,true
            resident-id,\(Self.id("1990-01-01", 1)),王芳,150621,resident,active,2026,,true
            resident-id,\(Self.id("1991-01-01", 3)),李强,150621,resident,active,2025,,true
            resident-id,\(Self.id("1991-01-01", 3)),李强,440703,employee,active,,\(months2025),true
            resident-id,\(Self.id("1992-01-01", 5)),赵敏,150621,resident,active,2025,,true

            """.utf8).write(to: csv)
        let imported = try canbao(["store", "import", csv.path], home: home)
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    @Test func rosterImportReportsRejectedRowsWritesTheErrorReportAndTakesItBack() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-roster")
        let dir = try CanbaoBinary.temporaryDirectory("cli-roster-files")
        let roster = dir.appendingPathComponent("高三.csv")
        let text = "姓名,证件号码,性别,班级\r\n王小明,\(Self.wang),男,高三（1）班\r\n赵强,\(Self.bad),男,高三（1）班\r\n李红,\(Self.li),男,高三（2）班\r\n"
        try #require(text.data(using: Self.gb18030)).write(to: roster)
        let errors = dir.appendingPathComponent("退回.csv")

        let first = try canbao(["roster", "import", roster.path, "--school", "达拉特旗第一中学", "--place", "150621",
                                "--year", "2026", "--errors", errors.path], home: home)
        #expect(first.status == 1)
        let lines = first.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "花名册 高三.csv（GB18030，3 行）：达拉特旗第一中学，学籍地 150621，2026 年度")
        #expect(lines[1] == "登记：已登记 1 人，已参保 0 人，退回 2 行")
        #expect(lines[2] == "退回的行：")
        #expect(lines[3].hasPrefix("  第 3 行：证件号码："))
        #expect(lines[4] == "  第 4 行：性别：性别与证件号码不符：号码中为女，表单填写男")
        #expect(lines[5] == "错误报告：\(errors.path)（GB18030，2 行，改正后可重新导入）")
        let report = try #require(String(data: Data(contentsOf: errors), encoding: Self.gb18030))
        #expect(report.hasPrefix("姓名,证件号码,性别,班级,错误\r\n赵强,\(Self.bad),男,高三（1）班,第 3 行："))
        let mode = (try FileManager.default.attributesOfItem(atPath: errors.path)[.posixPermissions] as! NSNumber).intValue
        #expect(mode & 0o777 == 0o600)

        // The school corrects 李红's sex, drops 赵强 for now and sends the report back.
        let fixed = report.replacingOccurrences(of: "李红,\(Self.li),男", with: "李红,\(Self.li),女")
            .split(separator: "\r\n").filter { !$0.hasPrefix("赵强") }.joined(separator: "\r\n") + "\r\n"
        try #require(fixed.data(using: Self.gb18030)).write(to: errors)
        let second = try canbao(["roster", "import", errors.path, "--school", "达拉特旗第一中学", "--place", "150621",
                                 "--year", "2026"], home: home)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("登记：已登记 1 人，已参保 0 人，退回 0 行"))
    }

    @Test func anUnreadableRosterExitsTwoAndWritesNothing() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-roster-bad")
        let dir = try CanbaoBinary.temporaryDirectory("cli-roster-bad-files")
        let roster = dir.appendingPathComponent("r.csv")
        try Data("姓名,证件号码\n王小明,\"\(Self.wang)\n".utf8).write(to: roster)
        let result = try canbao(["roster", "import", roster.path, "--school", "一中", "--place", "150621", "--year", "2026"],
                                home: home)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == "\(roster.path)：第 2 行：引号没有闭合，未导入任何数据\n")
        let verify = try canbao(["store", "verify"], home: home)
        // Only the administrator's account: the roster wrote nothing (its file was refused before the store was opened).
        #expect(verify.stdout.contains("审计日志：1 条，全部以密钥签名"))
        #expect(verify.stdout.contains("人员 0，参保记录 0"))

        let dry = dir.appendingPathComponent("ok.csv")
        try Data("姓名,证件号码\n王小明,\(Self.wang)\n".utf8).write(to: dry)
        let checked = try canbao(["roster", "import", dry.path, "--school", "一中", "--place", "150621", "--year", "2026",
                                  "--dry-run"], home: home)
        #expect(checked.status == 0)
        #expect(checked.stdout.contains("校验（未写入）：可登记 1 人，已参保 0 人，退回 0 行"))
        #expect(try canbao(["store", "verify"], home: home).stdout.contains("人员 0，参保记录 0"))
    }

    @Test func duplicatesListsEachWithItsPrincipleAndSuggestion() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-dup")
        let dir = try CanbaoBinary.temporaryDirectory("cli-dup-files")
        try seedStore(home, dir)

        let text = try canbao(["duplicates"], home: home)
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "王芳  居民身份证 \(Self.id("1990-01-01", 1))")
        #expect(lines[1] == "  [内蒙古细则 第二十三条（二）] 居民医保重复参保：2026 年度有 2 条居民医保实缴数据（150102、150621）")
        #expect(lines[3] == "    保留原则：由参保人自行选择参保地（内蒙古细则 第二十四条（二）），须本人书面承诺")
        #expect(lines[4] == "    待确认：参保人选择保留的参保关系")
        #expect(text.stdout.contains("  [内蒙古细则 第二十三条（三）] 跨制度重复参保：2025 年度居民医保（150621）的每一待遇享受月份均有职工医保实缴数据（440703）"))
        #expect(text.stdout.contains("    保留原则：连续参加职工医保一年以上，保留职工医保参保关系（内蒙古细则 第二十四条（四））"))
        #expect(text.stdout.contains("    建议：保留 #4 440703 职工医保 2025-01至2025-12 正常参保（已缴费）；终止 #3（内蒙古细则 第二十四条（四））"))
        #expect(lines.last == "合计：扫描正常参保且已实缴的记录 5 条，核查 2 人，2 人有重复参保 2 处（职工医保重复参保 0，居民医保重复参保 1，跨制度重复参保 1）；达拉特旗，2026-03-01")

        let csv = try canbao(["duplicates", "--csv", "--place", "4407"], home: home)
        let rows = csv.stdout.split(separator: "\n").map(String.init)
        #expect(rows[0] == "姓名,证件类型,证件号码,重复类型,判断依据,重复情况,涉及记录,保留原则,保留依据,建议保留,处理,需书面承诺,待确认,退费,说明")
        #expect(rows.count == 2)
        #expect(rows[1].hasPrefix("李强,居民身份证,\(Self.id("1991-01-01", 3)),跨制度重复参保,内蒙古细则 第二十三条（三）,"))
    }

    @Test func coverageByPlaceAndGroupAndTheUnenrolledList() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-cov")
        let dir = try CanbaoBinary.temporaryDirectory("cli-cov-files")
        try seedStore(home, dir)

        let table = try canbao(["coverage"], home: home)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.hasPrefix("参保覆盖：2026 年度（截至 2026-03-01）：人员 3，已参保 1（33.3%），未参保 2\n"))
        let csv = try canbao(["coverage", "--csv"], home: home)
        #expect(csv.stdout == """
            地区,人群,人员,已参保,未参保,参保率
            150102,全部,1,1,0,100.0%
            150621,全部,1,0,1,0.0%
            440703,全部,1,0,1,0.0%
            合计,全部,3,1,2,33.3%

            """)
        let list = try canbao(["coverage", "--unenrolled", "--csv", "--year", "2026"], home: home)
        #expect(list.stdout == """
            姓名,证件类型,证件号码,出生日期,性别,所在地,人群,最近参保记录
            李强,居民身份证,\(Self.id("1991-01-01", 3)),,,440703,,440703 职工医保 2025-01至2025-12 正常参保（已缴费）
            赵敏,居民身份证,\(Self.id("1992-01-01", 5)),,,150621,,150621 居民医保 2025年 正常参保（已缴费）

            """)
    }
}
