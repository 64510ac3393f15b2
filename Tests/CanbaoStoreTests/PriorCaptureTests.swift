import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB
import GRDBSQLite
import Testing

/// On SQLite a write learns its rows' state before it from the pre-update hook (`PriorCapture`) instead of reading them
/// again on a second connection. What the hook saw must be exactly what a read would have found, or a forged row would
/// pass (or an honest write be refused).
@Suite("The state before a write, as SQLite's pre-update hook shows it")
struct PriorCaptureTests {
    /// A table with every kind of value SQLite stores, text after a NUL and invalid UTF-8 included.
    static func sample() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE sample (id INTEGER PRIMARY KEY, amount INTEGER, rate REAL, name TEXT, scan BLOB, note TEXT);
                INSERT INTO sample VALUES (1, -42, 0.1, '张三', x'00ff10', NULL);
                INSERT INTO sample VALUES (2, 9223372036854775807, -1.5e300, '李' || char(0) || '伪造', x'', 'a');
                INSERT INTO sample VALUES (3, 0, 2.0, CAST(x'e4b8ade6' AS TEXT), NULL, '');
                INSERT INTO sample VALUES (4, NULL, NULL, NULL, NULL, NULL);
                """)
        }
        return queue
    }

    /// Each row's digest as the check's reads compute it, by id.
    static func digests(_ db: GRDB.Database, _ journal: AuditJournal) throws -> [Int64: [UInt8]] {
        let connection = SQLiteConnection(db, journal: journal)
        let shape = try #require(try RowShape(connection, table: "sample"))
        var digests: [Int64: [UInt8]] = [:]
        for row in try SQLRow.fetchAll(connection.cachedStatement(sql: shape.allSQL)) {
            digests[shape.rowID(row)] = shape.digest(row)
        }
        return digests
    }

    /// Runs `body` in a transaction on the sample (rolled back after it) once the journal captures, with each row's
    /// digest as a read found it before. `prepare` runs before capturing starts, `afterStart` after.
    static func inCapturedTransaction(
        prepare: (GRDB.Database) throws -> Void = { _ in }, afterStart: (GRDB.Database) throws -> Void = { _ in },
        _ body: (GRDB.Database, CanbaoStore.SQLiteConnection, AuditJournal, [Int64: [UInt8]]) throws -> Void
    ) throws {
        let journal = AuditJournal(tellsInserts: true)
        try sample().inDatabase { db in
            try prepare(db)
            let before = try digests(db, journal)
            let connection = SQLiteConnection(db, journal: journal)
            try journal.startCapturing(connection)
            try afterStart(db)
            try db.inTransaction {
                journal.reset()
                try body(db, connection, journal, before)
                return .rollback
            }
        }
    }

    @Test func eachRowIsSeenAsAReadFindsItBeforeItsFirstChange() throws {
        try Self.inCapturedTransaction { db, _, journal, before in
            try db.execute(sql: "UPDATE sample SET amount = 7 WHERE id IN (1, 2, 3)")
            try db.execute(sql: "UPDATE sample SET amount = 8 WHERE id = 1")  // not its first change
            try db.execute(sql: "DELETE FROM sample WHERE id = 4")
            try db.execute(sql: "INSERT INTO sample (id, name) VALUES (5, '新')")
            try db.execute(sql: "UPDATE sample SET name = '新新' WHERE id = 5")  // its state before: none
            let sample = try #require(journal.takePrior()?.tables["sample"])
            #expect(sample.before == [1: before[1]!, 2: before[2]!, 3: before[3]!, 4: before[4]!])
            #expect(sample.inserted == [5...5])
        }
    }

    /// Rows the transaction only relied on are read on its own connection, where they are as they were.
    @Test func rowsOnlyReliedOnAreReadAsTheyAre() throws {
        try Self.inCapturedTransaction { db, connection, journal, before in
            try db.execute(sql: "UPDATE sample SET note = 'x' WHERE id = 2")
            try db.execute(sql: "DELETE FROM sample WHERE id = 3")
            try db.execute(sql: "INSERT INTO sample (id) VALUES (6)")
            let prior = try #require(journal.takePrior())
            var shape = try #require(try RowShape(connection, table: "sample"))
            let rows = try prior.sorted("sample").rows(connection, in: 1...6, shape: &shape)
            // 1 and 4 unchanged (read now), 2 and 3 as captured, 5 never existed, 6 inserted (no state before).
            #expect(rows.map(\.id) == [1, 2, 3, 4])
            #expect(rows.map(\.digest) == [before[1]!, before[2]!, before[3]!, before[4]!])
            // Range by range, as the check asks (its ranges are the rows changed or relied on, merged).
            let captured = prior.sorted("sample")
            #expect(try captured.rows(connection, in: 3...3, shape: &shape).map(\.digest) == [before[3]!])
            #expect(try captured.rows(connection, in: 2...2, shape: &shape).map(\.id) == [2])
            #expect(try captured.rows(connection, in: 6...9, shape: &shape).isEmpty)
            // A row relied on next to one the transaction inserted (a registration's new record after the
            // applicant's last) is read, not taken for the inserted one.
            #expect(try prior.sorted("sample").rows(connection, in: 4...4, shape: &shape).map(\.id) == [4])
            try db.execute(sql: "INSERT INTO sample (id) VALUES (5)")
            let next = try #require(journal.takePrior())
            #expect(try next.sorted("sample").rows(connection, in: 4...4, shape: &shape).map(\.id) == [4])
        }
    }

    /// A savepoint rolled back leaves the row as its first change saw it; the capture still holds that state.
    @Test func aRolledBackSavepointKeepsTheFirstState() throws {
        try Self.inCapturedTransaction { db, _, journal, before in
            try db.inSavepoint {
                try db.execute(sql: "UPDATE sample SET name = '王五' WHERE id = 1")
                return .rollback
            }
            try db.execute(sql: "UPDATE sample SET name = '赵六' WHERE id = 1")
            #expect(try journal.takePrior()?.tables["sample"]?.before[1] == before[1])
        }
    }

    /// A table whose shape the journal did not read before (made after capturing began) cannot be digested inside
    /// the hook, which may not query its connection: the transaction falls back to the second connection.
    @Test func aTableOfUnknownShapeGivesUpTheCapture() throws {
        try Self.inCapturedTransaction(afterStart: { db in
            try db.execute(sql: "CREATE TABLE later (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO later VALUES (1, 'a')")
        }) { db, _, journal, _ in
            try db.execute(sql: "UPDATE later SET v = 'b' WHERE id = 1")
            #expect(journal.takePrior() == nil)
        }
    }

    /// A row stored before a column was added lacks it: a read gives the column's default, Debian's SQLite (3.40)
    /// gives the hook NULL. The capture falls back rather than record a state no read would find (an upgraded store's
    /// operators, whose `must_change_password` came with a later step, were refused at login as forged).
    @Test func aRowStoredBeforeAColumnWasAddedIsNotTakenFromTheHook() throws {
        func addColumn(_ db: GRDB.Database) throws {
            try db.execute(sql: "ALTER TABLE sample ADD COLUMN flag INTEGER NOT NULL DEFAULT 0")
            try db.execute(sql: "INSERT INTO sample (id, name) VALUES (9, '新行')")
        }
        try Self.inCapturedTransaction(prepare: addColumn) { db, _, journal, _ in
            try db.execute(sql: "UPDATE sample SET note = 'x' WHERE id = 1")
            #expect(journal.takePrior() == nil)
        }
        try Self.inCapturedTransaction(prepare: addColumn) { db, _, journal, before in
            try db.execute(sql: "UPDATE sample SET note = 'x' WHERE id = 9")  // stored with the column
            #expect(journal.takePrior()?.tables["sample"]?.before == [9: before[9]!])
        }
    }

    @Test func pastTheLimitTheCaptureIsAbandoned() {
        var prior = PriorCapture()
        for id in Int64(1)..<Int64(PriorCapture.limit) {
            prior.note(table: "person", op: SQLITE_UPDATE, oldKey: id, newKey: id) { [0] }
        }
        // Inserts in order take one range, however many.
        for id in Int64(20_001)...Int64(40_000) {
            prior.note(table: "person", op: SQLITE_INSERT, oldKey: id, newKey: id) { nil }
        }
        #expect(!prior.incomplete && prior.tables["person"]?.inserted == [20_001...40_000])
        // A row updated again, and one inserted earlier, are not first changes: nothing more is held.
        prior.note(table: "person", op: SQLITE_UPDATE, oldKey: 7, newKey: 7) { nil }
        prior.note(table: "person", op: SQLITE_DELETE, oldKey: 30_000, newKey: 30_000) { nil }
        #expect(!prior.incomplete && prior.tables["person"]?.before[7] == [0])
        prior.note(table: "person", op: SQLITE_DELETE, oldKey: 50_000, newKey: 50_000) { [0] }
        #expect(prior.incomplete && prior.tables.isEmpty)
    }

    /// A bulk write past the limit is checked on a second connection, as before the hook: the forged row is found.
    @Test func aBulkWritePastTheLimitStillFindsAForgedRow() throws {
        let hall = try Hall(.sqlite)
        let count = PriorCapture.limit + 50
        try hall.store.write { db in
            try db.run("""
                WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < \(count))
                INSERT INTO person (document_kind, document_number, name, birth_date, sex, created_at, updated_at)
                SELECT document_kind, printf('BULK%06d', k), '批量', birth_date, sex, created_at, updated_at
                FROM n, person WHERE person.id = \(hall.applicant.id)
                """)
        }
        let id = hall.applicant.id
        try Tamper.run(hall.store.path, "UPDATE person SET name = '李肆' WHERE id = \(id)")
        #expect(throws: StoreError.tamperedWrite("人员（person） #\(id)")) {
            try hall.store.write { db in try db.run("UPDATE person SET updated_at = updated_at || ''") }
        }
        #expect(try hall.store.person(id: id)?.name == "李肆")
        // Without the forged row, the same bulk write goes through.
        try Tamper.run(hall.store.path, "UPDATE person SET name = '\(hall.applicant.name)' WHERE id = \(id)")
        try hall.store.write { db in try db.run("UPDATE person SET updated_at = updated_at || ''") }
    }
}
