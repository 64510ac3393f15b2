import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation

/// More people at the same counter: accounts added through the command line, and further terminals on the same
/// home (a clerk's, a supervisor's, a trainee's), each a tmux server of its own that the caller kills.
extension Counter {
    /// The supervisor every supervisor test adds: 刘审核, login `supervisor` / `canbao123`.
    static let supervisorWelcome = "欢迎，刘审核（审核员）"
    /// The trainee: 陈学员, login `trainee` / `canbao123`.
    static let traineeWelcome = "欢迎，陈学员（学员）"

    /// The first password an administrator gives an account; the operator replaces it at the first login.
    static let temporaryPassword = "Temp-pass-2026"

    /// `canbao operator add NAME --display-name … --role … --home … --as admin` (the administrator's password, then
    /// a temporary one on stdin); then the operator chooses `password` as at their first login, through the store.
    func addOperator(_ name: String, displayName: String, role: String, password: String = Counter.clerkPassword) throws {
        try Counter.cli(["operator", "add", name, "--display-name", displayName, "--role", role] + location
                        + TestAdministrator.arguments, stdin: TestAdministrator.stdin(Counter.temporaryPassword + "\n"))
        let store = try openStore()
        let op = try store.authenticate(name: name, password: Counter.temporaryPassword)
        try store.setPassword(name: name, password: password, by: .operator(op.id))
    }

    /// `canbao store import FILE --home … --as admin`.
    func importPlatform(_ file: URL) throws {
        try Counter.cli(["store", "import", file.path] + location + TestAdministrator.arguments,
                        stdin: TestAdministrator.stdin())
    }

    func addSupervisor() throws { try addOperator("supervisor", displayName: "刘审核", role: "supervisor") }
    func addTrainee() throws { try addOperator("trainee", displayName: "陈学员", role: "trainee") }

    /// One more terminal on this home: `canbao --forms … --home … --region … --place …` at 80x24 under
    /// TZ=Asia/Shanghai, like `start()`, but not replacing it (two terminals can run at once); kill it in `defer`.
    /// `forms` replaces the repository's Forms/; `environment` adds variables (TMPDIR for the practice sandboxes).
    func terminal(forms: URL? = nil, environment: [String: String] = [:]) throws -> Tmux {
        let forms = forms ?? CanbaoBinary.repositoryRoot.appendingPathComponent("Forms")
        var env = ["TZ": CounterCalendar.timeZone]
        env.merge(environment) { $1 }
        return try Tmux(["--forms", forms.path] + location + ["--region", region, "--place", place], environment: env)
    }

    /// The operator's id in the store.
    func operatorID(_ name: String) throws -> Int64 {
        guard let op = try openStore().operators().first(where: { $0.name == name }) else {
            throw TmuxError(description: "数据库中没有操作员 \(name)")
        }
        return op.id
    }

    /// A terminal where the supervisor has logged in: the exception queue.
    func supervisorAtQueue(forms: URL? = nil) throws -> Tmux {
        let t = try terminal(forms: forms)
        do {
            try t.login("supervisor", welcome: Counter.supervisorWelcome, lands: "参保 · 审核")
        } catch {
            t.kill()
            throw error
        }
        return t
    }
}

/// A newborn the clerk serves at the counter: alive, hukou registered, guardian 李梅, no agent.
struct NewbornVisit {
    var name: String
    var birth: LocalDate
    /// The number's sequence digits (even: a girl, as the form is filled).
    var sequence: Int = 2
    /// Names of the documents ticked as brought; nil ticks every one on the checklist.
    var brought: Set<String>?
    /// The clerk's reason when the case needs approval.
    var reason: String?

    var number: String { IDNumbers.residentID(area: "150621", birth: birth, sequence: sequence) }
    var document: IdentityDocument { IdentityDocument(kind: .residentID, number: number) }

    /// `days` days old today, every document brought.
    static func born(daysAgo days: Int, name: String, sequence: Int = 2, brought: Set<String>? = nil,
                     reason: String? = nil) -> NewbornVisit {
        NewbornVisit(name: name, birth: CounterCalendar.today.adding(days: -days), sequence: sequence, brought: brought, reason: reason)
    }
}

extension Counter {
    /// The clerk 王芳 logs in on a terminal of her own, serves each newborn (a reason given when the case needs
    /// approval), and quits with F10 from the home screen. Returns the case numbers, in order.
    @discardableResult
    func clerkServes(_ visits: [NewbornVisit]) throws -> [String] {
        let t = try terminal()
        defer { t.kill() }
        try t.login()
        var numbers: [String] = []
        for visit in visits {
            numbers.append(try t.serveNewborn(visit))
            try t.sendKeys("Enter")
            try t.settle("回到首页") { $0.line(0).contains("参保 · 首页") }
        }
        try t.sendKeys("F10")
        try t.waitFor("已退出参保窗口")
        return numbers
    }
}

