import CanbaoTestSupport
import Foundation
import Testing

/// The store and operator commands, driven through the built binary.
@Suite("canbao store / operator")
struct StoreCommandTests {
    private func canbao(_ arguments: [String], home: URL, stdin: String? = nil) throws -> CanbaoBinary.Result {
        try CanbaoBinary.run(arguments, environment: ["CANBAO_HOME": home.path], stdin: stdin)
    }

    private func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as! NSNumber).intValue & 0o777
    }

    @Test func initCreatesAPrivateHome() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-store").appendingPathComponent("a/b/home")
        let result = try canbao(["store", "init"], home: home)
        #expect(result.status == 0)
        #expect(result.stdout == """
            数据目录：\(home.path)
            数据库：\(home.path)/canbao.sqlite
            结构版本：v9-units-employees（共 8 步迁移）

            """)
        #expect(try mode(home) == 0o700)
        #expect(try mode(home.appendingPathComponent("canbao.sqlite")) == 0o600)
    }

    @Test func homeComesFromOptionThenCanbaoHomeThenXDG() throws {
        let root = try CanbaoBinary.temporaryDirectory("cli-xdg")
        let xdg = try CanbaoBinary.run(["store", "init"],
                                       environment: ["CANBAO_HOME": "", "XDG_DATA_HOME": root.path])
        #expect(xdg.status == 0)
        #expect(xdg.stdout.hasPrefix("数据目录：\(root.path)/canbao\n"))
        #expect(FileManager.default.fileExists(atPath: root.path + "/canbao/canbao.sqlite"))

        let option = try CanbaoBinary.run(["store", "init", "--home", root.path + "/explicit"],
                                          environment: ["CANBAO_HOME": root.path + "/ignored"])
        #expect(option.stdout.hasPrefix("数据目录：\(root.path)/explicit\n"))
        #expect(!FileManager.default.fileExists(atPath: root.path + "/ignored"))
    }

    @Test func operatorsTakeTheirPasswordFromStandardInput() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-op")
        let added = try canbao(["operator", "add", "zhang", "--display-name", "张三", "--role", "supervisor"],
                               home: home, stdin: "Secret-2026\n")
        #expect(added.status == 0)
        #expect(added.stdout == "已新增操作员 zhang（张三，审核员）\n")
        let duplicate = try canbao(["operator", "add", "zhang", "--display-name", "张三"], home: home,
                                   stdin: "Secret-2026\n")
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr == "canbao: 操作员 zhang 已存在\n")
        let weak = try canbao(["operator", "add", "li", "--display-name", "李四"], home: home, stdin: "short\n")
        #expect(weak.status == 1)
        #expect(weak.stderr == "canbao: 密码不符合要求：至少 8 个字符\n")
        let badRole = try canbao(["operator", "add", "li", "--display-name", "李四", "--role", "boss"], home: home,
                                 stdin: "Secret-2026\n")
        #expect(badRole.status == 64)

        let passwd = try canbao(["operator", "passwd", "zhang"], home: home, stdin: "Another-2026\n")
        #expect(passwd.status == 0)
        #expect(passwd.stdout == "已重设 zhang 的密码\n")
        let ghost = try canbao(["operator", "passwd", "ghost"], home: home, stdin: "Another-2026\n")
        #expect(ghost.status == 1)
        #expect(ghost.stderr == "canbao: 找不到操作员 ghost\n")

        let list = try canbao(["operator", "list"], home: home)
        #expect(list.stdout == "zhang\t张三\tsupervisor（审核员）\t正常\t失败登录 0 次\n")
    }

    @Test func importExportAndRejection() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-io")
        let dir = try CanbaoBinary.temporaryDirectory("cli-io-files")
        let csv = dir.appendingPathComponent("persons.csv")
        try Data("""
            document_kind,document_number,name,birth_date,sex,place,scheme,status,year,paid
            resident-id,11010519491231002X,王芳,1949-12-31,female,150102,resident,active,2026,true
            hmt-residence-permit,810000199408230021,欧阳娜娜,1994-08-23,female,150621,resident,suspended,2025,false

            """.utf8).write(to: csv)
        let imported = try canbao(["store", "import", csv.path], home: home)
        #expect(imported.status == 0)
        #expect(imported.stdout == "导入完成：人员 新增 2，更新 0，未变 0；参保记录 新增 2，更新 0，未变 0\n")

        let bad = dir.appendingPathComponent("bad.jsonl")
        try Data("""
            {"document":{"kind":"resident-id","number":"34052419800101001X"},"name":"李四"}
            {"document":{"kind":"resident-id","number":"34052419800101001X"},"name":"李四"}
            {"document":{"kind":"resident-id","number":"11010519491231002X"},"name":"王芳","platform_records":[{"place":"150102","scheme":"resident","status":"gone","year":2026,"paid":true}]}

            """.utf8).write(to: bad)
        let rejected = try canbao(["store", "import", bad.path], home: home)
        #expect(rejected.status == 1)
        #expect(rejected.stderr == """
            canbao: 导入文件有 2 处错误，未导入任何数据：
              第 2 行，字段 document.number：同一证件已在第 1 行出现
              第 3 行，字段 platform_records[0].status：参保状态“gone”无效（应为 active、suspended 或 terminated）

            """)

        let out = dir.appendingPathComponent("out.jsonl")
        let exported = try canbao(["store", "export", out.path], home: home)
        #expect(exported.status == 0)
        #expect(exported.stdout.hasPrefix("已导出 2 名人员、2 条参保记录到 \(out.path)（"))
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines == [
            #"{"birth_date":"1949-12-31","document":{"kind":"resident-id","number":"11010519491231002X"},"name":"王芳","platform_records":[{"flexible":false,"paid":true,"place":"150102","scheme":"resident","status":"active","year":2026}],"sex":"female"}"#,
            #"{"birth_date":"1994-08-23","document":{"kind":"hmt-residence-permit","number":"810000199408230021"},"name":"欧阳娜娜","platform_records":[{"flexible":false,"paid":false,"place":"150621","scheme":"resident","status":"suspended","year":2025}],"sex":"female"}"#,
        ])
        let again = try canbao(["store", "export", out.path], home: home)
        #expect(again.status == 1)
        #expect(again.stderr == "canbao: 文件已存在：\(out.path)\n")
        #expect(try canbao(["store", "export", "--force", out.path], home: home).status == 0)
    }

    @Test func backupVerifiesAndVerifyCatchesAnEditedAuditRow() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-verify")
        #expect(try canbao(["operator", "add", "zhang", "--display-name", "张三", "--role", "supervisor"], home: home,
                           stdin: "Secret-2026\n").status == 0)
        #expect(try canbao(["store", "load-test", "--count", "3", "--prefix", "v1"], home: home).status == 0)

        let restore = try CanbaoBinary.temporaryDirectory("cli-restore")
        let backup = try canbao(["store", "backup", restore.appendingPathComponent("canbao.sqlite").path], home: home)
        #expect(backup.status == 0)
        #expect(backup.stdout.contains("校验通过"))
        let verified = try canbao(["store", "verify"], home: restore)
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("审计链：完整（23 条）\n"))
        #expect(verified.stdout.contains("人员 3，参保记录 6，办件 3（已登记 3），操作员 2\n"))

        // Rewrite the operator's role inside the first audit row's JSON, byte for byte, as a hex editor would.
        let file = home.appendingPathComponent("canbao.sqlite")
        var bytes = try Data(contentsOf: file)
        let original = Data(#""role":"supervisor""#.utf8), forged = Data(#""role":"superviser""#.utf8)
        let range = try #require(bytes.range(of: original))
        bytes.replaceSubrange(range, with: forged)
        try bytes.write(to: file)
        let tampered = try canbao(["store", "verify"], home: home)
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("文件完整性：正常\n"))
        #expect(tampered.stdout.contains("审计链：断裂，审计记录第 1 条：内容与哈希不符，该记录被改动\n"))
    }
}
