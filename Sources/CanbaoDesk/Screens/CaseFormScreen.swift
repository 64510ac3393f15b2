import CanbaoRules

/// The case screen: fields of the current step on the left, platform records and the documents checklist on the
/// right, every finding with its citation below, the complete missing list and the live decision always visible.
enum CaseFormScreen {
    // MARK: update

    static func update(_ s: inout CaseFormState, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect]? {
        if s.submitting { return [] }
        if s.justification != nil { return justification(&s, key, &desk) }
        if s.setAside != nil { return setAsideKey(&s, key, &desk) }
        if s.placeSearch != nil { return placeSearchKey(&s, key, &desk, env) }
        if s.chooser != nil { return chooser(&s, key, &desk, env) }
        let confirmed = s.confirmKey == key
        s.confirmKey = nil

        switch key {
        case .function(1):
            return help(&s, &desk, env)
        case .function(2):
            var effects = commit(&s, &desk, env)
            if !effects.contains(where: { if case .saveDraft = $0 { return true } else { return false } }) {
                effects.append(.saveDraft(s.draft))
            }
            desk.message = .info("正在保存草稿…")
            s.savingDraft = true
            return effects
        case .function(3):
            let effects = commit(&s, &desk, env)
            guard let step = previousStep(s, env) else {
                return effects + [.saveDraft(s.draft)] + leave(s, &desk, saying: "草稿已保存")
            }
            if holdsUnreadValue(s) { return effects }
            enter(step: step, &s, env, last: false)
            return effects
        case .function(4):
            return openChooser(&s, &desk, env)
        case .function(5):
            let effects = commit(&s, &desk, env)
            s.showRequired = true
            s.evaluate(env)
            desk.message = .info(summary(s))
            if !s.shownFindings.isEmpty {
                s.focus = .findings
                s.findingSelection = ListSelection()
            }
            return effects
        case .function(6):
            // The documents checklist first: what the applicant brought is ticked far more often than findings read.
            let effects = commit(&s, &desk, env)
            if holdsUnreadValue(s) { return effects }
            switch s.focus {
            case .field: s.focus = .documents
            case .documents: s.focus = .findings
            case .findings:
                if let f = s.visibleFields(step: s.draft.stepIndex, env).first { s.focusField(f, env) }
            }
            return effects
        case .function(7):
            guard let practice = s.practice else { return reprint(&s, &desk) }
            desk.overlay = .story(StoryOverlay(practice: practice, env: env))
            return []
        case .function(8):
            return openSetAside(&s, &desk)
        case .function(10):
            return submit(&s, &desk, env, confirmed: confirmed)
        case .escape:
            if s.practice != nil {
                guard confirmed else {
                    s.confirmKey = .escape
                    desk.message = .info("再按 Esc 放弃本题（不计分），按其他键继续作答")
                    return []
                }
                desk.screen = .decks(DecksState())
                desk.message = .info("已放弃本题")
                return [.endPractice, .loadDecks]
            }
            let effects = commit(&s, &desk, env)
            return effects + [.saveDraft(s.draft)] + leave(s, &desk, saying: "草稿已保存")
        default:
            break
        }
        switch s.focus {
        case let .field(id):
            guard let f = s.field(id, env) else { return nil }
            return fieldKey(&s, f, key, &desk, env)
        case .findings:
            let count = s.shownFindings.count
            if key == .enter { return help(&s, &desk, env) }
            guard s.findingSelection.handle(key, count: count, page: 5) else { return nil }
            if s.findingSelection.index < count {
                let f = s.shownFindings[s.findingSelection.index]
                desk.message = .info("\(f.message)（\(f.citation)）")
            }
            return []
        case .documents:
            let rows = s.checklist(env)
            if key == .char(" ") || key == .enter {
                guard s.documentSelection.index < rows.count else { return [] }
                toggle(rows[s.documentSelection.index], &s, &desk, env)
                return [.saveDraft(s.draft)]
            }
            return s.documentSelection.handle(key, count: rows.count, page: 5) ? [] : nil
        }
    }

    /// Back where the form was opened from: the person's screen (read again, as the case's status may have changed;
    /// the selection stays on the case), else home. The message says where, then `note`.
    static func leave(_ s: CaseFormState, _ desk: inout DeskState, saying note: String) -> [DeskEffect] {
        guard var person = s.returnTo else {
            desk.screen = .home(HomeState())
            desk.message = .info("已返回首页，\(note)")
            return [.loadHome]
        }
        person.selectOnReturn = s.draft.number
        person.numberToCome = s.draft.number == nil
        desk.screen = .person(person)
        desk.message = .info("已返回参保人 \(person.detail?.summary.name ?? "")，\(note)")
        return [.openPerson(personID: person.personID, keep: person.keep)]
    }

