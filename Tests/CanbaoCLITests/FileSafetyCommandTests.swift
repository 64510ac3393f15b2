import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// No command deletes or overwrites a file it was not created to replace, leaves a half-written file, or creates
/// anything for input it cannot read; faults of the disk are told in Chinese with what to do.
@Suite("canbao: files never replaced, nothing half-written")
struct FileSafetyCommandTests {
    private func canbao(_ arguments: [String], home: URL) throws -> CanbaoBinary.Result {
        try CanbaoBinary.run(arguments, environment: ["CANBAO_HOME": home.path])
    }

    /// A command that changes the store, run as the test's administrator (added to the store first if it has none).
    private func asAdmin(_ arguments: [String], home: URL) throws -> CanbaoBinary.Result {
        if try CounterStore.open(home: home).operators().isEmpty { try TestAdministrator.add(home: home) }
        return try CanbaoBinary.run(arguments + TestAdministrator.arguments, environment: ["CANBAO_HOME": home.path],
                                    stdin: TestAdministrator.stdin())
    }

    private static let roster = ["--school", "一中", "--place", "150621", "--year", "2026", "--date", "2026-03-01",
                                 "--region", "dalate"]

    static func id(_ birth: String, _ sequence: Int) -> String {
        IDNumbers.residentID(area: "150621", birth: LocalDate(birth)!, sequence: sequence)
    }

    static func broken(_ number: String) -> String { String(number.dropLast()) + (number.last == "0" ? "1" : "0") }

    /// A home holding `persons` persons with a record each.
    static func seeded(persons: Int) throws -> URL {
        let home = try CanbaoBinary.temporaryDirectory("cli-safety-home")
        let store = try CounterStore.open(home: home)
        try store.load((0..<persons).map { i in
            InterchangePerson(person: PersonInput(document: IdentityDocument(kind: .residentID,
                                                                             number: String(format: "15062119800101%04d", i)),
                                                  name: "人员\(i)"),
                              records: [NewEnrollment(place: "150621", scheme: .resident, year: 2026, paid: true)])
        }, by: .system("test"))
        try store.checkpoint()
        return home
    }

