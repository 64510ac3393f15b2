import CanbaoRules

/// A school's class list enrolled in one go (集体参保, 江门规程 第二十条（一）; 达拉特旗方案 五（六）): the file, the school,
/// its place (学籍地) and the year; F5 checks every row without writing, F10 registers the valid rows in one
/// transaction. Rejected rows are listed with their reasons and written back for the school to correct and resend.
public struct RosterImportState: Hashable, Sendable {
    public enum Field: Int, CaseIterable, Sendable {
        case file, school, place, year
        var label: String {
            switch self {
            case .file: return "花名册文件"
            case .school: return "学校名称"
            case .place: return "学籍地代码"
            case .year: return "参保年度"
            }
        }
    }

    public var inputs: [TextInput]
    public var focus: Field = .file
    public var summary: RosterImportSummary?
    /// Why the last import read nothing (an unreadable file), shown whole on the screen.
    public var problem: String?
    /// The request the summary answers: F10 after F5 on unchanged inputs registers what was checked.
    public var busy = false
    /// Rows checked and rejected so far while the import runs (nil until the first report).
    public var progress: RosterProgressView?
    /// Esc while the rows are being checked: the import is asked to stop and write nothing.
    public var cancelling = false
    /// Scroll of the rejected rows.
    public var selection = ListSelection()

    public init(place: String, today: LocalDate) {
        // Schools send next year's list from the collection period on (September: 达拉特旗方案 四; 某市通知 四（二）).
        let year = today.month >= 9 ? today.year + 1 : today.year
        inputs = [TextInput(maxLength: 512), TextInput(maxLength: 60), TextInput(place, maxLength: 12), TextInput(String(year), maxLength: 4)]
    }

    subscript(_ f: Field) -> String { inputs[f.rawValue].text.trimmed(.whitespaces) }

    /// The request the inputs make, or the first thing wrong with them in the clerk's words.
    func request(dryRun: Bool) -> Result<RosterImportRequest, RosterInputError> {
        var problems: [String] = []
        if self[.file].isEmpty { problems.append("请填写花名册文件的路径（CSV，UTF-8 或 GB18030）") }
        if self[.school].isEmpty { problems.append("请填写学校名称") }
        let place = self[.place]
        if !(place.count == 6 && place.allSatisfy(\.isASCII) && place.allSatisfy(\.isNumber)) {
            problems.append("学籍地代码应为 6 位数字的统筹区代码：“\(place)”")
        }
        let year = Int(self[.year])
        if year == nil || !LocalDate.inputYears.contains(year!) { problems.append("参保年度应为 1900–2099 的 4 位年份：“\(self[.year])”") }
        guard problems.isEmpty, let year else { return .failure(RosterInputError(text: problems.joined(separator: "；"))) }
        return .success(RosterImportRequest(file: self[.file], school: self[.school], place: place, year: year, dryRun: dryRun))
    }
}

struct RosterInputError: Error, Hashable { var text: String }

/// How far a roster import has got: data rows in the file, rows checked, rows rejected so far.
public struct RosterProgressView: Hashable, Sendable {
    public var rows: Int
    public var checked: Int
    public var rejected: Int

    public init(rows: Int, checked: Int, rejected: Int) {
        self.rows = rows
        self.checked = checked
        self.rejected = rejected
    }
}

enum RosterScreen {
    static func update(_ s: inout RosterImportState, _ key: Key, _ desk: inout DeskState) -> [DeskEffect]? {
        if s.busy {
            // While the rows are checked the one thing to do is to stop: nothing is written then.
            guard key == .escape || key == .function(3) else {
                desk.message = .info("正在处理花名册，Esc 取消")
                return []
            }
            guard !s.cancelling else { return [] }
            s.cancelling = true
            desk.message = .info("正在取消…（不写入任何数据）")
            return [.cancelRosterImport]
        }
        switch key {
        case .escape, .function(3):
            return Desk.goHome(&desk)
        case .tab, .enter:
            s.focus = RosterImportState.Field(rawValue: (s.focus.rawValue + 1) % RosterImportState.Field.allCases.count)!
            return []
        case .backTab:
            let n = RosterImportState.Field.allCases.count
            s.focus = RosterImportState.Field(rawValue: (s.focus.rawValue + n - 1) % n)!
            return []
        case .function(5), .function(10):
            switch s.request(dryRun: key == .function(5)) {
            case let .failure(problem):
                desk.message = .error(problem.text)
                return []
            case let .success(request):
                s.busy = true
                s.progress = nil
                s.cancelling = false
                s.problem = nil
                s.selection = ListSelection()
                desk.message = .info(request.dryRun ? "正在逐行校验（不写入）…" : "正在校验并登记…")
                return [.importRoster(request)]
            }
        case .up, .down, .pageUp, .pageDown:
            let count = s.summary?.rejected.count ?? 0
            guard s.selection.handle(key, count: count, page: 5) else { return nil }
            s.selection.clamp(count: count, height: listHeight(desk.rows))
            return []
        default:
            let outcome = s.inputs[s.focus.rawValue].edit(key, &desk, label: s.focus.label)
            return outcome == .ignored ? nil : []
        }
    }

    static func listHeight(_ rows: Int) -> Int { max(1, rows - 15) }

