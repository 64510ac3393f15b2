/// The clerk's home: start a case, find a person, resume drafts, today's own cases and those waiting.
public struct HomeState: Hashable, Sendable {
    public enum Tab: Int, Hashable, Sendable, CaseIterable {
        case today, drafts, pending, awaiting, deadlines
        var title: String {
            switch self {
            case .today: return "今日办理"
            case .drafts: return "草稿"
            case .pending: return "待补材料"
            case .awaiting: return "待审核"
            case .deadlines: return "时限"
            }
        }
    }

    public var data: HomeData?
    public var tab: Tab = .today
    public var selection = ListSelection()
    /// F8 on a case of the list: its reason being typed before it is voided or withdrawn.
    var aside: Aside?

    struct Aside: Hashable, Sendable {
        var number: String
        var version: Int?
        var withdraw: Bool
        var reason: TextInput
    }

    public init(data: HomeData? = nil) { self.data = data }

    var items: [CaseSummary] {
        guard let data else { return [] }
        switch tab {
        case .today: return data.today
        case .drafts: return data.drafts
        case .pending: return data.pendingDocuments
        case .awaiting: return data.awaitingApproval
        case .deadlines: return data.deadlines
        }
    }

    func count(_ t: Tab) -> Int {
        guard let data else { return 0 }
        switch t {
        case .today: return data.today.count
        case .drafts: return data.drafts.count
        case .pending: return data.pendingDocuments.count
        case .awaiting: return data.awaitingApproval.count
        case .deadlines: return data.deadlines.count
        }
    }
}

enum HomeScreen {
    /// List rows: from row 7 to above the detail line (rows - 3).
    static func listHeight(_ rows: Int) -> Int { rows - 10 }

    static func update(_ s: inout HomeState, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect]? {
        if s.aside != nil { return asideKey(&s, key, &desk) }
        switch key {
        case .char("1"), .function(4):
            desk.screen = .picker(WorkflowPickerState(workflows: WorkflowPickerState.choices(env.forms)))
            return []
        case .char("2"), .char("/"):
            desk.screen = .search(PersonSearchState())
            return []
        case .char("4"):
            desk.screen = .roster(RosterImportState(place: env.counter.place, today: desk.today))
            return []
        case .char("5"):
            var coverage = CoverageState(today: desk.today)
            let effects = coverage.load(&desk)
            desk.screen = .coverage(coverage)
            return effects
        case .char("3"):
            // The store refuses too; the screen says why at once.
            guard desk.session?.role.mayApprove == true else {
                desk.message = .error("仅审核员可以审批例外情形（当前身份：\(desk.session?.role.chinese ?? "未登录")）")
                return []
            }
            desk.screen = .queue(QueueState())
            return [.loadQueue]
        case .tab, .right:
            s.tab = HomeState.Tab(rawValue: (s.tab.rawValue + 1) % HomeState.Tab.allCases.count)!
            s.selection = ListSelection()
            return []
        case .backTab, .left:
            s.tab = HomeState.Tab(rawValue: (s.tab.rawValue + HomeState.Tab.allCases.count - 1) % HomeState.Tab.allCases.count)!
            s.selection = ListSelection()
            return []
        case .enter:
            guard s.selection.index < s.items.count else {
                desk.message = .info("列表为空：按 1 新建业务")
                return []
            }
            let item = s.items[s.selection.index]
            // A pre-registered newborn's case is closed: the follow-up is a change case for the person.
            if item.status.isFinal, let id = item.personID {
                desk.screen = .person(PersonState(personID: id, announce: true))
                desk.message = .info("正在读取 \(item.applicant) 的参保信息…（Enter 新建“参保信息变更”）")
                return [.openPerson(personID: id, keep: [:])]
            }
            let number = item.number
            // Decided, set aside or with a supervisor: the case is looked at (and its notice reprinted), not edited.
            if item.status.isFinal || item.status == .awaitingApproval {
                desk.screen = .caseView(CaseViewState(number: number, returnTo: .home(s)))
                desk.message = .info("正在读取案件 \(number)…")
                return [.viewCase(number: number)]
            }
            desk.message = .info("正在打开案件 \(number)…")
            return [.openCase(number: number)]
        case .function(5):
            desk.message = .info("已刷新")
            return [.loadHome]
        case .function(8):
            return openAside(&s, &desk)
        case .function(3):
            return Desk.logout(&desk)
        case .function(10):
            return [.quit]
        default:
            if s.selection.handle(key, count: s.items.count, page: listHeight(desk.rows), wrap: true) {
                s.selection.clamp(count: s.items.count, height: listHeight(desk.rows))
                return []
            }
            return nil
        }
    }

