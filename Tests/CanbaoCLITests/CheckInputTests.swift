import CanbaoTestSupport
import Foundation
import Testing

/// What `canbao check` says of a case file it cannot take as a small UTF-8 text, read with the system's calls
/// (`PlainFile`): each refused with exit status 2 and one line naming the file; a byte-order mark is accepted as
/// Foundation accepted it.
@Suite struct CheckInputTests {
    static let example = TestForms.directory.appendingPathComponent("examples/newborn.yaml")

    static func check(_ path: String) throws -> CanbaoBinary.Result {
        try CanbaoBinary.run(["check", path], environment: ["CANBAO_FORMS": TestForms.directory.path])
    }

    static func refused(_ path: String, saying reason: String) throws {
        let r = try check(path)
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr.hasPrefix("\(path): ") && r.stderr.contains(reason), "\(r.stderr)")
        #expect(r.stderr.filter { $0 == "\n" }.count == 1, "\(r.stderr)")
    }

    @Test func aMissingFileADirectoryAndADeviceAreRefused() throws {
        let dir = try CanbaoBinary.temporaryDirectory("check-input")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.refused(dir.appendingPathComponent("nowhere.yaml").path, saying: "文件不存在")
        try Self.refused(dir.path, saying: "是目录，不是案件文件")
        try Self.refused("/dev/zero", saying: "不是普通文件（管道、设备等），不能作为案件文件读取")
    }

    @Test func endlessStandardInputIsReadOnlyUpToTheLimit() throws {
        let r = try CanbaoBinary.run(["check", "-"], environment: ["CANBAO_FORMS": TestForms.directory.path],
                                     stdin: String(repeating: "#", count: 1_000_001))
        #expect(r.status == 2)
        #expect(r.stderr == "stdin: 内容过大（超过上限 1000000 字节）\n")
    }

    @Test func aFileOverTheLimitIsRefusedByItsSizeBeforeItIsRead() throws {
        let dir = try CanbaoBinary.temporaryDirectory("check-input")
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = dir.appendingPathComponent("big.yaml")
        try Data(repeating: UInt8(ascii: "#"), count: 1_000_001).write(to: big)
        try Self.refused(big.path, saying: "文件过大（1000001 字节，上限 1000000）")
    }

    @Test func bytesThatAreNotUTF8AreFoundByTheirLine() throws {
        let dir = try CanbaoBinary.temporaryDirectory("check-input")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("gbk.yaml")
        // 王 in GB18030 on the third line.
        try Data("workflow: newborn\nregion: dalate\nperson: {name: ".utf8 + [0xCD, 0xF5] + Array("}\n".utf8)).write(to: file)
        let r = try Self.check(file.path)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("\(file.path):3: ") && r.stderr.contains("不是 UTF-8 编码的文本"), "\(r.stderr)")
    }

    @Test func aByteOrderMarkIsAcceptedAndChangesNothing() throws {
        let dir = try CanbaoBinary.temporaryDirectory("check-input")
        defer { try? FileManager.default.removeItem(at: dir) }
        let marked = dir.appendingPathComponent("bom.yaml")
        try Data([0xEF, 0xBB, 0xBF] + Array(try Data(contentsOf: Self.example))).write(to: marked)
        let plain = try Self.check(Self.example.path), withMark = try Self.check(marked.path)
        #expect(withMark.status == plain.status)
        #expect(withMark.stderr == "")
        #expect(withMark.stdout == plain.stdout)
        #expect(!plain.stdout.isEmpty)
    }
}
