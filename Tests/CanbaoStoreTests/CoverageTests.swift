import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Coverage by place and group, and the list of persons not yet enrolled (全民参保计划库).
@Suite struct CoverageTests {
    static let today = Fixture.date("2026-03-01")

    /// 安: resident 2026 at 150621. 白: flexible employee in January 2026 at 150602. 曹: resident 2025 only.
    /// 丁: born 2025-12-01, no record. 鄂: HMT permit, 2026 resident suspended. 范: enrolled by a school roster.
    /// 葛: a veteran case, employee months of 2025 only.
    static func seed(_ backend: TestBackend) throws -> (CounterStore, [String: Int64]) {
        let store = try Fixture.store(backend)
        let hmt = IDNumbers.hmtResidencePermit(origin: .hongKong, birth: Fixture.date("1994-08-23"), sequence: 2)
        let people: [(String, DocumentKind, String, [NewEnrollment])] = [
            ("安", .residentID, Fixture.residentID(birth: "1980-01-01", sequence: 1),
             [NewEnrollment(place: "150621", scheme: .resident, year: 2026, paid: true)]),
            ("白", .residentID, Fixture.residentID(birth: "1981-01-01", sequence: 3),
             [NewEnrollment(place: "150602", scheme: .employee, flexible: true, months: ["2026-01"], paid: true)]),
            ("曹", .residentID, Fixture.residentID(birth: "1982-01-01", sequence: 5),
             [NewEnrollment(place: "150621", scheme: .resident, year: 2025, paid: true)]),
            ("丁", .residentID, Fixture.residentID(area: "150622", birth: "2025-12-01", sequence: 7), []),
            ("鄂", .hmtResidencePermit, hmt,
             [NewEnrollment(place: "150602", scheme: .resident, status: .suspended, year: 2026, paid: true)]),
            ("葛", .residentID, Fixture.residentID(birth: "1990-01-01", sequence: 9),
             [NewEnrollment(place: "440703", scheme: .employee, months: ["2025-11", "2025-12"], paid: true)]),
        ]
        var ids: [String: Int64] = [:]
        for (name, kind, number, records) in people {
            _ = try store.load([InterchangePerson(person: Fixture.person(name, number: number, kind: kind), records: records)],
                               by: .system("test"))
            ids[name] = try store.person(byDocument: IdentityDocument(kind: kind, number: number))!.id
        }
        let request = RosterRequest(school: "达拉特旗第一中学", place: "150621", year: 2026, region: "dalate", today: today)
        let fan = Fixture.residentID(birth: "2009-09-09", sequence: 11)
        _ = try store.importRoster(Data("姓名,证件号码\n范,\(fan)\n".utf8), fileName: "r.csv", request: request,
                                   forms: TestForms.shared, by: .system("test"))
        ids["范"] = try store.person(byDocument: IdentityDocument(kind: .residentID, number: fan))!.id
        let clerk = try store.addOperator(name: "clerk1", displayName: "柜员一", role: .clerk, password: "Hall-pass-2026",
                                          by: .system("test"))
        _ = try store.createCase(caseJSON: Fixture.caseJSON(workflow: "veteran", name: "葛"), applicantID: ids["葛"],
                                 by: clerk.id)
        return (store, ids)
    }

    @Test(arguments: TestBackend.all) func enrolledMeansAnActiveRecordCoveringTheYear(_ backend: TestBackend) throws {
        let (store, _) = try Self.seed(backend)
        let report = try store.coverage(year: 2026, today: Self.today)
        #expect(report.total == CoverageCount(persons: 7, enrolled: 3))
        #expect(report.total.share == 3.0 / 7.0)
        #expect(report.places.map(\.place) == ["150602", "150621", "150622", "440703"])
        #expect(report.places.map(\.total) == [CoverageCount(persons: 2, enrolled: 1), CoverageCount(persons: 3, enrolled: 2),
                                               CoverageCount(persons: 1, enrolled: 0), CoverageCount(persons: 1, enrolled: 0)])
        #expect(report.groups == [
            .newborn: CoverageCount(persons: 1, enrolled: 0),
            .student: CoverageCount(persons: 1, enrolled: 1),
            .veteran: CoverageCount(persons: 1, enrolled: 0),
            .flexible: CoverageCount(persons: 1, enrolled: 1),
            .hmtForeign: CoverageCount(persons: 1, enrolled: 0),
        ])
        #expect(report.places[1].groups == [.student: CoverageCount(persons: 1, enrolled: 1)])
        // The same store a year earlier: 曹 and 葛 were enrolled then, nobody else.
        let earlier = try store.coverage(year: 2025, today: Fixture.date("2025-06-30"))
        #expect(earlier.total == CoverageCount(persons: 7, enrolled: 2))
    }

    @Test(arguments: TestBackend.all) func aPlacePrefixLimitsTheReport(_ backend: TestBackend) throws {
        let (store, _) = try Self.seed(backend)
        let report = try store.coverage(year: 2026, today: Self.today, place: "1506")
        #expect(report.place == "1506")
        #expect(report.total == CoverageCount(persons: 6, enrolled: 3))
        #expect(try store.coverage(year: 2026, today: Self.today, place: "150622").total == CoverageCount(persons: 1, enrolled: 0))
    }

    @Test(arguments: TestBackend.all) func theUnenrolledListNamesEachPersonWithPlaceGroupsAndLastRecord(_ backend: TestBackend) throws {
        let (store, ids) = try Self.seed(backend)
        var list: [UnenrolledPerson] = []
        let count = try store.unenrolled(year: 2026, today: Self.today) { list.append($0) }
        #expect(count == 4)
        #expect(list.map(\.person.name) == ["曹", "丁", "鄂", "葛"])
        #expect(list.map(\.place) == ["150621", "150622", "150602", "440703"])
        #expect(list.map(\.groups) == [[], [.newborn], [.hmtForeign], [.veteran]])
        #expect(list[0].person.id == ids["曹"])
        #expect(list[0].lastRecord?.year == 2025)
        #expect(list[1].lastRecord == nil)
        #expect(list[2].lastRecord?.status == .suspended)
        #expect(list[3].lastRecord?.months == ["2025-11", "2025-12"])
        #expect(list[3].lastRecord == (try store.platformRecords(forPerson: ids["葛"]!)).first)
        var near: [String] = []
        try store.unenrolled(year: 2026, today: Self.today, place: "4407") { near.append($0.person.name) }
        #expect(near == ["葛"])
    }
}
