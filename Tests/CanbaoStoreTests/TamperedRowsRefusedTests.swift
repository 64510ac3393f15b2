import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// A row changed behind the store's back is not acted on: acting on it (a login, an administrator's change) would
/// seal its forged state into the audit log, and `store verify` would no longer see the change — one login of an
/// operator row forged with the sqlite3 shell made the store verify as intact.
@Suite("Tampered rows are refused, never sealed")
struct TamperedRowsRefusedTests {
    static let password = "Hall-pass-2026"

    /// The person screen's check (`requirePersonAsRecorded`): the person's row, each of their records and hardship
    /// marks, as the log last recorded them; another person's rows do not count against them.
    @Test func aPersonsRowsEditedWithTheShellAreNamedForThePersonScreen() throws {
        let hall = try Hall()
        let id = hall.applicant.id
        let record = try hall.store.addPlatformRecord(
            NewEnrollment(place: "150621", scheme: .resident, status: .active, year: 2026, paid: true, amountFen: 40_000),
            forPerson: id, by: .operator(hall.clerk.id))
        try hall.store.requirePersonAsRecorded(personID: id)
        try Tamper.run(hall.store.path, "UPDATE enrollment_record SET paid = 0 WHERE id = \(record.id)")
        #expect(throws: StoreError.tampered("此人的参保记录 #\(record.id)")) {
            try hall.store.requirePersonAsRecorded(personID: id)
        }
        try Tamper.run(hall.store.path, "UPDATE person SET name = '李四' WHERE id = \(id)")
        #expect(throws: StoreError.tampered("人员 #\(id) 的身份信息")) {
            try hall.store.requirePersonAsRecorded(personID: id)
        }
        // A record inserted with the shell for a person the log holds untouched.
        let other = try hall.store.upsertPerson(Fixture.person("赵六", number: Fixture.residentID(birth: "1990-02-03", sequence: 7),
                                                               birth: "1990-02-03", sex: .male),
                                                by: .operator(hall.clerk.id))
        try hall.store.requirePersonAsRecorded(personID: other.id)
        try Tamper.run(hall.store.path, """
            INSERT INTO enrollment_record (person_id, place, scheme, flexible, status, year, paid, since, updated_at)
            SELECT \(other.id), place, scheme, flexible, status, year, paid, since, updated_at FROM enrollment_record
            WHERE id = \(record.id)
            """)
        let planted = try #require(try hall.store.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM enrollment_record") })
        #expect(throws: StoreError.tampered("此人的参保记录 #\(planted)")) {
            try hall.store.requirePersonAsRecorded(personID: other.id)
        }
        // A person the store does not hold: nothing to check here.
        try hall.store.requirePersonAsRecorded(personID: 999_999)
    }

    /// The home lists' check (`rowsNotAsRecorded`): of the cases and persons listed, those whose own row was edited
    /// with the shell; the others, and ids the store does not hold, are not named.
    @Test func theRowsAListShowsAreCheckedInOneGo() throws {
        let hall = try Hall()
        let json = Fixture.caseJSON(workflow: "newborn", region: "inner-mongolia", name: "张小宝")
        let edited = try hall.store.createCase(caseJSON: json, applicantID: hall.applicant.id, by: hall.clerk.id)
        let kept = try hall.store.createCase(caseJSON: json, applicantID: hall.applicant.id, by: hall.clerk.id)
        let everyone = [edited.id, kept.id, 999_999]
        #expect(try hall.store.rowsNotAsRecorded(caseIDs: everyone, personIDs: [hall.applicant.id, 999_999]) == ([], []))
        try Tamper.run(hall.store.path, "UPDATE case_record SET status = 'registered' WHERE id = \(edited.id)")
        try Tamper.run(hall.store.path, "UPDATE person SET name = '李四' WHERE id = \(hall.applicant.id)")
        let found = try hall.store.rowsNotAsRecorded(caseIDs: everyone + [edited.id], personIDs: [hall.applicant.id])
        #expect(found.cases == [edited.id])
        #expect(found.persons == [hall.applicant.id])
    }

    @Test func anOperatorInsertedWithTheShellCannotLogInAndStaysFound() throws {
        let hall = try Hall()
        try Tamper.run(hall.store.path, """
            INSERT INTO operator (name, display_name, role, password_hash, created_at)
            SELECT 'evil', '坏人', 'admin', password_hash, created_at FROM operator WHERE name = 'clerk1'
            """)
        #expect(throws: StoreError.tampered("操作员 evil 的账号")) {
            try hall.store.authenticate(name: "evil", password: Self.password)
        }
        let refused = try #require(try hall.store.auditLog(entity: "operator", entityID: "evil").last)
        #expect(refused.action == "operator.login-refused")
        #expect(refused.detail.contains("tampered"))
        let findings = try hall.store.verify().findings.filter { $0.kind != .guardMissing }
        #expect(findings.map(\.kind) == [.rowInserted])
        // The untouched accounts still log in.
        #expect(try hall.store.authenticate(name: "clerk1", password: Self.password).role == .clerk)
    }

    @Test func aClerkRaisedToAdministratorCannotLogInNorBeChangedByAnAdministrator() throws {
        let hall = try Hall()
        try Tamper.run(hall.store.path, "UPDATE operator SET role = 'admin' WHERE name = 'clerk1'")
        #expect(throws: StoreError.tampered("操作员 clerk1 的账号")) {
            try hall.store.authenticate(name: "clerk1", password: Self.password)
        }
        let admin = Actor.operator(hall.admin.id)
        #expect(throws: StoreError.tampered("操作员 clerk1 的账号")) {
            try hall.store.unlockOperator(name: "clerk1", by: admin)
        }
        #expect(throws: StoreError.tampered("操作员 clerk1 的账号")) {
            try hall.store.setOperatorDisabled(name: "clerk1", disabled: true, by: admin)
        }
        #expect(throws: StoreError.tampered("操作员 clerk1 的账号")) {
            try hall.store.setPassword(name: "clerk1", password: "Other-pass-2026", by: admin)
        }
        let findings = try hall.store.verify().findings.filter { $0.kind != .guardMissing }
        #expect(findings.map(\.kind) == [.rowChanged])
        #expect(findings.first?.table == "operator")
    }

    @Test func operatorsDeletedWithTheShellDoNotMakeRoomForANewFirstAdministrator() throws {
        let hall = try Hall()
        try Tamper.run(hall.store.path, "DELETE FROM operator")
        #expect(try !hall.store.hasOperators())
        #expect(throws: StoreError.tampered("操作员名单（审计日志记录过的操作员已全部不在）")) {
            try hall.store.addFirstAdministrator(name: "mallory", displayName: "坏人", password: Self.password,
                                                 by: .system("first-admin"))
        }
    }

    @Test func theMessageSaysWhatToDo() {
        #expect(StoreError.tampered("操作员 evil 的账号").description
            == "操作员 evil 的账号与审计日志记录的不符（数据库可能被绕过本程序直接改动），已拒绝使用：请审核员运行 canbao store verify 核查，并从备份恢复")
    }

    /// Five wrong passwords for every administrator left no way to unlock anyone but editing the database.
    @Test func theSystemUserUnlocksAnAdministratorOnlyWhenEveryOneIsLocked() throws {
        let hall = try Hall()
        let second = try hall.store.addOperator(name: "admin2", displayName: "管理员二", role: .admin,
                                                password: Self.password, by: .system("test"))
        let system = Actor.system("cli:root")
        for _ in 0..<CounterStore.maximumFailedLogins {
            _ = try? hall.store.authenticate(name: "admin", password: "wrong-pass-1")
        }
        #expect(try hall.store.operator(named: "admin")?.isLocked == true)
        #expect(throws: StoreError.notAllowed("还有未被锁定的管理员，请由其用 --as 解锁 admin")) {
            try hall.store.unlockLockedOutAdministrator(name: "admin", by: system)
        }
        for _ in 0..<CounterStore.maximumFailedLogins {
            _ = try? hall.store.authenticate(name: second.name, password: "wrong-pass-1")
        }
        #expect(throws: StoreError.self) {
            try hall.store.unlockLockedOutAdministrator(name: "clerk1", by: system)
        }
        let unlocked = try hall.store.unlockLockedOutAdministrator(name: "admin", by: system)
        #expect(!unlocked.isLocked)
        #expect(try hall.store.authenticate(name: "admin", password: Self.password).role == .admin)
        let entry = try #require(try hall.store.auditLog(entity: "operator", entityID: "admin").last {
            $0.action == "operator.unlock"
        })
        #expect(entry.actor == "system:cli:root")
        #expect(entry.detail.contains("recovery"))
        #expect(try hall.store.verify().isOK)
    }
}
