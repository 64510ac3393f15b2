import CanbaoRules
import CanbaoStore

/// What the duplicate's notice reports: the case, the person, the records and what became of them.
public struct DuplicateNoticeFacts: Sendable {
    public var number: String
    public var person: PersonRecord
    /// Every record of the person (the retention's record indices point here).
    public var records: [EnrollmentRecord]
    public var duplicate: StoredDuplicate
    public var keep: Int64
    public var commitment: Bool
    /// The refund cases opened, in the order of the actions that owe a refund.
    public var refundCases: [String]
}

extension Notice {
    /// 《重复参保处理告知书》: which enrollment was kept and on what principle (内蒙古细则 第二十四条; 国家规程 第十四条),
    /// what became of each other one, the refunds due and the cases opened for them (国家规程 第十六条).
    public static func duplicateResolution(_ f: DuplicateNoticeFacts, counter: CounterInfo, clerk: String, date: LocalDate,
                                           divisions: Divisions = Divisions()) -> Notice {
        let d = f.duplicate
        let r = d.retention
        func line(_ id: Int64) -> String {
            guard let record = f.records.first(where: { $0.id == id })?.platformRecord else { return "#\(id)" }
            return "#\(id) " + Notice.recordSummary(record, divisions)
        }
        let p = f.person
        var facts: [(String, String)] = [("案件编号", f.number), ("业务", "重复参保处理"),
                                          ("参保人", "\(p.name)（\(p.document.kind.chineseName) \(p.document.normalizedNumber)）")]
        let year = d.duplicate.year.map { " \($0) 年度" } ?? ""
        facts.append(("重复情形", "\(d.duplicate.rule.chinese)\(year)（依据：\(d.duplicate.citation)）"))

        var result = ["保留：\(line(f.keep))"]
        var refunds: [String] = []
        var opened = f.refundCases[...]
        for a in r.actions {
            let id = f.records.indices.contains(a.record) ? f.records[a.record].id : -1
            result.append("\(a.action == .terminate ? "终止" : "暂停")：\(line(id))（依据：\(a.citation)）")
            if let refund = a.refund {
                var text = "#\(id) 应退 \(refund.from) 至 \(refund.to) 共 \(refund.months) 个月的保费（依据：\(refund.citation)）"
                if let number = opened.popFirst() { text += "，已开立退费办件 \(number)，由窗口继续办理" }
                refunds.append(text)
            } else if let note = a.refundNote {
                refunds.append("#\(id) \(note)")
            }
        }
        var why = ["\(r.principle.chinese)（依据：\(r.citation)）"]
        if f.commitment { why.append("已收取参保人书面承诺书，留存备案（依据：\(r.citation)）") }
        let footer = [("办理窗口", "\(counter.name)（\(divisions.label(counter.place))）"), ("经办人", clerk), ("日期", date.chinese)]
        return Notice(kind: .duplicateResolution, title: "基本医疗保险重复参保处理告知书", facts: facts,
                      sections: [("处理结果", result), ("保留理由", why), ("退费", refunds), ("说明", r.notes)].filter { !$0.1.isEmpty },
                      footer: footer)
    }

    /// A platform record as a notice prints it, the place named beside its code and without its status (the notice
    /// says what became of it): `150621 鄂尔多斯市达拉特旗 居民医保 2027年（已缴费）`.
    static func recordSummary(_ r: PlatformRecord, _ divisions: Divisions) -> String {
        var text = "\(divisions.label(r.place)) \(r.scheme.chinese)"
        if let year = r.year { text += " \(year)年" }
        if let months = r.months, let first = months.first, let last = months.last {
            text += first == last ? " \(first)" : " \(first)至\(last)"
        }
        return text + (r.paid ? "（已缴费）" : "（未缴费）")
    }
}
