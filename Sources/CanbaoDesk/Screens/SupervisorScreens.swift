import CanbaoRules

/// The exception queue: every case awaiting approval, oldest first, filterable by workflow and clerk. A desk in a
/// hall lists that hall's requests until F8 asks for every hall's.
public struct QueueState: Hashable, Sendable {
    public var items: [QueueItem]?
    public var selection = ListSelection()
    public var workflowFilter: String?
    public var clerkFilter: String?
    public var allHalls = false
    public init() {}

    /// The items the filters let through; `hall` is the desk's own.
    func visible(hall: String?) -> [QueueItem] {
        (items ?? []).filter {
            (workflowFilter == nil || $0.workflow == workflowFilter) && (clerkFilter == nil || $0.clerkName == clerkFilter)
                && (hall == nil || allHalls || $0.hall == hall)
        }
    }

    /// Requests raised in other halls that the hall filter hides.
    func hiddenByHall(hall: String?) -> Int {
        guard let hall, !allHalls else { return 0 }
        return (items ?? []).filter { $0.hall != hall }.count
    }
}

enum QueueScreen {
    static func listHeight(_ rows: Int) -> Int { max(3, rows - 14) }

    static func update(_ s: inout QueueState, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect]? {
        let items = s.visible(hall: env.hall)
        switch key {
        case .enter:
            guard s.selection.index < items.count else {
                desk.message = .info("没有待审核的案件")
                return []
            }
            let number = items[s.selection.index].number
            desk.screen = .review(ReviewState(number: number))
            return [.openReview(number: number)]
        case .function(4):
            // Cycle: all workflows → each workflow present in the queue.
            let workflows = Array(Set((s.items ?? []).map(\.workflow))).sorted()
            s.workflowFilter = next(after: s.workflowFilter, in: workflows)
            s.selection = ListSelection()
            desk.message = .info("业务筛选：\(s.workflowFilter.flatMap { env.forms.workflows[$0]?.title } ?? "全部")")
            return []
        case .function(6):
            let clerks = Array(Set((s.items ?? []).map(\.clerkName))).sorted()
            s.clerkFilter = next(after: s.clerkFilter, in: clerks)
            s.selection = ListSelection()
            let name = (s.items ?? []).first { $0.clerkName == s.clerkFilter }?.clerkDisplayName
            desk.message = .info("柜员筛选：\(name ?? "全部")")
            return []
        case .function(7):
            desk.screen = .statistics(StatisticsState(date: desk.today))
            return [.loadStatistics(date: desk.today)]
        case .function(8):
            guard let hall = env.hall else {
                desk.message = .info("本窗口未指定大厅（--hall 或 $CANBAO_HALL），已列出全部待审核案件")
                return []
            }
            s.allHalls.toggle()
            s.selection = ListSelection()
            desk.message = .info(s.allHalls ? "已列出全部大厅的待审核案件" : "只列本大厅（\(hall)）的待审核案件")
            return []
        case .function(5):
            desk.message = .info("已刷新")
            return [.loadQueue]
        case .function(9):
            desk.screen = .traineeProgress(TraineeProgressState())
            return [.loadTraineeProgress]
        case .char("0"):
            desk.screen = .home(HomeState())
            return [.loadHome]
        case .function(3):
            return Desk.logout(&desk)
        case .function(10):
            return [.quit]
        default:
            guard s.selection.handle(key, count: items.count, page: listHeight(desk.rows), wrap: true) else { return nil }
            s.selection.clamp(count: items.count, height: listHeight(desk.rows))
            return []
        }
    }

    static func next(after current: String?, in values: [String]) -> String? {
        guard !values.isEmpty else { return nil }
        guard let current, let i = values.firstIndex(of: current) else { return values[0] }
        return i + 1 < values.count ? values[i + 1] : nil
    }

