import CanbaoDesk
import CanbaoPostgres
import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The counter's calendar: the desk runs under TZ=Asia/Shanghai, so "today" for the tests is the date there.
/// Every birth date, year and expectation is computed from it: the tests never depend on the date they run.
enum CounterCalendar {
    static let timeZone = "Asia/Shanghai"

    static var today: LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone)!
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return LocalDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    /// `YYYY-MM` of today, as an employee enrollment's first month.
    static var thisMonth: String { String(today.description.prefix(7)) }

    /// Someone `years` old today.
    static func born(yearsAgo years: Int, days: Int = 0) -> LocalDate {
        today.adding(months: -12 * years).adding(days: -days)
    }
}

/// One person of the platform data a test imports, as a line of `canbao store import FILE.jsonl`.
struct PlatformPerson {
    struct Record {
        var place: String
        var scheme: String
        var status = "active"
        var year: Int?
        var months: [String]?
        var paid = true

        var json: [String: Any] {
            var r: [String: Any] = ["place": place, "scheme": scheme, "status": status, "paid": paid]
            if let year { r["year"] = year }
            if let months { r["months"] = months }
            return r
        }
    }

    var name: String
    var kind: DocumentKind = .residentID
    var number: String
    var birth: LocalDate?
    var sex: Sex?
    var records: [Record] = []

    var document: IdentityDocument { IdentityDocument(kind: kind, number: number) }

