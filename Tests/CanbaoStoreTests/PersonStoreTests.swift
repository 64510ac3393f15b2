import CanbaoRules
@testable import CanbaoStore
import Foundation
import Testing

@Suite("Persons and platform records")
struct PersonStoreTests {
    @Test(arguments: TestBackend.all) func lookupComparesNormalizedNumbers(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let added = try store.upsertPerson(Fixture.person("王芳", number: "11010519491231002x", birth: "1949-12-31",
                                                          sex: .female), by: .system("test"))
        #expect(added.documentNumber == "11010519491231002X")
        let fullWidth = IdentityDocument(kind: .residentID, number: " １１０１０５１９４９１２３１００２ｘ ")
        let found = try #require(try store.person(byDocument: fullWidth))
        #expect(found.id == added.id)
        #expect(found.name == "王芳")
        #expect(found.sex == .female)
        #expect(found.birthDate == Fixture.date("1949-12-31"))
        // The same number under another kind is another person's key.
        #expect(try store.person(byDocument: IdentityDocument(kind: .hmtResidencePermit,
                                                              number: "11010519491231002X")) == nil)
    }

    @Test(arguments: TestBackend.all) func upsertUpdatesAndAuditsOnlyRealChanges(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let number = Fixture.residentID(birth: "1980-01-01", sequence: 1)
        let first = try store.upsertPerson(Fixture.person("张三", number: number, birth: "1980-01-01", sex: .male),
                                           by: .system("test"))
        let same = try store.upsertPerson(Fixture.person("张三", number: number), by: .system("test"))
        #expect(same.id == first.id)
        #expect(same.birthDate == Fixture.date("1980-01-01"), "a nil birth date keeps the known one")
        #expect(same.sex == .male)
        #expect(try store.auditLog().map(\.action) == ["person.add"])

        let renamed = try store.upsertPerson(Fixture.person("张叁", number: number), by: .system("test"))
        #expect(renamed.id == first.id)
        #expect(renamed.name == "张叁")
        #expect(renamed.updatedAt > first.updatedAt)
        #expect(try store.auditLog().map(\.action) == ["person.add", "person.update"])
        #expect(try store.counts().persons == 1)
    }

    @Test(arguments: TestBackend.all) func rejectsEmptyNameOrNumber(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        #expect(throws: StoreError.invalidInput(field: "name", reason: "不能为空")) {
            try store.upsertPerson(Fixture.person("  ", number: "123456789"), by: .system("test"))
        }
        #expect(throws: StoreError.invalidInput(field: "document.number", reason: "不能为空")) {
            try store.upsertPerson(Fixture.person("李四", number: "　"), by: .system("test"))
        }
        #expect(try store.counts().persons == 0)
    }

    @Test(arguments: TestBackend.all) func searchesByNamePrefixInNameOrder(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let names = ["王小明", "汪洋", "王芳", "李王", "王", "王五"]
        for (index, name) in names.enumerated() {
            try store.upsertPerson(Fixture.person(name, number: Fixture.residentID(birth: "1990-05-05", sequence: index)),
                                   by: .system("test"))
        }
        #expect(try store.searchPersons(name: "王").map(\.name) == ["王", "王五", "王小明", "王芳"])
        #expect(try store.searchPersons(name: "王小").map(\.name) == ["王小明"])
        #expect(try store.searchPersons(name: "王", limit: 2).map(\.name) == ["王", "王五"])
        #expect(try store.searchPersons(name: " ").isEmpty)
    }

    @Test(arguments: TestBackend.all) func platformRecordsKeepTheirPeriods(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let person = try store.upsertPerson(Fixture.person("赵六", number: Fixture.residentID(birth: "1975-07-07",
                                                                                              sequence: 3)),
                                            by: .system("test"))
        let resident = try store.addPlatformRecord(
            NewEnrollment(place: "150102", scheme: .resident, status: .active, year: 2026, paid: true,
                          amountFen: 40_000, since: Fixture.date("2026-01-01")),
            forPerson: person.id, by: .system("test"))
        let employee = try store.addPlatformRecord(
            NewEnrollment(place: "440703", scheme: .employee, flexible: true, status: .suspended,
                          months: ["2025-11", "2025-12"], paid: true),
            forPerson: person.id, by: .system("test"))
        let records = try store.platformRecords(forPerson: person.id)
        #expect(records.map(\.id) == [resident.id, employee.id])
        #expect(records[0].year == 2026)
        #expect(records[0].amountFen == 40_000)
        #expect(records[0].since == Fixture.date("2026-01-01"))
        #expect(records[0].months == nil)
        #expect(records[1].months == ["2025-11", "2025-12"])
        #expect(records[1].flexible)
        #expect(records[1].status == .suspended)
        #expect(try store.auditLog().map(\.action) == ["person.add", "enrollment.add", "enrollment.add"])
    }

    @Test(arguments: TestBackend.all) func refusesRecordsWithoutPeriodOrForUnknownPersons(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let person = try store.upsertPerson(Fixture.person("钱七", number: "A12345678", kind: .foreignPassport),
                                            by: .system("test"))
        #expect(throws: StoreError.invalidInput(field: "year", reason: "年度（year）和月份（months）至少填一项")) {
            try store.addPlatformRecord(NewEnrollment(place: "150102", scheme: .resident, paid: false),
                                        forPerson: person.id, by: .system("test"))
        }
        #expect(throws: StoreError.invalidInput(field: "months", reason: "“2025-13”不是 YYYY-MM 格式的月份")) {
            try store.addPlatformRecord(NewEnrollment(place: "150102", scheme: .employee, months: ["2025-13"],
                                                      paid: true),
                                        forPerson: person.id, by: .system("test"))
        }
        // Found by an outside tester: store import took a month listed twice.
        #expect(throws: StoreError.invalidInput(field: "months", reason: "月份“2025-03”重复")) {
            try store.addPlatformRecord(NewEnrollment(place: "150102", scheme: .employee,
                                                      months: ["2025-03", "2025-04", "2025-03"], paid: true),
                                        forPerson: person.id, by: .system("test"))
        }
        #expect(EnrollmentValidation.problems(year: nil, months: ["2025-03", "2025-03"], amountFen: nil).map(\.reason)
                == ["月份“2025-03”重复"])
        #expect(throws: StoreError.personNotFound(999)) {
            try store.addPlatformRecord(NewEnrollment(place: "150102", scheme: .resident, year: 2026, paid: true),
                                        forPerson: 999, by: .system("test"))
        }
        #expect(try store.counts().platformRecords == 0)
    }
}
