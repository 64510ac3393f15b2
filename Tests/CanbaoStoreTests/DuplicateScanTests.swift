import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// The store-wide duplicate scan (内蒙古细则 第二十三条) and carrying out a retention.
@Suite struct DuplicateScanTests {
    static let today = Fixture.date("2026-03-01")
    static let dalate = TestForms.shared.policy("dalate")!

    static func months(_ year: Int, _ from: Int, _ to: Int) -> [String] {
        (from...to).map { String(format: "%04d-%02d", year, $0) }
    }

    struct Seeded {
        var store: CounterStore
        var ids: [String: Int64]  // person name → id
        func records(_ name: String) throws -> [EnrollmentRecord] { try store.platformRecords(forPerson: ids[name]!) }
    }

    /// 王芳: resident 2026 twice; 李强: resident 2025 and 18 months employee; 赵敏: two employers in 2025;
    /// 孙立: resident 2026 and last year's suspended one; 周平: a second 2026 resident record not paid.
    static func seed(_ backend: TestBackend) throws -> Seeded {
        let store = try Fixture.store(backend)
        let people: [(String, [NewEnrollment])] = [
            ("王芳", [NewEnrollment(place: "150102", scheme: .resident, year: 2026, paid: true),
                     NewEnrollment(place: "150621", scheme: .resident, year: 2026, paid: true)]),
            ("李强", [NewEnrollment(place: "150621", scheme: .resident, year: 2025, paid: true),
                     NewEnrollment(place: "440703", scheme: .employee, months: months(2024, 7, 12) + months(2025, 1, 12), paid: true)]),
            ("赵敏", [NewEnrollment(place: "440703", scheme: .employee, months: months(2025, 1, 6), paid: true),
                     NewEnrollment(place: "150602", scheme: .employee, months: months(2025, 4, 9), paid: true)]),
            ("孙立", [NewEnrollment(place: "150621", scheme: .resident, status: .suspended, year: 2025, paid: true),
                     NewEnrollment(place: "150621", scheme: .resident, year: 2026, paid: true)]),
            ("周平", [NewEnrollment(place: "150102", scheme: .resident, year: 2026, paid: true),
                     NewEnrollment(place: "150621", scheme: .resident, year: 2026, paid: false)]),
        ]
        var ids: [String: Int64] = [:]
        for (i, (name, records)) in people.enumerated() {
            let number = Fixture.residentID(birth: "1990-01-0\(i + 1)", sequence: 10 + i)
            _ = try store.load([InterchangePerson(person: Fixture.person(name, number: number), records: records)],
                               by: .system("test"))
            ids[name] = try store.person(byDocument: IdentityDocument(kind: .residentID, number: number))!.id
        }
        return Seeded(store: store, ids: ids)
    }

    static func scan(_ s: Seeded, place: String? = nil) throws -> ([PersonDuplicates], DuplicateScanSummary) {
        var found: [PersonDuplicates] = []
        let summary = try s.store.scanDuplicates(policy: dalate, today: today, place: place) { found.append($0) }
        return (found, summary)
    }

