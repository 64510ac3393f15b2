import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Every file of BadRosters/ (written by its generate.py) through the real `canbao roster import`: the documented exit
/// status (2 a file that cannot be read, 1 rows rejected), exactly one line on stderr naming the file and the row,
/// and nothing written — for an unreadable file not even the data directory.
@Suite("canbao roster import: bad rosters")
struct BadRosterTests {
    struct Expectation: Decodable, Sendable {
        var status: Int32
        var stderr: String
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("BadRosters")

    static let expectations: [String: Expectation] = {
        let data = try! Data(contentsOf: folder.appendingPathComponent("expectations.json"))
        return try! JSONDecoder().decode([String: Expectation].self, from: data)
    }()

    static var files: [String] { expectations.keys.sorted() }

    @Test func theCorpusIsWholeAndLargeEnough() throws {
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".csv") }
        #expect(onDisk.sorted() == Self.files)
        #expect(Self.files.count >= 20)
        #expect(Self.expectations.values.contains { $0.status == 2 } && Self.expectations.values.contains { $0.status == 1 })
    }

    @Test(arguments: BadRosterTests.files)
    func aBadRosterIsRefusedWithOneLineAndWritesNothing(file: String) throws {
        let expected = try #require(Self.expectations[file])
        let root = try CanbaoBinary.temporaryDirectory("bad-roster")
        let home = root.appendingPathComponent("home")
        let path = Self.folder.appendingPathComponent(file).path
        // A roster that reads is registered by a named operator; one that does not is refused before anyone is asked.
        var auditBefore = 0
        if expected.status != 2 {
            try TestAdministrator.add(home: home)
            auditBefore = try CounterStore.open(home: home).counts().auditEntries
        }
        let result = try CanbaoBinary.run(["roster", "import", path, "--school", "一中", "--place", "150621",
                                           "--year", "2026", "--date", "2026-03-01", "--region", "dalate"]
                                              + (expected.status == 2 ? [] : TestAdministrator.arguments),
                                          environment: ["CANBAO_HOME": home.path],
                                          stdin: expected.status == 2 ? nil : TestAdministrator.stdin())
        #expect(result.status == expected.status, "\(result.stderr)")
        #expect(result.stderr == "\(path)：\(expected.stderr)\n")
        // What is shown of the file is never a control character the terminal would obey.
        #expect(!result.stdout.unicodeScalars.contains { $0 != "\n" && SafeText.isForbidden($0) })
        if expected.status == 2 {
            #expect(result.stdout == "")
            #expect(!FileManager.default.fileExists(atPath: home.path), "nothing is created for a file that cannot be read")
        } else {
            let store = try CounterStore.open(home: home)
            let counts = try store.counts()
            #expect(counts.persons == 0)
            #expect(counts.platformRecords == 0)
            // The administrator's login is all the log gained: no roster, person or record was written.
            #expect(try store.auditLog().dropFirst(auditBefore).map(\.action) == ["operator.login"])
        }
    }
}
