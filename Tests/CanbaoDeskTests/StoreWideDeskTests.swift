import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// The person screen with its duplicates, the school roster import and the coverage screen: keys in, effects and
/// screens out, with the retention judged by the real rules core.
@Suite struct StoreWideDeskTests {
    static let today = LocalDate("2026-03-01")!
    static let fang = PersonSummary(name: "方磊", document: IdentityDocument(kind: .residentID, number: "150602195101262933"),
                                    birthDate: LocalDate("1951-01-26"), sex: .male,
                                    records: [PlatformRecord(place: "150602", scheme: .resident, status: .active, year: 2026, paid: true),
                                              PlatformRecord(place: "150621", scheme: .resident, status: .active, year: 2026, paid: true)],
                                    personID: 41)

    /// Fang's two paid resident records of 2026 under Dalate's profile: the person chooses, in writing
    /// (内蒙古细则 第二十四条（二）); `keep` is the chosen record's index.
    static func detail(keep: Int? = nil, hardship: [HardshipLine] = []) -> PersonDetail {
        let policy = TestForms.shared.policy("dalate")!
        let ids: [Int64] = [6, 7]
        let found = DuplicateRetention.review(fang.records, facts: DuplicateFacts(chosenRecord: keep), policy: policy, today: today)
        return PersonDetail(personID: 41, summary: fang, recordIDs: ids, hardship: hardship, duplicates: found.map { d, r in
            DuplicateView(duplicate: d, retention: r, recordIDs: d.records.map { ids[$0] }, candidateIDs: r.candidates.map { ids[$0] },
                          keepRecordID: r.keep.map { ids[$0] }, refundCases: r.actions.filter { $0.refund != nil }.count)
        })
    }

    /// The clerk found Fang and opened his screen.
    static func atPerson(cols: Int = 80, rows: Int = 24, detail: PersonDetail = detail()) -> DeskDriver {
        DeskDriver.atPerson(cols: cols, rows: rows, today: "2026-03-01", fang, detail)
    }

    static func person(_ d: DeskDriver) -> PersonState? { d.person }

    @Test func enterOnASearchResultOpensThePersonScreen() {
        var d = DeskDriver.atHome(today: "2026-03-01")
        d.key(.char("2"))
        d.type("方磊")
        d.key(.enter)
        d.send(.personsFound(query: "方磊", [Self.fang]))
        d.effects = []
        d.key(.enter)
        #expect(d.effects == [.openPerson(personID: 41, keep: [:])])
        #expect(Self.person(d)?.personID == 41)
        d.send(.personLoaded(Self.detail()))
        #expect(d.state.message == .info("方磊：重复参保 1 项，F4 选择保留的参保关系，F10 办理"))
        let text = d.text
        #expect(text.contains("居民医保重复参保 2026 年度（内蒙古细则 第二十三条（二））"))
        #expect(text.contains("保留原则：由参保人自行选择参保地（内蒙古细则 第二十四条（二））"))
        #expect(text.contains("待确认：参保人选择保留的参保关系（F4 选择保留的参保关系）"))
        #expect(text.contains("须本人签署书面承诺书后办理"))
        // Esc goes back to the results the clerk came from.
        d.key(.escape)
        guard case let .search(s) = d.state.screen else { Issue.record("not back at the search"); return }
        #expect(s.results == [Self.fang])
    }

    @Test func f10BeforeTheChoiceSaysWhatIsMissingAndAsksNothingOfTheStore() {
        var d = Self.atPerson()
        d.key(.function(10))
        #expect(d.effects == [])
        #expect(d.state.message == .error("须先确认参保人选择保留的参保关系：按 F4 选择保留的参保关系"))
    }

