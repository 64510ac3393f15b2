import CanbaoRules

/// The trainee's home: the decks, with progress.
public struct DecksState: Hashable, Sendable {
    public var decks: [DeckSummary]?
    public var selection = ListSelection()
    public init() {}
}

enum DecksScreen {
    static func update(_ s: inout DecksState, _ key: Key, _ desk: inout DeskState) -> [DeskEffect]? {
        let decks = s.decks ?? []
        switch key {
        case .enter:
            guard s.selection.index < decks.count else {
                desk.message = .info("没有可练习的题组")
                return []
            }
            desk.message = .info("正在准备练习…")
            return [.startPractice(deckID: decks[s.selection.index].id)]
        case .function(5):
            return [.loadDecks]
        case .function(3):
            return Desk.logout(&desk)
        case .function(10):
            return [.quit]
        default:
            return s.selection.handle(key, count: decks.count, page: 10) ? [] : nil
        }
    }

    static func render(_ s: DecksState, _ desk: DeskState, _ b: inout ScreenBuffer) {
        b.put("练习题组：选择一组开始练习（在独立的练习库中办理，不影响正式数据）", row: 2, col: 1, style: .label, width: b.cols - 2)
        Frame.rule(&b, row: 3)
        b.put(DisplayWidth.pad("题组", to: 30) + DisplayWidth.pad("难度", to: 8) + DisplayWidth.pad("题数", to: 6)
              + DisplayWidth.pad("已练", to: 6) + DisplayWidth.pad("全对", to: 6) + "平均分", row: 4, col: 1, style: .dim)
        guard let decks = s.decks else {
            b.put("正在读取…", row: 5, col: 1, style: .dim)
            return
        }
        if decks.isEmpty { b.put("（Forms/decks 中没有题组）", row: 5, col: 1, style: .dim) }
        for (i, d) in decks.enumerated().prefix(b.rows - 9) {
            let avg = d.averageScore.map { String(format: "%.0f", $0) } ?? "—"
            let line = DisplayWidth.pad(d.title, to: 30) + DisplayWidth.pad(d.level, to: 8) + DisplayWidth.pad("\(d.scenarioCount)", to: 6)
                + DisplayWidth.pad("\(d.played)", to: 6) + DisplayWidth.pad("\(d.correct)", to: 6) + avg
            if i == s.selection.index { b.fill(row: 5 + i, col: 1, width: b.cols - 2, style: .selected) }
            b.put(line, row: 5 + i, col: 1, style: i == s.selection.index ? .selected : .normal, width: b.cols - 2)
        }
        if s.selection.index < decks.count, !decks[s.selection.index].tags.isEmpty {
            b.put("标签：" + decks[s.selection.index].tags.joined(separator: "、"), row: b.rows - 4, col: 1, style: .dim, width: b.cols - 2)
        }
    }

    static let keys = [KeyHint("Enter", "开始练习"), KeyHint("F5", "刷新"), KeyHint("F3", "注销"), KeyHint("F10", "退出")]
}

/// The walk-in's story, before the trainee serves the applicant.
public struct StoryState: Hashable, Sendable {
    public var practice: PracticeScenario
    public init(practice: PracticeScenario) { self.practice = practice }
}

enum StoryScreen {
    static func update(_ s: inout StoryState, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect]? {
        switch key {
        case .function(7):
            desk.message = .info("按 Enter 开始办理；办理中按 F7 可再看来办情形")
            return []
        case .enter:
            var form = CaseFormState.practice(s.practice, env: env)
            desk.formsOpened += 1
            form.draft.token = desk.formsOpened
            desk.screen = .form(form)
            desk.message = .info("练习：按来办情形填写表单并勾选申请人带来的材料（F7 再看来办情形），F10 评分")
            return []
        case .escape, .function(3):
            desk.screen = .decks(DecksState())
            return [.endPractice, .loadDecks]
        default:
            return nil
        }
    }

    static func render(_ s: StoryState, _ desk: DeskState, _ b: inout ScreenBuffer, _ env: DeskEnvironment) {
        let sc = s.practice.scenario
        let region = env.forms.profiles[sc.caseFile.region]?.title ?? sc.caseFile.region
        b.put("\(s.practice.deckTitle) · \(sc.title)", row: 2, col: 1, style: .label, width: b.cols - 2)
        let here = sc.caseFile.here.map { env.forms.divisions.label($0) } ?? ""
        b.put("窗口：\(region) \(here)  办理日期：\(sc.caseFile.today.chinese)", row: 3, col: 1, style: .dim, width: b.cols - 2)
        Frame.rule(&b, row: 4)
        let lines = StoryOverlay(practice: s.practice, env: env).lines(width: b.cols - 4)
        let height = b.rows - 8
        for (i, line) in lines.prefix(height).enumerated() {
            b.put(line, row: 5 + i, col: 2, width: b.cols - 4)
        }
        if lines.count > height {
            b.put("……（开始办理后按 F7 可随时再看全文）", row: 5 + height, col: 2, style: .dim, width: b.cols - 4)
        }
    }

