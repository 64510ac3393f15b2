import CanbaoRules

/// Find a person by document number or name; see their platform records; start a case for them.
public struct PersonSearchState: Hashable, Sendable {
    /// A name or a document number: as long as the longest name accepted.
    public var query = TextInput(maxLength: SafeText.maxNameLength)
    public var results: [PersonSummary]?
    public var selection = ListSelection()
    public var searching = false
    /// The query the current results answer: Enter on the same query opens the selected person.
    public var resultsQuery: String?
    public init() {}
}

enum PersonSearchScreen {
    static func update(_ s: inout PersonSearchState, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect]? {
        switch key {
        case .enter:
            let q = s.query.text.trimmed(.whitespaces)
            if let results = s.results, !results.isEmpty, s.selection.index < results.count, !s.searching, q == s.resultsQuery {
                let person = results[s.selection.index]
                guard let id = person.personID else {
                    desk.screen = .picker(WorkflowPickerState(workflows: WorkflowPickerState.choices(env.forms), person: person, today: desk.today))
                    return []
                }
                desk.screen = .person(PersonState(personID: id, search: s, announce: true))
                desk.message = .info("正在读取 \(person.name) 的参保信息…")
                return [.openPerson(personID: id, keep: [:])]
            }
            guard q.count >= 1 else {
                desk.message = .error("请输入证件号码或姓名")
                return []
            }
            s.searching = true
            desk.message = .info("正在查找…")
            return [.searchPersons(query: q)]
        case .escape, .function(3):
            desk.screen = .home(HomeState())
            return [.loadHome]
        case .up, .down, .pageUp, .pageDown:
            let count = s.results?.count ?? 0
            let handled = s.selection.handle(key, count: count, page: 8)
            s.selection.clamp(count: count, height: max(1, desk.rows - 12))
            return handled ? [] : nil
        default:
            let outcome = s.query.edit(key, &desk, label: "证件号码或姓名")
            return outcome == .ignored ? nil : []
        }
    }

    static func render(_ s: PersonSearchState, _ desk: DeskState, _ b: inout ScreenBuffer) {
        Frame.labelled(&b, row: 2, col: 2, label: "证件号码或姓名", labelWidth: 16, input: s.query, width: 36, focused: true)
        guard let results = s.results else {
            b.put("输入后按 Enter 查找；证件号码精确匹配，姓名按前缀匹配。", row: 4, col: 2, style: .dim)
            return
        }
        Frame.rule(&b, row: 4, caption: "查找结果（\(results.count)）")
        if results.isEmpty { b.put("未找到", row: 5, col: 2, style: .dim) }
        let height = max(1, desk.rows - 12)
        var sel = s.selection
        sel.clamp(count: results.count, height: height)
        for (i, p) in results.enumerated().dropFirst(sel.top).prefix(height) {
            let row = 5 + i - sel.top
            let line = DisplayWidth.pad(p.name, to: 12) + DisplayWidth.pad(p.document.kind.chineseName, to: 18)
                + DisplayWidth.pad(p.document.normalizedNumber, to: 20) + "平台记录 \(p.records.count) 条"
            if i == sel.index {
                // The mark too, as on every list: Enter opens this person, and without colour it is the only sign.
                Frame.focusMark(&b, row: row, col: 1, focused: true)
                b.fill(row: row, col: 2, width: b.cols - 4, style: .selected)
            }
            b.put(line, row: row, col: 2, style: i == sel.index ? .selected : .normal, width: b.cols - 4)
        }
        if sel.index < results.count {
            let p = results[sel.index]
            let top = 6 + height
            Frame.rule(&b, row: top - 1, caption: "\(p.name) 的平台参保记录")
            for (j, r) in p.records.prefix(max(0, desk.rows - top - 2)).enumerated() {
                b.put(r.summary, row: top + j, col: 2, width: b.cols - 4)
            }
        }
    }

    static let keys = [KeyHint("Enter", "查找/查看此人"), KeyHint("↑↓", "选择"), KeyHint("Esc", "返回")]
}

/// After F10: what happened to the case and what was printed.
public struct ResultState: Hashable, Sendable {
    public var result: SubmitResult
    public var applicant: String
    public var workflowTitle: String
    /// Set when the case was served from the person's screen (a duplicate's resolution, a case opened from their list):
    /// Enter goes back to that screen, read again, with its selection.
    public var returnTo: PersonState?
    public init(result: SubmitResult, applicant: String, workflowTitle: String) {
        self.result = result
        self.applicant = applicant
        self.workflowTitle = workflowTitle
    }
}

enum ResultScreen {
    static func update(_ s: inout ResultState, _ key: Key, _ desk: inout DeskState) -> [DeskEffect]? {
        switch key {
        case .enter, .escape, .function(3):
            if let person = s.returnTo {
                desk.screen = .person(person)
                return [.openPerson(personID: person.personID, keep: person.keep)]
            }
            return Desk.goHome(&desk)
        default:
            return nil
        }
    }

