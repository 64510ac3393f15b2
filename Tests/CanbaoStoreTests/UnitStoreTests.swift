import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB
import Testing

/// The store keeps units (参保单位) by their unified social credit code and the employees registered under them
/// (内蒙古细则 第八条、第九条; 江门规程 第五条（1））: each write one transaction with its audit row.
@Suite struct UnitStoreTests {
    static let code = "91150621MA13QX8B2N"
    static let successorCode = "91150602MA0Q5W3E7F"
    static let input = UnitInput(code: code, name: "达拉特旗顺达物流有限公司", kind: "enterprise", place: "150621",
                                 establishedOn: Fixture.date("2026-04-01"))

    private func audit(_ hall: Hall, _ action: String) throws -> [AuditEntry] {
        try hall.store.auditLog(entity: "unit").filter { $0.action == action }
    }

    @Test(arguments: TestBackend.all) func registeringAUnitWritesTheUnitItsRegistrationAndOneAuditRow(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let actor = Actor.operator(hall.clerk.id)
        // Typed with full-width digits and lower case: found and stored normalised.
        let registration = try hall.store.registerUnit(UnitInput(code: "９１１５０６２１ma13qx8b2n", name: " 达拉特旗顺达物流有限公司 ",
                                                                 kind: "enterprise", place: "150621"), at: "150621", by: actor)
        let unit = try #require(try hall.store.unit(code: Self.code))
        #expect(unit.name == "达拉特旗顺达物流有限公司")
        #expect(unit.status == .active && unit.place == "150621")
        #expect(registration.unitID == unit.id && registration.status == .active && registration.place == "150621")
        let rows = try audit(hall, "unit.register")
        #expect(rows.count == 1)
        #expect(rows.first?.entityID == Self.code)
        // Not twice at one place; a second place is the situation 第八条（二） reduces to one.
        #expect(throws: StoreError.self) { try hall.store.registerUnit(Self.input, at: "150621", by: actor) }
        let second = try hall.store.registerUnit(Self.input, at: "150602", by: actor)
        #expect(second.unitID == unit.id)
        #expect(try hall.store.registrations(ofUnit: unit.id, activeOnly: true).count == 2)
        #expect(try audit(hall, "unit.register").count == 2)
        #expect(try hall.store.verify().chainBreak == nil)
    }

    @Test(arguments: TestBackend.all) func badInputIsRefusedWithItsFieldAndWritesNothing(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let actor = Actor.operator(hall.clerk.id)
        func refused(_ input: UnitInput, place: String = "150621") -> String? {
            do {
                _ = try hall.store.registerUnit(input, at: place, by: actor)
                return nil
            } catch let StoreError.invalidInput(field, _) {
                return field
            } catch {
                return "\(error)"
            }
        }
        #expect(refused(UnitInput(code: "91150621MA13QX8B2", name: "缺一位", place: "150621")) == "code")
        #expect(refused(UnitInput(code: "91150621MA13QO8B2N", name: "字母O", place: "150621")) == "code")
        #expect(refused(UnitInput(code: Self.code, name: "  ", place: "150621")) == "name")
        #expect(refused(UnitInput(code: Self.code, name: "顺达\u{1B}[2J物流", place: "150621")) == "name")
        #expect(refused(UnitInput(code: Self.code, name: String(repeating: "长", count: 101), place: "150621")) == "name")
        #expect(refused(UnitInput(code: Self.code, name: "顺达", kind: "bank", place: "150621")) == "kind")
        #expect(refused(Self.input, place: "") == "place")
        #expect(try hall.store.unit(code: Self.code) == nil)
        #expect(try hall.store.auditLog(entity: "unit").isEmpty)
        // A wrong check character only warns in the rules (early pilot codes): the store keeps such a unit.
        _ = try hall.store.registerUnit(UnitInput(code: "91150621MA13QX8B2K", name: "试点单位", place: "150621"), at: "150621", by: actor)
        #expect(try hall.store.unit(code: "91150621MA13QX8B2K") != nil)
    }

