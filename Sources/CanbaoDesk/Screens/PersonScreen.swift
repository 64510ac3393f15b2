import CanbaoRules

/// One person: identity, every platform record, hardship marks, and each duplicate enrollment (内蒙古细则 第二十三条)
/// with the relationship to keep, what happens to the others, whether a written commitment is needed and the refund
/// due. The clerk records the person's choice (F4) and carries the resolution out (F10).
public struct PersonState: Hashable, Sendable {
    public var personID: Int64
    public var detail: PersonDetail?
    /// The selected duplicate.
    public var selection = ListSelection()
    /// The record chosen to keep, by duplicate index (the person's choice, residence or employment).
    public var keep: [Int: Int64] = [:]
    /// F10 on a duplicate: what will be kept, ended and refunded is on screen, waiting for Y (and, where the
    /// principle asks for one, the clerk's word that the written commitment was collected).
    public var confirming = false
    public var busy = false
    /// Opened from the search: when the person arrives, the message line says what was found.
    public var announce = false
    /// The search the clerk came from, restored by Esc.
    public var search: PersonSearchState?
    /// Which list the arrows and Enter work on: the person's records with their duplicates (Enter starts a new case, as
    /// before the list of cases), or the person's cases (Enter opens one). Tab moves between them.
    public var focus: Focus = .records
    /// The selected case of `detail.cases`.
    public var caseSelection = ListSelection()
    /// The case just served from this screen, selected (with the focus on the cases) when the person is read again:
    /// a case started here is not yet in the list the screen had.
    public var selectOnReturn: String?
    /// The form was left before the store numbered its case: the number comes with the reply to its last save, before
    /// the person is read again.
    public var numberToCome = false

    public enum Focus: Hashable, Sendable { case records, cases }

    public init(personID: Int64, search: PersonSearchState? = nil, announce: Bool = false) {
        self.personID = personID
        self.search = search
        self.announce = announce
    }

    var selected: DuplicateView? {
        guard let d = detail?.duplicates, selection.index < d.count else { return nil }
        return d[selection.index]
    }

    var selectedCase: CaseSummary? {
        guard let c = detail?.cases, caseSelection.index < c.count else { return nil }
        return c[caseSelection.index]
    }
}

enum PersonScreen {
    static func update(_ s: inout PersonState, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect]? {
        if s.confirming {
            let needsCommitment = s.selected?.retention.needsCommitment ?? false
            switch key {
            case .char("y"), .char("Y"):
                s.confirming = false
                return resolve(&s, &desk, commitment: needsCommitment)
            case .char("n"), .char("N"), .escape:
                s.confirming = false
                desk.message = .info(needsCommitment ? "未办理：须先收取参保人书面承诺书" : "未办理")
                return []
            default:
                desk.message = .error(needsCommitment ? "请按 Y 确认已收取书面承诺书并办理，或按 N 取消" : "请按 Y 确认办理，或按 N 取消")
                return []
            }
        }
        switch key {
        case .escape, .function(3):
            if let search = s.search {
                desk.screen = .search(search)
                return []
            }
            return Desk.goHome(&desk)
        case .tab, .backTab:
            return switchFocus(&s, &desk)
        case .enter where s.focus == .cases:
            return openCase(&s, &desk)
        case .enter, .char("1"):
            guard let detail = s.detail else { return [] }
            var picker = WorkflowPickerState(workflows: WorkflowPickerState.choices(env.forms), person: detail.summary,
                                             today: desk.today)
            picker.returnTo = s
            desk.screen = .picker(picker)
            return []
        case .up, .down, .pageUp, .pageDown, .home, .end:
            if s.focus == .cases { return moveInCases(&s, key, &desk, env) }
            let count = s.detail?.duplicates.count ?? 0
            guard s.selection.handle(key, count: count, page: 4) else {
                desk.message = .info("此人没有重复参保")
                return []
            }
            s.selection.clamp(count: count, height: 3)
            return []
        case .function(1):
            // On a duplicate, its article; anywhere else the screen's keys.
            guard s.focus == .records, let d = s.selected else {
                desk.overlay = .help(HelpState(topic: .person))
                return []
            }
            desk.overlay = .article(ArticleState(citation: d.retention.citation, forms: env.forms))
            return []
        case .function(4):
            return choose(&s, &desk, env)
        case .function(5):
            desk.message = .info("已刷新")
            return [.openPerson(personID: s.personID, keep: s.keep)]
        case .function(10):
            guard let d = s.selected else {
                desk.message = .error("此人没有需要处理的重复参保")
                return []
            }
            guard d.keepRecordID != nil else {
                desk.message = .error("须先确认\(d.retention.missingFacts.map(\.chinese).joined(separator: "、"))：按 F4 选择保留的参保关系")
                return []
            }
            // Nothing ends on one key: what will happen is listed first, and Y carries it out.
            s.confirming = true
            desk.message = .info(d.retention.needsCommitment
                ? "须参保人签署书面承诺书（\(d.retention.citation)）：已收取并确认办理请按 Y，否则按 N"
                : "请核对将保留、终止或暂停的参保关系：确认办理请按 Y，否则按 N")
            return []
        default:
            return nil
        }
    }