    @Test func f4CyclesTheCandidatesAndReloadsWithTheChoice() {
        var d = Self.atPerson()
        d.key(.function(4))
        #expect(d.effects == [.openPerson(personID: 41, keep: [0: 6])])
        d.key(.function(4))
        #expect(d.effects.last == .openPerson(personID: 41, keep: [0: 7]))
        d.key(.function(4))
        #expect(d.effects.last == .openPerson(personID: 41, keep: [0: 6]))
        #expect(d.state.message == .info("保留 150602 鄂尔多斯市东胜区 居民医保 2026年 正常参保（已缴费）：再按 F4 换一条"))
        d.send(.personLoaded(Self.detail(keep: 0)))
        let text = d.text
        #expect(text.contains("#6      保留 150602 鄂尔多斯市东胜区 居民医保 2026年"))
        #expect(text.contains("#7      重复 150621 鄂尔多斯市达拉特旗 居民医保 2026年"))
        #expect(text.contains("保留：#6 150602 鄂尔多斯市东胜区 居民医保 2026年 正常参保（已缴费）"))
        #expect(text.contains("终止 #7（内蒙古细则 第二十四条（二））"))
    }

    /// F10 lists what will be kept and what ended before anything is asked of the store; Y (with the commitment
    /// collected) carries it out as a numbered case, whose result and notice the clerk sees.
    @Test func theResolutionIsConfirmedNamingWhatEndsBeforeTheStoreIsAsked() {
        var d = Self.atPerson()
        d.key(.function(4))
        d.send(.personLoaded(Self.detail(keep: 0)))
        d.effects = []
        d.key(.function(10))
        #expect(d.effects == [])
        #expect(Self.person(d)?.confirming == true)
        let text = d.text
        #expect(text.contains("确认办理重复参保处理（此操作将终止或暂停参保关系，不可撤销）"))
        #expect(text.contains("保留：#6 150602 鄂尔多斯市东胜区 居民医保 2026年 正常参保（已缴费）"))
        #expect(text.contains("终止：#7 150621 鄂尔多斯市达拉特旗 居民医保 2026年 正常参保（已缴费）"))
        #expect(text.contains("须参保人签署书面承诺书：已收取？"))
        #expect(text.contains("Y 已收取承诺书并办理    N 取消"))
        Golden.check(d.screen, "person-duplicate-confirm-80x24")
        // Any other key is refused and keeps asking.
        d.key(.char("x"))
        #expect(d.effects == [])
        #expect(d.state.message == .error("请按 Y 确认已收取书面承诺书并办理，或按 N 取消"))
        d.key(.char("n"))
        #expect(d.effects == [])
        #expect(Self.person(d)?.confirming == false)
        d.key(.function(10))
        d.key(.char("y"))
        #expect(d.effects == [.resolveDuplicate(personID: 41, index: 0, keep: [0: 6], commitment: true)])
        #expect(Self.person(d)?.busy == true)

        var after = Self.fang
        after.records[1].status = .terminated
        let result = SubmitResult(number: "2026-000031", status: .completed, decision: .accept,
                                  printed: ["/tmp/cb/notices/2026-000031-重复参保处理告知书.txt"], enrolls: false,
                                  printing: "未配置打印机（--printer 或 $CANBAO_PRINTER）：请打开文件打印 /tmp/cb/notices/2026-000031-重复参保处理告知书.txt")
        d.send(.duplicateResolved(result, message: "案件 2026-000031 已办结：保留 #6，终止 #7",
                                  PersonDetail(personID: 41, summary: after, recordIDs: [6, 7])))
        #expect(d.state.message == .success("案件 2026-000031 已办结：保留 #6，终止 #7"))
        guard case let .result(r) = d.state.screen else { Issue.record("no result screen"); return }
        #expect(r.returnTo?.personID == 41)
        #expect(d.text.contains("案件 2026-000031：已办结"))
        #expect(d.text.contains("业务：重复参保处理"))
        Golden.check(d.screen, "person-duplicate-resolved-80x24")
        // Enter goes back to the person, read again.
        d.effects = []
        d.key(.enter)
        #expect(d.effects == [.openPerson(personID: 41, keep: [:])])
        d.send(.personLoaded(PersonDetail(personID: 41, summary: after, recordIDs: [6, 7])))
        #expect(d.text.contains("未发现重复参保（内蒙古细则 第二十三条）"))
        #expect(d.text.contains("150621 鄂尔多斯市达拉特旗 居民医保 2026年 终止参保（已缴费）"))
    }

