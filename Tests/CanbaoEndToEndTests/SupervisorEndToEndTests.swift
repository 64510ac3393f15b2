import CanbaoDesk
import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Issue 5 through the real binary in tmux: the clerk 王芳 sends a newborn beyond its 90-day window to the
/// supervisors on her terminal; the supervisor 刘审核 (a second account) decides it on a terminal of his own.
/// Each test prepares a fresh home through the command line; dates are computed from today in Asia/Shanghai.
@Suite("审核员端到端（tmux 中的 canbao）")
struct SupervisorEndToEndTests {
    static var today: LocalDate { CounterCalendar.today }
    static let lateReason = "家长住院延误办理"

    static func storedCase(_ counter: Counter, _ number: String) throws -> CaseRecord {
        try #require(try counter.openStore().case(number: number), "案件 \(number) 不在数据库中")
    }

    // MARK: - 1. Approved and registered

    @Test("逾期新生儿：柜员送审，审核员在队列中看到理由与等待时间，复核（答案、依据、F1 条文），批准后登记")
    func aLateNewbornIsApprovedAndRegistered() throws {
        let counter = try Counter()
        try counter.addSupervisor()
        let visit = NewbornVisit.born(daysAgo: 100, name: "王小禾", reason: Self.lateReason)
        let caseNumber = try #require(try counter.clerkServes([visit]).first)
        #expect(try Self.storedCase(counter, caseNumber).status == .awaitingApproval)

        let t = try counter.supervisorAtQueue()
        defer { t.kill() }
        // The queue: how long it waited, the case, the clerk; below, the exception with its article and her reason.
        var screen = try t.settle("队列中的案件") { Tmux.queueRow($0, caseNumber) != nil && $0.contains("提交理由：") }
        let row = try #require(Tmux.queueRow(screen, caseNumber)?.line)
        #expect(row.range(of: #"^ \d+分钟 +\#(caseNumber) +新生儿参保登记 +王小禾 +王芳$"#, options: .regularExpression) != nil, "\(screen)")
        #expect(screen.lines.contains { $0.hasPrefix("  出生后第100天办理，已超过90天") && $0.hasSuffix("（国家规程 第十五条 3）") }, "\(screen)")
        #expect(screen.contains("  提交理由：\(Self.lateReason)"), "\(screen)")

        // The review: the answers as served, the documents, the finding with its article, the reason, the history.
        screen = try t.openReview(caseNumber)
        #expect(screen.line(1).hasPrefix(" 案件 \(caseNumber)  新生儿参保登记  柜员 王芳  状态 待审核"), "\(screen)")
        #expect(screen.lines.contains { $0.hasPrefix(" 新生儿姓名") && $0.contains("王小禾") }, "\(screen)")
        #expect(screen.lines.contains { $0.hasPrefix(" 出生日期") && $0.contains(visit.birth.description) }, "\(screen)")
        #expect(screen.lines.contains { $0.hasPrefix(" 新生儿证件") && $0.contains("\(visit.number) 身份证") }, "\(screen)")
        #expect(screen.lines.contains { $0.hasSuffix("│ 缺少材料（F6 选择）") }, "\(screen)")
        #expect(screen.lines.contains { $0.hasSuffix("│ 无") }, "\(screen)")
        #expect(screen.lines.contains { $0.hasPrefix(" [需审核] 出生后第100天办理") && $0.hasSuffix("（国家规程 第十五条 3）") }, "\(screen)")
        #expect(screen.contains(" 提交理由：\(Self.lateReason)"), "\(screen)")
        #expect(screen.lines.contains { $0.hasPrefix(" 经过：") && $0.contains("王芳") }, "\(screen)")
        #expect(screen.contains(" 需审核 1 项；书面承诺 0 项"), "\(screen)")

        // F1 on the finding: the article's text from the policy document.
        try t.sendKeys("F1")
        screen = try t.settle("条文") { $0.line(1) == " 政策条文：国家规程 第十五条 3" }
        #expect(screen.contains("新生儿参保登记应使用本人真实姓名和有效身份证明"), "\(screen)")
        try t.sendKeys("Escape")
        try t.settle("回到审核案件") { $0.line(1).contains("案件 \(caseNumber)") && $0.contains("需审核 1 项") }

        let note = "情况属实，同意补办"
        screen = try t.decide(approve: true, note: note) { $0.line(0).contains("参保 · 办理结果") }
        #expect(screen.line(3) == "  案件 \(caseNumber)：已登记参保", "\(screen)")
        #expect(screen.contains("申请人：王小禾"))
        #expect(screen.contains("结论：予以受理"))
        #expect(counter.lists(caseNumber, "回执", on: screen), "\(screen)")

        // The store: registered, the newborn enrolled, the approval recorded and audited under the supervisor.
        let store = try counter.openStore()
        let record = try Self.storedCase(counter, caseNumber)
        #expect(record.status == .registered)
        let person = try #require(try store.person(byDocument: visit.document), "新生儿未建档")
        #expect(person.name == "王小禾" && person.birthDate == visit.birth)
        let records = try store.platformRecords(forPerson: person.id)
        #expect(records.count == 1, "\(records)")
        let enrolled = try #require(records.first)
        #expect(enrolled.id == record.registeredRecordID)
        #expect(enrolled.place == "150621" && enrolled.scheme == .resident && enrolled.year == visit.birth.year && enrolled.status == .active)
        #expect(enrolled.caseID == record.id)

        let supervisorID = try counter.operatorID("supervisor"), clerkID = try counter.operatorID("clerk")
        let approvals = try store.approvals(caseID: record.id)
        #expect(approvals.count == 1, "\(approvals)")
        #expect(approvals.first?.rule == "newborn.window")
        #expect(approvals.first?.citation == "国家规程 第十五条 3")
        #expect(approvals.first?.decision == .approved)
        #expect(approvals.first?.decidedBy == supervisorID)
        #expect(approvals.first?.requestedBy == clerkID)
        #expect(approvals.first?.reason == note)
        let audit = try store.auditLog(entity: "case", entityID: caseNumber)
        let approve = try #require(audit.first { $0.action == "case.approve" }, "\(audit.map(\.action))")
        #expect(approve.operatorID == supervisorID && approve.actor == "supervisor")
        #expect(approve.detail.contains(#""decision":"approved""#) && approve.detail.contains(#""reason":"\#(note)""#), "\(approve.detail)")
        let register = try #require(audit.first { $0.action == "case.register" }, "\(audit.map(\.action))")
        #expect(register.operatorID == supervisorID && register.seq > approve.seq)
        // The clerk's request is still there, under the clerk.
        #expect(audit.contains { $0.action == "case.status" && $0.operatorID == clerkID && $0.detail.contains(Self.lateReason) })

        let receipt = try counter.notice(caseNumber, "回执")
        #expect(receipt.contains("登记结果：已登记参保"), "\(receipt)")
        #expect(receipt.contains("审核员刘审核批准：\(note)"), "\(receipt)")
        #expect(receipt.contains("经办人：王芳"), "\(receipt)")
        #expect(counter.noticeExists(caseNumber, "回执", ext: "html"))

        // Back to the queue: nothing left to decide.
        try t.sendKeys("Enter")
        try t.settle("（无待审核案件）")
    }