    /// Keys while a field has the focus: moving, choosing, typing. A value that cannot be read (a date that does not
    /// exist) keeps the focus and the text typed, with the message saying why: moving on lost the text.
    static func fieldKey(_ s: inout CaseFormState, _ f: FormField, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect]? {
        switch key {
        case .tab, .enter, .down:
            let before = s.draft.fieldID
            let effects = commit(&s, &desk, env)
            if holdsUnreadValue(s) { return effects }
            move(&s, by: 1, &desk, env)
            return savingPosition(effects, s, movedFrom: before, forward: true)
        case .backTab, .up:
            let before = s.draft.fieldID
            let effects = commit(&s, &desk, env)
            if holdsUnreadValue(s) { return effects }
            move(&s, by: -1, &desk, env)
            return savingPosition(effects, s, movedFrom: before, forward: false)
        case .pageDown:
            let effects = commit(&s, &desk, env)
            if holdsUnreadValue(s) { return effects }
            if let next = nextStep(s, env) { enter(step: next, &s, env, last: false) } else { desk.message = .info("已是最后一步：按 F10 提交") }
            return effects
        case .pageUp:
            let effects = commit(&s, &desk, env)
            if holdsUnreadValue(s) { return effects }
            if let prev = previousStep(s, env) { enter(step: prev, &s, env, last: false) }
            return effects
        default:
            break
        }
        if FieldBinding.isDerived(f, s.caseFile) {
            switch key {
            case .char, .backspace, .delete, .ctrl("u"):
                desk.message = .error("\(f.label)已按证件号码填写，无需录入；如有误请核对证件号码")
                return []
            default:
                break
            }
        }
        if f.type == .document, case let .char(c) = key {
            let kind = FieldBinding.kind(f, s.caseFile)
            guard let accepted = DocumentEntry.accept(c, kind: kind) else {
                if c.isWhitespace { return [] }
                desk.message = .error("\(kind.chineseName)号码只能录入\(DocumentEntry.allowed(kind))：“\(c)”未录入")
                return []
            }
            if case let .truncated(dropped) = s.input.handle(.char(accepted)) {
                desk.message = .error("\(kind.chineseName)号码最多 \(s.input.maxLength) 位，多出的 \(dropped) 个未录入")
            }
            return []
        }
        if f.type == .place, case let .char(c) = key, PlaceEntry.room(current: s.input.text, incoming: String(c)) == 0 {
            desk.message = .error(PlaceEntry.tooLong(f.label, dropped: 1))
            return []
        }
        if FieldBinding.isChoice(f) {
            let options = FieldBinding.options(f)
            let current = CasePath.value(f.id, in: s.caseFile)
            var chosen: Choice?
            switch key {
            case .char(" "):
                let i = options.firstIndex { $0.value == current }.map { ($0 + 1) % options.count } ?? 0
                chosen = options[i]
            case .char("y") where f.type == .bool, .char("Y") where f.type == .bool: chosen = options[0]
            case .char("n") where f.type == .bool, .char("N") where f.type == .bool: chosen = options[1]
            case let .char(c) where c.isNumber:
                if let n = Int(String(c)), n >= 1, n <= options.count { chosen = options[n - 1] }
            case .backspace, .delete:
                return choose(nil, f, &s, &desk, env)
            default:
                break
            }
            guard let chosen else {
                desk.message = .info("\(f.label)：按空格切换，或按 F4 从列表选择")
                return []
            }
            return choose(chosen, f, &s, &desk, env)
        }
        switch s.input.handle(key) {
        case .ignored: return nil
        case let .truncated(dropped):
            desk.message = .error("\(f.label)最多 \(s.input.maxLength) 个字符，多出的 \(dropped) 个未录入")
            return []
        default: return []
        }
    }

    /// The focused field holds text that could not be read (a date that does not exist): the focus stays on it, with
    /// the text, until it is corrected or cleared. Not so for a value waiting for another field (an expiry before the
    /// document's number): the clerk must be able to go and fill that one.
    static func holdsUnreadValue(_ s: CaseFormState) -> Bool {
        guard let id = s.focusedFieldID, s.notes[id] != nil else { return false }
        return !FieldBinding.waitsForDocument(id, s.caseFile)
    }

    /// The save after a move carries the field just left (with its value) and where the clerk now is: a resumed case
    /// opens after the last field saved. Moving on past an unchanged field (a choice answered with Space, say) still
    /// saves it, so the resume point follows the clerk; moving back over one writes nothing.
    static func savingPosition(_ effects: [DeskEffect], _ s: CaseFormState, movedFrom: String?, forward: Bool) -> [DeskEffect] {
        let saves = effects.contains { if case .saveDraft = $0 { return true } else { return false } }
        if !saves, forward, let movedFrom, s.draft.fieldID != movedFrom, s.draft.number != nil {
            return effects + [s.save(completing: movedFrom)]
        }
        return effects.map { if case let .saveDraft(d) = $0 { return s.save(completing: d.completedField) } else { return $0 } }
    }

