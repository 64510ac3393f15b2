import CanbaoTestSupport
import Foundation
import Testing

/// `canbao check --store`: the platform records come from the local store when the case file lists none.
@Suite struct CheckStoreTests {
    static let caseText = """
        workflow: migrant-worker
        region: inner-mongolia
        today: 2026-05-06
        here: "150102"
        scheme: resident
        coverage_year: 2026
        person: {name: 刘建军, document: {kind: resident-id, number: "150621197803030094"}}
        facts: {local_hukou: true, work: flexible}
        documents_presented: [resident-id]

        """

    static func home(with persons: String?) throws -> (home: URL, caseFile: URL) {
        let dir = try CanbaoBinary.temporaryDirectory("check-store")
        let home = dir.appendingPathComponent("home")
        if let persons {
            let file = dir.appendingPathComponent("persons.jsonl")
            try persons.write(to: file, atomically: true, encoding: .utf8)
            try TestAdministrator.add(home: home)
            let imported = try CanbaoBinary.run(["store", "import", file.path, "--home", home.path] + TestAdministrator.arguments,
                                                stdin: TestAdministrator.stdin())
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        let caseFile = dir.appendingPathComponent("case.yaml")
        try caseText.write(to: caseFile, atomically: true, encoding: .utf8)
        return (home, caseFile)
    }

    @Test func recordsInTheStoreFeedTheRegistrationCheck() throws {
        let persons = """
            {"name":"刘建军","document":{"kind":"resident-id","number":"150621197803030094"},"platform_records":[{"place":"150621","scheme":"resident","status":"active","year":2026,"paid":true}]}

            """
        let (home, caseFile) = try Self.home(with: persons)
        let withStore = try CanbaoBinary.run(["check", caseFile.path, "--store", "--home", home.path, "--json"])
        #expect(withStore.status == 0)
        let verdict = try JSONSerialization.jsonObject(with: Data(withStore.stdout.utf8)) as! [String: Any]
        #expect(verdict["decision"] as? String == "refuse")
        let findings = verdict["findings"] as! [[String: Any]]
        #expect(findings.contains { $0["rule"] as? String == "registration.check" && $0["citation"] as? String == "内蒙古细则 第十一条（二）3" })
        let without = try CanbaoBinary.run(["check", caseFile.path, "--home", home.path, "--json"])
        #expect(without.stdout.contains("\"decision\" : \"accept\""))
    }

    @Test func aPersonTheStoreDoesNotKnowHasNoRecords() throws {
        let persons = """
            {"name":"王芳","document":{"kind":"resident-id","number":"11010519491231002X"},"platform_records":[{"place":"150621","scheme":"employee","status":"active","months":["2026-04"],"paid":true}]}

            """
        let (home, caseFile) = try Self.home(with: persons)
        let r = try CanbaoBinary.run(["check", caseFile.path, "--store", "--home", home.path, "--json"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"decision\" : \"accept\""))
    }

    @Test func aMissingStoreIsAClearError() throws {
        let (home, caseFile) = try Self.home(with: nil)
        let r = try CanbaoBinary.run(["check", caseFile.path, "--store", "--home", home.path])
        #expect(r.status == 2)
        #expect(r.stderr == "\(home.path): 数据目录中没有参保库（先运行 canbao store init 或导入数据）\n")
        #expect(!FileManager.default.fileExists(atPath: home.path))
    }
}