    // MARK: - 2. Rejected and refused

    @Test("逾期新生儿：审核员驳回（F9 填写理由），案件不予办理，通知书印有理由")
    func aLateNewbornIsRejectedAndRefused() throws {
        let counter = try Counter()
        try counter.addSupervisor()
        let visit = NewbornVisit.born(daysAgo: 130, name: "赵小满", sequence: 4, reason: "家长在外地务工，未能及时办理")
        let caseNumber = try #require(try counter.clerkServes([visit]).first)

        let t = try counter.supervisorAtQueue()
        defer { t.kill() }
        try t.openReview(caseNumber)
        let reason = "无正当理由逾期，请按统筹区规定办理"
        let screen = try t.decide(approve: false, note: reason) { $0.line(0).contains("参保 · 办理结果") }
        #expect(screen.line(3) == "  案件 \(caseNumber)：不予办理，已出具不予办理通知书", "\(screen)")
        #expect(screen.contains("结论：不予办理"))
        #expect(counter.lists(caseNumber, "不予办理通知书", on: screen), "\(screen)")

        let store = try counter.openStore()
        let record = try Self.storedCase(counter, caseNumber)
        #expect(record.status == .refused)
        #expect(record.registeredRecordID == nil)
        #expect(try store.person(byDocument: visit.document) == nil)
        let approvals = try store.approvals(caseID: record.id)
        #expect(approvals.map(\.decision) == [.rejected], "\(approvals)")
        #expect(approvals.first?.reason == reason)
        #expect(approvals.first?.decidedBy == (try counter.operatorID("supervisor")))
        let audit = try store.auditLog(entity: "case", entityID: caseNumber)
        #expect(audit.contains { $0.action == "case.reject" && $0.actor == "supervisor" && $0.detail.contains(#""reason":"\#(reason)""#) },
                "\(audit.map(\.detail))")

