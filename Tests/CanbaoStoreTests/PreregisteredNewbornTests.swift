import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// The store-wide list of newborns registered under a parent's name (预参保) still to be updated to their real
/// identity, with the deadline of 江门规程 第二十条（三） (6 months from the 1st of the month after birth).
@Suite struct PreregisteredNewbornTests {
    static let jiangmen = TestForms.shared.policy("jiangmen")!
    static let dalate = TestForms.shared.policy("dalate")!
    static let today = Fixture.date("2026-03-16")

    /// The hall with newborn cases: the clerk registers, updates and terminates through the store's own operations.
    struct Nursery {
        let hall: Hall
        var store: CounterStore { hall.store }

        func person(_ name: String, birth: String, sequence: Int, area: String = "440703") throws -> PersonRecord {
            try store.upsertPerson(Fixture.person(name, number: Fixture.residentID(area: area, birth: birth, sequence: sequence),
                                                  birth: birth), by: .operator(hall.clerk.id))
        }

        static func json(workflow: String, region: String, name: String, document: IdentityDocument, birth: String,
                         guardian: String, facts: [String: Any]) -> String {
            let object: [String: Any] = [
                "workflow": workflow, "region": region, "today": "2026-03-01", "here": region == "jiangmen" ? "440703" : "150621",
                "scheme": "resident", "coverage_year": 2026,
                "person": ["name": name, "document": ["kind": document.kind.rawValue, "number": document.number],
                           "birth_date": birth],
                "guardian": ["name": "林晓玲", "document": ["kind": "resident-id", "number": guardian]],
                "facts": facts,
            ]
            return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }

        static let guardian = Fixture.residentID(area: "440704", birth: "1993-03-03", sequence: 28)

        /// A case checked with an accept verdict and submitted.
        func submitted(_ json: String, applicant: Int64?) throws -> CaseRecord {
            let draft = try store.createCase(caseJSON: json, applicantID: applicant, by: hall.clerk.id)
            let checked = try store.updateCase(caseID: draft.id, caseJSON: json, verdictJSON: Fixture.acceptVerdict,
                                               applicantID: applicant, expectedVersion: draft.version, by: hall.clerk.id)
            return try store.setStatus(caseID: checked.id, to: .submitted, expectedVersion: checked.version, by: hall.clerk.id)
        }

        /// A registered newborn case (the enrollment written), pre-registered under a parent's name unless told.
        @discardableResult
        func newborn(_ p: PersonRecord, region: String = "jiangmen", preregistered: Bool = true,
                     register: Bool = true) throws -> Registration? {
            let json = Self.json(workflow: "newborn", region: region, name: p.name, document: p.document,
                                 birth: p.birthDate!.description, guardian: Self.guardian,
                                 facts: ["hukou_registered": true, "deceased_before_hukou": false,
                                         "registered_under_parent_name": preregistered])
            let c = try submitted(json, applicant: p.id)
            guard register else { return nil }
            return try store.register(caseID: c.id, enrollment: NewEnrollment(place: region == "jiangmen" ? "440703" : "150621",
                                                                             scheme: .resident, year: 2026, paid: true),
                                      expectedVersion: c.version, by: hall.clerk.id)
        }

        /// A completed change case updating the pre-registered newborn to the real identity.
        @discardableResult
        func update(_ p: PersonRecord, name: String? = nil, birth: String? = nil, complete: Bool = true) throws -> CaseRecord {
            let json = Self.json(workflow: "change", region: "jiangmen", name: name ?? p.name, document: p.document,
                                 birth: birth ?? p.birthDate!.description, guardian: Self.guardian,
                                 facts: ["change_kind": "newborn"])
            let c = try submitted(json, applicant: p.id)
            guard complete else { return c }
            return try store.complete(caseID: c.id, statusChanges: [], expectedVersion: c.version, by: hall.clerk.id)
        }
    }

