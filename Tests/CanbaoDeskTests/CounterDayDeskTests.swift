import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// Issue #15, a day at the counter: whole ID numbers at 80x24, what a document field takes, numbers that fill the
/// birth date and sex, place codes from the division table, the login's focus, deadlines and cut text.
@Suite struct CounterDayDeskTests {
    static let applicant = "15062120251201002X"
    static let guardian = "150602198003150034"

    /// The newborn form filled at 80x24, then back (F3) to the step holding the guardian's number.
    static func filledNewborn() -> DeskDriver {
        var d = DeskDriver.newCase("newborn")
        DeskFlowTests.fillNewborn(&d)
        return d
    }

    // MARK: 1. every digit visible, only what the kind allows

    @Test func everyDigitOfBothNumbersShowsAt80Columns() {
        var d = DeskDriver.newCase("newborn")
        d.key(.tab); d.key(.char("y")); d.key(.tab); d.key(.char("n")); d.key(.tab); d.key(.tab)
        d.type("王小禾"); d.key(.tab)
        d.type(Self.applicant)
        // With the cursor in the field, the whole number shows, not only its tail.
        #expect(d.text.contains(Self.applicant), "\(d.text)")
        d.key(.tab)
        #expect(d.text.contains(Self.applicant), "\(d.text)")
        d.type("2025-12-01"); d.key(.tab); d.key(.char("2")); d.key(.tab)
        d.type("李梅"); d.key(.tab)
        d.type(Self.guardian)
        #expect(d.text.contains(Self.guardian), "\(d.text)")
        d.key(.tab)
        #expect(d.text.contains(Self.guardian), "\(d.text)")
        Golden.check(d.screen, "form-newborn-guardian-whole-80x24")
    }

    @Test func aResidentIDFieldRefusesAChineseCharacterAndFoldsFullWidthDigits() throws {
        var d = DeskDriver.newCase("newborn")
        d.key(.tab); d.key(.char("y")); d.key(.tab); d.key(.char("n")); d.key(.tab); d.key(.tab)
        d.type("王小禾"); d.key(.tab)
        d.type("１５０６２１")
        #expect(d.form?.input.text == "150621")
        d.key(.char("文"))
        #expect(d.form?.input.text == "150621")
        #expect(d.state.message == .error("居民身份证号码只能录入数字和 X：“文”未录入"))
        d.type("20251201002x")
        #expect(d.form?.input.text == Self.applicant)
        // A nineteenth character is not taken.
        d.key(.char("9"))
        #expect(d.form?.input.text == Self.applicant)
        d.send(.terminal(.paste("15062120251201文02X")))
        #expect(d.form?.input.text == Self.applicant)
        #expect(d.state.message == .error("居民身份证号码只能录入数字和 X：粘贴内容含“文”，未录入"))
    }

    // MARK: 2. birth date and sex from the number

    @Test func theNumberFillsBirthDateAndSexAndThoseAreNotTypedAgain() throws {
        var d = DeskDriver.newCase("newborn")
        d.key(.tab); d.key(.char("y")); d.key(.tab); d.key(.char("n")); d.key(.tab); d.key(.tab)
        d.type("王小禾"); d.key(.tab)
        d.type(Self.applicant); d.key(.tab)
        let person = try #require(d.form?.caseFile.person)
        #expect(person.birthDate == LocalDate("2025-12-01"))
        #expect(person.sex == .female)
        // The focus is on 出生日期 now: typing is refused with the reason, the value stays.
        d.key(.char("1"))
        #expect(d.state.message == .error("出生日期已按证件号码填写，无需录入；如有误请核对证件号码"))
        #expect(d.form?.caseFile.person?.birthDate == LocalDate("2025-12-01"))
        #expect(d.text.contains("（按证件号码）"), "\(d.text)")
    }

    // MARK: 3. place codes from GB/T 2260