    /// Pasted text goes into the focused text field, bounded by its length; `dropped` characters the terminal left out
    /// past its limit are counted in what the message says was not entered.
    static func paste(_ s: inout CaseFormState, _ text: String, dropped: Int = 0, _ desk: inout DeskState, _ env: DeskEnvironment) {
        if s.justification != nil {
            if let d = TextInput.leftOut(s.justification!.insert(text), dropped: dropped) {
                desk.message = .error("理由最多 \(s.justification!.maxLength) 字，多出的 \(d) 字未录入")
            }
            return
        }
        if s.setAside != nil {
            if let d = TextInput.leftOut(s.setAside!.reason.insert(text), dropped: dropped) {
                desk.message = .error("理由最多 \(s.setAside!.reason.maxLength) 字，多出的 \(d) 字未录入")
            }
            return
        }
        if s.placeSearch != nil {
            _ = s.placeSearch!.query.insert(String(text.split(whereSeparator: \.isNewline).first ?? ""))
            searchPlaces(&s.placeSearch!, env)
            return
        }
        guard case let .field(id) = s.focus, let f = s.field(id, env), !FieldBinding.isChoice(f) else {
            desk.message = .error("此处不能粘贴")
            return
        }
        if FieldBinding.isDerived(f, s.caseFile) {
            desk.message = .error("\(f.label)已按证件号码填写，无需录入")
            return
        }
        var firstLine = String(text.split(whereSeparator: \.isNewline).first ?? "")
        if f.type == .document {
            let kind = FieldBinding.kind(f, s.caseFile)
            switch DocumentEntry.filter(firstLine, kind: kind) {
            case let .number(number): firstLine = number
            case let .refused(bad):
                desk.message = .error("\(kind.chineseName)号码只能录入\(DocumentEntry.allowed(kind))：粘贴内容含“\(bad)”，未录入")
                return
            }
        }
        if f.type == .place, let room = PlaceEntry.room(current: s.input.text, incoming: firstLine) {
            let digits = IdentityDocument.normalize(firstLine)
            if digits.count > room {
                _ = s.input.insert(String(digits.prefix(room)))
                desk.message = .error(PlaceEntry.tooLong(f.label, dropped: digits.count - room + dropped))
                return
            }
        }
        if let d = TextInput.leftOut(s.input.insert(firstLine), dropped: dropped) {
            desk.message = .error("\(f.label)最多 \(s.input.maxLength) 个字符，粘贴内容多出的 \(d) 个未录入")
        }
    }

    /// Stores a choice at once (no need to leave the field), then re-checks and saves.
    static func choose(_ option: Choice?, _ f: FormField, _ s: inout CaseFormState, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect] {
        let before = s.caseFile
        _ = FieldBinding.store(f, option.map { .text($0.value) }, &s.draft.caseFile)
        s.input = TextInput(option?.label ?? "")
        s.evaluate(env)
        desk.message = nil
        return s.caseFile == before ? [] : [s.save(completing: f.id)]
    }

    /// Validates and stores the focused text field as it is left; re-evaluates; saves the draft if anything changed.
    static func commit(_ s: inout CaseFormState, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect] {
        guard case let .field(id) = s.focus, let f = s.field(id, env), !FieldBinding.isChoice(f) else { return [] }
        let before = s.caseFile
        if FieldBinding.isDerived(f, s.caseFile) { return [] }
        if let problem = FieldBinding.commit(f, text: s.input.text, &s.draft.caseFile, divisions: env.forms.divisions) {
            s.notes[id] = problem
            desk.message = .error(problem)
            return []
        }
        s.notes[id] = nil
        // A number that carries the birth date and sex fills them (GB 11643): they are not typed again.
        if f.type == .document, let prefix = FieldBinding.partyPrefix(id), FieldBinding.derive(prefix, &s.draft.caseFile, workflow: s.workflow(env)) {
            for field in ["birth_date", "sex"] { s.notes["\(prefix).\(field)"] = nil }
        }
        // A place typed as a name is shown as the code it names.
        if f.type == .place, let code = CasePath.value(id, in: s.caseFile), code != s.input.text {
            s.input = TextInput(code, maxLength: s.input.maxLength)
            desk.message = .info("\(f.label)：\(env.forms.divisions.label(code))")
        }
        s.evaluate(env)
        // An ID number is checked the moment it is left: show its error at once.
        if let block = s.verdict.findings.first(where: { $0.field == id && $0.severity == .block && $0.rule != "form.required" }) {
            desk.message = .error("\(block.message)（\(block.citation)）")
        }
        guard s.caseFile != before else { return [] }
        var effects: [DeskEffect] = [s.save(completing: id)]
        if id == "person.document", !s.verdict.findings.contains(where: { $0.field == id && $0.severity == .block }) {
            effects += s.lookupEffects()
        }
        return effects
    }

    static func move(_ s: inout CaseFormState, by delta: Int, _ desk: inout DeskState, _ env: DeskEnvironment) {
        let fields = s.visibleFields(step: s.draft.stepIndex, env)
        guard let id = s.focusedFieldID else { return }
        let i = fields.firstIndex { $0.id == id } ?? -1
        let j = i + delta
        if j >= 0, j < fields.count {
            s.focusField(fields[j], env)
        } else if j >= fields.count {
            if let next = nextStep(s, env) {
                enter(step: next, &s, env, last: false)
            } else {
                desk.message = .info("已到最后一项：F6 勾选材料，F5 校验，F10 提交")
            }
        } else if let prev = previousStep(s, env) {
            enter(step: prev, &s, env, last: true)
        }
    }

    static func nextStep(_ s: CaseFormState, _ env: DeskEnvironment) -> Int? {
        guard let wf = s.workflow(env) else { return nil }
        return (s.draft.stepIndex + 1 ..< wf.steps.count).first { !s.visibleFields(step: $0, env).isEmpty }
    }

    static func previousStep(_ s: CaseFormState, _ env: DeskEnvironment) -> Int? {
        (0 ..< s.draft.stepIndex).reversed().first { !s.visibleFields(step: $0, env).isEmpty }
    }

    static func enter(step: Int, _ s: inout CaseFormState, _ env: DeskEnvironment, last: Bool) {
        s.draft.stepIndex = step
        let fields = s.visibleFields(step: step, env)
        if let f = last ? fields.last : fields.first { s.focusField(f, env) }
    }