    static func render(_ s: RosterImportState, _ desk: DeskState, _ b: inout ScreenBuffer) {
        for f in RosterImportState.Field.allCases {
            Frame.labelled(&b, row: 2 + f.rawValue, col: 2, label: f.label, labelWidth: 12, input: s.inputs[f.rawValue],
                           width: b.cols - 20, focused: f == s.focus && !s.busy)
        }
        b.put("表头：姓名、证件号码（必需），证件类型、出生日期、性别、班级（可选）", row: 6, col: 2, style: .dim, width: b.cols - 4)
        if s.busy {
            renderProgress(s, &b)
            return
        }
        if let problem = s.problem {
            Frame.rule(&b, row: 7, caption: "未导入")
            for (i, line) in Wrap.text(problem, width: b.cols - 4).prefix(3).enumerated() {
                b.put(line, row: 8 + i, col: 2, style: .error, width: b.cols - 4)
            }
            return
        }
        guard let r = s.summary else {
            b.put("F5 逐行校验（不写入），F10 校验并登记全部有效行；有错的行不影响其他行。", row: 8, col: 2, style: .dim, width: b.cols - 4)
            return
        }
        let q = r.request
        Frame.rule(&b, row: 7, caption: q.dryRun ? "校验结果（未写入）" : "登记结果")
        b.put("\(r.fileName)（\(r.encoding)，\(r.rowCount) 行）：\(q.school)，学籍地 \(q.place)，\(q.year) 年度", row: 8, col: 2,
              width: b.cols - 4)
        var line = "\(q.dryRun ? "可登记" : "已登记") \(r.registered) 人，已参保 \(r.alreadyEnrolled) 人，退回 \(r.rejected.count) 行"
        if r.replaced > 0 { line += "；\(q.dryRun ? "将" : "已")终止或暂停原参保地记录 \(r.replaced) 条" }
        b.put(line, row: 9, col: 2, style: r.rejected.isEmpty ? .ok : .warning, width: b.cols - 4)
        if let report = r.errorReport {
            b.put("错误报告：\(report)", row: 10, col: 2, width: b.cols - 4)
        }
        guard !r.rejected.isEmpty else { return }
        Frame.rule(&b, row: 11, caption: "退回的行（\(r.rejected.count)）")
        // Each rejected row wrapped whole (the reason is the point), from the selected row's window on.
        let height = listHeight(b.rows)
        var sel = s.selection
        sel.clamp(count: r.rejected.count, height: height)
        var row = 12
        for (i, rejected) in r.rejected.enumerated().dropFirst(sel.top) {
            for text in Wrap.text(rejected.text, width: b.cols - 4) {
                guard row < 12 + height else { return }
                b.put(text, row: row, col: 2, style: i == sel.index ? .selected : .normal, width: b.cols - 4)
                row += 1
            }
        }
    }

    /// The rows checked so far as a bar, with the rejected count and how to stop.
    static func renderProgress(_ s: RosterImportState, _ b: inout ScreenBuffer) {
        Frame.rule(&b, row: 7, caption: s.cancelling ? "正在取消" : "正在处理")
        guard let p = s.progress, p.rows > 0 else {
            b.put("正在读取与校验花名册…", row: 8, col: 2, style: .dim, width: b.cols - 4)
            b.put("Esc 取消：不写入任何数据", row: 10, col: 2, style: .dim, width: b.cols - 4)
            return
        }
        let width = max(10, b.cols - 24)
        let done = min(width, p.checked * width / p.rows)
        let percent = min(100, p.checked * 100 / p.rows)
        b.put("[" + String(repeating: "#", count: done) + String(repeating: ".", count: width - done) + "] \(percent)%",
              row: 8, col: 2, width: b.cols - 4)
        b.put("已校验 \(p.checked) / \(p.rows) 行，退回 \(p.rejected) 行", row: 9, col: 2,
              style: p.rejected > 0 ? .warning : .normal, width: b.cols - 4)
        b.put(s.cancelling ? "正在取消，校验停止后不写入任何数据" : "Esc 取消：校验完成前取消，不写入任何数据", row: 10, col: 2,
              style: .dim, width: b.cols - 4)
    }

    static func keys(_ s: RosterImportState) -> [KeyHint] {
        s.busy ? [KeyHint("Esc", "取消导入")]
            : [KeyHint("Tab", "下一项"), KeyHint("F5", "校验"), KeyHint("F10", "登记"), KeyHint("↑↓", "退回的行"), KeyHint("Esc", "返回")]
    }
}

extension RosterScreen {
    static func receive(_ s: inout RosterImportState, _ msg: DeskMsg, _ desk: inout DeskState) -> [DeskEffect] {
        switch msg {
        case let .rosterProgress(rows, checked, rejected):
            guard s.busy else { break }
            s.progress = RosterProgressView(rows: rows, checked: checked, rejected: rejected)
        case let .rosterImported(summary):
            let tooLate = s.cancelling
            s.summary = summary
            s.problem = nil
            s.busy = false
            s.progress = nil
            s.cancelling = false
            let q = summary.request
            let verb = q.dryRun ? "校验完毕（未写入）：可登记" : "登记完毕：已登记"
            var text = "\(verb) \(summary.registered) 人，已参保 \(summary.alreadyEnrolled) 人，退回 \(summary.rejected.count) 行"
            if tooLate { text = "取消时校验已完成，" + text }
            desk.message = summary.rejected.isEmpty && !tooLate ? .success(text) : .info(text + (summary.rejected.isEmpty ? "" : "；错误报告改正后可重新导入"))
        case let .failed(reason):
            s.busy = false
            s.progress = nil
            s.cancelling = false
            s.summary = nil
            s.problem = reason
        default:
            break
        }
        return []
    }
}
