import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// The supervisor's screens: the queue, the review, the decision, the statistics.
@Suite struct SupervisorDeskTests {
    static let supervisor = OperatorInfo(id: 3, name: "supervisor", displayName: "刘审核", role: .supervisor)

    /// A newborn registered 111 days after birth in Dalate, hukou booklet not brought: an exception and a missing document.
    static func lateNewborn() -> (CaseFile, Verdict) {
        var c = CaseFile(workflow: "newborn", region: "dalate", today: LocalDate("2026-05-01")!, here: "150621")
        c.person = Party(name: "王小禾", document: IdentityDocument(kind: .residentID, number: "150621202601100027"),
                         birthDate: LocalDate("2026-01-10"), sex: .female)
        c.guardian = Cases.person("李梅", "150602198003150034")
        c.facts = ["hukou_registered": .bool(true), "deceased_before_hukou": .bool(false)]
        c.documentsPresented = ["birth-certificate", "guardian-id"]
        return (c, Cases.verdict(c))
    }

    static let item: QueueItem = {
        let (_, v) = lateNewborn()
        return QueueItem(number: "2026-000021", workflow: "newborn", workflowTitle: "新生儿参保登记", applicant: "王小禾",
                         exceptions: v.findings.filter { $0.severity == .approval }, clerkName: "clerk", clerkDisplayName: "王芳",
                         justification: "家长住院延误办理", waitedMinutes: 135)
    }()

    static let review: CaseReview = {
        let (c, v) = lateNewborn()
        return CaseReview(number: "2026-000021", version: 7, status: .awaitingApproval, caseFile: c, verdict: v,
                          clerkDisplayName: "王芳", justification: "家长住院延误办理",
                          history: ["05-01 09:12 王芳 建档", "05-01 09:20 王芳 提交审核：家长住院延误办理"])
    }()

    static func atQueue(cols: Int = 80, rows: Int = 24) -> DeskDriver {
        var d = DeskDriver(cols: cols, rows: rows, today: "2026-05-01")
        d.send(.started(hasOperators: true))
        d.send(.loggedIn(supervisor))
        d.send(.queueLoaded([item]))
        return d
    }

    @Test func aSupervisorLandsOnTheQueue() {
        var d = DeskDriver(today: "2026-05-01")
        d.send(.started(hasOperators: true))
        #expect(d.send(.loggedIn(Self.supervisor)) == [.loadQueue])
        d.send(.queueLoaded([Self.item]))
        #expect(d.text.contains("2小时15分"))
        #expect(d.text.contains("提交理由：家长住院延误办理"))
    }

    /// F1 on the home screen and on the queue gave five generic lines; each now explains its own keys.
    @Test func f1OnHomeAndOnTheQueueExplainsThatScreen() {
        var home = DeskDriver.atHome()
        home.key(.function(1))
        guard case let .help(h)? = home.state.overlay else { Issue.record("no help on home"); return }
        #expect(h.topic == .home)
        #expect(home.text.contains("学校花名册集体参保"))
        #expect(home.text.contains("作废所选草稿"))
        var queue = Self.atQueue()
        queue.key(.function(1))
        guard case let .help(q)? = queue.state.overlay else { Issue.record("no help on the queue"); return }
        #expect(q.topic == .queue)
        #expect(queue.text.contains("提交人本人不能审批自己送审的案件"))
        // Any key closes it, and the queue is as it was.
        queue.key(.escape)
        #expect(queue.state.overlay == nil)
        guard case .queue = queue.state.screen else { Issue.record("left the queue"); return }
    }

    @Test func aClerkCannotOpenTheApprovalScreen() {
        var d = DeskDriver.atHome()
        #expect(d.key(.char("3")) == [])
        #expect(d.state.message == .error("仅审核员可以审批例外情形（当前身份：柜员）"))
        guard case .home = d.state.screen else { Issue.record("left home"); return }
    }