    static func toggle(_ row: ChecklistRow, _ s: inout CaseFormState, _ desk: inout DeskState, _ env: DeskEnvironment) {
        guard !row.shared else {
            desk.message = .info("\(row.label)已由数据共享获取或经审核员同意以书面承诺代替，无需申请人提供")
            return
        }
        var docs = s.caseFile.documentsPresented
        if row.checked {
            docs.removeAll { row.codes.contains($0) }
        } else {
            docs.append(row.codes[0])
        }
        s.caseFile.documentsPresented = docs
        s.evaluate(env)
        desk.message = .info(row.checked ? "已取消：\(row.label)" : "已收：\(row.label)")
    }

    static func openChooser(_ s: inout CaseFormState, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect] {
        if case let .field(id) = s.focus, let f = s.field(id, env), f.type == .place {
            openPlaceSearch(f, &s, &desk, env)
            return []
        }
        guard case let .field(id) = s.focus, let f = s.field(id, env), !FieldBinding.options(f).isEmpty else {
            desk.message = .info("此项无可选列表")
            return []
        }
        let options = FieldBinding.options(f)
        let current = f.type == .document ? FieldBinding.kind(f, s.caseFile).rawValue : CasePath.value(id, in: s.caseFile)
        let index = options.firstIndex { $0.value == current } ?? 0
        s.chooser = CaseFormState.Chooser(fieldID: id, options: options, selection: ListSelection(index: index))
        return []
    }

    static func chooser(_ s: inout CaseFormState, _ key: Key, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect]? {
        guard var c = s.chooser, let f = s.field(c.fieldID, env) else {
            s.chooser = nil
            return []
        }
        switch key {
        case .escape, .function(3):
            s.chooser = nil
            return []
        case .enter:
            s.chooser = nil
            let option = c.options[c.selection.index]
            if f.type == .document {
                let effects = commit(&s, &desk, env)
                FieldBinding.setKind(f, DocumentKind(rawValue: option.value)!, &s.draft.caseFile)
                if let prefix = FieldBinding.partyPrefix(f.id) { FieldBinding.derive(prefix, &s.draft.caseFile, workflow: s.workflow(env)) }
                // The number's field takes what the new kind's numbers are made of, and no more of them.
                s.focusField(f, env)
                s.evaluate(env)
                desk.message = .info("证件类型：\(option.label)")
                return effects + [s.save(completing: f.id)]
            }
            return choose(option, f, &s, &desk, env)
        case let .char(ch) where ch.isNumber:
            guard let n = Int(String(ch)), n >= 1, n <= c.options.count else { return [] }
            c.selection.index = n - 1
            s.chooser = c
            return chooser(&s, .enter, &desk, env)
        default:
            guard c.selection.handle(key, count: c.options.count, page: 8, wrap: true) else { return nil }
            s.chooser = c
            return []
        }
    }

    static func justification(_ s: inout CaseFormState, _ key: Key, _ desk: inout DeskState) -> [DeskEffect]? {
        switch key {
        case .escape:
            s.justification = nil
            desk.message = .info("已取消提交")
            return []
        case .enter, .function(10):
            if let problem = ReasonRule.problem(s.justification!.text) {
                desk.message = .error(problem)
                return []
            }
            let reason = ReasonRule.normalized(s.justification!.text)
            s.justification = nil
            s.submitting = true
            desk.message = .info("正在提交审核…")
            return [.submit(s.draft, s.verdict, justification: reason)]
        default:
            switch s.justification!.handle(key) {
            case .ignored: return nil
            case let .truncated(d):
                desk.message = .error("理由最多 \(s.justification!.maxLength) 字，多出的 \(d) 字未录入")
                return []
            default: return []
            }
        }
    }

    static func submit(_ s: inout CaseFormState, _ desk: inout DeskState, _ env: DeskEnvironment,
                       confirmed: Bool = false) -> [DeskEffect] {
        let effects = commit(&s, &desk, env)
        s.showRequired = true
        s.evaluate(env)
        if let (id, note) = s.notes.sorted(by: { $0.key < $1.key }).first {
            // The focused field keeps the text typed there; another is shown as stored.
            if s.focusedFieldID != id { focus(fieldID: id, &s, env) }
            desk.message = .error(note)
            return effects
        }
        let missing = s.missingRequired
        if let first = missing.first {
            let labels = missing.compactMap { $0.field.flatMap { s.field($0, env)?.label } }
            desk.message = .error("尚有 \(missing.count) 项必填未填写：\(labels.joined(separator: "、"))")
            if let id = first.field { focus(fieldID: id, &s, env) }
            return effects
        }
        if let practice = s.practice {
            let card = Scoring.score(practice.scenario, trainee: s.caseFile, traineeVerdict: s.verdict, forms: env.forms)
            desk.screen = .scoreCard(ScoreCardState(practice: practice, card: card))
            desk.message = .info(card.correct ? "全部正确！Enter 下一题" : "本题得分 \(card.score)：查看错误与依据，F1 查看条文")
            return effects + [.recordPractice(deckID: practice.deckID, scenarioID: practice.scenario.id, score: card.score,
                                              correct: card.correct)]
        }
        if s.verdict.decision == .needsApproval {
            s.justification = TextInput(maxLength: SafeText.maxLineLength)
            desk.message = .info("此案件需审核员审批：请填写提交审核的理由，Enter 提交，Esc 取消")
            return effects
        }
        // A refusal issues its notice and ends the case at once: one key must not do that to a typing mistake.
        if s.verdict.decision == .refuse, !confirmed {
            s.confirmKey = .function(10)
            desk.message = .error("再按 F10 出具不予办理通知书并结束本案（不能再修改），其他键返回修改")
            return effects
        }
        s.submitting = true
        desk.message = .info("正在提交…")
        return effects + [.submit(s.draft, s.verdict, justification: nil)]
    }