    static func text(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    @Test func rosterErrorsNeverReplaceOrRemoveWhatIsThere() throws {
        let root = try CanbaoBinary.temporaryDirectory("cli-errors-target")
        let home = root.appendingPathComponent("home")
        let file = root.appendingPathComponent("class.csv")
        let content = "姓名,证件号码\n王小明,\(Self.id("2008-03-05", 11))\n赵强,\(Self.broken(Self.id("2008-04-04", 71)))\n"
        try Data(content.utf8).write(to: file)
        let old = root.appendingPathComponent("old.csv")
        try Data("keep".utf8).write(to: old)
        let folder = root.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        try Data("inside".utf8).write(to: folder.appendingPathComponent("a.csv"))

        for (target, what) in [(old, "文件"), (folder, "文件夹")] {
            let result = try canbao(["roster", "import", file.path, "--errors", target.path] + Self.roster, home: home)
            #expect(result.status == 2)
            #expect(result.stderr == "--errors \(target.path) 已有同名\(what)，不会覆盖或删除它：请换一个不存在的文件名，未导入任何数据\n")
        }
        let itself = try canbao(["roster", "import", file.path, "--errors", file.path] + Self.roster, home: home)
        #expect(itself.status == 2)
        #expect(itself.stderr == "--errors \(file.path) 是要导入的花名册本身，不能覆盖，未导入任何数据\n")
        let nowhere = try canbao(["roster", "import", file.path, "--errors", root.path + "/none/e.csv"] + Self.roster, home: home)
        #expect(nowhere.status == 2)
        #expect(nowhere.stderr == "--errors \(root.path)/none/e.csv 所在的文件夹不存在，未导入任何数据\n")
        // An empty name, and a folder where no file can be made (the check was only that the folder exists, so the
        // rows were registered and then the report was lost).
        let empty = try canbao(["roster", "import", file.path, "--errors", ""] + Self.roster, home: home)
        #expect(empty.status == 2)
        #expect(empty.stderr == "--errors 不能为空：请给出错误报告的文件名，未导入任何数据\n")
        let unwritable = try canbao(["roster", "import", file.path, "--errors", "/proc/e.csv"] + Self.roster, home: home)
        #expect(unwritable.status == 2)
        #expect(unwritable.stderr.hasPrefix("--errors /proc/e.csv 无法写入（"))
        #expect(unwritable.stderr.hasSuffix("），未导入任何数据\n"))
        #expect(!FileManager.default.fileExists(atPath: home.path), "refused before the store was opened")

        // The data directory itself, database and all.
        #expect(try canbao(["store", "init"], home: home).status == 0)
        let initialized = try CounterStore.open(home: home).counts().auditEntries
        let intoHome = try canbao(["roster", "import", file.path, "--errors", home.path] + Self.roster, home: home)
        #expect(intoHome.status == 2)
        #expect(intoHome.stderr.hasPrefix("--errors \(home.path) 已有同名文件夹"))
        #expect(try CounterStore.open(home: home).verify().isOK)
        #expect(try CounterStore.open(home: home).counts().auditEntries == initialized)

        #expect(Self.text(old) == "keep")
        #expect(Self.text(file) == content)
        #expect(Self.text(folder.appendingPathComponent("a.csv")) == "inside")

        // A free name: the report is written, private.
        let report = root.appendingPathComponent("退回.csv")
        let written = try asAdmin(["roster", "import", file.path, "--errors", report.path] + Self.roster, home: home)
        #expect(written.status == 1)
        #expect(written.stderr == "\(file.path)：第 3 行：证件号码：身份证号码校验码错误：第18位应为 \(Self.id("2008-04-04", 71).last!)，实际为 \(Self.broken(Self.id("2008-04-04", 71)).last!)（也可能是前17位有录入错误）（共退回 1 行）\n")
        #expect(Self.text(report)?.hasPrefix("姓名,证件号码,错误\r\n赵强,") == true)
        let mode = (try FileManager.default.attributesOfItem(atPath: report.path)[.posixPermissions] as! NSNumber).intValue
        #expect(mode & 0o777 == 0o600)
    }

    /// `--place abcdef` registered the students in a region called "abcdef", which `coverage` then listed.
    @Test func aRosterPlaceThatIsNoRegionCodeIsRefused() throws {
        let root = try CanbaoBinary.temporaryDirectory("cli-roster-place")
        let home = root.appendingPathComponent("home")
        let file = root.appendingPathComponent("class.csv")
        try Data("姓名,证件号码\n王小明,\(Self.id("2008-03-05", 11))\n".utf8).write(to: file)
        for place in ["abcdef", "15062", "999999"] {
            let r = try canbao(["roster", "import", file.path, "--school", "一中", "--place", place, "--year", "2026",
                                "--date", "2026-03-01", "--region", "dalate"], home: home)
            #expect(r.status == 2, "\(place)")
            #expect(r.stderr.hasPrefix("--place \(place)："), "\(r.stderr)")
            #expect(r.stderr.hasSuffix("，未导入任何数据\n"), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: home.path))
    }

    @Test func rosterInputIsReadBeforeAnythingIsCreated() throws {
        let root = try CanbaoBinary.temporaryDirectory("cli-roster-input")
        let home = root.appendingPathComponent("home")
        let fifo = root.appendingPathComponent("pipe.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for (path, reason) in [(root.path + "/none.csv", "找不到文件 \(root.path)/none.csv"),
                               (root.path, "\(root.path) 是文件夹，不是文件"),
                               (fifo, "\(fifo) 不是普通文件")] {
            let result = try canbao(["roster", "import", path] + Self.roster, home: home)
            #expect(result.status == 2)
            #expect(result.stderr == "\(reason)，未导入任何数据\n")
            #expect(result.stdout == "")
        }
        #expect(!FileManager.default.fileExists(atPath: home.path))
    }

    @Test func exportAndBackupRefuseWhatIsThere() throws {
        let home = try Self.seeded(persons: 3)
        let dir = try CanbaoBinary.temporaryDirectory("cli-export-there")
        let old = dir.appendingPathComponent("old.jsonl")
        try Data("keep".utf8).write(to: old)
        let export = try canbao(["store", "export", old.path], home: home)
        #expect(export.status == 2)
        #expect(export.stderr == "canbao: 文件已存在：\(old.path)\n")
        let folder = dir.appendingPathComponent("folder.jsonl")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let forced = try canbao(["store", "export", folder.path, "--force"], home: home)
        #expect(forced.status == 1)
        #expect(forced.stderr == "canbao: 读写文件失败：\(folder.path) 不是普通文件，不能覆盖\n")
        let backup = try asAdmin(["store", "backup", old.path], home: home)
        #expect(backup.status == 2)
        #expect(backup.stderr == "canbao: 文件已存在：\(old.path)\n")
        let database = home.appendingPathComponent("canbao.sqlite").path
        let own = try asAdmin(["store", "backup", database], home: home)
        #expect(own.stderr == "canbao: 不允许的操作：\(database) 是数据库本身的文件，不能覆盖\n")
        #expect(Self.text(old) == "keep")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["folder.jsonl", "old.jsonl"])
        #expect(try CounterStore.open(home: home).verify().isOK)
    }

    /// `forms doc --out` was written with Foundation's atomic write, which replaced anything, the database too.
    @Test func formsDocNeverReplacesWithoutForceNorTheStoreWithIt() throws {
        let home = try Self.seeded(persons: 2)
        let database = home.appendingPathComponent("canbao.sqlite")
        let before = try Data(contentsOf: database)
        let plain = try canbao(["forms", "doc", "--out", database.path], home: home)
        #expect(plain.status == 2)
        #expect(plain.stderr == "\(database.path): 文件已存在，未写入（确要替换它时加 --force）\n")
        for own in [database.path, database.path + ".key"] {
            let forced = try canbao(["forms", "doc", "--out", own, "--force"], home: home)
            #expect(forced.status == 2)
            #expect(forced.stderr == "\(own): 未写入（不允许的操作：\(own) 是数据库本身的文件，不能覆盖）\n")
        }
        #expect(try Data(contentsOf: database) == before)
        #expect(try CounterStore.open(home: home).verify().isOK)

        let dir = try CanbaoBinary.temporaryDirectory("cli-doc-there")
        let old = dir.appendingPathComponent("guide.md")
        try Data("keep".utf8).write(to: old)
        #expect(try canbao(["forms", "doc", "--out", old.path], home: home).status == 2)
        #expect(Self.text(old) == "keep")
        let replaced = try canbao(["forms", "doc", "--out", old.path, "--force"], home: home)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(Self.text(old)?.hasPrefix("# ") == true)
        let fresh = dir.appendingPathComponent("new.md")
        #expect(try canbao(["forms", "doc", "--out", fresh.path], home: home).status == 0)
        #expect(Self.text(fresh) == Self.text(old))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["guide.md", "new.md"])
        let empty = try canbao(["forms", "doc", "--out", ""], home: home)
        #expect(empty.status == 2)
        #expect(empty.stderr == "--out 不能为空：请给出要写入的文件名\n")
    }

    /// The home's own files were refused by path only: from another home (or with none given), `--force` replaced a
    /// store's database with Markdown, and its audit key for good. Found by an outside tester.
    @Test func forceNeverReplacesAnotherHomesDatabaseCompanionsOrKey() throws {
        let other = try Self.seeded(persons: 2)
        let database = other.appendingPathComponent("canbao.sqlite").path
        // A WAL with its magic, as a running store leaves it (a checkpointed one may be gone).
        try Data([0x37, 0x7F, 0x06, 0x82] + [UInt8](repeating: 0, count: 28)).write(to: URL(fileURLWithPath: database + "-wal"))
        let files = [database, database + ".key", database + ".lock", database + "-wal"]
        let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let home = try CanbaoBinary.temporaryDirectory("cli-force-elsewhere")
        let reasons = ["是 SQLite 数据库文件", "是审计密钥文件", "是 SQLite 数据库的附属文件", "是 SQLite 数据库的日志文件"]
        for (file, reason) in zip(files, reasons) {
            let doc = try canbao(["forms", "doc", "--out", file, "--force"], home: home)
            #expect(doc.status == 2)
            #expect(doc.stderr == "\(file): 未写入（不允许的操作：\(file) \(reason)，不能覆盖）\n")
        }
        #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == before)
        // By what it holds, whatever its name: a database copied to persons.csv.
        let copy = home.appendingPathComponent("persons.csv")
        try FileManager.default.copyItem(atPath: database, toPath: copy.path)
        let export = try canbao(["store", "export", copy.path, "--force"], home: Self.seeded(persons: 1))
        #expect(export.status == 1)
        #expect(export.stderr == "canbao: 不允许的操作：\(copy.path) 是 SQLite 数据库文件，不能覆盖\n")
        #expect(try Data(contentsOf: copy) == before[0])
        try FileManager.default.removeItem(atPath: database + "-wal")
        #expect(try CounterStore.open(home: other).verify().isOK)
    }

    @Test func aFullDiskLeavesNoPartialFileAndSaysWhatToDo() throws {
        let disk = try SmallDisk(kilobytes: 64)
        let home = try Self.seeded(persons: 2_000)
        try TestAdministrator.add(home: home)
        let env = ["CANBAO_HOME": home.path]
        for arguments in [["store", "backup", disk.folder.path + "/copy.sqlite"] + TestAdministrator.arguments,
                          ["store", "export", disk.folder.path + "/persons.jsonl"],
                          ["store", "export", disk.folder.path + "/persons.csv"]] {
            let result = try disk.run(arguments, environment: env, stdin: TestAdministrator.stdin())
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.hasPrefix("canbao: "), "\(result.stderr)")
            #expect(!result.stderr.contains("SQLite") && !result.stderr.contains("error"), "\(result.stderr)")
            if disk.mounted {
                #expect(result.stderr == "canbao: 磁盘空间不足（或超出文件大小限制），\(arguments[2]) 未写入，未留下不完整的文件：请清理磁盘空间或换一个位置后重试\n")
            } else {
                #expect(result.stderr.contains("磁盘"), "\(result.stderr)")
            }
            #expect(disk.contents == [], "\(arguments)")
        }

        // The roster's error report: every row is rejected, so nothing is registered, and no half report remains.
        let roster = try CanbaoBinary.temporaryDirectory("cli-full-roster").appendingPathComponent("r.csv")
        let rows = (0..<3_000).map { "学生\($0),\(Self.broken(Self.id("2008-01-01", $0 % 999 + 1)))" }
        try Data((["姓名,证件号码"] + rows).joined(separator: "\n").utf8).write(to: roster)
        let result = try disk.run(["roster", "import", roster.path, "--errors", disk.folder.path + "/errors.csv"] + Self.roster
                                      + TestAdministrator.arguments, environment: env, stdin: TestAdministrator.stdin())
        // The file could be made (the probe before importing) but not filled: said, with where the outcome is.
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("错误报告未能写入 \(disk.folder.path)/errors.csv（磁盘空间不足"), "\(result.stderr)")
        #expect(result.stderr.hasSuffix("本次登记的结果见上，退回的行可用 --dry-run --errors 另一个文件名重新生成\n"))
        #expect(disk.contents == [])
        #expect(try CounterStore.open(home: home).verify().isOK)
    }