    static func render(_ s: HomeState, _ desk: DeskState, _ b: inout ScreenBuffer, _ env: DeskEnvironment) {
        let region = env.forms.profiles[env.counter.region]?.title ?? env.counter.region
        b.put("窗口：\(env.counter.name)（\(region) \(env.counter.place)）", row: 1, col: 2, style: .dim, width: b.cols - 4)
        // An administrator sees where the data is (what to back up, what every counter must share).
        if desk.session?.role == .admin, let dir = env.dataDirectory {
            b.put("数据目录：\(dir)", row: 3, col: 2, style: env.dataWarning == nil ? .dim : .warning, width: b.cols - 4)
        }
        var menu = ["1 新建业务", "2 查找参保人"]
        if desk.session?.role.mayApprove == true { menu.append("3 审核") }
        menu += ["4 花名册集体参保", "5 参保覆盖率"]
        var col = 2
        for item in menu { col = b.put(item, row: 2, col: col, style: .label) + 4 }
        col = 1
        for t in HomeState.Tab.allCases {
            let text = " \(t.title)（\(s.count(t))） "
            col = b.put(text, row: 4, col: col, style: t == s.tab ? .selected : .label) + 1
        }
        Frame.rule(&b, row: 5)
        b.put(DisplayWidth.pad("案件编号", to: 13) + DisplayWidth.pad("业务", to: 24) + DisplayWidth.pad("申请人", to: 10)
              + DisplayWidth.pad("状态", to: 10) + DisplayWidth.pad("更新", to: 7) + "时限", row: 6, col: 1, style: .dim)
        let items = s.items
        let height = listHeight(desk.rows)
        if s.data == nil {
            b.put("正在读取…", row: 7, col: 1, style: .dim)
        } else if items.isEmpty {
            b.put("（无）", row: 7, col: 1, style: .dim)
        }
        var sel = s.selection
        sel.clamp(count: items.count, height: height)
        for (i, item) in items.enumerated().dropFirst(sel.top).prefix(height) {
            let row = 7 + i - sel.top
            let line = DisplayWidth.pad(item.number, to: 13) + DisplayWidth.pad(item.workflow, to: 24)
                + DisplayWidth.pad(item.applicant, to: 10) + DisplayWidth.pad(item.statusColumn, to: 10) + DisplayWidth.pad(item.updated, to: 7)
            // A running deadline past its day stands out, as does a line whose rows were altered; a case carried out
            // before its deadline only shows the date.
            let overdue = isOverdue(item, today: desk.today)
            let style: CellStyle = i == sel.index ? .selected : (overdue || item.tampered != nil ? .error : .normal)
            if i == sel.index { b.fill(row: row, col: 1, width: b.cols - 2, style: .selected) }
            let end = b.put(line, row: row, col: 1, style: style, width: b.cols - 2)
            if let due = item.dueDate {
                let md = String(due.description.dropFirst(5))
                let tag = overdue ? "逾期 \(md)" : md
                b.put(tag, row: row, col: end, style: i == sel.index ? .selected : (overdue ? .error : .dim), width: b.cols - end - 1)
            }
        }
        // The selected line whole: a name or a workflow the columns cut, and what its deadline is for.
        if sel.index < items.count, let warning = items[sel.index].tamperLine {
            b.put(warning, row: b.rows - 3, col: 1, style: .error, width: b.cols - 2)
        } else if sel.index < items.count {
            let item = items[sel.index]
            var detail = "\(item.applicant) \(item.workflow)"
            if let due = item.dueDate { detail += "；\(item.dueWhat ?? "办结时限") \(due)\(isOverdue(item, today: desk.today) ? "（已逾期）" : "")" }
            b.put(detail, row: b.rows - 3, col: 1, style: .dim, width: b.cols - 2)
        }
        if let aside = s.aside { renderAside(aside, &b) }
    }

