import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// The store and operator commands, driven through the built binary.
@Suite("canbao store / operator")
struct StoreCommandTests {
    private func canbao(_ arguments: [String], home: URL, stdin: String? = nil) throws -> CanbaoBinary.Result {
        try CanbaoBinary.run(arguments, environment: ["CANBAO_HOME": home.path], stdin: stdin)
    }

    /// `canbao-bench ARGS` on the same home (the load test is not in the product).
    private func bench(_ arguments: [String], home: URL, stdin: String? = nil) throws -> CanbaoBinary.Result {
        try CanbaoBinary.run(arguments, environment: ["CANBAO_HOME": home.path], stdin: stdin,
                             executable: CanbaoBinary.benchURL)
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
            审计密钥：\(home.path)/canbao.sqlite.key（0600；不在数据库中，备份时须用 --with-key 才一并复制）
            结构版本：v14-audit-no-replace（共 14 步迁移）

            """)
        #expect(try mode(home) == 0o700)
        #expect(try mode(home.appendingPathComponent("canbao.sqlite")) == 0o600)
        #expect(try mode(home.appendingPathComponent("canbao.sqlite.key")) == 0o600)
    }

    /// Five wrong passwords locked the only administrator for good: no one could run `operator unlock --as`.
    @Test func theSystemUserUnlocksTheLastAdministratorLockedOut() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-locked-out")
        try TestAdministrator.add(home: home)
        for _ in 0..<CounterStore.maximumFailedLogins {
            #expect(try canbao(["operator", "list", "--as", "admin"], home: home, stdin: "Wrong-pass-1\n").status == 1)
        }
        let locked = try canbao(["operator", "list", "--as", "admin"], home: home, stdin: TestAdministrator.stdin())
        #expect(locked.status == 1)
        let unlocked = try canbao(["operator", "unlock", "admin"], home: home)
        #expect(unlocked.status == 0, "\(unlocked.stderr)")
        #expect(unlocked.stdout == "已解锁管理员 admin（所有管理员均被锁定时由系统用户解锁，已记入审计日志）\n")
        let listed = try canbao(["operator", "list", "--as", "admin"], home: home, stdin: TestAdministrator.stdin())
        #expect(listed.status == 0, "\(listed.stderr)")
        // With an administrator able to log in, unlocking needs one again.
        let again = try canbao(["operator", "unlock", "admin"], home: home)
        #expect(again.status == 1)
        #expect(again.stderr.hasPrefix("canbao: 请用 --as"))
        #expect(try CounterStore.open(home: home).verify().isOK)
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

    /// The first administrator of an empty store is the one account added without `--as`; every other operator
    /// command names an enabled administrator whose password comes first, and the audit rows name them.
    @Test func operatorCommandsNeedAnAdministrator() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-op")
        let clerkFirst = try canbao(["operator", "add", "zhang", "--display-name", "张三"], home: home, stdin: "Secret-2026\n")
        #expect(clerkFirst.status == 1)
        #expect(clerkFirst.stderr == "canbao: 尚无任何操作员：请先不带 --as 新增第一名管理员（operator add NAME --role admin）\n")
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("canbao.sqlite").path), "nothing created")
        let first = try canbao(["operator", "add", "admin", "--display-name", "管理员", "--role", "admin"], home: home,
                               stdin: "Admin-pass-2026\n")
        #expect(first.status == 0)
        #expect(first.stdout == "已新增操作员 admin（管理员，管理员）\n")

        // From now on: no --as, a wrong password, an unknown name, a clerk's password are all refused.
        let noAs = try canbao(["operator", "add", "evilsup", "--display-name", "坏人", "--role", "supervisor"],
                              home: home, stdin: "12121212x\n")
        #expect(noAs.status == 1)
        #expect(noAs.stderr == "canbao: 请用 --as 登录名 指明执行此命令的管理员（其密码先于其他输入读取）\n")
        let wrong = try canbao(["operator", "add", "evilsup", "--display-name", "坏人", "--role", "supervisor",
                                "--as", "admin"], home: home, stdin: "Guess-2026\nEvil-pass-1\n")
        #expect(wrong.status == 1)
        #expect(wrong.stderr == "canbao: 用户名或密码错误，或账号已停用、已锁定\n")
        let added = try canbao(["operator", "add", "zhang", "--display-name", "张三", "--role", "clerk", "--as", "admin"],
                               home: home, stdin: "Admin-pass-2026\nTemp-pass-1\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "已新增操作员 zhang（张三，柜员），首次登录须修改密码\n")
        let asClerk = try canbao(["operator", "add", "evilsup", "--display-name", "坏人", "--role", "supervisor",
                                  "--as", "zhang"], home: home, stdin: "Temp-pass-1\nEvil-pass-1\n")
        #expect(asClerk.status == 1)
        #expect(asClerk.stderr == "canbao: zhang 是柜员，此命令须由管理员执行\n")
        for command in [["passwd", "zhang"], ["unlock", "zhang"], ["disable", "zhang"], ["enable", "zhang"], ["list"]] {
            let refused = try canbao(["operator"] + command, home: home, stdin: "Evil-pass-1\n")
            #expect(refused.status == 1, "\(command)")
            #expect(refused.stderr.hasPrefix("canbao: 请用 --as"), "\(command)")
        }

        // The one password policy: all digits are refused here as at the counter.
        let weak = try canbao(["operator", "add", "li", "--display-name", "李四", "--as", "admin"], home: home,
                              stdin: "Admin-pass-2026\n12121212\n")
        #expect(weak.status == 1)
        #expect(weak.stderr == "canbao: 密码不符合要求：密码须同时包含字母和数字\n")
        let duplicate = try canbao(["operator", "add", "zhang", "--display-name", "张三", "--as", "admin"], home: home,
                                   stdin: "Admin-pass-2026\nSecret-2026\n")
        #expect(duplicate.stderr == "canbao: 操作员 zhang 已存在\n")
        let badRole = try canbao(["operator", "add", "li", "--display-name", "李四", "--role", "boss", "--as", "admin"],
                                 home: home, stdin: "Admin-pass-2026\nSecret-2026\n")
        #expect(badRole.status == 64)

        let passwd = try canbao(["operator", "passwd", "zhang", "--as", "admin"], home: home,
                                stdin: "Admin-pass-2026\nAnother-2026\n")
        #expect(passwd.status == 0)
        #expect(passwd.stdout == "已重设 zhang 的密码，其首次登录须修改\n")
        let ghost = try canbao(["operator", "passwd", "ghost", "--as", "admin"], home: home, stdin: "Admin-pass-2026\n")
        #expect(ghost.status == 1)
        #expect(ghost.stderr == "canbao: 找不到操作员 ghost\n")

        // The wrong guess counted against the administrator like a failed login at the counter, and was cleared by
        // the next success.
        let list = try canbao(["operator", "list", "--as", "admin"], home: home, stdin: "Admin-pass-2026\n")
        #expect(list.stdout == """
            admin\t管理员\tadmin（管理员）\t正常\t失败登录 0 次
            zhang\t张三\tclerk（柜员）\t须改密码\t失败登录 0 次

            """)
        let store = try CounterStore.open(home: home)
        let log = try store.auditLog(entity: "operator")
        #expect(log.first { $0.action == "operator.add" && $0.entityID == "admin" }?.actor == "system:first-admin")
        #expect(log.filter { $0.action == "operator.add" && $0.entityID == "zhang" }.map(\.actor) == ["admin"])
        #expect(log.filter { $0.action == "operator.passwd" }.map(\.actor) == ["admin"])
        #expect(log.filter { $0.action == "operator.login-failed" }.map(\.entityID) == ["admin"])
        #expect(log.filter { $0.action == "operator.login-failed" }.map(\.detail) == [#"{"via":"cli"}"#])
    }

    /// An administrator added by another must choose their own password before doing anything else.
    @Test func anAdministratorWithATemporaryPasswordMustChangeItFirst() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-op-temp")
        try TestAdministrator.add(home: home)
        #expect(try canbao(["operator", "add", "li", "--display-name", "李四", "--role", "admin"] + TestAdministrator.arguments,
                           home: home, stdin: TestAdministrator.stdin("Temp-pass-1\n")).status == 0)
        let refused = try canbao(["operator", "list", "--as", "li"], home: home, stdin: "Temp-pass-1\n")
        #expect(refused.status == 1)
        #expect(refused.stderr == "canbao: li 的密码由他人设置，须先设置自己的密码：canbao operator passwd li --as li\n")
        let same = try canbao(["operator", "passwd", "li", "--as", "li"], home: home, stdin: "Temp-pass-1\nTemp-pass-1\n")
        #expect(same.stderr == "canbao: 密码不符合要求：新密码不能与原密码相同\n")
        let own = try canbao(["operator", "passwd", "li", "--as", "li"], home: home, stdin: "Temp-pass-1\nOwn-pass-2026\n")
        #expect(own.stdout == "已重设 li 的密码\n")
        #expect(try canbao(["operator", "list", "--as", "li"], home: home, stdin: "Own-pass-2026\n").status == 0)
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
        try TestAdministrator.add(home: home)
        let anonymous = try canbao(["store", "import", csv.path], home: home)
        #expect(anonymous.status == 1)
        #expect(anonymous.stderr == "canbao: 请用 --as 登录名 指明执行此命令的管理员（其密码先于其他输入读取）\n")
        let imported = try canbao(["store", "import", csv.path] + TestAdministrator.arguments, home: home,
                                  stdin: TestAdministrator.stdin())
        #expect(imported.status == 0)
        #expect(imported.stdout == "导入完成：人员 新增 2，更新 0，未变 0；参保记录 新增 2，更新 0，未变 0\n")

        let bad = dir.appendingPathComponent("bad.jsonl")
        try Data("""
            {"document":{"kind":"resident-id","number":"34052419800101001X"},"name":"李四"}
            {"document":{"kind":"resident-id","number":"34052419800101001X"},"name":"李四"}
            {"document":{"kind":"resident-id","number":"11010519491231002X"},"name":"王芳","platform_records":[{"place":"150102","scheme":"resident","status":"gone","year":2026,"paid":true}]}

            """.utf8).write(to: bad)
        let rejected = try canbao(["store", "import", bad.path] + TestAdministrator.arguments, home: home,
                                  stdin: TestAdministrator.stdin())
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
        #expect(again.status == 2)
        #expect(again.stderr == "canbao: 文件已存在：\(out.path)\n")
        #expect(try canbao(["store", "export", "--force", out.path], home: home).status == 0)
        let audit = try #require(try CounterStore.open(home: home).auditLog().last { $0.action == "store.import" })
        #expect(audit.actor == "admin")
    }

    @Test func backupVerifiesAndVerifyReportsEachFinding() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-verify")
        try TestAdministrator.add(home: home)
        // A store with a real operator is not written by the load test without an administrator.
        let anonymous = try bench(["load-test", "--count", "3", "--prefix", "v1"], home: home)
        #expect(anonymous.status == 1)
        #expect(anonymous.stderr.hasPrefix("canbao: 请用 --as"))
        #expect(try bench(["load-test", "--count", "3", "--prefix", "v1"] + TestAdministrator.arguments, home: home,
                           stdin: TestAdministrator.stdin()).status == 0)

        let restore = try CanbaoBinary.temporaryDirectory("cli-restore")
        let copy = restore.appendingPathComponent("canbao.sqlite").path
        let backup = try canbao(["store", "backup", copy, "--with-key"] + TestAdministrator.arguments, home: home,
                                stdin: TestAdministrator.stdin())
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("校验通过"))
        #expect(backup.stdout.contains("审计密钥：\(copy).key"))
        let verified = try canbao(["store", "verify"], home: restore)
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.contains("审计日志：25 条，全部以密钥签名\n"))
        #expect(verified.stdout.contains("人员 3，参保记录 6，办件 3（已登记 3），操作员 2\n"))
        #expect(verified.stdout.hasSuffix("结论：完整，未发现问题\n"))

        // The issue's first edit with an SQLite shell: the load-test clerk made a supervisor.
        #expect(try canbao(["store", "verify"], home: home).status == 0)
        try Self.sqlite(home.appendingPathComponent("canbao.sqlite"), "UPDATE operator SET role = 'supervisor' WHERE name = 'load-v1'")
        let tampered = try canbao(["store", "verify"], home: home)
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("文件完整性：正常；外键：正常\n"))
        #expect(tampered.stdout.contains("结论：发现 1 处问题：\n  1. 操作员（operator） #2 的内容与第 "))

        let json = try canbao(["store", "verify", "--json"], home: home)
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["intact"] as? Bool == false)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings.first?["kind"] as? String == "row-changed")
        #expect(findings.first?["table"] as? String == "operator")
        #expect(findings.first?["row_id"] as? Int == 2)
        #expect(findings.first?["seq"] is Int)
        // The copy's 25 entries (the last the administrator's login for the backup), then the backup's own.
        #expect((object["head"] as? [String: Any])?["seq"] as? Int == 26)
    }

    @Test func checkpointIsPrintedAndChecked() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-checkpoint")
        let empty = try canbao(["store", "init"], home: home)
        #expect(empty.status == 0)
        #expect(try canbao(["store", "checkpoint"], home: home).stdout == "审计日志为空，尚无检查点\n")
        try TestAdministrator.add(home: home)
        let printed = try canbao(["store", "checkpoint"], home: home)
        #expect(printed.status == 0)
        let lines = printed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("审计检查点：第 1 条，"))
        let hash = String(lines[1].dropFirst("哈希：".count))
        #expect(hash.count == 64)
        #expect(lines[2] == "核对：canbao store verify --checkpoint 1:\(hash)")
        #expect(try canbao(["store", "verify", "--checkpoint", "1:\(hash)"], home: home).status == 0)
        let other = try canbao(["store", "verify", "--checkpoint", "1:" + String(repeating: "a", count: 64)], home: home)
        #expect(other.status == 1)
        #expect(other.stdout.contains("第 1 条审计记录的哈希与检查点 1:aaaa"))
        let missing = try canbao(["store", "verify", "--checkpoint", "9:\(hash)"], home: home)
        #expect(missing.stdout.contains("检查点 9:\(hash) 所记的第 9 条审计记录已不存在：日志被截短"))
        let bad = try canbao(["store", "verify", "--checkpoint", "1:xyz"], home: home)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("检查点应为 序号:哈希"))
        let nothing = try canbao(["store", "verify"], home: home.appendingPathComponent("none"))
        #expect(nothing.status == 2)
        #expect(nothing.stderr == "canbao: 读写文件失败：\(home.path)/none/canbao.sqlite：数据库文件不存在\n")
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("none").path))
    }

    /// Issue #12: a database this user may only read, in a directory they may not write, verifies (opened read-only,
    /// nothing created beside it). Run as `nobody`: root may write anything.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func aReadOnlyDatabaseVerifies() throws {
        let parent = try CanbaoBinary.temporaryDirectory("cli-readonly")
        chmod(parent.path, 0o755)
        let home = parent.appendingPathComponent("home")
        try TestAdministrator.add(home: home)
        let files = try FileManager.default.contentsOfDirectory(atPath: home.path).sorted()
        #expect(files == ["canbao.sqlite", "canbao.sqlite.key", "canbao.sqlite.lock"])
        for name in files { chown(home.appendingPathComponent(name).path, 65534, 65534) }
        chown(home.path, 65534, 65534)
        chmod(home.appendingPathComponent("canbao.sqlite").path, 0o400)
        chmod(home.appendingPathComponent("canbao.sqlite.key").path, 0o400)
        chmod(home.path, 0o500)
        defer { chmod(home.path, 0o700) }
        let result = try Self.run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
                                                       CanbaoBinary.url.path, "store", "verify", "--home", home.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasSuffix("结论：完整，未发现问题\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path).sorted() == files)
    }

    /// SQL run as someone with a shell would, through Python's sqlite3 module (foreign keys off, no triggers asked).
    static func sqlite(_ file: URL, _ sql: String) throws {
        let result = try run("/usr/bin/env", ["python3", "-c",
                                              "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.close()",
                                              file.path, sql])
        try #require(result.status == 0, "\(result.output)")
    }

    /// A program with its arguments; standard output and error together.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