    @Test func aPlaceFieldRefusesAnUnknownCodeAndF4FindsOneByName() throws {
        var d = DeskDriver.newCase("newborn")
        // 办理地 is the first field, prefilled 150621.
        for _ in 0..<6 { d.key(.backspace) }
        d.type("12345"); d.key(.tab)
        #expect(d.form?.notes["here"] != nil || d.form?.caseFile.here != "12345")
        d.key(.backTab)
        d.key(.function(4))
        #expect(d.form?.placeSearch != nil)
        d.type("东胜")
        let results = try #require(d.form?.placeSearch?.results)
        #expect(results.map(\.code).contains("150602"), "\(results)")
        let index = try #require(results.firstIndex { $0.code == "150602" })
        for _ in 0..<index { d.key(.down) }
        d.key(.enter)
        #expect(d.form?.placeSearch == nil)
        #expect(d.form?.caseFile.here == "150602")
        #expect(d.text.contains("150602 鄂尔多斯市东胜区"), "\(d.text)")
    }

    @Test func aPlaceTypedAsAUniqueNameIsTakenAsItsCode() {
        var d = DeskDriver.newCase("newborn")
        for _ in 0..<6 { d.key(.backspace) }
        d.type("东胜区"); d.key(.tab)
        #expect(d.form?.caseFile.here == "150602")
    }

    // MARK: 8. login

    @Test func aPrefilledNameIsTextAndTypingOnlyEverReachesThePassword() throws {
        var d = DeskDriver()
        d.send(.started(hasOperators: true))
        d.send(.loggedIn(DeskDriver.clerk))
        d.send(.homeLoaded(HomeData()))
        d.key(.function(3))
        guard case let .login(login) = d.state.screen else { Issue.record("expected the login screen"); return }
        #expect(login.name.text == "clerk")
        // Tab does not move the typing into the name: the secret goes into the password, shown as dots only.
        d.key(.tab)
        d.type("secret99")
        guard case let .login(after) = d.state.screen else { Issue.record("expected the login screen"); return }
        #expect(after.name.text == "clerk")
        #expect(after.password.text == "secret99")
        #expect(!d.text.contains("secret99"))
        #expect(d.text.contains("> 密码"), "\(d.text)")
        #expect(d.text.contains("正在输入：密码（不显示所输入的字符）"))
        // F2: another operator types their own name; the mark moves with the focus.
        d.key(.function(2))
        #expect(d.text.contains("> 登录名"), "\(d.text)")
        #expect(d.text.contains("正在输入：登录名"))
    }

    // MARK: 7. deadlines

    @Test func theDeadlinesTabListsRunningDeadlinesAndMarksOverdueOnes() {
        let overdue = CaseSummary(number: "2026-000007", workflow: "参保关系转出", applicant: "王海涛", status: .pendingDocuments,
                                  updated: "01-02", dueDate: LocalDate("2026-01-10"), dueWhat: "转出《信息表》时限")
        let ahead = CaseSummary(number: "2026-000008", workflow: "参保关系转出", applicant: "李强", status: .completed,
                                updated: "01-14", dueDate: LocalDate("2026-01-28"), dueWhat: "转出《信息表》时限")
        var d = DeskDriver.atHome(data: HomeData(deadlines: [overdue, ahead]))
        for _ in 0..<4 { d.key(.tab) }
        #expect(d.text.contains("时限"))
        #expect(d.text.contains("2026-000007") && d.text.contains("2026-000008"), "\(d.text)")
        #expect(d.text.contains("王海涛 参保关系转出；转出《信息表》时限 2026-01-10（已逾期）"), "\(d.text)")
        d.key(.down)
        #expect(d.text.contains("李强 参保关系转出；转出《信息表》时限 2026-01-28"), "\(d.text)")
        #expect(!d.text.contains("2026-01-28（已逾期）"))
        // A completed case is not opened for editing: it is shown read-only.
        #expect(d.key(.enter) == [.viewCase(number: "2026-000008")])
        guard case .caseView = d.state.screen else { Issue.record("not the read-only view: \(d.state.screen)"); return }
    }

    // MARK: 5. void and withdraw