    /// A running deadline passed: the case is not yet carried out (a newborn still to be updated counts as open).
    static func isOverdue(_ item: CaseSummary, today: LocalDate) -> Bool {
        guard let due = item.dueDate, due < today else { return false }
        return !item.status.isFinal || item.personID != nil
    }

    // MARK: void / withdraw from the list

    static func openAside(_ s: inout HomeState, _ desk: inout DeskState) -> [DeskEffect] {
        guard s.selection.index < s.items.count else {
            desk.message = .info("列表为空")
            return []
        }
        let item = s.items[s.selection.index]
        if item.status.mayBeVoided {
            s.aside = HomeState.Aside(number: item.number, version: item.version, withdraw: false,
                                      reason: TextInput(maxLength: SafeText.maxLineLength))
            desk.message = .info("作废草稿 \(item.number)：请写明理由，Enter 确认，Esc 取消")
        } else if item.status.mayBeWithdrawn {
            s.aside = HomeState.Aside(number: item.number, version: item.version, withdraw: true,
                                      reason: TextInput(maxLength: SafeText.maxLineLength))
            desk.message = .info("撤回案件 \(item.number)：请写明理由，Enter 确认，Esc 取消")
        } else {
            desk.message = .error("案件 \(item.number) 当前为“\(item.status.chinese)”：只有草稿可以作废、未决的案件可以撤回")
        }
        return []
    }

    static func asideKey(_ s: inout HomeState, _ key: Key, _ desk: inout DeskState) -> [DeskEffect]? {
        guard var aside = s.aside else { return [] }
        let what = aside.withdraw ? "撤回" : "作废"
        switch ReasonPrompt.key(&aside.reason, key, what: what, &desk) {
        case .ignored:
            return nil
        case .editing:
            s.aside = aside
            return []
        case .cancelled:
            s.aside = nil
            return []
        case let .confirmed(reason):
            s.aside = nil
            desk.message = .info("正在\(what)案件 \(aside.number)…")
            return [.setAside(number: aside.number, version: aside.version, reason: reason, withdraw: aside.withdraw)]
        }
    }

    static func renderAside(_ aside: HomeState.Aside, _ b: inout ScreenBuffer) {
        let title = aside.withdraw ? " 撤回案件 \(aside.number)：请写明理由（记入审计；案件保留，不可再修改）"
            : " 作废草稿 \(aside.number)：请写明理由（记入审计；案件保留，不可再修改）"
        ReasonPrompt.render(title: title, keys: " Enter 确认\(aside.withdraw ? "撤回" : "作废")  Esc 取消", reason: aside.reason,
                            row: b.rows / 2, &b)
    }

    static func keys(_ s: HomeState) -> [KeyHint] {
        if s.aside != nil { return [KeyHint("Enter", "确认"), KeyHint("Esc", "取消")] }
        // 4 and 5 are on the menu line above the lists.
        return [KeyHint("1", "新建"), KeyHint("2", "查找"),
                KeyHint("Tab", "切换"), KeyHint("Enter", "打开"), KeyHint("F8", "作废/撤回"),
                KeyHint("F5", "刷新"), KeyHint("F3", "注销"), KeyHint("F10", "退出")]
    }
}

