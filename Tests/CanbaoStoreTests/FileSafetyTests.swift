import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Files we write never replace, truncate or remove anything; files we read are only regular files, capped.
@Suite struct FileSafetyTests {
    static func names(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    @Test func aNewFileIsPrivateAndNeverReplacesWhatIsThere() throws {
        let dir = try CanbaoBinary.temporaryDirectory("output")
        let path = dir.appendingPathComponent("out.csv").path
        try OutputFile.create(path, contents: Data("a\n".utf8))
        #expect(try Fixture.mode(path) == 0o600)
        #expect(throws: StoreError.fileExists(path)) { try OutputFile.create(path, contents: Data("b\n".utf8)) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a\n")

        // A directory with its contents, and a link pointing nowhere, are names taken too.
        let sub = dir.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: sub.appendingPathComponent("inside.txt"))
        #expect(throws: StoreError.fileExists(sub.path)) { try OutputFile.create(sub.path, contents: Data()) }
        #expect(try Self.names(sub) == ["inside.txt"])
        let link = dir.appendingPathComponent("dangling").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: dir.appendingPathComponent("target").path)
        #expect(throws: StoreError.fileExists(link)) { try OutputFile.create(link, contents: Data("x".utf8)) }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("target").path))
        // Nothing of ours is left behind by the refusals.
        #expect(try Self.names(dir) == ["dangling", "out.csv", "sub"])
    }

    @Test func aWriteThatFailsLeavesNothingBehind() throws {
        let dir = try CanbaoBinary.temporaryDirectory("output-fail")
        let path = dir.appendingPathComponent("half.jsonl").path
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try OutputFile.create(path) { file in
                try file.write(Data(repeating: 0x41, count: 3 << 20))
                throw Interrupted()
            }
        }
        #expect(try Self.names(dir) == [])
        #expect(throws: StoreError.io("目录 \(dir.path)/missing 不存在")) {
            try OutputFile.create(dir.appendingPathComponent("missing/x.csv").path, contents: Data())
        }
    }

    @Test func reportsOfTheSameSecondKeepEachOther() throws {
        let dir = try CanbaoBinary.temporaryDirectory("output-unused")
        let first = try OutputFile.createUnused(in: dir, stem: "coverage-2026", ext: "csv", contents: Data("1".utf8))
        let second = try OutputFile.createUnused(in: dir, stem: "coverage-2026", ext: "csv", contents: Data("2".utf8))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("coverage-2026-3.csv"), withIntermediateDirectories: false)
        let fourth = try OutputFile.createUnused(in: dir, stem: "coverage-2026", ext: "csv", contents: Data("4".utf8))
        #expect([first, second, fourth].map(\.lastPathComponent) == ["coverage-2026.csv", "coverage-2026-2.csv", "coverage-2026-4.csv"])
        #expect(try String(contentsOf: first, encoding: .utf8) == "1")
    }

    @Test func exportAndBackupNeverTouchAnExistingFileOrTheStoreItself() throws {
        let store = try Fixture.store()
        try store.load([InterchangePerson(person: Fixture.person("王芳", number: Fixture.residentID(birth: "1990-01-01", sequence: 3)))],
                       by: .system("test"))
        let dir = try CanbaoBinary.temporaryDirectory("export-safety")
        let folder = dir.appendingPathComponent("folder.jsonl")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        #expect(throws: StoreError.fileExists(folder.path)) { try store.export(to: folder) }
        #expect(throws: StoreError.io("\(folder.path) 不是普通文件，不能覆盖")) { try store.export(to: folder, overwrite: true) }
        #expect(throws: StoreError.notAllowed("\(store.path) 是数据库本身的文件，不能覆盖")) {
            try store.export(to: URL(fileURLWithPath: store.path), format: .jsonLines, overwrite: true)
        }
        #expect(throws: StoreError.fileExists(folder.path)) { try store.backup(to: folder, by: .system("test")) }
        #expect(throws: StoreError.notAllowed("\(store.path) 是数据库本身的文件，不能覆盖")) {
            try store.backup(to: URL(fileURLWithPath: store.path), by: .system("test"))
        }
        #expect(try store.verify().isOK)
        #expect(try store.counts().persons == 1)
        #expect(try Self.names(dir) == ["folder.jsonl"])
        // A backup leaves only itself: no temporary file, no journal.
        let copy = dir.appendingPathComponent("copy.sqlite")
        #expect(try store.backup(to: copy, by: .system("test")).verification.isOK)
        let left = try Self.names(dir)
        #expect(left == ["copy.sqlite", "folder.jsonl"], "\(left)")
        #expect(try Fixture.mode(copy.path) == 0o600)
    }

    @Test func onlyARegularFileIsRead() throws {
        let dir = try CanbaoBinary.temporaryDirectory("input")
        let fifo = dir.appendingPathComponent("pipe.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // A FIFO nobody writes to would block forever; /dev/zero would fill memory.
        #expect(throws: InputFileError("\(fifo) 不是普通文件")) { try InputFile.read(fifo) }
        #expect(throws: InputFileError("/dev/zero 不是普通文件")) { try InputFile.read("/dev/zero") }
        #expect(throws: InputFileError("\(dir.path) 是文件夹，不是文件")) { try InputFile.read(dir.path) }
        #expect(throws: InputFileError("找不到文件 \(dir.path)/none.csv")) { try InputFile.read(dir.path + "/none.csv") }
        let big = dir.appendingPathComponent("big.csv")
        try Data(repeating: 0x41, count: 3 << 20).write(to: big)
        #expect(throws: InputFileError("文件 \(big.path) 太大（3 MB，上限 2 MB）")) { try InputFile.read(big.path, limit: 2 << 20) }
        #expect(try InputFile.read(big.path).count == 3 << 20)
    }
}
