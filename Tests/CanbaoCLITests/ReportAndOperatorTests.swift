import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// `canbao report daily` and the account administration commands, driven through the built binary over a store
/// the test fills through the store's own API.
@Suite("canbao report / operator administration")
struct ReportAndOperatorTests {
    /// A clock the test moves by hand.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date(timeIntervalSince1970: 1_772_380_800) // 2026-03-02 00:00 Beijing
        func now() -> Date { lock.lock(); defer { lock.unlock() }; return current }
        /// Beijing time on 2026-03-02.
        func set(_ hour: Int, _ minute: Int) {
            lock.lock()
            current = Date(timeIntervalSince1970: 1_772_380_800 + TimeInterval(hour * 3600 + minute * 60))
            lock.unlock()
        }
    }

    private func canbao(_ arguments: [String], home: URL, tz: String = "Asia/Shanghai",
                        stdin: String? = nil) throws -> CanbaoBinary.Result {
        // The machine's own zone ($TZ) is set apart on purpose: only the business zone may decide the day.
        try CanbaoBinary.run(arguments, environment: ["CANBAO_HOME": home.path, "CANBAO_TZ": tz, "TZ": "America/New_York"], stdin: stdin)
    }

    private static let options = CounterStore.Options(passwordIterations: 100_000)

    /// A command run as the test's administrator (`--as admin`, its password first), then `then` on stdin.
    private func admin(_ arguments: [String], home: URL, then: String = "") throws -> CanbaoBinary.Result {
        try canbao(arguments + TestAdministrator.arguments, home: home, stdin: TestAdministrator.stdin(then))
    }

    private static func caseJSON(_ workflow: String) -> String {
        #"{"workflow":"\#(workflow)","region":"inner-mongolia","today":"2026-03-02","person":{"name":"张三"}}"#
    }

    private static let accept = #"{"decision":"accept","missing_documents":[],"findings":[]}"#
    private static let missing = """
        {"decision":"missing-documents","missing_documents":[{"code":"student-proof","name":"学籍证明","citation":"国家规程 第十五条 2"}],"findings":[]}
        """
    private static let exception = """
        {"decision":"needs-approval","missing_documents":[],"findings":[{"rule":"newborn.window","severity":"approval",\
        "message":"出生已超过 90 天","citation":"内蒙古细则 第十二条（一）1"}]}
        """

    /// 2026-03-02 at the counter: clerk1 serves three cases, clerk2 two, sup2 approves one and rejects one.
    private func servedDay() throws -> URL {
        let home = try CanbaoBinary.temporaryDirectory("cli-report")
        let clock = Clock()
        let store = try CounterStore.open(home: home, options: Self.options, now: { clock.now() })
        let clerk1 = try store.addOperator(name: "clerk1", displayName: "柜员一", role: .clerk,
                                           password: "Clerk-pass-1", by: .system("test"))
        let clerk2 = try store.addOperator(name: "clerk2", displayName: "李四, 实习", role: .clerk,
                                           password: "Clerk-pass-2", by: .system("test"))
        let sup2 = try store.addOperator(name: "sup2", displayName: "审核员二", role: .supervisor,
                                         password: "Super-pass-2", by: .system("test"))
        func serve(_ by: Operator, _ workflow: String, _ verdict: String?, opened: (Int, Int),
                   submitted: (Int, Int)?) throws -> CaseRecord {
            clock.set(opened.0, opened.1)
            var record = try store.createCase(CaseFile(json: Self.caseJSON(workflow)), by: by.id)
            guard let verdict else { return record }
            record = try store.updateCase(caseID: record.id, caseFile: record.caseFile(), verdict: Verdict(json: verdict),
                                          applicantID: nil, expectedVersion: record.version, by: by.id)
            guard let submitted else { return record }
            clock.set(submitted.0, submitted.1)
            return try store.setStatus(caseID: record.id, to: .submitted, expectedVersion: record.version, by: by.id)
        }
        let window = [Finding(rule: "newborn.window", severity: .approval, message: "出生已超过 90 天",
                              citation: "内蒙古细则 第十二条（一）1")]
        _ = try serve(clerk2, "student", Self.missing, opened: (0, 0), submitted: (0, 30))
        var late = try serve(clerk2, "newborn", Self.exception, opened: (1, 0), submitted: (1, 10))
        late = try store.requestApproval(caseID: late.id, justification: "家长外出务工，延误办理",
                                         expectedVersion: late.version, by: clerk2.id)
        clock.set(8, 0)
        try store.decide(caseID: late.id, ApprovalDecision(verdict: .rejected, note: "无正当理由", findings: window),
                         expectedVersion: late.version, by: sup2.id)
        _ = try serve(clerk1, "migrant-worker", Self.accept, opened: (9, 0), submitted: (9, 12))
        var ill = try serve(clerk1, "newborn", Self.exception, opened: (10, 0), submitted: (10, 6))
        ill = try store.requestApproval(caseID: ill.id, justification: "新生儿住院治疗", expectedVersion: ill.version,
                                        by: clerk1.id)
        clock.set(11, 0)
        try store.decide(caseID: ill.id, ApprovalDecision(verdict: .approved, note: "住院证明属实", findings: window),
                         expectedVersion: ill.version, by: sup2.id)
        _ = try serve(clerk1, "migrant-worker", nil, opened: (12, 0), submitted: nil)
        return home
    }

    @Test func dailyReportAsCSV() throws {
        let home = try servedDay()
        let report = try canbao(["report", "daily", "--date", "2026-03-02", "--csv"], home: home)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stderr == "")
        #expect(report.stdout == """
            日期,大厅,登录名,姓名,角色,业务,结论,办理状态,件数,平均办理分钟,获批,被驳回,审批次数
            2026-03-02,,clerk1,柜员一,clerk,migrant-worker,accept,submitted,1,9.0,1,0,0
            2026-03-02,,clerk1,柜员一,clerk,migrant-worker,,draft,1,9.0,1,0,0
            2026-03-02,,clerk1,柜员一,clerk,newborn,needs-approval,awaiting-approval,1,9.0,1,0,0
            2026-03-02,,clerk2,"李四, 实习",clerk,newborn,needs-approval,refused,1,20.0,0,1,0
            2026-03-02,,clerk2,"李四, 实习",clerk,student,missing-documents,submitted,1,20.0,0,1,0
            2026-03-02,,sup2,审核员二,supervisor,,,,0,,0,0,2

            """)
        // --home works as on every administration command; no business zone means Beijing time, whatever $TZ says.
        let viaOption = try CanbaoBinary.run(["report", "daily", "--date", "2026-03-02", "--csv", "--home", home.path],
                                             environment: ["CANBAO_HOME": "/nonexistent", "CANBAO_TZ": "", "TZ": "UTC"])
        #expect(viaOption.stdout == report.stdout)
        // In UTC the day starts at 08:00 Beijing time: clerk2's two early cases fall on the day before.
        let utc = try canbao(["report", "daily", "--date", "2026-03-01", "--csv"], home: home, tz: "UTC")
        #expect(utc.stdout == """
            日期,大厅,登录名,姓名,角色,业务,结论,办理状态,件数,平均办理分钟,获批,被驳回,审批次数
            2026-03-01,,clerk2,"李四, 实习",clerk,newborn,needs-approval,refused,1,20.0,0,0,0
            2026-03-01,,clerk2,"李四, 实习",clerk,student,missing-documents,submitted,1,20.0,0,0,0

            """)
        let empty = try canbao(["report", "daily", "--date", "2026-03-05", "--csv"], home: home)
        #expect(empty.stdout == "日期,大厅,登录名,姓名,角色,业务,结论,办理状态,件数,平均办理分钟,获批,被驳回,审批次数\n")
    }

    @Test func dailyReportAsATable() throws {
        let home = try servedDay()
        let report = try canbao(["report", "daily", "--date", "2026-03-02"], home: home)
        #expect(report.status == 0, "\(report.stderr)")
        // The day's checkpoint at the foot: the last audit entry written that day (12:00 Beijing time).
        let last = try #require(try CounterStore.open(home: home, options: Self.options).auditLog().last)
        #expect(last.action == "case.create")
        let foot = """
            审计检查点：第 \(last.seq) 条（2026-03-02 12:00:00）\(last.seq):\(last.hash)
            （请审核员签字或存档；核对：canbao store verify --checkpoint \(last.seq):\(last.hash)）

            """
        #expect(report.stdout == """
            柜台统计：2026-03-02（Asia/Shanghai）
            柜员一（clerk1，柜员）：办件 2 件，平均办理 9.0 分钟，获批 1，被驳回 0（另有草稿 1 件，不计入件数）
              农民工、短期季节性务工及灵活就业人员参保登记：已提交 1（柜台结论：予以受理 1）
              新生儿参保登记：待审核 1（柜台结论：需审核 1）
            李四, 实习（clerk2，柜员）：办件 2 件，平均办理 20.0 分钟，获批 0，被驳回 1
              新生儿参保登记：不予办理 1（柜台结论：需审核 1）
              大中专学生参保登记：已提交 1（柜台结论：需补充材料 1）
            审核员二（sup2，审核员）：办件 0 件，审批 2 次
            合计：办件 4 件，审批 2 次（另有草稿 1 件，不计入件数）

            """ + foot)
        // A later day without work still ends with the chain as it stood; a day before any entry has none.
        let none = try canbao(["report", "daily", "--date", "2026-03-05"], home: home)
        #expect(none.stdout == "柜台统计：2026-03-05（Asia/Shanghai）\n当日没有办件或审批记录\n" + foot)
        let before = try canbao(["report", "daily", "--date", "2026-02-28"], home: home)
        #expect(before.stdout.hasSuffix("审计检查点：当日结束前没有审计记录\n"))
        let bad = try canbao(["report", "daily", "--date", "2026-02-30"], home: home)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("日期应为 YYYY-MM-DD 格式的有效日期（1900–2099 年）：2026-02-30"))
    }

    @Test func disablingKeepsHistoryAndRefusesLogin() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-disable")
        try TestAdministrator.add(home: home)
        #expect(try admin(["operator", "add", "clerk1", "--display-name", "柜员一"], home: home,
                          then: "Clerk-pass-1\n").status == 0)
        let store = try CounterStore.open(home: home, options: Self.options)
        let clerk = try store.setPassword(name: "clerk1", password: "Clerk-own-1",
                                          by: .operator(try store.authenticate(name: "clerk1", password: "Clerk-pass-1").id))
        let served = try store.createCase(CaseFile(json: Self.caseJSON("newborn")), by: clerk.id)

        let disabled = try admin(["operator", "disable", "clerk1"], home: home)
        #expect(disabled.status == 0)
        #expect(disabled.stdout == "已停用操作员 clerk1（柜员一），其历史记录保留\n")
        #expect(throws: StoreError.invalidCredentials) {
            try store.authenticate(name: "clerk1", password: "Clerk-own-1")
        }
        #expect(throws: StoreError.operatorDisabled("clerk1")) {
            try store.createCase(CaseFile(json: Self.caseJSON("newborn")), by: clerk.id)
        }
        // The account and everything it did are still there.
        #expect(try store.case(id: served.id)?.createdBy == clerk.id)
        #expect(try store.auditLog(entity: "case").map(\.actor) == ["clerk1"])
        #expect(try store.operators().map(\.name) == ["admin", "clerk1"])
        #expect(try admin(["operator", "list"], home: home).stdout.hasSuffix("clerk1\t柜员一\tclerk（柜员）\t停用\t失败登录 0 次\n"))
        let audit = try #require(try store.auditLog(entity: "operator", entityID: "clerk1").last { $0.action == "operator.disable" })
        #expect(audit.actor == "admin")

        let enabled = try admin(["operator", "enable", "clerk1"], home: home)
        #expect(enabled.stdout == "已启用操作员 clerk1（柜员一）\n")
        #expect(try store.authenticate(name: "clerk1", password: "Clerk-own-1").id == clerk.id)

        let ghost = try admin(["operator", "disable", "ghost"], home: home)
        #expect(ghost.status == 1)
        #expect(ghost.stderr == "canbao: 找不到操作员 ghost\n")
    }

    @Test func unlockAfterFiveFailedLogins() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-unlock")
        try TestAdministrator.add(home: home)
        #expect(try admin(["operator", "add", "clerk1", "--display-name", "柜员一"], home: home,
                          then: "Clerk-pass-1\n").status == 0)
        let store = try CounterStore.open(home: home, options: Self.options)
        for _ in 1...5 {
            #expect(throws: StoreError.invalidCredentials) {
                try store.authenticate(name: "clerk1", password: "Wrong-pass-1")
            }
        }
        // Locked: the right password reads like a wrong one.
        #expect(throws: StoreError.invalidCredentials) {
            try store.authenticate(name: "clerk1", password: "Clerk-pass-1")
        }
        #expect(try admin(["operator", "list"], home: home).stdout.hasSuffix("clerk1\t柜员一\tclerk（柜员）\t锁定、须改密码\t失败登录 5 次\n"))

        let unlocked = try admin(["operator", "unlock", "clerk1"], home: home)
        #expect(unlocked.status == 0)
        #expect(unlocked.stdout == "已解锁操作员 clerk1\n")
        #expect(try admin(["operator", "list"], home: home).stdout.hasSuffix("clerk1\t柜员一\tclerk（柜员）\t须改密码\t失败登录 0 次\n"))
        // The password did not change.
        #expect(try store.authenticate(name: "clerk1", password: "Clerk-pass-1").failedLogins == 0)
        let audit = try #require(try store.auditLog(entity: "operator", entityID: "clerk1")
            .last { $0.action == "operator.unlock" })
        #expect(audit.detail == #"{"failed_logins":"5"}"#)
        #expect(audit.actor == "admin")

        let again = try admin(["operator", "unlock", "clerk1"], home: home)
        #expect(again.stdout == "操作员 clerk1 未被锁定，已将失败登录次数（0）清零\n")
        // Disabled and locked at once shows both.
        for _ in 1...5 { _ = try? store.authenticate(name: "clerk1", password: "Wrong-pass-1") }
        #expect(try admin(["operator", "disable", "clerk1"], home: home).status == 0)
        #expect(try admin(["operator", "list"], home: home).stdout
            .hasSuffix("clerk1\t柜员一\tclerk（柜员）\t停用、锁定、须改密码\t失败登录 5 次\n"))
    }
}
