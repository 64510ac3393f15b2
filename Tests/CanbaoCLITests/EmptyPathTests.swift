import CanbaoTestSupport
import Foundation
import Testing

/// An empty path (`''`, an unset shell variable) names no file: refused with the argument or option it was given
/// for, never taken as the current directory.
@Suite struct EmptyPathTests {
    static let cases: [([String], String)] = [
        (["store", "export", ""], "canbao: store export 的文件参数为空：请给出文件路径"),
        (["store", "backup", "", "--as", "admin"], "canbao: store backup 的文件参数为空：请给出文件路径"),
        (["store", "import", "", "--as", "admin"], "canbao: store import 的文件参数为空：请给出文件路径"),
        (["store", "verify", "--file", ""], "canbao: store verify 的 --file 为空：请给出文件路径"),
        (["store", "verify", "--key", ""], "canbao: store verify 的 --key 为空：请给出文件路径"),
        (["store", "checkpoint", "--file", ""], "canbao: store checkpoint 的 --file 为空：请给出文件路径"),
        (["deck", "verify", ""], "canbao: deck verify 的题组文件参数为空：请给出文件路径"),
        (["check", ""], "check: 案件文件参数为空：请给出案件文件的路径，或用 - 读取标准输入"),
    ]

    @Test(arguments: cases)
    func anEmptyPathIsRefusedByName(_ command: [String], _ message: String) throws {
        let root = try CanbaoBinary.temporaryDirectory("empty-path")
        let home = root.appendingPathComponent("home")
        let r = try CanbaoBinary.run(command, environment: ["CANBAO_HOME": home.path, "CANBAO_FORMS": TestForms.directory.path],
                                     stdin: "secret12\n", currentDirectory: root)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr == message + "\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
    }

    @Test func formsLintOfAnEmptyPathOrAFileSaysWhy() throws {
        let root = try CanbaoBinary.temporaryDirectory("empty-forms")
        let empty = try CanbaoBinary.run(["forms", "lint", ""], currentDirectory: root)
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("目录路径为空（--forms 或 forms lint 的目录参数）"), "\(empty.stderr)")
        let forms = try CanbaoBinary.run(["check", "x.yaml", "--forms", ""], currentDirectory: root)
        #expect(forms.status == 2)
        #expect(forms.stderr.contains("目录路径为空"), "\(forms.stderr)")
        let file = root.appendingPathComponent("passwd")
        try Data("root:x:0:0\n".utf8).write(to: file)
        let notDirectory = try CanbaoBinary.run(["forms", "lint", file.path])
        #expect(notDirectory.status == 2)
        #expect(notDirectory.stderr.contains("\(file.path): 不是目录"), "\(notDirectory.stderr)")
        #expect(!notDirectory.stderr.contains("不存在"))
    }

    /// `--home "$UNSET"` was read as no `--home`: the command ran on `$CANBAO_HOME` (or the default store) instead.
    @Test func anEmptyHomeOrDatabaseIsRefusedNotTheDefault() throws {
        let root = try CanbaoBinary.temporaryDirectory("empty-home")
        let fallback = root.appendingPathComponent("fallback")
        for arguments in [["coverage", "--home", ""], ["store", "init", "--home="], ["--home", ""],
                          ["report", "daily", "--database", ""]] {
            let r = try CanbaoBinary.run(arguments, environment: ["CANBAO_HOME": fallback.path])
            #expect(r.status == 2, "\(arguments): \(r.stderr)")
            #expect(r.stderr.hasPrefix("canbao: --"), "\(r.stderr)")
            #expect(r.stderr.contains("为空："), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: fallback.path))
    }
}