    /// The scan reads the index of records in force alone, never the table (2,000,000 records in ≤ 2 s, issue #17).
    @Test func theScanReadsOnlyTheIndexOfRecordsInForce() throws {
        let s = try Self.seed(.sqlite)
        let plan = try s.store.read { db in
            try SQLRow.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + CounterStore.recordsInForceQuery).map { $0["detail"] as String }
        }.joined(separator: "; ")
        #expect(plan.contains("COVERING INDEX enrollment_record_in_force"), "\(plan)")
        #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
    }

    /// A roster's lookup reads the two indexes of `v13-roster-lookup` alone, never the person or record tables.
    @Test func theRosterLookupReadsOnlyItsIndexes() throws {
        let s = try Self.seed(.sqlite)
        let plan = try s.store.read { db in
            try SQLRow.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + RosterLookup.query(.sqlite), arguments: ["[]"])
                .map { $0["detail"] as String }
        }.joined(separator: "; ")
        #expect(plan.contains("COVERING INDEX person_number_name"), "\(plan)")
        #expect(plan.contains("COVERING INDEX enrollment_record_active"), "\(plan)")
        #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
    }

    @Test(arguments: TestBackend.all) func theScanFindsEachRuleOncePerPersonInPersonOrder(_ backend: TestBackend) throws {
        let s = try Self.seed(backend)
        let (found, summary) = try Self.scan(s)
        #expect(found.map(\.person.name) == ["王芳", "李强", "赵敏"])
        #expect(found.map { $0.duplicates.map(\.duplicate.rule) } == [[.resident], [.crossScheme], [.employee]])
        #expect(summary.recordsScanned == 8)
        #expect(summary.personsChecked == 3)
        #expect(summary.personsWithDuplicates == 3)
        #expect(summary.duplicates == [.resident: 1, .crossScheme: 1, .employee: 1])

        // 王芳 (Dalate → 内蒙古细则 第二十四条（二）): she chooses, in writing; nothing is decided for her.
        let wang = try s.records("王芳")
        let resident = found[0].duplicates[0]
        #expect(resident.recordIDs == wang.map(\.id))
        #expect(resident.retention.principle == .personChoice)
        #expect(resident.retention.needsCommitment)
        #expect(resident.keepRecordID == nil)
        #expect(resident.changes.isEmpty)

        // 李强: 18 months of employee coverage keep the employee scheme (内蒙古细则 第二十四条（四）).
        let li = try s.records("李强")
        let cross = found[1].duplicates[0]
        #expect(cross.retention.citation == "内蒙古细则 第二十四条（四）")
        #expect(cross.keepRecordID == li[1].id)
        #expect(cross.changes == [Suspension(recordID: li[0].id, status: .terminated, since: Self.today)])
        #expect(cross.refundCases.isEmpty)

        // 赵敏: the employer paying the latest month is the current one (内蒙古细则 第二十四条（一）).
        let zhao = try s.records("赵敏")
        #expect(found[2].duplicates[0].keepRecordID == zhao[1].id)
        #expect(found[2].duplicates[0].duplicate.months == Self.months(2025, 4, 6))
    }

    @Test(arguments: TestBackend.all) func aPlaceLimitsTheScanToDuplicatesInvolvingIt(_ backend: TestBackend) throws {
        let s = try Self.seed(backend)
        #expect(try Self.scan(s, place: "4407").0.map(\.person.name) == ["李强", "赵敏"])
        #expect(try Self.scan(s, place: "150102").0.map(\.person.name) == ["王芳"])
        #expect(try Self.scan(s, place: "3301").0.isEmpty)
    }

    @Test(arguments: TestBackend.all) func thePersonScreenAddsTheChoiceAndTheStoreCarriesItOut(_ backend: TestBackend) throws {
        let s = try Self.seed(backend)
        let wang = try s.records("王芳")
        let open = try #require(try s.store.duplicates(forPerson: s.ids["王芳"]!, policy: Self.dalate, today: Self.today))
        #expect(open.duplicates[0].retention.missingFacts == [.personChoice])

        let chosen = try #require(try s.store.duplicates(forPerson: s.ids["王芳"]!, policy: Self.dalate, today: Self.today,
                                                         choices: DuplicateChoices(keepRecordID: wang[1].id)))
        let d = chosen.duplicates[0]
        #expect(d.keepRecordID == wang[1].id)
        #expect(d.changes == [Suspension(recordID: wang[0].id, status: .terminated, since: Self.today)])
        #expect(d.retention.actions[0].refundNote == "2026 年度待遇享受期已开始，个人缴费不再退回（国家规程 第十六条）")

        let auditBefore = try s.store.auditLog().count
        let changed = try s.store.resolveDuplicate(personID: s.ids["王芳"]!, keep: wang[1].id, changes: d.changes,
                                                   by: .system("test"), note: "本人书面承诺保留 150621")
        #expect(changed.map(\.status) == [.terminated])
        #expect(try s.store.platformRecord(id: wang[1].id)?.status == .active)
        let audit = try s.store.auditLog()
        #expect(audit.count == auditBefore + 1)
        #expect(audit.last?.action == "duplicate.resolve")
        #expect(audit.last?.detail.contains("\"citation\":\"内蒙古细则 第二十三条（二）\"") == true)
        #expect(try Self.scan(s).0.map(\.person.name) == ["李强", "赵敏"])

        // Once resolved, the same request changes nothing.
        #expect(throws: StoreError.self) {
            try s.store.resolveDuplicate(personID: s.ids["王芳"]!, keep: wang[1].id,
                                         changes: [Suspension(recordID: wang[0].id, status: .terminated, since: Self.today)],
                                         by: .system("test"))
        }
        #expect(try s.store.auditLog().count == auditBefore + 1)
    }

    @Test(arguments: TestBackend.all) func aRecordNotInTheDuplicateIsNeverEnded(_ backend: TestBackend) throws {
        let s = try Self.seed(backend)
        let sun = try s.records("孙立")
        let wang = try s.records("王芳")
        #expect(throws: StoreError.self) {
            try s.store.resolveDuplicate(personID: s.ids["孙立"]!, keep: sun[1].id,
                                         changes: [Suspension(recordID: sun[0].id, status: .terminated, since: Self.today)],
                                         by: .system("test"))
        }
        // Another person's record named with this person's duplicate: no duplicate holds both.
        #expect(throws: StoreError.self) {
            try s.store.resolveDuplicate(personID: s.ids["王芳"]!, keep: wang[1].id,
                                         changes: [Suspension(recordID: sun[1].id, status: .terminated, since: Self.today)],
                                         by: .system("test"))
        }
        #expect(try s.store.platformRecord(id: sun[1].id)?.status == .active)
    }

    @Test(arguments: TestBackend.all) func aStudentEnrolledByARosterKeepsTheSchoolsPlace(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let number = Fixture.residentID(birth: "2007-09-01", sequence: 21)
        let roster = "姓名,证件号码\n吴悠,\(number)\n"
        let request = RosterRequest(school: "某职业技术学院", place: "150602", year: 2026, region: "dalate", today: Self.today)
        #expect(try store.importRoster(Data(roster.utf8), fileName: "r.csv", request: request, forms: TestForms.shared,
                                       by: .system("test")).registered == 1)
        // The school's premium is paid, and the old place charged the same year again.
        _ = try store.load([InterchangePerson(person: Fixture.person("吴悠", number: number), records: [
            NewEnrollment(place: "150602", scheme: .resident, year: 2026, paid: true, since: Self.today),
            NewEnrollment(place: "150121", scheme: .resident, year: 2026, paid: true),
        ])], by: .system("test"))
        let id = try #require(try store.person(byDocument: IdentityDocument(kind: .residentID, number: number))).id
        let found = try #require(try store.duplicates(forPerson: id, policy: Self.dalate, today: Self.today))
        #expect(found.facts.schoolPlace == "150602")
        let d = try #require(found.duplicates.first)
        #expect(d.retention.principle == .school)
        #expect(d.retention.citation == "内蒙古细则 第二十四条（三）1")
        #expect(found.record(id: d.keepRecordID!)?.place == "150602")
    }

    @Test(arguments: TestBackend.all) func aRefundDueBeforeTheBenefitPeriodComesAsADraftRefundCase(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let number = Fixture.residentID(birth: "1985-05-05", sequence: 33)
        _ = try store.load([InterchangePerson(person: Fixture.person("马兰", number: number), records: [
            NewEnrollment(place: "150102", scheme: .resident, year: 2027, paid: true),
            NewEnrollment(place: "150621", scheme: .resident, year: 2027, paid: true),
        ])], by: .system("test"))
        let person = try #require(try store.person(byDocument: IdentityDocument(kind: .residentID, number: number)))
        let records = try store.platformRecords(forPerson: person.id)
        let found = try #require(try store.duplicates(forPerson: person.id, policy: Self.dalate, today: Fixture.date("2026-10-10"),
                                                      choices: DuplicateChoices(keepRecordID: records[1].id, assistedRecordIDs: [])))
        let d = try #require(found.duplicates.first)
        #expect(d.retention.actions[0].refund?.citation == "达拉特旗方案 五（六）4")
        #expect(d.refundCases.count == 1)
        #expect(d.refundCases[0].workflow == "refund")
        #expect(d.refundCases[0].here == "150102")
        #expect(d.refundCases[0].person?.name == "马兰")
        #expect(d.refundCases[0].facts["refund_reason"] == .text("duplicate"))
    }
}
