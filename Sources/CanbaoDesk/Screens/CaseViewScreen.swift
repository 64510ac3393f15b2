import CanbaoRules

/// A case the desk no longer edits (decided, set aside, or awaiting a supervisor), shown read-only for an applicant
/// who comes back: what was handed in, what is missing, why it was refused. P prints its notice again (补打).
public struct CaseViewState: Hashable, Sendable {
    public var number: String
    public var sheet: CaseSheet?
    /// The first line shown.
    public var scroll = 0
    /// A reprint is under way: a second P would print twice.
    public var printing = false
    /// The files of the last reprint, listed at the top until the clerk leaves.
    public var reprinted: [String] = []
    /// The screen the case was opened from, restored by Esc with its list and selection.
    public var returnTo: Origin

    /// Where the clerk came from: the home lists, or the person's screen with its list of their cases.
    public enum Origin: Hashable, Sendable {
        case home(HomeState)
        case person(PersonState)
    }

    public init(number: String, returnTo: Origin = .home(HomeState())) {
        self.number = number
        self.returnTo = returnTo
    }
}

enum CaseViewScreen {
    /// Body rows: from row 3 to above the read-only line (rows - 3).
    static func height(_ rows: Int) -> Int { max(1, rows - 6) }
    static func width(_ cols: Int) -> Int { cols - 4 }

    /// Said on the screen's own line and on the message line when the case opens, and to any key that would edit.
    static func readOnlyNote(_ status: CaseStatus) -> String { "只读：\(status.chinese)的案件不能再修改" }

    static func update(_ s: inout CaseViewState, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect]? {
        switch key {
        case .escape, .function(3):
            // Read again on the way back: the case (or another) may have moved on meanwhile.
            switch s.returnTo {
            case let .home(home):
                desk.screen = .home(home)
                return [.loadHome]
            case let .person(person):
                desk.screen = .person(person)
                return [.openPerson(personID: person.personID, keep: person.keep)]
            }
        default:
            break
        }
        guard let sheet = s.sheet else { return [] }
        let page = height(desk.rows)
        let count = content(s, env, width: width(desk.cols)).count
        let last = max(0, count - page)
        switch key {
        case .down: s.scroll += 1
        case .up: s.scroll -= 1
        case .pageDown, .char(" "): s.scroll += page
        case .pageUp: s.scroll -= page
        case .home: s.scroll = 0
        case .end: s.scroll = last
        case .char("p"), .char("P"), .function(6):
            return reprint(&s, sheet, &desk)
        case .function(5):
            desk.message = .info("已刷新")
            return [.viewCase(number: s.number)]
        case .char, .backspace, .delete, .tab, .backTab, .function(2), .function(4), .function(8), .function(10):
            // What would edit a form: the case is decided, nothing here changes it.
            desk.message = .error(readOnlyNote(sheet.status))
            return []
        default:
            return nil
        }
        s.scroll = min(max(0, s.scroll), last)
        return []
    }

    static func reprint(_ s: inout CaseViewState, _ sheet: CaseSheet, _ desk: inout DeskState) -> [DeskEffect] {
        guard !s.printing else {
            desk.message = .info("正在补打，请稍候…")
            return []
        }
        guard !sheet.notices.isEmpty else {
            desk.message = .error("案件 \(sheet.number) \(sheet.status.chinese)：没有仍然有效的通知书可补打")
            return []
        }
        s.printing = true
        desk.message = .info("正在补打\(sheet.noticeNames)…")
        return [.reprintNotice(number: sheet.number)]
    }

    /// Everything the view scrolls through at `width`: the last reprint's files first, then the case.
    static func content(_ s: CaseViewState, _ env: DeskEnvironment, width: Int) -> [SheetLine] {
        guard let sheet = s.sheet else { return [] }
        var lines: [SheetLine] = []
        if !s.reprinted.isEmpty {
            lines.append(.rule("本次补打的文件（原件未改动）"))
            for path in s.reprinted { lines += CaseSheetText.wrapped(path, width: width, style: .ok) }
        }
        return lines + CaseSheetText.lines(sheet, env.forms, width: width)
    }

    static func render(_ s: CaseViewState, _ desk: DeskState, _ b: inout ScreenBuffer, _ env: DeskEnvironment) {
        guard let sheet = s.sheet else {
            b.put("正在读取案件 \(s.number)…", row: 2, col: 2, style: .dim)
            return
        }
        let title = env.forms.workflows[sheet.caseFile.workflow]?.title ?? sheet.caseFile.workflow
        let head = b.put("案件 \(sheet.number)  \(title)  ", row: 1, col: 1, style: .label, width: b.cols - 2)
        b.put(sheet.status.chinese, row: 1, col: head, style: sheet.status == .refused ? .error : sheet.status.isDone ? .ok : .warning,
              width: max(0, b.cols - 1 - head))
        Frame.rule(&b, row: 2)
        let width = width(b.cols), page = height(b.rows)
        let lines = content(s, env, width: width)
        let top = min(s.scroll, max(0, lines.count - page))
        for (i, line) in lines.dropFirst(top).prefix(page).enumerated() {
            let row = 3 + i
            if line.isRule {
                Frame.rule(&b, row: row, col: 1, width: b.cols - 2, caption: line.text)
                continue
            }
            if let label = line.label { b.put(label, row: row, col: 2, style: .dim, width: line.indent) }
            b.put(line.text, row: row, col: 2 + line.indent, style: line.style, width: width - line.indent)
        }
        // The screen's own status line: read-only, what P prints, where the view is in the case.
        var status = readOnlyNote(sheet.status)
        if lines.count > page { status += "  第 \(top + 1)–\(min(lines.count, top + page)) 行，共 \(lines.count) 行" }
        b.put(status, row: b.rows - 3, col: 1, style: .warning, width: b.cols - 2)
    }

    static func keys(_ s: CaseViewState) -> [KeyHint] {
        var keys = [KeyHint("F1", "帮助"), KeyHint("↑↓", "滚动")]
        if s.sheet?.notices.isEmpty == false { keys.append(KeyHint("P", "补打")) }
        return keys + [KeyHint("F5", "刷新"), KeyHint("Esc", "返回")]
    }
}

extension CaseViewScreen {
    static func receive(_ s: inout CaseViewState, _ msg: DeskMsg, _ desk: inout DeskState) -> [DeskEffect] {
        switch msg {
        case let .caseViewed(sheet) where sheet.number == s.number:
            let first = s.sheet == nil
            if let before = s.sheet, before.status != sheet.status {
                desk.message = .error("案件 \(sheet.number) 已在其他终端变更（现为“\(sheet.status.chinese)”），以下为最新内容")
            }
            s.sheet = sheet
            if let tampered = sheet.tampered {
                desk.message = .error(tampered)
            } else if first {
                let reprint = sheet.notices.isEmpty ? "" : "；P 补打\(sheet.noticeNames)"
                desk.message = .info(readOnlyNote(sheet.status) + reprint)
            }
        case let .noticeReprinted(number, notices, printed, printing) where number == s.number:
            s.printing = false
            s.reprinted = printed
            s.scroll = 0
            desk.message = .success("已补打\(notices.joined(separator: "、"))" + (printing.map { "。\($0)" } ?? ""))
        case .storeChanged where !s.printing:
            // Another terminal may have decided or withdrawn the case meanwhile.
            return [.viewCase(number: s.number)]
        case .failed:
            s.printing = false
        default:
            break
        }
        return []
    }
}
