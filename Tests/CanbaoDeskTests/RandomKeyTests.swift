import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// A seeded random walk of more than 100,000 events (keys, typing, pastes, resizes, clock ticks) over the headless
/// desk, with a counter behind it that answers every effect: no crash, every screen reached, and after every event
/// the screen's invariants hold (the render is cols x rows, no line wider than the screen, the cursor inside it, the
/// focus on something that exists, no control character on screen).
@Suite("随机按键遍历柜台所有屏幕")
struct RandomKeyTests {
    /// Four walks of 25,000 events, from four seeds, run side by side: 100,000 events in all.
    static let seeds: [UInt64] = [20_261_204, 12, 2_026, 90_210]
    static let eventsPerWalk = 25_000

    @Test("随机事件（4 × 25,000）：不崩溃，每个屏幕都到达，屏幕不变式始终成立", arguments: seeds)
    func randomWalk(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var counter = FakeCounter()
        var visited = Set<String>()
        var problems: [String] = []
        var sent = 0
        var episode = 0
        // The workflow list is served in turn across episodes, so every workflow's form is reached whatever the seed.
        var pickerTurn = Int(seed % 7)
        while sent < Self.eventsPerWalk, problems.count < 20 {
            episode += 1
            var walk = Walk(role: Walk.role(for: episode), rng: SplitMix64(seed: rng.next()), counter: counter, pickerTurn: pickerTurn)
            let length = 200 + Int(rng.next() % 2_500)
            walk.begin()
            for _ in 0..<length where !walk.quit {
                walk.step()
                sent += 1
                visited.insert(walk.screenName)
                if let problem = walk.check() {
                    problems.append("事件 \(sent)（第 \(episode) 轮，\(walk.last)）：\(problem)")
                    if problems.count >= 20 { break }
                }
            }
            sent += walk.scripted
            counter = walk.counter
            pickerTurn = walk.pickerTurn
        }
        #expect(sent >= Self.eventsPerWalk)
        #expect(problems.isEmpty, "\(problems.count) 处不变式不成立：\n\(problems.joined(separator: "\n"))")
        let expected: Set<String> = Set(["setup", "login", "home", "picker", "search", "person", "roster", "coverage", "result",
                                         "queue", "review", "caseView", "statistics", "decks", "story", "story-overlay", "scoreCard", "traineeProgress",
                                         "passwordChange", "lock", "help", "article", "tooSmall"]
            + TestForms.shared.workflows.keys.map { "form:\($0)" } + ["practice-form"])
        #expect(expected.subtracting(visited).sorted() == [], "未到达的屏幕（到达：\(visited.sorted())）")
    }
}

/// One session at the desk: logs in as `role`, then sends random events and answers the effects.
struct Walk {
    enum Role: CaseIterable { case firstStart, clerk, supervisor, trainee, admin }

    static func role(for episode: Int) -> Role {
        [.clerk, .supervisor, .clerk, .trainee, .clerk, .admin, .supervisor, .trainee, .firstStart, .clerk][episode % 10]
    }

    let role: Role
    var rng: SplitMix64
    var counter: FakeCounter
    let desk = Desk(env: DeskDriver.env)
    var state: DeskState
    var now = 1_000.0
    var quit = false
    /// Events sent by the login script (counted too).
    var scripted = 0
    /// Which workflow the next guided pick opens.
    var pickerTurn: Int
    var last = ""

    init(role: Role, rng: SplitMix64, counter: FakeCounter, pickerTurn: Int = 0) {
        self.pickerTurn = pickerTurn
        self.role = role
        self.rng = rng
        self.counter = counter
        state = DeskState(cols: 80, rows: 24, now: 1_000, today: LocalDate("2026-03-16")!)
    }

    mutating func begin() {
        counter.hasOperators = role != .firstStart
        counter.temporaryPasswords = role == .firstStart
        let (s, effects) = desk.start(cols: 80, rows: 24, now: now, today: LocalDate("2026-03-16")!)
        state = s
        run(effects)
        switch role {
        case .firstStart:
            script("admin\t张主任\tcanbao2026\tcanbao2026\r")
        case .clerk: script("clerk\rcanbao123\r")
        case .supervisor: script("supervisor\rcanbao123\r")
        case .trainee: script("trainee\rcanbao123\r")
        case .admin: script("admin\rcanbao123\r")
        }
    }