/// Choosing which workflow to start (F4 list).
public struct WorkflowPickerState: Hashable, Sendable {
    public var workflows: [Choice]
    public var selection = ListSelection()
    /// A person chosen from the search, prefilled into the new case.
    public var person: PersonSummary?
    /// Workflows left out because they do not fit the person, each with the reason (`WorkflowFit`): listed below the
    /// offered ones, selectable to read the reason whole, never started.
    public var leftOut: [LeftOut] = []

    public struct LeftOut: Hashable, Sendable {
        public var choice: Choice
        public var reason: String
    }
    /// The person's screen the picker was opened from: Esc goes back there, not home.
    public var returnTo: PersonState?

    public init(workflows: [Choice], person: PersonSummary? = nil, today: LocalDate? = nil) {
        self.person = person
        if let person, let today {
            let (offered, left) = WorkflowFit.split(workflows, person: person, today: today)
            self.workflows = offered
            leftOut = left.map { LeftOut(choice: $0.0, reason: $0.1) }
        } else {
            self.workflows = workflows
        }
    }

    /// The five counter workflows first (newborns, students, veterans, workers, HMT residents and foreigners), then
    /// the other services (their numbers stay where clerks learnt them), then the employer, retirement and account
    /// services, then any others.
    public static func choices(_ forms: FormSet) -> [Choice] {
        let order = ["newborn", "student", "veteran", "migrant-worker", "foreign-resident",
                     "change", "refund", "suspend", "terminate", "transfer-in", "transfer-out",
                     "unit-register", "unit-change", "unit-close", "unit-consolidate", "employee-register", "employee-leave",
                     "prison-release", "retirement", "lump-sum", "account-withdrawal", "assisted-register"]
        let ids = forms.workflows.keys.sorted { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }
        return ids.map { Choice(value: $0, label: forms.workflows[$0]!.title) }
    }
}

enum WorkflowPicker {
    static func update(_ s: inout WorkflowPickerState, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect]? {
        switch key {
        case .enter:
            if let left = s.selectedLeftOut {
                desk.message = .error(WorkflowPicker.refusal(left))
                return []
            }
            guard s.selection.index < s.workflows.count else { return [] }
            let id = s.workflows[s.selection.index].value
            var form = CaseFormState.new(workflow: id, env: env, today: desk.today)
            desk.formsOpened += 1
            form.draft.token = desk.formsOpened
            if let person = s.person { form.prefill(person, env: env) }
            // Started for the person on their screen: leaving the form goes back to them, as for a case from their list.
            form.returnTo = s.returnTo
            desk.screen = .form(form)
            desk.message = .info("新建：\(s.workflows[s.selection.index].label)")
            return form.lookupEffects()
        case .escape, .function(3):
            if let person = s.returnTo {
                desk.screen = .person(person)
                return []
            }
            desk.screen = .home(HomeState())
            return [.loadHome]
        case let .char(c) where c.isNumber:
            let n = Int(String(c)) ?? 0
            guard n >= 1, n <= s.workflows.count else { return nil }
            s.selection.index = n - 1
            return update(&s, .enter, &desk, env)
        default:
            return s.selection.handle(key, count: s.rowCount, page: 10, wrap: true) ? [] : nil
        }
    }

    static let keys = [KeyHint("↑↓", "选择"), KeyHint("Enter", "开始"), KeyHint("Esc", "返回")]
}

import CanbaoRules

extension HomeScreen {
    static func receive(_ s: inout HomeState, _ msg: DeskMsg, _ desk: inout DeskState) -> [DeskEffect] {
        switch msg {
        case let .homeLoaded(data):
            // The same case stays selected when the lists change under it (another terminal, a refresh).
            let selected = s.selection.index < s.items.count ? s.items[s.selection.index].number : nil
            s.data = data
            if let selected, let i = s.items.firstIndex(where: { $0.number == selected }) { s.selection.index = i }
            s.selection.clamp(count: s.items.count, height: listHeight(desk.rows))
        case .storeChanged:
            return [.loadHome]
        case let .caseSetAside(number, status):
            desk.message = .success("案件 \(number) \(status.chinese)")
            return [.loadHome]
        default:
            break
        }
        return []
    }
}
