import CanbaoRules

/// F1 where there is no finding: the keys of the screen and the focused field's own help.
public struct HelpState: Hashable, Sendable {
    public enum Topic: Hashable, Sendable { case caseForm, home, queue, roster, coverage, caseView, person, general }
    public var topic: Topic
    public var extra: String?
    public init(topic: Topic, extra: String? = nil) {
        self.topic = topic
        self.extra = extra
    }

    /// The help wrapped to `width` columns: a key's explanation continues under itself, not under the key.
    func lines(width: Int) -> [String] {
        lines.flatMap { line -> [String] in
            // The explanation's column: after the first run of two spaces or more (the key column's padding).
            var indent = 0
            if let run = line.range(of: "  "), !line.hasPrefix(" ") {
                let after = line[run.lowerBound...].drop { $0 == " " }
                indent = DisplayWidth.of(String(line[..<after.startIndex]))
            }
            let first = Wrap.text(line, width: width)
            guard first.count > 1, indent > 0, indent < width / 2 else { return first }
            let head = first[0]
            let rest = String(line.dropFirst(head.count))
            return [head] + Wrap.text(rest, width: width - indent).map { String(repeating: " ", count: indent) + $0 }
        }
    }

    var lines: [String] {
        var lines: [String] = []
        if let extra { lines += ["本项说明：\(extra)", ""] }
        switch topic {
        case .caseForm:
            lines += [
                "Tab / Enter / ↓   下一项（离开时即校验，证件号码错误立即提示）",
                "Shift-Tab / ↑     上一项",
                "PgDn / PgUp       下一步 / 上一步",
                "空格 / F4         是否、性别、险种等选项：切换 / 从列表选择；证件栏 F4 选择证件类型",
                "F6                在 填写区 → 材料清单 → 审核意见 之间切换；材料清单中空格勾选",
                "F4（地点栏）    按名称或代码查找行政区划（如 东胜、1506）",
                "F7                待补材料的案件：补打一次性告知书（另存新文件，不覆盖原件）",
                "                  练习中：再看一遍来办情形",
                "F8                作废本草稿或撤回待补材料的案件（须写明理由）",
                "F1                在审核意见上：查看所引条文原文",
                "F2                暂存草稿（每填完一项也会自动保存）",
                "F3                上一步；第一步时同 Esc",
                "F5                校验：列出全部审核意见和必填项",
                "F10               提交：予以受理则登记并打印回执；缺材料则出具一次性告知书；",
                "                  需审核则填写理由后送审核员；不予办理则打印不予办理通知书",
                "Esc               返回首页，或打开本案的参保人页面（草稿已保存）",
            ]
        case .home:
            lines += [
                "1 / F4            新建业务：选择业务后逐项填写；先按 2 查到参保人再新建，可带入其信息",
                "2 / /             查找参保人（证件号码或姓名）：平台参保记录、困难身份、重复参保的处理",
                "3                 审核员：待审核的例外情形",
                "4                 学校花名册集体参保：先校验，退回的行逐条说明原因，再登记",
                "5                 参保覆盖率与未参保名单，可导出 CSV",
                "Tab / ←→          切换列表：今日办理、草稿、待补材料、待审核、时限",
                "↑↓ / PgUp PgDn    在列表中移动；底部一行是所选案件的详情",
                "Enter             打开所选案件继续办理；已办结、待审核的案件只读查看，可补打",
                "                  回执或通知书；预参保新生儿打开参保人页面（可新建变更）",
                "F8                作废所选草稿，或撤回待补材料的案件（须写明理由，记入审计）",
                "F5                刷新（其他窗口的办理会自动出现）",
                "F3                注销（草稿已保存）",
                "F10               退出程序（草稿已保存）",
            ]
        case .queue:
            lines += [
                "↑↓ / PgUp PgDn    选择待审核的案件：柜员的提交理由与时限见列表",
                "Enter             审核所选案件：逐条查看审核意见与所引条文，批准或驳回",
                "                  （提交人本人不能审批自己送审的案件）",
                "F4 / F6           按业务 / 按柜员筛选，再按一次换下一项，直到“全部”",
                "F8                只看本大厅 / 全部大厅",
                "F7                当日统计；F9 学员练习进度",
                "F5                刷新",
                "0                 回到柜台首页办理业务",
                "F3                注销；F10 退出程序",
            ]
        case .roster:
            lines += [
                "Tab / Enter       下一项：花名册文件、学校名称、学籍地代码、参保年度；Shift-Tab 上一项",
                "F5                校验：只读不写，列出可登记的人数与退回的行及原因",
                "F10               登记：校验通过的学生在一个事务中登记，退回的行不登记",
                "↑↓                校验后：逐条查看退回的行（行号与原因）",
                "Esc               返回首页；导入进行中按 Esc 取消，不留下部分登记",
            ]
        case .coverage:
            lines += [
                "年度 / 地区       地区可留空（全部），或填统筹区代码及其前缀，如 1506",
                "Enter             按所填年度与地区统计",
                "F6                在 覆盖率 与 未参保名单 之间切换",
                "F8                导出 CSV 到数据目录的 reports 文件夹（不覆盖已有文件）",
                "↑↓ / PgUp PgDn    滚动",
                "Esc               返回首页",
            ]
        case .caseView:
            lines += [
                "只读：已登记、已办结、不予办理、已撤回、已作废、待审核的案件，不能修改",
                "↑↓ / PgUp PgDn    滚动：申请人、录入的信息、材料、审核意见、审批、经过",
                "Home / End        到开头 / 到末尾",
                "P / F6            补打回执或通知书：按原样重新打印，注明“补打”和日期；",
                "                  另存为新文件（…-补打.txt），原有文件不会被覆盖",
                "F5                刷新（其他窗口审批或撤回后可见最新状态）",
                "Esc               返回原来的列表（首页或参保人的办件）",
            ]
        case .person:
            lines += [
                "Tab / Shift-Tab   切换：参保记录（含重复参保） ↔ 此人的办件",
                "Enter             参保记录处：为此人新建业务（只列出适合此人的业务）",
                "                  办件处：打开所选办件，见下",
                "1                 为此人新建业务（两处都可用）",
                "↑↓ / PgUp PgDn    选择重复参保或办件；Home / End 到开头 / 到末尾",
                "办件列表          此人的办件，最近办理的在前：编号、最近一次办理的日期、",
                "                  业务、状态、仍在计算的时限（逾期标红）；",
                "                  底部一行是所选办件的详情",
                "Enter（办件）     已登记、已办结、不予办理、已撤回、已作废、待审核：",
                "                  只读查看，可补打回执或通知书，Esc 回到本页；",
                "                  草稿、待补材料：打开继续办理",
                "F4                重复参保：选择保留的参保关系（参保人意愿、居住地或就业地）",
                "F10               重复参保：办理（先列出将保留、终止的记录，按 Y 确认）",
                "F1                在所选重复参保上：查看所引条文原文；其他时候：本帮助",
                "F5                刷新（其他窗口的办理会自动出现）",
                "Esc               返回查找结果（或首页）",
            ]
        case .general:
            lines += [
                "Tab / ↑↓          切换输入项或列表行",
                "Enter             确认 / 打开",
                "F1                帮助",
                "F3                返回 / 注销",
                "Ctrl-C            退出程序（草稿已保存）",
            ]
        }
        return lines
    }
}