    static func render(_ s: QueueState, _ desk: DeskState, _ b: inout ScreenBuffer, _ env: DeskEnvironment) {
        let wf = s.workflowFilter.flatMap { env.forms.workflows[$0]?.title } ?? "全部"
        let clerk = (s.items ?? []).first { $0.clerkName == s.clerkFilter }?.clerkDisplayName ?? "全部"
        b.put("待审核的例外情形（最早提交的在前）", row: 2, col: 1, style: .label)
        var filters = "业务：\(wf)  柜员：\(clerk)"
        if let hall = env.hall { filters += "  大厅：\(s.allHalls ? "全部" : hall)" }
        b.put(filters, row: 2, col: 38, style: .dim, width: b.cols - 39)
        // An administrator lands here: where the data is (what to back up, what every counter must share).
        if desk.session?.role == .admin, let dir = env.dataDirectory {
            b.put("数据目录：\(dir)", row: 1, col: 1, style: env.dataWarning == nil ? .dim : .warning, width: b.cols - 2)
        }
        Frame.rule(&b, row: 3)
        b.put(DisplayWidth.pad("已等待", to: 12) + DisplayWidth.pad("案件编号", to: 13) + DisplayWidth.pad("业务", to: 24)
              + DisplayWidth.pad("申请人", to: 12) + "柜员", row: 4, col: 1, style: .dim)
        let items = s.visible(hall: env.hall)
        let height = listHeight(desk.rows)
        if s.items == nil { b.put("正在读取…", row: 5, col: 1, style: .dim) } else if items.isEmpty {
            let hidden = s.hiddenByHall(hall: env.hall)
            b.put(hidden > 0 ? "（本大厅无待审核案件；其他大厅有 \(hidden) 件，按 F8 查看）" : "（无待审核案件）",
                  row: 5, col: 1, style: .dim, width: b.cols - 2)
        }
        var sel = s.selection
        sel.clamp(count: items.count, height: height)
        for (i, item) in items.enumerated().dropFirst(sel.top).prefix(height) {
            let row = 5 + i - sel.top
            let line = DisplayWidth.pad(item.waited, to: 12) + DisplayWidth.pad(item.number, to: 13)
                + DisplayWidth.pad(item.workflowTitle, to: 24) + DisplayWidth.pad(item.applicant, to: 12) + item.clerkDisplayName
            if i == sel.index { b.fill(row: row, col: 1, width: b.cols - 2, style: .selected) }
            b.put(line, row: row, col: 1, style: i == sel.index ? .selected : .normal, width: b.cols - 2)
        }
        guard sel.index < items.count else { return }
        let item = items[sel.index]
        var row = 5 + height
        Frame.rule(&b, row: row, caption: "需审核事项")
        row += 1
        for f in item.exceptions.prefix(3) {
            let cite = "（\(f.citation)）"
            let w = min(DisplayWidth.of(cite), b.cols / 3)
            b.put(f.message, row: row, col: 2, style: .warning, width: b.cols - 3 - w)
            b.put(cite, row: row, col: b.cols - w - 1, style: .dim, width: w)
            row += 1
        }
        let place = ServicePoint.shown(hall: item.hall, counter: item.counter).map { "（\($0)）" } ?? ""
        b.put("提交理由：\(item.justification)\(place)", row: row, col: 2, width: b.cols - 3)
    }

    static let keys = [KeyHint("Enter", "审核"), KeyHint("F4", "按业务"), KeyHint("F6", "按柜员"), KeyHint("F8", "大厅"),
                       KeyHint("F7", "统计"), KeyHint("F9", "学员"), KeyHint("F5", "刷新"), KeyHint("0", "办业务"),
                       KeyHint("F3", "注销")]
}

/// Reviewing one case, read-only, and deciding it: approve with a note (optionally accepting written commitments
/// for missing documents), or reject with a reason.
public struct ReviewState: Hashable, Sendable {
    public enum Focus: Hashable, Sendable { case findings, documents }
    public enum Modal: Hashable, Sendable { case approve(TextInput), reject(TextInput) }

    public var number: String
    public var review: CaseReview?
    public var focus: Focus = .findings
    public var findingSelection = ListSelection()
    public var documentSelection = ListSelection()
    /// Missing documents accepted on a written commitment.
    public var waived: [String] = []
    public var modal: Modal?
    public var deciding = false

    public init(number: String) { self.number = number }

    var exceptions: [Finding] { review?.exceptions ?? [] }
}