    /// Types `text` (Tab and Enter as keys), as part of the run.
    mutating func script(_ text: String) {
        for c in text {
            send(.terminal(.key(c == "\t" ? .tab : c == "\r" ? .enter : .char(c))))
            scripted += 1
        }
    }

    mutating func send(_ msg: DeskMsg) {
        run(desk.update(&state, msg))
    }

    /// Carries out effects as the runtime would, feeding the answers back (bounded: an answer may ask for more).
    mutating func run(_ effects: [DeskEffect]) {
        var queue = effects
        var handled = 0
        while !queue.isEmpty, handled < 100 {
            let effect = queue.removeFirst()
            handled += 1
            if effect == .quit {
                quit = true
                return
            }
            for msg in counter.answer(effect, today: state.today, rng: &rng) {
                queue += desk.update(&state, msg)
            }
        }
    }

    // MARK: random events

    static let keys: [Key] = [.enter, .enter, .tab, .tab, .backTab, .escape, .up, .down, .down, .left, .right, .home, .end,
                              .pageUp, .pageDown, .backspace, .delete, .char(" "), .char("y"), .char("n"), .ctrl("a"),
                              .ctrl("e"), .ctrl("u")]
        + (1...10).map { Key.function($0) } + (1...9).map { Key.char(Character(String($0))) }

    /// What a clerk types, what an attacker pastes, and characters that join the one before them.
    static let fragments: [String] = [
        "王小禾", "李梅", "Zhang Wei", "方磊", "150621", "150602", "440703", "ZZZ", "2026-01-15", "2026-03-01", "20251201",
        "9999-12-31", "0001-01-01", "1899-12-31", "2099-12-31", "2026", "12", "-5", "2.5", "2026-01", "9999-99",
        "15062120251201002X", "150602198003150034", "440703202510200825", "11010519491231002X", "Q150123456",
        "e\u{301}", "\u{301}", "\u{182E}\u{180B}\u{1823}\u{180C}", "\u{1F44D}\u{1F3FD}", "王\u{200D}", "\u{1100}\u{1161}\u{11A8}",
        "葛\u{E0100}", "\u{2764}\u{FE0F}", "\u{1F1E8}\u{1F1F3}", "\u{200B}", "ｗｉｄｅ", "clerk", "canbao123", "理由：家长住院",
    ]

    static let hostile: [String] = [
        "\u{1B}]0;title\u{7}", "王\u{8}\u{8}管理员", "a\u{202E}b", "第一行\n第二行", "\u{2028}", "\u{0}",
        String(repeating: "参", count: 5_000), String(repeating: "e\u{301}", count: 300),
    ]

    mutating func step() {
        // A clerk who logged out logs in again, one who was locked out unlocks, a window made too small is enlarged:
        // otherwise most of the walk would be spent typing at the login screen.
        if rng.next() % 4 == 0, recover() { return }
        // On the workflow list, a clerk mostly picks a workflow: each is served in turn.
        if case .picker = state.screen, rng.next() % 2 == 0 {
            guided()
            return
        }
        let roll = rng.next() % 1_000
        switch roll {
        case 0..<560:
            let key = Self.keys[Int(rng.next() % UInt64(Self.keys.count))]
            last = "key \(key)"
            send(.terminal(.key(key)))
        case 560..<780:
            let text = Self.fragments[Int(rng.next() % UInt64(Self.fragments.count))]
            last = "type \(text.unicodeScalars.map { SafeText.codePoint($0) }.prefix(8))"
            for c in text { send(.terminal(.key(.char(c)))) }
        case 780..<860:
            let pool = rng.next() % 3 == 0 ? Self.hostile : Self.fragments
            let text = pool[Int(rng.next() % UInt64(pool.count))]
            last = "paste \(text.unicodeScalars.prefix(8).map { SafeText.codePoint($0) })"
            send(.terminal(.paste(text)))
        case 860..<890:
            // Mostly the counter's own sizes; now and then too small, or very large.
            let kind = rng.next() % 8
            let cols = kind == 0 ? 40 + Int(rng.next() % 40) : kind == 1 ? 140 + Int(rng.next() % 80) : 80 + Int(rng.next() % 40)
            let rows = kind == 0 ? 10 + Int(rng.next() % 14) : kind == 1 ? 40 + Int(rng.next() % 24) : 24 + Int(rng.next() % 16)
            last = "resize \(cols)x\(rows)"
            send(.terminal(.resized(cols: cols, rows: rows)))
        case 890..<930:
            now += Double(1 + rng.next() % 400)
            last = "tick +\(now)"
            send(.tick(now: now, today: state.today))
        case 930..<940:
            // Another terminal wrote to the store: the open lists reload, an open case asks whether it was its own.
            last = "store changed"
            send(.storeChanged)
        case 940..<941:
            last = "ctrl-c"
            send(.terminal(.key(.ctrl("c"))))
        default:
            guided()
        }
    }

