/// The lump-sum payment to the required years (一次性缴费至规定年限): 江门规程 第十七条 (base: the average monthly
/// wage of all urban units of the year before last at the place of retirement benefits; benefits from the month after
/// full payment, no refund once they start; or paying monthly at the retiree rate, applied for by the 15th of the
/// month after the retirement age, with in-service benefits and no personal account meanwhile); 内蒙古细则 第九条（四）、
/// 第十条（三） (at the contribution standard of the month of retirement, in full, before retirement).
enum LumpSumRules {
    static func owed(_ ctx: RuleContext) -> RuleOutcome {
        guard var (details, findings) = RetirementRules.count(ctx, rule: "lump_sum.owed") else { return .none }
        let cite = RetirementRules.cite(ctx)
        guard let required = details.requiredMonths, let owed = details.monthsOwed else {
            return RuleOutcome(findings: findings, retirement: details)
        }
        if owed == 0 {
            findings.append(Cite(rule: "lump_sum.owed", citation: cite, field: "contribution_months")
                .block("累计缴费已达到规定年限\(RetirementRules.years(required))，无需一次性缴费：直接办理职工医保退休核定"))
            return RuleOutcome(findings: findings, retirement: details)
        }
        let mode = ctx.caseFile.text("payment_mode") ?? "lump-sum"
        let (lump, more, start) = mode == "monthly" ? monthly(owed, ctx) : lumpSum(owed, ctx)
        findings.append(Cite(rule: "lump_sum.owed", citation: cite, field: "contribution_months")
            .info("规定年限\(RetirementRules.years(required))，尚差\(RetirementRules.years(owed))（\(owed)个月）"))
        details.lumpSum = lump
        return RuleOutcome(findings: findings + more, benefitStart: start, retirement: details)
    }

    /// Paying monthly at the retiree rate instead (Jiangmen only): in-service benefits meanwhile, no personal account.
    static func monthly(_ owed: Int, _ ctx: RuleContext) -> (RetirementDetails.LumpSum?, [Finding], LocalDate?) {
        guard let (on, cite) = ctx.bool("lump_sum.monthly_alternative"), on else {
            let cite = RetirementRules.cite(ctx)
            return (nil, [Cite(rule: "lump_sum.owed", citation: cite, field: "payment_mode")
                .block("本统筹区规定缴费未达到规定年限的，按规定一次性足额补缴至规定年限方可办理医保退休，不能按月缴纳")], nil)
        }
        var findings = [Cite(rule: "lump_sum.owed", citation: cite, field: "payment_mode")
            .info("选择按月缴纳退休职工基本医疗保险费：向税务部门办理按退休职工标准缴费；按月缴费期间享受在职人员医疗保障待遇，不计发个人账户")]
        if let (by, bcite) = RetirementRules.stopPaymentBy(ctx) {
            let c = Cite(rule: "lump_sum.owed", citation: bcite, field: "retirement_age_date")
            findings.append(ctx.today > by ? c.warn("应在达到法定退休年龄次月15日前（\(by)）向税务部门办理按退休职工标准缴费，已超过")
                : c.info("应在 \(by) 前向税务部门办理按退休职工标准缴费"))
        }
        return (RetirementDetails.LumpSum(mode: "monthly", months: owed, baseMonthlyFen: nil, baseSource: nil, amountFen: nil,
                                          benefitsFrom: nil, citation: cite), findings, nil)
    }

    /// The lump sum: its base by the region's rule, and when benefits start.
    static func lumpSum(_ owed: Int, _ ctx: RuleContext) -> (RetirementDetails.LumpSum?, [Finding], LocalDate?) {
        guard let (base, bcite) = ctx.text("lump_sum.base") else {
            return (nil, [Cite(rule: "lump_sum.owed", citation: "国家规程 第九条", field: "payment_mode")
                .approval("本统筹区政策未规定一次性缴费的缴费基数与办法，须审核")], nil)
        }
        var findings: [Finding] = []
        var baseFen: Int?
        var source: String?
        var amount: Int?
        let c = Cite(rule: "lump_sum.owed", citation: bcite, field: base == "current-month-standard" ? "monthly_standard_yuan" : "base_wage_yuan")
        if base == "average-wage-year-before-last" {
            let year = ctx.today.year - 2
            if let p = ctx.param("lump_sum.base_monthly_wage_fen"), case let .int(fen) = p.value {
                baseFen = fen
                source = "\(year)年度全口径城镇单位就业人员月平均工资（\(p.cite)）"
            } else if let yuan = ctx.count("base_wage_yuan") {
                baseFen = yuan * 100
                source = "\(year)年度全口径城镇单位就业人员月平均工资（窗口录入，以统计部门公布数为准；政策档案未载入该数值）"
            }
            if let baseFen {
                findings.append(c.info("缴费基数为办理一次性缴费时退休后待遇享受地上上年度（\(year)年度）全口径城镇单位就业人员月平均工资：\(Money.yuan(baseFen))元/月；缴费比例按本市规定"))
            } else {
                findings.append(c.block("请填写\(year)年度全口径城镇单位就业人员月平均工资（元）：一次性缴费的缴费基数"))
            }
        } else {
            if let yuan = ctx.count("monthly_standard_yuan") {
                baseFen = yuan * 100
                source = "办理医保退休当月缴费标准（窗口录入）"
                amount = owed * yuan * 100
                findings.append(c.info("按照办理医保退休当月缴费标准（\(Money.yuan(yuan * 100))元/月）一次性足额补缴\(owed)个月，共\(Money.yuan(owed * yuan * 100))元，方可办理医保退休"))
            } else {
                findings.append(c.block("请填写办理医保退休当月的缴费标准（元/月）：按该标准一次性足额补缴至规定年限"))
            }
        }
        var start: LocalDate?
        if let (on, scite) = ctx.bool("lump_sum.benefits_month_after_payment"), on {
            let s = Cite(rule: "lump_sum.owed", citation: scite, field: "paid_in_full_date")
            switch ctx.dateFact("paid_in_full_date") {
            case let .success(paid)?:
                if paid > ctx.today {
                    findings.append(s.block("足额缴纳完成日期 \(paid) 晚于办理日期 \(ctx.today)"))
                } else {
                    start = paid.firstOfMonth.adding(months: 1)
                    findings.append(s.info("一次性缴费已于 \(paid) 足额缴纳：自 \(start!) 起享受退休人员医疗保障待遇，进入待遇享受期后不作退费"))
                }
            case let .failure(e)?:
                findings.append(s.block("足额缴纳完成日期不是有效日期（应为 YYYY-MM-DD）：“\(e.text)”"))
            case nil:
                findings.append(s.info("足额缴纳后，从缴费完成的次月起享受待遇；进入待遇享受期后不作退费（未进入前因死亡等特殊原因可申请退费，江门规程 第十九条）"))
            }
        }
        return (RetirementDetails.LumpSum(mode: "lump-sum", months: owed, baseMonthlyFen: baseFen, baseSource: source,
                                          amountFen: amount, benefitsFrom: start, citation: bcite), findings, start)
    }
}

/// Amounts in whole fen (分), shown in yuan.
public enum Money {
    /// 14880 for 1488000 fen, 6.05 for 605.
    public static func yuan(_ fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let f = abs(fen)
        return f % 100 == 0 ? "\(sign)\(f / 100)" : "\(sign)\(f / 100).\(f % 100 < 10 ? "0" : "")\(f % 100)"
    }
}
