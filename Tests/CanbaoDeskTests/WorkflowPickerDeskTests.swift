@testable import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// New case from a person: the workflows that do not fit them are listed apart with their reasons, each reason
/// readable whole at 80x24 (on its row, or on the detail rows when its row is selected), and none of them starts.
@Suite("为参保人新建业务：未列出的业务及原因")
struct WorkflowPickerDeskTests {
    static let today = "2026-03-01"
    /// An adult with a resident ID and no platform record: no newborn registration, no foreigner's, no unit's service,
    /// nothing that changes an enrollment she does not have.
    static let zhang = PersonSummary(name: "张桂兰", document: IdentityDocument(kind: .residentID, number: "150621198001010026"),
                                     birthDate: LocalDate("1980-01-01"), sex: .female, records: [], personID: 61)

    static func picker(cols: Int = 80, rows: Int = 24) -> DeskDriver {
        var d = DeskDriver.atPerson(cols: cols, rows: rows, today: today, zhang,
                                    PersonDetail(personID: 61, summary: zhang, recordIDs: []))
        d.key(.enter)
        return d
    }

    static func state(_ d: DeskDriver) -> WorkflowPickerState? {
        if case let .picker(p) = d.state.screen { return p }
        return nil
    }

    @Test func theWorkflowsLeftOutAreTheOnesThatDoNotFitHerWithTheirReasons() throws {
        let p = try #require(Self.state(Self.picker()))
        #expect(p.leftOut.map(\.choice.value) == ["newborn", "foreign-resident", "refund", "suspend", "terminate", "transfer-out",
                                                  "unit-register", "unit-change", "unit-close", "unit-consolidate"])
        #expect(p.leftOut[0].reason == "已满周岁（出生 1980-01-01，46 岁），不是新生儿")
        #expect(Set(p.workflows.map(\.value)).isDisjoint(with: p.leftOut.map(\.choice.value)))
        #expect(p.rowCount == WorkflowPickerState.choices(TestForms.shared).count)
    }

    /// Every row of the list, at 80x24: a workflow offered starts, one left out says why and stays in the picker; its
    /// reason is on screen whole, in rows no wider than the screen, its date never split.
    @Test func noWorkflowLeftOutStartsAndEachReasonIsReadWhole() throws {
        let p = try #require(Self.state(Self.picker()))
        for i in 0..<p.rowCount {
            var d = Self.picker()
            d.key(.home)
            for _ in 0..<i { d.key(.down) }
            d.effects = []
            let screen = d.screen
            d.key(.enter)
            guard i >= p.workflows.count else {
                #expect(d.form?.draft.caseFile.workflow == p.workflows[i].value)
                continue
            }
            let left = p.leftOut[i - p.workflows.count]
            #expect(Self.state(d) != nil, "\(left.choice.value) left the picker")
            #expect(d.form == nil)
            #expect(d.effects == [])
            #expect(d.state.message == .error("不适用于此人：\(left.choice.label)（\(left.reason)）"))
            // The detail rows above the message line say it whole; the reason's words (a date) are on one row each.
            let detail = [screen.line(20), screen.line(21)].map { $0.trimmingCharacters(in: .whitespaces) }
            // Between Chinese characters a row breaks anywhere (nothing lost); at a space the break stands for it.
            #expect(detail.joined().filter { $0 != " " }.contains("（\(left.reason)）".filter { $0 != " " }), "\(detail)")
            // A date (or any run of digits and letters) is never split across the rows.
            let runs = left.reason.split { DisplayWidth.of($0) != 1 || $0 == " " }
            for run in runs { #expect(detail.contains { $0.contains(run) }, "\(run) split: \(detail)") }
            for row in 0..<24 { #expect(DisplayWidth.of(screen.line(row)) <= 80) }
            // And its row in the list has the reason whole or says where to read it: never a cut one.
            let row = try #require((0..<24).map(screen.line).first { $0.hasPrefix(">") == false && $0.contains("  \(left.choice.label)：") })
            #expect(row.contains("：\(left.reason)") || row.contains("（选中后在下方显示原因）"), "\(row)")
        }
    }

    @Test func digitsPickOnlyTheWorkflowsOffered() throws {
        let p = try #require(Self.state(Self.picker()))
        for n in 1...9 {
            var d = Self.picker()
            d.key(.char(Character(String(n))))
            #expect(d.form?.draft.caseFile.workflow == p.workflows[n - 1].value)
            #expect(!p.leftOut.map(\.choice.value).contains(d.form?.draft.caseFile.workflow ?? ""))
        }
    }

    @Test func goldenScreens() {
        // As opened: the offered workflows first; the detail rows say what the section below is.
        GoldenScreenTests.both("picker-person") { c, r in Self.picker(cols: c, rows: r) }
        // The first one left out: its rule scrolls into view with it, its reason whole below.
        GoldenScreenTests.both("picker-person-left-out") { c, r in
            var d = Self.picker(cols: c, rows: r)
            let offered = Self.state(d)!.workflows.count
            d.key(.home)
            for _ in 0..<offered { d.key(.down) }
            return d
        }
    }
}
