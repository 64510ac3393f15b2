import CanbaoRules

/// The desk program: `update` turns a message into a new state and the effects to carry out; `render` draws a
/// state. Only the runtime touches the terminal and the store.
public struct Desk: Sendable {
    public let env: DeskEnvironment

    public init(env: DeskEnvironment) { self.env = env }

    static let tooSmallMessage = "终端窗口过小，请先放大窗口"

    public func start(cols: Int, rows: Int, now: Double, today: LocalDate) -> (DeskState, [DeskEffect]) {
        (DeskState(cols: cols, rows: rows, now: now, today: today), [.start])
    }

    // MARK: update

    public func update(_ state: inout DeskState, _ msg: DeskMsg) -> [DeskEffect] {
        switch msg {
        case let .terminal(event):
            return terminal(&state, event)
        case let .tick(now, today):
            state.now = now
            state.today = today
            guard state.session != nil, state.lock == nil, now - state.lastActivity >= env.lockAfter else { return [] }
            var effects: [DeskEffect] = []
            if case var .form(form) = state.screen {
                effects = CaseFormScreen.commit(&form, &state, env) + [.saveDraft(form.draft)]
                state.screen = .form(form)
            }
            state.lock = LockState()
            state.overlay = nil
            state.message = .info("空闲超时，屏幕已锁定")
            return effects
        default:
            return result(&state, msg)
        }
    }

    func terminal(_ state: inout DeskState, _ event: TerminalEvent) -> [DeskEffect] {
        switch event {
        case let .resized(cols, rows):
            state.cols = cols
            state.rows = rows
            // Said while the window was too small; wrong once it is big enough.
            if !state.tooSmall, state.message == .error(Self.tooSmallMessage) { state.message = nil }
            return []
        case let .paste(text, dropped):
            state.lastActivity = state.now
            // Like keys: nothing goes into a field the clerk cannot see.
            if state.tooSmall {
                state.message = .error(Self.tooSmallMessage)
                return []
            }
            // One line goes into one field; a control character refuses the paste whole (SafeText), so escape
            // sequences, backspaces or bidi overrides never reach a field, and what is stored is what was seen.
            let line = String(text.split(whereSeparator: \.isNewline).first ?? "")
            if let bad = line.unicodeScalars.first(where: SafeText.isForbidden) {
                state.message = .error("粘贴内容含有控制字符 \(SafeText.codePoint(bad))，未录入")
                return []
            }
            paste(&state, line, dropped: dropped)
            return []
        case let .key(key):
            state.lastActivity = state.now
            if key == .ctrl("c") || key == .ctrl("q") { return quit(&state) }
            if state.tooSmall {
                state.message = .error(Self.tooSmallMessage)
                return []
            }
            if case let .char(c) = key, let bad = c.unicodeScalars.first(where: SafeText.isForbidden) {
                state.message = .error("不能录入控制字符 \(SafeText.codePoint(bad))")
                return []
            }
            let before = state.message
            state.message = nil
            if var lock = state.lock {
                let effects = LockScreen.update(&lock, key, &state)
                if state.lock != nil { state.lock = lock }
                return effects ?? unhandled(&state, key)
            }
            if var overlay = state.overlay {
                let handled = OverlayScreen.update(&overlay, key, &state)
                if state.overlay != nil { state.overlay = overlay }
                return handled ? [] : unhandled(&state, key)
            }
            let effects = screenKey(&state, key)
            if effects == nil { return unhandled(&state, key) }
            if state.message == nil, before?.kind == .info, case .form = state.screen, case .findings = formFocus(state) { state.message = before }
            return effects!
        }
    }

    func formFocus(_ state: DeskState) -> CaseFormState.Focus? {
        if case let .form(f) = state.screen { return f.focus }
        return nil
    }

    /// Every key either does something or says why not: never silently nothing.
    func unhandled(_ state: inout DeskState, _ key: Key) -> [DeskEffect] {
        // F1 itself must not send the clerk to F1.
        state.message = .error(key == .function(1) ? "此处没有单独的帮助：可用的按键见底行"
                                                   : "“\(KeyName.of(key))”在此处不可用，按 F1 查看帮助")
        return []
    }