    @Test(arguments: TestBackend.all) func changesKeepTheOldValueAndTheCodeStaysUnique(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let actor = Actor.operator(hall.clerk.id)
        try hall.store.registerUnit(Self.input, at: "150621", by: actor)
        try hall.store.registerUnit(UnitInput(code: Self.successorCode, name: "鄂尔多斯顺达供应链有限公司", place: "150602"), at: "150602", by: actor)
        let renamed = try hall.store.changeUnit(code: Self.code, item: "name", newValue: "鄂尔多斯顺达物流有限公司",
                                                changedOn: Fixture.date("2026-05-10"), by: actor)
        #expect(renamed.name == "鄂尔多斯顺达物流有限公司")
        try hall.store.changeUnit(code: Self.code, item: "contact", newValue: "0477-5212345", by: actor)
        try hall.store.changeUnit(code: Self.code, item: "contact", newValue: "0477-5299999", by: actor)
        let changes = try hall.store.changes(ofUnit: renamed.id)
        #expect(changes.map(\.item) == ["name", "contact", "contact"])
        #expect(changes[0].oldValue == "达拉特旗顺达物流有限公司" && changes[0].changedOn == Fixture.date("2026-05-10"))
        #expect(changes[2].oldValue == "0477-5212345")
        // The code is the key: a correction to another unit's code is refused, to a new one accepted.
        #expect(throws: StoreError.self) { try hall.store.changeUnit(code: Self.code, item: "code", newValue: Self.successorCode, by: actor) }
        #expect(throws: StoreError.self) { try hall.store.changeUnit(code: Self.code, item: "colour", newValue: "红", by: actor) }
        let corrected = try hall.store.changeUnit(code: Self.code, item: "code", newValue: "91150621MA13QX8B3L", by: actor)
        #expect(corrected.code == "91150621MA13QX8B3L")
        #expect(try hall.store.unit(code: Self.code) == nil)
        #expect(try audit(hall, "unit.change").count == 4)
    }

