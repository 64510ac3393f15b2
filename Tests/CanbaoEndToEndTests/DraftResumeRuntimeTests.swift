@testable import CanbaoApp
import CanbaoDesk
import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Drafts on a real store: each completed field is the draft row saved (with its value), a reopened case resumes on
/// the field after the last one saved, and reopening writes nothing.
@Suite struct DraftResumeRuntimeTests {
    static func form(_ s: DeskRuntimeTests.Setup) -> CaseFormState? {
        if case let .form(form) = s.runtime.state.screen { return form }
        return nil
    }

    @Test func theDraftRowIsTheFieldLeftAndTheCaseReopensOnTheNext() throws {
        let s = try DeskRuntimeTests.atHome()
        // A newborn case: the place, registered, not deceased, then the newborn's name.
        for key in [Key.char("1"), .char("1"), .tab, .char("y"), .tab, .char("n"), .tab, .tab] {
            s.runtime.dispatch(.terminal(.key(key)))
        }
        #expect(Self.form(s)?.focus == .field("person.name"))
        s.runtime.dispatch(.terminal(.paste("王小禾")))
        s.runtime.dispatch(.terminal(.key(.tab)))
        s.runtime.settle()
        let record = try #require(try s.store.cases().first)
        let rows = try s.store.drafts(caseID: record.id)
        let name = try #require(rows.first { $0.field == "person.name" }, "no draft row for the name: \(rows.map(\.field))")
        #expect(name.value.contains("王小禾"))
        #expect(rows.last?.field == "person.name")
        #expect(!rows.contains { $0.field == "person.document" }, "the next field, not yet typed, was saved")

        let number = IDNumbers.residentID(area: "150621", birth: LocalDate("2026-01-02")!, sequence: 11)
        s.runtime.dispatch(.terminal(.paste(number)))
        s.runtime.dispatch(.terminal(.key(.tab)))
        s.runtime.dispatch(.terminal(.key(.escape)))
        s.runtime.settle()
        let document = try #require(try s.store.drafts(caseID: record.id).last)
        #expect(document.field == "person.document")
        #expect(document.value.contains(number))

        // Reopened: on the field after the document, and nothing written (the person is looked up again, and not found).
        let before = try #require(try s.store.case(number: record.number))
        let audit = try s.store.auditLog(entity: "case", entityID: record.number).count
        guard case let .caseOpened(draft) = try #require(s.services.handle(.openCase(number: record.number)).first) else {
            Issue.record("not opened")
            return
        }
        s.runtime.dispatch(.caseOpened(draft))
        s.runtime.settle()
        let form = try #require(Self.form(s))
        #expect(form.draft.stepIndex == 1)
        #expect(form.focus == .field("person.birth_date"))
        #expect(form.caseFile.person?.name == "王小禾")
        let after = try #require(try s.store.case(number: record.number))
        #expect(after.version == before.version)
        #expect(try s.store.auditLog(entity: "case", entityID: record.number).count == audit)
        #expect(form.draft.version == before.version)
    }
}