    @Test func approvingWithAWrittenCommitmentSendsTheDecision() {
        var d = Self.atQueue()
        #expect(d.key(.enter) == [.openReview(number: "2026-000021")])
        d.send(.reviewLoaded(Self.review))
        d.key(.function(6))
        d.key(.char(" "))
        #expect(d.state.message == .info("以书面承诺代替：户口簿（江门规程 第四条）；批准时生效"))
        d.key(.function(8))
        d.key(.enter)
        #expect(d.state.message == .error("理由至少 2 个字（首尾空格和不可见字符不计）"))
        d.send(.terminal(.paste("情况属实，同意补办")))
        let effects = d.key(.enter)
        #expect(effects == [.decide(SupervisorDecision(number: "2026-000021", version: 7, approve: true, note: "情况属实，同意补办",
                                                       exceptions: Self.item.exceptions, waived: ["hukou-booklet"]))])
        d.send(.decided(SubmitResult(number: "2026-000021", status: .registered, decision: .accept, printed: ["notices/2026-000021-回执.txt"])))
        guard case .result = d.state.screen else { Issue.record("no result"); return }
        #expect(d.key(.enter) == [.loadQueue])
    }

    @Test func rejectingNeedsAReasonAndWaivesNothing() {
        var d = Self.atQueue()
        d.key(.enter)
        d.send(.reviewLoaded(Self.review))
        d.keys(.function(6), .char(" "), .function(9))
        d.send(.terminal(.paste("无正当理由逾期")))
        guard case let .decide(decision)? = d.key(.enter).last else { Issue.record("no decision"); return }
        #expect(decision.approve == false)
        #expect(decision.waived == [])
        #expect(decision.note == "无正当理由逾期")
    }

    @Test func aDecidedCaseCannotBeDecidedAgainFromTheScreen() {
        var d = Self.atQueue()
        d.key(.enter)
        var decided = Self.review
        decided.status = .registered
        d.send(.reviewLoaded(decided))
        d.key(.function(8))
        #expect(d.state.message == .error("案件 2026-000021 当前为“已登记”，不能再审批"))
    }

    @Test func filtersCycleThroughWorkflowsAndClerks() {
        var d = Self.atQueue()
        var other = Self.item
        other.number = "2026-000022"
        other.workflow = "student"
        other.workflowTitle = "大中专学生参保登记"
        other.clerkName = "clerk2"
        other.clerkDisplayName = "赵敏"
        d.send(.queueLoaded([Self.item, other]))
        d.key(.function(4))
        #expect(d.state.message == .info("业务筛选：新生儿参保登记"))
        #expect(!d.text.contains("2026-000022"))
        d.key(.function(4))
        d.key(.function(4))
        #expect(d.state.message == .info("业务筛选：全部"))
        d.key(.function(6))
        d.key(.function(6))
        #expect(d.state.message == .info("柜员筛选：赵敏"))
        #expect(!d.text.contains("2026-000021"))
    }

    @Test func goldenScreens() {
        for (cols, rows) in [(80, 24), (120, 40)] {
            var q = Self.atQueue(cols: cols, rows: rows)
            Golden.check(q.screen, "supervisor-queue-\(cols)x\(rows)")
            q.key(.enter)
            q.send(.reviewLoaded(Self.review))
            Golden.check(q.screen, "supervisor-review-\(cols)x\(rows)")
            q.keys(.function(6), .char(" "), .function(8))
            q.send(.terminal(.paste("情况属实")))
            Golden.check(q.screen, "supervisor-approve-\(cols)x\(rows)")
            var s = Self.atQueue(cols: cols, rows: rows)
            s.key(.function(7))
            s.send(.statisticsLoaded(date: LocalDate("2026-05-01")!, [
                StatisticsRow(operatorName: "clerk", displayName: "王芳", role: .clerk,
                              cases: [StatisticsCount(workflow: "新生儿参保登记", decision: "予以受理", count: 5),
                                      StatisticsCount(workflow: "新生儿参保登记", decision: "需审核", count: 1)],
                              total: 6, averageServeMinutes: 7.5, approvalsReceived: 1, rejectionsReceived: 0, decisionsMade: 0),
                StatisticsRow(operatorName: "supervisor", displayName: "刘审核", role: .supervisor, cases: [], total: 0,
                              averageServeMinutes: nil, approvalsReceived: 0, rejectionsReceived: 0, decisionsMade: 1),
            ]))
            Golden.check(s.screen, "supervisor-statistics-\(cols)x\(rows)")
        }
    }
}

/// A supervisor in one hall of an agency with several: their hall's requests first and alone, every hall's on F8;
/// the day's figures likewise, with each hall's day in the agency's view.
@Suite struct HallQueueDeskTests {
    static func item(_ number: String, hall: String?, counter: String? = nil) -> QueueItem {
        var item = SupervisorDeskTests.item
        item.number = number
        item.hall = hall
        item.counter = counter
        return item
    }