    /// F4: the next record the principle allows to keep, as the person says (their choice, residence or job).
    static func choose(_ s: inout PersonState, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect] {
        guard let d = s.selected else {
            desk.message = .error("此人没有重复参保")
            return []
        }
        let candidates = d.candidateIDs
        guard candidates.count > 1 else {
            desk.message = .info("按\(d.retention.principle.chinese)，保留的参保关系已确定，无须选择")
            return []
        }
        let current = s.keep[s.selection.index] ?? d.keepRecordID
        let next = current.flatMap { candidates.firstIndex(of: $0) }.map { candidates[($0 + 1) % candidates.count] } ?? candidates[0]
        s.keep[s.selection.index] = next
        let summary = s.detail?.record(id: next).map { RecordText.line($0, env.forms.divisions) } ?? "#\(next)"
        desk.message = .info("保留 \(summary)：再按 F4 换一条")
        return [.openPerson(personID: s.personID, keep: s.keep)]
    }

    static func resolve(_ s: inout PersonState, _ desk: inout DeskState, commitment: Bool) -> [DeskEffect] {
        s.busy = true
        desk.message = .info("正在办理…")
        return [.resolveDuplicate(personID: s.personID, index: s.selection.index, keep: s.keep, commitment: commitment)]
    }

    // MARK: render

    static func render(_ s: PersonState, _ desk: DeskState, _ b: inout ScreenBuffer, _ env: DeskEnvironment) {
        let divisions = env.forms.divisions
        guard let detail = s.detail else {
            b.put("正在读取…", row: 2, col: 2, style: .dim)
            return
        }
        let p = detail.summary
        // Rows not as the audit log recorded them: the head line says so in the error style (and the message line why).
        let warned = detail.tampered != nil
        b.put((warned ? "！" : "") + headLine(p, width: b.cols - 4 - (warned ? 2 : 0)), row: 2, col: 2,
              style: warned ? .error : .label, width: b.cols - 4)
        var row = 3
        for line in hardshipLines(detail, width: b.cols - 4) {
            b.put(line, row: row, col: 2, style: detail.hardship.isEmpty ? .dim : .normal, width: b.cols - 4)
            row += 1
        }
        let layout = PersonLayout.of(s, detail, env, rows: b.rows, cols: b.cols)

        // Records are cut with a count rather than overflow.
        Frame.rule(&b, row: row, caption: "平台参保记录（\(p.records.count)）")
        row += 1
        if p.records.isEmpty { b.put("（无）", row: row, col: 2, style: .dim) }
        let involved = Set(s.selected?.recordIDs ?? [])
        let shown = p.records.count > layout.records ? layout.records - 1 : p.records.count
        for (i, r) in p.records.prefix(shown).enumerated() {
            let id = detail.recordIDs[i]
            let mark = id == s.selected?.keepRecordID ? "保留 " : (involved.contains(id) ? "重复 " : "     ")
            b.put(DisplayWidth.pad("#\(id)", to: 8) + mark + RecordText.line(r, divisions), row: row + i, col: 2,
                  style: involved.contains(id) ? .warning : .normal, width: b.cols - 4)
        }
        if shown < p.records.count {
            b.put("……另有 \(p.records.count - shown) 条", row: row + shown, col: 2, style: .dim)
        }
        row += layout.records

        Frame.rule(&b, row: row, caption: "重复参保（\(detail.duplicates.count)）")
        row += 1
        renderDuplicates(s, detail, &b, env, row: row, height: layout.duplicates)
        row += layout.duplicates

        renderCases(s, detail, desk, &b, row: row, height: layout.cases)
        if s.confirming, let d = s.selected { renderConfirmation(d, detail, &b, divisions) }
    }

