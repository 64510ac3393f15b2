/// Veterans and military spouses: 国家规程 第十五条 4, 内蒙古细则 第十二条（三）, 江门规程 第十五条.
enum VeteranRules {
    static let nationalCite = "国家规程 第十五条 4"

    static func discharge(_ ctx: RuleContext) -> RuleOutcome {
        guard let text = ctx.caseFile.text("discharge_date") else { return .none }
        let rule = Cite(rule: "veteran.discharge", citation: nationalCite, field: "discharge_date")
        guard let date = LocalDate(text) else {
            return RuleOutcome(findings: [rule.block("退役（就业）日期不是有效日期（应为 YYYY-MM-DD）：“\(text.prefix(24))”")])
        }
        if date > ctx.today {
            return RuleOutcome(findings: [rule.block("退役（就业）日期 \(date) 晚于办理日期 \(ctx.today)")])
        }
        return .none
    }

    static func waiting(_ ctx: RuleContext) -> RuleOutcome {
        guard let (exempt, cite) = ctx.bool("veteran.waiting_exempt"), exempt else { return .none }
        let who = ctx.caseFile.text("role") == "military-spouse" ? "随军未就业军人配偶实现就业后" : "军人退出现役后"
        return RuleOutcome(findings: [Cite(rule: "veteran.waiting", citation: cite, field: "role")
                .info("\(who)参保并办理关系转移接续，不受待遇享受等待期限制")], waitingPeriodMonths: 0)
    }

    static func backpay(_ ctx: RuleContext) -> RuleOutcome {
        guard let gap = ctx.caseFile.fact("gap_months")?.intValue, gap > 0 else { return .none }
        if let (allowed, cite) = ctx.bool("veteran.gap_backpay"), allowed {
            return RuleOutcome(findings: [Cite(rule: "veteran.backpay", citation: cite, field: "gap_months")
                    .info("退役期间医保关系断档\(gap)个月：允许按照参保当月缴费基数补缴断档期间医疗保险费")])
        }
        return RuleOutcome(findings: [Cite(rule: "veteran.backpay", citation: nationalCite, field: "gap_months")
                .warn("退役期间医保关系断档\(gap)个月：本统筹区未规定断档补缴办法，按所在统筹地区规定办理")])
    }

    static func serviceYears(_ ctx: RuleContext) -> RuleOutcome {
        guard ctx.caseFile.text("role") == "veteran", ctx.scheme == .employee,
              let (counts, cite) = ctx.bool("veteran.service_years_count"), counts else { return .none }
        return RuleOutcome(findings: [Cite(rule: "veteran.service_years", citation: cite, field: "role")
                .info("服现役年限视同职工医保实际缴费年限：经办机构收到入伍登记表、退出现役登记表后转属地退役军人事务局核定，由其填写《退役军人职工医保视同缴费年限明细表》（附表1）")])
    }
}