    /// Gets back to work after a logout, a lock or a shrunken window; false when there is nothing to recover from.
    mutating func recover() -> Bool {
        if state.tooSmall {
            last = "resize 100x30"
            send(.terminal(.resized(cols: 100, rows: 30)))
            return true
        }
        if state.lock != nil {
            last = "unlock"
            for c in "canbao123" { send(.terminal(.key(.char(c)))) }
            send(.terminal(.key(.enter)))
            return true
        }
        if case .passwordChange = state.screen {
            last = "choose a password"
            for c in "Own2026pass" { send(.terminal(.key(.char(c)))) }
            send(.terminal(.key(.tab)))
            for c in "Own2026pass" { send(.terminal(.key(.char(c)))) }
            send(.terminal(.key(.function(10))))
            return true
        }
        if case let .login(login) = state.screen {
            last = "login again"
            // A name kept from the last login is text, not a field: F2 makes it one again.
            if login.nameFixed { send(.terminal(.key(.function(2)))) }
            send(.terminal(.key(.ctrl("u"))))
            let name: String
            switch role {
            case .clerk, .firstStart: name = "clerk"
            case .supervisor: name = "supervisor"
            case .trainee: name = "trainee"
            case .admin: name = "admin"
            }
            for c in name { send(.terminal(.key(.char(c)))) }
            send(.terminal(.key(.enter)))
            for c in "canbao123" { send(.terminal(.key(.char(c)))) }
            send(.terminal(.key(.enter)))
            return true
        }
        return false
    }

    /// Moves that random keys reach only rarely: the lower entries of the workflow list, a person found.
    mutating func guided() {
        switch state.screen {
        case let .picker(p):
            // Workflows in turn, so the later ones of the list are served as often as the first. A list made for a
            // person leaves out what does not fit them (a unit's services): then back home, for the whole list.
            let all = WorkflowPickerState.choices(TestForms.shared)
            let target = all[pickerTurn % all.count]
            guard let downs = p.workflows.firstIndex(of: target) else {
                last = "picker: \(target.value) not offered, Esc"
                send(.terminal(.key(.escape)))
                return
            }
            pickerTurn += 1
            last = "picker Home ↓\(downs) Enter"
            send(.terminal(.key(.home)))
            for _ in 0..<downs { send(.terminal(.key(.down))) }
            send(.terminal(.key(.enter)))
        case .search:
            last = "search 方磊 Enter Enter"
            for c in "方磊" { send(.terminal(.key(.char(c)))) }
            send(.terminal(.key(.enter)))
            send(.terminal(.key(.enter)))
        case .form:
            // Answer the fields from a real case (the scenario's, when practising), then F10: enough to get past the
            // required fields to a result or a score card.
            let fields = rng.next() % 2 == 0 ? 40 : 1
            last = "answer \(fields) field(s)"
            for _ in 0..<fields { answerField() }
            if fields > 1 { send(.terminal(.key(.function(10)))) }
        case .home:
            let choices: [Key] = [.char("1"), .char("1"), .char("1"), .char("2"), .char("4"), .char("5")]
            let key = choices[Int(rng.next() % UInt64(choices.count))]
            last = "home \(key)"
            send(.terminal(.key(key)))
        case .queue:
            let key: [Key] = [.enter, .function(7), .function(9), .down]
            let k = key[Int(rng.next() % 4)]
            last = "queue \(k)"
            send(.terminal(.key(k)))
        default:
            let key: Key = rng.next() % 2 == 0 ? .function(1) : .enter
            last = "guided \(key)"
            send(.terminal(.key(key)))
        }
    }

