import CanbaoTestSupport
import Foundation
import Testing

/// A command that only reads the store, or an administrator's on it, given a home that holds none (a mistyped
/// `--home`), refuses with exit status 2 and creates nothing, rather than a new empty store that reports zeros.
@Suite struct MissingHomeTests {
    static let readers: [[String]] = [
        ["coverage"], ["coverage", "--unenrolled"], ["duplicates"], ["newborns"], ["report", "daily"],
        ["store", "export", "OUT/t.csv"], ["store", "backup", "OUT/b.sqlite", "--as", "admin"],
        ["store", "copy", "--to", "postgres://canbao@127.0.0.1:1/canbao", "--as", "admin"],
        // An administrator's commands made a new store there, then said the password was wrong.
        ["operator", "list", "--as", "admin"], ["operator", "disable", "clerk", "--as", "admin"],
        ["operator", "passwd", "clerk", "--as", "admin"], ["operator", "unlock", "admin"],
        ["operator", "add", "lisi", "--display-name", "李四", "--role", "clerk", "--as", "admin"],
    ]

    @Test(arguments: readers)
    func aHomeWithoutAStoreIsRefusedAndLeftAbsent(_ command: [String]) throws {
        let root = try CanbaoBinary.temporaryDirectory("missing-home")
        let home = root.appendingPathComponent("typo")
        let arguments = command.map { $0.replacingOccurrences(of: "OUT", with: root.path) } + ["--home", home.path]
        let r = try CanbaoBinary.run(arguments, environment: ["CANBAO_FORMS": TestForms.directory.path], stdin: "secret12\n")
        #expect(r.status == 2, "\(command): \(r.stderr)")
        #expect(r.stderr == "\(home.path): 数据目录中没有参保库（先运行 canbao store init 或导入数据）\n")
        #expect(r.stdout == "")
        #expect(!FileManager.default.fileExists(atPath: home.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
    }

    @Test func anExistingDirectoryWithoutAStoreIsRefusedToo() throws {
        let home = try CanbaoBinary.temporaryDirectory("empty-home")
        let r = try CanbaoBinary.run(["coverage", "--home", home.path], environment: ["CANBAO_FORMS": TestForms.directory.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("数据目录中没有参保库"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path).isEmpty)
    }
}