enum ReviewScreen {
    static func update(_ s: inout ReviewState, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect]? {
        guard let review = s.review, !s.deciding else { return [] }
        if let modal = s.modal { return modalKey(&s, modal, key, review, &desk) }
        switch key {
        case .escape, .function(3):
            desk.screen = .queue(QueueState())
            return [.loadQueue]
        case .function(8):
            guard review.status == .awaitingApproval else {
                desk.message = .error("案件 \(review.number) 当前为“\(review.status.chinese)”，不能再审批")
                return []
            }
            s.modal = .approve(TextInput(maxLength: SafeText.maxLineLength))
            desk.message = .info("批准：请填写审批意见，Enter 确认，Esc 取消")
            return []
        case .function(9):
            guard review.status == .awaitingApproval else {
                desk.message = .error("案件 \(review.number) 当前为“\(review.status.chinese)”，不能再审批")
                return []
            }
            s.modal = .reject(TextInput(maxLength: SafeText.maxLineLength))
            desk.message = .info("驳回：请填写不予批准的理由，Enter 确认，Esc 取消")
            return []
        case .function(6), .tab:
            s.focus = s.focus == .findings ? .documents : .findings
            return []
        case .enter where s.focus == .findings, .function(1):
            let findings = review.verdict.findings
            guard s.findingSelection.index < findings.count else { return [] }
            let f = findings[s.findingSelection.index]
            desk.overlay = .article(ArticleState(citation: f.citation, forms: env.forms, finding: f))
            return []
        case .char(" ") where s.focus == .documents:
            let missing = review.verdict.missingDocuments
            guard s.documentSelection.index < missing.count else { return [] }
            let doc = missing[s.documentSelection.index]
            if let i = s.waived.firstIndex(of: doc.code) {
                s.waived.remove(at: i)
                desk.message = .info("已取消书面承诺：\(doc.name)")
            } else {
                s.waived.append(doc.code)
                desk.message = .info("以书面承诺代替：\(doc.name)（江门规程 第四条）；批准时生效")
            }
            return []
        default:
            if s.focus == .findings {
                return s.findingSelection.handle(key, count: review.verdict.findings.count, page: 5) ? [] : nil
            }
            return s.documentSelection.handle(key, count: review.verdict.missingDocuments.count, page: 5) ? [] : nil
        }
    }

    static func modalKey(_ s: inout ReviewState, _ modal: ReviewState.Modal, _ key: Key, _ review: CaseReview,
                         _ desk: inout DeskState) -> [DeskEffect]? {
        var (input, approve): (TextInput, Bool)
        switch modal {
        case let .approve(i): (input, approve) = (i, true)
        case let .reject(i): (input, approve) = (i, false)
        }
        switch key {
        case .escape:
            s.modal = nil
            desk.message = .info("已取消")
            return []
        case .enter:
            if let problem = ReasonRule.problem(input.text) {
                desk.message = .error(problem)
                return []
            }
            let note = ReasonRule.normalized(input.text)
            s.modal = nil
            s.deciding = true
            desk.message = .info("正在提交审批结果…")
            return [.decide(SupervisorDecision(number: review.number, version: review.version, approve: approve, note: note,
                                               exceptions: s.exceptions, waived: approve ? s.waived : []))]
        default:
            let outcome = input.edit(key, &desk, label: approve ? "审批意见" : "驳回理由")
            s.modal = approve ? .approve(input) : .reject(input)
            return outcome == .ignored ? nil : []
        }
    }