    static let keys = [KeyHint("Enter", "开始办理"), KeyHint("Esc", "返回题组")]
}

/// The walk-in's story with what they hand over: every number the form asks for (names, document numbers, dates,
/// places, counts), so nothing has to be made up. Shown before the case and again with F7 while serving it.
public struct StoryOverlay: Hashable, Sendable {
    public var practice: PracticeScenario
    /// The 证件与信息 lines, taken from the scenario when the overlay is made (the forms name each value).
    public var papers: [String]
    public var scroll = 0

    public init(practice: PracticeScenario, env: DeskEnvironment) {
        self.practice = practice
        papers = StoryOverlay.papers(practice.scenario.caseFile, env: env)
    }

    func lines(width: Int) -> [String] {
        var lines: [String] = []
        // Where a reader breaks a line: a number the trainee must type (an ID, a date's year) is never cut in two.
        for paragraph in practice.scenario.story.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += Wrap.atBreaks(String(paragraph), width: width)
        }
        if !papers.isEmpty {
            lines += ["", "申请人提供的信息："]
            for item in papers { lines += Wrap.atBreaks(item, width: max(1, width - 2)).map { "  " + $0 } }
        }
        return lines
    }

    /// One line per person (name, document and its number, birth date, sex) and per value the form asks to be
    /// typed (dates, places with their names, counts, years, codes); not the yes/no and choice answers, which are
    /// the trainee's to judge from the story.
    static func papers(_ c: CaseFile, env: DeskEnvironment) -> [String] {
        var out: [String] = []
        for (role, party) in [("参保人", c.person), ("监护人", c.guardian), ("代办人", c.agent)] {
            guard let party else { continue }
            var items: [String] = []
            if let name = party.name { items.append(name) }
            if let d = party.document {
                var doc = "\(d.kind.chineseName) \(d.normalizedNumber)"
                if let until = d.validUntil { doc += "（有效期至 \(until)）" }
                items.append(doc)
            }
            if let birth = party.birthDate { items.append("出生 \(birth)") }
            if let sex = party.sex { items.append(sex.chinese) }
            if !items.isEmpty { out.append("\(role)：" + items.joined(separator: "，")) }
        }
        if let year = c.coverageYear { out.append("参保年度：\(year)") }
        let workflow = env.forms.workflows[c.workflow]
        for field in workflow?.allFields ?? [] where field.isFact {
            guard let value = c.facts[field.id], [.date, .place, .int, .year, .month, .text].contains(field.type) else { continue }
            var text = value.description
            if field.type == .place { text = env.forms.divisions.label(text) }
            out.append("\(field.label)：\(text)")
        }
        return out
    }
}

extension CaseFormState {
    /// A practice case: the scenario's counter, region and date; everything else is the trainee's to fill in.
    static func practice(_ p: PracticeScenario, env: DeskEnvironment) -> CaseFormState {
        let sc = p.scenario.caseFile
        let c = CaseFile(workflow: sc.workflow, region: sc.region, today: sc.today, here: sc.here)
        var form = CaseFormState(draft: CaseDraft(caseFile: c), env: env)
        form.practice = p
        return form
    }
}

/// The score card after a practice case.
public struct ScoreCardState: Hashable, Sendable {
    public var practice: PracticeScenario
    public var card: ScoreCard
    public var selection = ListSelection()
    public init(practice: PracticeScenario, card: ScoreCard) {
        self.practice = practice
        self.card = card
    }
}

enum ScoreCardScreen {
    static func update(_ s: inout ScoreCardState, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect]? {
        switch key {
        case .enter:
            desk.message = .info("下一题…")
            return [.startPractice(deckID: s.practice.deckID)]
        case .escape, .function(3):
            desk.screen = .decks(DecksState())
            return [.endPractice, .loadDecks]
        case .function(1):
            let citation = s.selection.index < s.card.mistakes.count ? s.card.mistakes[s.selection.index].citation
                : (s.card.citations.first ?? "")
            guard !citation.isEmpty else { return [] }
            desk.overlay = .article(ArticleState(citation: citation, forms: env.forms))
            return []
        default:
            return s.selection.handle(key, count: s.card.mistakes.count, page: 5) ? [] : nil
        }
    }