    @Test(arguments: TestBackend.all) func employeesAreRegisteredUnderARegistrationAndEndedOnTheUnitsReport(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let actor = Actor.operator(hall.clerk.id)
        try hall.store.registerUnit(Self.input, at: "150621", by: actor)
        let person = hall.applicant.id
        let other = try hall.store.upsertPerson(Fixture.person("刘晓梅", number: Fixture.residentID(birth: "1988-05-12", sequence: 22)), by: actor)
        let record = try hall.store.addPlatformRecord(NewEnrollment(place: "150621", scheme: .employee, status: .active,
                                                                    months: ["2026-05"], paid: true), forPerson: other.id, by: actor)
        // No registration in Hohhot; another person's record; then the right one.
        #expect(throws: StoreError.self) {
            try hall.store.addEmployee(unitCode: Self.code, personID: other.id, hiredOn: Fixture.date("2026-05-04"), place: "150102", by: actor)
        }
        #expect(throws: StoreError.self) {
            try hall.store.addEmployee(unitCode: Self.code, personID: person, hiredOn: Fixture.date("2026-05-04"), place: "150621",
                                       recordID: record.id, by: actor)
        }
        let employee = try hall.store.addEmployee(unitCode: Self.code, personID: other.id, hiredOn: Fixture.date("2026-05-04"),
                                                  place: "150621", recordID: record.id, by: actor)
        #expect(employee.status == .active && employee.recordID == record.id)
        #expect(throws: StoreError.self) {
            try hall.store.addEmployee(unitCode: Self.code, personID: other.id, hiredOn: Fixture.date("2026-05-05"), place: "150621", by: actor)
        }
        // Ending: a date before hiring and an unknown reason are refused; then suspended for leaving.
        #expect(throws: StoreError.self) {
            try hall.store.endEmployment(unitCode: Self.code, personID: other.id, status: .suspended, reason: "left-job",
                                         on: Fixture.date("2026-04-30"), by: actor)
        }
        #expect(throws: StoreError.self) {
            try hall.store.endEmployment(unitCode: Self.code, personID: other.id, status: .suspended, reason: "holiday",
                                         on: Fixture.date("2026-06-30"), by: actor)
        }
        #expect(throws: StoreError.self) {
            try hall.store.endEmployment(unitCode: Self.code, personID: other.id, status: .moved, reason: "left-job",
                                         on: Fixture.date("2026-06-30"), by: actor)
        }
        let ended = try hall.store.endEmployment(unitCode: Self.code, personID: other.id, status: .suspended, reason: "left-job",
                                                 on: Fixture.date("2026-06-30"), by: actor)
        #expect(ended.status == .suspended && ended.reason == "left-job" && ended.endedOn == Fixture.date("2026-06-30"))
        let unit = try #require(try hall.store.unit(code: Self.code))
        #expect(try hall.store.employees(ofUnit: unit.id).isEmpty)
        #expect(try hall.store.employees(ofUnit: unit.id, currentOnly: false).count == 1)
        // Hired again later: a new employment.
        try hall.store.addEmployee(unitCode: Self.code, personID: other.id, hiredOn: Fixture.date("2026-09-01"), place: "150621", by: actor)
        #expect(try hall.store.employments(ofPerson: other.id).map(\.status) == [.suspended, .active])
        #expect(try audit(hall, "unit.employee.add").count == 2)
        #expect(try audit(hall, "unit.employee.end").count == 1)
    }

    @Test(arguments: TestBackend.all) func consolidationKeepsOneRegistrationAndBringsEveryoneUnderIt(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let actor = Actor.operator(hall.clerk.id)
        try hall.store.registerUnit(Self.input, at: "150621", by: actor)
        try hall.store.registerUnit(Self.input, at: "150602", by: actor)
        try hall.store.addEmployee(unitCode: Self.code, personID: hall.applicant.id, hiredOn: Fixture.date("2026-01-05"), place: "150602", by: actor)
        #expect(throws: StoreError.self) { try hall.store.consolidateUnit(code: Self.code, keep: "150102", by: actor) }
        let kept = try hall.store.consolidateUnit(code: Self.code, keep: "150621", by: actor)
        #expect(kept.place == "150621")
        let unit = try #require(try hall.store.unit(code: Self.code))
        #expect(try hall.store.registrations(ofUnit: unit.id, activeOnly: true).map(\.place) == ["150621"])
        #expect(try hall.store.employees(ofUnit: unit.id).map(\.registrationID) == [kept.id])
        #expect(throws: StoreError.self) { try hall.store.consolidateUnit(code: Self.code, keep: "150621", by: actor) }
        let row = try #require(try audit(hall, "unit.consolidate").first)
        #expect(row.detail.contains("\"ended\":\"150602\"") && row.detail.contains("\"moved\":\"1\""))
    }

    @Test(arguments: TestBackend.all) func aMergerMovesTheEmployeesToTheSuccessorAndADissolutionLeavesThemToBeReported(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let actor = Actor.operator(hall.clerk.id)
        try hall.store.registerUnit(Self.input, at: "150621", by: actor)
        try hall.store.addEmployee(unitCode: Self.code, personID: hall.applicant.id, hiredOn: Fixture.date("2026-01-05"), place: "150621", by: actor)
        // A successor without a registration cannot take the employees: nothing changes.
        let before = try hall.store.auditLog().count
        #expect(throws: StoreError.self) {
            try hall.store.closeUnit(code: Self.code, closure: .merger, on: Fixture.date("2026-05-15"), successorCode: Self.successorCode, by: actor)
        }
        #expect(try hall.store.unit(code: Self.code)?.status == .active)
        #expect(try hall.store.auditLog().count == before)
        #expect(throws: StoreError.self) {
            try hall.store.closeUnit(code: Self.code, closure: .merger, on: Fixture.date("2026-05-15"), by: actor)
        }
        try hall.store.registerUnit(UnitInput(code: Self.successorCode, name: "鄂尔多斯顺达供应链有限公司", place: "150602"), at: "150602", by: actor)
        let closed = try hall.store.closeUnit(code: Self.code, closure: .merger, on: Fixture.date("2026-05-15"),
                                              successorCode: Self.successorCode, by: actor)
        let successor = try #require(try hall.store.unit(code: Self.successorCode))
        #expect(closed.status == .closed && closed.closedKind == .merger && closed.successorID == successor.id)
        #expect(try hall.store.registrations(ofUnit: closed.id, activeOnly: true).isEmpty)
        #expect(try hall.store.employees(ofUnit: closed.id, currentOnly: false).map(\.status) == [.moved])
        #expect(try hall.store.employees(ofUnit: successor.id).map(\.personID) == [hall.applicant.id])
        // A closed unit registers nothing and cannot close again.
        #expect(throws: StoreError.self) { try hall.store.registerUnit(Self.input, at: "150621", by: actor) }
        #expect(throws: StoreError.self) {
            try hall.store.addEmployee(unitCode: Self.code, personID: hall.applicant.id, hiredOn: Fixture.date("2026-06-01"), place: "150621", by: actor)
        }
        // Dissolving the successor: its employee stays current, the unit's to report (第九条（五）).
        let dissolved = try hall.store.closeUnit(code: Self.successorCode, closure: .dissolution, on: Fixture.date("2026-08-01"), by: actor)
        #expect(dissolved.status == .closed)
        #expect(try hall.store.employees(ofUnit: successor.id).count == 1)
        let row = try #require(try audit(hall, "unit.close").last)
        #expect(row.detail.contains("\"still_current\":\"1\""))
        #expect(try hall.store.verify().chainBreak == nil)
    }

    /// A dissolved unit reopened with the shell (its row and its registration set back to active) took employees
    /// again: the unit and the registration an employee is registered under are checked as the write's own rows.
    @Test(arguments: TestBackend.all) func aUnitReopenedWithTheShellTakesNoEmployee(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let actor = Actor.operator(hall.clerk.id)
        try hall.store.registerUnit(Self.input, at: "150621", by: actor)
        let unit = try hall.store.closeUnit(code: Self.code, closure: .dissolution, on: Fixture.date("2026-05-15"), by: actor)
        let registration = try #require(try hall.store.registrations(ofUnit: unit.id).first)
        try PriorStateCheckTests.tamper(hall, backend, """
            UPDATE unit SET status = 'active', closed_kind = NULL, closed_on = NULL WHERE id = \(unit.id);
            UPDATE unit_registration SET status = 'active', ended_at = NULL, ended_by_case_id = NULL WHERE id = \(registration.id)
            """)
        #expect(throws: StoreError.tamperedWrite("参保单位（unit） #\(unit.id) 等 2 行")) {
            try hall.store.addEmployee(unitCode: Self.code, personID: hall.applicant.id, hiredOn: Fixture.date("2026-06-01"),
                                       place: "150621", by: actor)
        }
        #expect(try hall.store.employees(ofUnit: unit.id, currentOnly: false).isEmpty)
        // Nor is it registered at another place, nor does it take a merged unit's employees.
        #expect(throws: StoreError.tamperedWrite("参保单位（unit） #\(unit.id)")) {
            try hall.store.registerUnit(Self.input, at: "150602", by: actor)
        }
        let merged = UnitInput(code: Self.successorCode, name: "鄂尔多斯顺达供应链有限公司", place: "150602")
        try hall.store.registerUnit(merged, at: "150602", by: actor)
        #expect(throws: StoreError.tamperedWrite("参保单位（unit） #\(unit.id) 等 2 行")) {
            try hall.store.closeUnit(code: Self.successorCode, closure: .merger, on: Fixture.date("2026-06-15"),
                                     successorCode: Self.code, by: actor)
        }
        #expect(try hall.store.unit(code: Self.successorCode)?.status == .active)
        // A unit the store registered takes its employee as before.
        let employee = try hall.store.addEmployee(unitCode: Self.successorCode, personID: hall.applicant.id,
                                                  hiredOn: Fixture.date("2026-06-01"), place: "150602", by: actor)
        #expect(employee.status == .active)
    }

    /// The submit path's call: the verdict of a real unit-register case carried out as it stands.
    @Test(arguments: TestBackend.all) func aUnitVerdictIsCarriedOut(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        var c = CaseFile(workflow: "unit-register", region: "dalate", today: Fixture.date("2026-04-20"), here: "150621")
        c.agent = Party(name: "王海燕", document: IdentityDocument(kind: .residentID, number: Fixture.residentID(birth: "1991-08-09", sequence: 32)))
        c.facts = ["unit_code": .text(Self.code), "unit_name": .text("达拉特旗顺达物流有限公司"), "unit_kind": .text("enterprise"),
                   "unit_place": .text("150621"), "established_date": .text("2026-04-01"), "active_registrations": .int(0)]
        c.documentsPresented = ["unit-registration-form", "agent-id", "power-of-attorney"]
        let verdict = try Evaluator.evaluate(c, forms: TestForms.shared)
        try #require(verdict.decision == .accept, "\(verdict.findings)")
        let details = try #require(verdict.unit)
        let unit = try hall.store.apply(details, by: .operator(hall.clerk.id))
        #expect(unit.code == Self.code && unit.kind == "enterprise" && unit.establishedOn == Fixture.date("2026-04-01"))
        // The same verdict again is a duplicate registration: refused.
        #expect(throws: StoreError.self) { try hall.store.apply(details, by: .operator(hall.clerk.id)) }
        var change = details
        change.action = "change"
        change.kind = "name"
        change.newValue = "鄂尔多斯顺达物流有限公司"
        #expect(try hall.store.apply(change, by: .operator(hall.clerk.id)).name == "鄂尔多斯顺达物流有限公司")
        change.action = "merge"
        #expect(throws: StoreError.self) { try hall.store.apply(change, by: .operator(hall.clerk.id)) }
    }

    @Test(arguments: TestBackend.all) func aDisabledOperatorChangesNothing(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        try hall.store.setOperatorDisabled(name: hall.otherClerk.name, disabled: true, by: .operator(hall.admin.id))
        #expect(throws: StoreError.self) { try hall.store.registerUnit(Self.input, at: "150621", by: .operator(hall.otherClerk.id)) }
        #expect(try hall.store.unit(code: Self.code) == nil)
    }
}