    static func focus(fieldID id: String, _ s: inout CaseFormState, _ env: DeskEnvironment) {
        guard let wf = s.workflow(env), let step = wf.steps.firstIndex(where: { $0.fields.contains { $0.id == id } }),
              let f = s.field(id, env) else { return }
        s.draft.stepIndex = step
        s.focusField(f, env)
    }

    /// F1: the article behind the selected finding (or the focused field's finding), else the key help.
    static func help(_ s: inout CaseFormState, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect] {
        var finding: Finding?
        switch s.focus {
        case .findings:
            if s.findingSelection.index < s.shownFindings.count { finding = s.shownFindings[s.findingSelection.index] }
        case let .field(id):
            finding = s.verdict.findings.first { $0.field == id && $0.rule != "form.required" }
        case .documents:
            let rows = s.checklist(env)
            if s.documentSelection.index < rows.count {
                let code = rows[s.documentSelection.index].codes[0]
                if let req = s.verdict.missingDocuments.first(where: { $0.code == code }) {
                    desk.overlay = .article(ArticleState(citation: req.citation, forms: env.forms))
                    return []
                }
            }
        }
        if let finding {
            desk.overlay = .article(ArticleState(citation: finding.citation, forms: env.forms, finding: finding))
        } else {
            let fieldHelp = s.focusedFieldID.flatMap { s.field($0, env)?.help }
            desk.overlay = .help(HelpState(topic: .caseForm, extra: fieldHelp))
        }
        return []
    }

    static func summary(_ s: CaseFormState) -> String {
        let v = s.verdict
        var text = "校验结论：\(v.decision.chinese)"
        let blocks = v.findings.filter { $0.severity == .block }.count
        if blocks > 0 { text += "，阻断 \(blocks) 项" }
        if !v.missingDocuments.isEmpty { text += "，缺材料 \(v.missingDocuments.count) 项" }
        return text
    }

    // MARK: render

    struct Layout {
        var fieldsTop = 2, fieldsBottom: Int, sideCol: Int, sideWidth: Int, fieldsWidth: Int
        var ruleRow: Int, findingsTop: Int, findingsBottom: Int, missingRow: Int, decisionRow: Int

        init(cols: Int, rows: Int) {
            let fh = max(5, (rows - 8) / 3)
            missingRow = rows - 4
            decisionRow = rows - 3
            findingsBottom = rows - 5
            findingsTop = findingsBottom - fh + 1
            ruleRow = findingsTop - 1
            fieldsBottom = ruleRow - 1
            sideWidth = cols * 3 / 8
            sideCol = cols - sideWidth
            fieldsWidth = sideCol - 1
        }
    }

    static func render(_ s: CaseFormState, _ desk: DeskState, _ b: inout ScreenBuffer, _ env: DeskEnvironment) {
        let L = Layout(cols: b.cols, rows: b.rows)
        guard let wf = s.workflow(env) else { return }
        // Steps line.
        var col = 1
        for (i, step) in wf.steps.enumerated() {
            let text = " \(i + 1).\(step.title) "
            col = b.put(text, row: 1, col: col, style: i == s.draft.stepIndex ? .selected : .dim) + 1
        }
        let cutLabel = renderFields(s, L, &b, env)
        let cutDocument = renderSide(s, L, &b, env)
        renderFindings(s, L, &b, detail: cutLabel ?? cutDocument)
        renderSummary(s, L, &b, env)
        if let c = s.chooser { renderChooser(c, s, L, &b, env) }
        if let p = s.placeSearch { renderPlaceSearch(p, s, L, &b, env) }
        if let j = s.justification { renderJustification(j, L, &b) }
        if let a = s.setAside { renderSetAside(a, s, L, &b) }
    }