extension Tmux {
    /// Logs in as any operator at the login screen: lands on the screen titled `title`, the welcome on the
    /// message line.
    func login(_ name: String, password: String = Counter.clerkPassword, welcome: String, lands title: String) throws {
        try waitFor("操作员登录")
        // A name kept from the last login is text, not a field: enterCredentials keeps it or changes it (F2).
        try enterCredentials(name, password: password)
        try settle("「\(title)」与欢迎语") { $0.line(0).hasPrefix(" " + title) && $0.message == welcome }
    }

    /// From the home screen (a clerk's, or a supervisor's after `0`): a new newborn case filled in, the documents
    /// ticked, F10 (and the reason, when it needs approval). Returns the case number on the result screen.
    func serveNewborn(_ visit: NewbornVisit) throws -> String {
        try newCase(1, title: "新生儿参保登记")
        try CounterEndToEndTests.fillNewborn(self, name: visit.name, number: visit.number, birth: visit.birth)
        if let brought = visit.brought { try tickDocuments(brought) } else { try tickAllDocuments() }
        let form = try settle("当前结论") { $0.contains("当前结论：") }
        try sendKeys("F10")
        if form.contains("当前结论：需审核") {
            guard let reason = visit.reason else { throw TmuxError(description: "需审核但未给出理由：\n\(form)") }
            try settle(" 提交审核：请写明理由")
            try type(reason)
            try waitFor(reason)
            try sendKeys("Enter")
        }
        let screen = try settle("办理结果") { $0.line(0).contains("参保 · 办理结果") && $0.line(3).contains("案件 ") }
        guard let number = screen.caseNumber else { throw TmuxError(description: "结果画面上没有案件编号：\n\(screen)") }
        return number
    }

    /// F6 to the documents checklist; Space on each row whose document is in `names` (↓ between rows).
    /// Every name must be on the list.
    func tickDocuments(_ names: Set<String>) throws {
        try sendKeys("F6")
        let screen = try settle("材料（空格勾选）")
        let rows = screen.checklist
        let onList = Set(rows.map { String($0.dropFirst(4)) })
        guard names.isSubset(of: onList) else {
            throw TmuxError(description: "材料清单中没有 \(names.subtracting(onList).sorted())：\n\(screen)")
        }
        for (i, row) in rows.enumerated() {
            if names.contains(String(row.dropFirst(4))), !row.hasPrefix("[x]") {
                try sendKeys("Space")
                try waitUntil("第 \(i + 1) 项材料已勾选") { s in s.checklist.count == rows.count && s.checklist[i].hasPrefix("[x]") }
            }
            if i < rows.count - 1 { try sendKeys("Down") }
        }
        try settle("勾选完毕") { s in
            s.checklist.count == rows.count
                && zip(s.checklist, rows).allSatisfy { now, was in now.hasPrefix("[x]") == names.contains(String(was.dropFirst(4))) }
        }
    }

    // MARK: The supervisor's screens

    /// The queue's row of a case (rows 5 and below), or nil.
    static func queueRow(_ screen: Screen, _ number: String) -> (index: Int, line: String)? {
        var index = 0
        for row in 5..<max(5, screen.lines.count - 2) {
            let line = screen.line(row)
            if line.hasPrefix("─") || line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            if line.contains(number) { return (index, line) }
            index += 1
        }
        return nil
    }

    /// On the queue: ↓ to the case's row (its reason shows below the list), Enter: the review, awaiting approval.
    @discardableResult
    func openReview(_ number: String) throws -> Screen {
        var screen = try settle("待审核列表中的 \(number)") { Tmux.queueRow($0, number) != nil }
        let row = Tmux.queueRow(screen, number)!
        for _ in 0..<row.index { try sendKeys("Down") }
        try sendKeys("Enter")
        screen = try settle("审核案件 \(number)") { $0.line(0).contains("参保 · 审核案件") && $0.line(1).contains("案件 \(number)") && $0.contains("提交理由：") }
        return screen
    }

    /// On the review: F8 (approve) or F9 (reject), the note typed into the box, Enter. Returns the screen after it
    /// settled on `until`.
    @discardableResult
    func decide(approve: Bool, note: String, until: (Screen) -> Bool) throws -> Screen {
        try sendKeys(approve ? "F8" : "F9")
        try settle(approve ? " 批准：审批意见（将记入审计）" : " 驳回：不予批准的理由")
        try type(note)
        try waitFor(note)
        try sendKeys("Enter")
        return try settle("审批之后的画面", until)
    }
}
