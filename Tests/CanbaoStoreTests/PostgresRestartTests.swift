@testable import CanbaoPostgres
import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// The server restarted or down mid-session, on a cluster of this suite's own (the other tests' server stays up): a
/// write while it is down is refused in Chinese with nothing half-written, and the same open store carries on once
/// it is back, without being opened again.
@Suite("PostgreSQL restarted mid-session", .serialized, .enabled(if: TestPostgres.runs, "PostgreSQL 不可用"))
struct PostgresRestartTests {
    @Test func aWriteWhileTheServerIsDownIsRefusedAndTheStoreCarriesOnWhenItIsBack() throws {
        let cluster = try TestPostgres.PrivateCluster()
        defer { cluster.remove() }
        let home = try CanbaoBinary.temporaryDirectory("pg-restart")
        let store = try CounterStore.open(postgres: PostgresLocation(url: cluster.newDatabase()), home: home,
                                          options: Fixture.options, environment: [:])
        let clerk = try store.addOperator(name: "clerk1", displayName: "柜员一", role: .clerk, password: "Hall-pass-2026",
                                          by: .system("test"))
        let first = try store.upsertPerson(Fixture.person("张三", number: Fixture.residentID(birth: "1990-01-01", sequence: 11)),
                                           by: .operator(clerk.id))

        // Restarted between two writes: the pooled connection is dead, the next write connects again.
        try cluster.stopServer()
        try cluster.startServer()
        let second = try store.upsertPerson(Fixture.person("李四", number: Fixture.residentID(birth: "1991-01-01", sequence: 21)),
                                            by: .operator(clerk.id))
        #expect(second.id > first.id)

        // Down: the write is refused with the reason in Chinese, and nothing of it is there afterwards.
        try cluster.stopServer()
        var refusal: (any Error)?
        do {
            _ = try store.upsertPerson(Fixture.person("王五", number: Fixture.residentID(birth: "1992-01-01", sequence: 31)),
                                       by: .operator(clerk.id))
        } catch {
            refusal = error
        }
        let message = "\(try #require(refusal))"
        #expect(message.contains("数据库"), "\(message)")
        #expect(!message.contains("PSQLError") && !message.contains("NIO"), "\(message)")
        try cluster.startServer()

        #expect(try store.counts().persons == 2)
        let third = try store.upsertPerson(Fixture.person("王五", number: Fixture.residentID(birth: "1992-01-01", sequence: 31)),
                                           by: .operator(clerk.id))
        #expect(third.id > second.id)
        #expect(try store.counts().persons == 3)
        #expect(try store.verify().isOK)
    }
}
