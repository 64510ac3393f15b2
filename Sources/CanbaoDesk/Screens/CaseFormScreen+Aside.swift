import CanbaoRules

/// The form's F4 place search and its F8 void / withdraw, each a small box over the form.
extension CaseFormScreen {
    // MARK: places (GB/T 2260)

    static func openPlaceSearch(_ f: FormField, _ s: inout CaseFormState, _ desk: inout DeskState, _ env: DeskEnvironment) {
        guard !env.forms.divisions.isEmpty else {
            desk.message = .info("未载入行政区划代码表（Forms/divisions/）：请直接录入 6 位代码")
            return
        }
        // Opens on the counter's own prefecture: its counties are what a clerk picks most.
        var search = CaseFormState.PlaceSearch(fieldID: f.id, results: [])
        searchPlaces(&search, env, around: env.counter.place)
        if let code = CasePath.value(f.id, in: s.caseFile), let i = search.results.firstIndex(where: { $0.code == code }) {
            search.selection.index = i
        }
        s.placeSearch = search
        desk.message = .info("输入地名或代码查找（如 东胜、1506），↑↓ 选择，Enter 确定")
    }

    /// The results for the query; an empty query lists the prefecture of `around` and its counties.
    static func searchPlaces(_ search: inout CaseFormState.PlaceSearch, _ env: DeskEnvironment, around: String? = nil) {
        let query = search.query.text
        let divisions = env.forms.divisions
        if query.trimmed(.whitespaces).isEmpty {
            let prefecture = String((around ?? env.counter.place).prefix(4))
            search.results = divisions.search(prefecture, limit: 200)
        } else {
            search.results = divisions.search(query, limit: 200)
        }
        search.selection = ListSelection()
    }

    static func placeSearchKey(_ s: inout CaseFormState, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect]? {
        guard var search = s.placeSearch, let f = s.field(search.fieldID, env) else {
            s.placeSearch = nil
            return []
        }
        switch key {
        case .escape, .function(3):
            s.placeSearch = nil
            desk.message = .info("已取消查找")
            return []
        case .enter:
            guard search.selection.index < search.results.count else {
                desk.message = .error("没有找到“\(search.query.text)”：换个地名或代码再试")
                return []
            }
            let chosen = search.results[search.selection.index]
            s.placeSearch = nil
            let before = s.caseFile
            _ = FieldBinding.store(f, .text(chosen.code), &s.draft.caseFile)
            s.notes[f.id] = nil
            s.input = TextInput(chosen.code, maxLength: s.input.maxLength)
            s.evaluate(env)
            desk.message = .info("\(f.label)：\(env.forms.divisions.label(chosen.code))")
            return s.caseFile == before ? [] : [s.save(completing: f.id)]
        case .up, .down, .pageUp, .pageDown:
            _ = search.selection.handle(key, count: search.results.count, page: 8, wrap: true)
            s.placeSearch = search
            return []
        default:
            let outcome = search.query.edit(key, &desk, label: "地区搜索")
            if outcome == .ignored { return nil }
            if outcome != .moved { searchPlaces(&search, env) }
            s.placeSearch = search
            if search.results.isEmpty { desk.message = .info("没有名称或代码含“\(search.query.text)”的现行行政区划") }
            return []
        }
    }