    static func atQueue(hall: String?) -> DeskDriver {
        var env = DeskDriver.env
        env.hall = hall
        var d = DeskDriver(today: "2026-05-01", env: env)
        d.send(.started(hasOperators: true))
        d.send(.loggedIn(SupervisorDeskTests.supervisor))
        d.send(.queueLoaded([item("2026-000021", hall: "东胜大厅", counter: "3号窗口"), item("2026-000022", hall: "康巴什大厅"),
                             item("2026-000023", hall: nil)]))
        return d
    }

    @Test func theQueueListsTheDesksHallUntilF8() {
        var d = Self.atQueue(hall: "东胜大厅")
        #expect(d.text.contains("2026-000021"))
        #expect(!d.text.contains("2026-000022"))
        #expect(!d.text.contains("2026-000023"))
        #expect(d.text.contains("大厅：东胜大厅"))
        #expect(d.text.contains("提交理由：家长住院延误办理（东胜大厅 3号窗口）"))
        #expect(d.key(.function(8)) == [])
        #expect(d.text.contains("2026-000022") && d.text.contains("2026-000023"))
        #expect(d.text.contains("大厅：全部"))
        #expect(d.state.message == .info("已列出全部大厅的待审核案件"))
        d.key(.function(8))
        #expect(!d.text.contains("2026-000022"))
    }

    @Test func anEmptyHallSaysWhatTheOtherHallsHold() {
        var env = DeskDriver.env
        env.hall = "准格尔大厅"
        var d = DeskDriver(today: "2026-05-01", env: env)
        d.send(.started(hasOperators: true))
        d.send(.loggedIn(SupervisorDeskTests.supervisor))
        d.send(.queueLoaded([Self.item("2026-000022", hall: "康巴什大厅")]))
        #expect(d.text.contains("（本大厅无待审核案件；其他大厅有 1 件，按 F8 查看）"))
        // Enter on an empty (filtered) list opens nothing.
        #expect(d.key(.enter) == [])
    }

    @Test func aDeskWithoutAHallListsEveryRequest() {
        var d = Self.atQueue(hall: nil)
        #expect(d.text.contains("2026-000021") && d.text.contains("2026-000022") && d.text.contains("2026-000023"))
        #expect(!d.text.contains("大厅："))
        #expect(d.key(.function(8)) == [])
        #expect(d.state.message == .info("本窗口未指定大厅（--hall 或 $CANBAO_HALL），已列出全部待审核案件"))
    }

    @Test func theStatisticsAreTheHallsUntilF8ShowsTheAgencyByHall() {
        var d = Self.atQueue(hall: "东胜大厅")
        #expect(d.key(.function(7)) == [.loadStatistics(date: LocalDate("2026-05-01")!)])
        #expect(d.text.contains("窗口统计：2026年5月1日，东胜大厅") || d.text.contains("，东胜大厅"))
        #expect(d.key(.function(8)) == [.loadStatistics(date: LocalDate("2026-05-01")!, allHalls: true)])
        // A late answer for the hall's figures is not shown as the agency's.
        d.send(.statisticsLoaded(date: LocalDate("2026-05-01")!, [], allHalls: false,
                                 halls: [StatisticsHall(label: "东胜大厅", cases: 9, served: 9, decisions: 9)]))
        #expect(d.text.contains("正在统计…"))
        d.send(.statisticsLoaded(date: LocalDate("2026-05-01")!, [
            StatisticsRow(operatorName: "clerk", displayName: "王芳", role: .clerk, cases: [], total: 3,
                          averageServeMinutes: nil, approvalsReceived: 0, rejectionsReceived: 0, decisionsMade: 0),
        ], allHalls: true, halls: [StatisticsHall(label: "东胜大厅", cases: 2, served: 1, decisions: 0),
                                   StatisticsHall(label: "未记录大厅", cases: 1, served: 1, decisions: 1)]))
        #expect(d.text.contains("全机构"))
        // The command that exports the same figures, whole at 80 columns.
        #expect(d.screen.cols == 80)
        #expect(d.text.contains("命令行导出同样的数字：canbao report daily --date 2026-05-01 --all-halls --csv\n"), "\(d.text)")
        #expect(d.text.contains("按大厅："))
        // Counted as the operators' rows are: cases served, drafts apart.
        #expect(d.text.contains("办件 1 件（另有草稿及作废 1 件），审批 0 次"))
        #expect(d.text.contains("办件 1 件，审批 1 次"))
        #expect(d.text.contains("未记录大厅"))
    }
}