    /// `name  居民身份证 150602195101262933  出生 1951-01-26  男`: a long name gives way to the document number, which
    /// is never cut; birth and sex follow where they fit.
    static func headLine(_ p: PersonSummary, width: Int) -> String {
        let document = "\(p.document.kind.chineseName) \(p.document.normalizedNumber)"
        let nameWidth = max(2, width - DisplayWidth.of(document) - 2)
        var head = DisplayWidth.truncate(p.name, to: nameWidth) + "  " + document
        for extra in [p.birthDate.map { "  出生 \($0)" }, p.sex.map { "  \($0.chinese)" }].compactMap({ $0 }) {
            guard DisplayWidth.of(head + extra) <= width else { break }
            head += extra
        }
        return head
    }

    /// The hardship statuses: several may need two lines; more is cut (the applied one comes first from the store).
    static func hardshipLines(_ detail: PersonDetail, width: Int) -> [String] {
        let hardship = detail.hardship.isEmpty ? "无" : detail.hardship.map { h in
            var text = "\(h.name)（\(h.department)"
            if let place = h.certifiedPlace { text += "，认定地 \(place)" }
            if let date = h.certifiedDate { text += "，\(date) 认定" }
            return text + "）" + (h.applied ? "［按此资助］" : "")
        }.joined(separator: "；")
        return Array(Wrap.text("困难身份：" + hardship, width: width).prefix(2))
    }

    /// The duplicates (three at a time) and what the selected one comes to, in `height` rows below their rule.
    static func renderDuplicates(_ s: PersonState, _ detail: PersonDetail, _ b: inout ScreenBuffer, _ env: DeskEnvironment,
                                 row top: Int, height: Int) {
        var row = top
        guard s.selected != nil else {
            b.put("未发现重复参保（内蒙古细则 第二十三条）", row: row, col: 2, style: .dim, width: b.cols - 4)
            return
        }
        var sel = s.selection
        sel.clamp(count: detail.duplicates.count, height: 3)
        let focused = s.focus == .records
        for (i, dup) in detail.duplicates.enumerated().dropFirst(sel.top).prefix(3) {
            // The selection stands out only while the arrows move it; F4 and F10 still work on it from the cases.
            let selected = i == sel.index && focused
            if selected {
                b.fill(row: row, col: 2, width: b.cols - 4, style: .selected)
                Frame.focusMark(&b, row: row, col: 1, focused: true)
            }
            let year = dup.duplicate.year.map { " \($0) 年度" } ?? ""
            b.put("\(i + 1) \(dup.duplicate.rule.chinese)\(year)（\(dup.duplicate.citation)）", row: row, col: 2,
                  style: selected ? .selected : .normal, width: b.cols - 4)
            row += 1
        }
        // Wrapped to the width; what does not fit is cut with a mark.
        let width = b.cols - 4
        var wrapped = duplicateLines(s, detail, env.forms.divisions, width: width)
        let room = top + height - row
        if wrapped.count > room, room > 0 {
            wrapped = Array(wrapped.prefix(room))
            wrapped[room - 1].0 = DisplayWidth.truncate(wrapped[room - 1].0, to: width - 2) + "…"
        }
        for (text, style) in wrapped.prefix(max(0, room)) {
            b.put(text, row: row, col: 2, style: style, width: width)
            row += 1
        }
    }

