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
        #expect(d.state.message == .error("请填写审批意见"))
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
