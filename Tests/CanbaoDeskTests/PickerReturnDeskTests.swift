@testable import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// A case started for a person from their screen (Enter, the workflow picker) goes back to that person when the form is
/// left, as a case opened from their list does: the list read again, the new case selected when it is listed.
@Suite struct PickerReturnDeskTests {
    typealias Her = PersonCasesDeskTests
    static let newNumber = "2026-000033"

    /// From her screen: Enter, then the change workflow (参保信息变更) picked by its digit.
    static func inANewCaseForHer() -> DeskDriver {
        var d = Her.atPerson()
        d.key(.enter)
        guard case let .picker(p) = d.state.screen, let i = p.workflows.firstIndex(where: { $0.value == "change" }) else {
            Issue.record("no picker with the change workflow")
            return d
        }
        d.key(.char(Character(String(i + 1))))
        #expect(d.form?.caseFile.workflow == "change")
        #expect(d.form?.caseFile.person?.name == "王小禾")
        d.effects = []
        return d
    }

    /// Her list read again with the new case on top.
    static func withTheNewCase(_ status: CaseStatus) -> PersonDetail {
        Her.detail([CaseSummary(number: newNumber, workflow: "参保信息变更", applicant: "王小禾", status: status,
                                updated: Her.today, version: 2)] + Her.cases)
    }

    static func expectBackAtHerWithTheNewCaseSelected(_ d: inout DeskDriver, status: CaseStatus,
                                                      sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(d.effects.last == .openPerson(personID: 52, keep: [:]), sourceLocation: sourceLocation)
        guard Her.person(d) != nil else { Issue.record("not back at the person", sourceLocation: sourceLocation); return }
        d.send(.personLoaded(Self.withTheNewCase(status)))
        #expect(Her.person(d)?.focus == .cases, sourceLocation: sourceLocation)
        #expect(Her.person(d)?.selectedCase?.number == newNumber, sourceLocation: sourceLocation)
        #expect(d.text.contains(">"), sourceLocation: sourceLocation)
    }

    @Test func escFromASavedNewCaseComesBackToHerWithItSelected() {
        var d = Self.inANewCaseForHer()
        d.send(.draftSaved(number: Self.newNumber, version: 1))
        d.key(.escape)
        #expect(d.state.message == .info("已返回参保人 王小禾，草稿已保存"))
        Self.expectBackAtHerWithTheNewCaseSelected(&d, status: .draft)
    }

    /// Left before the store numbered it: the number comes with the reply to the last save, before her list.
    @Test func escBeforeTheNumberCameStillSelectsIt() {
        var d = Self.inANewCaseForHer()
        d.key(.escape)
        #expect(d.savedDrafts.map(\.number) == [nil])
        #expect(Her.person(d) != nil)
        d.send(.draftSaved(number: Self.newNumber, version: 1))
        Self.expectBackAtHerWithTheNewCaseSelected(&d, status: .draft)
    }

    @Test func afterSubmittingTheResultGoesBackToHerWithItSelected() {
        var d = Self.inANewCaseForHer()
        d.send(.submitted(SubmitResult(number: Self.newNumber, status: .completed, decision: .accept, printed: [], enrolls: false)))
        guard case .result = d.state.screen else { Issue.record("no result screen"); return }
        #expect(d.text.contains("Enter返回参保人"))
        d.effects = []
        d.key(.enter)
        Self.expectBackAtHerWithTheNewCaseSelected(&d, status: .completed)
    }

    /// Not listed (older cases fill the list, say): her screen as she left it, nothing selected in its place.
    @Test func aNewCaseNotListedLeavesHerScreenAsItWas() {
        var d = Self.inANewCaseForHer()
        d.send(.draftSaved(number: Self.newNumber, version: 1))
        d.key(.escape)
        d.send(.personLoaded(Her.detail()))
        #expect(Her.person(d)?.focus == .records)
        #expect(Her.person(d)?.selectOnReturn == nil)
        #expect(Her.person(d)?.numberToCome == false)
    }

    /// The picker marks its selection with `>` as the other lists do, not by colour alone.
    @Test func thePickersSelectionIsMarked() {
        var d = WorkflowPickerDeskTests.picker()
        func marked(_ d: DeskDriver) -> [String] { d.text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(" > ") } }
        #expect(marked(d).count == 1)
        #expect(marked(d).first?.hasPrefix(" > 1. ") == true)
        d.key(.down)
        #expect(marked(d).count == 1)
        #expect(marked(d).first?.hasPrefix(" > 2. ") == true)
    }
}