    /// What the selected duplicate comes to, wrapped to `width`: the principle, what is kept, ended and refunded.
    static func duplicateLines(_ s: PersonState, _ detail: PersonDetail, _ divisions: Divisions, width: Int) -> [(String, CellStyle)] {
        guard let d = s.selected else { return [] }
        let r = d.retention
        var lines: [(String, CellStyle)] = [(d.duplicate.message, .normal), ("保留原则：\(r.principle.chinese)（\(r.citation)）", .normal)]
        if let keep = d.keepRecordID {
            lines.append(("保留：" + (detail.record(id: keep).map { "#\(keep) \(RecordText.line($0, divisions))" } ?? "#\(keep)"), .ok))
        } else {
            lines.append(("待确认：\(r.missingFacts.map(\.chinese).joined(separator: "、"))（F4 选择保留的参保关系）", .warning))
        }
        for a in r.actions {
            let verb = a.action == .terminate ? "终止" : "暂停"
            let id = detail.recordIDs.indices.contains(a.record) ? "#\(detail.recordIDs[a.record])" : ""
            var text = "\(verb) \(id)（\(a.citation)）"
            if let refund = a.refund {
                text += "；退费 \(refund.from)至\(refund.to)（\(refund.citation)）"
            } else if let note = a.refundNote {
                text += "；\(note)"
            }
            lines.append((text, .normal))
        }
        if r.needsCommitment { lines.append(("须本人签署书面承诺书后办理", .warning)) }
        if d.refundCases > 0 { lines.append(("办理后生成退费草稿案件 \(d.refundCases) 件", .normal)) }
        lines += r.notes.map { ($0, .dim) }
        return lines.flatMap { line, style in Wrap.text(line, width: width).map { ($0, style) } }
    }

    /// The box over the screen before F10 carries a resolution out: every record by what will become of it, the
    /// refunds to open, the commitment to collect.
    static func renderConfirmation(_ d: DuplicateView, _ detail: PersonDetail, _ b: inout ScreenBuffer, _ divisions: Divisions) {
        let r = d.retention
        func record(_ id: Int64) -> String { detail.record(id: id).map { "#\(id) \(RecordText.line($0, divisions))" } ?? "#\(id)" }
        var lines: [(String, CellStyle)] = []
        if let keep = d.keepRecordID { lines.append(("保留：\(record(keep))", .ok)) }
        for a in r.actions {
            let id = detail.recordIDs.indices.contains(a.record) ? detail.recordIDs[a.record] : -1
            lines.append(("\(a.action == .terminate ? "终止" : "暂停")：\(record(id))（\(a.citation)）", .error))
        }
        lines.append(("依据：\(r.principle.chinese)（\(r.citation)）", .normal))
        if d.refundCases > 0 { lines.append(("办理后开立退费草稿案件 \(d.refundCases) 件（国家规程 第十六条）", .normal)) }
        lines.append(("办理后生成案件编号，打印《重复参保处理告知书》，计入当日统计", .dim))
        if r.needsCommitment { lines.append(("须参保人签署书面承诺书：已收取？", .warning)) }
        let width = b.cols - 6
        let wrapped = lines.flatMap { text, style in Wrap.text(text, width: width - 2).map { ($0, style) } }
        let height = min(wrapped.count, b.rows - 8)
        let top = max(2, b.rows - 4 - height - 2)
        // The box's rows are cleared edge to edge: the lists behind it (a rule, the cases) do not show at its sides.
        for row in top...(top + 1 + height) { b.fill(row: row, style: .normal) }
        b.fill(row: top, col: 3, width: width, style: .title)
        b.put(" 确认办理重复参保处理（此操作将终止或暂停参保关系，不可撤销）", row: top, col: 3, style: .title, width: width)
        for (i, line) in wrapped.prefix(height).enumerated() {
            b.fill(row: top + 1 + i, col: 3, width: width, style: .input)
            b.put(line.0, row: top + 1 + i, col: 4, style: line.1 == .normal ? .input : line.1, width: width - 2)
        }
        b.fill(row: top + 1 + height, col: 3, width: width, style: .input)
        b.put(r.needsCommitment ? " Y 已收取承诺书并办理    N 取消" : " Y 确认办理    N 取消", row: top + 1 + height, col: 3,
              style: .focused, width: width)
    }

