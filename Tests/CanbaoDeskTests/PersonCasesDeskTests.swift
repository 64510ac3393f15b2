@testable import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// The person screen lists the person's cases: an applicant who comes back about a case decided on an earlier day
/// is found by the search, and the case opened from the list (read-only when decided, in the form when still open).
@Suite("参保人页面的办件列表")
struct PersonCasesDeskTests {
    static let today = "2026-03-01"
    static let document = IdentityDocument(kind: .residentID, number: "15062120251201002X")
    static let wang = PersonSummary(name: "王小禾", document: document, birthDate: LocalDate("2025-12-01"), sex: .female,
                                    records: [PlatformRecord(place: "150621", scheme: .resident, status: .active, year: 2026, paid: true)],
                                    personID: 52)

    /// Most recently handled first, as the store gives them: one still open with its deadline, a draft, a refusal,
    /// one with a supervisor past its deadline, and the registration of January.
    static let cases = [
        CaseSummary(number: "2026-000031", workflow: "参保信息变更", applicant: "王小禾", status: .pendingDocuments,
                    updated: "2026-02-27", dueDate: LocalDate("2026-03-06"), version: 3, dueWhat: "变更办结时限"),
        CaseSummary(number: "2026-000029", workflow: "参保信息变更", applicant: "王小禾", status: .draft, updated: "2026-02-20",
                    version: 1),
        CaseSummary(number: "2026-000020", workflow: "医保费退费", applicant: "王小禾", status: .refused, updated: "2026-02-03",
                    version: 4),
        CaseSummary(number: "2026-000015", workflow: "农民工、短期季节性务工及灵活就业人员参保登记", applicant: "王小禾",
                    status: .awaitingApproval, updated: "2026-01-20", dueDate: LocalDate("2026-02-10"), version: 3, dueWhat: "办结时限"),
        CaseSummary(number: "2026-000012", workflow: "新生儿参保登记", applicant: "王小禾", status: .registered, updated: "2026-01-15",
                    version: 5),
    ]

    static func detail(_ cases: [CaseSummary] = cases, more: Bool = false, summary: PersonSummary = wang) -> PersonDetail {
        PersonDetail(personID: 52, summary: summary, recordIDs: [9], cases: cases, moreCases: more)
    }

    /// `count` registrations and changes, newest first, for the list that scrolls.
    static func many(_ count: Int) -> [CaseSummary] {
        (0..<count).map { i in
            let day = LocalDate("2026-02-28")!.adding(days: -i)
            let n = String(100 + count - i)
            return CaseSummary(number: "2026-" + String(repeating: "0", count: 6 - n.count) + n, workflow: i % 2 == 0 ? "参保信息变更" : "医保费退费",
                               applicant: "王小禾", status: i % 3 == 0 ? .completed : .refused, updated: day.description)
        }
    }

    /// The clerk searched 王小禾 and opened her screen.
    static func atPerson(cols: Int = 80, rows: Int = 24, _ detail: PersonDetail = detail(), summary: PersonSummary = wang) -> DeskDriver {
        DeskDriver.atPerson(cols: cols, rows: rows, today: today, summary, detail)
    }

    static func person(_ d: DeskDriver) -> PersonState? { d.person }

    // MARK: golden screens

    @Test func goldenScreens() {
        // As opened: the records keep the focus (Enter still starts a new case), the cases listed below.
        GoldenScreenTests.both("person-cases") { c, r in Self.atPerson(cols: c, rows: r) }
        // Tab to the cases, ↓ to the refusal: it is marked and said whole on the line above the message line.
        GoldenScreenTests.both("person-cases-focused") { c, r in
            var d = Self.atPerson(cols: c, rows: r)
            d.keys(.tab, .down, .down, .down)
            return d
        }
        GoldenScreenTests.both("person-cases-none") { c, r in Self.atPerson(cols: c, rows: r, Self.detail([])) }
        // Forty cases (more in the store than listed): the list scrolls with the selection and says where it is.
        GoldenScreenTests.both("person-cases-many") { c, r in
            var d = Self.atPerson(cols: c, rows: r, Self.detail(Self.many(40), more: true))
            d.keys(.tab, .pageDown, .down)
            return d
        }
        // A person with a duplicate: the duplicate's explanation gives way to the cases while they have the focus.
        GoldenScreenTests.both("person-cases-duplicate") { c, r in
            var detail = StoreWideDeskTests.detail()
            detail.cases = [Self.cases[4]]
            var d = StoreWideDeskTests.atPerson(cols: c, rows: r, detail: detail)
            d.key(.tab)
            return d
        }
        GoldenScreenTests.both("person-help") { c, r in
            var d = Self.atPerson(cols: c, rows: r)
            d.key(.tab)
            d.key(.function(1))
            return d
        }
    }

    // MARK: keys

