@testable import CanbaoPostgres
import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB
import Testing

/// What only PostgreSQL needs showing: the same schema as SQLite's from the same steps, the same digests for the same
/// rows, and the database itself refusing edits of the audit log and writes that would escape it.
@Suite("PostgreSQL store", .enabled(if: TestPostgres.runs, "PostgreSQL 不可用"))
struct PostgresStoreTests {
    @Test func everySQLiteStepHasItsPostgreSQLForm() {
        #expect(PostgresMigrations.steps.map(\.id) == CounterStore.knownMigrations)
    }

    /// Every table, column and integer key of a new store, compared across the two engines.
    @Test func theSchemaIsTheSameOnBothEngines() throws {
        func schema(_ store: CounterStore) throws -> [String: [String]] {
            try store.read { db in
                var tables: [String: [String]] = [:]
                for table in try db.tableNames() where RowDigest.isCovered(table) || table.hasPrefix("audit_") {
                    guard table != "audit_change" else { continue }
                    let key = try db.integerPrimaryKey(of: table) ?? "-"
                    tables[table] = try db.columnNames(of: table).sorted() + ["key:\(key)"]
                }
                return tables
            }
        }
        let sqlite = try schema(Fixture.store(.sqlite))
        let postgres = try schema(Fixture.store(.postgres))
        #expect(postgres == sqlite)
        #expect(try Fixture.store(.postgres).appliedMigrations() == CounterStore.knownMigrations)
    }

    /// The same work on both engines records the same digest for every row (the operators' rows aside: their
    /// password hashes are salted at random).
    @Test func theSameRowsHaveTheSameDigestsOnBothEngines() throws {
        func digests(_ backend: TestBackend) throws -> [String] {
            let hall = try Hall(backend)
            let awaiting = try hall.awaitingCase()
            let decided = try hall.store.decide(caseID: awaiting.id, Hall.approve(), expectedVersion: awaiting.version,
                                                by: hall.supervisor.id)
            _ = try hall.store.register(caseID: decided.id, enrollment: hall.newRecord, expectedVersion: decided.version,
                                        by: hall.clerk.id)
            return try hall.store.read { db in
                try SQLRow.fetchAll(db, sql: """
                    SELECT seq, tbl, row_id, digest FROM audit_row WHERE tbl <> 'operator' ORDER BY seq, tbl, row_id
                    """).map { row in
                    let digest: Data? = row[3]
                    return "\(row[0] as Int64) \(row[1] as String) \(row[2] as Int64) \(digest.map { $0.map { String(format: "%02x", $0) }.joined() } ?? "-")"
                }
            }
        }
        let sqlite = try digests(.sqlite)
        #expect(sqlite.count > 10)
        #expect(try digests(.postgres) == sqlite)
    }

    @Test func theDatabaseRefusesToEditOrEmptyTheAuditLog() throws {
        let hall = try Hall(.postgres)
        let url = hall.store.path
        for sql in ["UPDATE audit_log SET actor = 'sup1' WHERE seq = 3", "DELETE FROM audit_log WHERE seq = 3",
                    "TRUNCATE audit_log CASCADE", "UPDATE audit_row SET digest = NULL", "DELETE FROM audit_row",
                    "TRUNCATE audit_row"] {
            #expect(throws: TestPostgres.Unavailable.self, "\(sql)") { try TestPostgres.psql(url, sql) }
        }
        #expect(try hall.store.verify().isOK)
    }

    /// A session that is not canbao's has no list of changed rows: it cannot write the covered tables at all. One
    /// that makes itself such a list can, and `store verify` finds what it changed.
    @Test func aWriteBehindTheStoresBackIsRefusedOrFound() throws {
        let hall = try Hall(.postgres)
        let url = hall.store.path
        #expect(throws: TestPostgres.Unavailable.self) {
            try TestPostgres.psql(url, "UPDATE person SET name = '李肆' WHERE id = \(hall.applicant.id)")
        }
        #expect(try hall.store.verify().isOK)
        try TestPostgres.psql(url, """
            CREATE TEMP TABLE audit_change (tbl TEXT, row_id BIGINT); UPDATE person SET name = '李肆' WHERE id = \(hall.applicant.id)
            """)
        let report = try hall.store.verify()
        #expect(!report.isOK)
        #expect(report.findings.contains { $0.kind == .rowChanged && $0.table == "person" && $0.rowID == hall.applicant.id })
    }

    @Test func droppedGuardsAreReported() throws {
        let hall = try Hall(.postgres)
        try TestPostgres.psql(hall.store.path, "DROP TRIGGER audit_log_no_update ON audit_log; DROP TRIGGER canbao_update_person ON person")
        let report = try hall.store.verify()
        #expect(report.findings.filter { $0.kind == .guardMissing }.map(\.message).sorted() == [
            "保护审计日志不被改动的触发器 audit_log_no_update 已被删除", "记录人员（person）改动的触发器 canbao_update_person 已被删除",
        ])
    }

    /// Separation of duties holds in SQL too: an approval by whoever requested it is refused by the table itself.
    @Test func theDatabaseRefusesAnApprovalByItsRequester() throws {
        let hall = try Hall(.postgres)
        let awaiting = try hall.awaitingCase()
        #expect(throws: TestPostgres.Unavailable.self) {
            try TestPostgres.psql(hall.store.path, """
                CREATE TEMP TABLE audit_change (tbl TEXT, row_id BIGINT);
                INSERT INTO approval (case_id, rule, citation, message, requested_by, decided_by, decision, reason, decided_at)
                VALUES (\(awaiting.id), 'newborn.window', 'x', 'x', \(hall.clerk.id), \(hall.clerk.id), 'approved', 'x', 'x')
                """)
        }
    }

    /// Another counter's key on a database whose log is already signed is refused at once, naming the file.
    @Test func aKeyThatDoesNotSignTheLogIsRefused() throws {
        let store = try Fixture.store(.postgres)
        try store.addOperator(name: "clerk1", displayName: "柜员一", role: .clerk, password: "Clerk-pass-1", by: .system("test"))
        let otherHome = try CanbaoBinary.temporaryDirectory("other-counter")
        let location = try PostgresLocation(url: store.path)
        try AuditKey(bytes: Array(repeating: 9, count: 32)).write(to: location.auditKeyPath(home: otherHome))
        #expect(throws: StoreError.self) {
            _ = try CounterStore.open(postgres: location, home: otherHome, options: Fixture.options, environment: [:])
        }
        // Without a key at all: refused too, rather than starting a second chain.
        let bare = try CanbaoBinary.temporaryDirectory("bare-counter")
        #expect(throws: StoreError.self) {
            _ = try CounterStore.open(postgres: location, home: bare, options: Fixture.options, environment: [:])
        }
    }
}

