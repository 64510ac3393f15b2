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
    /// F10 on a duplicate that needs a written commitment: waiting for the clerk to confirm it was signed.
    public var confirmingCommitment = false
    public var busy = false
    /// Opened from the search: when the person arrives, the message line says what was found.
    public var announce = false
    /// The search the clerk came from, restored by Esc.
    public var search: PersonSearchState?

    public init(personID: Int64, search: PersonSearchState? = nil, announce: Bool = false) {
        self.personID = personID
        self.search = search
        self.announce = announce
    }

    var selected: DuplicateView? {
        guard let d = detail?.duplicates, selection.index < d.count else { return nil }
        return d[selection.index]
    }
}

enum PersonScreen {
    static func update(_ s: inout PersonState, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect]? {
        if s.confirmingCommitment {
            switch key {
            case .char("y"), .char("Y"):
                s.confirmingCommitment = false
                return resolve(&s, &desk, commitment: true)
            case .char("n"), .char("N"), .escape:
                s.confirmingCommitment = false
                desk.message = .info("未办理：须先收取参保人书面承诺书")
                return []
            default:
                desk.message = .error("请按 Y 确认已收取书面承诺书，或按 N 取消")
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
        case .enter, .char("1"):
            guard let detail = s.detail else { return [] }
            desk.screen = .picker(WorkflowPickerState(workflows: WorkflowPickerState.choices(env.forms), person: detail.summary))
            return []
        case .up, .down, .pageUp, .pageDown, .home, .end:
            let count = s.detail?.duplicates.count ?? 0
            guard s.selection.handle(key, count: count, page: 4) else {
                desk.message = .info("此人没有重复参保")
                return []
            }
            s.selection.clamp(count: count, height: 3)
            return []
        case .function(1):
            guard let d = s.selected else {
                desk.overlay = .help(HelpState(topic: .general))
                return []
            }
            desk.overlay = .article(ArticleState(citation: d.retention.citation, forms: env.forms))
            return []
        case .function(4):
            return choose(&s, &desk)
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
            if d.retention.needsCommitment {
                s.confirmingCommitment = true
                desk.message = .info("须参保人签署书面承诺书（内蒙古细则 第二十四条）：已收取请按 Y，未收取按 N")
                return []
            }
            return resolve(&s, &desk, commitment: false)
        default:
            return nil
        }
    }

    /// F4: the next record the principle allows to keep, as the person says (their choice, residence or job).
    static func choose(_ s: inout PersonState, _ desk: inout DeskState) -> [DeskEffect] {
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
        let summary = s.detail?.record(id: next)?.summary ?? "#\(next)"
        desk.message = .info("保留 \(summary)：再按 F4 换一条")
        return [.openPerson(personID: s.personID, keep: s.keep)]
    }

    static func resolve(_ s: inout PersonState, _ desk: inout DeskState, commitment: Bool) -> [DeskEffect] {
        s.busy = true
        desk.message = .info("正在办理…")
        return [.resolveDuplicate(personID: s.personID, index: s.selection.index, keep: s.keep, commitment: commitment)]
    }

    // MARK: render

    static func render(_ s: PersonState, _ desk: DeskState, _ b: inout ScreenBuffer) {
        guard let detail = s.detail else {
            b.put("正在读取…", row: 2, col: 2, style: .dim)
            return
        }
        let p = detail.summary
        var head = "\(p.name)  \(p.document.kind.chineseName) \(p.document.normalizedNumber)"
        if let birth = p.birthDate { head += "  出生 \(birth)" }
        if let sex = p.sex { head += "  \(sex.chinese)" }
        b.put(head, row: 2, col: 2, style: .label, width: b.cols - 4)
        let hardship = detail.hardship.isEmpty ? "无" : detail.hardship.map { h in
            var text = "\(h.name)（\(h.department)"
            if let place = h.certifiedPlace { text += "，认定地 \(place)" }
            if let date = h.certifiedDate { text += "，\(date) 认定" }
            return text + "）" + (h.applied ? "［按此资助］" : "")
        }.joined(separator: "；")
        // Several statuses may need two lines; more is cut (the applied one comes first from the store).
        var row = 3
        for line in Wrap.text("困难身份：" + hardship, width: b.cols - 4).prefix(2) {
            b.put(line, row: row, col: 2, style: detail.hardship.isEmpty ? .dim : .normal, width: b.cols - 4)
            row += 1
        }

        // Records take what the duplicates leave; both are cut with a count rather than overflow.
        let bottom = b.rows - 3
        let duplicateRows = detail.duplicates.isEmpty ? 1 : min(detail.duplicates.count, 3) + 5
        let recordRows = max(1, bottom - row - 1 - duplicateRows - 1)
        Frame.rule(&b, row: row, caption: "平台参保记录（\(p.records.count)）")
        row += 1
        if p.records.isEmpty { b.put("（无）", row: row, col: 2, style: .dim); row += 1 }
        let involved = Set(s.selected?.recordIDs ?? [])
        let shown = p.records.count > recordRows ? recordRows - 1 : p.records.count
        for (i, r) in p.records.prefix(shown).enumerated() {
            let id = detail.recordIDs[i]
            let mark = id == s.selected?.keepRecordID ? "保留 " : (involved.contains(id) ? "重复 " : "     ")
            b.put(DisplayWidth.pad("#\(id)", to: 8) + mark + r.summary, row: row, col: 2,
                  style: involved.contains(id) ? .warning : .normal, width: b.cols - 4)
            row += 1
        }
        if shown < p.records.count {
            b.put("……另有 \(p.records.count - shown) 条", row: row, col: 2, style: .dim)
            row += 1
        }

        Frame.rule(&b, row: row, caption: "重复参保（\(detail.duplicates.count)）")
        row += 1
        guard let d = s.selected else {
            b.put("未发现重复参保（内蒙古细则 第二十三条）", row: row, col: 2, style: .dim, width: b.cols - 4)
            return
        }
        var sel = s.selection
        sel.clamp(count: detail.duplicates.count, height: 3)
        for (i, dup) in detail.duplicates.enumerated().dropFirst(sel.top).prefix(3) {
            let style: CellStyle = i == sel.index ? .selected : .normal
            if i == sel.index { b.fill(row: row, col: 2, width: b.cols - 4, style: .selected) }
            let year = dup.duplicate.year.map { " \($0) 年度" } ?? ""
            b.put("\(i + 1) \(dup.duplicate.rule.chinese)\(year)（\(dup.duplicate.citation)）", row: row, col: 2, style: style,
                  width: b.cols - 4)
            row += 1
        }
        let r = d.retention
        var lines: [(String, CellStyle)] = [(d.duplicate.message, .normal), ("保留原则：\(r.principle.chinese)（\(r.citation)）", .normal)]
        if let keep = d.keepRecordID {
            lines.append(("保留：" + (detail.record(id: keep).map { "#\(keep) \($0.summary)" } ?? "#\(keep)"), .ok))
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
        // Wrapped to the width; what does not fit above the message line is cut with a mark.
        let width = b.cols - 4
        var wrapped = lines.flatMap { line, style in Wrap.text(line, width: width).map { ($0, style) } }
        let room = bottom - row - (s.confirmingCommitment ? 1 : 0)
        if wrapped.count > room, room > 0 {
            wrapped = Array(wrapped.prefix(room))
            wrapped[room - 1].0 = DisplayWidth.truncate(wrapped[room - 1].0, to: width - 2) + "…"
        }
        for (text, style) in wrapped.prefix(max(0, room)) {
            b.put(text, row: row, col: 2, style: style, width: width)
            row += 1
        }
        if s.confirmingCommitment {
            b.put("已收取参保人书面承诺书？ Y 是 / N 否", row: bottom, col: 2, style: .focused, width: b.cols - 4)
        }
    }

    static func keys(_ s: PersonState) -> [KeyHint] {
        if s.confirmingCommitment { return [KeyHint("Y", "已收取承诺书"), KeyHint("N", "取消")] }
        var keys = [KeyHint("Enter", "为此人新建业务")]
        if s.detail?.duplicates.isEmpty == false {
            keys += [KeyHint("↑↓", "选择"), KeyHint("F4", "选择保留"), KeyHint("F10", "办理"), KeyHint("F1", "条文")]
        }
        return keys + [KeyHint("F5", "刷新"), KeyHint("Esc", "返回")]
    }
}

extension PersonScreen {
    static func receive(_ s: inout PersonState, _ msg: DeskMsg, _ desk: inout DeskState) -> [DeskEffect] {
        switch msg {
        case let .personLoaded(detail) where detail.personID == s.personID:
            s.detail = detail
            s.busy = false
            s.selection.clamp(count: detail.duplicates.count, height: 3)
            if s.announce {
                s.announce = false
                desk.message = .info(detail.duplicates.isEmpty ? "\(detail.summary.name)：未发现重复参保，Enter 为此人新建业务"
                    : "\(detail.summary.name)：重复参保 \(detail.duplicates.count) 项，F4 选择保留的参保关系，F10 办理")
            }
        case let .duplicateResolved(message, detail) where detail.personID == s.personID:
            s.detail = detail
            s.busy = false
            s.keep = [:]
            s.selection = ListSelection()
            desk.message = .success(message)
        case .failed:
            s.busy = false
            s.announce = false
        default:
            break
        }
        return []
    }
}
