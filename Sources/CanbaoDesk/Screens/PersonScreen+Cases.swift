import CanbaoRules

/// The person's cases (办件) on the person screen: an applicant who comes back about an earlier case is found by the
/// search and their case opened from here, whatever day it was decided (the home lists hold only today's and the
/// open ones).
extension PersonScreen {
    /// Tab: the arrows and Enter move between the records (with the duplicates) and the cases.
    static func switchFocus(_ s: inout PersonState, _ desk: inout DeskState) -> [DeskEffect] {
        s.focus = s.focus == .records ? .cases : .records
        guard s.focus == .cases else {
            desk.message = .info("参保记录：Enter 为此人新建业务\(s.detail?.duplicates.isEmpty == false ? "，↑↓ 选择重复参保" : "")")
            return []
        }
        desk.message = .info(s.detail?.cases.isEmpty == false ? "办件：↑↓ 选择，Enter 打开（已办结的只读查看）" : "此人没有办件")
        return []
    }

    static func moveInCases(_ s: inout PersonState, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect] {
        let count = s.detail?.cases.count ?? 0
        guard let detail = s.detail, count > 0 else {
            desk.message = .info("此人没有办件")
            return []
        }
        let height = PersonLayout.of(s, detail, env, rows: desk.rows, cols: desk.cols).cases
        _ = s.caseSelection.handle(key, count: count, page: height)
        s.caseSelection.clamp(count: count, height: height)
        return []
    }

    /// Enter on a case: one the desk no longer edits (decided, set aside, with a supervisor) is looked at read-only,
    /// Esc coming back here; an open one (draft, documents owed) continues in the form, as from home.
    static func openCase(_ s: inout PersonState, _ desk: inout DeskState) -> [DeskEffect] {
        guard let item = s.selectedCase else {
            desk.message = .info("此人没有办件：Tab 回到参保记录，按 1 为此人新建业务")
            return []
        }
        if item.status.isFinal || item.status == .awaitingApproval {
            desk.screen = .caseView(CaseViewState(number: item.number, returnTo: .person(s)))
            desk.message = .info("正在读取案件 \(item.number)…")
            return [.viewCase(number: item.number)]
        }
        desk.message = .info("正在打开案件 \(item.number)…")
        return [.openCase(number: item.number)]
    }

    /// The list below its rule, `height` rows, scrolling with the selection; the line above the message line says
    /// the selected case whole (a workflow title the column cut, what its deadline is for).
    static func renderCases(_ s: PersonState, _ detail: PersonDetail, _ desk: DeskState, _ b: inout ScreenBuffer, row top: Int,
                            height: Int) {
        let cases = detail.cases
        var sel = s.caseSelection
        sel.clamp(count: cases.count, height: height)
        var caption = detail.moreCases ? "办件（最近 \(cases.count) 件，更早的未列出）"
            : cases.count > 1 ? "办件（\(cases.count)，最近办理的在前）" : "办件（\(cases.count)）"
        if cases.count > height { caption += " 第 \(sel.top + 1)–\(min(cases.count, sel.top + height)) 件" }
        Frame.rule(&b, row: top, caption: caption)
        guard !cases.isEmpty else {
            b.put("此人没有办件", row: top + 1, col: 2, style: .dim, width: b.cols - 4)
            return
        }
        let focused = s.focus == .cases
        let workflow = workflowWidth(cases, width: b.cols - 4)
        for (i, item) in cases.enumerated().dropFirst(sel.top).prefix(height) {
            let row = top + 1 + i - sel.top
            let selected = focused && i == sel.index
            let overdue = HomeScreen.isOverdue(item, today: desk.today)
            if selected {
                b.fill(row: row, col: 2, width: b.cols - 4, style: .selected)
                Frame.focusMark(&b, row: row, col: 1, focused: true)
            }
            var col = b.put(caseLine(item, workflowWidth: workflow, width: b.cols - 4), row: row, col: 2,
                            style: selected ? .selected : .normal, width: b.cols - 4)
            col = b.put(DisplayWidth.pad(item.statusColumn, to: statusWidth), row: row, col: col,
                        style: selected ? .selected : (item.tampered != nil ? .error : statusStyle(item.status)),
                        width: b.cols - 2 - col)
            if let due = deadline(item, today: desk.today) {
                b.put(due, row: row, col: col, style: selected ? .selected : (overdue ? .error : .dim), width: b.cols - 2 - col)
            }
        }
        guard focused, let item = s.selectedCase else { return }
        if let warning = item.tamperLine {
            b.put(warning, row: b.rows - 3, col: 2, style: .error, width: b.cols - 4)
            return
        }
        b.put(detailLine(item, today: desk.today, width: b.cols - 4), row: b.rows - 3, col: 2, style: .dim, width: b.cols - 4)
    }

    /// The selected case whole: its workflow title (cut only when the deadline would not fit), what its deadline is
    /// for, and what Enter does with it.
    static func detailLine(_ item: CaseSummary, today: LocalDate, width: Int) -> String {
        var due = ""
        if let date = item.dueDate, deadline(item, today: today) != nil {
            due = "；\(item.dueWhat ?? "办结时限") \(date)\(HomeScreen.isOverdue(item, today: today) ? "（已逾期）" : "")"
        }
        let line = DisplayWidth.truncate(item.workflow, to: max(8, width - DisplayWidth.of(due))) + due
        let enter = "  Enter " + (item.status.isFinal || item.status == .awaitingApproval ? "只读查看" : "继续办理")
        return DisplayWidth.of(line + enter) <= width ? line + enter : line
    }

    /// The workflow column: as wide as the longest title listed, within what the number, date, status and deadline
    /// leave at `width`.
    static func workflowWidth(_ cases: [CaseSummary], width: Int) -> Int {
        let room = width - 13 - 12 - statusWidth - deadlineWidth
        let longest = cases.map { DisplayWidth.of($0.workflow) }.max() ?? 0
        return max(8, min(room, longest + 2))
    }

    static let statusWidth = 10
    /// `时限 2026-03-15` or `逾期 2026-03-15`.
    static let deadlineWidth = 15

    /// Number, date of the last change and workflow, the workflow cut to leave the status and deadline their room:
    /// the case number and the date are never cut (80 columns leave the workflow 26).
    static func caseLine(_ item: CaseSummary, workflowWidth: Int, width: Int) -> String {
        DisplayWidth.pad(item.number, to: 13) + DisplayWidth.pad(item.updated, to: 12) + DisplayWidth.pad(item.workflow, to: workflowWidth)
    }

    /// The deadline where one runs: an open case's, or a carried-out case's still ahead (a transfer-out's sheet).
    static func deadline(_ item: CaseSummary, today: LocalDate) -> String? {
        guard let due = item.dueDate, !item.status.isFinal || due >= today else { return nil }
        return (HomeScreen.isOverdue(item, today: today) ? "逾期 " : "时限 ") + due.description
    }

    static func statusStyle(_ status: CaseStatus) -> CellStyle {
        switch status {
        case .refused: return .error
        case .registered, .completed: return .ok
        case .withdrawn, .voided: return .dim
        default: return .warning
        }
    }
}