    /// The fields of the step: a mark on the focused one, "!" on one with a blocking finding. A document number is
    /// shown whole (all 18 digits at 80 columns): its row gives the number the room it needs, cutting the label if it
    /// must; the full label then shows in the detail line while the field has the focus. Returns that full label.
    @discardableResult
    static func renderFields(_ s: CaseFormState, _ L: Layout, _ b: inout ScreenBuffer, _ env: DeskEnvironment) -> String? {
        let fields = s.visibleFields(step: s.draft.stepIndex, env)
        let labelWidth = min(24, max(8, fields.map { DisplayWidth.of($0.label) + ($0.required ? 1 : 0) }.max() ?? 8))
        let valueCol = 2 + labelWidth + 1
        let valueWidth = max(8, L.fieldsWidth - valueCol - 1)
        let height = L.fieldsBottom - L.fieldsTop + 1
        let focusIndex = fields.firstIndex { .field($0.id) == s.focus } ?? 0
        let top = max(0, focusIndex - height + 1)
        var cutLabel: String?
        for (i, f) in fields.enumerated().dropFirst(top).prefix(height) {
            let row = L.fieldsTop + i - top
            let focused = s.focus == .field(f.id)
            let blocking = s.notes[f.id] != nil
                || s.verdict.findings.contains { $0.field == f.id && $0.severity == .block && (s.showRequired || $0.rule != "form.required") }
            b.put(blocking ? "!" : " ", row: row, col: 0, style: .error)
            Frame.focusMark(&b, row: row, col: 1, focused: focused)
            let label = f.label + (f.required ? "*" : "")
            var x = valueCol
            var width = valueWidth
            var tag: String?
            if f.type == .document {
                // [身份证] then the number: the number keeps the room a whole one needs (and the cursor after it).
                let kind = "[\(DocumentEntry.shortName(FieldBinding.kind(f, s.caseFile)))]"
                let numberWidth = DocumentEntry.maxLength(FieldBinding.kind(f, s.caseFile)) + 1
                let need = DisplayWidth.of(kind) + 1 + min(numberWidth, 21)
                if L.fieldsWidth - 1 - x < need { x = max(6, L.fieldsWidth - 1 - need) }
                tag = kind
            }
            let labelRoom = x - 3
            if DisplayWidth.of(label) > labelRoom, focused { cutLabel = f.label }
            b.put(DisplayWidth.pad(label, to: labelRoom), row: row, col: 2, style: focused ? .focused : .normal, width: labelRoom)
            if let tag {
                x = b.put(tag, row: row, col: x, style: .dim) + 1
                width = max(4, L.fieldsWidth - 1 - x)
            }
            let style: CellStyle = focused ? .focused : (blocking ? .error : .input)
            b.fill(row: row, col: x, width: width, style: style)
            let derived = FieldBinding.isDerived(f, s.caseFile)
            if focused && !FieldBinding.isChoice(f) && !derived {
                let shown = s.input.visible(width: width)
                b.put(shown.text, row: row, col: x, style: style, width: width)
                if s.chooser == nil && s.justification == nil && s.placeSearch == nil && s.setAside == nil {
                    b.cursor = (row, x + shown.cursorColumn)
                }
            } else {
                var text = focused && !derived ? s.input.text : FieldBinding.display(f, s.caseFile)
                if f.type == .place, !text.isEmpty { text = env.forms.divisions.label(text) }
                if FieldBinding.isChoice(f) && focused && text.isEmpty { text = "（空格选择）" }
                let end = b.put(text, row: row, col: x, style: style, width: width)
                if derived { b.put("（按证件号码）", row: row, col: end + 1, style: .dim, width: max(0, x + width - end - 1)) }
            }
        }
        if fields.count > height {
            b.put("…共 \(fields.count) 项", row: L.fieldsBottom, col: L.fieldsWidth - 10, style: .dim)
        }
        return cutLabel
    }

    /// Platform records and the documents checklist; returns the selected checklist row's full text when the panel
    /// cuts it, for the detail line.
    @discardableResult
    static func renderSide(_ s: CaseFormState, _ L: Layout, _ b: inout ScreenBuffer, _ env: DeskEnvironment) -> String? {
        for row in L.fieldsTop...L.fieldsBottom { b.put("│", row: row, col: L.sideCol - 1, style: .dim) }
        let x = L.sideCol + 1
        let w = L.sideWidth - 2
        var row = L.fieldsTop
        b.put("平台参保记录", row: row, col: x, style: .label, width: w)
        row += 1
        let records = s.caseFile.platformRecords
        let recordRows = min(3, max(1, records.count))
        if s.lookedUp == nil && records.isEmpty {
            b.put("（录入证件号码后查询）", row: row, col: x, style: .dim, width: w)
        } else if records.isEmpty {
            b.put("无参保记录", row: row, col: x, style: .dim, width: w)
        } else {
            for (i, r) in records.prefix(recordRows).enumerated() {
                let text = i == recordRows - 1 && records.count > recordRows ? "…另有 \(records.count - i) 条" : r.summary
                b.put(text, row: row + i, col: x, style: r.status == .active ? .normal : .dim, width: w)
            }
        }
        row += recordRows + 1
        let focused = s.focus == .documents
        b.put(focused ? "材料（空格勾选）" : "材料（F6 勾选）", row: row, col: x, style: .label, width: w)
        row += 1
        let rows = s.checklist(env)
        let height = max(1, L.fieldsBottom - row + 1)
        var sel = s.documentSelection
        sel.clamp(count: rows.count, height: height)
        if rows.isEmpty {
            b.put(awaitedAnswer(s, env).map { "（待填写“\($0)”后列出）" } ?? "（本案无需材料）", row: row, col: x, style: .dim,
                  width: w)
        }
        var cut: String?
        for (i, r) in rows.enumerated().dropFirst(sel.top).prefix(height) {
            let mark = r.shared ? "[=]" : (r.checked ? "[x]" : "[ ]")
            let style: CellStyle = focused && i == sel.index ? .selected : (r.checked || r.shared ? .ok : .normal)
            if focused && i == sel.index { b.fill(row: row + i - sel.top, col: x, width: w, style: .selected) }
            let text = "\(mark) \(r.label)"
            if focused && i == sel.index && DisplayWidth.of(text) > w { cut = r.label }
            b.put(text, row: row + i - sel.top, col: x, style: style, width: w)
        }
        return cut
    }

