import CanbaoTestSupport
import Foundation
import Testing

/// `canbao scenario export`: what it refuses. The export of a decided case, which needs a case written through the
/// store, is in CanbaoStoreTests/ScenarioExportStoreTests.swift.
@Suite struct ScenarioExportTests {
    @Test func aHomeWithoutAStoreIsNotCreated() throws {
        let home = try CanbaoBinary.temporaryDirectory("scenario-none").appendingPathComponent("home")
        let r = try CanbaoBinary.run(["scenario", "export", "2026-000001", "--home", home.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("数据目录中没有参保库"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: home.path))
    }

    @Test func anUnknownCaseNumber() throws {
        let home = try CanbaoBinary.temporaryDirectory("scenario-unknown").appendingPathComponent("home")
        #expect(try CanbaoBinary.run(["store", "init", "--home", home.path]).status == 0)
        let r = try CanbaoBinary.run(["scenario", "export", "2026-999999", "--home", home.path])
        #expect(r.status == 2)
        #expect(r.stderr == "找不到办件 2026-999999\n")
        #expect(r.stdout.isEmpty)
    }

    @Test func badOptionsAreRejectedBeforeTheStoreIsOpened() throws {
        let home = try CanbaoBinary.temporaryDirectory("scenario-options").appendingPathComponent("home")
        let id = try CanbaoBinary.run(["scenario", "export", "2026-000001", "--home", home.path, "--id", "Not A Slug"])
        #expect(id.status != 0)
        #expect(id.stderr.contains("--id 只能由小写字母、数字和连字符组成"))
        let seed = try CanbaoBinary.run(["scenario", "export", "2026-000001", "--home", home.path, "--seed", "-1"])
        #expect(seed.status != 0)
        // A title reaches the trainee's screen: an escape sequence in it is refused, named by code point.
        let title = try CanbaoBinary.run(["scenario", "export", "2026-000001", "--home", home.path, "--deck",
                                          "--title", "新生儿\u{1B}[2J"])
        #expect(title.status == 64)
        #expect(title.stderr.contains("--title") && title.stderr.contains("U+001B"), "\(title.stderr)")
        #expect(!title.stderr.contains("\u{1B}"))
        #expect(!FileManager.default.fileExists(atPath: home.path))
    }

    @Test func theCommandIsListed() throws {
        let r = try CanbaoBinary.run(["scenario", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("export"))
    }
}
