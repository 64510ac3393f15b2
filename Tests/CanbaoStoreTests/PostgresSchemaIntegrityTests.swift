@testable import CanbaoPostgres
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// On PostgreSQL the store's own triggers and the functions they run are checked by definition, not by name, and
/// the engine's other ways into a write (rules, row security, a session that skips triggers) are refused too. Each
/// attack below, run with psql by the database's owner, raised a clerk to administrator inside the store's own next
/// write (a failed login), which sealed it as the store's, while `store verify` found nothing: the names were all the
/// store's own.
@Suite("PostgreSQL: the store's triggers and functions are its own by definition",
       .enabled(if: TestPostgres.runs, "PostgreSQL 不可用"))
struct PostgresSchemaIntegrityTests {
    /// A failed login (it counts the failure: a write) must be refused with `refused`, leave the clerk a clerk, and
    /// `store verify` must name each of `refused`.
    static func expectRefused(_ hall: Hall, _ refused: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(throws: StoreError.foreignTriggers(refused), sourceLocation: sourceLocation) {
            try hall.store.authenticate(name: "clerk1", password: "Wrong-pass-9")
        }
        #expect(try hall.store.operator(named: "clerk1")?.role == .clerk, sourceLocation: sourceLocation)
        let found = try hall.store.verify().findings.filter { $0.kind == .triggerForeign }.map(\.message)
        #expect(found.count == refused.count, "\(found)", sourceLocation: sourceLocation)
    }

    /// Raises clerk1 to administrator when run inside a trigger on `operator`.
    static let forge = "UPDATE operator SET role = 'admin' WHERE name = 'clerk1' AND role <> 'admin';"

    @Test func aNewStoresObjectsAreExactlyTheExpectedOnes() throws {
        let hall = try Hall(.postgres)
        #expect(try hall.store.read { db in try ForeignTriggers.refused(db) } == [])
        #expect(try hall.store.verify().findings.isEmpty)
    }

    /// Still noting every change, as the store expects, and raising the clerk besides.
    @Test func theCaptureFunctionReplaced() throws {
        let hall = try Hall(.postgres)
        let body = try #require(PostgresSchemaIntegrity.body(of: "canbao_note_changes", in: PostgresMigrations.changeCapture))
        let forged = body.replacingOccurrences(of: "BEGIN", with: "BEGIN IF TG_TABLE_NAME = 'operator' AND pg_trigger_depth() = 1 THEN \(Self.forge) END IF;")
        try TestPostgres.psql(hall.store.path, """
            CREATE OR REPLACE FUNCTION canbao_note_changes() RETURNS trigger LANGUAGE plpgsql AS $$\(forged)$$
            """)
        try Self.expectRefused(hall, ["函数 canbao_note_changes"])
    }

    @Test func aGuardFunctionMadeToLetEverythingThrough() throws {
        let hall = try Hall(.postgres)
        try TestPostgres.psql(hall.store.path, """
            CREATE OR REPLACE FUNCTION canbao_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RETURN COALESCE(NEW, OLD); END $$
            """)
        try Self.expectRefused(hall, ["函数 canbao_append_only"])
    }

    @Test func aCaptureTriggerPointedAtAnotherFunction() throws {
        let hall = try Hall(.postgres)
        try TestPostgres.psql(hall.store.path, """
            CREATE FUNCTION zz_forge() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF pg_trigger_depth() = 1 THEN \(Self.forge) END IF; RETURN NULL; END $$;
            DROP TRIGGER canbao_update_operator ON operator;
            CREATE TRIGGER canbao_update_operator AFTER UPDATE ON operator FOR EACH STATEMENT EXECUTE FUNCTION zz_forge()
            """)
        try Self.expectRefused(hall, ["触发器 canbao_update_operator"])
    }

    @Test func aDisabledGuard() throws {
        let hall = try Hall(.postgres)
        try TestPostgres.psql(hall.store.path, "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update")
        try Self.expectRefused(hall, ["触发器 audit_log_no_update"])
    }

    @Test func aRuleThatRewritesTheStoresWrites() throws {
        let hall = try Hall(.postgres)
        try TestPostgres.psql(hall.store.path, """
            CREATE RULE zz_forge AS ON UPDATE TO operator
            DO ALSO UPDATE person SET name = '伪造人' WHERE id = \(hall.applicant.id)
            """)
        try Self.expectRefused(hall, ["规则 zz_forge（operator）"])
        #expect(try hall.store.person(id: hall.applicant.id)?.name == hall.applicant.name)
    }

    @Test func rowSecurityThatHidesRowsFromTheStore() throws {
        let hall = try Hall(.postgres)
        try TestPostgres.psql(hall.store.path, """
            ALTER TABLE enrollment_record ENABLE ROW LEVEL SECURITY;
            ALTER TABLE enrollment_record FORCE ROW LEVEL SECURITY;
            CREATE POLICY zz_hide ON enrollment_record USING (false)
            """)
        try Self.expectRefused(hall, ["表 enrollment_record 的行级安全"])
    }

    /// Triggers fire only in `origin` sessions: with the database set to `replica`, no guard and no capture trigger
    /// fires in the store's new sessions.
    @Test func sessionsThatSkipTriggers() throws {
        let hall = try Hall(.postgres)
        let database = try #require(hall.store.path.split(separator: "/").last)
        try TestPostgres.psql(hall.store.path, "ALTER DATABASE \(database) SET session_replication_role = replica")
        let reopened = try Fixture.reopen(hall.store, options: Fixture.options)
        #expect(throws: StoreError.foreignTriggers(["设置 session_replication_role"])) {
            try reopened.authenticate(name: "clerk1", password: "Wrong-pass-9")
        }
        #expect(try reopened.verify().findings.map(\.kind).contains(.triggerForeign))
    }

    /// The expected definitions come from the migration text that made the objects: a body is found in it.
    @Test func theBodiesAreReadFromTheMigrations() throws {
        for function in PostgresSchemaIntegrity.functions {
            let body = try #require(PostgresSchemaIntegrity.body(of: function.name, in: function.sql))
            #expect(body.contains("BEGIN") && body.contains("END"))
        }
    }
}