    @Test func enterOnADecidedCaseOpensItReadOnlyAndEscComesBackToTheSamePlace() {
        var d = Self.atPerson()
        d.keys(.tab, .end)
        #expect(d.effects == [])
        d.key(.enter)
        #expect(d.effects == [.viewCase(number: "2026-000012")])
        guard case let .caseView(v) = d.state.screen else { Issue.record("not in the case view"); return }
        #expect(v.number == "2026-000012")
        d.send(.caseViewed(CaseViewDeskTests.sheet()))
        #expect(d.text.contains("只读：已登记的案件不能再修改"))
        d.effects = []
        d.key(.escape)
        // Back to her screen, read again, the same case selected in the list that has the focus.
        #expect(d.effects == [.openPerson(personID: 52, keep: [:])])
        guard let p = Self.person(d) else { Issue.record("not back at the person"); return }
        #expect(p.focus == .cases)
        #expect(p.caseSelection.index == 4)
        d.send(.personLoaded(Self.detail()))
        #expect(Self.person(d)?.selectedCase?.number == "2026-000012")
        // And Esc again is the search she was found by.
        d.key(.escape)
        guard case let .search(s) = d.state.screen else { Issue.record("not back at the search"); return }
        #expect(s.results == [Self.wang])
    }

    @Test func refusedSetAsideAndAwaitingCasesAreViewedReadOnly() {
        for (index, number) in [(2, "2026-000020"), (3, "2026-000015")] {
            var d = Self.atPerson()
            d.key(.tab)
            for _ in 0..<index { d.key(.down) }
            d.key(.enter)
            #expect(d.effects == [.viewCase(number: number)])
        }
        var withdrawn = Self.cases[1]
        withdrawn.status = .withdrawn
        var d = Self.atPerson(Self.detail([withdrawn]))
        d.keys(.tab, .enter)
        #expect(d.effects == [.viewCase(number: "2026-000029")])
    }

    @Test func enterOnAnOpenCaseOpensTheFormAsFromHome() {
        var d = Self.atPerson()
        d.keys(.tab, .enter)
        #expect(d.effects == [.openCase(number: "2026-000031")])
        #expect(d.state.message == .info("正在打开案件 2026-000031…"))
        // The draft too.
        var draft = Self.atPerson()
        draft.keys(.tab, .down, .enter)
        #expect(draft.effects == [.openCase(number: "2026-000029")])
    }

    /// Her draft 2026-000029 as the store opens it into the form, with her name and number.
    static func openedDraft(_ number: String = "2026-000029", status: CaseStatus = .draft) -> CaseDraft {
        var file = CaseFile(workflow: "change", region: "dalate", today: LocalDate(today)!, here: "150621")
        file.person = Party(name: wang.name, document: document)
        return CaseDraft(number: number, version: 1, caseFile: file, status: status)
    }

    /// The list as the store gives it once the draft was served: it is the most recently handled, first.
    static func afterServing(_ status: CaseStatus) -> PersonDetail {
        var list = cases
        var served = list.remove(at: 1)
        served.status = status
        served.updated = today
        return detail([served] + list)
    }

    /// The clerk chose the draft (second in her list) and the form opened on it.
    static func inTheDraftFromHerList() -> DeskDriver {
        var d = Self.atPerson()
        d.keys(.tab, .down, .enter)
        #expect(d.effects == [.openCase(number: "2026-000029")])
        d.send(.caseOpened(Self.openedDraft()))
        d.effects = []
        return d
    }

    /// Back at her screen with the cases focused, read again; the refreshed list has the case first and it stays selected.
    static func expectBackAtHerWithTheDraftSelected(_ d: inout DeskDriver, status: CaseStatus,
                                                    sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(d.effects.last == .openPerson(personID: 52, keep: [:]), sourceLocation: sourceLocation)
        guard let p = Self.person(d) else { Issue.record("not back at the person", sourceLocation: sourceLocation); return }
        #expect(p.focus == .cases, sourceLocation: sourceLocation)
        #expect(p.selectedCase?.number == "2026-000029", sourceLocation: sourceLocation)
        d.send(.personLoaded(Self.afterServing(status)))
        #expect(Self.person(d)?.caseSelection.index == 0, sourceLocation: sourceLocation)
        #expect(Self.person(d)?.selectedCase?.number == "2026-000029", sourceLocation: sourceLocation)
        #expect(d.text.contains(status.chinese), sourceLocation: sourceLocation)
        // And Esc from there is still the search she was found by.
        d.key(.escape)
        guard case .search = d.state.screen else { Issue.record("not back at the search", sourceLocation: sourceLocation); return }
    }