    static func render(_ s: ReviewState, _ desk: DeskState, _ b: inout ScreenBuffer, _ env: DeskEnvironment) {
        guard let r = s.review else {
            b.put("正在读取案件 \(s.number)…", row: 2, col: 2, style: .dim)
            return
        }
        let wf = env.forms.workflows[r.caseFile.workflow]
        b.put("案件 \(r.number)  \(wf?.title ?? r.caseFile.workflow)  柜员 \(r.clerkDisplayName)  状态 \(r.status.chinese)",
              row: 1, col: 1, style: .label, width: b.cols - 2)
        var L = CaseFormScreen.Layout(cols: b.cols, rows: b.rows)
        // The answers take two thirds of the width: every document number shows whole (18 digits and its kind).
        L.sideWidth = b.cols / 3 + 2
        L.sideCol = b.cols - L.sideWidth
        L.fieldsWidth = L.sideCol - 1
        let answers = CaseAnswers.of(r.caseFile, env.forms).map { ($0.label, $0.value) }
        let answerRows = L.fieldsBottom - L.fieldsTop + 1
        // Labels give way to values when both do not fit: a number is never cut.
        let longestValue = answers.map { DisplayWidth.of($0.1) }.max() ?? 0
        let labelWidth = max(8, min(answers.map { DisplayWidth.of($0.0) }.max() ?? 8, L.fieldsWidth - 3 - min(longestValue, 27)))
        for (i, a) in answers.prefix(answerRows).enumerated() {
            b.put(DisplayWidth.pad(a.0, to: labelWidth), row: L.fieldsTop + i, col: 1, style: .dim, width: labelWidth)
            b.put(a.1, row: L.fieldsTop + i, col: labelWidth + 2, width: L.fieldsWidth - labelWidth - 3)
        }
        if answers.count > answerRows { b.put("…另有 \(answers.count - answerRows) 项", row: L.fieldsBottom, col: 18, style: .dim) }
        // Documents and platform records.
        for row in L.fieldsTop...L.fieldsBottom { b.put("│", row: row, col: L.sideCol - 1, style: .dim) }
        let x = L.sideCol + 1, w = L.sideWidth - 2
        var row = L.fieldsTop
        b.put(s.focus == .documents ? "缺少材料（空格：书面承诺）" : "缺少材料（F6 选择）", row: row, col: x, style: .label, width: w)
        row += 1
        let missing = r.verdict.missingDocuments
        if missing.isEmpty { b.put("无", row: row, col: x, style: .ok) }
        for (i, d) in missing.enumerated() where row + i <= L.fieldsBottom - 3 {
            let mark = s.waived.contains(d.code) ? "[承]" : "[ ]"
            let selected = s.focus == .documents && i == s.documentSelection.index
            if selected { b.fill(row: row + i, col: x, width: w, style: .selected) }
            b.put("\(mark) \(d.name)", row: row + i, col: x, style: selected ? .selected : .warning, width: w)
        }
        row += max(1, missing.count) + 1
        if row <= L.fieldsBottom {
            b.put("已收：\(r.caseFile.documentsPresented.map(env.forms.documents.name).joined(separator: "、"))", row: row, col: x, style: .dim, width: w)
            row += 1
        }
        for (i, rec) in r.caseFile.platformRecords.prefix(max(0, L.fieldsBottom - row + 1)).enumerated() {
            b.put(rec.summary, row: row + i, col: x, style: .dim, width: w)
        }
        // Findings.
        let findings = r.verdict.findings
        Frame.rule(&b, row: L.ruleRow, caption: "审核意见（\(findings.count)）F1 查看条文")
        let height = L.findingsBottom - L.findingsTop + 1 - 1
        var sel = s.findingSelection
        sel.clamp(count: findings.count, height: height)
        for (i, f) in findings.enumerated().dropFirst(sel.top).prefix(height) {
            let rr = L.findingsTop + i - sel.top
            let selected = s.focus == .findings && i == sel.index
            let style: CellStyle = selected ? .selected : (f.severity == .approval ? .warning : (f.severity == .block ? .error : .normal))
            if selected { b.fill(row: rr, col: 0, width: b.cols, style: .selected) }
            let cite = "（\(f.citation)）"
            let cw = min(DisplayWidth.of(cite), b.cols / 3)
            let px = b.put("[\(f.severity.label)] ", row: rr, col: 1, style: style)
            b.put(f.message, row: rr, col: px, style: style, width: b.cols - px - cw - 1)
            b.put(cite, row: rr, col: b.cols - cw, style: selected ? .selected : .dim, width: cw)
        }
        b.put("提交理由：\(r.justification)", row: L.findingsBottom, col: 1, width: b.cols - 2)
        if let tampered = r.tampered {
            // In place of the history, which comes from the same log: the message line below says it whole.
            b.put("！" + tampered, row: L.missingRow, col: 1, style: .error, width: b.cols - 2)
        } else {
            b.put("经过：" + (r.history.suffix(2).joined(separator: "；")), row: L.missingRow, col: 1, style: .dim, width: b.cols - 2)
        }
        b.put(" 需审核 \(s.exceptions.count) 项；书面承诺 \(s.waived.count) 项", row: L.decisionRow, col: 0, style: .label)
        if let modal = s.modal {
            let (title, input): (String, TextInput)
            switch modal {
            case let .approve(i): (title, input) = ("批准：审批意见（将记入审计）", i)
            case let .reject(i): (title, input) = ("驳回：不予批准的理由（将印在不予办理通知书上）", i)
            }
            let width = b.cols - 8, mrow = L.ruleRow - 3
            b.fill(row: mrow - 1, col: 4, width: width, style: .title)
            b.put(" " + title, row: mrow - 1, col: 4, style: .title, width: width)
            b.fill(row: mrow, col: 4, width: width, style: .input)
            let shown = input.visible(width: width - 2)
            b.put(shown.text, row: mrow, col: 5, style: .focused, width: width - 2)
            b.fill(row: mrow + 1, col: 4, width: width, style: .input)
            b.put(" Enter 确认  Esc 取消", row: mrow + 1, col: 4, style: .dim, width: width)
            b.cursor = (mrow, 5 + shown.cursorColumn)
        }
    }

