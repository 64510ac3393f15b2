@testable import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// The desk's update function: keys in, state and effects out, asserted literally.
@Suite struct DeskFlowTests {
    /// Fills a Dalate newborn case through the keyboard, as a clerk would.
    static func fillNewborn(_ d: inout DeskDriver, hukou: Bool = true, birth: String = "2025-12-01",
                            number: String = "15062120251201002X", year: String = "2025") {
        d.key(.tab)                                   // 办理地 (prefilled 150621)
        d.key(.char(hukou ? "y" : "n")); d.key(.tab)  // 是否已办理户籍登记
        d.key(.char("n")); d.key(.tab)                // 是否在户籍登记前死亡
        d.key(.tab)                                   // 是否已使用父母姓名预参保 (optional)
        d.type("王小禾"); d.key(.tab)
        if !hukou { d.key(.function(4)); d.key(.char("2")) }   // 出生医学证明
        d.type(hukou ? number : "Q150123456"); d.key(.tab)
        d.type(birth); d.key(.tab)
        d.key(.char("2")); d.key(.tab)                // 性别：女
        d.type("李梅"); d.key(.tab)
        d.type("150602198003150034"); d.key(.tab)
        d.key(.tab)                                   // 代办人 (none)
        d.type(year); d.key(.enter)
    }

    @Test func anEmptyStoreStartsWithTheFirstAdministratorThenOffersDemoData() {
        var d = DeskDriver()
        #expect(d.effects == [.start])
        d.send(.started(hasOperators: false))
        d.type("admin"); d.key(.tab)
        d.type("张主任"); d.key(.tab)
        d.type("short"); d.key(.tab)
        d.type("short"); d.key(.enter)
        #expect(d.state.message == .error("密码至少 8 位"))
        // The one policy: all digits are refused here as at the command line.
        d.key(.backTab)
        for _ in 0..<5 { d.key(.backspace) }
        d.type("20262026"); d.key(.function(10))
        #expect(d.state.message == .error("密码须同时包含字母和数字"))
        for _ in 0..<8 { d.key(.backspace) }
        d.type("short"); d.key(.tab)
        d.key(.backTab)
        for _ in 0..<5 { d.key(.backspace) }
        d.type("canbao2026"); d.key(.tab)
        for _ in 0..<5 { d.key(.backspace) }
        d.type("canbao2026")
        let effects = d.key(.enter)
        #expect(effects == [.createFirstAdmin(name: "admin", displayName: "张主任", password: "canbao2026")])
        d.send(.firstAdminCreated(OperatorInfo(id: 1, name: "admin", displayName: "张主任", role: .admin)))
        #expect(d.key(.char("y")) == [.loadDemoData])
        d.send(.demoDataLoaded(summary: "已载入演示数据：300 名参保人"))
        guard case let .login(login) = d.state.screen else { Issue.record("expected login"); return }
        #expect(login.name.text == "admin")
        #expect(login.focus == 1)
        #expect(d.state.message == .success("已载入演示数据：300 名参保人"))
    }

    /// A character typed past a field's limit used to vanish without a word: a long login name or search looked
    /// whole. Each input now says its limit and how much was left out.
    @Test func typingPastAFieldsLimitSaysSo() {
        var d = DeskDriver()
        d.send(.started(hasOperators: true))
        d.type(String(repeating: "a", count: 33))
        guard case let .login(login) = d.state.screen else { Issue.record("expected login"); return }
        #expect(login.name.text.count == 32)
        #expect(d.state.message == .error("登录名最多 32 个字符，多出的 1 个未录入"))
        d.key(.tab)
        d.type(String(repeating: "p", count: 65))
        #expect(d.state.message == .error("密码最多 64 个字符，多出的 1 个未录入"))
        var search = DeskDriver.atHome()
        search.key(.char("2"))
        search.type(String(repeating: "王", count: SafeText.maxNameLength + 2))
        #expect(search.state.message == .error("证件号码或姓名最多 \(SafeText.maxNameLength) 个字符，多出的 1 个未录入"))
    }