    @Test func thePersonScreenShowsHardshipMarksAndStartsACaseForThePerson() {
        let marks = [HardshipLine(name: "特困人员", department: "民政部门", certifiedPlace: "150621",
                                  certifiedDate: LocalDate("2026-01-05"), applied: true, caseNumber: "2026-000031"),
                     HardshipLine(name: "重度残疾人", department: "残联")]
        var d = Self.atPerson(detail: Self.detail(hardship: marks))
        // Two statuses take two lines at 80 columns.
        #expect(d.screen.line(3).contains("困难身份：特困人员（民政部门，认定地 150621，2026-01-05 认定）［按此资助］；"))
        #expect(d.screen.line(4).contains("重度残疾人（残联）"))
        #expect(d.screen.line(5).contains("平台参保记录（2）"))
        d.key(.enter)
        guard case let .picker(p) = d.state.screen else { Issue.record("no workflow picker"); return }
        #expect(p.person == Self.fang)
    }

    /// Esc on the workflows offered for a person went home: the clerk lost the person and had to search again.
    @Test func escFromAPersonsNewCaseGoesBackToThePerson() {
        var d = Self.atPerson()
        d.key(.enter)
        guard case .picker = d.state.screen else { Issue.record("no workflow picker"); return }
        d.key(.escape)
        #expect(Self.person(d)?.personID == 41)
        #expect(Self.person(d)?.detail != nil)
        #expect(d.effects == [])
        // And from there, Esc goes back to the search results as before.
        d.key(.escape)
        guard case .search = d.state.screen else { Issue.record("not back at the search"); return }
    }

    @Test func f1ShowsTheArticleOfTheRetentionPrinciple() {
        var d = Self.atPerson()
        d.key(.function(1))
        guard case let .article(a)? = d.state.overlay else { Issue.record("no article"); return }
        #expect(a.citation == "内蒙古细则 第二十四条（二）")
        #expect(!a.articles.isEmpty)
    }

    @Test func preregisteredNewbornsAreAmongTheDeadlinesAndOpenThePerson() {
        let overdue = CaseSummary(number: "2026-000007", workflow: "新生儿参保登记", applicant: "陈一诺", status: .registered,
                                  updated: "03-01", dueDate: LocalDate("2026-07-31"), personID: 52, dueWhat: "预参保新生儿信息更新")
        var d = DeskDriver.atHome(today: "2026-12-03", data: HomeData(preregistered: [overdue], deadlines: [overdue]))
        d.keys(.tab, .tab, .tab, .tab)
        let text = d.text
        #expect(text.contains("时限（1）"))
        #expect(text.contains("2026-000007  新生儿参保登记          陈一诺    已登记    03-01  逾期 07-31"))
        #expect(text.contains("预参保新生儿信息更新 2026-07-31（已逾期）"))
        d.key(.enter)
        #expect(d.effects == [.openPerson(personID: 52, keep: [:])])
        #expect(Self.person(d)?.personID == 52)
    }

    // MARK: roster

    static func atRoster(cols: Int = 80, rows: Int = 24) -> DeskDriver {
        var d = DeskDriver.atHome(cols: cols, rows: rows, today: "2026-09-10")
        d.key(.char("4"))
        d.effects = []
        return d
    }

    @Test func theRosterScreenStartsAtTheCounterAndNextYearInTheCollectionPeriod() {
        let d = Self.atRoster()
        guard case let .roster(r) = d.state.screen else { Issue.record("no roster screen"); return }
        #expect(r.inputs.map(\.text) == ["", "", "150621", "2027"])
    }

