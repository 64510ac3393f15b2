import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// A record an import gives as the store already holds it is unchanged, and nothing is written, even where the
/// store holds several records of the same place, scheme and period (a registration adds one beside another).
@Suite struct ReimportUnchangedTests {
    static let number = "11010519491231002X"

    static func line(_ status: String) -> String {
        #"{"document":{"kind":"resident-id","number":"\#(number)"},"name":"王芳","platform_records":[{"place":"150102","scheme":"resident","status":"\#(status)","year":2026,"paid":true}]}"#
            + "\n"
    }

    @Test(arguments: TestBackend.all) func aRecordAsOneOfSeveralAlreadyReadsIsUnchanged(_ backend: TestBackend) throws {
        // The test clock moves on at every reading: a write would show in `updated_at`.
        let store = try Fixture.store(backend)
        try store.importData(Data(Self.line("active").utf8), format: .jsonLines, source: "a.jsonl", by: .system("test"))
        let person = try #require(try store.person(byDocument: IdentityDocument(kind: .residentID, number: Self.number)))
        // The same place, scheme and year again, as a registration at the counter writes it.
        try store.addPlatformRecord(NewEnrollment(place: "150102", scheme: .resident, status: .terminated, year: 2026,
                                                  paid: true), forPerson: person.id, by: .system("test"))
        let before = try store.platformRecords(forPerson: person.id)
        #expect(before.map(\.status) == [.active, .terminated])

        for _ in 0..<2 {
            let again = try store.importData(Data(Self.line("terminated").utf8), format: .jsonLines, source: "b.jsonl",
                                             by: .system("test"))
            #expect(again.recordsUnchanged == 1)
            #expect(again.recordsUpdated == 0)
            #expect(again.recordsInserted == 0)
            #expect(again.personsUnchanged == 1)
            #expect(try store.platformRecords(forPerson: person.id) == before)
        }
        // Neither record read so: the first is brought up to date, as before.
        let changed = try store.importData(Data(Self.line("suspended").utf8), format: .jsonLines, source: "c.jsonl",
                                           by: .system("test"))
        #expect(changed.recordsUpdated == 1)
        #expect(try store.platformRecords(forPerson: person.id).map(\.status) == [.suspended, .terminated])
    }
}