    @Test func loginSendsTheCredentialsAndAFailureClearsThePassword() {
        var d = DeskDriver()
        d.send(.started(hasOperators: true))
        d.key(.enter)
        d.key(.enter)
        #expect(d.state.message == .error("请输入登录名"))
        d.type("clerk"); d.key(.enter)
        d.type("secret12")
        #expect(d.key(.enter) == [.login(name: "clerk", password: "secret12")])
        d.send(.loginFailed(reason: "登录名或密码错误（还可尝试 4 次）"))
        guard case let .login(login) = d.state.screen else { Issue.record("expected login"); return }
        #expect(login.password.text == "")
        #expect(login.busy == false)
        #expect(d.state.message == .error("登录名或密码错误（还可尝试 4 次）"))
        d.send(.loggedIn(DeskDriver.clerk))
        #expect(d.effects.last == .loadHome)
        #expect(d.state.session == DeskDriver.clerk)
    }

    @Test func aKeyThatDoesNothingSaysSo() {
        var d = DeskDriver.atHome()
        d.key(.function(7))
        #expect(d.state.message == .error("“F7”在此处不可用，按 F1 查看帮助"))
    }

    /// F1 where a screen has no help of its own said "F1 is not available here, press F1 for help".
    @Test func f1WithoutHelpDoesNotSendTheClerkToF1() {
        var d = DeskDriver.atHome()
        d.send(.terminal(.resized(cols: 80, rows: 24)))
        d.state.lock = LockState()
        d.key(.function(1))
        #expect(d.state.message == .error("此处没有单独的帮助：可用的按键见底行"))
    }

    @Test func everyCompletedFieldSavesTheDraft() {
        var d = DeskDriver.newCase("newborn")
        d.key(.tab)
        d.key(.char("y"))
        #expect(d.savedDrafts.count == 1)
        #expect(d.savedDrafts[0].caseFile.facts["hukou_registered"] == .bool(true))
        d.key(.tab)
        d.key(.char("n")); d.key(.tab); d.key(.tab)
        d.type("王小禾")
        let before = d.savedDrafts.count
        d.key(.tab)
        #expect(d.savedDrafts.count == before + 1)
        #expect(d.savedDrafts.last?.caseFile.person?.name == "王小禾")
        // Saved with the position after the move: a resumed case opens on the next field.
        #expect(d.savedDrafts.last?.fieldID == "person.document")
    }

    @Test func aWrongIDNumberIsShownTheMomentTheFieldIsLeft() {
        var d = DeskDriver.newCase("newborn")
        d.keys(.tab, .char("y"), .tab, .char("n"), .tab, .tab)
        d.type("王小禾"); d.key(.tab)
        d.type("150621202512010021")
        let effects = d.key(.tab)
        #expect(d.state.message?.kind == .error)
        #expect(d.state.message?.text.contains("校验码") == true)
        #expect(d.state.message?.text.contains("国家规程 第七条") == true)
        #expect(!effects.contains { if case .lookupPerson = $0 { return true } else { return false } })
    }

    @Test func aValidIDNumberLooksThePersonUpAndTheRecordsFeedTheCheck() {
        var d = DeskDriver.newCase("newborn")
        d.keys(.tab, .char("y"), .tab, .char("n"), .tab, .tab)
        d.type("王小禾"); d.key(.tab)
        d.type("15062120251201002x")
        let effects = d.key(.tab)
        let doc = IdentityDocument(kind: .residentID, number: "15062120251201002X")
        #expect(effects.contains(.lookupPerson(doc)))
        let records = [Cases.record("150621", .resident, year: 2025)]
        d.send(.personLooked(document: doc, PersonSummary(name: "王小禾", document: doc, records: records)))
        #expect(d.form?.caseFile.platformRecords == records)
        #expect(d.state.message == .info("已查到参保人 王小禾：平台参保记录 1 条"))
        #expect(d.form?.verdict.findings.contains { $0.rule == "registration.check" && $0.severity == .block } == true)
    }

    @Test func submittingWithEmptyRequiredFieldsListsThemAndGoesToTheFirst() {
        var d = DeskDriver.newCase("newborn")
        let effects = d.key(.function(10))
        #expect(!effects.contains { if case .submit = $0 { return true } else { return false } })
        #expect(d.state.message?.text.hasPrefix("尚有 8 项必填未填写：是否已办理户籍登记、是否在户籍登记前死亡、新生儿姓名、新生儿证件") == true)
        #expect(d.form?.focus == .field("hukou_registered"))
    }