/// The database address and the password, which never come from the command line.
@Suite struct PostgresLocationTests {
    @Test func aURLNamesUserHostPortAndDatabase() throws {
        let location = try PostgresLocation(url: "postgres://canbao@db.example.cn:6432/agency")
        #expect(location == PostgresLocation(user: "canbao", host: "db.example.cn", port: 6432, database: "agency"))
        #expect(location.description == "postgres://canbao@db.example.cn:6432/agency")
        #expect(try PostgresLocation(url: "postgresql://u@10.0.0.5/d").port == 5432)
        #expect(try PostgresLocation(url: "postgres://u@[::1]:5433/d").host == "::1")
    }

    @Test(arguments: [
        "postgres://canbao:secret@db/agency", "postgres://db/agency", "postgres://canbao@db", "postgres://canbao@db:x/a",
        "postgres://canbao@db:70000/a", "postgres://canbao@/a", "postgres://canbao@db/a?sslmode=disable",
        "mysql://canbao@db/a", "postgres://canbao@db/a%0Ab",
    ])
    func aBadURLIsRefused(url: String) {
        #expect(throws: PostgresStoreError.self) { _ = try PostgresLocation(url: url) }
    }

    @Test func aPasswordInTheURLIsRefusedWithTheReason() {
        #expect(throws: PostgresStoreError.passwordInURL) { _ = try PostgresLocation(url: "postgres://canbao:secret@db/agency") }
    }

    @Test func thePasswordComesFromTheEnvironmentOrAPrivatePassfile() throws {
        let location = try PostgresLocation(url: "postgres://canbao@db.example.cn:5432/agency")
        #expect(try location.password(environment: ["PGPASSWORD": "from-env"]) == "from-env")
        let dir = try CanbaoBinary.temporaryDirectory("passfile")
        let file = dir.appendingPathComponent("pgpass").path
        try Data("""
            # comment
            other.example:5432:agency:canbao:wrong
            db.example.cn:5432:*:canbao:pa\\:ss
            *:*:*:*:fallback

            """.utf8).write(to: URL(fileURLWithPath: file))
        chmod(file, 0o600)
        #expect(try location.password(environment: ["PGPASSFILE": file]) == "pa:ss")
        #expect(try location.with(database: "x").password(environment: ["PGPASSFILE": file]) == "pa:ss")
        #expect(try PostgresLocation(url: "postgres://u@h/d").password(environment: ["PGPASSFILE": file]) == "fallback")
        chmod(file, 0o644)
        #expect(throws: PostgresStoreError.passfileExposed(path: file, mode: 0o644)) {
            _ = try location.password(environment: ["PGPASSFILE": file])
        }
        #expect(try location.password(environment: ["PGPASSFILE": dir.appendingPathComponent("none").path]) == nil)
    }

    @Test func anUnreachableServerOrAWrongPasswordIsOneClearError() throws {
        // A port nobody listens on.
        let nobody = PostgresLocation(user: "canbao", host: "127.0.0.1", port: 9, database: "x")
        do {
            _ = try PostgresBackend(nobody, password: nil, connectTimeout: 3)
            Issue.record("connected to port 9")
        } catch let error as PostgresStoreError {
            #expect(error.isConnectionProblem)
            #expect(error.description.hasPrefix("无法连接数据库服务器 postgres://canbao@127.0.0.1:9/x"))
        }
    }

    @Test func placeholdersAreNumberedOutsideQuotesAndComments() {
        #expect(PlaceholderCache.number("SELECT ?, '?', \"a?\", ? -- ?\n, ? /* ? */ , 'it''s ?', ?")
            == "SELECT $1, '?', \"a?\", $2 -- ?\n, $3 /* ? */ , 'it''s ?', $4")
    }

    @Test func scriptsSplitAtTheirStatementsOnly() {
        let script = """
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'a;b'; END $$;
            -- a comment; with a semicolon
            INSERT INTO t VALUES ('x;y');
            """
        #expect(SQLScript.statements(script) == [
            "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'a;b'; END $$",
            "-- a comment; with a semicolon\nINSERT INTO t VALUES ('x;y')",
        ])
    }
}