/// F1 on a finding: the text of the articles it cites, from the policy texts bundled under Forms/articles.
public struct ArticleState: Hashable, Sendable {
    public var citation: String
    public var finding: Finding?
    public var articles: [Article]
    /// Nil until the clerk scrolls: the view then opens at the cited sub-clause.
    public var scroll: Int?
    /// The sub-clause the citation names after the article (“3.”, “（一）”), to open the text there.
    public var anchor: String?

    public init(citation: String, forms: FormSet, finding: Finding? = nil) {
        self.citation = citation
        self.finding = finding
        self.articles = forms.articles.articles(for: citation)
        self.anchor = ArticleState.anchor(in: citation)
    }

    /// `国家规程 第十五条 3` → `3.`; `内蒙古细则 第十二条（一）1` → `（一）`.
    static func anchor(in citation: String) -> String? {
        guard let range = citation.range(of: "条") else { return nil }
        let rest = citation[range.upperBound...].trimmed(.whitespaces)
        if rest.hasPrefix("（"), let close = rest.firstIndex(of: "）") { return String(rest[...close]) }
        if let digit = rest.first, digit.isNumber { return "\(digit)." }
        return nil
    }

    /// Where the view starts: where the clerk scrolled, else a little above the cited sub-clause.
    func start(lines: [String]) -> Int {
        if let scroll { return scroll }
        guard let anchor, let i = lines.firstIndex(where: { $0.hasPrefix(anchor) }) else { return 0 }
        return i
    }

