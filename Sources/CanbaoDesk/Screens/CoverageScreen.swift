import CanbaoRules

/// The share of the persons in the store enrolled in a year, by group and by place (达拉特旗方案 三, 某市通知 三), and
/// the list of those not yet enrolled (全民参保计划库), with a CSV export of both.
public struct CoverageState: Hashable, Sendable {
    public enum View: Hashable, Sendable { case report, unenrolled }

    public var year: TextInput
    public var place = TextInput(maxLength: 12)
    /// 0: year, 1: place.
    public var focus = 0
    public var view: View = .report
    public var report: CoverageView?
    public var unenrolled: [UnenrolledLine]?
    public var unenrolledTotal = 0
    public var selection = ListSelection()
    public var busy = false

    public init(today: LocalDate) {
        year = TextInput(String(today.year), maxLength: 4)
    }

    /// The year and place the inputs ask for, or what is wrong with them.
    func query() -> Result<(year: Int, place: String?), RosterInputError> {
        let y = year.text.trimmed(.whitespaces)
        // As the roster screen words it: 3000 is four digits, so the range must be said too.
        guard let year = Int(y), LocalDate.inputYears.contains(year) else {
            let years = LocalDate.inputYears
            return .failure(RosterInputError(text: "年度应为 \(years.lowerBound)–\(years.upperBound) 的 4 位年份：“\(y)”"))
        }
        let p = place.text.trimmed(.whitespaces)
        guard p.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .failure(RosterInputError(text: "地区应为统筹区代码或其前缀（数字），如 1506：“\(p)”"))
        }
        return .success((year, p.isEmpty ? nil : p))
    }

    /// The effects that load the current view for the inputs.
    mutating func load(_ desk: inout DeskState) -> [DeskEffect] {
        switch query() {
        case let .failure(problem):
            desk.message = .error(problem.text)
            return []
        case let .success(q):
            busy = true
            selection = ListSelection()
            desk.message = .info("正在统计…")
            return [view == .report ? .loadCoverage(year: q.year, place: q.place) : .loadUnenrolled(year: q.year, place: q.place)]
        }
    }
}

enum CoverageScreen {
    /// Rows of the unenrolled list (from row 5, above the selected person's two detail rows) and of the places (from
    /// row 8), above the message line.
    static func listHeight(_ rows: Int) -> Int { max(1, rows - 9) }
    static func placesHeight(_ rows: Int) -> Int { max(1, rows - 11) }

    static func update(_ s: inout CoverageState, _ key: Key, _ desk: inout DeskState) -> [DeskEffect]? {
        switch key {
        case .escape, .function(3):
            return Desk.goHome(&desk)
        case .enter, .function(5):
            return s.load(&desk)
        case .tab, .backTab:
            s.focus = 1 - s.focus
            return []
        case .function(6):
            s.view = s.view == .report ? .unenrolled : .report
            return s.load(&desk)
        case .function(8):
            switch s.query() {
            case let .failure(problem):
                desk.message = .error(problem.text)
                return []
            case let .success(q):
                desk.message = .info("正在导出…")
                return [.exportCoverage(year: q.year, place: q.place)]
            }
        case .up, .down, .pageUp, .pageDown, .home, .end:
            let count = s.view == .report ? (s.report?.places.count ?? 0) : (s.unenrolled?.count ?? 0)
            guard s.selection.handle(key, count: count, page: listHeight(desk.rows)) else { return nil }
            s.selection.clamp(count: count, height: s.view == .report ? placesHeight(desk.rows) : listHeight(desk.rows))
            return []
        default:
            let outcome = s.focus == 0 ? s.year.edit(key, &desk, label: "年度") : s.place.edit(key, &desk, label: "地区")
            return outcome == .ignored ? nil : []
        }
    }

    static func render(_ s: CoverageState, _ desk: DeskState, _ b: inout ScreenBuffer, _ divisions: Divisions) {
        Frame.labelled(&b, row: 2, col: 2, label: "年度", labelWidth: 6, input: s.year, width: 6, focused: s.focus == 0)
        Frame.labelled(&b, row: 2, col: 20, label: "地区", labelWidth: 6, input: s.place, width: 10, focused: s.focus == 1)
        b.put("统筹区代码或前缀，留空为全部", row: 2, col: 40, style: .dim, width: b.cols - 42)
        switch s.view {
        case .report: renderReport(s, &b)
        case .unenrolled: renderUnenrolled(s, &b, divisions)
        }
    }