    /// The findings, each on a line with its citation; what a line cuts (the selected finding's message or
    /// citation, or `detail` from the fields or the checklist) shows whole in a detail line at the bottom.
    static func renderFindings(_ s: CaseFormState, _ L: Layout, _ b: inout ScreenBuffer, detail given: String? = nil) {
        let findings = s.shownFindings
        Frame.rule(&b, row: L.ruleRow, caption: "审核意见（\(findings.count)）\(s.focus == .findings ? " Enter/F1 查看条文" : "")")
        var detail = given
        if s.focus == .findings, s.findingSelection.index < findings.count {
            let f = findings[s.findingSelection.index]
            let citation = "（\(f.citation)）"
            let x = 1 + DisplayWidth.of("[\(f.severity.label)] ")
            let citeWidth = min(DisplayWidth.of(citation), b.cols / 3)
            if DisplayWidth.of(citation) > citeWidth || DisplayWidth.of(f.message) > b.cols - x - citeWidth - 1 {
                detail = "[\(f.severity.label)] \(f.message)\(citation)"
            }
        }
        var detailLines = detail.map { Array(Wrap.text("详情：" + $0, width: b.cols - 2)) } ?? []
        if detailLines.count > 2 {
            detailLines = Array(detailLines.prefix(2))
            detailLines[1] = DisplayWidth.truncate(detailLines[1], to: b.cols - 4) + "…"
        }
        let height = L.findingsBottom - L.findingsTop + 1 - detailLines.count
        for (i, line) in detailLines.enumerated() {
            let row = L.findingsBottom - detailLines.count + 1 + i
            b.put(line, row: row, col: 1, style: .label, width: b.cols - 2)
        }
        var sel = s.findingSelection
        sel.clamp(count: findings.count, height: height)
        if findings.isEmpty { b.put("（暂无）", row: L.findingsTop, col: 1, style: .dim) }
        for (i, f) in findings.enumerated().dropFirst(sel.top).prefix(height) {
            let row = L.findingsTop + i - sel.top
            let selected = s.focus == .findings && i == sel.index
            let style: CellStyle = selected ? .selected : (f.severity == .block ? .error : (f.severity == .approval || f.severity == .warn ? .warning : .normal))
            if selected { b.fill(row: row, col: 0, width: b.cols, style: .selected) }
            let citation = "（\(f.citation)）"
            let citeWidth = min(DisplayWidth.of(citation), b.cols / 3)
            let x = b.put("[\(f.severity.label)] ", row: row, col: 1, style: style)
            b.put(f.message, row: row, col: x, style: style, width: b.cols - x - citeWidth - 1)
            b.put(citation, row: row, col: b.cols - citeWidth, style: selected ? .selected : .dim, width: citeWidth)
        }
    }

    /// An empty checklist may only mean the answers it depends on are still to come: the first of them.
    static func awaitedAnswer(_ s: CaseFormState, _ env: DeskEnvironment) -> String? {
        s.missingRequired.compactMap { $0.field.flatMap { s.field($0, env)?.label } }.first
    }

    static func renderSummary(_ s: CaseFormState, _ L: Layout, _ b: inout ScreenBuffer, _ env: DeskEnvironment) {
        let v = s.verdict
        if v.missingDocuments.isEmpty, let awaited = awaitedAnswer(s, env), s.checklist(env).isEmpty {
            // Not 材料齐全 while the list of documents cannot be drawn up yet.
            b.put(" 材料：待填写“\(awaited)”后列出", row: L.missingRow, col: 0, style: .label)
        } else if v.missingDocuments.isEmpty {
            b.put(" 材料齐全", row: L.missingRow, col: 0, style: .ok)
        } else {
            b.put(missingLine(v.missingDocuments.map(\.name), cols: b.cols), row: L.missingRow, col: 0, style: .warning)
        }
        var line: String
        if !s.showRequired, !s.missingRequired.isEmpty {
            line = " 填写中：尚有 \(s.missingRequired.count) 项必填"
        } else {
            line = " 当前结论：\(v.decision.chinese)"
        }
        if let start = v.benefitStart { line += "  待遇起始 \(start)" }
        if let w = v.waitingPeriodMonths { line += "  等待期 \(w) 个月" }
        if let number = s.draft.number { line += "  案件 \(number)" }
        let style: CellStyle = v.decision == .refuse && (s.showRequired || s.missingRequired.isEmpty) ? .error : .label
        b.put(line, row: L.decisionRow, col: 0, style: style)
        // Saved elsewhere since it was opened: said before the clerk saves over it (the store would refuse it).
        if let note = s.changedElsewhere { b.put(" 注意：\(note)", row: L.decisionRow, col: 0, style: .error, width: b.cols) }
    }

    /// The missing documents on one row: every name when they fit; else as much as fits, cut with "…", and where the
    /// whole list is (the checklist, `F6`). The count is always whole, at the start.
    static func missingLine(_ names: [String], cols: Int) -> String {
        let head = " 缺少材料（一次性告知，\(names.count) 项）："
        let list = names.joined(separator: "、")
        if DisplayWidth.of(head + list) <= cols { return head + list }
        let pointer = "（F6 查看全部）"
        return head + DisplayWidth.truncate(list, to: max(1, cols - DisplayWidth.of(head) - DisplayWidth.of(pointer)))
            + pointer
    }