    func screenKey(_ state: inout DeskState, _ key: Key) -> [DeskEffect]? {
        switch state.screen {
        case .starting:
            return []
        case var .setup(s):
            let e = SetupScreen.update(&s, key, &state)
            if case .setup = state.screen { state.screen = .setup(s) }
            return e
        case var .login(s):
            let e = LoginScreen.update(&s, key, &state)
            if case .login = state.screen { state.screen = .login(s) }
            return e
        case var .passwordChange(s):
            let e = PasswordChangeScreen.update(&s, key, &state)
            if case .passwordChange = state.screen { state.screen = .passwordChange(s) }
            return e
        case var .home(s):
            if key == .function(1) {
                state.overlay = .help(HelpState(topic: .home))
                return []
            }
            let e = HomeScreen.update(&s, key, &state, env)
            if case .home = state.screen { state.screen = .home(s) }
            return e
        case var .picker(s):
            let e = WorkflowPicker.update(&s, key, &state, env)
            if case .picker = state.screen { state.screen = .picker(s) }
            return e
        case var .form(s):
            let e = CaseFormScreen.update(&s, key, &state, env)
            if case .form = state.screen { state.screen = .form(s) }
            return e
        case var .search(s):
            let e = PersonSearchScreen.update(&s, key, &state, env)
            if case .search = state.screen { state.screen = .search(s) }
            return e
        case var .person(s):
            let e = PersonScreen.update(&s, key, &state, env)
            if case .person = state.screen { state.screen = .person(s) }
            return e
        case var .roster(s):
            if key == .function(1), !s.busy {
                state.overlay = .help(HelpState(topic: .roster))
                return []
            }
            let e = RosterScreen.update(&s, key, &state)
            if case .roster = state.screen { state.screen = .roster(s) }
            return e
        case var .coverage(s):
            if key == .function(1) {
                state.overlay = .help(HelpState(topic: .coverage))
                return []
            }
            let e = CoverageScreen.update(&s, key, &state)
            if case .coverage = state.screen { state.screen = .coverage(s) }
            return e
        case var .result(s):
            let e = ResultScreen.update(&s, key, &state)
            if case .result = state.screen { state.screen = .result(s) }
            return e
        case var .queue(s):
            if key == .function(1) {
                state.overlay = .help(HelpState(topic: .queue))
                return []
            }
            let e = QueueScreen.update(&s, key, &state, env)
            if case .queue = state.screen { state.screen = .queue(s) }
            return e
        case var .review(s):
            let e = ReviewScreen.update(&s, key, &state, env)
            if case .review = state.screen { state.screen = .review(s) }
            return e
        case var .caseView(s):
            if key == .function(1) {
                state.overlay = .help(HelpState(topic: .caseView))
                return []
            }
            let e = CaseViewScreen.update(&s, key, &state, env)
            if case .caseView = state.screen { state.screen = .caseView(s) }
            return e
        case var .statistics(s):
            let e = StatisticsScreen.update(&s, key, &state, env)
            if case .statistics = state.screen { state.screen = .statistics(s) }
            return e
        case var .decks(s):
            let e = DecksScreen.update(&s, key, &state)
            if case .decks = state.screen { state.screen = .decks(s) }
            return e
        case var .story(s):
            let e = StoryScreen.update(&s, key, &state, env)
            if case .story = state.screen { state.screen = .story(s) }
            return e
        case var .scoreCard(s):
            let e = ScoreCardScreen.update(&s, key, &state, env)
            if case .scoreCard = state.screen { state.screen = .scoreCard(s) }
            return e
        case var .traineeProgress(s):
            let e = TraineeProgressScreen.update(&s, key, &state)
            if case .traineeProgress = state.screen { state.screen = .traineeProgress(s) }
            return e
        }
    }

