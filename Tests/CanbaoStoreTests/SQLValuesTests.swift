@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB
import Testing

/// `forEachRow` reads each value where it lies (`SQLValues`) instead of building a `SQLRow`: every value must read as
/// the row the cursor builds for the same statement gives it, on either engine.
@Suite struct SQLValuesTests {
    /// One row of every kind of value the store's queries read: integers, NULL, texts (Chinese, empty), a comparison
    /// read as a truth value, and a real of integral value where an integer is asked for.
    static let query = """
        SELECT CAST(42 AS BIGINT) AS n, NULL AS absent, '张三 150602' AS name, '' AS empty,
               'employee' = 'employee' AS yes, 'resident' = 'employee' AS no, CAST(-7 AS BIGINT) AS negative,
               CAST(2.0 AS REAL) AS real
        """

    @Test(arguments: TestBackend.all) func valuesReadInPlaceAsTheCursorsRowReadsThem(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        try store.backend.read { db in
            let row = try #require(try db.fetchAll(Self.query, [], cached: false).first)
            var seen = 0
            try db.forEachRow(Self.query, [], cached: false) { values in
                seen += 1
                #expect(values.int64(0) == (row[0] as Int64?) && values.int64(notNull: 0) == 42)
                #expect(values.int(0) == 42)
                #expect(values.int64(1) == nil && values.string(1) == nil && values.bool(1) == nil)
                #expect(values.string(2) == (row[2] as String?) && values.string(notNull: 2) == "张三 150602")
                #expect(values.string(3) == "")
                #expect(values.bool(4) == (row[4] as Bool?) && values.bool(notNull: 4))
                #expect(values.bool(5) == (row[5] as Bool?) && values.bool(5) == false)
                #expect(values.int64(6) == -7)
                // Another storage class than asked for converts as the cursor's row converts it.
                #expect(values.int64(7) == (row[7] as Int64?) && values.int64(7) == 2)
            }
            #expect(seen == 1)
        }
    }

    @Test(arguments: TestBackend.all) func everyRowIsHandedOverInOrderAndNoneWhenThereIsNone(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let ids = (1...2_500).map(String.init)
        try store.backend.read { db in
            let sql = "SELECT CAST(v.value AS BIGINT) FROM \(db.dialect.jsonArrayValues) AS v"
            var read: [Int64] = []
            try db.forEachRow(sql, [RosterAssessor.jsonArray(ids)], cached: false) { read.append($0.int64(notNull: 0)) }
            #expect(read == (1...2_500).map(Int64.init))
            var none = 0
            try db.forEachRow(sql, ["[]"], cached: false) { _ in none += 1 }
            #expect(none == 0)
        }
    }

    @Test(arguments: TestBackend.all) func anErrorInTheBodyStopsTheLoopAndReachesTheCaller(_ backend: TestBackend) throws {
        struct Stop: Error {}
        let store = try Fixture.store(backend)
        try store.backend.read { db in
            var read = 0
            #expect(throws: Stop.self) {
                try db.forEachRow("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3", [], cached: false) { _ in
                    read += 1
                    if read == 2 { throw Stop() }
                }
            }
            #expect(read == 2)
            // The connection is still usable: the statement was left behind cleanly.
            let after = try db.fetchAll("SELECT 5", [], cached: false)
            #expect(after.first.map { $0[0] as Int } == 5)
        }
    }
}