    /// Types the focused field's answer from a real case of the workflow, then Tab.
    mutating func answerField() {
        guard case let .form(f) = state.screen, case let .field(id) = f.focus,
              let workflow = TestForms.shared.workflows[f.caseFile.workflow], let field = workflow.field(id) else { return }
        let source = f.practice?.scenario.caseFile ?? FakeCounter.examples.first { $0.workflow == workflow.id }
        if let value = source.flatMap({ CasePath.value(id, in: $0) }) {
            switch field.type {
            case .bool:
                send(.terminal(.key(.char(value == "true" ? "y" : "n"))))
            case .sex, .scheme, .choice:
                if let i = FieldValue.choices(field).firstIndex(of: value), i < 9 {
                    send(.terminal(.key(.char(Character(String(i + 1))))))
                }
            default:
                send(.terminal(.key(.ctrl("u"))))
                for c in value { send(.terminal(.key(.char(c)))) }
            }
        }
        send(.terminal(.key(.tab)))
    }

    // MARK: invariants

    var screenName: String {
        if state.tooSmall { return "tooSmall" }
        if state.lock != nil { return "lock" }
        switch state.overlay {
        case .help?: return "help"
        case .article?: return "article"
        case .story?: return "story-overlay"
        case nil: break
        }
        switch state.screen {
        case .starting: return "starting"
        case .setup: return "setup"
        case .login: return "login"
        case .home: return "home"
        case .picker: return "picker"
        case let .form(f): return f.practice != nil ? "practice-form" : "form:\(f.caseFile.workflow)"
        case .search: return "search"
        case .person: return "person"
        case .roster: return "roster"
        case .coverage: return "coverage"
        case .result: return "result"
        case .queue: return "queue"
        case .review: return "review"
        case .caseView: return "caseView"
        case .statistics: return "statistics"
        case .decks: return "decks"
        case .story: return "story"
        case .scoreCard: return "scoreCard"
        case .traineeProgress: return "traineeProgress"
        case .passwordChange: return "passwordChange"
        }
    }

    /// The first invariant that does not hold, or nil.
    func check() -> String? {
        let b = desk.render(state)
        guard b.cols == state.cols, b.rows == state.rows else { return "画面 \(b.cols)x\(b.rows)，终端 \(state.cols)x\(state.rows)" }
        // Every wide character has its right half next to it and every right half its wide character: then no line
        // is wider than the screen. And no cell shows a control character.
        let cells = b.cells
        for i in 0..<cells.count {
            let cell = cells[i]
            let col = i % b.cols
            if cell.isContinuation {
                if col == 0 || cells[i - 1].isContinuation || DisplayWidth.of(cells[i - 1].character) != 2 {
                    return "第 \(i / b.cols) 行第 \(col) 列是没有宽字符的右半格：\(b.line(i / b.cols))"
                }
                continue
            }
            let scalars = cell.character.unicodeScalars
            let first = scalars[scalars.startIndex].value
            if first >= 0x20, first < 0x7F { continue }
            if scalars.contains(where: SafeText.isForbidden) { return "第 \(i / b.cols) 行第 \(col) 列显示了控制字符" }
            if DisplayWidth.of(cell.character) == 2, col + 1 >= b.cols || !cells[i + 1].isContinuation {
                return "第 \(i / b.cols) 行第 \(col) 列的宽字符没有右半格：\(b.line(i / b.cols))"
            }
        }
        if let cursor = b.cursor, !(0..<b.rows).contains(cursor.row) || !(0..<b.cols).contains(cursor.col) {
            return "光标 \(cursor) 在 \(b.cols)x\(b.rows) 之外"
        }
        if let message = state.message, message.text.unicodeScalars.contains(where: SafeText.isForbidden) {
            return "提示行含控制字符"
        }
        return focusProblem()
    }

