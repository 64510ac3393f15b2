/// How long a person was insured without a break before now, and the break since (连续参保月数, 中断缴费月数), as
/// the waiting periods of 某市通知 四 need them. The platform's records decide when the case carries any: every
/// paid employee month and every month of a paid resident year counts as insured (the records do not mark back-paid
/// months, which 四 excludes: the clerk corrects those). Typed facts (`continuous_months`, `gap_months`) are the
/// answer only when the platform has no records; typed against the records they are an override a supervisor
/// approves on the clerk's reason. A case with neither gets `nil` and is asked for them, never assumed 0.
struct Continuity: Sendable, Equatable {
    /// Months insured in one unbroken run ending at the last insured month before this one; 0 when never insured.
    var continuousMonths: Int?
    /// Months between that last insured month and this one; nil when never insured, 0 when insured last month.
    var gapMonths: Int?

    /// What the records show, counted up to (not including) `month`: nil when the case carries no records at all.
    static func derived(from records: [PlatformRecord], before month: String) -> Derived? {
        guard !records.isEmpty else { return nil }
        var insured = Set<String>()
        for r in records where r.paid {
            switch r.scheme {
            case .employee: insured.formUnion((r.months ?? []).filter { Month.date($0) != nil })
            case .resident: if let year = r.year { insured.formUnion(Month.range("\(year)-01", "\(year)-12")) }
            }
        }
        guard let last = insured.filter({ $0 < month }).max() else { return Derived(continuousMonths: 0, gapMonths: nil, first: nil, last: nil) }
        var first = last
        var count = 1
        while let d = Month.date(first), case let previous = Month.of(d.adding(months: -1)), insured.contains(previous) {
            first = previous
            count += 1
        }
        let gap = max(0, Month.range(last, month).count - 2)
        return Derived(continuousMonths: count, gapMonths: gap, first: first, last: last)
    }

    struct Derived: Sendable, Equatable {
        var continuousMonths: Int
        var gapMonths: Int?
        var first: String?
        var last: String?

        /// 据医保信息平台记录：2024年1月至2025年12月连续参保24个月，中断2个月
        func text(before month: String) -> String {
            guard let first, let last, let gap = gapMonths else {
                return "据医保信息平台记录：\(Month.chinese(month))前无缴费参保记录（首次参保）"
            }
            let run = "\(Month.chinese(first))至\(Month.chinese(last))连续参保\(continuousMonths)个月"
            return "据医保信息平台记录：\(run)，至\(Month.chinese(month))\(gap == 0 ? "未中断" : "中断缴费\(gap)个月")（平台未标识补缴月份，补缴不计入连续参保）"
        }
    }

    /// The continuity a waiting-period rule uses, with the findings that show how it was counted.
    static func resolve(_ ctx: RuleContext, rule: String, cite: String) -> (Continuity, [Finding]) {
        let c = ctx.caseFile
        let typedContinuous = c.fact("continuous_months")?.intValue
        let typedGap = c.fact("gap_months")?.intValue
        let month = Month.of(ctx.today)
        guard let derived = derived(from: c.platformRecords, before: month) else {
            return (Continuity(continuousMonths: typedContinuous, gapMonths: typedGap), [])
        }
        let shown = Cite(rule: rule, citation: cite, field: "platform_records")
        var findings = [shown.info(derived.text(before: month))]
        var result = Continuity(continuousMonths: derived.continuousMonths, gapMonths: derived.gapMonths)
        var differences: [String] = []
        if let typedContinuous, typedContinuous != derived.continuousMonths {
            differences.append("连续参保\(typedContinuous)个月（平台推算\(derived.continuousMonths)个月）")
            result.continuousMonths = typedContinuous
        }
        if let typedGap, typedGap != derived.gapMonths {
            differences.append("中断缴费\(typedGap)个月（平台推算\(derived.gapMonths.map { "\($0)个月" } ?? "无")）")
            result.gapMonths = typedGap
        }
        if !differences.isEmpty {
            findings.append(Cite(rule: rule, citation: cite, field: "continuous_months")
                .approval("窗口录入的\(differences.joined(separator: "、"))与医保信息平台记录不符：以录入值为准须说明理由（如补缴月份、平台未载入的参保经历），由审核员审核"))
        }
        return (result, findings)
    }
}
