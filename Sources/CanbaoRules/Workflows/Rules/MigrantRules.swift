/// Migrant and seasonal workers, flexible employment: 国家规程 第六条、第十五条 5, 内蒙古细则 第五条、第十条、第十六条.
enum MigrantRules {
    static let nationalCite = "国家规程 第六条"

    /// Residence permit holders enroll where they live, on the same terms as locals; without hukou here or a permit,
    /// the person enrolls at the hukou place (内蒙古细则 第十一条（二）1, 第十条（一）).
    static func residence(_ ctx: RuleContext) -> RuleOutcome {
        let c = ctx.caseFile
        guard let local = c.fact("local_hukou")?.boolValue, !local else { return .none }
        // Joining through an employer needs no residence permit (内蒙古细则 第九条（一）、第二十一条).
        if Predicates.all["employee.via_employer"]?(ctx) == true { return .none }
        let cite = ctx.bool("residence.permit_enrollment")?.1 ?? nationalCite
        let rule = Cite(rule: "migrant.residence", citation: cite, field: "has_residence_permit")
        if c.flag("has_residence_permit") {
            return RuleOutcome(findings: [rule.info("持居住证在居住地参保，不受户籍限制，与本地居民同等缴费和享受待遇")])
        }
        return RuleOutcome(findings: [rule.block("非本地户籍且未持居住证：应在户籍地参保，或办理居住证后在居住地参保")])
    }

    /// What a new flexible employee pays: IM the remaining months of the contribution year (第十六条, year from
    /// 1 July: 第十四条); Jiangmen monthly (第九条).
    static func flexiblePayment(_ ctx: RuleContext) -> RuleOutcome {
        let c = ctx.caseFile
        guard ctx.scheme == .employee, c.isFlexible || c.text("work") == "flexible",
              let (mode, cite) = ctx.text("flexible.payment") else { return .none }
        let rule = Cite(rule: "migrant.flexible_payment", citation: cite, field: "work")
        if mode == "monthly" {
            return RuleOutcome(findings: [rule.info("灵活就业人员逐月申报缴费")])
        }
        guard let p = ctx.param("contribution_year.start"), case let .monthDayRange(start, _) = p.value else {
            return RuleOutcome(findings: [rule.info("新参保的灵活就业人员只缴纳参保登记之后业务年度剩余月数的医疗保险费")])
        }
        let today = ctx.today
        let startYear = (today.month, today.day) >= (start.month, start.day) ? today.year : today.year - 1
        let end = start.date(in: startYear + 1).adding(days: -1)
        let months = (end.year * 12 + end.month) - (today.year * 12 + today.month) + 1
        return RuleOutcome(findings: [rule.info("新参保的灵活就业人员只缴纳参保登记之后业务年度剩余月数的医疗保险费：本业务年度至 \(end) 共\(months)个月（含登记当月）")])
    }
}
