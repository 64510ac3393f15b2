/// The clerk's home: start a case, find a person, resume drafts, today's own cases and those waiting.
public struct HomeState: Hashable, Sendable {
    public enum Tab: Int, Hashable, Sendable, CaseIterable {
        case today, drafts, pending, awaiting, preregistered
        var title: String {
            switch self {
            case .today: return "今日办理"
            case .drafts: return "草稿"
            case .pending: return "待补材料"
            case .awaiting: return "待审核"
            case .preregistered: return "预参保待更新"
            }
        }
    }

    public var data: HomeData?
    public var tab: Tab = .today
    public var selection = ListSelection()

    public init(data: HomeData? = nil) { self.data = data }

    var items: [CaseSummary] {
        guard let data else { return [] }
        switch tab {
        case .today: return data.today
        case .drafts: return data.drafts
        case .pending: return data.pendingDocuments
        case .awaiting: return data.awaitingApproval
        case .preregistered: return data.preregistered
        }
    }

    func count(_ t: Tab) -> Int {
        guard let data else { return 0 }
        switch t {
        case .today: return data.today.count
        case .drafts: return data.drafts.count
        case .pending: return data.pendingDocuments.count
        case .awaiting: return data.awaitingApproval.count
        case .preregistered: return data.preregistered.count
        }
    }
}

enum HomeScreen {
    static func listHeight(_ rows: Int) -> Int { rows - 9 }

    static func update(_ s: inout HomeState, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect]? {
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
            if s.tab == .preregistered, let id = item.personID {
                desk.screen = .person(PersonState(personID: id, announce: true))
                desk.message = .info("正在读取 \(item.applicant) 的参保信息…（Enter 新建“参保信息变更”）")
                return [.openPerson(personID: id, keep: [:])]
            }
            let number = item.number
            desk.message = .info("正在打开案件 \(number)…")
            return [.openCase(number: number)]
        case .function(5):
            desk.message = .info("已刷新")
            return [.loadHome]
        case .function(3):
            return Desk.logout(&desk)
        case .function(10):
            return [.quit]
        default:
            if s.selection.handle(key, count: s.items.count, page: listHeight(desk.rows)) {
                s.selection.clamp(count: s.items.count, height: listHeight(desk.rows))
                return []
            }
            return nil
        }
    }

    static func render(_ s: HomeState, _ desk: DeskState, _ b: inout ScreenBuffer, _ env: DeskEnvironment) {
        let region = env.forms.profiles[env.counter.region]?.title ?? env.counter.region
        b.put("窗口：\(env.counter.name)（\(region) \(env.counter.place)）", row: 1, col: 2, style: .dim, width: b.cols - 4)
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
                + DisplayWidth.pad(item.applicant, to: 10) + DisplayWidth.pad(item.status.chinese, to: 10) + DisplayWidth.pad(item.updated, to: 7)
            // An open case past its working-day deadline stands out.
            let overdue = item.dueDate.map { $0 < desk.today } ?? false
            let style: CellStyle = i == sel.index ? .selected : (overdue ? .error : .normal)
            if i == sel.index { b.fill(row: row, col: 1, width: b.cols - 2, style: .selected) }
            let end = b.put(line, row: row, col: 1, style: style, width: b.cols - 2)
            if let due = item.dueDate {
                let md = String(due.description.dropFirst(5))
                let tag = overdue ? "逾期 \(md)" : md
                b.put(tag, row: row, col: end, style: i == sel.index ? .selected : (overdue ? .error : .dim), width: b.cols - end - 1)
            }
        }
    }

    static let keys = [KeyHint("1", "新建"), KeyHint("2", "查找"), KeyHint("4", "花名册"), KeyHint("5", "覆盖率"),
                       KeyHint("Tab", "切换"), KeyHint("Enter", "打开"),
                       KeyHint("F5", "刷新"), KeyHint("F3", "注销"), KeyHint("F10", "退出")]
}

/// Choosing which workflow to start (F4 list).
public struct WorkflowPickerState: Hashable, Sendable {
    public var workflows: [Choice]
    public var selection = ListSelection()
    /// A person chosen from the search, prefilled into the new case.
    public var person: PersonSummary?

    public init(workflows: [Choice], person: PersonSummary? = nil) {
        self.workflows = workflows
        self.person = person
    }

    /// The five counter workflows first, in the order of DOMAIN.md, then the other services (their numbers stay
    /// where clerks learnt them), then the employer, retirement and account services, then any others.
    static func choices(_ forms: FormSet) -> [Choice] {
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
            guard s.selection.index < s.workflows.count else { return [] }
            let id = s.workflows[s.selection.index].value
            var form = CaseFormState.new(workflow: id, env: env, today: desk.today)
            desk.formsOpened += 1
            form.draft.token = desk.formsOpened
            if let person = s.person { form.prefill(person, env: env) }
            desk.screen = .form(form)
            desk.message = .info("新建：\(s.workflows[s.selection.index].label)")
            return form.lookupEffects()
        case .escape, .function(3):
            desk.screen = .home(HomeState())
            return [.loadHome]
        case let .char(c) where c.isNumber:
            let n = Int(String(c)) ?? 0
            guard n >= 1, n <= s.workflows.count else { return nil }
            s.selection.index = n - 1
            return update(&s, .enter, &desk, env)
        default:
            return s.selection.handle(key, count: s.workflows.count, page: 10) ? [] : nil
        }
    }

    static func render(_ s: WorkflowPickerState, _ desk: DeskState, _ b: inout ScreenBuffer) {
        b.put("选择业务", row: 2, col: 2, style: .label)
        if let p = s.person {
            b.put("参保人：\(p.name) \(p.document.normalizedNumber)", row: 2, col: 14, style: .dim, width: b.cols - 16)
        }
        // More workflows than rows: the list scrolls with the selection (rows 4 … above the message line).
        let height = max(1, b.rows - 7)
        var window = s.selection
        window.clamp(count: s.workflows.count, height: height)
        for i in window.top..<min(s.workflows.count, window.top + height) {
            let w = s.workflows[i]
            let row = 4 + i - window.top
            let style: CellStyle = i == s.selection.index ? .selected : .normal
            if i == s.selection.index { b.fill(row: row, col: 2, width: b.cols - 4, style: .selected) }
            b.put("\(i + 1). \(w.label)", row: row, col: 3, style: style, width: b.cols - 6)
        }
        if s.workflows.count > height {
            let more = "第\(window.top + 1)–\(min(s.workflows.count, window.top + height))项，共\(s.workflows.count)项（↑↓翻动）"
            b.put(more, row: 4 + height, col: 3, style: .dim, width: b.cols - 6)
        }
    }

    static let keys = [KeyHint("↑↓", "选择"), KeyHint("Enter", "开始"), KeyHint("Esc", "返回")]
}

import CanbaoRules

extension HomeScreen {
    static func receive(_ s: inout HomeState, _ msg: DeskMsg, _ desk: inout DeskState) -> [DeskEffect] {
        switch msg {
        case let .homeLoaded(data):
            s.data = data
            s.selection.clamp(count: s.items.count, height: listHeight(desk.rows))
        default:
            break
        }
        return []
    }
}
