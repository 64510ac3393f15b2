@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

@Suite("Backup and verify")
struct BackupTests {
    @Test func onlineBackupIsAConsistentPrivateCopy() throws {
        let store = try Fixture.store()
        try store.addOperator(name: "clerk1", displayName: "柜员一", role: .clerk, password: "Clerk-pass-1",
                              by: .system("test"))
        for index in 0..<20 {
            try store.upsertPerson(Fixture.person("备份\(index)", number: Fixture.residentID(birth: "2000-01-01",
                                                                                           sequence: index)),
                                   by: .operator(1))
        }
        let before = try store.verify()
        let url = try CanbaoBinary.temporaryDirectory("backup").appendingPathComponent("copy.sqlite")
        let backup = try store.backup(to: url, includeKey: true, by: .system("test"))
        #expect(backup.bytes > 0)
        #expect(backup.verification == before)
        #expect(try Fixture.mode(url.path) == 0o600)
        #expect(try Fixture.mode(url.path + ".key") == 0o600)
        #expect(try String(contentsOfFile: url.path + ".key", encoding: .utf8)
            == String(contentsOfFile: store.path + ".key", encoding: .utf8))
        #expect(!FileManager.default.fileExists(atPath: url.path + ".lock"))

        let copy = try CounterStore(path: url.path, options: Fixture.options)
        let report = try copy.verify()
        #expect(report.isOK)
        #expect(report.counts == before.counts)
        #expect(report.headHash == before.headHash)
        #expect(try copy.searchPersons(name: "备份").count == 20)
        // The source records that it was backed up.
        #expect(try store.auditLog().last?.action == "store.backup")
        #expect(try store.verify().auditEntries == before.auditEntries + 1)

        #expect(throws: StoreError.fileExists(url.path)) { try store.backup(to: url, by: .system("test")) }
        #expect(try store.auditLog().last?.detail.contains(#""key":"included""#) == true)
    }

    /// Without the key (the default) the copy can be read and its rows and links checked, but not re-signed: nor by
    /// whoever holds the copy, nor by a store opened on it.
    @Test func aBackupWithoutTheKeyCannotBeRechained() throws {
        let store = try Fixture.store()
        try store.upsertPerson(Fixture.person("备份", number: Fixture.residentID(birth: "2000-01-01", sequence: 1)),
                               by: .system("test"))
        let url = try CanbaoBinary.temporaryDirectory("backup-nokey").appendingPathComponent("copy.sqlite")
        try store.backup(to: url, by: .system("test"))
        #expect(!FileManager.default.fileExists(atPath: url.path + ".key"))
        #expect(try CounterStore.verifyFile(at: url.path).findings.map(\.kind) == [.keyMissing])
        #expect(try CounterStore.verifyFile(at: url.path, keyPath: store.path + ".key").isOK)
        #expect(throws: StoreError.self) { _ = try CounterStore(path: url.path, options: Fixture.options) }
        #expect(try store.auditLog().last?.detail.contains(#""key":"omitted""#) == true)
    }

    @Test func verifyReportsASoundStore() throws {
        let store = try Fixture.store()
        let report = try store.verify()
        #expect(report.isOK)
        #expect(report.integrity == ["ok"])
        #expect(report.auditEntries == 0)
        #expect(report.headHash == AuditEntry.genesisHash)
        #expect(report.head == nil)
        #expect(report.findings == [])
    }
}
