import CanbaoRules

extension WorkflowPickerState {
    /// The rows the arrows move over: the workflows offered, then those left out for the person.
    public var rowCount: Int { workflows.count + leftOut.count }

    /// The selected row when it is a workflow left out.
    public var selectedLeftOut: LeftOut? {
        let i = selection.index - workflows.count
        return leftOut.indices.contains(i) ? leftOut[i] : nil
    }
}

/// The workflow list: the workflows offered, numbered (digits pick the first nine), and, for a person, those that do
/// not fit them under their own rule, each with its reason. A reason the row cannot hold whole is said whole on the
/// detail rows when the row is selected, wrapped at spaces, never inside a date or an ID number.
extension WorkflowPicker {
    /// Said on the detail rows and the message line for a workflow left out; Enter on it starts nothing.
    static func refusal(_ left: WorkflowPickerState.LeftOut) -> String {
        "不适用于此人：\(left.choice.label)（\(left.reason)）"
    }

    /// Rows kept below the list for the selected row's detail (two, for a person with workflows left out).
    static func detailRows(_ s: WorkflowPickerState) -> Int { s.leftOut.isEmpty ? 0 : 2 }

    private enum Line { case offered(Int), rule, left(Int) }

    static func render(_ s: WorkflowPickerState, _ desk: DeskState, _ b: inout ScreenBuffer) {
        b.put("选择业务", row: 2, col: 2, style: .label)
        if let p = s.person {
            b.put("参保人：\(p.name) \(p.document.normalizedNumber)", row: 2, col: 14, style: .dim, width: b.cols - 16)
        }
        let width = b.cols - 6
        var lines = s.workflows.indices.map { Line.offered($0) }
        if !s.leftOut.isEmpty { lines += [.rule] + s.leftOut.indices.map { Line.left($0) } }
        // The list scrolls with the selection (rows 4 … above the line that says where it is, and the detail rows).
        let detail = detailRows(s)
        let height = max(1, b.rows - 7 - detail)
        let position = s.selection.index < s.workflows.count ? s.selection.index : s.selection.index + 1
        var window = ListSelection(index: position)
        window.clamp(count: lines.count, height: height)
        // The rule above the first one left out comes into view with it.
        if position == s.workflows.count + 1, window.top == position { window.top -= 1 }
        for i in window.top..<min(lines.count, window.top + height) {
            let row = 4 + i - window.top
            let selected = i == position
            if selected {
                // Marked as the other lists are: seen without colours or reverse video.
                b.fill(row: row, col: 2, width: b.cols - 4, style: .selected)
                Frame.focusMark(&b, row: row, col: 1, focused: true)
            }
            switch lines[i] {
            case let .offered(n):
                b.put("\(n + 1). \(s.workflows[n].label)", row: row, col: 3, style: selected ? .selected : .normal, width: width)
            case .rule:
                Frame.rule(&b, row: row, col: 2, width: b.cols - 4, caption: "未列出：不适用于此人（\(s.leftOut.count)）")
            case let .left(n):
                b.put(leftOutRow(s.leftOut[n], width: width), row: row, col: 3, style: selected ? .selected : .dim, width: width)
            }
        }
        if lines.count > height {
            let unit = s.leftOut.isEmpty ? "项" : "行"
            let more = "第\(window.top + 1)–\(min(lines.count, window.top + height))\(unit)，共\(lines.count)\(unit)（↑↓翻动）"
            b.put(more, row: 4 + height, col: 3, style: .dim, width: width)
        }
        guard detail > 0 else { return }
        let text = s.selectedLeftOut.map(refusal) ?? "未列出的业务不适用于此人，不能在此新建：↑↓ 选中可见原因"
        for (i, line) in Wrap.atBreaks(text, width: width).prefix(detail).enumerated() {
            b.put(line, row: b.rows - 3 - detail + 1 + i, col: 3, style: s.selectedLeftOut == nil ? .dim : .warning, width: width)
        }
    }

    /// `  参保单位登记：单位业务，不针对个人`, or, when the reason does not fit whole, the workflow alone with where to read
    /// it: a reason is never cut.
    static func leftOutRow(_ left: WorkflowPickerState.LeftOut, width: Int) -> String {
        let whole = "  \(left.choice.label)：\(left.reason)"
        return DisplayWidth.of(whole) <= width ? whole : DisplayWidth.truncate("  \(left.choice.label)：（选中后在下方显示原因）", to: width)
    }
}
