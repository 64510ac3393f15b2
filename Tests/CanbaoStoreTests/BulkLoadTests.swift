import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Filling an empty store many rows per statement (`loadNew`, the bulk path a benchmark or a first load takes on a
/// server): every row arrives, the audit chain seals each one (verify holds), and a person already there refuses
/// the whole call.
@Suite struct BulkLoadTests {
    /// More persons, records and sealed rows than one INSERT takes, so every batch boundary is crossed.
    static func persons(_ range: Range<Int>) -> [InterchangePerson] {
        range.map { index in
            let birth = LocalDate(year: 1970, month: 1, day: 1)!.adding(days: index / 900)
            let number = Fixture.residentID(birth: birth.description, sequence: index % 900 + 1)
            return InterchangePerson(
                person: Fixture.person("人员\(index)", number: number, birth: birth.description,
                                       sex: (index % 900 + 1) % 2 == 1 ? .male : .female),
                records: [NewEnrollment(place: "150621", scheme: .resident, status: .active, year: 2026, paid: true,
                                        amountFen: 40_000, since: LocalDate(year: 2026, month: 1, day: 1)),
                          NewEnrollment(place: "440703", scheme: .employee, status: .terminated,
                                        months: [String(format: "2024-%02d", index % 12 + 1)], paid: true)])
        }
    }

    @Test(arguments: TestBackend.all) func everyRowArrivesSealed(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let before = try store.counts()
        let summary = try store.loadNew(Self.persons(0..<2_500), by: .system("test"), detail: ["source": "test"])
        #expect(summary.personsInserted == 2_500 && summary.recordsInserted == 5_000)
        let after = try store.counts()
        #expect(after.persons == before.persons + 2_500)
        #expect(after.platformRecords == before.platformRecords + 5_000)
        #expect(after.auditEntries == before.auditEntries + 1)
        for index in [0, 999, 1_000, 2_499] {
            let input = Self.persons(index..<(index + 1))[0]
            let person = try #require(try store.person(byDocument: input.person.document))
            #expect(person.name == "人员\(index)")
            #expect(try store.platformRecords(forPerson: person.id).count == 2)
        }
        let entry = try #require(try store.auditLog(limit: 1).first)
        #expect(entry.action == "store.import")
        #expect(entry.detail.contains("\"persons_inserted\":\"2500\""), "\(entry.detail)")
        #expect(try store.verify().isOK)
    }

    @Test(arguments: TestBackend.all) func aPersonAlreadyThereRefusesTheWholeCall(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        try store.loadNew(Self.persons(0..<10), by: .system("test"))
        let before = try store.counts()
        #expect(throws: (any Error).self) {
            try store.loadNew(Self.persons(5..<20), by: .system("test"))
        }
        #expect(try store.counts() == before)
        #expect(try store.verify().isOK)
    }
}

/// The capture table a PostgreSQL session notes changed rows in is emptied after a bulk load, so later writes on the
/// same connection do not read the load's dead rows again.
@Suite(.enabled(if: TestPostgres.runs, "PostgreSQL 不可用"))
struct CaptureTableCompactionTests {
    @Test func aBulkLoadLeavesTheSessionsCaptureTableEmpty() throws {
        let store = try Fixture.store(.postgres)
        // 8,000 persons and 16,000 records: more rows than `compactAfterChanges`.
        try store.loadNew(BulkLoadTests.persons(0..<8_000), by: .system("test"))
        // One idle connection is pooled: the read is lent the session that wrote.
        let pages = try store.backend.read { db in
            try Int.fetchOne(db, sql: "SELECT pg_relation_size('pg_temp.audit_change')") ?? -1
        }
        #expect(pages == 0)
        #expect(try store.verify().isOK)
    }
}
