import CanbaoRules

/// One line of the read-only case view, wrapped to the screen: a section's rule, or text in a style, at an indent.
struct SheetLine: Hashable, Sendable {
    var text: String
    var style: CellStyle
    var indent = 0
    /// A field's label, drawn dim at the left margin before the text.
    var label: String?
    /// Drawn as a rule across the screen with `text` as its caption.
    var isRule = false

    static func rule(_ caption: String) -> SheetLine { SheetLine(text: caption, style: .label, isRule: true) }
}

/// The case view's content as lines for a given width: the view scrolls through them, so nothing is cut to fit the
/// screen, and a document number is never split (`Wrap.words`).
enum CaseSheetText {
    /// Labels wider than this put their value on the next line rather than squeeze it: values keep at least two
    /// thirds of the width.
    static func labelWidth(_ labels: [String], width: Int) -> Int {
        min(labels.map(DisplayWidth.of).max() ?? 8, max(8, width / 3))
    }

    static func lines(_ sheet: CaseSheet, _ forms: FormSet, width: Int) -> [SheetLine] {
        var out: [SheetLine] = []
        let c = sheet.caseFile
        let divisions = forms.divisions
        if let tampered = sheet.tampered { out += wrapped("！" + tampered, width: width, style: .error) }

        // Who and when: the ID number on its own row, whole.
        var head: [(String, String)] = []
        if let p = c.person {
            head.append(("申请人", p.name ?? "（未填）"))
            if let d = p.document { head.append(("证件", "\(d.kind.chineseName) \(d.normalizedNumber)")) }
        }
        if let g = c.guardian?.name { head.append(("监护人", g)) }
        if let a = c.agent?.name { head.append(("代办人", a)) }
        head.append(("经办人", sheet.clerkDisplayName))
        head.append(("建档", sheet.created))
        if let decided = sheet.decided { head.append((decidedLabel(sheet.status), decided)) }
        if let due = sheet.verdict.dueDate { head.append(("办理时限", "\(due)（\(due.chinese)，按工作日计算）")) }
        out += pairs(head, width: width)

        out.append(.rule("录入的信息"))
        let answers = CaseAnswers.of(c, forms).map { ($0.label, $0.value) }
        out += answers.isEmpty ? [SheetLine(text: "（无）", style: .dim)] : pairs(answers, width: width)

        out.append(.rule("材料"))
        let received = c.documentsPresented.map(forms.documents.name)
        out += wrapped("已收：" + (received.isEmpty ? "无" : received.joined(separator: "、")), width: width, style: .normal)
        if !c.documentsCommitted.isEmpty {
            out += wrapped("书面承诺代替：" + c.documentsCommitted.map(forms.documents.name).joined(separator: "、"),
                           width: width, style: .normal)
        }
        let missing = sheet.verdict.missingDocuments
        if missing.isEmpty {
            out.append(SheetLine(text: "尚缺：无", style: .ok))
        } else {
            out.append(SheetLine(text: "尚缺（\(missing.count) 项）：", style: .warning))
            for (i, d) in missing.enumerated() {
                let text = "\(i + 1). \(d.name)\(d.reason.map { "：\($0)" } ?? "")（依据：\(d.citation)）"
                out += wrapped(text, width: width - 2, style: .warning, indent: 2)
            }
        }

        let findings = sheet.verdict.findings
        out.append(.rule("审核意见（\(findings.count)）"))
        if findings.isEmpty { out.append(SheetLine(text: "无", style: .ok)) }
        for f in findings {
            let style: CellStyle = f.severity == .block ? .error : f.severity == .approval ? .warning : .normal
            out += wrapped("[\(f.severity.label)] \(f.message)（依据：\(f.citation)）", width: width, style: style)
        }

        if sheet.justification != nil || !sheet.decisions.isEmpty {
            out.append(.rule("审批"))
            if let j = sheet.justification { out += wrapped("窗口提交审核的理由：\(j)", width: width, style: .normal) }
            if sheet.decisions.isEmpty, sheet.status == .awaitingApproval {
                out.append(SheetLine(text: "等待审核员审批", style: .warning))
            }
            for d in sheet.decisions { out += wrapped(d, width: width, style: .normal) }
        }

        if !c.platformRecords.isEmpty {
            out.append(.rule("办理时的平台参保记录（\(c.platformRecords.count)）"))
            for r in c.platformRecords { out += wrapped(RecordText.line(r, divisions), width: width, style: .dim) }
        }

        if !sheet.history.isEmpty {
            out.append(.rule("经过"))
            for h in sheet.history { out += wrapped(h, width: width, style: .dim) }
        }
        return out
    }

    /// What the date of the case's status is called: 办结 for a decision, 撤回 for a withdrawal…
    static func decidedLabel(_ status: CaseStatus) -> String {
        switch status {
        case .registered: return "登记"
        case .completed: return "办结"
        case .refused: return "不予办理"
        case .withdrawn: return "撤回"
        case .voided: return "作废"
        case .awaitingApproval: return "送审"
        case .draft, .submitted, .pendingDocuments: return "更新"
        }
    }

    /// Label and value in two columns; a value continues under itself, a label too wide for its column stands on its
    /// own row with the value under it.
    static func pairs(_ items: [(String, String)], width: Int) -> [SheetLine] {
        let column = labelWidth(items.map(\.0), width: width)
        var out: [SheetLine] = []
        for (label, value) in items {
            if DisplayWidth.of(label) > column {
                out.append(SheetLine(text: label, style: .dim))
                out += wrapped(value, width: width - column - 2, style: .normal, indent: column + 2)
                continue
            }
            let rows = Wrap.words(value, width: width - column - 2)
            out.append(SheetLine(text: rows[0], style: .normal, indent: column + 2, label: label))
            out += rows.dropFirst().map { SheetLine(text: $0, style: .normal, indent: column + 2) }
        }
        return out
    }

    static func wrapped(_ text: String, width: Int, style: CellStyle, indent: Int = 0) -> [SheetLine] {
        Wrap.words(text, width: width).map { SheetLine(text: $0, style: style, indent: indent) }
    }
}
