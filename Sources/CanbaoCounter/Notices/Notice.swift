import CanbaoRules

/// A printed document handed to the applicant: the receipt, the 一次性告知书, the refusal notice.
/// Pure text and HTML; `NoticePrinter` writes them under the store's `notices/` folder.
public struct Notice: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case receipt = "回执"
        case missingDocuments = "一次性告知书"
        case refusal = "不予办理通知书"
        case approvalRequest = "审核受理回执"
        case transferInformation = "参保人基本医疗保险信息表"
        case duplicateResolution = "重复参保处理告知书"
    }

    public var kind: Kind
    public var title: String
    /// Heading lines (case number, applicant, …) as label/value pairs.
    public var facts: [(String, String)]
    /// Sections with a caption and numbered or plain lines.
    public var sections: [(String, [String])]
    public var footer: [(String, String)]

    public static func == (a: Notice, b: Notice) -> Bool { a.text == b.text }
    public func hash(into h: inout Hasher) { h.combine(text) }

    /// What the counter prints for a submitted case.
    public static func make(for c: CaseFile, number: String, verdict: Verdict, workflowTitle: String,
                            counter: CounterInfo, clerk: String, date: LocalDate, justification: String? = nil,
                            documentNames: [String: String] = [:], decisionNote: String? = nil, enrolls: Bool = true,
                            divisions: Divisions = Divisions()) -> Notice {
        var facts: [(String, String)] = [("案件编号", number), ("业务", workflowTitle)]
        if let p = c.person {
            var who = p.name ?? ""
            if let d = p.document { who += "（\(d.kind.chineseName) \(d.normalizedNumber)）" }
            facts.append(("申请人", who))
        }
        if let unit = unitLine(c) { facts.append(unit) }
        if let g = c.guardian?.name { facts.append(("监护人", g)) }
        if let a = c.agent?.name { facts.append(("代办人", a)) }
        // The counter's place with its name (150621 鄂尔多斯市达拉特旗), as on the screens.
        let footer = [("办理窗口", "\(counter.name)（\(divisions.label(counter.place))）"), ("经办人", clerk), ("日期", date.chinese)]
        let reasons = verdict.findings.filter { $0.severity == .block || $0.severity == .approval }
            .map { "\($0.message)（依据：\($0.citation)）" }
        let notes = verdict.findings.filter { $0.severity == .warn || $0.severity == .info }
            .map { "\($0.message)（依据：\($0.citation)）" }
        let missing = verdict.missingDocuments.map { d in
            "\(d.name)\(d.reason.map { "：\($0)" } ?? "")（依据：\(d.citation)）"
        }
        // Documents a supervisor accepted on a written commitment (告知承诺): the notice says so.
        let committed: (String, [String]) = ("以书面承诺代替的材料（告知承诺，依据：江门规程 第四条）",
                                            c.documentsCommitted.map { documentNames[$0] ?? $0 })
        let note: (String, [String]) = ("审核意见", decisionNote.map { [$0] } ?? [])

        switch verdict.decision {
        case .accept:
            var registered: [String] = ["险种：\((c.scheme ?? .resident).chinese)\(c.isFlexible ? "（灵活就业）" : "")"]
            if (c.scheme ?? .resident) == .resident, let year = c.coverageYear ?? c.birthDate?.year { registered.append("参保年度：\(year)年") }
            if let start = verdict.benefitStart { registered.append("待遇起始日：\(start.chinese)") }
            if let w = verdict.waitingPeriodMonths { registered.append(w == 0 ? "待遇等待期：无" : "待遇等待期：\(w)个月") }
            for r in verdict.replaces {
                registered.append("同步\(r.action == .suspend ? "暂停" : "终止")：\(r.record.summary)（依据：\(r.citation)）")
            }
            registered += serviceLines(verdict)
            // A service that changes existing enrollments is completed (办结), not a registration.
            let (title, result) = enrolls ? ("基本医疗保险参保登记回执", "登记结果：已登记参保")
                : ("基本医疗保险业务办结回执", "办理结果：已办结")
            if !enrolls { registered.removeAll { $0.hasPrefix("险种：") || $0.hasPrefix("参保年度：") } }
            return Notice(kind: .receipt, title: title, facts: facts,
                          sections: [(result, registered), committed, note, ("说明", notes)].filter { !$0.1.isEmpty },
                          footer: footer)
        case .missingDocuments:
            let intro = ["经审核，您申请办理的业务尚缺以下材料。本告知书一次性列明全部所需材料，请补齐后持本告知书到窗口继续办理，无需重新排队。"]
            return Notice(kind: .missingDocuments, title: "基本医疗保险参保业务一次性告知书", facts: facts,
                          sections: [("", intro), ("需补充的材料（共\(missing.count)项）", missing), committed, note,
                                     ("办理情况", serviceLines(verdict)), ("说明", notes)]
                            .filter { !$0.1.isEmpty },
                          footer: footer)
        case .refuse:
            return Notice(kind: .refusal, title: "基本医疗保险参保业务不予办理通知书", facts: facts,
                          sections: [("经审核，您申请办理的业务不予办理，理由如下", reasons), note, ("另需材料（如再次申请）", missing),
                                     ("核定情况", serviceLines(verdict)), ("说明", notes)]
                            .filter { !$0.1.isEmpty }, footer: footer)
        case .needsApproval:
            var sections: [(String, [String])] = [("您的申请已受理，因以下情形须经审核员审批，审批结果将另行告知", reasons)]
            if let justification { sections.append(("窗口提交审核的理由", [justification])) }
            sections.append(("另需材料", missing))
            return Notice(kind: .approvalRequest, title: "基本医疗保险参保业务审核受理回执", facts: facts,
                          sections: sections.filter { !$0.1.isEmpty }, footer: footer)
        }
    }

    /// 《参保人基本医疗保险信息表》: what the region transferring out sends to the region transferring in
    /// (内蒙古细则 第十九条（二）, 国家规程 第十条), printed with the transfer-out.
    public static func transferInformation(for c: CaseFile, number: String, verdict: Verdict, counter: CounterInfo,
                                           clerk: String, date: LocalDate) -> Notice? {
        guard let t = verdict.transfer, t.direction == "out" else { return nil }
        var facts: [(String, String)] = [("案件编号", number)]
        if let p = c.person {
            facts.append(("姓名", p.name ?? ""))
            if let d = p.document { facts.append(("证件", "\(d.kind.chineseName) \(d.normalizedNumber)")) }
            if let b = c.birthDate { facts.append(("出生日期", b.description)) }
        }
        facts += [("转出地", t.from), ("转入地", t.to), ("险种", t.scheme.chinese + (t.flexible ? "（灵活就业）" : "")),
                  ("转移类型", t.scope == "cross-province" ? "跨省转移" : "省内转移")]
        let months = t.records.flatMap { $0.months ?? [] }.sorted()
        var contribution = t.records.map(\.summary)
        if let first = months.first, let last = months.last {
            contribution.append("缴费月份 \(first) 至 \(last)，共 \(months.count) 个月")
        }
        var handling = ["转出地应保存参保人信息、中止医疗保险关系；转入地完成接续后，转出地参保关系自动终止（国家规程 第十条）"]
        if let due = verdict.dueDate { handling.insert("转出办结时限：\(due.chinese)（工作日计算，依据：\(t.citation)）", at: 0) }
        return Notice(kind: .transferInformation, title: "参保人基本医疗保险信息表", facts: facts,
                      sections: [("参保缴费记录", contribution), ("经办", handling)],
                      footer: [("转出经办机构", "\(counter.name)（\(counter.place)）"), ("经办人", clerk), ("日期", date.chinese)])
    }

    /// Plain UTF-8 text, for the counter's printer.
    public var text: String {
        var lines = [title, ""]
        lines += facts.map { "\($0.0)：\($0.1)" }
        for (caption, items) in sections {
            lines.append("")
            if !caption.isEmpty { lines.append(caption + "：") }
            let numbered = items.count > 1 || caption.contains("项")
            for (i, item) in items.enumerated() { lines.append(numbered ? "  \(i + 1). \(item)" : "  \(item)") }
        }
        lines.append("")
        lines += footer.map { "\($0.0)：\($0.1)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A printable HTML page with the same content.
    public var html: String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var h = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>\(esc(title))</title>
            <style>body{font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif;max-width:40em;margin:2em auto;line-height:1.6}
            h1{font-size:1.4em;text-align:center}dl{display:grid;grid-template-columns:auto 1fr;gap:.2em 1em}dt{font-weight:bold}
            footer{margin-top:2em}@media print{body{margin:0}}</style></head><body>
            <h1>\(esc(title))</h1>
            <dl>
            """
        for (k, v) in facts { h += "<dt>\(esc(k))</dt><dd>\(esc(v))</dd>\n" }
        h += "</dl>\n"
        for (caption, items) in sections {
            // A section without a caption is prose.
            if caption.isEmpty {
                for item in items { h += "<p>\(esc(item))</p>\n" }
                continue
            }
            h += "<h2>\(esc(caption))</h2>\n"
            h += items.count > 1 || caption.contains("项") ? "<ol>\n" : "<ul>\n"
            for item in items { h += "<li>\(esc(item))</li>\n" }
            h += items.count > 1 || caption.contains("项") ? "</ol>\n" : "</ul>\n"
        }
        h += "<footer><dl>\n"
        for (k, v) in footer { h += "<dt>\(esc(k))</dt><dd>\(esc(v))</dd>\n" }
        h += "</dl></footer>\n</body></html>\n"
        return h
    }
}