/// The submit path's store calls: completing or registering a decided case carries out its `unit` and `employment`
/// in the same transaction (all or nothing), as a hardship change writes its marks.
@Suite struct EmployerCaseCompletionTests {
    static let code = "91150621MA13QX8B2N"

    /// The case checked by the real rules, stored and submitted by the hall's clerk.
    private func submitted(_ hall: Hall, _ file: CaseFile, applicant: Int64?) throws -> CaseRecord {
        let verdict = try Evaluator.evaluate(file, forms: TestForms.shared)
        try #require(verdict.decision == .accept, "\(verdict.findings)")
        let json = String(decoding: try JSONEncoder().encode(file), as: UTF8.self)
        let draft = try hall.store.createCase(caseJSON: json, applicantID: applicant, by: hall.clerk.id)
        let checked = try hall.store.updateCase(caseID: draft.id, caseJSON: json, verdictJSON: verdict.json(pretty: false),
                                                applicantID: applicant, expectedVersion: draft.version, by: hall.clerk.id)
        return try hall.store.setStatus(caseID: checked.id, to: .submitted, expectedVersion: checked.version, by: hall.clerk.id)
    }

    private func unitRegister(today: String = "2026-04-20") -> CaseFile {
        var c = CaseFile(workflow: "unit-register", region: "dalate", today: Fixture.date(today), here: "150621")
        c.agent = Party(name: "王海燕", document: IdentityDocument(kind: .residentID, number: Fixture.residentID(birth: "1991-08-09", sequence: 32)))
        c.facts = ["unit_code": .text(Self.code), "unit_name": .text("达拉特旗顺达物流有限公司"), "unit_kind": .text("enterprise"),
                   "unit_place": .text("150621"), "established_date": .text("2026-04-01"), "active_registrations": .int(0)]
        c.documentsPresented = ["unit-registration-form", "agent-id", "power-of-attorney"]
        return c
    }