    static func headline(_ r: SubmitResult) -> String {
        switch r.status {
        case .registered: return r.enrolls ? "已登记参保" : "已办结"
        case .completed: return "已办结"
        case .pendingDocuments: return "材料不全，已出具一次性告知书，案件待补材料"
        case .awaitingApproval: return "已提交审核员审核"
        case .refused: return "不予办理，已出具不予办理通知书"
        default: return r.status.chinese
        }
    }

    static func render(_ s: ResultState, _ desk: DeskState, _ b: inout ScreenBuffer) {
        b.put("案件 \(s.result.number)：\(headline(s.result))", row: 3, col: 2, style: s.result.status == .refused ? .error : .ok,
              width: b.cols - 4)
        b.put("业务：\(s.workflowTitle)", row: 5, col: 2, width: b.cols - 4)
        b.put("申请人：\(s.applicant)", row: 6, col: 2, width: b.cols - 4)
        b.put("结论：\(s.result.decision.chinese)", row: 7, col: 2, width: b.cols - 4)
        var row = 9
        if let printing = s.result.printing {
            for line in Wrap.atBreaks(byName(printing, files: s.result.printed), width: b.cols - 4).prefix(2) {
                b.put(line, row: row, col: 2, style: .label, width: b.cols - 4)
                row += 1
            }
        }
        if !s.result.printed.isEmpty {
            b.put("通知书文件（已保存）：", row: row, col: 2, style: .label)
            // Down to the line above the message line.
            for (i, line) in savedFiles(s.result.printed, width: b.cols - 6, lines: b.rows - 3 - row).enumerated() {
                b.put(line, row: row + 1 + i, col: 4, width: b.cols - 6)
            }
        }
    }

    /// The printer's sentence with each file it names by its name alone: the list below gives the folder once, and
    /// a path wrapped over the sentence's two lines was cut mid-name (`/tmp/cb/notices` / `/2026-…告知书.txt`).
    static func byName(_ printing: String, files: [String]) -> String {
        // Longest first: one path may begin another.
        files.sorted { $0.count > $1.count }.reduce(printing) { text, path in
            guard let slash = path.lastIndex(of: "/"), path.index(after: slash) < path.endIndex else { return text }
            return text.replacingOccurrences(of: path, with: String(path[path.index(after: slash)...]))
        }
    }

    /// The files written, for the result screen: each folder once (wrapped, never cut), then each notice once with
    /// its formats (`2026-000015-回执 .txt .html .ps`). Listed path by path, a long home cut the names and three files
    /// a notice pushed the last ones (the printer's .ps copy) under the message line. Within `lines`; what does not
    /// fit is counted on the last.
    static func savedFiles(_ paths: [String], width: Int, lines: Int) -> [String] {
        var folders: [(folder: String, notices: [(stem: String, formats: [String])])] = []
        for path in paths {
            let slash = path.lastIndex(of: "/")
            let folder = slash.map { String(path[...$0]) } ?? ""
            let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
            let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
            let stem = dot.map { String(name[..<$0]) } ?? name
            let format = dot.map { String(name[$0...]) } ?? ""
            if folders.last?.folder != folder { folders.append((folder, [])) }
            if let i = folders[folders.count - 1].notices.firstIndex(where: { $0.stem == stem }) {
                folders[folders.count - 1].notices[i].formats.append(format)
            } else {
                folders[folders.count - 1].notices.append((stem, [format]))
            }
        }
        // Each line with the number of files it names.
        var out: [(text: String, files: Int)] = []
        for group in folders {
            if !group.folder.isEmpty { out += Wrap.text(group.folder, width: max(8, width)).map { ($0, 0) } }
            let indent = group.folder.isEmpty ? "" : "  "
            out += group.notices.map { notice in
                ((["\(indent)\(notice.stem)"] + notice.formats.filter { !$0.isEmpty }).joined(separator: " "), notice.formats.count)
            }
        }
        guard out.count > lines, lines > 0 else { return out.map(\.text) }
        let shown = out.prefix(lines - 1)
        return shown.map(\.text) + ["……另有 \(paths.count - shown.reduce(0) { $0 + $1.files }) 个文件未列出"]
    }

    static func keys(_ s: ResultState) -> [KeyHint] {
        [KeyHint("Enter", s.returnTo == nil ? "返回首页" : "返回参保人")]
    }
}

extension PersonSearchScreen {
    static func receive(_ s: inout PersonSearchState, _ msg: DeskMsg, _ desk: inout DeskState) -> [DeskEffect] {
        switch msg {
        case let .personsFound(query, people):
            s.results = people
            s.resultsQuery = query
            s.searching = false
            s.selection = ListSelection()
            desk.message = .info(people.isEmpty ? "未找到“\(query)”" : "找到 \(people.count) 人：↑↓ 选择，Enter 查看此人（重复参保、新建业务）")
        case .failed:
            s.searching = false
        default:
            break
        }
        return []
    }
}