    /// `dropped`: characters the terminal left out past its limit, counted with what the field could not take.
    func paste(_ state: inout DeskState, _ text: String, dropped: Int = 0) {
        func into(_ input: inout TextInput) {
            let outcome = input.insert(String(text.split(whereSeparator: \.isNewline).first ?? ""))
            if let d = TextInput.leftOut(outcome, dropped: dropped) {
                state.message = .error("粘贴内容过长，多出的 \(d) 个字符未录入")
            }
        }
        if var lock = state.lock {
            into(&lock.password)
            state.lock = lock
            return
        }
        switch state.screen {
        case var .form(s):
            CaseFormScreen.paste(&s, text, dropped: dropped, &state, env)
            state.screen = .form(s)
        case var .login(s):
            if s.focus == 0 && !s.nameFixed { into(&s.name) } else { into(&s.password) }
            state.screen = .login(s)
        case var .home(s) where s.aside != nil:
            into(&s.aside!.reason)
            state.screen = .home(s)
        case var .setup(s):
            into(&s.inputs[s.focus])
            state.screen = .setup(s)
        case var .passwordChange(s):
            into(&s.inputs[s.focus])
            state.screen = .passwordChange(s)
        case var .search(s):
            into(&s.query)
            state.screen = .search(s)
        case var .roster(s):
            into(&s.inputs[s.focus.rawValue])
            state.screen = .roster(s)
        case var .coverage(s):
            if s.focus == 0 { into(&s.year) } else { into(&s.place) }
            state.screen = .coverage(s)
        case var .review(s):
            switch s.modal {
            case var .approve(input)?:
                into(&input)
                s.modal = .approve(input)
            case var .reject(input)?:
                into(&input)
                s.modal = .reject(input)
            case nil:
                state.message = .error("此处不能粘贴")
            }
            state.screen = .review(s)
        default:
            state.message = .error("此处不能粘贴")
        }
    }

    /// Ctrl-C: keep what was typed (the focused field is committed and the draft saved), then quit.
    func quit(_ state: inout DeskState) -> [DeskEffect] {
        guard case var .form(form) = state.screen, state.lock == nil else { return [.quit] }
        let effects = CaseFormScreen.commit(&form, &state, env)
        state.screen = .form(form)
        return effects + [.saveDraft(form.draft), .quit]
    }

    /// What the runtime reports back. A reply goes to the screen that asked for it, and only while that screen is on
    /// display (a reply that arrives after the clerk moved on changes nothing); a failure is shown whatever the screen.
    func result(_ state: inout DeskState, _ msg: DeskMsg) -> [DeskEffect] {
        switch msg {
        case let .started(hasOperators):
            state.screen = hasOperators ? .login(LoginState()) : .setup(SetupState())
            if let warning = env.dataWarning { state.message = .error(warning) }
            return []
        case let .caseOpened(draft):
            var form = CaseFormState(draft: draft, env: env)
            // Opened from the person's list of cases: the clerk is serving that person, and goes back to them.
            if case let .person(person) = state.screen { form.returnTo = person }
            state.screen = .form(form)
            state.message = .info("已打开案件 \(draft.number ?? "")（\(draft.status.chinese)）")
            return form.lookupEffects()
        case let .practiceStarted(practice):
            state.screen = .story(StoryState(practice: practice))
            state.message = .info("请阅读来办情形，Enter 开始办理")
            return []
        case .practiceRecorded, .terminal, .tick:
            return []
        default:
            break
        }
        if case let .failed(reason) = msg { state.message = .error(reason) }
        // The lock asked only to be unlocked; the screen under it still gets its own replies.
        if var lock = state.lock {
            LockScreen.receive(&lock, msg, &state)
            if state.lock != nil { state.lock = lock }
            switch msg {
            case .unlocked, .unlockFailed: return []
            default: break
            }
        }
        return reply(&state, msg)
    }