    @Test func aCompleteCaseWithMissingDocumentsIsSubmittedAsSuch() {
        var d = DeskDriver.newCase("newborn")
        Self.fillNewborn(&d)
        #expect(d.form?.verdict.decision == .missingDocuments)
        #expect(d.form?.verdict.missingCodes == ["birth-certificate", "guardian-id", "hukou-booklet"])
        let effects = d.key(.function(10))
        guard case let .submit(draft, verdict, justification)? = effects.last else { Issue.record("no submit: \(effects)"); return }
        #expect(verdict.decision == .missingDocuments)
        #expect(justification == nil)
        #expect(draft.caseFile.person?.birthDate == LocalDate("2025-12-01"))
        #expect(draft.caseFile.coverageYear == 2025)
        d.send(.submitted(SubmitResult(number: "2026-000001", status: .pendingDocuments, decision: .missingDocuments,
                                       printed: ["notices/2026-000001-告知书.txt"])))
        guard case let .result(r) = d.state.screen else { Issue.record("expected result"); return }
        #expect(r.applicant == "王小禾")
        #expect(d.state.message == .success("案件 2026-000001：材料不全，已出具一次性告知书，案件待补材料"))
    }

    @Test func tickingTheChecklistMakesItAcceptable() {
        var d = DeskDriver.newCase("newborn")
        Self.fillNewborn(&d)
        d.key(.function(6))
        #expect(d.form?.focus == .documents)
        d.key(.char(" ")); d.key(.down); d.key(.char(" ")); d.key(.down); d.key(.char(" "))
        #expect(d.form?.caseFile.documentsPresented == ["birth-certificate", "guardian-id", "hukou-booklet"])
        #expect(d.form?.verdict.decision == .accept)
        #expect(d.form?.verdict.benefitStart == LocalDate("2025-12-01"))
        guard case let .submit(_, verdict, _)? = d.key(.function(10)).last else { Issue.record("no submit"); return }
        #expect(verdict.decision == .accept)
    }

    @Test func aCaseNeedingApprovalAsksForTheClerksReason() {
        var d = DeskDriver.newCase("newborn", today: "2026-05-01")
        Self.fillNewborn(&d, birth: "2026-01-10", number: "150621202601100027", year: "2026")
        #expect(d.form?.verdict.decision == .needsApproval)
        #expect(d.key(.function(10)).allSatisfy { if case .submit = $0 { return false } else { return true } })
        #expect(d.form?.justification != nil)
        d.type("好")
        d.key(.enter)
        #expect(d.state.message == .error("理由至少 2 个字（首尾空格和不可见字符不计）"))
        d.type("家长住院延误办理")
        guard case let .submit(_, verdict, justification)? = d.key(.enter).last else { Issue.record("no submit"); return }
        #expect(verdict.decision == .needsApproval)
        #expect(justification == "好家长住院延误办理")
    }

    @Test func aRefusedCaseIsSubmittedWithItsReasons() {
        var d = DeskDriver.newCase("newborn")
        Self.fillNewborn(&d)
        let doc = IdentityDocument(kind: .residentID, number: "15062120251201002X")
        d.send(.personLooked(document: doc, PersonSummary(name: "王小禾", document: doc,
                                                           records: [Cases.record("150621", .resident, year: 2025)])))
        #expect(d.form?.verdict.decision == .refuse)
        // One F10 issued the refusal notice and ended the case: a typing mistake could do it. It asks first; any
        // other key goes back to the form.
        let ask = "再按 F10 出具不予办理通知书并结束本案（不能再修改），其他键返回修改"
        #expect(!d.key(.function(10)).contains { if case .submit = $0 { true } else { false } })
        #expect(d.state.message == .error(ask))
        #expect(DisplayWidth.of(ask) < 79)
        d.key(.right)
        #expect(!d.key(.function(10)).contains { if case .submit = $0 { true } else { false } })
        guard case let .submit(_, verdict, _)? = d.key(.function(10)).last else { Issue.record("no submit"); return }
        #expect(verdict.findings.first?.citation == "国家规程 第十三条")
    }

