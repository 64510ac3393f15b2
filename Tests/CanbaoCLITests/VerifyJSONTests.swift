import CanbaoTestSupport
import Foundation
import Testing

/// `store verify --json` keeps to JSON on stdout when the database cannot be opened: a script parses one shape.
@Suite struct VerifyJSONTests {
    private static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    @Test func aDatabaseThatCannotBeOpenedIsReportedInJSON() throws {
        let dir = try CanbaoBinary.temporaryDirectory("verify-json")
        let home = dir.appendingPathComponent("home")
        #expect(try CanbaoBinary.run(["store", "init", "--home", home.path]).status == 0)
        let intact = try CanbaoBinary.run(["store", "verify", "--json", "--home", home.path])
        #expect(intact.status == 0, "\(intact.stderr)")
        let keys = Set(try Self.object(intact.stdout).keys)

        let notADatabase = dir.appendingPathComponent("notes.txt")
        try Data("不是数据库\n".utf8).write(to: notADatabase)
        let missing = dir.appendingPathComponent("none.sqlite").path
        let cases = [
            (missing, "\(missing)：数据库文件不存在"),
            (dir.path, "\(dir.path) 是文件夹，不是文件"),
            (notADatabase.path, "\(notADatabase.path) 不是 canbao 数据库"),
        ]
        for (path, reason) in cases {
            let r = try CanbaoBinary.run(["store", "verify", "--json", "--file", path])
            #expect(r.status == 2, "\(path)")
            let object = try Self.object(r.stdout)
            #expect(Set(object.keys) == keys, "\(object.keys.sorted())")
            #expect(object["intact"] as? Bool == false)
            #expect(object["database"] as? String == path)
            #expect(object["integrity"] as? [String] == [])
            let findings = try #require(object["findings"] as? [[String: Any]])
            #expect(findings.count == 1)
            #expect(findings.first?["kind"] as? String == "cannot-open")
            let message = try #require(findings.first?["message"] as? String)
            #expect(message.hasPrefix("读写文件失败："), "\(message)")
            #expect(message.contains(reason), "\(message)")
            // The line for a person reading the terminal is still there, once.
            #expect(r.stderr == "canbao: \(message)\n")
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
