import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// What a draft save tells the store: the field just left with its value (the store's draft row), apart from where the
/// clerk now is (where a reopened case resumes). And opening a saved draft writes nothing.
@Suite struct DraftSaveDeskTests {
    /// A newborn case with the first step answered: the focus on the newborn's name (step 2).
    static func atTheName() -> DeskDriver {
        var d = DeskDriver.newCase("newborn")
        d.keys(.tab, .char("y"), .tab, .char("n"), .tab, .tab)
        #expect(d.form?.focus == .field("person.name"))
        d.effects = []
        return d
    }

    @Test func leavingAFieldSavesThatFieldAndItsValueNotTheNextOne() {
        var d = Self.atTheName()
        d.type("王小禾")
        let effects = d.key(.tab)
        #expect(d.form?.focus == .field("person.document"))
        #expect(effects.count == 1)
        let saved = d.savedDrafts.last!
        #expect(saved.completedField == "person.name")
        #expect(saved.caseFile.person?.name == "王小禾")
        #expect(saved.fieldID == "person.document")
        #expect(saved.stepIndex == 1)
        // Moving back up over a field does not make it the one completed.
        d.effects = []
        let number = IDNumbers.residentID(area: "150621", birth: LocalDate("2026-01-02")!, sequence: 11)
        d.type(number)
        d.key(.up)
        #expect(d.form?.focus == .field("person.name"))
        #expect(d.savedDrafts.map(\.completedField) == ["person.document"])
        #expect(d.savedDrafts.last?.caseFile.person?.document?.number == number)
    }

    @Test func aDocumentTickedSavesTheCaseFileWithoutAField() {
        var d = Self.atTheName()
        d.key(.function(6))
        d.key(.char(" "))
        #expect(d.savedDrafts.count == 1)
        #expect(d.savedDrafts[0].completedField == nil)
        #expect(d.savedDrafts[0].caseFile.documentsPresented.count == 1)
    }

    @Test func aNumberedDraftSavesAnUnchangedFieldMovedPastButNotOneMovedBackOver() {
        var d = Self.atTheName()
        d.send(.draftSaved(number: "2026-000041", version: 3))
        d.key(.tab)
        #expect(d.savedDrafts.map(\.completedField) == ["person.name"])
        d.key(.up)
        #expect(d.savedDrafts.map(\.completedField) == ["person.name"])
    }

    /// The store gives back the last field saved: the form resumes on the field after it, in the next step when it
    /// ended one.
    @Test func aCaseReadBackResumesAfterTheLastFieldSaved() {
        var file = CaseFile(workflow: "newborn", region: "dalate", today: LocalDate("2026-01-15")!, here: "150621")
        file.person = Party(name: "王小禾")
        var d = DeskDriver.atHome()
        d.send(.caseOpened(CaseDraft(number: "2026-000041", version: 4, caseFile: file, stepIndex: 1, completedField: "person.name")))
        #expect(d.form?.draft.stepIndex == 1)
        #expect(d.form?.focus == .field("person.document"))
        #expect(d.form?.draft.completedField == nil)

        // The step's last field saved: the next step's first.
        var end = DeskDriver.atHome()
        end.send(.caseOpened(CaseDraft(number: "2026-000041", version: 4, caseFile: file, stepIndex: 1, completedField: "person.sex")))
        #expect(end.form?.draft.stepIndex == 2)
        #expect(end.form?.focus == .field("guardian.name"))
    }

    /// Reopening a draft looks its person up again; the reply, when it changes nothing, is not saved (a save would
    /// tell another terminal with the case open that it changed elsewhere).
    @Test func openingADraftWritesNothingWhenTheLookupChangesNothing() {
        let number = IDNumbers.residentID(area: "150621", birth: LocalDate("2026-01-02")!, sequence: 11)
        let document = IdentityDocument(kind: .residentID, number: number)
        var file = CaseFile(workflow: "newborn", region: "dalate", today: LocalDate("2026-01-15")!, here: "150621")
        file.person = Party(name: "王小禾", document: document, birthDate: LocalDate("2026-01-02")!, sex: .male)
        var d = DeskDriver.atHome()
        let opened = d.send(.caseOpened(CaseDraft(number: "2026-000041", version: 4, caseFile: file, stepIndex: 1,
                                                  completedField: "person.document")))
        #expect(opened == [.lookupPerson(document)])
        #expect(d.send(.personLooked(document: document, nil)) == [])
        #expect(d.state.message == .info("平台无此人参保记录"))
        #expect(d.form?.draft.version == 4)

        // Found, with records the case does not hold yet: that is a change, and it is saved.
        let records = [PlatformRecord(place: "150621", scheme: .resident, status: .active, year: 2026, paid: true)]
        let found = PersonSummary(name: "王小禾", document: document, birthDate: LocalDate("2026-01-02")!, sex: .male, records: records)
        let effects = d.send(.personLooked(document: document, found))
        #expect(effects.count == 1)
        guard case let .saveDraft(saved) = effects.first else {
            Issue.record("no save: \(effects)")
            return
        }
        #expect(saved.caseFile.platformRecords == records)
        #expect(saved.completedField == nil)
    }
}