    @Test(arguments: TestBackend.all) func completingAUnitRegistrationWritesTheUnitOrNothing(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let first = try submitted(hall, unitRegister(), applicant: nil)
        let done = try hall.store.complete(caseID: first.id, statusChanges: [], expectedVersion: first.version, by: hall.clerk.id)
        #expect(done.status == .completed)
        let unit = try #require(try hall.store.unit(code: Self.code))
        #expect(try hall.store.registrations(ofUnit: unit.id).first?.caseID == first.id)
        // The same registration again: the rules saw no registration on the platform, the store knows one: the
        // completion fails whole, the case stays submitted, no audit row is added.
        let second = try submitted(hall, unitRegister(), applicant: nil)
        let before = try hall.store.auditLog().count
        #expect(throws: StoreError.self) {
            try hall.store.complete(caseID: second.id, statusChanges: [], expectedVersion: second.version, by: hall.clerk.id)
        }
        #expect(try hall.store.auditLog().count == before)
        #expect(try hall.store.case(id: second.id)?.status == .submitted)
    }

    @Test(arguments: TestBackend.all) func registeringAnEmployeeLinksTheNewEnrollmentAndTheUnitsReportEndsIt(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        try hall.store.registerUnit(UnitInput(code: Self.code, name: "达拉特旗顺达物流有限公司", place: "150621"), at: "150621",
                                    by: .operator(hall.clerk.id))
        let number = Fixture.residentID(birth: "1988-05-12", sequence: 22)
        let person = try hall.store.upsertPerson(Fixture.person("刘晓梅", number: number), by: .operator(hall.clerk.id))
        var c = CaseFile(workflow: "employee-register", region: "dalate", today: Fixture.date("2026-05-20"), here: "150621")
        c.person = Party(name: "刘晓梅", document: IdentityDocument(kind: .residentID, number: number))
        c.facts = ["unit_code": .text(Self.code), "unit_name": .text("达拉特旗顺达物流有限公司"), "unit_registered": .bool(true),
                   "hire_date": .text("2026-05-04")]
        c.documentsPresented = ["employment-proof", "employer-application", "resident-id"]
        let hire = try submitted(hall, c, applicant: person.id)
        let registration = try hall.store.register(caseID: hire.id, enrollment: NewEnrollment(place: "150621", scheme: .employee,
                                                                                             months: ["2026-05"], paid: false),
                                                   expectedVersion: hire.version, by: hall.clerk.id)
        let unit = try #require(try hall.store.unit(code: Self.code))
        let employee = try #require(try hall.store.employees(ofUnit: unit.id).first)
        #expect(employee.personID == person.id && employee.recordID == registration.enrollment.id)
        #expect(employee.hiredOn == Fixture.date("2026-05-04") && employee.caseID == hire.id)

        // The unit reports the employee left: the enrollment suspended and the employment ended, one transaction.
        var leave = CaseFile(workflow: "employee-leave", region: "dalate", today: Fixture.date("2026-07-06"), here: "150621")
        leave.person = c.person
        leave.agent = Party(name: "王海燕", document: IdentityDocument(kind: .residentID, number: Fixture.residentID(birth: "1991-08-09", sequence: 32)))
        leave.facts = ["unit_code": .text(Self.code), "unit_name": .text("达拉特旗顺达物流有限公司"), "reason": .text("left-job"),
                       "event_date": .text("2026-06-30")]
        leave.documentsPresented = ["employer-application", "agent-id", "termination-proof"]
        leave.platformRecords = [PlatformRecord(place: "150621", scheme: .employee, status: .active, months: ["2026-05"], paid: false)]
        let reported = try submitted(hall, leave, applicant: person.id)
        try hall.store.complete(caseID: reported.id, statusChanges: [Suspension(recordID: registration.enrollment.id, status: .suspended,
                                                                                  since: Fixture.date("2026-07-06"))],
                                expectedVersion: reported.version, by: hall.clerk.id)
        #expect(try hall.store.employees(ofUnit: unit.id).isEmpty)
        let ended = try #require(try hall.store.employments(ofPerson: person.id).first)
        #expect(ended.status == .suspended && ended.reason == "left-job" && ended.endedByCaseID == reported.id)
        #expect(try hall.store.platformRecord(id: registration.enrollment.id)?.status == .suspended)
    }

    @Test(arguments: TestBackend.all) func aRetireeReleasedFromPrisonHasTheRecordRestored(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let number = "150102196603010178"
        let person = try hall.store.upsertPerson(Fixture.person("孙建国", number: number), by: .operator(hall.clerk.id))
        let stored = try hall.store.addPlatformRecord(NewEnrollment(place: "150102", scheme: .employee, status: .suspended,
                                                                    months: ["2025-01", "2025-02", "2025-03"], paid: true),
                                                      forPerson: person.id, by: .operator(hall.clerk.id))
        var c = CaseFile(workflow: "prison-release", region: "inner-mongolia", today: Fixture.date("2026-03-16"), here: "150102")
        c.person = Party(name: "孙建国", document: IdentityDocument(kind: .residentID, number: number))
        c.facts = ["release_date": .text("2026-03-10"), "imprisonment_date": .text("2025-03-10"), "retired_before_prison": .bool(true)]
        c.documentsPresented = ["resident-id", "release-certificate"]
        c.platformRecords = [PlatformRecord(place: "150102", scheme: .employee, status: .suspended, months: ["2025-01", "2025-02", "2025-03"], paid: true)]
        let released = try submitted(hall, c, applicant: person.id)
        try hall.store.complete(caseID: released.id, statusChanges: [], expectedVersion: released.version, by: hall.clerk.id)
        let restored = try #require(try hall.store.platformRecord(id: stored.id))
        #expect(restored.status == .active && restored.since == Fixture.date("2026-03-10"))
        #expect(try hall.store.auditLog(entity: "person", entityID: String(person.id)).contains { $0.action == "enrollment.restore" })
    }
}