    /// Hands a reply to the screen on display.
    func reply(_ state: inout DeskState, _ msg: DeskMsg) -> [DeskEffect] {
        switch state.screen {
        case var .setup(s):
            let e = SetupScreen.receive(&s, msg, &state)
            if case .setup = state.screen { state.screen = .setup(s) }
            return e
        case var .login(s):
            let e = LoginScreen.receive(&s, msg, &state)
            if case .login = state.screen { state.screen = .login(s) }
            return e
        case .passwordChange:
            return PasswordChangeScreen.receive(msg, &state)
        case var .home(s):
            let e = HomeScreen.receive(&s, msg, &state)
            if case .home = state.screen { state.screen = .home(s) }
            return e
        case var .form(s):
            let e = CaseFormScreen.receive(&s, msg, &state, env)
            if case .form = state.screen { state.screen = .form(s) }
            return e
        case var .search(s):
            let e = PersonSearchScreen.receive(&s, msg, &state)
            if case .search = state.screen { state.screen = .search(s) }
            return e
        case var .person(s):
            let e = PersonScreen.receive(&s, msg, &state)
            if case .person = state.screen { state.screen = .person(s) }
            return e
        case var .roster(s):
            let e = RosterScreen.receive(&s, msg, &state)
            if case .roster = state.screen { state.screen = .roster(s) }
            return e
        case var .coverage(s):
            let e = CoverageScreen.receive(&s, msg, &state)
            if case .coverage = state.screen { state.screen = .coverage(s) }
            return e
        case var .queue(s):
            let e = QueueScreen.receive(&s, msg, &state, env)
            if case .queue = state.screen { state.screen = .queue(s) }
            return e
        case var .review(s):
            let e = ReviewScreen.receive(&s, msg, &state, env)
            if case .review = state.screen { state.screen = .review(s) }
            return e
        case var .caseView(s):
            let e = CaseViewScreen.receive(&s, msg, &state)
            if case .caseView = state.screen { state.screen = .caseView(s) }
            return e
        case var .statistics(s):
            let e = StatisticsScreen.receive(&s, msg, &state)
            if case .statistics = state.screen { state.screen = .statistics(s) }
            return e
        case var .decks(s):
            let e = DecksScreen.receive(&s, msg, &state)
            if case .decks = state.screen { state.screen = .decks(s) }
            return e
        case var .traineeProgress(s):
            let e = TraineeProgressScreen.receive(&s, msg, &state)
            if case .traineeProgress = state.screen { state.screen = .traineeProgress(s) }
            return e
        case .starting, .picker, .result, .story, .scoreCard:
            return []
        }
    }

    /// F3 on a home screen: back to the login screen; the runtime forgets the session.
    static func logout(_ state: inout DeskState) -> [DeskEffect] {
        // The name is kept for the next login, as text: only the password field takes typing (F2 changes the name).
        state.screen = .login(LoginState(name: state.session?.name ?? ""))
        state.session = nil
        state.message = .info("已注销")
        return [.logout]
    }

    /// Where an operator starts: supervisors and admins at the exception queue, others at the clerk's home.
    static func goHome(_ state: inout DeskState) -> [DeskEffect] {
        if state.session?.role == .trainee {
            state.screen = .decks(DecksState())
            return [.loadDecks]
        }
        if state.session?.role.mayApprove == true {
            state.screen = .queue(QueueState())
            return [.loadQueue]
        }
        state.screen = .home(HomeState())
        return [.loadHome]
    }

    // MARK: render

    public func render(_ state: DeskState) -> ScreenBuffer {
        if state.tooSmall { return Frame.tooSmall(cols: state.cols, rows: state.rows) }
        var b = ScreenBuffer(cols: state.cols, rows: state.rows)
        let who = state.session.map { "\($0.displayName)（\($0.role.chinese)）" } ?? env.counter.name
        Frame.titleBar(&b, title: title(state), right: "\(who) \(state.practiceDay ?? state.today)", practice: env.practice || state.practising)
        var keys: [KeyHint]
        if let lock = state.lock {
            LockScreen.render(lock, state, &b)
            keys = LockScreen.keys
        } else {
            keys = renderScreen(state, &b)
            if let overlay = state.overlay {
                b.cursor = nil
                keys = OverlayScreen.render(overlay, state, &b)
            }
        }
        Frame.messageLine(&b, state.message)
        Frame.keyBar(&b, keys)
        return b
    }