    /// The missing list no longer ends at the edge without a word: what fits, cut, and where to read it all.
    @Test func theMissingListIsCutWithWhereToReadItAll() {
        let names = ["居民身份证", "户口簿", "港澳台居民居住证或外国人永久居留身份证", "出生医学证明", "监护关系证明"]
        #expect(CaseFormScreen.missingLine(Array(names.prefix(2)), cols: 80) == " 缺少材料（一次性告知，2 项）：居民身份证、户口簿")
        let cut = CaseFormScreen.missingLine(names, cols: 80)
        #expect(cut == " 缺少材料（一次性告知，5 项）：居民身份证、户口簿、港澳台居民居…（F6 查看全部）")
        #expect(DisplayWidth.of(cut) <= 80)
        #expect(CaseFormScreen.missingLine(names, cols: 200).hasSuffix("监护关系证明"))
        for cols in 80...140 { #expect(DisplayWidth.of(CaseFormScreen.missingLine(names, cols: cols)) <= cols) }
    }

    @Test func aSavedDraftReopensWhereTheClerkLeftIt() {
        var d = DeskDriver.newCase("newborn")
        d.keys(.tab, .char("y"), .tab, .char("n"), .tab, .tab)
        d.type("王小禾"); d.key(.tab)
        let saved = d.savedDrafts.last!
        var again = DeskDriver.atHome()
        var draft = saved
        draft.number = "2026-000007"
        again.send(.caseOpened(draft))
        #expect(again.form?.draft.stepIndex == 1)
        #expect(again.form?.focus == .field("person.document"))
        #expect(again.form?.caseFile.person?.name == "王小禾")
        #expect(again.text.contains("案件 2026-000007"))
    }

    @Test func ctrlCSavesWhatWasTypedThenQuits() {
        var d = DeskDriver.newCase("newborn")
        d.keys(.tab, .char("y"), .tab, .char("n"), .tab, .tab)
        d.type("王小")
        let effects = d.key(.ctrl("c"))
        #expect(effects.last == .quit)
        #expect(d.savedDrafts.last?.caseFile.person?.name == "王小")
    }

    @Test func idleMinutesLockTheScreenAndTheSameOperatorUnlocks() {
        var d = DeskDriver.newCase("newborn")
        d.keys(.tab, .char("y"), .tab)
        d.send(.tick(now: 1_200, today: LocalDate("2026-01-15")!))
        #expect(d.state.lock == nil)
        let effects = d.send(.tick(now: 1_301, today: LocalDate("2026-01-15")!))
        #expect(d.state.lock != nil)
        #expect(effects.contains { if case .saveDraft = $0 { return true } else { return false } })
        #expect(!d.text.contains("是否已办理户籍登记"))
        d.type("canbao123")
        #expect(d.key(.enter) == [.unlock(name: "clerk", password: "canbao123")])
        d.send(.unlocked)
        #expect(d.state.lock == nil)
        #expect(d.text.contains("是否已办理户籍登记"))
    }

    @Test func resizingKeepsTheInputAndASmallTerminalSaysSo() {
        var d = DeskDriver.newCase("newborn")
        d.keys(.tab, .char("y"), .tab, .char("n"), .tab, .tab)
        d.type("王小禾")
        d.send(.terminal(.resized(cols: 60, rows: 20)))
        #expect(d.text.contains("终端窗口过小：当前 60x20，至少需要 80x24"))
        d.key(.char("x"))
        #expect(d.form?.input.text == "王小禾")
        #expect(d.state.message == .error("终端窗口过小，请先放大窗口"))
        d.send(.terminal(.resized(cols: 120, rows: 40)))
        #expect(d.form?.input.text == "王小禾")
        #expect(d.text.contains("王小禾"))
        // The complaint goes with the small window: it stayed on the big one.
        #expect(d.state.message == nil)
        #expect(!d.text.contains("终端窗口过小"))
    }

    @Test func aHugePasteIsCutToTheFieldAndSaysSo() {
        var d = DeskDriver.newCase("newborn")
        d.keys(.tab, .char("y"), .tab, .char("n"), .tab, .tab)
        d.send(.terminal(.paste(String(repeating: "参", count: 10_000))))
        // Names take SafeText.maxNameLength characters, here as in case files and imports.
        #expect(SafeText.maxNameLength == 100)
        #expect(d.form?.input.text.count == 100)
        #expect(d.state.message == .error("新生儿姓名最多 100 个字符，粘贴内容多出的 9900 个未录入"))
    }

    /// The terminal keeps 4,096 characters of a paste and drops the rest: the count said is still the whole paste's.
    @Test func aPasteCutByTheTerminalCountsWhatItDroppedToo() {
        var d = DeskDriver.newCase("newborn")
        d.keys(.tab, .char("y"), .tab, .char("n"), .tab, .tab)
        d.send(.terminal(.paste(String(repeating: "参", count: 4_096), dropped: 904)))
        #expect(d.form?.input.text.count == 100)
        #expect(d.state.message == .error("新生儿姓名最多 100 个字符，粘贴内容多出的 4900 个未录入"))

        // A reason (voiding the draft) and a screen's own field (the person search) count it the same way.
        d.key(.function(8))
        d.send(.terminal(.paste(String(repeating: "错", count: 4_096), dropped: 10)))
        let reason = SafeText.maxLineLength
        #expect(d.state.message == .error("理由最多 \(reason) 字，多出的 \(4_096 - reason + 10) 字未录入"))
        var home = DeskDriver.atHome()
        home.key(.char("2"))
        home.send(.terminal(.paste(String(repeating: "张", count: 4_096), dropped: 1)))
        guard case let .search(search) = home.state.screen else {
            Issue.record("not on the search")
            return
        }
        #expect(home.state.message == .error("粘贴内容过长，多出的 \(4_096 - search.query.maxLength + 1) 个字符未录入"))
    }

    @Test func f1OnAFindingShowsTheArticle() {
        var d = DeskDriver.newCase("newborn", today: "2026-05-01")
        Self.fillNewborn(&d, birth: "2026-01-10", number: "150621202601100027", year: "2026")
        d.key(.function(6)); d.key(.function(6))
        #expect(d.form?.focus == .findings)
        d.key(.function(1))
        guard case let .article(a)? = d.state.overlay else { Issue.record("no article"); return }
        #expect(a.citation == "国家规程 第十五条 3")
        #expect(d.text.contains("新生儿"))
        d.key(.escape)
        #expect(d.state.overlay == nil)
    }

    @Test func f4ChoosesTheDocumentKind() {
        var d = DeskDriver.newCase("foreign-resident")
        d.keys(.tab, .char("1"), .tab, .tab, .tab)
        d.type("何嘉欣"); d.key(.tab)
        #expect(d.form?.focus == .field("person.document"))
        d.key(.function(4))
        d.key(.char("2"))
        d.type("H12345678"); d.key(.tab)
        #expect(d.form?.caseFile.person?.document == IdentityDocument(kind: .hkMacauPermit, number: "H12345678"))
    }

    /// A foreign passport needs its nationality (江门规程 第五条（四）), and the form had nowhere to type it: every
    /// passport holder was refused. The field appears for a passport only, after the expiry date.
    @Test func aForeignPassportAsksForTheNationality() throws {
        var d = DeskDriver.newCase("foreign-resident")
        d.keys(.tab, .char("4"), .tab, .tab, .tab)
        d.type("Anna Schmidt"); d.key(.tab)
        #expect(d.form?.focus == .field("person.document"))
        #expect(!d.text.contains("国籍"))
        d.key(.function(4))
        d.key(.char("6"))
        d.type("E12345678"); d.key(.tab)
        #expect(d.form?.caseFile.person?.document?.kind == .foreignPassport)
        #expect(d.form?.verdict.findings.contains { $0.message == "外国护照须填写国籍" } == true)
        d.key(.tab)                                         // 证件有效期至 (optional)
        #expect(d.form?.focus == .field("person.document.nationality"))
        #expect(d.text.contains("国籍"), "\(d.text)")
        // A typo is refused where it is typed, the text kept, the nearest country offered.
        d.type("德过"); d.key(.tab)
        #expect(d.form?.focus == .field("person.document.nationality"))
        #expect(d.form?.caseFile.person?.document?.nationality == nil)
        #expect(d.text.contains("是否为“德国”（DEU）"), "\(d.text)")
        d.key(.backspace); d.key(.backspace)
        d.type("德国"); d.key(.tab)
        let form = try #require(d.form)
        #expect(form.caseFile.person?.document?.nationality == "德国")
        #expect(!form.verdict.findings.contains { $0.message == "外国护照须填写国籍" }, "\(form.verdict.findings)")
    }

    /// A passport number field took 24 characters where the rule allows 20 (IdentityValidation.freeFormLength).
    @Test func aPassportNumberFieldTakesWhatTheRuleAllows() {
        var d = DeskDriver.newCase("foreign-resident")
        d.keys(.tab, .char("4"), .tab, .tab, .tab)
        d.type("Anna Schmidt"); d.key(.tab)
        d.key(.function(4))
        d.key(.char("6"))
        d.send(.terminal(.paste("E1234567890ABCDEFGHIJKLM")))
        #expect(d.form?.input.text == "E1234567890ABCDEFGHI")
    }
}