    static func renderPlaceSearch(_ p: CaseFormState.PlaceSearch, _ s: CaseFormState, _ L: Layout, _ b: inout ScreenBuffer,
                                  _ env: DeskEnvironment) {
        let x = 4
        let width = min(b.cols - 8, 60)
        let top = L.fieldsTop
        let height = max(3, L.findingsBottom - top - 3)
        b.fill(row: top, col: x, width: width, style: .title)
        b.put(" 查找地点：\(s.field(p.fieldID, env)?.label ?? "")（GB/T 2260）", row: top, col: x, style: .title, width: width)
        b.fill(row: top + 1, col: x, width: width, style: .input)
        let label = "地名或代码 "
        b.put(label, row: top + 1, col: x + 1, style: .label)
        let qx = x + 1 + DisplayWidth.of(label)
        let shown = p.query.visible(width: width - (qx - x) - 1)
        b.put(shown.text, row: top + 1, col: qx, style: .focused, width: width - (qx - x) - 1)
        b.cursor = (top + 1, qx + shown.cursorColumn)
        var sel = p.selection
        sel.clamp(count: p.results.count, height: height)
        for row in 0..<height {
            b.fill(row: top + 2 + row, col: x, width: width, style: .input)
        }
        if p.results.isEmpty {
            b.put(" 无匹配的地点", row: top + 2, col: x, style: .dim, width: width)
        }
        for (i, d) in p.results.enumerated().dropFirst(sel.top).prefix(height) {
            let row = top + 2 + i - sel.top
            let style: CellStyle = i == sel.index ? .selected : .input
            b.fill(row: row, col: x, width: width, style: style)
            let name = env.forms.divisions.name(d.code) ?? d.name
            b.put(" \(d.code) \(name)（\(d.type)）", row: row, col: x, style: style, width: width)
        }
        b.fill(row: top + 2 + height, col: x, width: width, style: .input)
        let count = p.results.count >= 200 ? "200+" : "\(p.results.count)"
        b.put(" 共 \(count) 处  ↑↓ 选择  Enter 确定  Esc 取消", row: top + 2 + height, col: x, style: .dim, width: width)
    }

    // MARK: void / withdraw

    /// F8: a draft may be voided, a case not yet decided withdrawn; both ask for the reason first, so nothing
    /// is set aside on one key.
    static func openSetAside(_ s: inout CaseFormState, _ desk: inout DeskState) -> [DeskEffect] {
        guard s.practice == nil else {
            desk.message = .error("练习中不能作废或撤回：按 Esc 放弃本题")
            return []
        }
        if s.draft.status.mayBeVoided {
            s.setAside = CaseFormState.SetAside(withdraw: false)
            desk.message = .info("作废本草稿：请写明理由，Enter 确认，Esc 取消")
        } else if s.draft.status.mayBeWithdrawn {
            s.setAside = CaseFormState.SetAside(withdraw: true)
            desk.message = .info("撤回本案（申请人不再办理）：请写明理由，Enter 确认，Esc 取消")
        } else {
            desk.message = .error("案件当前为“\(s.draft.status.chinese)”，不能作废或撤回")
        }
        return []
    }

    static func setAsideKey(_ s: inout CaseFormState, _ key: Key, _ desk: inout DeskState) -> [DeskEffect]? {
        guard var aside = s.setAside else { return [] }
        let what = aside.withdraw ? "撤回" : "作废"
        switch ReasonPrompt.key(&aside.reason, key, what: what, &desk) {
        case .ignored:
            return nil
        case .editing:
            s.setAside = aside
            return []
        case .cancelled:
            s.setAside = nil
            return []
        case let .confirmed(reason):
            s.setAside = nil
            s.submitting = true
            desk.message = .info("正在\(what)…")
            if aside.withdraw, let number = s.draft.number {
                return [.setAside(number: number, version: s.draft.version, reason: reason, withdraw: true)]
            }
            return [.voidDraft(s.draft, reason: reason)]
        }
    }

    static func renderSetAside(_ aside: CaseFormState.SetAside, _ s: CaseFormState, _ L: Layout, _ b: inout ScreenBuffer) {
        let title = aside.withdraw
            ? " 撤回案件 \(s.draft.number ?? "")：申请人不再办理，请写明理由（记入审计）"
            : " 作废草稿 \(s.draft.number ?? "（未编号）")：误建或不再办理，请写明理由（记入审计）"
        ReasonPrompt.render(title: title, keys: " Enter 确认\(aside.withdraw ? "撤回" : "作废")（案件保留，不可再修改）  Esc 取消",
                            reason: aside.reason, row: L.ruleRow - 3, &b)
    }
}
