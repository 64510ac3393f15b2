@testable import CanbaoPostgres
import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Moving an agency from one SQLite host to a shared PostgreSQL database: everything arrives as it was, the chain
/// verifies there and goes on, and a target that is not empty or not keyed alike is refused with nothing written.
@Suite("store copy to PostgreSQL", .enabled(if: TestPostgres.runs, "PostgreSQL 不可用"))
struct StoreCopyTests {
    /// A hall's day on SQLite: operators, a person, an approved and registered case, a rejected one.
    static func busyHall() throws -> Hall {
        let hall = try Hall(.sqlite)
        let awaiting = try hall.awaitingCase()
        let decided = try hall.store.decide(caseID: awaiting.id, Hall.approve(), expectedVersion: awaiting.version,
                                            by: hall.supervisor.id)
        _ = try hall.store.register(caseID: decided.id, enrollment: hall.newRecord, expectedVersion: decided.version,
                                    by: hall.clerk.id)
        let other = try hall.awaitingCase()
        _ = try hall.store.decide(caseID: other.id, Hall.reject(), expectedVersion: other.version, by: hall.supervisor.id)
        return hall
    }

    /// An empty PostgreSQL store for `source`'s copy, its key file written first as `store copy` does.
    static func target(for source: CounterStore) throws -> (CounterStore, URL) {
        let home = try CanbaoBinary.temporaryDirectory("copy-target")
        let location = try PostgresLocation(url: TestPostgres.newDatabase("copy"))
        #expect(try source.installAuditKey(at: location.auditKeyPath(home: home)))
        return (try CounterStore.open(postgres: location, home: home, environment: [:]), home)
    }

    @Test func everyRowArrivesWithItsIdAndTheChainVerifiesAndGoesOn() throws {
        let hall = try Self.busyHall()
        let (target, _) = try Self.target(for: hall.store)
        let report = try hall.store.copy(into: target, by: .operator(hall.admin.id))
        #expect(report.verification.isOK)
        #expect(report.rows["person"] == 1 && report.rows["case_record"] == 2 && report.rows["operator"] == 7)
        var expected = try hall.store.counts()
        expected.auditEntries += 1
        #expect(try target.counts() == expected)
        // The same entries, and the copy's own entry after them, naming the administrator.
        let before = try hall.store.auditLog(), after = try target.auditLog()
        #expect(Array(after.prefix(before.count)).map(\.hash) == before.map(\.hash))
        #expect(after.count == before.count + 1 && after.last?.action == "store.copy" && after.last?.operatorID == hall.admin.id)
        // Work goes on in the copy: new ids follow the copied ones, sealed into the same chain.
        let person = try target.upsertPerson(Fixture.person("李四", number: Fixture.residentID(birth: "1990-01-01", sequence: 21)),
                                             by: .operator(hall.clerk.id))
        #expect(person.id > hall.applicant.id)
        #expect(try target.verify().isOK)
    }

    @Test func aTargetThatHoldsDataIsRefusedAndKeepsIt() throws {
        let hall = try Self.busyHall()
        let (target, _) = try Self.target(for: hall.store)
        _ = try target.addOperator(name: "other", displayName: "别人", role: .admin, password: "Other-pass-2026",
                                   by: .system("test"))
        let before = try target.auditLog()
        #expect(throws: StoreError.self) { try hall.store.copy(into: target, by: .operator(hall.admin.id)) }
        #expect(try target.auditLog().map(\.hash) == before.map(\.hash))
        #expect(try target.counts().persons == 0)
    }

    @Test func aTargetKeyedOtherwiseIsRefusedBeforeAnythingIsWritten() throws {
        let hall = try Self.busyHall()
        let home = try CanbaoBinary.temporaryDirectory("copy-foreign-key")
        // Opened without the source's key: it made its own.
        let target = try CounterStore.open(postgres: PostgresLocation(url: TestPostgres.newDatabase("copy")), home: home,
                                           environment: [:])
        #expect(throws: StoreError.self) { try hall.store.copy(into: target, by: .operator(hall.admin.id)) }
        #expect(try target.counts().persons == 0 && target.auditLog().isEmpty)
    }

    /// A store edited behind its back (the sqlite3 shell) is not copied: the copy is verified before it commits, so
    /// the target stays empty and the tampering is named.
    @Test func aStoreThatDoesNotVerifyIsNotCopiedAndTheTargetStaysEmpty() throws {
        let hall = try Self.busyHall()
        try Tamper.run(hall.store.path, "UPDATE person SET name = '李四' WHERE id = ?", arguments: [hall.applicant.id])
        let (target, _) = try Self.target(for: hall.store)
        var refusal = ""
        do {
            _ = try hall.store.copy(into: target, by: .operator(hall.admin.id))
        } catch {
            refusal = "\(error)"
        }
        #expect(refusal.contains("校验未通过（未写入）"), "\(refusal)")
        #expect(try target.counts().persons == 0 && target.auditLog().isEmpty && target.counts().operators == 0)
    }
}