    @Test func badRosterInputIsNamedAllAtOnceAndNothingIsAsked() {
        var d = Self.atRoster()
        d.keys(.tab, .tab)
        for _ in 0..<6 { d.key(.backspace) }
        d.type("15a")
        d.key(.tab)
        for _ in 0..<4 { d.key(.backspace) }
        d.type("26")
        d.key(.function(5))
        #expect(d.effects == [])
        #expect(d.state.message == .error("请填写花名册文件的路径（CSV，UTF-8 或 GB18030）；请填写学校名称；学籍地代码应为 6 位数字的统筹区代码：“15a”；参保年度应为 1900–2099 的 4 位年份：“26”"))
    }

    @Test func f5ChecksAndF10RegistersTheRoster() {
        var d = Self.atRoster()
        d.type("/srv/rosters/一中.csv")
        d.key(.tab)
        d.type("达拉特旗第一中学")
        d.key(.function(5))
        let check = RosterImportRequest(file: "/srv/rosters/一中.csv", school: "达拉特旗第一中学", place: "150621", year: 2027, dryRun: true)
        #expect(d.effects == [.importRoster(check)])
        // Keys wait while the import runs.
        d.key(.function(10))
        #expect(d.effects == [.importRoster(check)])
        d.send(.rosterImported(Self.rosterSummary(check)))
        #expect(d.state.message == .info("校验完毕（未写入）：可登记 2 人，已参保 1 人，退回 1 行；错误报告改正后可重新导入"))
        d.key(.function(10))
        var register = check
        register.dryRun = false
        #expect(d.effects.last == .importRoster(register))
    }

    @Test func aLongImportShowsItsProgressAndEscCancelsIt() {
        var d = Self.atRoster()
        d.type("/srv/rosters/全校.csv")
        d.key(.tab)
        d.type("达拉特旗第一中学")
        d.key(.function(10))
        d.effects = []
        d.send(.rosterProgress(rows: 100_000, checked: 40_960, rejected: 12))
        #expect(d.text.contains("已校验 40960 / 100000 行，退回 12 行"))
        #expect(d.text.contains("40%"))
        #expect(d.text.contains("Esc 取消：校验完成前取消，不写入任何数据"))
        // Other keys wait; Esc asks once to stop, and the screen says so.
        d.key(.function(5))
        #expect(d.effects == [])
        d.key(.escape)
        #expect(d.effects == [.cancelRosterImport])
        #expect(d.state.message == .info("正在取消…（不写入任何数据）"))
        d.key(.escape)
        #expect(d.effects == [.cancelRosterImport])
        #expect(d.text.contains("正在取消，校验停止后不写入任何数据"))
        guard case .roster = d.state.screen else { Issue.record("left the roster screen while importing"); return }
        d.send(.failed(reason: "已取消，未写入任何数据"))
        guard case let .roster(r) = d.state.screen else { Issue.record("no roster screen"); return }
        #expect(!r.busy && !r.cancelling && r.progress == nil)
        #expect(d.text.contains("已取消，未写入任何数据"))
        // And the screen is the clerk's again: Esc leaves.
        d.key(.escape)
        guard case .home = d.state.screen else { Issue.record("Esc did not leave the roster screen"); return }
    }

    static func rosterSummary(_ q: RosterImportRequest) -> RosterImportSummary {
        RosterImportSummary(request: q, fileName: "一中.csv", encoding: "GB18030", rowCount: 4, registered: 2, alreadyEnrolled: 1,
                            replaced: 1,
                            rejected: [.init(line: 4, text: "第 4 行：证件号码：身份证号码校验码错误：第18位应为 6，实际为 X（也可能是前17位有录入错误）")],
                            errorReport: "/home/canbao/reports/roster-20260910-101500-errors.csv")
    }

    // MARK: coverage