    @Test func escFromAnOpenCaseOfHerListSavesAndComesBackToHer() {
        var d = Self.inTheDraftFromHerList()
        #expect(d.form?.draft.number == "2026-000029")
        d.key(.escape)
        #expect(d.savedDrafts.map(\.number) == ["2026-000029"])
        #expect(d.state.message == .info("已返回参保人 王小禾，草稿已保存"))
        Self.expectBackAtHerWithTheDraftSelected(&d, status: .draft)
    }

    @Test func f3OnTheFirstStepComesBackToHerToo() {
        var d = Self.inTheDraftFromHerList()
        #expect(d.form?.draft.stepIndex == 0)
        d.key(.function(3))
        #expect(d.savedDrafts.map(\.number) == ["2026-000029"])
        Self.expectBackAtHerWithTheDraftSelected(&d, status: .draft)
    }

    @Test func afterSubmittingTheResultGoesBackToHer() {
        var d = Self.inTheDraftFromHerList()
        d.send(.submitted(SubmitResult(number: "2026-000029", status: .completed, decision: .accept, printed: [], enrolls: false)))
        guard case .result = d.state.screen else { Issue.record("no result screen"); return }
        #expect(d.text.contains("Enter返回参保人"))
        d.effects = []
        d.key(.enter)
        Self.expectBackAtHerWithTheDraftSelected(&d, status: .completed)
    }

    @Test func afterVoidingTheDraftTheFormGoesBackToHer() {
        var d = Self.inTheDraftFromHerList()
        d.send(.caseSetAside(number: "2026-000029", status: .voided))
        #expect(d.state.message == .success("案件 2026-000029 已作废"))
        Self.expectBackAtHerWithTheDraftSelected(&d, status: .voided)
    }

    /// The same case from home still goes back home.
    @Test func theSameCaseOpenedFromHomeGoesBackHome() {
        var d = DeskDriver.atHome(today: Self.today)
        d.send(.caseOpened(Self.openedDraft()))
        d.effects = []
        d.key(.escape)
        #expect(d.effects.last == .loadHome)
        #expect(d.state.message == .info("已返回首页，草稿已保存"))
        guard case .home = d.state.screen else { Issue.record("not home"); return }
    }

    @Test func theRecordsKeepTheirKeysAndTabGoesBackAndForth() {
        var d = Self.atPerson()
        #expect(Self.person(d)?.focus == .records)
        // Enter on the records: the workflows for her, as before the list.
        d.key(.enter)
        guard case .picker = d.state.screen else { Issue.record("Enter on the records did not start a case"); return }
        d.key(.escape)
        d.key(.tab)
        #expect(Self.person(d)?.focus == .cases)
        #expect(d.text.contains("Enter打开办件"))
        // 1 starts a case from the list as well.
        d.key(.char("1"))
        guard case .picker = d.state.screen else { Issue.record("1 on the cases did not start a case"); return }
        d.key(.escape)
        d.key(.backTab)
        #expect(Self.person(d)?.focus == .records)
        #expect(d.text.contains("Enter为此人新建业务"))
        d.key(.function(1))
        #expect(d.state.overlay == .help(HelpState(topic: .person)))
    }

    @Test func aPersonWithoutCasesIsSaidSoAndEnterAsksNothing() {
        var d = Self.atPerson(Self.detail([]))
        #expect(d.text.contains("此人没有办件"))
        d.keys(.tab, .down, .enter)
        #expect(d.effects == [])
        #expect(d.state.message == .info("此人没有办件：Tab 回到参保记录，按 1 为此人新建业务"))
    }

    @Test func aLongListScrollsWithTheSelectionAtEverySize() {
        for (cols, rows) in [(80, 24), (120, 40), (100, 30)] {
            var d = Self.atPerson(cols: cols, rows: rows, Self.detail(Self.many(40)))
            d.key(.tab)
            for _ in 0..<39 {
                d.key(.down)
                let selected = Self.person(d)!.selectedCase!.number
                #expect(d.text.contains(selected), "\(cols)x\(rows): \(selected) not on screen")
            }
            d.key(.enter)
            #expect(d.effects.last == .viewCase(number: Self.many(40)[39].number))
        }
    }

    /// A long foreign name gives way to the document number: the number is never cut, nor the case numbers.
    @Test func aLongNameNeverCutsTheDocumentNumber() {
        let long = PersonSummary(name: "ALEXANDRA KONSTANTINOVNA VOLKOVA-RIMSKAYA DE LA FUENTE",
                                 document: IdentityDocument(kind: .foreignPermanentResidence, number: "MEX150621870315021"),
                                 records: [], personID: 52)
        let d = Self.atPerson(Self.detail(summary: long), summary: long)
        let lines = d.text.split(separator: "\n")
        #expect(lines.contains { $0.contains("外国人永久居留身份证 MEX150621870315021") })
        for c in Self.cases { #expect(d.text.contains(c.number + "  " + c.updated)) }
    }
}