    @Test func aReadOnlyFolderOrStoreIsToldInChinese() throws {
        let disk = try SmallDisk(kilobytes: 8_192)
        let home = disk.folder.appendingPathComponent("home")
        #expect(try canbao(["store", "init"], home: home).status == 0)
        try TestAdministrator.add(home: home)
        let persons = try CanbaoBinary.temporaryDirectory("cli-ro-import").appendingPathComponent("p.jsonl")
        try Data(#"{"document":{"kind":"resident-id","number":"11010519491231002X"},"name":"王芳"}"#.utf8).write(to: persons)
        guard disk.makeReadOnly() else { return }
        if !disk.mounted {
            chmod(home.appendingPathComponent("canbao.sqlite").path, 0o444)
            chmod(home.path, 0o555)
        }
        let export = try canbao(["store", "export", disk.folder.path + "/p.jsonl"], home: home)
        #expect(export.status == 1)
        #expect(!export.stderr.contains("SQLite") && !export.stderr.contains("error"), "\(export.stderr)")
        let imported = try CanbaoBinary.run(["store", "import", persons.path] + TestAdministrator.arguments,
                                            environment: ["CANBAO_HOME": home.path], stdin: TestAdministrator.stdin())
        #expect(imported.status == 1)
        #expect(!imported.stderr.contains("SQLite") && !imported.stderr.contains("error"), "\(imported.stderr)")
        if disk.mounted {
            #expect(export.stderr.contains("只读（文件、目录或所在磁盘不可写），未写入：请检查权限或改用可写的位置"), "\(export.stderr)")
            #expect(imported.stderr.contains("只读"), "\(imported.stderr)")
        }
        #expect(disk.contents == ["home"])
    }

    @Test func aHomeOthersMayWriteAndAStoreOthersMayReadAreTightened() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-perm").appendingPathComponent("home")
        #expect(try canbao(["store", "init"], home: home).status == 0)
        let database = home.appendingPathComponent("canbao.sqlite")
        chmod(home.path, 0o777)
        chmod(database.path, 0o666)
        let result = try canbao(["coverage", "--year", "2026"], home: home)
        #expect(result.status == 0)
        #expect(result.stderr == """
            canbao: 已收紧 \(home.path) 的权限：777 → 700（数据只应由本账户读写）
            canbao: 已收紧 \(database.path) 的权限：666 → 600（数据只应由本账户读写）

            """)
        for (url, mode) in [(home, 0o700), (database, 0o600)] {
            let actual = (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as! NSNumber).intValue
            #expect(actual & 0o777 == mode)
        }
        #expect(try canbao(["coverage", "--year", "2026"], home: home).stderr == "")
    }

    /// A home open to everyone that this account cannot tighten (not its owner): refused, nothing created in it.
    @Test func aHomeThatCannotBeTightenedIsRefused() throws {
        let home: URL
        var arguments = [CanbaoBinary.url.path, "store", "init"]
        if getuid() == 0 {
            home = try CanbaoBinary.temporaryDirectory("cli-perm-other").appendingPathComponent("shared")
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: false)
            chmod(home.deletingLastPathComponent().path, 0o755)
            chmod(home.path, 0o777)
            arguments = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + arguments
        } else {
            // /tmp: everyone's, owned by root.
            home = URL(fileURLWithPath: "/tmp")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["CANBAO_HOME=\(home.path)", "LANG=C.UTF-8"] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let mode = String((try FileManager.default.attributesOfItem(atPath: home.path)[.posixPermissions] as! NSNumber).intValue & 0o7777,
                          radix: 8)
        #expect(stderr == "canbao: \(home.path) 的权限为 \(mode)，他人可以读写，且本账户无法收紧：请由其所有者执行 chmod go-rwx 后重试\n")
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("canbao.sqlite").path))
    }

    /// The benches remove their directory at the end: one given with `--dir` that already exists is refused, never
    /// removed with everything in it.
    @Test func aBenchNeverRemovesADirectoryItDidNotMake() throws {
        let dir = try CanbaoBinary.temporaryDirectory("cli-bench-dir")
        try Data("keep".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        for bench in [["store"], ["roster"], ["duplicates"], ["desk"]] {
            let result = try CanbaoBinary.run(bench + ["--dir", dir.path], executable: CanbaoBinary.benchURL)
            #expect(result.status != 0, "\(bench)")
            #expect(result.stderr.contains("\(dir.path) 已存在：压测结束后会删除所用的目录"), "\(bench): \(result.stderr)")
        }
        #expect(Self.text(dir.appendingPathComponent("notes.txt")) == "keep")
    }
}