        let notice = try counter.notice(caseNumber, "不予办理通知书")
        #expect(notice.contains("经审核，您申请办理的业务不予办理"), "\(notice)")
        #expect(notice.contains("出生后第130天办理"), "\(notice)")
        #expect(notice.contains("审核员刘审核不予批准：\(reason)"), "\(notice)")
        #expect(notice.contains("申请人：赵小满（居民身份证 \(visit.number)）"), "\(notice)")
        #expect(counter.printed(caseNumber).contains("\(caseNumber)-不予办理通知书.html"))
    }

    // MARK: - 3. Approved with a written commitment

    @Test("逾期且缺户口簿：审核员以书面承诺代替（F6、空格）后批准，登记，回执写明以书面承诺代替")
    func aMissingDocumentIsAcceptedOnAWrittenCommitment() throws {
        let counter = try Counter()
        try counter.addSupervisor()
        let visit = NewbornVisit.born(daysAgo: 110, name: "孙小雨", sequence: 6, brought: ["出生医学证明", "监护人有效身份证件"],
                                      reason: "户口簿在老家，申请告知承诺")
        let caseNumber = try #require(try counter.clerkServes([visit]).first)
        let served = try Self.storedCase(counter, caseNumber)
        #expect(served.status == .awaitingApproval)
        #expect(served.verdictJSON?.contains("hukou-booklet") == true, "\(served.verdictJSON ?? "")")

        let t = try counter.supervisorAtQueue()
        defer { t.kill() }
        var screen = try t.openReview(caseNumber)
        #expect(screen.lines.contains { $0.hasSuffix("│ [ ] 户口簿") }, "\(screen)")
        try t.sendKeys("F6")
        try t.settle("缺少材料（空格：书面承诺）")
        try t.sendKeys("Space")
        screen = try t.settle("以书面承诺代替") { $0.message == "以书面承诺代替：户口簿（江门规程 第四条）；批准时生效" }
        #expect(screen.lines.contains { $0.hasSuffix("│ [承] 户口簿") }, "\(screen)")
        #expect(screen.contains(" 需审核 1 项；书面承诺 1 项"), "\(screen)")

        screen = try t.decide(approve: true, note: "同意告知承诺，限期补交户口簿") { $0.line(0).contains("参保 · 办理结果") }
        #expect(screen.line(3) == "  案件 \(caseNumber)：已登记参保", "\(screen)")

        let store = try counter.openStore()
        let record = try Self.storedCase(counter, caseNumber)
        #expect(record.status == .registered)
        #expect(try CaseParser.parse(record.caseJSON, file: caseNumber).documentsCommitted == ["hukou-booklet"])
        #expect(try store.approvals(caseID: record.id).first?.waivedDocuments == ["hukou-booklet"])
        let person = try #require(try store.person(byDocument: visit.document))
        #expect(try store.platformRecords(forPerson: person.id).map(\.id) == [record.registeredRecordID])
        let receipt = try counter.notice(caseNumber, "回执")
        #expect(receipt.contains("以书面承诺代替的材料（告知承诺"), "\(receipt)")
        #expect(receipt.contains("户口簿"), "\(receipt)")
        #expect(receipt.contains("审核员刘审核批准：同意告知承诺，限期补交户口簿"), "\(receipt)")
    }

    // MARK: - 4. Separation of duties

    @Test("职责分离：审核员自己办理（0 办业务）送审的案件，自己不能批准；画面显示数据库的拒绝理由，案件仍待审核")
    func aSupervisorCannotApproveACaseTheyRaised() throws {
        let counter = try Counter()
        try counter.addSupervisor()
        let t = try counter.supervisorAtQueue()
        defer { t.kill() }
        try t.settle("（无待审核案件）")

        // 0: the supervisor serves an applicant like a clerk (the home screen offers 3 to go back to approvals).
        try t.sendKeys("0")
        var screen = try t.settle("审核员的首页") { $0.line(0).hasPrefix(" 参保 · 首页") && $0.line(2).contains("3 审核") }
        let visit = NewbornVisit.born(daysAgo: 95, name: "周小安", sequence: 8, reason: "家长出差刚回，申请补办")
        let caseNumber = try t.serveNewborn(visit)
        #expect(try Self.storedCase(counter, caseNumber).status == .awaitingApproval)

        // Enter: a supervisor's home is the queue, where the case waits under the supervisor's own name.
        try t.sendKeys("Enter")
        screen = try t.settle("队列中的自己的案件") { $0.line(0).hasPrefix(" 参保 · 审核") && Tmux.queueRow($0, caseNumber) != nil }
        #expect(Tmux.queueRow(screen, caseNumber)?.line.hasSuffix("刘审核") == true, "\(screen)")
        try t.openReview(caseNumber)
        screen = try t.decide(approve: true, note: "同意") { $0.message.hasPrefix("不允许的操作") }
        #expect(screen.message == "不允许的操作：不能审批自己提出的例外", "\(screen)")
        #expect(screen.line(0).contains("参保 · 审核案件"), "\(screen)")
        #expect(screen.line(1).hasSuffix("状态 待审核"), "\(screen)")

        let store = try counter.openStore()
        let record = try Self.storedCase(counter, caseNumber)
        #expect(record.status == .awaitingApproval)
        #expect(try store.approvals(caseID: record.id).isEmpty)
        #expect(!(try store.auditLog(entity: "case", entityID: caseNumber)).contains { $0.action == "case.approve" })
        #expect(try store.person(byDocument: visit.document) == nil)
    }

    // MARK: - 5. A clerk at the approval screen

    @Test("柜员在首页按 3：提示仅审核员可以审批，停在首页")
    func aClerkCannotOpenTheApprovalScreen() throws {
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }
        var screen = try t.settle("首页") { $0.line(4).contains("今日办理（") }
        #expect(!screen.line(1).contains("3 审核"), "\(screen)")
        try t.sendKeys("3")
        screen = try t.settle("提示") { $0.message == "仅审核员可以审批例外情形（当前身份：柜员）" }
        #expect(screen.line(0).hasPrefix(" 参保 · 首页"), "\(screen)")
    }

    // MARK: - 6. Statistics

    @Test("窗口统计：F7 显示柜员今日的件数、获批与驳回、审核员的审批次数；report daily --csv 与之一致")
    func todaysStatisticsOnTheScreenAndInTheReport() throws {
        let counter = try Counter()
        try counter.addSupervisor()
        let numbers = try counter.clerkServes([
            .born(daysAgo: 10, name: "钱小乐", sequence: 2),
            .born(daysAgo: 100, name: "王小禾", sequence: 4, reason: Self.lateReason),
            .born(daysAgo: 120, name: "赵小满", sequence: 6, reason: "家长在外地务工"),
        ])
        #expect(try numbers.map { try Self.storedCase(counter, $0).status } == [.registered, .awaitingApproval, .awaitingApproval])

        let t = try counter.supervisorAtQueue()
        defer { t.kill() }
        try t.openReview(numbers[1])
        try t.decide(approve: true, note: "情况属实") { $0.line(3).contains("已登记参保") }
        try t.sendKeys("Enter")
        try t.openReview(numbers[2])
        try t.decide(approve: false, note: "无正当理由逾期") { $0.line(3).contains("不予办理") }
        try t.sendKeys("Enter")
        try t.settle("（无待审核案件）")

        try t.sendKeys("F7")
        let screen = try t.settle("统计") { $0.line(0).contains("参保 · 窗口统计") && $0.lines.contains { $0.hasPrefix(" 刘审核（审核员）") } }
        // One row per operator: name, cases, average minutes, approved, rejected, decisions; then cases by
        // workflow and decision.
        let columns = #"^ (\S+) +(\d+) +(\S+) +(\d+) +(\d+) +(\d+)$"#
        func cells(_ prefix: String) throws -> [String] {
            let line = try #require(screen.lines.first { $0.hasPrefix(" \(prefix)") }, "\(screen)")
            let m = try #require(line.firstMatch(of: try Regex(columns)), "\(line)")
            return (1..<m.count).map { m[$0].substring.map(String.init) ?? "" }
        }
        let clerk = try cells("王芳（柜员）")
        #expect(clerk[1] == "3" && clerk[3] == "1" && clerk[4] == "1" && clerk[5] == "0", "\(clerk)\n\(screen)")
        #expect(Double(clerk[2]) != nil, "平均分钟：\(clerk[2])")
        let supervisor = try cells("刘审核（审核员）")
        #expect(supervisor[1] == "0" && supervisor[2] == "—" && supervisor[3] == "0" && supervisor[4] == "0" && supervisor[5] == "2",
                "\(supervisor)\n\(screen)")
        // By where the cases stand now (an approved exception is registered, a rejected one refused), not by the
        // counter's first verdict (the CSV below has both).
        let byStatus = screen.lines.filter { $0.hasPrefix("     新生儿参保登记") }
            .map { $0.split(separator: " ").map(String.init) }
        #expect(byStatus == [["新生儿参保登记", "已登记", "2"], ["新生儿参保登记", "不予办理", "1"]], "\(screen)")
        // The heading names the day in full.
        #expect(screen.line(2).hasPrefix(" 窗口统计：\(Self.today.chinese)"), "\(screen.line(2))")

        // The same figures from the command line, as CSV.
        let result = try CanbaoBinary.run(["report", "daily", "--date", Self.today.description, "--csv", "--home", counter.home.path],
                                          environment: ["TZ": CounterCalendar.timeZone])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "日期,大厅,登录名,姓名,角色,业务,结论,办理状态,件数,平均办理分钟,获批,被驳回,审批次数")
        let date = Self.today.description
        #expect(Array(lines.dropFirst()) == [
            "\(date),,clerk,王芳,clerk,newborn,accept,registered,1,\(clerk[2]),1,1,0",
            "\(date),,clerk,王芳,clerk,newborn,needs-approval,registered,1,\(clerk[2]),1,1,0",
            "\(date),,clerk,王芳,clerk,newborn,needs-approval,refused,1,\(clerk[2]),1,1,0",
            "\(date),,supervisor,刘审核,supervisor,,,,0,,0,0,2",
        ], "\(result.stdout)")
        // Its counts add up to the screen's: 3 cases served, 2 registered and 1 refused.
        let cells = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let served = cells.filter { $0[2] == "clerk" && !["draft", "voided"].contains($0[7]) }
        #expect(String(served.reduce(0) { $0 + (Int($1[8]) ?? 0) }) == clerk[1])
        #expect(served.filter { $0[7] == "registered" }.reduce(0) { $0 + (Int($1[8]) ?? 0) } == 2)
    }
}