    static func renderChooser(_ c: CaseFormState.Chooser, _ s: CaseFormState, _ L: Layout, _ b: inout ScreenBuffer, _ env: DeskEnvironment) {
        let width = min(b.cols - 4, max(24, (c.options.map { DisplayWidth.of($0.label) }.max() ?? 10) + 8))
        let height = min(c.options.count, L.fieldsBottom - L.fieldsTop - 1)
        let x = max(2, min(b.cols - width - 2, 24))
        let top = L.fieldsTop + 1
        var sel = c.selection
        sel.clamp(count: c.options.count, height: height)
        b.fill(row: top - 1, col: x, width: width, style: .title)
        b.put(" 选择：\(s.field(c.fieldID, env)?.label ?? "")", row: top - 1, col: x, style: .title, width: width)
        for (i, o) in c.options.enumerated().dropFirst(sel.top).prefix(height) {
            let row = top + i - sel.top
            let style: CellStyle = i == sel.index ? .selected : .input
            b.fill(row: row, col: x, width: width, style: style)
            b.put(" \(i + 1). \(o.label)", row: row, col: x, style: style, width: width)
        }
    }

    static func renderJustification(_ j: TextInput, _ L: Layout, _ b: inout ScreenBuffer) {
        let width = b.cols - 8
        let row = L.ruleRow - 3
        b.fill(row: row - 1, col: 4, width: width, style: .title)
        b.put(" 提交审核：请写明理由（将随案件送审核员）", row: row - 1, col: 4, style: .title, width: width)
        b.fill(row: row, col: 4, width: width, style: .input)
        let shown = j.visible(width: width - 2)
        b.put(shown.text, row: row, col: 5, style: .focused, width: width - 2)
        b.fill(row: row + 1, col: 4, width: width, style: .input)
        b.put(" Enter 提交  Esc 取消", row: row + 1, col: 4, style: .dim, width: width)
        b.cursor = (row, 5 + shown.cursorColumn)
    }

    static func keys(_ s: CaseFormState) -> [KeyHint] {
        if s.justification != nil { return [KeyHint("Enter", "提交审核"), KeyHint("Esc", "取消")] }
        if s.setAside != nil { return [KeyHint("Enter", s.setAside!.withdraw ? "确认撤回" : "确认作废"), KeyHint("Esc", "取消")] }
        if s.chooser != nil || s.placeSearch != nil { return [KeyHint("↑↓", "选择"), KeyHint("Enter", "确定"), KeyHint("Esc", "取消")] }
        if s.practice != nil {
            return [KeyHint("F1", "帮助"), KeyHint("F3", "上一步"), KeyHint("F4", "选择"), KeyHint("F5", "校验"), KeyHint("F6", "切换区"),
                    KeyHint("F7", "来办情形"), KeyHint("F10", "评分"), KeyHint("Esc", "放弃")]
        }
        let aside = s.draft.status == .pendingDocuments ? KeyHint("F8", "撤回") : KeyHint("F8", "作废")
        let reprint = mayReprint(s) ? [KeyHint("F7", "补打")] : []
        return [KeyHint("F1", "帮助"), KeyHint("F2", "暂存"), KeyHint("F3", "上一步"), KeyHint("F4", "选择"), KeyHint("F5", "校验"),
                KeyHint("F6", "切换区")] + reprint + [aside, KeyHint("F10", "提交"), KeyHint("Esc", "返回")]
    }
}

extension CaseFormScreen {
    /// The replies to the form's own requests: the person looked up, the draft saved, the case submitted.
    static func receive(_ s: inout CaseFormState, _ msg: DeskMsg, _ desk: inout DeskState, _ env: DeskEnvironment) -> [DeskEffect] {
        switch msg {
        case let .personLooked(document, person):
            guard s.caseFile.person?.document?.key == document.key else { return [] }
            let before = s.caseFile
            if let person {
                s.prefill(person, env: env)
                desk.message = .info("已查到参保人 \(person.name)：平台参保记录 \(person.records.count) 条")
            } else {
                s.lookedUp = document.key
                s.caseFile.platformRecords = []
                s.evaluate(env)
                desk.message = .info("平台无此人参保记录")
            }
            // A reopened case looks its person up again: saving what did not change would tell another terminal with
            // the case open that it was changed here.
            return s.caseFile == before ? [] : [.saveDraft(s.draft)]
        case let .draftSaved(number, version):
            s.draft.number = number
            s.draft.version = version
            if s.savingDraft {
                s.savingDraft = false
                desk.message = .success("草稿已保存（案件 \(number)）")
            }
        case let .submitted(result):
            var done = ResultState(result: result, applicant: s.caseFile.person?.name ?? "", workflowTitle: s.workflowTitle)
            done.returnTo = s.returnTo
            done.returnTo?.selectOnReturn = result.number
            desk.screen = .result(done)
            desk.message = .success("案件 \(result.number)：\(ResultScreen.headline(result))")
        case let .caseSetAside(number, status):
            let effects = leave(s, &desk, saying: "")
            desk.message = .success(number.isEmpty ? "已放弃：本案尚未保存任何内容" : "案件 \(number) \(status.chinese)")
            return effects
        case let .caseChangedElsewhere(number, version, note) where number == s.draft.number && version != s.draft.version:
            s.changedElsewhere = note
            desk.message = .error(note)
        case .storeChanged:
            // Another terminal wrote: ask whether it was this case (the answer comes only when it was).
            if let number = s.draft.number, s.practice == nil { return [.checkCase(number: number, version: s.draft.version)] }
        case let .noticeReprinted(number, notices, printed, printing) where number == s.draft.number:
            reprinted(&s, notices: notices, printed: printed, printing: printing, &desk)
        case .failed:
            s.submitting = false
            s.savingDraft = false
            s.reprinting = false
        default:
            break
        }
        return []
    }
}