    static func keys(_ s: ReviewState) -> [KeyHint] {
        if s.modal != nil { return [KeyHint("Enter", "确认"), KeyHint("Esc", "取消")] }
        return [KeyHint("F1", "条文"), KeyHint("F6", "切换"), KeyHint("空格", "承诺代替"), KeyHint("F8", "批准"), KeyHint("F9", "驳回"),
                KeyHint("Esc", "返回")]
    }
}

/// Counter statistics per day and per clerk.
public struct StatisticsState: Hashable, Sendable {
    public var date: LocalDate
    public var rows: [StatisticsRow]?
    public var scroll = 0
    /// The agency's day rather than the desk's hall (F8; a desk without a hall always shows the agency).
    public var allHalls = false
    public var halls: [StatisticsHall] = []
    public init(date: LocalDate) { self.date = date }
}

enum StatisticsScreen {
    static func update(_ s: inout StatisticsState, _ key: Key, _ desk: inout DeskState,
                       _ env: DeskEnvironment) -> [DeskEffect]? {
        switch key {
        case .left:
            s.date = s.date.adding(days: -1)
            s.rows = nil
            return [.loadStatistics(date: s.date, allHalls: s.allHalls)]
        case .right:
            s.date = s.date.adding(days: 1)
            s.rows = nil
            return [.loadStatistics(date: s.date, allHalls: s.allHalls)]
        case .function(5):
            return [.loadStatistics(date: s.date, allHalls: s.allHalls)]
        case .function(8):
            guard let hall = env.hall else {
                desk.message = .info("本窗口未指定大厅（--hall 或 $CANBAO_HALL），统计的是全机构")
                return []
            }
            s.allHalls.toggle()
            s.rows = nil
            s.scroll = 0
            desk.message = .info(s.allHalls ? "统计全机构（各大厅）" : "只统计本大厅（\(hall)）")
            return [.loadStatistics(date: s.date, allHalls: s.allHalls)]
        case .down:
            s.scroll += 1
            return []
        case .up:
            s.scroll = max(0, s.scroll - 1)
            return []
        case .escape, .function(3):
            desk.screen = .queue(QueueState())
            return [.loadQueue]
        default:
            return nil
        }
    }

    static func lines(_ rows: [StatisticsRow]) -> [(String, CellStyle)] {
        var lines: [(String, CellStyle)] = []
        for r in rows {
            let avg = r.averageServeMinutes.map { String(format: "%.1f", $0) } ?? "—"
            lines.append((DisplayWidth.pad("\(r.displayName)（\(r.role.chinese)）", to: 18) + DisplayWidth.pad("\(r.total)", to: 6)
                          + DisplayWidth.pad(avg, to: 10) + DisplayWidth.pad("\(r.approvalsReceived)", to: 6)
                          + DisplayWidth.pad("\(r.rejectionsReceived)", to: 6) + "\(r.decisionsMade)", .normal))
            for c in r.cases {
                lines.append(("    " + DisplayWidth.pad(c.workflow, to: 30) + DisplayWidth.pad(c.decision, to: 12) + "\(c.count)", .dim))
            }
            // Drafts are not cases served: counted apart, never in the total.
            if let apart = StatisticsWording.drafts(r.drafts, voided: r.voided) { lines.append(("    （\(apart)）", .dim)) }
        }
        return lines
    }