    @Test(arguments: TestBackend.all) func theDeadlineIsSixMonthsFromTheFirstOfTheNextMonthAndOverdueOnesComeFirst(_ backend: TestBackend) throws {
        let n = Nursery(hall: try Hall(backend))
        let late = try n.person("林浩然", birth: "2025-08-05", sequence: 91)
        let early = try n.person("陈一诺", birth: "2026-01-10", sequence: 53)
        let dueToday = try n.person("陈一鸣", birth: "2025-09-10", sequence: 93)
        let earlyCase = try #require(try n.newborn(early)).caseRecord
        let lateCase = try #require(try n.newborn(late)).caseRecord
        let todayCase = try #require(try n.newborn(dueToday)).caseRecord

        let list = try n.store.preregisteredNewborns(policy: Self.jiangmen, today: Self.today, overdueOnly: false)
        #expect(list.map(\.caseNumber) == [lateCase.number, todayCase.number, earlyCase.number])
        #expect(list.map(\.person.id) == [late.id, dueToday.id, early.id])
        #expect(list.map(\.deadline) == [Fixture.date("2026-02-28"), Fixture.date("2026-03-31"), Fixture.date("2026-07-31")])
        #expect(list.map(\.overdue) == [true, false, false])
        #expect(list.map(\.daysOverdue) == [16, 0, 0])
        #expect(list.map(\.birthDate) == [Fixture.date("2025-08-05"), Fixture.date("2025-09-10"), Fixture.date("2026-01-10")])
        #expect(list.allSatisfy { $0.citation == "江门规程 第二十条（三）" && $0.region == "jiangmen" })
        #expect(list.allSatisfy { $0.guardianName == "林晓玲" && $0.place == "440703" })
        #expect(list[0].person.name == "林浩然")
        #expect(list[0].person.documentNumber == late.documentNumber)

        // The last day itself is not overdue; the day after is.
        let onDeadline = try n.store.preregisteredNewborns(policy: Self.jiangmen, today: Fixture.date("2026-03-31"),
                                                           overdueOnly: true)
        #expect(onDeadline.map(\.caseNumber) == [lateCase.number])
        #expect(onDeadline.map(\.daysOverdue) == [31])
        let dayAfter = try n.store.preregisteredNewborns(policy: Self.jiangmen, today: Fixture.date("2026-04-01"),
                                                         overdueOnly: true)
        #expect(dayAfter.map(\.caseNumber) == [lateCase.number, todayCase.number])
        #expect(dayAfter.map(\.daysOverdue) == [32, 1])
    }

    @Test(arguments: TestBackend.all) func onlyRegisteredPreregisteredNewbornsStillInsuredAreListed(_ backend: TestBackend) throws {
        let n = Nursery(hall: try Hall(backend))
        let listed = try n.person("林浩然", birth: "2025-08-05", sequence: 91)
        try n.newborn(listed)
        // Registered with their own identity from the start: nothing to update.
        try n.newborn(try n.person("陈一诺", birth: "2026-01-10", sequence: 53), preregistered: false)
        // Pre-registered, but the case not registered (yet).
        try n.newborn(try n.person("陈一鸣", birth: "2025-09-10", sequence: 93), register: false)
        // Pre-registered and registered, then the enrollment terminated: no longer 正常参保 (江门规程 第二十条（三）).
        let ended = try n.person("李安", birth: "2025-07-01", sequence: 15)
        let record = try #require(try n.newborn(ended)).enrollment
        let terminate = try n.submitted(Fixture.caseJSON(workflow: "terminate", region: "jiangmen", name: "李安"), applicant: ended.id)
        try n.store.complete(caseID: terminate.id, statusChanges: [Suspension(recordID: record.id, status: .terminated,
                                                                              since: Fixture.date("2026-03-02"))],
                             expectedVersion: terminate.version, by: n.hall.clerk.id)

        let list = try n.store.preregisteredNewborns(policy: Self.jiangmen, today: Self.today, overdueOnly: false)
        #expect(list.map(\.person.id) == [listed.id])
    }

    @Test(arguments: TestBackend.all) func aNewbornUpdatedByALaterChangeCaseDropsOut(_ backend: TestBackend) throws {
        let n = Nursery(hall: try Hall(backend))
        let updated = try n.person("林浩然", birth: "2025-08-05", sequence: 91)
        let pending = try n.person("陈一鸣", birth: "2025-09-10", sequence: 93)
        let inProgress = try n.person("陈一诺", birth: "2026-01-10", sequence: 53)
        try n.newborn(updated)
        try n.newborn(pending)
        try n.newborn(inProgress)
        #expect(try n.store.preregisteredNewborns(policy: Self.jiangmen, today: Self.today, overdueOnly: false).count == 3)

        try n.update(updated)
        // An update still open (not yet completed) does not count.
        try n.update(inProgress, complete: false)
        let list = try n.store.preregisteredNewborns(policy: Self.jiangmen, today: Self.today, overdueOnly: false)
        #expect(list.map(\.person.id) == [pending.id, inProgress.id])
    }

