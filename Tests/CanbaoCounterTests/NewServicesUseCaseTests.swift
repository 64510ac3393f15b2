@testable import CanbaoCounter
import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// The employer, employee and retirement services through the counter's submit path: what each writes in its one
/// transaction and what it prints.
@Suite struct NewServicesUseCaseTests {
    static let code = "91150621MA13QX8B2N"

    func submit(_ hall: Hall, _ c: CaseFile) throws -> (Served, Verdict) {
        let verdict = try Evaluator.evaluate(c, forms: TestForms.shared, file: c.workflow)
        return (try hall.counter.submit(CaseInProgress(number: nil, version: nil, caseFile: c), verdict: verdict, justification: nil,
                                        by: hall.clerk), verdict)
    }

    @Test func aUnitRegistersAndThenTwoEmployeesUnderIt() throws {
        let hall = try Hall(region: "dalate", place: "150621")
        let (unitCase, _) = try hall.caseFile("Forms/examples/unit-register.yaml")
        let (unit, unitVerdict) = try submit(hall, unitCase)
        #expect(unitVerdict.decision == .accept)
        // A unit's own case has no insured person: it is completed (办结), with the unit written.
        #expect(unit.status == .completed)
        #expect(!unit.enrolls)
        let stored = try #require(try hall.store.unit(code: Self.code))
        #expect(stored.name == "达拉特旗顺达物流有限公司")
        #expect(try hall.store.registrations(ofUnit: stored.id, activeOnly: true).map(\.place) == ["150621"])
        let receipt = try String(contentsOfFile: unit.printed[0], encoding: .utf8)
        #expect(receipt.hasPrefix("基本医疗保险业务办结回执"))
        #expect(receipt.contains("参保单位：达拉特旗顺达物流有限公司（统一社会信用代码 \(Self.code)）"))

        let (employeeCase, _) = try hall.caseFile("Forms/examples/employee-register.yaml")
        var second = employeeCase
        second.person = Party(name: "赵磊", document: IdentityDocument(kind: .residentID,
                                                                     number: IDNumbers.residentID(area: "150621", birth: LocalDate("1990-07-07")!, sequence: 31)))
        second.platformRecords = []
        for c in [employeeCase, second] {
            let (served, verdict) = try submit(hall, c)
            #expect(verdict.decision == .accept, "\(verdict.findings.map(\.message))")
            #expect(served.status == .registered)
            #expect(served.enrolls)
            let person = try #require(try hall.store.person(byDocument: c.person!.document!))
            let records = try hall.store.platformRecords(forPerson: person.id).filter { $0.scheme == .employee }
            #expect(records.map(\.status) == [.active])
            #expect(records.first?.months == ["2026-05"])
        }
        let employees = try hall.store.employees(ofUnit: stored.id)
        #expect(employees.count == 2)
        #expect(employees.allSatisfy { $0.status == .active && $0.recordID != nil })
    }

    @Test func aRetirementShortOfYearsIsRefusedAndTheLumpSumIsThenAccepted() throws {
        let hall = try Hall()
        let (short, _) = try hall.caseFile("Tests/CanbaoCLITests/Cases/retirement/jiangmen-years-short-refuse.yaml")
        let (refused, verdict) = try submit(hall, short)
        #expect(verdict.decision == .refuse)
        #expect(refused.status == .refused)
        let notice = try String(contentsOfFile: refused.printed[0], encoding: .utf8)
        #expect(notice.hasPrefix("基本医疗保险参保业务不予办理通知书"))
        #expect(notice.contains("尚差"))

        let (lumpSum, _) = try hall.caseFile("Forms/examples/lump-sum.yaml")
        let (paid, lumpVerdict) = try submit(hall, lumpSum)
        #expect(lumpVerdict.decision == .accept)
        #expect(paid.status == .completed)
        #expect(!paid.enrolls)
        let receipt = try String(contentsOfFile: paid.printed[0], encoding: .utf8)
        #expect(receipt.contains("一次性缴费24个月"))
        #expect(receipt.contains("14880元"))
        // A lump sum changes no record by itself: the person's employee record is as it was.
        let person = try #require(try hall.store.person(byDocument: lumpSum.person!.document!))
        #expect(try hall.store.platformRecords(forPerson: person.id).map(\.status) == [])
    }

    @Test func anAssistedPersonIsRegisteredWithTheirHardshipMarks() throws {
        let hall = try Hall(region: "jiangmen", place: "440703")
        let (c, _) = try hall.caseFile("Forms/examples/assisted-register.yaml")
        let (served, verdict) = try submit(hall, c)
        #expect(verdict.decision == .accept)
        #expect(served.status == .registered && served.enrolls)
        let person = try #require(try hall.store.person(byDocument: c.person!.document!))
        #expect(try hall.store.platformRecords(forPerson: person.id).map(\.status) == [.active])
        let marks = try hall.store.hardshipMarks(forPerson: person.id)
        #expect(marks.map(\.status) == verdict.hardship?.statuses.map(\.status))
        #expect(marks.contains { $0.applied })
    }
}
