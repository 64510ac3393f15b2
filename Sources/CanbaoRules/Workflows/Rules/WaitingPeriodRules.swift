/// Waiting periods (待遇等待期) where a region sets them: 某市通知 四（一）（二）. Exempt: veterans and military
/// spouses (国家规程 第十五条 4), assisted persons switching or transferring (国家规程 第十五条 1).
enum WaitingPeriodRules {
    static func period(_ ctx: RuleContext) -> RuleOutcome {
        let c = ctx.caseFile
        if ctx.workflow.id == "veteran", let (exempt, _) = ctx.bool("veteran.waiting_exempt"), exempt { return .none }
        // 国家规程 第十五条 1 exempts assisted persons who switch schemes or transfer: they have an enrollment to
        // come from. One joining for the first time waits like anyone else.
        if ctx.isAssisted, !c.platformRecords.isEmpty, let (exempt, cite) = ctx.bool("waiting.assisted_exempt"), exempt {
            return RuleOutcome(findings: [Cite(rule: "waiting.period", citation: cite, field: "assisted")
                    .info("资助参保救助对象切换参保、转移接续不设等待期，参保缴费后即可享受待遇")], waitingPeriodMonths: 0)
        }
        return ctx.scheme == .employee ? employee(ctx) : resident(ctx)
    }

    /// 四（一）: re-joining the employee scheme. Continuous 2 years (back-pay not counted) and a gap within 3 months:
    /// benefits from the payment month; a longer gap: 6 months. The text is silent under 2 years: a supervisor decides.
    /// Someone never insured before is not re-joining (重新参加): 四（一） does not apply. Continuity comes from the
    /// platform's records when the case has any (`Continuity`); with neither records nor typed facts the clerk is
    /// asked for them.
    static func employee(_ ctx: RuleContext) -> RuleOutcome {
        guard let (on, cite) = ctx.bool("waiting.employee"), on,
              let (months, _) = ctx.int("waiting.months"), let (needed, _) = ctx.int("waiting.continuous_months"),
              let (maxGap, _) = ctx.int("waiting.max_gap_months") else { return .none }
        let (continuity, shown) = Continuity.resolve(ctx, rule: "waiting.period", cite: cite)
        let rule = Cite(rule: "waiting.period", citation: cite, field: "gap_months")
        guard let continuous = continuity.continuousMonths else {
            return RuleOutcome(findings: shown + [ask(cite)])
        }
        if continuous == 0 {
            return RuleOutcome(findings: shown + [rule.info("此前未参加基本医疗保险，不属于中断缴费后重新参加职工医保，不适用待遇衔接规定")])
        }
        guard let gap = continuity.gapMonths else {
            return RuleOutcome(findings: shown + [Cite(rule: "waiting.period", citation: cite, field: "gap_months")
                    .block("请填写中断缴费月数：用于判断是否在\(maxGap)个月内重新参保（医保信息平台无记录可推算）")])
        }
        if continuous < needed {
            return RuleOutcome(findings: shown + [rule.approval("连续参保\(continuous)个月（不足\(needed)个月）后中断\(gap)个月重新参加职工医保：通知未规定此情形的待遇衔接，须审核")])
        }
        if gap <= maxGap {
            return RuleOutcome(findings: shown + [rule.info("连续参保满\(needed / 12)年且中断\(gap)个月（\(maxGap)个月内）：自参保缴费之月起享受待遇")],
                               benefitStart: ctx.today.firstOfMonth, waitingPeriodMonths: 0)
        }
        return RuleOutcome(findings: shown + [rule.warn("中断缴费\(gap)个月（超过\(maxGap)个月）：设置\(months)个月待遇享受等待期，等待期内发生的医疗费用职工医保不予报销")],
                           benefitStart: ctx.today.adding(months: months), waitingPeriodMonths: months)
    }

    /// Neither platform records nor typed facts: ask, never assume 0.
    static func ask(_ cite: String) -> Finding {
        Cite(rule: "waiting.period", citation: cite, field: "continuous_months")
            .block("请填写此前连续参保月数（不含补缴，从未参保填 0）和中断缴费月数：医保信息平台无该人员参保记录可推算，待遇等待期无法判断")
    }

    /// 四（二）: joining the current year's resident scheme after missing the collection period.
    static func resident(_ ctx: RuleContext) -> RuleOutcome {
        guard let (on, cite) = ctx.bool("waiting.resident"), on, ctx.coverageYear == ctx.today.year,
              let (months, _) = ctx.int("waiting.months"), let (needed, _) = ctx.int("waiting.continuous_months"),
              let (maxGap, _) = ctx.int("waiting.max_gap_months") else { return .none }
        if let window = RegistrationRules.collectionPeriod(for: ctx.coverageYear, ctx), window.from <= ctx.today, ctx.today <= window.to {
            return .none
        }
        let (continuity, shown) = Continuity.resolve(ctx, rule: "waiting.period", cite: cite)
        guard let continuous = continuity.continuousMonths else {
            return RuleOutcome(findings: shown + [ask(cite)])
        }
        let rule = Cite(rule: "waiting.period", citation: cite, field: "gap_months")
        if continuous >= needed, continuity.gapMonths == nil {
            return RuleOutcome(findings: shown + [Cite(rule: "waiting.period", citation: cite, field: "gap_months")
                    .block("请填写中断缴费月数：连续参保满\(needed / 12)年的，中断\(maxGap)个月内自参保缴费次日起享受待遇（医保信息平台无记录可推算）")])
        }
        if continuous >= needed, let gap = continuity.gapMonths, gap <= maxGap {
            return RuleOutcome(findings: shown + [rule.info("未在集中缴费期参保；连续参保满\(needed / 12)年且中断\(gap)个月（\(maxGap)个月内）：自参保缴费次日起享受待遇")],
                               benefitStart: ctx.today.adding(days: 1), waitingPeriodMonths: 0)
        }
        let why = continuous < needed ? "未连续参加基本医疗保险\(needed / 12)年及以上" : "中断缴费超过\(maxGap)个月"
        return RuleOutcome(findings: shown + [rule.warn("未在集中缴费期参保，且\(why)：设置\(months)个月待遇享受等待期，等待期内发生的医疗费用不予报销")],
                           benefitStart: ctx.today.adding(months: months), waitingPeriodMonths: months)
    }
}