    @Test(arguments: TestBackend.all) func anUpdateOfTheSameBabyUnderTheBirthCertificateIsRecognisedByGuardianBirthAndName(_ backend: TestBackend) throws {
        let n = Nursery(hall: try Hall(backend))
        // Registered with the birth certificate's number; updated once the hukou gives the ID number.
        let certificate = try n.store.upsertPerson(
            Fixture.person("林浩然", number: "Q440123456", kind: .birthCertificate, birth: "2025-08-05"),
            by: .operator(n.hall.clerk.id))
        let twin = try n.store.upsertPerson(
            Fixture.person("林浩宇", number: "Q440123457", kind: .birthCertificate, birth: "2025-08-05"),
            by: .operator(n.hall.clerk.id))
        try n.newborn(certificate)
        try n.newborn(twin)
        let withID = try n.person("林浩然", birth: "2025-08-05", sequence: 91)
        try n.update(withID)

        let list = try n.store.preregisteredNewborns(policy: Self.jiangmen, today: Self.today, overdueOnly: false)
        // The twin (same guardian and birth date, another name) is still to be updated.
        #expect(list.map(\.person.id) == [twin.id])
        #expect(list.first?.person.documentKind == .birthCertificate)
    }

    @Test(arguments: TestBackend.all) func overdueOnlyListsThoseWhoseDeadlineHasPassed(_ backend: TestBackend) throws {
        let n = Nursery(hall: try Hall(backend))
        let late = try n.person("林浩然", birth: "2025-08-05", sequence: 91)
        try n.newborn(late)
        try n.newborn(try n.person("陈一诺", birth: "2026-01-10", sequence: 53))
        let overdue = try n.store.preregisteredNewborns(policy: Self.jiangmen, today: Self.today, overdueOnly: true)
        #expect(overdue.map(\.person.id) == [late.id])
        #expect(overdue.map(\.daysOverdue) == [16])
    }

    @Test(arguments: TestBackend.all) func aRegionWithoutAnUpdatePeriodHasNoDeadlineAndNothingOverdue(_ backend: TestBackend) throws {
        let n = Nursery(hall: try Hall(backend))
        let here = try n.person("王小宝", birth: "2025-01-05", sequence: 31, area: "150621")
        let dalateCase = try #require(try n.newborn(here, region: "dalate")).caseRecord
        try n.newborn(try n.person("林浩然", birth: "2025-08-05", sequence: 91))

        let list = try n.store.preregisteredNewborns(policy: Self.dalate, today: Self.today, overdueOnly: false)
        #expect(list.map(\.caseNumber) == [dalateCase.number])
        #expect(list.first?.deadline == nil)
        #expect(list.first?.overdue == false)
        #expect(list.first?.daysOverdue == 0)
        #expect(list.first?.citation == "国家规程 第十五条 3")
        #expect(try n.store.preregisteredNewborns(policy: Self.dalate, today: Self.today, overdueOnly: true).isEmpty)
        // Each profile lists its own cases only.
        #expect(try n.store.preregisteredNewborns(policy: Self.jiangmen, today: Self.today, overdueOnly: false)
            .map(\.region) == ["jiangmen"])
    }

    @Test func theRulesCoreGivesTheSameDeadlineAsTheCaseVerdict() throws {
        let due = PreregisteredUpdate.due(birth: Fixture.date("2026-01-15"), policy: Self.jiangmen, on: Self.today)
        #expect(due == PreregisteredUpdate(deadline: Fixture.date("2026-07-31"), within: .months(6),
                                           citation: "江门规程 第二十条（三）"))
        #expect(due.daysOverdue(on: Fixture.date("2026-08-02")) == 2)
        #expect(due.daysOverdue(on: Fixture.date("2026-07-31")) == 0)
        let none = PreregisteredUpdate.due(birth: Fixture.date("2026-01-15"), policy: Self.dalate, on: Self.today)
        #expect(none == PreregisteredUpdate(deadline: nil, within: nil, citation: "国家规程 第十五条 3"))
        #expect(none.daysOverdue(on: Fixture.date("2030-01-01")) == 0)
    }
}