    /// The first is wide enough for a place with its name (“150621 鄂尔多斯市达拉特旗”); a longer one is cut, one
    /// column short of the next, so the figures never touch it.
    static let columns = [28, 10, 10, 10, 10]

    static func cells(_ l: CoverageLine) -> String {
        DisplayWidth.pad(l.caption, to: columns[0] - 1) + " "
            + zip(["\(l.persons)", "\(l.enrolled)", "\(l.unenrolled)", l.share], columns.dropFirst())
            .map { DisplayWidth.pad($0, to: $1) }.joined()
    }

    static func renderReport(_ s: CoverageState, _ b: inout ScreenBuffer) {
        guard let r = s.report else {
            b.put(s.busy ? "正在统计…" : "Enter 统计；F6 未参保人员名单", row: 4, col: 2, style: .dim)
            return
        }
        Frame.rule(&b, row: 3, caption: "\(r.year) 年度参保覆盖率" + (r.place.map { "（地区 \($0)）" } ?? "")
                   + (r.target.map { " · 目标 \($0)" } ?? ""))
        b.put(zip(["", "人员", "已参保", "未参保", "参保率"], columns).map { DisplayWidth.pad($0, to: $1) }.joined(),
              row: 4, col: 2, style: .dim)
        b.put(cells(r.total), row: 5, col: 2, style: .label, width: b.cols - 4)
        // Groups side by side would not fit at 80 columns: one line of captions and shares.
        let groups = r.groups.map { "\($0.caption) \($0.enrolled)/\($0.persons) \($0.share)" }.joined(separator: "  ")
        b.put(groups.isEmpty ? "（无人群数据）" : groups, row: 6, col: 2, width: b.cols - 4)
        Frame.rule(&b, row: 7, caption: "按地区（\(r.places.count)）")
        let height = placesHeight(b.rows)
        var sel = s.selection
        sel.clamp(count: r.places.count, height: height)
        for (i, line) in r.places.enumerated().dropFirst(sel.top).prefix(height) {
            b.put(cells(line), row: 8 + i - sel.top, col: 2, style: i == sel.index ? .selected : .normal, width: b.cols - 4)
        }
        if r.places.isEmpty { b.put("（库中无人员）", row: 8, col: 2, style: .dim) }
    }

    static func keys(_ s: CoverageState) -> [KeyHint] {
        [KeyHint("Enter", "统计"), KeyHint("Tab", "年度/地区"), KeyHint("F6", s.view == .report ? "未参保名单" : "覆盖率"),
         KeyHint("F8", "导出CSV"), KeyHint("↑↓", "滚动"), KeyHint("Esc", "返回")]
    }
}

extension CoverageScreen {
    static func receive(_ s: inout CoverageState, _ msg: DeskMsg, _ desk: inout DeskState) -> [DeskEffect] {
        switch msg {
        case let .coverageLoaded(report):
            s.report = report
            s.busy = false
            desk.message = .info("\(report.year) 年度：人员 \(report.total.persons)，已参保 \(report.total.enrolled)，参保率 \(report.total.share)")
        case let .unenrolledLoaded(year, _, total, lines):
            s.unenrolled = lines
            s.unenrolledTotal = total
            s.busy = false
            desk.message = .info("\(year) 年度未参保 \(total) 人")
        case let .coverageExported(paths):
            // The folder once, then the file names: a full path each would not fit the message line.
            let folder = paths.first.map { String($0[..<($0.lastIndex(of: "/") ?? $0.endIndex)]) } ?? ""
            let names = paths.map { String($0[($0.lastIndex(of: "/").map { $0 } ?? $0.startIndex)...].dropFirst()) }
            desk.message = .success("已导出 \(paths.count) 个 CSV 文件到 \(folder)：" + names.joined(separator: "、"))
        case .failed:
            s.busy = false
        default:
            break
        }
        return []
    }
}