    @Test func f8OnADraftAsksForAReasonAndVoidsIt() {
        let draft = CaseSummary(number: "2026-000011", workflow: "新生儿参保登记", applicant: "王小禾", status: .draft,
                                updated: "01-15", version: 3)
        var d = DeskDriver.atHome(data: HomeData(drafts: [draft]))
        d.key(.tab)
        d.key(.function(8))
        d.key(.enter)
        #expect(d.state.message == .error("理由至少 2 个字（首尾空格和不可见字符不计）"))
        d.type("误开新生儿")
        let effects = d.key(.enter)
        #expect(effects == [.setAside(number: "2026-000011", version: 3, reason: "误开新生儿", withdraw: false)])
        #expect(d.send(.caseSetAside(number: "2026-000011", status: .voided)) == [.loadHome])
        #expect(d.state.message == .success("案件 2026-000011 已作废"))
    }

    /// The form and the home lists set aside the same cases (the rules core says which): a case awaiting a
    /// supervisor is withdrawn from the form as from the list.
    @Test func f8OnACaseAwaitingApprovalWithdrawsItFromTheFormAsFromTheList() {
        var d = DeskDriver.newCase("newborn")
        guard case var .form(form) = d.state.screen else { Issue.record("expected the form"); return }
        form.draft.number = "2026-000012"
        form.draft.version = 4
        form.draft.status = .awaitingApproval
        d.state.screen = .form(form)
        d.key(.function(8))
        #expect(d.state.message == .info("撤回本案（申请人不再办理）：请写明理由，Enter 确认，Esc 取消"))
        d.type("申请人撤回申请")
        #expect(d.key(.enter) == [.setAside(number: "2026-000012", version: 4, reason: "申请人撤回申请", withdraw: true)])
    }

    @Test func theWorkflowMenuLeavesOutNewbornForAnAdultAndSaysWhy() {
        var d = DeskDriver.atHome()
        d.key(.char("2"))
        let adult = PersonSummary(name: "王海涛", document: IdentityDocument(kind: .residentID, number: "150621198703150031"),
                                  birthDate: LocalDate("1987-03-15"), records: [])
        d.send(.personsFound(query: "", [adult]))
        d.state.screen = .picker(WorkflowPickerState(workflows: WorkflowPickerState.choices(DeskDriver.env.forms), person: adult,
                                                     today: d.state.today))
        #expect(!d.pickerChoices.contains { $0.value == "newborn" })
        #expect(d.text.contains("未列出：不适用于此人（10）"), "\(d.text)")
        #expect(d.text.contains("新生儿参保登记：已满周岁（出生 1987-03-15，38 岁），不是新生儿"), "\(d.text)")
        // The list wraps: up from the first line reaches the last, the last of those left out, which Enter does not start.
        d.key(.up)
        guard case let .picker(p) = d.state.screen else { Issue.record("expected the picker"); return }
        #expect(p.selection.index == p.rowCount - 1)
        #expect(p.selectedLeftOut?.choice.value == "unit-consolidate")
        #expect(d.key(.enter) == [])
        #expect(d.state.message == .error("不适用于此人：参保单位保留唯一有效参保登记（单位业务，不针对个人）"))
    }

    // MARK: 6. another terminal wrote

    @Test func aStoreChangeReloadsTheHomeKeepingTheSelectedCase() {
        let a = CaseSummary(number: "2026-000001", workflow: "新生儿参保登记", applicant: "甲", status: .registered, updated: "09:00")
        let b = CaseSummary(number: "2026-000002", workflow: "新生儿参保登记", applicant: "乙", status: .registered, updated: "09:10")
        let c = CaseSummary(number: "2026-000003", workflow: "新生儿参保登记", applicant: "丙", status: .registered, updated: "09:20")
        var d = DeskDriver.atHome(data: HomeData(today: [a, b]))
        d.key(.down)
        #expect(d.send(.storeChanged) == [.loadHome])
        d.send(.homeLoaded(HomeData(today: [c, a, b])))
        guard case let .home(home) = d.state.screen else { Issue.record("expected home"); return }
        #expect(home.selection.index == 2)
    }

    // MARK: 12. where the data is

