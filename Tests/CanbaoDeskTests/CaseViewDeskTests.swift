@testable import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// A decided case opened from the home lists is shown read-only, whole (scrolling), with its ID numbers never cut;
/// P asks for its notice to be printed again; Esc goes back to the list it came from.
@Suite("只读查看已办结的案件与补打")
struct CaseViewDeskTests {
    /// A newborn registered with every document, a guardian and an agent (`documents` leaves some out).
    static func registeredNewborn(documents: [String] = ["birth-certificate", "guardian-id", "hukou-booklet", "agent-id",
                                                         "power-of-attorney"]) -> CaseFile {
        var c = CaseFile(workflow: "newborn", region: "dalate", today: LocalDate("2026-01-15")!, here: "150621")
        c.person = Party(name: "王小禾", document: IdentityDocument(kind: .residentID, number: "15062120251201002X"),
                         birthDate: LocalDate("2025-12-01"), sex: .female)
        c.guardian = Cases.person("李梅", "150602198003150034")
        c.agent = Cases.person("王强", "150621197803030094")
        c.facts = ["hukou_registered": .bool(true), "deceased_before_hukou": .bool(false)]
        c.documentsPresented = documents
        return c
    }

    static func sheet(_ status: CaseStatus = .registered, caseFile: CaseFile = registeredNewborn(),
                      notices: [String] = ["回执"]) -> CaseSheet {
        let verdict = Cases.verdict(caseFile)
        return CaseSheet(number: "2026-000012", status: status, caseFile: caseFile, verdict: verdict, clerkDisplayName: "王芳",
                         created: "2026-01-15 09:30", decided: "2026-01-15 09:41",
                         justification: status == .refused ? "家长住院延误办理" : nil,
                         decisions: status == .refused ? ["2026-01-15 10:05 审核员李审核 不予批准：出生已逾九十日，须按断保处理"] : [],
                         history: ["01-15 09:30 王芳 建档", "01-15 09:41 王芳 登记"], notices: notices)
    }

    static let home = HomeData(
        today: [CaseSummary(number: "2026-000012", workflow: "新生儿参保登记", applicant: "王小禾", status: .registered, updated: "09:41"),
                CaseSummary(number: "2026-000013", workflow: "大中专学生参保登记", applicant: "陈思远", status: .pendingDocuments, updated: "10:05"),
                CaseSummary(number: "2026-000016", workflow: "新生儿参保登记", applicant: "赵一", status: .withdrawn, updated: "10:40")],
        awaitingApproval: [CaseSummary(number: "2026-000015", workflow: "新生儿参保登记", applicant: "张三", status: .awaitingApproval,
                                       updated: "10:30")])

    /// The clerk at home, Enter on the registered case, its sheet arrived.
    static func viewing(cols: Int = 80, rows: Int = 24, _ sheet: CaseSheet = sheet()) -> DeskDriver {
        var d = DeskDriver.atHome(cols: cols, rows: rows, data: home)
        d.key(.enter)
        d.send(.caseViewed(sheet))
        return d
    }

    func view(_ d: DeskDriver) -> CaseViewState? {
        if case let .caseView(v) = d.state.screen { return v }
        return nil
    }

    // MARK: golden screens

    @Test func goldenScreens() {
        GoldenScreenTests.both("case-view-registered") { c, r in Self.viewing(cols: c, rows: r) }
        GoldenScreenTests.both("case-view-registered-end") { c, r in
            var d = Self.viewing(cols: c, rows: r)
            d.key(.end)
            return d
        }
        GoldenScreenTests.both("case-view-refused") { c, r in
            var late = Self.registeredNewborn(documents: ["birth-certificate", "guardian-id", "hukou-booklet", "agent-id"])
            late.today = LocalDate("2026-05-01")!
            var d = Self.viewing(cols: c, rows: r, Self.sheet(.refused, caseFile: late, notices: ["不予办理通知书"]))
            d.key(.pageDown)
            return d
        }
        GoldenScreenTests.both("case-view-reprinted") { c, r in
            var d = Self.viewing(cols: c, rows: r)
            d.key(.char("p"))
            d.send(.noticeReprinted(number: "2026-000012", notices: ["回执"],
                                    printed: ["/home/clerk/.local/share/canbao/notices/2026-000012-回执-补打.txt",
                                              "/home/clerk/.local/share/canbao/notices/2026-000012-回执-补打.html"],
                                    printing: nil))
            return d
        }
        GoldenScreenTests.both("case-view-help") { c, r in
            var d = Self.viewing(cols: c, rows: r)
            d.key(.function(1))
            return d
        }
    }

    // MARK: opening and leaving

    @Test func enterOnADecidedOrAwaitingCaseOpensItReadOnly() throws {
        var d = DeskDriver.atHome(data: Self.home)
        #expect(d.key(.enter) == [.viewCase(number: "2026-000012")])
        #expect(view(d)?.number == "2026-000012")
        #expect(d.text.contains("正在读取案件 2026-000012…"))
        d.send(.caseViewed(Self.sheet()))
        #expect(d.state.message == .info("只读：已登记的案件不能再修改；P 补打回执"))
        let screen = d.screen
        #expect(screen.line(0).contains("参保 · 查看案件（只读）"))
        #expect(screen.line(1).contains("案件 2026-000012  新生儿参保登记  已登记"))
        #expect(screen.line(screen.rows - 3).contains("只读：已登记的案件不能再修改"))
        #expect(screen.line(screen.rows - 1).hasPrefix("F1帮助 ↑↓滚动 P补打 F5刷新 Esc返回"), "\(screen.line(screen.rows - 1))")

        // Awaiting approval: looked at too, not opened for editing (the store would refuse it).
        var awaiting = DeskDriver.atHome(data: Self.home)
        awaiting.keys(.tab, .tab, .tab)
        #expect(awaiting.key(.enter) == [.viewCase(number: "2026-000015")])
        // Pending documents is still carried on in the form.
        var pending = DeskDriver.atHome(data: Self.home)
        pending.key(.down)
        #expect(pending.key(.enter) == [.openCase(number: "2026-000013")])
    }