    static func keys(_ s: PersonState) -> [KeyHint] {
        if s.confirming {
            return s.selected?.retention.needsCommitment == true ? [KeyHint("Y", "已收取承诺书并办理"), KeyHint("N", "取消")]
                : [KeyHint("Y", "确认办理"), KeyHint("N", "取消")]
        }
        let duplicates = s.detail?.duplicates.isEmpty == false
        if s.focus == .cases {
            var keys = [KeyHint("Enter", "打开办件"), KeyHint("↑↓", "选择"), KeyHint("Tab", "参保记录"), KeyHint("1", "新建业务")]
            if duplicates { keys += [KeyHint("F10", "办理重复")] }
            return keys + [KeyHint("F1", "帮助"), KeyHint("F5", "刷新"), KeyHint("Esc", "返回")]
        }
        var keys = [KeyHint("Enter", "为此人新建业务"), KeyHint("Tab", "办件")]
        if duplicates {
            keys += [KeyHint("↑↓", "选择"), KeyHint("F4", "选择保留"), KeyHint("F10", "办理"), KeyHint("F1", "条文")]
        } else {
            keys += [KeyHint("F1", "帮助")]
        }
        return keys + [KeyHint("F5", "刷新"), KeyHint("Esc", "返回")]
    }
}

extension PersonScreen {
    static func receive(_ s: inout PersonState, _ msg: DeskMsg, _ desk: inout DeskState) -> [DeskEffect] {
        switch msg {
        case let .personLoaded(detail) where detail.personID == s.personID:
            let selected = s.selectOnReturn ?? s.selectedCase?.number
            s.detail = detail
            s.busy = false
            s.selection.clamp(count: detail.duplicates.count, height: 3)
            // The list may have changed meanwhile (a case served since moves to the top, another counter's case comes
            // in): the selection follows the case, or stays in the list when it is gone.
            if let selected, let i = detail.cases.firstIndex(where: { $0.number == selected }) {
                s.caseSelection.index = i
                if s.selectOnReturn != nil { s.focus = .cases }
            } else {
                s.caseSelection.index = min(s.caseSelection.index, max(0, detail.cases.count - 1))
            }
            s.selectOnReturn = nil
            s.numberToCome = false
            if let tampered = detail.tampered {
                s.announce = false
                desk.message = .error(tampered)
            } else if s.announce {
                s.announce = false
                desk.message = .info(detail.duplicates.isEmpty ? "\(detail.summary.name)：未发现重复参保，Enter 为此人新建业务"
                    : "\(detail.summary.name)：重复参保 \(detail.duplicates.count) 项，F4 选择保留的参保关系，F10 办理")
            }
        case let .duplicateResolved(result, message, detail) where detail.personID == s.personID:
            s.detail = detail
            s.busy = false
            s.keep = [:]
            s.selection = ListSelection()
            var done = ResultState(result: result, applicant: detail.summary.name, workflowTitle: "重复参保处理")
            done.returnTo = s
            desk.screen = .result(done)
            desk.message = .success(message)
        case let .draftSaved(number, _) where s.numberToCome:
            s.selectOnReturn = number
        case .storeChanged where !s.busy && !s.confirming:
            return [.openPerson(personID: s.personID, keep: s.keep)]
        case .failed:
            s.busy = false
            s.announce = false
        default:
            break
        }
        return []
    }
}
