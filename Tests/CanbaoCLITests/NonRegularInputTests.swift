import CanbaoTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Files named on the command line that are not regular files: a FIFO nobody writes to is refused at once (an open
/// or a read of it would block forever), a device is refused rather than read, and the reason given is the real
/// one. Each command here must return: a hang fails the suite by never ending.
@Suite struct NonRegularInputTests {
    static let forms = ["CANBAO_FORMS": TestForms.directory.path]

    /// A directory holding a FIFO named `name`.
    static func fifo(_ name: String) throws -> (dir: URL, path: String) {
        let dir = try CanbaoBinary.temporaryDirectory("fifo")
        let path = dir.appendingPathComponent(name).path
        try #require(mkfifo(path, 0o600) == 0)
        return (dir, path)
    }

    @Test func checkRefusesAFIFOAndADevice() throws {
        let (_, fifo) = try Self.fifo("case.yaml")
        for path in [fifo, "/dev/zero"] {
            let r = try CanbaoBinary.run(["check", path], environment: Self.forms)
            #expect(r.status == 2)
            #expect(r.stderr == "\(path): 不是普通文件（管道、设备等），不能作为案件文件读取；要从管道读取请用 -（标准输入）\n")
            #expect(r.stdout == "")
        }
    }

    @Test func standardInputIsStillRead() throws {
        let example = try String(contentsOf: TestForms.directory.appendingPathComponent("examples/newborn.yaml"), encoding: .utf8)
        let r = try CanbaoBinary.run(["check", "-"], environment: Self.forms, stdin: example)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.isEmpty)
    }

    @Test func deckVerifyGivesTheRealReason() throws {
        let (_, fifo) = try Self.fifo("deck.yaml")
        for path in [fifo, "/dev/zero"] {
            let r = try CanbaoBinary.run(["deck", "verify", path], environment: Self.forms)
            #expect(r.status == 2)
            #expect(r.stderr == "\(path): 不是普通文件（管道、设备等），不能作为题组文件读取\n")
            #expect(!r.stderr.contains("权限"))
        }
    }

    @Test func formsLintReportsAFIFOAmongTheExamples() throws {
        let dir = try CanbaoBinary.temporaryDirectory("forms-fifo")
        let forms = dir.appendingPathComponent("Forms")
        try FileManager.default.copyItem(at: TestForms.directory.resolvingSymlinksInPath(), to: forms)
        let fifo = forms.appendingPathComponent("examples/zz-pipe.yaml").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let r = try CanbaoBinary.run(["forms", "lint", forms.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("zz-pipe.yaml: 不是普通文件（管道、设备等）"), "\(r.stdout)")
    }

    @Test func storeVerifyRefusesAFIFOADeviceAndAFolder() throws {
        let (dir, fifo) = try Self.fifo("canbao.sqlite")
        for (path, reason) in [(fifo, "\(fifo) 不是普通文件"), ("/dev/zero", "/dev/zero 不是普通文件"),
                               (dir.path, "\(dir.path) 是文件夹，不是文件")] {
            let r = try CanbaoBinary.run(["store", "verify", "--file", path])
            #expect(r.status == 2)
            #expect(r.stderr == "canbao: 读写文件失败：\(reason)\n")
        }
    }

    @Test func storeVerifyOfAFileThatIsNoDatabaseSaysSoInChinese() throws {
        let dir = try CanbaoBinary.temporaryDirectory("not-a-db")
        let empty = dir.appendingPathComponent("empty.yaml")
        try Data().write(to: empty)
        let text = dir.appendingPathComponent("case.yaml")
        try Data(String(repeating: "workflow: newborn\n", count: 100).utf8).write(to: text)
        for file in [empty, text] {
            let r = try CanbaoBinary.run(["store", "verify", "--file", file.path])
            #expect(r.status == 2)
            #expect(r.stderr.hasPrefix("canbao: 读写文件失败：\(file.path) 不是 canbao 数据库"), "\(r.stderr)")
            #expect(!r.stderr.contains("SQLite"))
            #expect(r.stdout == "")
            let checkpoint = try CanbaoBinary.run(["store", "checkpoint", "--file", file.path])
            #expect(checkpoint.status == 2)
            #expect(checkpoint.stderr.contains("不是 canbao 数据库"), "\(checkpoint.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["case.yaml", "empty.yaml"])
    }
}
