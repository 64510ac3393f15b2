import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Two counters on one PostgreSQL database, as two halls of an agency would be: the server pushes each commit
/// (LISTEN/NOTIFY), so neither screen needs a key to show what the other did.
@Suite("两个柜台共用一个 PostgreSQL 数据库（端到端）", .enabled(if: TestPostgres.runs, "PostgreSQL 不可用"))
struct PostgresHallsEndToEndTests {
    @Test("柜员送审，另一终端的审核队列无需按键即出现；审核员批准后，柜员首页无需按键即显示已登记")
    func aRequestReachesTheOtherTerminalsQueueAndItsApprovalReachesTheClerksHome() throws {
        // Both terminals in one hall: the supervisor's queue lists that hall's requests, each with where it was raised.
        let counter = try Counter(database: try TestPostgres.newDatabase("e2e"), hall: "东胜大厅")
        try counter.addSupervisor()
        let supervisor = try counter.supervisorAtQueue()
        defer { supervisor.kill() }
        try supervisor.settle("空的审核队列") { $0.contains("待审核的例外情形") }

        let clerk = try counter.terminal()
        defer { clerk.kill() }
        try clerk.login()
        let visit = NewbornVisit.born(daysAgo: 100, name: "王小禾", reason: "家长住院延误办理")
        let number = try clerk.serveNewborn(visit)
        // Nothing is pressed on the supervisor's terminal: the pushed commit brings the case into the queue.
        let queue = try supervisor.settle("队列中出现 \(number)", timeout: .seconds(4)) { Tmux.queueRow($0, number) != nil }
        #expect(queue.text.contains("大厅：东胜大厅"), "\(queue)")
        #expect(queue.text.contains("提交理由：家长住院延误办理（东胜大厅）"), "\(queue)")

        // The clerk goes home: today's list shows the case awaiting approval.
        try clerk.sendKeys("Enter")
        try clerk.settle("首页上待审核的 \(number)") { screen in
            screen.line(0).contains("参保 · 首页")
                && screen.lines.contains { $0.contains(number) && $0.contains("待审核") }
        }

        // The supervisor approves it.
        try supervisor.openReview(number)
        let result = try supervisor.decide(approve: true, note: "情况属实，同意补办") { $0.line(0).contains("参保 · 办理结果") }
        #expect(result.line(3) == "  案件 \(number)：已登记参保", "\(result)")

        // Nothing is pressed on the clerk's terminal: her home shows the case registered.
        try clerk.settle("首页上已登记的 \(number)", timeout: .seconds(4)) { screen in
            screen.lines.contains { $0.contains(number) && $0.contains("已登记") }
        }
        let stored = try #require(try counter.openStore().case(number: number))
        #expect(stored.status == .registered)
        #expect(stored.hall == "东胜大厅")
        #expect(try counter.openStore().approvals(caseID: stored.id).first?.hall == "东胜大厅")
        #expect(try counter.openStore().verify().isOK)
    }
}