    func title(_ state: DeskState) -> String {
        if state.lock != nil { return "参保 · 已锁定" }
        switch state.screen {
        case .starting: return "参保"
        case .setup: return "参保 · 首次启动"
        case .login: return "参保 · 登录"
        case .passwordChange: return "参保 · 设置密码"
        case .home: return "参保 · 首页"
        case .picker: return "参保 · 新建业务"
        case let .form(f): return "参保 · \(f.workflowTitle)"
        case .search: return "参保 · 查找参保人"
        case .person: return "参保 · 参保人"
        case .roster: return "参保 · 学校花名册集体参保"
        case .coverage: return "参保 · 参保覆盖率"
        case .result: return "参保 · 办理结果"
        case .queue: return "参保 · 审核"
        case .review: return "参保 · 审核案件"
        case .caseView: return "参保 · 查看案件（只读）"
        case .statistics: return "参保 · 窗口统计"
        case .decks: return "参保 · 练习"
        case let .story(s): return "参保 · 练习 · \(s.practice.deckTitle)"
        case .scoreCard: return "参保 · 练习评分"
        case .traineeProgress: return "参保 · 学员进度"
        }
    }

    func renderScreen(_ state: DeskState, _ b: inout ScreenBuffer) -> [KeyHint] {
        switch state.screen {
        case .starting:
            b.put("正在启动…", row: 2, col: 2, style: .dim)
            return [KeyHint("Ctrl-C", "退出")]
        case let .setup(s):
            SetupScreen.render(s, state, &b, env)
            return SetupScreen.keys(s)
        case let .login(s):
            LoginScreen.render(s, state, &b)
            return LoginScreen.keys(s)
        case let .passwordChange(s):
            PasswordChangeScreen.render(s, state, &b)
            return PasswordChangeScreen.keys
        case let .home(s):
            HomeScreen.render(s, state, &b, env)
            return [KeyHint("F1", "帮助")] + HomeScreen.keys(s)
        case let .picker(s):
            WorkflowPicker.render(s, state, &b)
            return WorkflowPicker.keys
        case let .form(s):
            CaseFormScreen.render(s, state, &b, env)
            return CaseFormScreen.keys(s)
        case let .search(s):
            PersonSearchScreen.render(s, state, &b)
            return PersonSearchScreen.keys
        case let .person(s):
            PersonScreen.render(s, state, &b, env)
            return PersonScreen.keys(s)
        case let .roster(s):
            RosterScreen.render(s, state, &b)
            return (s.busy ? [] : [KeyHint("F1", "帮助")]) + RosterScreen.keys(s)
        case let .coverage(s):
            CoverageScreen.render(s, state, &b, env.forms.divisions)
            return [KeyHint("F1", "帮助")] + CoverageScreen.keys(s)
        case let .result(s):
            ResultScreen.render(s, state, &b)
            return ResultScreen.keys(s)
        case let .queue(s):
            QueueScreen.render(s, state, &b, env)
            return [KeyHint("F1", "帮助")] + QueueScreen.keys
        case let .review(s):
            ReviewScreen.render(s, state, &b, env)
            return ReviewScreen.keys(s)
        case let .caseView(s):
            CaseViewScreen.render(s, state, &b, env)
            return CaseViewScreen.keys(s)
        case let .statistics(s):
            StatisticsScreen.render(s, state, &b, env)
            return StatisticsScreen.keys
        case let .decks(s):
            DecksScreen.render(s, state, &b)
            return DecksScreen.keys
        case let .story(s):
            StoryScreen.render(s, state, &b, env)
            return StoryScreen.keys
        case let .scoreCard(s):
            ScoreCardScreen.render(s, state, &b)
            return ScoreCardScreen.keys
        case let .traineeProgress(s):
            TraineeProgressScreen.render(s, state, &b)
            return TraineeProgressScreen.keys
        }
    }
}

/// Key names for messages: F2, Enter, 字符“a”.
enum KeyName {
    static func of(_ key: Key) -> String {
        switch key {
        case let .char(c): return c == " " ? "空格" : String(c)
        case let .function(n): return "F\(n)"
        case let .ctrl(c): return "Ctrl-\(c.uppercased())"
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .escape: return "Esc"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        }
    }
}