    /// The text to show, wrapped to `width` columns.
    func lines(width: Int) -> [String] {
        var lines: [String] = []
        if let finding {
            lines += Wrap.text("【\(finding.severity.label)】\(finding.message)", width: width)
            lines.append("")
        }
        if articles.isEmpty {
            lines.append("未能在政策原文中找到“\(citation)”。")
        }
        for a in articles {
            lines.append("\(a.reference)\(a.heading.map { " \($0)" } ?? "")")
            for paragraph in a.text.split(separator: "\n", omittingEmptySubsequences: false) {
                lines += Wrap.text(String(paragraph), width: width)
            }
            lines.append("")
        }
        return lines
    }
}

enum OverlayScreen {
    static func update(_ overlay: inout Overlay, _ key: Key, _ desk: inout DeskState) -> Bool {
        switch key {
        case .escape, .enter, .function(1), .function(3):
            desk.overlay = nil
            return true
        default:
            break
        }
        if case var .story(story) = overlay {
            let page = max(1, desk.rows - 6)
            let count = story.lines(width: desk.cols - 4).count
            switch key {
            case .down: story.scroll += 1
            case .up: story.scroll = max(0, story.scroll - 1)
            case .pageDown, .char(" "): story.scroll += page
            case .pageUp: story.scroll = max(0, story.scroll - page)
            case .function(7): desk.overlay = nil; return true
            default: return false
            }
            story.scroll = min(story.scroll, max(0, count - page))
            overlay = .story(story)
            return true
        }
        guard case var .article(a) = overlay else { return false }
        let page = max(1, desk.rows - 6)
        let lines = a.lines(width: desk.cols - 4)
        var scroll = a.start(lines: lines)
        switch key {
        case .down: scroll += 1
        case .up: scroll = max(0, scroll - 1)
        case .pageDown, .char(" "): scroll += page
        case .pageUp: scroll = max(0, scroll - page)
        case .home: scroll = 0
        default: return false
        }
        a.scroll = min(scroll, max(0, lines.count - page))
        overlay = .article(a)
        return true
    }

    static func render(_ overlay: Overlay, _ desk: DeskState, _ b: inout ScreenBuffer) -> [KeyHint] {
        let width = b.cols - 4
        let top = 2
        let height = b.rows - 5
        for row in top - 1 ... top + height { b.fill(row: row, col: 0, style: .normal) }
        switch overlay {
        case let .help(h):
            b.put(" 帮助", row: top - 1, col: 0, style: .label)
            for (i, line) in h.lines(width: width).prefix(height).enumerated() { b.put(line, row: top + i, col: 2, width: width) }
            return [KeyHint("Esc", "关闭")]
        case let .story(story):
            b.put(" 来办情形：\(story.practice.scenario.title)", row: top - 1, col: 0, style: .label, width: b.cols)
            let lines = story.lines(width: width)
            let start = min(story.scroll, max(0, lines.count - height))
            for (i, line) in lines.dropFirst(start).prefix(height).enumerated() {
                b.put(line, row: top + i, col: 2, width: width)
            }
            return [KeyHint("↑↓", "滚动"), KeyHint("Esc", "关闭")]
        case let .article(a):
            b.put(" 政策条文：\(a.citation)", row: top - 1, col: 0, style: .label, width: b.cols)
            let lines = a.lines(width: width)
            let start = min(a.start(lines: lines), max(0, lines.count - height))
            for (i, line) in lines.dropFirst(start).prefix(height).enumerated() {
                let emphasis = (a.anchor.map { line.hasPrefix($0) } ?? false) || (a.finding != nil && i + start == 0)
                b.put(line, row: top + i, col: 2, style: emphasis ? .warning : .normal, width: width)
            }
            if lines.count > height {
                b.put("第 \(start + 1)–\(min(lines.count, start + height)) 行 / 共 \(lines.count) 行", row: top + height, col: 2, style: .dim)
            }
            return [KeyHint("↑↓", "滚动"), KeyHint("PgDn", "翻页"), KeyHint("Esc", "关闭")]
        }
    }
}

/// Wraps text to a column width by display width (CJK counts two).
enum Wrap {
    static func text(_ s: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        if s.isEmpty { return [""] }
        var lines: [String] = []
        var line = ""
        var used = 0
        for c in s {
            let w = DisplayWidth.of(c)
            if used + w > width {
                lines.append(line)
                line = ""
                used = 0
            }
            line.append(c)
            used += w
        }
        lines.append(line)
        return lines
    }
}