    static func render(_ s: StatisticsState, _ desk: DeskState, _ b: inout ScreenBuffer, _ env: DeskEnvironment) {
        let scope = env.hall.map { s.allHalls ? "，全机构" : "，\($0)" } ?? ""
        b.put("窗口统计：\(s.date.chinese)\(scope)", row: 2, col: 1, style: .label, width: b.cols - 2)
        // The same figures as CSV: on the row under the list, where 80 columns hold the whole command.
        let agency = env.hall != nil && s.allHalls ? " --all-halls" : ""
        b.put("命令行导出同样的数字：canbao report daily --date \(s.date)\(agency) --csv", row: b.rows - 3, col: 1, style: .dim,
              width: b.cols - 2)
        Frame.rule(&b, row: 3)
        b.put(DisplayWidth.pad("操作员", to: 18) + DisplayWidth.pad("件数", to: 6) + DisplayWidth.pad("平均分钟", to: 10)
              + DisplayWidth.pad("获批", to: 6) + DisplayWidth.pad("驳回", to: 6) + "审批（各业务按办理状态）", row: 4, col: 1, style: .dim)
        guard let rows = s.rows else {
            b.put("正在统计…", row: 5, col: 1, style: .dim)
            return
        }
        if rows.isEmpty { b.put("当日无办件", row: 5, col: 1, style: .dim) }
        var all = lines(rows)
        // The agency's view, once halls are recorded: each hall's day.
        if env.hall == nil || s.allHalls, s.halls.contains(where: { $0.label != ServicePoint.label(hall: nil) }) {
            all.append(("按大厅：", .label))
            for h in s.halls {
                let day = StatisticsWording.hall(served: h.served, opened: h.cases, decisions: h.decisions)
                all.append(("    " + DisplayWidth.pad(h.label, to: 30) + day, .normal))
            }
        }
        let height = b.rows - 8
        for (i, line) in all.dropFirst(min(s.scroll, max(0, all.count - height))).prefix(height).enumerated() {
            b.put(line.0, row: 5 + i, col: 1, style: line.1, width: b.cols - 2)
        }
    }

    static let keys = [KeyHint("←→", "换日"), KeyHint("↑↓", "滚动"), KeyHint("F8", "大厅"), KeyHint("F5", "刷新"),
                       KeyHint("Esc", "返回")]
}

extension QueueScreen {
    static func receive(_ s: inout QueueState, _ msg: DeskMsg, _ desk: inout DeskState,
                        _ env: DeskEnvironment) -> [DeskEffect] {
        switch msg {
        case let .queueLoaded(items):
            // The case the supervisor had selected stays selected when the queue changes under it.
            let visible = s.visible(hall: env.hall)
            let selected = s.selection.index < visible.count ? visible[s.selection.index].number : nil
            s.items = items
            let now = s.visible(hall: env.hall)
            if let selected, let i = now.firstIndex(where: { $0.number == selected }) { s.selection.index = i }
            s.selection.clamp(count: now.count, height: listHeight(desk.rows))
        case .storeChanged:
            return [.loadQueue]
        default:
            break
        }
        return []
    }
}

extension ReviewScreen {
    static func receive(_ s: inout ReviewState, _ msg: DeskMsg, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect] {
        switch msg {
        case let .reviewLoaded(review) where review.number == s.number:
            if let tampered = review.tampered {
                desk.message = .error(tampered)
            } else if let before = s.review, before.version != review.version, !s.deciding {
                desk.message = .error("案件 \(review.number) 已在其他终端变更（现为“\(review.status.chinese)”），以下为最新内容")
            }
            s.review = review
        case .storeChanged where !s.deciding && s.modal == nil:
            // Withdrawn or changed elsewhere: the supervisor sees it before deciding.
            return [.openReview(number: s.number)]
        case let .decided(result) where result.number == s.number:
            let applicant = s.review?.caseFile.person?.name ?? ""
            let title = s.review.map { env.forms.workflows[$0.caseFile.workflow]?.title ?? $0.caseFile.workflow } ?? ""
            desk.screen = .result(ResultState(result: result, applicant: applicant, workflowTitle: title))
            desk.message = .success("案件 \(result.number)：\(ResultScreen.headline(result))")
        case .failed:
            s.deciding = false
        default:
            break
        }
        return []
    }
}

extension StatisticsScreen {
    static func receive(_ s: inout StatisticsState, _ msg: DeskMsg, _ desk: inout DeskState) -> [DeskEffect] {
        switch msg {
        case let .statisticsLoaded(date, rows, allHalls, halls) where date == s.date && allHalls == s.allHalls:
            s.rows = rows
            s.halls = halls
        case .storeChanged:
            return [.loadStatistics(date: s.date, allHalls: s.allHalls)]
        default:
            break
        }
        return []
    }
}