    @Test func theFirstStartScreenShowsTheDataDirectory() {
        var env = DeskDriver.env
        env.dataDirectory = "/srv/canbao"
        var d = DeskDriver(env: env)
        d.send(.started(hasOperators: false))
        #expect(d.text.contains("数据目录：/srv/canbao"), "\(d.text)")
    }

    @Test func theAdministratorsHomeShowsTheDataDirectoryAndAClerksDoesNot() {
        var env = DeskDriver.env
        env.dataDirectory = "/srv/canbao"
        for (who, shown) in [(OperatorInfo(id: 1, name: "admin", displayName: "张主任", role: .admin), true),
                             (DeskDriver.clerk, false)] {
            var d = DeskDriver(env: env)
            d.send(.started(hasOperators: true))
            d.send(.loggedIn(who))
            d.send(.homeLoaded(HomeData()))
            #expect(d.text.contains("数据目录：/srv/canbao") == shown, "\(who.role): \(d.text)")
        }
    }

    // MARK: 11. training

    @Test func practiceShowsTheScenarioDayAndF7ShowsTheStoryWithItsNumbersAgain() {
        var d = PracticeDeskTests.atDecks()
        d.key(.enter)
        d.send(.practiceStarted(PracticeDeskTests.practice))
        // The title bar shows the scenario's day, not today's (2026-11-23).
        #expect(d.screen.text.split(separator: "\n")[0].contains("2026-01-15"), "\(d.text)")
        #expect(!d.text.contains("2026-11-23"))
        d.key(.enter)
        #expect(d.form?.practice != nil)
        #expect(d.state.overlay == nil)
        d.key(.function(7))
        guard case .story = d.state.overlay else { Issue.record("expected the story over the form"); return }
        #expect(d.text.contains("户口簿忘在家里"), "\(d.text)")
        // What the form asks to be typed is on the papers, whole.
        #expect(d.text.contains("参保人：王小禾，居民身份证 15062120251201002X"), "\(d.text)")
        #expect(d.text.contains("监护人：李梅，居民身份证 150602198003150034"), "\(d.text)")
        d.key(.escape)
        #expect(d.state.overlay == nil)
        #expect(d.form?.practice != nil)
    }

    // MARK: 9. nothing cut without a way to read it

    @Test func theForeignResidentChecklistSaysWhatItWaitsForAndF6ReachesItFirst() {
        var d = DeskDriver.newCase("foreign-resident")
        #expect(!d.text.contains("（本案无需材料）"), "\(d.text)")
        #expect(d.text.contains("（待填写“"), "\(d.text)")
        // Not 材料齐全 beside it while the list cannot be drawn up.
        #expect(!d.text.contains("材料齐全"), "\(d.text)")
        #expect(d.text.contains(" 材料：待填写“"), "\(d.text)")
        d.key(.function(6))
        #expect(d.form?.focus == .documents)
    }

    @Test func aFindingCutInTheListShowsWholeInTheDetailLine() throws {
        var d = DeskDriver.newCase("newborn", today: "2026-05-01")
        DeskFlowTests.fillNewborn(&d, birth: "2026-01-10", number: "150621202601100027", year: "2026")
        d.keys(.function(6), .function(6))
        #expect(d.form?.focus == .findings)
        // The list line is cut at 80 columns; the detail line carries the sentence and its article.
        let rows = d.text.split(separator: "\n").map(String.init)
        let at = try #require(rows.firstIndex { $0.hasPrefix(" 详情：[需审核] 出生后第111天办理，已超过90天") }, "\(d.text)")
        let detail = rows[at...].prefix(2).joined()
        #expect(detail.contains("国家规程 第十五条 3"), "\(d.text)")
    }

    @Test func helpLinesWrapInsteadOfEndingInAnEllipsisAt80Columns() {
        var d = DeskDriver.newCase("newborn")
        d.key(.function(1))
        guard case .help = d.state.overlay else { Issue.record("expected help"); return }
        #expect(!d.text.split(separator: "\n").contains { $0.hasSuffix("…") }, "\(d.text)")
        #expect(d.text.contains("F8"), "\(d.text)")
    }
}