    static func render(_ s: ScoreCardState, _ desk: DeskState, _ b: inout ScreenBuffer) {
        let c = s.card
        b.put("评分：\(c.score) 分  \(c.correct ? "全部正确" : "有 \(c.mistakes.count) 处错误")", row: 2, col: 1,
              style: c.correct ? .ok : .warning, width: b.cols - 2)
        b.put("应有结论：\(c.expectedDecision.chinese)    您的结论：\(c.actualDecision.chinese)", row: 3, col: 1, width: b.cols - 2)
        Frame.rule(&b, row: 4, caption: "错误与依据（F1 查看条文）")
        var row = 5
        if c.mistakes.isEmpty { b.put("无", row: row, col: 2, style: .ok) }
        for (i, m) in c.mistakes.enumerated() where row < b.rows - 8 {
            let selected = i == s.selection.index
            if selected { b.fill(row: row, col: 0, width: b.cols, style: .selected) }
            let cite = "（\(m.citation)）"
            let cw = min(DisplayWidth.of(cite), b.cols / 3)
            b.put(m.message, row: row, col: 2, style: selected ? .selected : .error, width: b.cols - cw - 3)
            b.put(cite, row: row, col: b.cols - cw, style: selected ? .selected : .dim, width: cw)
            row += 1
        }
        let top = max(row + 1, b.rows - 8)
        Frame.rule(&b, row: top, caption: "讲解")
        for (i, line) in Wrap.text(c.explanation, width: b.cols - 4).prefix(b.rows - top - 4).enumerated() {
            b.put(line, row: top + 1 + i, col: 2, width: b.cols - 4)
        }
    }

    static let keys = [KeyHint("F1", "条文"), KeyHint("↑↓", "选择"), KeyHint("Enter", "下一题"), KeyHint("Esc", "返回题组")]
}

/// Every trainee's progress, for supervisors.
public struct TraineeProgressState: Hashable, Sendable {
    public var rows: [TraineeProgress]?
    public init() {}
}

enum TraineeProgressScreen {
    static func update(_ s: inout TraineeProgressState, _ key: Key, _ desk: inout DeskState) -> [DeskEffect]? {
        switch key {
        case .function(5): return [.loadTraineeProgress]
        case .escape, .function(3):
            desk.screen = .queue(QueueState())
            return [.loadQueue]
        default: return nil
        }
    }

    static func render(_ s: TraineeProgressState, _ desk: DeskState, _ b: inout ScreenBuffer) {
        b.put("学员练习进度", row: 2, col: 1, style: .label)
        Frame.rule(&b, row: 3)
        b.put(DisplayWidth.pad("学员", to: 12) + DisplayWidth.pad("题组", to: 26) + DisplayWidth.pad("次数", to: 6)
              + DisplayWidth.pad("已练", to: 6) + DisplayWidth.pad("全对", to: 6) + DisplayWidth.pad("平均", to: 6) + "近次得分",
              row: 4, col: 1, style: .dim)
        guard let rows = s.rows else {
            b.put("正在读取…", row: 5, col: 1, style: .dim)
            return
        }
        if rows.isEmpty { b.put("还没有学员练习记录", row: 5, col: 1, style: .dim) }
        for (i, r) in rows.enumerated().prefix(b.rows - 8) {
            let avg = r.averageScore.map { String(format: "%.0f", $0) } ?? "—"
            let recent = r.scores.suffix(5).map(String.init).joined(separator: " ")
            b.put(DisplayWidth.pad(r.trainee, to: 12) + DisplayWidth.pad(r.deckTitle, to: 26) + DisplayWidth.pad("\(r.attempts)", to: 6)
                  + DisplayWidth.pad("\(r.played)", to: 6) + DisplayWidth.pad("\(r.correct)", to: 6) + DisplayWidth.pad(avg, to: 6) + recent,
                  row: 5 + i, col: 1, width: b.cols - 2)
        }
    }

    static let keys = [KeyHint("F5", "刷新"), KeyHint("Esc", "返回")]
}

extension DecksScreen {
    static func receive(_ s: inout DecksState, _ msg: DeskMsg, _ desk: inout DeskState) -> [DeskEffect] {
        switch msg {
        case let .decksLoaded(decks):
            s.decks = decks
            s.selection.clamp(count: decks.count, height: 10)
        default:
            break
        }
        return []
    }
}

extension TraineeProgressScreen {
    static func receive(_ s: inout TraineeProgressState, _ msg: DeskMsg, _ desk: inout DeskState) -> [DeskEffect] {
        switch msg {
        case let .traineeProgressLoaded(rows):
            s.rows = rows
        default:
            break
        }
        return []
    }
}
