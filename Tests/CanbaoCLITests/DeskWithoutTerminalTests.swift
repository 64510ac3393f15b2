import CanbaoTestSupport
import Foundation
import Testing

/// The counter screen started from a script (no terminal) says so before anything else and creates no store.
@Suite struct DeskWithoutTerminalTests {
    @Test func noTerminalIsSaidFirstAndLeavesNothingBehind() throws {
        let root = try CanbaoBinary.temporaryDirectory("desk-no-tty")
        let existing = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: existing, withIntermediateDirectories: false)
        let absent = root.appendingPathComponent("absent")
        for home in [existing, absent] {
            let r = try CanbaoBinary.run([], environment: ["CANBAO_HOME": home.path, "TERM": "xterm-256color",
                                                          "CANBAO_FORMS": TestForms.directory.path], stdin: "")
            #expect(r.status == 2)
            #expect(r.stderr == "标准输入或标准输出不是终端：请在终端或 SSH 会话中运行全屏界面（脚本中请使用 canbao check 等子命令）\n",
                    "\(r.stderr)")
            #expect(r.stdout == "")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: existing.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: absent.path))
    }
}