    @Test func theCoverageScreenLoadsAtOnceAndSwitchesToTheUnenrolledList() {
        var d = DeskDriver.atHome(today: "2026-03-01")
        d.key(.char("5"))
        #expect(d.effects == [.loadCoverage(year: 2026, place: nil)])
        d.send(.coverageLoaded(Self.coverage))
        #expect(d.state.message == .info("2026 年度：人员 300，已参保 285，参保率 95.0%"))
        d.key(.tab)
        d.type("1506")
        d.key(.function(6))
        #expect(d.effects.last == .loadUnenrolled(year: 2026, place: "1506"))
        d.send(.unenrolledLoaded(year: 2026, place: "1506", total: 1, [Self.unenrolled[0]]))
        #expect(d.text.contains("未参保人员（1）"))
        #expect(d.text.contains("方磊      150602195101262933  鄂尔多斯市东胜区"))
        d.key(.function(8))
        #expect(d.effects.last == .exportCoverage(year: 2026, place: "1506"))
        d.send(.coverageExported(paths: ["/h/reports/coverage-2026-1506-x.csv", "/h/reports/coverage-2026-1506-x-unenrolled.csv"]))
        #expect(d.state.message == .success("已导出 2 个 CSV 文件到 /h/reports：coverage-2026-1506-x.csv、coverage-2026-1506-x-unenrolled.csv"))
    }

    @Test func aBadYearOrPlaceIsNamedAndNothingIsAsked() {
        var d = DeskDriver.atHome(today: "2026-03-01")
        d.key(.char("5"))
        d.effects = []
        for _ in 0..<4 { d.key(.backspace) }
        d.type("20x6")
        d.key(.enter)
        #expect(d.effects == [])
        #expect(d.state.message == .error("年度应为 1900–2099 的 4 位年份：“20x6”"))
        // Four digits out of range: the message says the range, not only the digits.
        for _ in 0..<4 { d.key(.backspace) }
        d.type("3000")
        d.key(.enter)
        #expect(d.effects == [])
        #expect(d.state.message == .error("年度应为 1900–2099 的 4 位年份：“3000”"))
        for _ in 0..<4 { d.key(.backspace) }
        d.type("2026")
        d.key(.tab)
        d.type("达拉特")
        d.key(.enter)
        #expect(d.effects == [])
        #expect(d.state.message == .error("地区应为统筹区代码或其前缀（数字），如 1506：“达拉特”"))
    }

    static let coverage = CoverageView(
        year: 2026, place: nil, total: CoverageLine(caption: "合计", persons: 300, enrolled: 285),
        groups: [CoverageLine(caption: "新生儿", persons: 12, enrolled: 9), CoverageLine(caption: "在校学生", persons: 40, enrolled: 40)],
        places: [CoverageLine(caption: "150602 鄂尔多斯市东胜区", persons: 120, enrolled: 110), CoverageLine(caption: "150621 鄂尔多斯市达拉特旗", persons: 180, enrolled: 175)],
        target: "100%（达拉特旗方案 二（一））")

    static let unenrolled = [UnenrolledLine(name: "方磊", document: "150602195101262933", place: "150602", groups: "",
                                            lastRecord: "150602 居民医保 2025年 正常参保（已缴费）"),
                             UnenrolledLine(name: "陈嘉欣", document: "440703199203150021", place: "440703", groups: "",
                                            lastRecord: "440703 职工医保 2024年 终止参保（已缴费）"),
                             // A code the division table does not know (not current, mistyped at import) stays a code.
                             UnenrolledLine(name: "李强", document: "150621198805050011", place: "159999", groups: "学生",
                                            lastRecord: "159999 居民医保 2024年 正常参保（已缴费）")]