    var line: String {
        var p: [String: Any] = ["name": name, "document": ["kind": kind.rawValue, "number": number],
                                "platform_records": records.map(\.json)]
        if let birth { p["birth_date"] = birth.description }
        if let sex { p["sex"] = sex.rawValue }
        let data = try! JSONSerialization.data(withJSONObject: p, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}

/// One counter for one test: a fresh `CANBAO_HOME` prepared through the command line (the administrator `admin`,
/// the clerk 王芳 added by them, login `clerk` / `canbao123`, and the platform persons the test needs), and `canbao`
/// running on it in tmux at 80x24 under LANG=C.UTF-8, TERM=xterm-256color, TZ=Asia/Shanghai.
final class Counter {
    static let clerkPassword = "canbao123"

    let home: URL
    /// A PostgreSQL database (`postgres://…`) the counter keeps its store in instead of the home's SQLite file; the
    /// home still holds its audit key, notices and reports.
    let database: String?
    /// The service hall every terminal and command of this counter names (`--hall`); nil in a single-hall agency.
    let hall: String?
    let region: String
    let place: String
    private(set) var tmux: Tmux?

    /// `withClerk: false` leaves the home empty: the desk starts with its first-start setup.
    init(region: String = "dalate", place: String = "150621", withClerk: Bool = true,
         persons: [PlatformPerson] = [], database: String? = nil, hall: String? = nil) throws {
        self.region = region
        self.place = place
        self.database = database
        self.hall = hall
        // A short path, so the printed notices' paths fit on the result screen as a clerk reads them.
        home = URL(fileURLWithPath: "/tmp/cb-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: false)
        if withClerk {
            try TestAdministrator.add(home: home, database: database)
            try addOperator("clerk", displayName: "王芳", role: "clerk")
        }
        if !persons.isEmpty {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("canbao-persons-\(UUID().uuidString).jsonl")
            defer { try? FileManager.default.removeItem(at: file) }
            try (persons.map(\.line).joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            try importPlatform(file)
        }
    }

    deinit {
        tmux?.kill()
        try? FileManager.default.removeItem(at: home)
    }

    /// Where every command and terminal of this counter finds the store: `--home DIR`, and `--database URL` on
    /// PostgreSQL.
    var location: [String] {
        ["--home", home.path] + (database.map { ["--database", $0] } ?? []) + (hall.map { ["--hall", $0] } ?? [])
    }

    @discardableResult
    static func cli(_ arguments: [String], stdin: String? = nil) throws -> String {
        let result = try CanbaoBinary.run(arguments, stdin: stdin)
        guard result.status == 0 else {
            throw TmuxError(description: "canbao \(arguments.joined(separator: " ")) 退出码 \(result.status)：\(result.stderr)\(result.stdout)")
        }
        return result.stdout
    }

    /// Starts the counter screen (`canbao --home … --region … --place …`) in a new tmux server.
    @discardableResult
    func start(cols: Int = 80, rows: Int = 24) throws -> Tmux {
        tmux?.kill()
        let forms = CanbaoBinary.repositoryRoot.appendingPathComponent("Forms").path
        let t = try Tmux(["--forms", forms] + location + ["--region", region, "--place", place],
                         cols: cols, rows: rows, environment: ["TZ": CounterCalendar.timeZone])
        tmux = t
        return t
    }

    /// Starts the desk and logs the clerk in: the home screen with the welcome message.
    @discardableResult
    func startAtHome() throws -> Tmux {
        let t = try start()
        try t.login()
        return t
    }

    func openStore() throws -> CounterStore {
        guard let database else { return try CounterStore.open(home: home) }
        return try CounterStore.open(postgres: PostgresLocation(url: database), home: home, environment: [:])
    }

    var notices: URL { home.appendingPathComponent("notices") }

    /// The text of a printed notice, `notices/<number>-<kind>.txt` (or `.html`).
    func notice(_ number: String, _ kind: String, ext: String = "txt") throws -> String {
        try String(contentsOf: notices.appendingPathComponent("\(number)-\(kind).\(ext)"), encoding: .utf8)
    }

    /// Whether the result screen lists the notice as written: its folder on a line of its own, then its name with its
    /// formats (`2026-000015-回执 .txt .html`).
    func lists(_ number: String, _ kind: String, on screen: Tmux.Screen) -> Bool {
        screen.lines.contains { $0.trimmingCharacters(in: .whitespaces) == notices.path + "/" }
            && screen.lines.contains { $0.hasPrefix("      \(number)-\(kind) .txt .html") }
    }

    /// Whether the printer's sentence above the list (no printer set) names the notice by its file's name, whole on
    /// one line, not by its path cut across two.
    func namesFileWhole(_ number: String, _ kind: String, on screen: Tmux.Screen) -> Bool {
        screen.lines.contains { $0.trimmingCharacters(in: .whitespaces) == "\(number)-\(kind).txt" }
            && screen.lines.contains { $0.contains("未配置打印机") }
    }

    func noticeExists(_ number: String, _ kind: String, ext: String = "txt") -> Bool {
        FileManager.default.fileExists(atPath: notices.appendingPathComponent("\(number)-\(kind).\(ext)").path)
    }

    /// The printed files of a case, by name.
    func printed(_ number: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: notices.path)) ?? []).filter { $0.hasPrefix(number + "-") }.sorted()
    }
}

// MARK: - What a clerk does and sees

extension Tmux.Screen {
    /// The value part of the form field whose label starts with `label` (fields are drawn from column 2, the
    /// value after the label, the side panel after "│"), or nil when no such field is on the screen.
    func field(_ label: String) -> String? {
        for line in lines {
            let area = String(line.split(separator: "│", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            guard area.count > 2, String(area.dropFirst(2)).hasPrefix(label) else { continue }
            return String(area.dropFirst(2 + label.count)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// Whether the field's row is marked "!" (a blocking finding or an unreadable value) in column 0.
    func isMarked(_ label: String) -> Bool {
        lines.contains { $0.hasPrefix("! ") && String($0.dropFirst(2)).hasPrefix(label) }
    }

    /// The documents checklist in the side panel: `[ ] 出生医学证明`, `[x] …`, `[=] …`.
    var checklist: [String] {
        var rows: [String] = []
        var inList = false
        for line in lines {
            let parts = line.split(separator: "│", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let side = parts[1].trimmingCharacters(in: .whitespaces)
            if side.hasPrefix("材料（") { inList = true; continue }
            if inList {
                if side.hasPrefix("[") { rows.append(side) } else if !rows.isEmpty { break }
            }
        }
        return rows
    }

    /// The message line (second to last row), trimmed; a message too long for it starts on the row above, broken where
    /// the next piece did not fit (a space, between Chinese characters), and is read from both.
    var message: String {
        let last = line(lines.count - 2), above = line(lines.count - 3)
        guard above.hasPrefix(" "), !above.hasPrefix("  "), last.hasPrefix(" "), Self.wrapped(above, last.dropFirst(), cols: cols) else {
            return last.trimmingCharacters(in: .whitespaces)
        }
        return (above + last.dropFirst()).trimmingCharacters(in: .whitespaces)
    }

    /// Whether `next` continues the message on `above`: its first unbreakable piece (after the space the break stood
    /// for) would not have fit on that row. The piece is a path (a word with `/`) or a run of narrow characters
    /// whole, else one wide character.
    static func wrapped(_ above: String, _ next: Substring, cols: Int) -> Bool {
        let gap = next.prefix { $0 == " " }.count
        let word = next.dropFirst(gap).prefix { $0 != " " }
        guard let first = word.first else { return false }
        let piece = word.contains("/") ? word : DisplayWidth.of(first) == 1 ? word.prefix { DisplayWidth.of($0) == 1 } : word.prefix(1)
        return DisplayWidth.of(above) + gap + DisplayWidth.of(String(piece)) > cols
    }

    /// The case number in `案件 2026-000001：…`, wherever it is.
    var caseNumber: String? {
        for line in lines {
            guard let r = line.range(of: #"案件 \d{4}-\d{6}"#, options: .regularExpression) else { continue }
            return String(line[r].dropFirst(3))
        }
        return nil
    }
}

extension Tmux {
    /// Polls until `condition` holds on two captures in a row that read the same: a whole frame, not one that
    /// ncurses is still writing (a capture can catch the top of a new screen over the bottom of the old one).
    /// Use it before reading anything else off the screen.
    @discardableResult
    func settle(_ what: String, timeout: Swift.Duration = .seconds(10), _ condition: (Screen) -> Bool) throws -> Screen {
        var previous: [String]?
        return try waitUntil(what, timeout: timeout, interval: .milliseconds(25)) { screen in
            defer { previous = screen.lines }
            return condition(screen) && previous == screen.lines
        }
    }

    /// `settle` until `text` is on the screen.
    @discardableResult
    func settle(_ text: String, timeout: Swift.Duration = .seconds(10)) throws -> Screen {
        try settle("「\(text)」", timeout: timeout) { $0.contains(text) }
    }

    /// Logs in at the login screen (the name field first): the home screen shows the welcome message.
    func login(_ name: String = "clerk", password: String = Counter.clerkPassword, welcome: String = "欢迎，王芳（柜员）") throws {
        try enterCredentials(name, password: password)
        try settle("首页与欢迎语") { $0.line(0).contains("参保 · 首页") && $0.contains(welcome) }
    }

    /// Types the name and the password at the login screen and presses Enter. A name filled in from the last login
    /// is shown as text (F2 changes it): the same name is kept, another one typed after F2.
    func enterCredentials(_ name: String, password: String) throws {
        let screen = try settle("操作员登录")
        if let row = screen.lines.first(where: { $0.contains("登录名") && $0.contains("（F2 更换）") }) {
            if row.contains(" \(name)（") || row.contains(" \(name) ") {
                try type(password)
                let dots = String(repeating: "•", count: password.count)
                try waitUntil("密码显示 \(dots)") { $0.lines.contains { $0.contains("密码") && $0.contains(dots) } }
                try sendKeys("Enter")
                return
            }
            try sendKeys("F2")
            try waitUntil("登录名可录入") { !$0.contains("（F2 更换）") }
        }
        try type(name)
        try waitUntil("登录名显示 \(name)") { $0.lines.contains { $0.contains("登录名") && $0.contains(name) } }
        try sendKeys("Tab")
        try type(password)
        let dots = String(repeating: "•", count: password.count)
        try waitUntil("密码显示 \(dots)") { $0.lines.contains { $0.contains("密码") && $0.contains(dots) } }
        try sendKeys("Enter")
    }

    /// On the password change screen: the new password in both fields, then Enter.
    func chooseOwnPassword(_ password: String) throws {
        try settle("首次登录：请设置您自己的密码")
        try type(password)
        let dots = String(repeating: "•", count: password.count)
        try waitUntil("新密码显示 \(dots)") { $0.lines.contains { $0.contains("新密码") && $0.contains(dots) } }
        try sendKeys("Tab")
        try type(password)
        try waitUntil("确认新密码显示 \(dots)") { $0.lines.contains { $0.contains("确认新密码") && $0.contains(dots) } }
        try sendKeys("Enter")
    }

    /// From the home screen: 1 新建业务, then the workflow's number in the list; the form's title bar shows it.
    func newCase(_ number: Int, title: String) throws {
        try sendKeys("1")
        try waitFor("选择业务")
        try sendKeys("\(number)")
        try waitUntil("表单「\(title)」") { $0.line(0).contains("参保 · \(title)") }
    }

    /// Types `value` into the focused text field (one paste burst), waits until the field labelled `label`
    /// shows it, then presses `then` (Tab: the field is checked and saved as it is left). A box too narrow for
    /// the whole value scrolls to keep the cursor in view: then its last 8 characters are what shows.
    func fill(_ label: String, _ value: String, then key: String? = "Tab") throws {
        try type(value)
        try waitUntil("「\(label)」显示「\(value)」") { screen in
            guard let shown = screen.field(label) else { return false }
            return shown.contains(value) || (value.count > 8 && shown.hasSuffix(String(value.suffix(8))))
        }
        if let key { try sendKeys(key) }
    }

    /// Answers a choice field with a key (`y`, `n`, a digit, `Space`) and waits until it shows `shows`.
    func choose(_ label: String, key: String, shows: String, then next: String? = "Tab") throws {
        try sendKeys(key)
        try waitUntil("「\(label)」显示「\(shows)」") { $0.field(label)?.contains(shows) == true }
        if let next { try sendKeys(next) }
    }

    /// Leaves an optional field empty (or a prefilled one as it is): the field is on screen, Tab.
    func skip(_ label: String) throws {
        try waitUntil("「\(label)」在屏幕上") { $0.field(label) != nil }
        try sendKeys("Tab")
    }

    /// F4 on a document field and the kind's number in the list: the message line names the kind.
    func chooseKind(_ number: Int, name: String) throws {
        try sendKeys("F4")
        try waitFor(" 选择：")
        try sendKeys("\(number)")
        try waitFor("证件类型：\(name)")
    }

    /// Tab past the last field: the message line says so.
    func leaveLastField() throws {
        try sendKeys("Tab")
        try waitFor("已到最后一项")
    }

    /// F6 to the documents checklist (the first stop after the fields), Space on every row (↓ between): “材料齐全”.
    func tickAllDocuments() throws {
        try sendKeys("F6")
        let screen = try settle("材料（空格勾选）")
        let count = screen.checklist.count
        guard count > 0 else { throw TmuxError(description: "材料清单为空：\n\(screen)") }
        for i in 0..<count {
            try sendKeys("Space")
            try waitUntil("第 \(i + 1) 项材料已勾选") { s in
                let rows = s.checklist
                return rows.count == count && rows[i].hasPrefix("[x]")
            }
            if i < count - 1 { try sendKeys("Down") }
        }
        try settle(" 材料齐全")
    }

    /// F10 on a case whose decision needs no reason: the result screen with `headline`; returns the case number.
    func submit(headline: String) throws -> (number: String, screen: Screen) {
        if headline.hasPrefix("不予办理") {
            // A refusal ends the case for good: the first F10 only asks for a second.
            try sendKeys("F10")
            try settle("再按 F10 确认不予办理") { $0.message == "再按 F10 出具不予办理通知书并结束本案（不能再修改），其他键返回修改" }
        }
        try sendKeys("F10")
        let screen = try settle("办理结果「\(headline)」") { $0.line(0).contains("参保 · 办理结果") && $0.line(3).contains(headline) }
        guard let number = screen.caseNumber else { throw TmuxError(description: "结果画面上没有案件编号：\n\(screen)") }
        return (number, screen)
    }

    /// The pid of the `canbao` in the pane, and a wait for it to be gone (exited, or a zombie no one reaps).
    static func waitForExit(_ pid: pid_t, timeout: Swift.Duration = .seconds(5)) throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return }
            if let close = stat.lastIndex(of: ")"), stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z") {
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw TmuxError(description: "canbao（pid \(pid)）在 \(timeout) 内没有退出")
    }
}

extension Tmux {
    /// Bytes the process has read so far (`rchar` of /proc/PID/io). At the counter screen the program reads
    /// nothing but its terminal, so this tells when keys sent have been taken in.
    static func bytesRead(_ pid: pid_t) -> Int {
        guard let io = try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8) else { return 0 }
        for line in io.split(separator: "\n") where line.hasPrefix("rchar:") {
            return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }

    /// Waits until the process has read at least `count` bytes in all: the keys sent before are in the program,
    /// ahead of anything that happens to the terminal afterwards (a resize).
    static func waitUntilRead(_ pid: pid_t, atLeast count: Int, timeout: Swift.Duration = .seconds(5)) throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while bytesRead(pid) < count {
            if clock.now >= deadline { throw TmuxError(description: "canbao（pid \(pid)）在 \(timeout) 内没有读入按键") }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }
}

/// Polls `condition` (the store, a file) until it holds; fails with `what` after `timeout`.
func eventually(_ what: String, timeout: Swift.Duration = .seconds(5), _ condition: () throws -> Bool) throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while try !condition() {
        if clock.now >= deadline { throw TmuxError(description: "\(timeout) 内未满足：\(what)") }
        Thread.sleep(forTimeInterval: 0.05)
    }
}