    @Test func escapeReturnsToTheListItCameFrom() {
        var d = DeskDriver.atHome(data: Self.home)
        d.keys(.down, .down)
        #expect(d.key(.enter) == [.viewCase(number: "2026-000016")])
        d.send(.caseViewed(Self.sheet(.withdrawn, notices: [])))
        #expect(d.key(.escape) == [.loadHome])
        guard case let .home(home) = d.state.screen else { Issue.record("not home: \(d.state.screen)"); return }
        #expect(home.tab == .today && home.selection.index == 2)
    }

    // MARK: nothing edits

    @Test func typingSaysTheCaseIsReadOnlyAndChangesNothing() {
        var d = Self.viewing()
        let before = d.state
        for key: Key in [.char("王"), .char("x"), .backspace, .delete, .tab, .function(2), .function(10)] {
            #expect(d.key(key) == [], "\(key)")
            #expect(d.state.message == .error("只读：已登记的案件不能再修改"), "\(key)")
        }
        #expect(d.state.screen == before.screen)
        d.send(.terminal(.paste("150621202601100027")))
        #expect(d.state.message == .error("此处不能粘贴"))
        #expect(d.state.screen == before.screen)
    }

    // MARK: reprint

    @Test func pAsksForTheReprintOnceAndSaysWhatWasPrinted() {
        var d = Self.viewing()
        #expect(d.key(.char("P")) == [.reprintNotice(number: "2026-000012")])
        #expect(d.state.message == .info("正在补打回执…"))
        // A second P before the first is done prints nothing twice.
        #expect(d.key(.char("p")) == [])
        #expect(d.key(.function(6)) == [])
        d.send(.noticeReprinted(number: "2026-000012", notices: ["回执"], printed: ["/n/2026-000012-回执-补打.txt"],
                                printing: "未配置打印机（--printer 或 $CANBAO_PRINTER）：请打开文件打印 /n/2026-000012-回执-补打.txt"))
        #expect(d.state.message == .success("已补打回执。未配置打印机（--printer 或 $CANBAO_PRINTER）：请打开文件打印 /n/2026-000012-回执-补打.txt"))
        #expect(d.text.contains("/n/2026-000012-回执-补打.txt"))
        #expect(d.key(.function(6)) == [.reprintNotice(number: "2026-000012")])
        // A failure lets the clerk try again.
        d.send(.failed(reason: "通知书目录不可写"))
        #expect(d.key(.char("p")) == [.reprintNotice(number: "2026-000012")])
    }

    @Test func aCaseSetAsideHasNothingToReprint() {
        var d = Self.viewing(Self.sheet(.withdrawn, notices: []))
        #expect(d.state.message == .info("只读：已撤回的案件不能再修改"))
        #expect(d.key(.char("p")) == [])
        #expect(d.state.message == .error("案件 2026-000012 已撤回：没有仍然有效的通知书可补打"))
        #expect(!d.screen.line(23).contains("补打"))
    }

    // MARK: scrolling and widths

    @Test func theWholeCaseIsReachedByScrollingAndTheScrollStaysInBounds() {
        var d = Self.viewing()
        let all = CaseViewScreen.content(view(d)!, DeskDriver.env, width: 76)
        #expect(all.count > CaseViewScreen.height(24), "the fixture must need scrolling")
        for _ in 0..<200 { d.key(.down) }
        let last = all.count - CaseViewScreen.height(24)
        #expect(view(d)?.scroll == last)
        #expect(d.text.contains("01-15 09:41 王芳 登记"))
        for _ in 0..<200 { d.key(.up) }
        #expect(view(d)?.scroll == 0)
        d.key(.pageUp)
        #expect(view(d)?.scroll == 0)
        #expect(d.screen.line(21).contains("第 1–18 行，共 \(all.count) 行"), "\(d.screen.line(21))")
    }

    @Test func documentNumbersAreNeverCutAtAnyWidth() {
        for (cols, rows) in [(80, 24), (81, 24), (95, 30), (120, 40), (200, 50)] {
            var d = Self.viewing(cols: cols, rows: rows)
            var seen = ""
            for _ in 0..<8 {
                seen += d.text
                d.key(.pageDown)
            }
            for number in ["15062120251201002X", "150602198003150034", "150621197803030094"] {
                #expect(seen.contains(number), "\(cols)x\(rows): \(number)")
            }
        }
    }

    @Test func wordWrapKeepsShortRunsWhole() {
        #expect(Wrap.words("证件 居民身份证 15062120251201002X", width: 20) == ["证件 居民身份证", "15062120251201002X"])
        #expect(Wrap.words("abc def", width: 7) == ["abc def"])
        // A sentence without spaces fills each line.
        #expect(Wrap.words("一二三四五六", width: 5) == ["一二", "三四", "五六"])
        // A run longer than the line breaks where it must.
        #expect(Wrap.words("x 1234567890", width: 6) == ["x 1234", "567890"])
    }
}