    func focusProblem() -> String? {
        func bad(_ input: TextInput) -> Bool { !(0...input.text.count).contains(input.cursor) || input.text.count > input.maxLength }
        func bad(_ s: ListSelection) -> Bool { s.index < 0 || s.top < 0 }
        if let lock = state.lock, bad(lock.password) { return "锁屏密码框光标越界" }
        switch state.screen {
        case let .setup(s):
            if !(0..<s.inputs.count).contains(s.focus) || s.inputs.contains(where: bad) { return "初始设置焦点 \(s.focus)" }
        case let .login(s):
            if !(0...1).contains(s.focus) || bad(s.name) || bad(s.password) { return "登录焦点 \(s.focus)" }
        case let .home(s):
            if bad(s.selection) { return "首页选择 \(s.selection)" }
        case let .picker(s):
            // The rows are the workflows offered and, for a person, those left out (selectable to read why, never started).
            if bad(s.selection) || s.selection.index >= max(1, s.rowCount) { return "业务选择 \(s.selection)" }
        case let .form(f):
            guard let workflow = TestForms.shared.workflows[f.caseFile.workflow] else { return "未知业务 \(f.caseFile.workflow)" }
            if !(0..<workflow.steps.count).contains(f.draft.stepIndex) { return "步骤 \(f.draft.stepIndex)" }
            if case let .field(id) = f.focus, workflow.field(id) == nil { return "焦点在不存在的栏目 \(id)" }
            if bad(f.input) || f.justification.map(bad) == true { return "表单输入框光标越界" }
            if bad(f.findingSelection) || bad(f.documentSelection) { return "表单列表选择越界" }
            if let c = f.chooser, bad(c.selection) || c.selection.index >= max(1, c.options.count) { return "选项列表 \(c.selection)" }
        case let .search(s):
            if bad(s.query) || bad(s.selection) { return "查询焦点" }
        case let .roster(s):
            if s.inputs.contains(where: bad) || bad(s.selection) { return "花名册焦点" }
        case let .coverage(s):
            if !(0...1).contains(s.focus) || bad(s.year) || bad(s.place) || bad(s.selection) { return "参保率焦点 \(s.focus)" }
        case let .queue(s):
            if bad(s.selection) { return "审核队列选择" }
        case let .review(s):
            if bad(s.findingSelection) || bad(s.documentSelection) { return "审核选择" }
            switch s.modal {
            case let .approve(input)?, let .reject(input)?: if bad(input) { return "审核意见光标越界" }
            case nil: break
            }
        case let .person(p):
            if bad(p.selection) { return "参保人选择" }
            // The list of cases: the selection inside it (or at 0 when empty) whatever keys and reloads did.
            if bad(p.caseSelection) || p.caseSelection.index > max(0, (p.detail?.cases.count ?? 0) - 1) {
                return "参保人办件选择 \(p.caseSelection.index)/\(p.detail?.cases.count ?? 0)"
            }
        case let .caseView(v):
            if v.scroll < 0 { return "案件查看滚动 \(v.scroll)" }
        case let .decks(d):
            if bad(d.selection) { return "题组选择" }
        case let .scoreCard(c):
            if bad(c.selection) { return "评分选择" }
        default:
            break
        }
        return nil
    }
}

/// The store and printer behind the random walk: every effect gets the answer the runtime would give, from the
/// repository's examples and decks.
struct FakeCounter {
    var hasOperators = true
    /// Logins answer with accounts whose password someone else set (the demo accounts after a first start).
    var temporaryPasswords = false
    var drafts: [String: CaseDraft] = [:]
    var next = 1