    @Test func theUnenrolledListNamesThePlacesTheDivisionTableKnows() {
        func list(cols: Int, rows: Int) -> DeskDriver {
            var d = DeskDriver.atHome(cols: cols, rows: rows, today: "2026-03-01")
            d.key(.char("5"))
            d.key(.function(6))
            d.send(.unenrolledLoaded(year: 2026, place: nil, total: 3, Self.unenrolled))
            return d
        }
        var d = list(cols: 80, rows: 24)
        let rows = (5...7).map { d.screen.line($0) }
        // At 80 columns the name stands for the code; the document number stays whole.
        #expect(rows[0].hasPrefix("  方磊      150602195101262933  鄂尔多斯市东胜区    "), "\(rows[0])")
        #expect(rows[1].hasPrefix("  陈嘉欣    440703199203150021  江门市蓬江区        "), "\(rows[1])")
        #expect(rows[2].hasPrefix("  李强      150621198805050011  159999              学生"), "\(rows[2])")
        // The selected one whole below the list, the code beside the name, the last record's place named too.
        #expect([d.screen.line(20), d.screen.line(21)] == ["  方磊：所在地 150602 鄂尔多斯市东胜区；最近参保记录 150602 鄂尔多斯市东胜区",
                                                         "  居民医保 2025年 正常参保（已缴费）"])
        d.keys(.down, .down)
        #expect([d.screen.line(20), d.screen.line(21)] == ["  李强：所在地 159999；最近参保记录 159999 居民医保 2024年 正常参保（已缴费）", ""])
        // Wider, the code stands before the name in the column too; the last record names its place where it fits.
        let wide = list(cols: 120, rows: 40)
        #expect(wide.screen.line(5).hasPrefix("  方磊      150602195101262933  150602 鄂尔多斯市东胜区      "), "\(wide.screen.line(5))")
        #expect(wide.screen.line(5).hasSuffix("  150602 居民医保 2025年 正常参保（已缴费）"), "\(wide.screen.line(5))")
        #expect(list(cols: 140, rows: 40).screen.line(5).hasSuffix("  150602 鄂尔多斯市东胜区 居民医保 2025年 正常参保（已缴费）"))
        for row in 0..<24 { #expect(DisplayWidth.of(d.screen.line(row)) <= 80) }
    }

    @Test func shareIsRoundedToTenthsAndNobodyIsADash() {
        #expect(CoverageLine(caption: "", persons: 3, enrolled: 2).share == "66.7%")
        #expect(CoverageLine(caption: "", persons: 0, enrolled: 0).share == "-")
        #expect(CoverageLine(caption: "", persons: 7, enrolled: 7).share == "100.0%")
    }

    // MARK: golden screens

    @Test func goldenScreens() {
        GoldenScreenTests.both("person-duplicate") { c, r in
            var d = Self.atPerson(cols: c, rows: r)
            d.key(.function(4))
            d.send(.personLoaded(Self.detail(keep: 0)))
            return d
        }
        GoldenScreenTests.both("roster-result") { c, r in
            var d = Self.atRoster(cols: c, rows: r)
            d.type("/srv/rosters/一中.csv")
            d.key(.tab)
            d.type("达拉特旗第一中学")
            d.key(.function(10))
            d.send(.rosterImported(Self.rosterSummary(RosterImportRequest(file: "/srv/rosters/一中.csv", school: "达拉特旗第一中学",
                                                                          place: "150621", year: 2027, dryRun: false))))
            return d
        }
        GoldenScreenTests.both("roster-progress") { c, r in
            var d = Self.atRoster(cols: c, rows: r)
            d.type("/srv/rosters/全校.csv")
            d.key(.tab)
            d.type("达拉特旗第一中学")
            d.key(.function(10))
            d.send(.rosterProgress(rows: 100_000, checked: 40_960, rejected: 12))
            return d
        }
        GoldenScreenTests.both("coverage-report") { c, r in
            var d = DeskDriver.atHome(cols: c, rows: r, today: "2026-03-01")
            d.key(.char("5"))
            d.send(.coverageLoaded(Self.coverage))
            return d
        }
        GoldenScreenTests.both("coverage-unenrolled") { c, r in
            var d = DeskDriver.atHome(cols: c, rows: r, today: "2026-03-01")
            d.key(.char("5"))
            d.send(.coverageLoaded(Self.coverage))
            d.key(.function(6))
            d.send(.unenrolledLoaded(year: 2026, place: nil, total: 3, Self.unenrolled))
            return d
        }
    }
}