    static let examples: [CaseFile] = {
        let dir = TestForms.directory.appendingPathComponent("examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().compactMap { name in
            guard let text = try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) else { return nil }
            return try? CaseParser.parse(text, file: name, forms: TestForms.shared)
        }
    }()

    static let decks: [Deck] = {
        let dir = TestForms.directory.appendingPathComponent("decks")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().filter { $0.hasSuffix(".yaml") }.compactMap { name in
            guard let text = try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) else { return nil }
            return try? DeckParser.parse(text, file: name, forms: TestForms.shared)
        }
    }()

    static let persons: [PersonSummary] = examples.enumerated().compactMap { i, c in
        guard let p = c.person, let doc = p.document else { return nil }
        return PersonSummary(name: p.name ?? "", document: doc, birthDate: p.birthDate, sex: p.sex, records: c.platformRecords,
                             personID: Int64(100 + i))
    } + [StoreWideDeskTests.fang]

    static func operatorInfo(_ name: String) -> OperatorInfo? {
        let roles: [String: OperatorRole] = ["clerk": .clerk, "supervisor": .supervisor, "trainee": .trainee, "admin": .admin]
        return roles[name].map { OperatorInfo(id: Int64(name.count), name: name, displayName: "测试\($0.chinese)", role: $0) }
    }

    func summary(_ number: String, _ d: CaseDraft, status: CaseStatus) -> CaseSummary {
        CaseSummary(number: number, workflow: d.caseFile.workflow, applicant: d.caseFile.person?.name ?? "（未填）", status: status,
                    updated: "09:30", dueDate: d.caseFile.today.adding(days: 10))
    }

    func example(_ rng: inout SplitMix64) -> CaseFile { Self.examples[Int(rng.next() % UInt64(Self.examples.count))] }

    mutating func answer(_ effect: DeskEffect, today: LocalDate, rng: inout SplitMix64) -> [DeskMsg] {
        // Now and then the store is busy or a file cannot be read: the desk must say so and carry on.
        if effect != .start, effect != .logout, effect != .endPractice, rng.next() % 40 == 0 {
            if case .login = effect { return [.loginFailed(reason: "数据库正忙，请稍后重试")] }
            if case .unlock = effect { return [.unlockFailed(reason: "数据库正忙，请稍后重试")] }
            return [.failed(reason: "数据库正忙，请稍后重试")]
        }
        switch effect {
        case .start:
            return [.started(hasOperators: hasOperators)]
        case let .createFirstAdmin(name, displayName, _):
            hasOperators = true
            return [.firstAdminCreated(OperatorInfo(id: 1, name: name, displayName: displayName, role: .admin))]
        case .loadDemoData:
            return [.demoDataLoaded(summary: "已载入演示数据：300 名参保人")]
        case let .login(name, password):
            guard var op = Self.operatorInfo(name), password == "canbao123" else { return [.loginFailed(reason: "登录名或密码错误")] }
            op.mustChangePassword = temporaryPasswords
            return [.loggedIn(op)]
        case .changePassword:
            temporaryPasswords = false
            return [.passwordChanged]
        case let .unlock(_, password):
            return password == "canbao123" ? [.unlocked] : [.unlockFailed(reason: "密码错误")]
        case .loadHome:
            let mine = drafts.sorted { $0.key < $1.key }.suffix(30)
            let first = Self.examples[0]
            return [.homeLoaded(HomeData(
                today: mine.map { summary($0.key, $0.value, status: .registered) },
                drafts: mine.map { summary($0.key, $0.value, status: .draft) },
                pendingDocuments: mine.prefix(3).map { summary($0.key, $0.value, status: .pendingDocuments) },
                awaitingApproval: mine.prefix(2).map { summary($0.key, $0.value, status: .awaitingApproval) },
                preregistered: [CaseSummary(number: "2025-000003", workflow: "newborn", applicant: first.person?.name ?? "王小宝",
                                            status: .registered, updated: "10-20", dueDate: today.adding(days: -3), personID: 41)],
                deadlines: [CaseSummary(number: "2025-000003", workflow: "newborn", applicant: first.person?.name ?? "王小宝",
                                        status: .registered, updated: "10-20", dueDate: today.adding(days: -3), personID: 41,
                                        dueWhat: "预参保新生儿信息更新")]
                    + mine.prefix(2).map { summary($0.key, $0.value, status: .pendingDocuments) }))]
        case let .searchPersons(query):
            let found = Self.persons.filter { query.isEmpty || $0.name.contains(query) || $0.document.number.contains(query) }
            return [.personsFound(query: query, found.isEmpty ? Array(Self.persons.prefix(3)) : found)]
        case let .lookupPerson(document):
            return [.personLooked(document: document, Self.persons.first { $0.document.number == document.number })]
        case let .openCase(number):
            var draft = drafts[number] ?? CaseDraft(number: number, version: 1, caseFile: example(&rng))
            draft.number = number
            return [.caseOpened(draft)]
        case let .saveDraft(draft):
            let number = draft.number ?? String(format: "2026-%06d", next)
            if draft.number == nil { next += 1 }
            var saved = draft
            saved.number = number
            saved.version = draft.version + 1
            drafts[number] = saved
            return [.draftSaved(number: number, version: saved.version)]
        case let .submit(draft, verdict, _):
            let number = draft.number ?? String(format: "2026-%06d", next)
            let status: CaseStatus
            switch verdict.decision {
            case .accept: status = .registered
            case .missingDocuments: status = .pendingDocuments
            case .needsApproval: status = .awaitingApproval
            case .refuse: status = .refused
            }
            return [.submitted(SubmitResult(number: number, status: status, decision: verdict.decision,
                                            printed: ["/tmp/notices/\(number).txt"], enrolls: rng.next() % 2 == 0))]
        case .loadQueue:
            return [.queueLoaded(Self.examples.prefix(6).enumerated().map { i, c in
                let v = Cases.verdict(c)
                return QueueItem(number: "2026-10\(i)", workflow: c.workflow, workflowTitle: TestForms.shared.workflows[c.workflow]?.title ?? c.workflow,
                                 applicant: c.person?.name ?? "", exceptions: v.findings.filter { $0.severity != .info },
                                 clerkName: "clerk", clerkDisplayName: "王芳", justification: "家长住院延误办理", waitedMinutes: 30 * i)
            })]
        case let .openReview(number):
            let c = example(&rng)
            return [.reviewLoaded(CaseReview(number: number, version: 3, status: .awaitingApproval, caseFile: c, verdict: Cases.verdict(c),
                                             clerkDisplayName: "王芳", justification: "家长住院延误办理",
                                             history: ["03-16 09:12 王芳 建档", "03-16 09:20 王芳 提交审核：家长住院延误办理"]))]
        case let .viewCase(number):
            // A decided case from an example, now and then one set aside (nothing to reprint).
            let c = example(&rng)
            let statuses: [CaseStatus] = [.registered, .completed, .refused, .awaitingApproval, .withdrawn, .voided]
            let status = statuses[Int(rng.next() % UInt64(statuses.count))]
            return [.caseViewed(CaseSheet(number: number, status: status, caseFile: c, verdict: Cases.verdict(c), clerkDisplayName: "王芳",
                                          created: "2026-03-16 09:12", decided: "2026-03-16 09:30",
                                          justification: status == .awaitingApproval ? "家长住院延误办理" : nil,
                                          decisions: status == .refused ? ["2026-03-16 10:05 审核员李审核 不予批准：材料不符"] : [],
                                          history: ["03-16 09:12 王芳 建档"], notices: status.isSetAside ? [] : ["回执"]))]
        case let .reprintNotice(number):
            return [.noticeReprinted(number: number, notices: ["回执"], printed: ["/tmp/notices/\(number)-回执-补打.txt"],
                                     printing: nil)]
        case let .decide(decision):
            return [.decided(SubmitResult(number: decision.number, status: decision.approve ? .registered : .refused,
                                          decision: decision.approve ? .accept : .refuse, printed: []))]
        case let .loadStatistics(date, _):
            return [.statisticsLoaded(date: date, [
                StatisticsRow(operatorName: "clerk", displayName: "王芳", role: .clerk,
                              cases: [StatisticsCount(workflow: "新生儿参保登记", decision: "受理", count: 3)], total: 3,
                              averageServeMinutes: 7.5, approvalsReceived: 1, rejectionsReceived: 0, decisionsMade: 0),
            ])]
        case .loadDecks:
            return [.decksLoaded(Self.decks.map { DeckSummary(id: $0.id, title: $0.title, level: $0.level.chinese, tags: $0.tags,
                                                              scenarioCount: $0.scenarios.count, played: 2, correct: 1, lastScore: 80) })]
        case let .startPractice(deckID):
            guard let deck = Self.decks.first(where: { $0.id == deckID }), !deck.scenarios.isEmpty else {
                return [.failed(reason: "题组不存在")]
            }
            let scenario = deck.scenarios[Int(rng.next() % UInt64(deck.scenarios.count))]
            return [.practiceStarted(PracticeScenario(deckID: deckID, deckTitle: deck.title, scenario: scenario))]
        case .recordPractice:
            return [.practiceRecorded]
        case .loadTraineeProgress:
            return [.traineeProgressLoaded([TraineeProgress(trainee: "陈学员", deckTitle: "新生儿入门", attempts: 4, played: 3, correct: 2,
                                                            averageScore: 76.7, scores: [60, 80, 90])])]
        case let .openPerson(personID, keep):
            if personID == 41 { return [.personLoaded(StoreWideDeskTests.detail(keep: keep[0].flatMap { [6: 0, 7: 1][$0] }))] }
            let p = Self.persons.first { $0.personID == personID } ?? Self.persons[0]
            // None, a few or a list that scrolls, open and decided: Enter on one opens the form or the case view.
            let statuses: [CaseStatus] = [.draft, .pendingDocuments, .awaitingApproval, .registered, .completed, .refused, .withdrawn]
            let cases = (0..<Int(rng.next() % 30)).map { i in
                CaseSummary(number: String(format: "2025-%06d", 900 - i), workflow: "参保信息变更", applicant: p.name,
                            status: statuses[Int(rng.next() % UInt64(statuses.count))], updated: today.adding(days: -i).description,
                            dueDate: i % 4 == 0 ? today.adding(days: 5 - i) : nil)
            }
            return [.personLoaded(PersonDetail(personID: personID, summary: p, recordIDs: p.records.indices.map { Int64($0 + 1) },
                                               hardship: [HardshipLine(name: "特困人员", department: "民政部门", applied: true)],
                                               cases: cases))]
        case let .resolveDuplicate(personID, _, _, _):
            let p = Self.persons.first { $0.personID == personID } ?? Self.persons[0]
            let number = String(format: "2026-%06d", next)
            next += 1
            return [.duplicateResolved(SubmitResult(number: number, status: .completed, decision: .accept,
                                                    printed: ["/tmp/notices/\(number)-重复参保处理告知书.txt"], enrolls: false),
                                       message: "案件 \(number) 已办结：终止 1 条参保关系，退费草稿 1 件",
                                       PersonDetail(personID: personID, summary: p, recordIDs: p.records.indices.map { Int64($0 + 1) }))]
        case let .setAside(number, _, _, withdraw):
            return [.caseSetAside(number: number, status: withdraw ? .withdrawn : .voided)]
        case let .voidDraft(draft, _):
            if let number = draft.number { drafts[number] = nil }
            return [.caseSetAside(number: draft.number ?? "", status: .voided)]
        case let .checkCase(number, version):
            return rng.next() % 3 == 0 ? [.caseChangedElsewhere(number: number, version: version + 1,
                                                                 note: "案件 \(number) 已由李审核于 10:32 在其他终端修改")] : []
        case .cancelRosterImport:
            return []
        case let .importRoster(request):
            // Progress first, as the real import reports it while it checks.
            return [.rosterProgress(rows: 40, checked: 20, rejected: 1), .rosterProgress(rows: 40, checked: 40, rejected: 2),
                    .rosterImported(RosterImportSummary(
                request: request, fileName: (request.file as NSString).lastPathComponent, encoding: "UTF-8", rowCount: 40,
                registered: request.dryRun ? 0 : 37, alreadyEnrolled: 1, replaced: 1,
                rejected: [.init(line: 3, text: "证件号码校验码错误"), .init(line: 9, text: "出生日期与证件号码不符")],
                errorReport: "/tmp/reports/roster-errors.csv"))]
        case let .loadCoverage(year, place):
            return [.coverageLoaded(CoverageView(year: year, place: place, total: CoverageLine(caption: "合计", persons: 300, enrolled: 287),
                                                 groups: [CoverageLine(caption: "新生儿", persons: 12, enrolled: 9)],
                                                 places: (0..<30).map { CoverageLine(caption: "1506\(20 + $0)", persons: 10, enrolled: $0 % 10) },
                                                 target: "95%（达拉特旗方案 三）"))]
        case let .loadUnenrolled(year, place):
            return [.unenrolledLoaded(year: year, place: place, total: 13, (0..<13).map {
                UnenrolledLine(name: "未参保\($0)", document: "1506211990010100\($0 % 10)X", place: "150621", groups: "灵活就业", lastRecord: "2024 居民医保")
            })]
        case .exportCoverage:
            return [.coverageExported(paths: ["/tmp/reports/coverage.csv", "/tmp/reports/unenrolled.csv"])]
        case .logout, .endPractice, .quit:
            return []
        }
    }
}

/// A small seeded generator (SplitMix64): the walk is the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
