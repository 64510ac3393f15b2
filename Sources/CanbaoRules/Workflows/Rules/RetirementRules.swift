/// Retirement verification of the employee scheme (职工医保退休核定) and the lump-sum payment to the required years
/// (一次性缴费至规定年限): 江门规程 第十五条至第十七条; 内蒙古细则 第七条、第九条（四）、第十条（三）. No seed gives
/// the statutory retirement age or the minimum years: the clerk enters the day the person reached that age, and the
/// minimum comes from the profile (`retirement.minimum_years`, dated by the year the age is reached, 江门规程 第十五条)
/// or, when no profile records it, from the clerk.
enum RetirementRules {
    static let nationalCite = "国家规程 第九条"

    static func cite(_ ctx: RuleContext) -> String {
        if ctx.policy.includes("jiangmen") { return ctx.workflow.id == "lump-sum" ? "江门规程 第十七条" : "江门规程 第十六条" }
        if ctx.policy.includes("inner-mongolia") { return ctx.caseFile.isFlexible ? "内蒙古细则 第十条（三）" : "内蒙古细则 第九条（四）" }
        return nationalCite
    }

    static func retirementDate(_ ctx: RuleContext) -> LocalDate? {
        if case let .success(d)? = ctx.dateFact("retirement_age_date") { return d }
        return nil
    }

    // MARK: the count

    /// The minimum in months and where it comes from: the profile's figure in force on the day the age was reached,
    /// else the clerk's `required_years`.
    static func minimum(_ ctx: RuleContext, on date: LocalDate) -> (months: Int, source: String)? {
        if let p = ctx.policy.parameter("retirement.minimum_years", on: date), case let .int(years) = p.value {
            return (years * 12, "\(years)年（\(p.cite)）")
        }
        guard let years = ctx.count("required_years") else { return nil }
        return (years * 12, "\(years)年（窗口录入：达到法定退休年龄当年本统筹区规定的最低累计缴费年限，\(cite(ctx))；政策档案未载入该年限）")
    }

    /// True when no profile sets the minimum for the day the age was reached: the form asks the clerk.
    static func minimumUnset(_ ctx: RuleContext) -> Bool {
        guard let date = retirementDate(ctx) else { return true }
        return ctx.policy.parameter("retirement.minimum_years", on: date) == nil
    }

    /// Employee records elsewhere that still hold paid months: not yet transferred here.
    static func pendingTransfers(_ ctx: RuleContext) -> [PlatformRecord] {
        guard let here = ctx.here else { return [] }
        return ctx.caseFile.platformRecords.filter {
            $0.scheme == .employee && $0.place != here && $0.status != .terminated && $0.paid && !($0.months ?? []).isEmpty
        }
    }

    /// Actual contribution months: the paid employee months of the records here and of records elsewhere whose
    /// transfer completed (terminated there, 国家规程 第十条), each month once. From the records when the case has any
    /// employee record; typed `contribution_months` against them is an override for a supervisor; neither: asked.
    static func contribution(_ ctx: RuleContext, rule: String) -> (months: Int?, counted: String?, findings: [Finding]) {
        let typed = ctx.count("contribution_months")
        let employee = ctx.caseFile.platformRecords.filter { $0.scheme == .employee }
        let c = Cite(rule: rule, citation: cite(ctx), field: "contribution_months")
        guard !employee.isEmpty, let here = ctx.here else {
            guard let typed else {
                return (nil, nil, [c.block("请填写累计实际缴费月数：医保信息平台无该人员职工医保缴费记录可统计")])
            }
            return (typed, "typed", [])
        }
        let months = Set(employee.filter { $0.paid && ($0.place == here || $0.status == .terminated) }.flatMap { $0.months ?? [] }
            .filter { Month.date($0) != nil })
        var findings = [Cite(rule: rule, citation: cite(ctx), field: "platform_records")
            .info("据医保信息平台记录：本统筹区及已转入的职工医保实际缴费\(months.count)个月（\(years(months.count))）")]
        if let typed, typed != months.count {
            findings.append(c.approval("窗口录入的累计实际缴费\(typed)个月与医保信息平台记录（\(months.count)个月）不符：以录入值为准须说明理由，由审核员审核"))
            return (typed, "override", findings)
        }
        return (months.count, "platform", findings)
    }

    /// Military service months counted as contribution months (视同缴费年限), where the region counts them
    /// (江门规程 第十五条); elsewhere none of the texts does and a supervisor decides.
    static func military(_ ctx: RuleContext) -> Int {
        guard let months = ctx.count("military_service_months"), months > 0,
              let (counts, _) = ctx.bool("veteran.service_years_count"), counts else { return 0 }
        return months
    }

    /// The 15th (or the profile's day) of the month after the retirement age (达到法定退休年龄次月15日前).
    static func stopPaymentBy(_ ctx: RuleContext) -> (LocalDate, String)? {
        guard let date = retirementDate(ctx), let (day, cite) = ctx.int("retirement.stop_payment_day_next_month") else { return nil }
        let next = date.firstOfMonth.adding(months: 1)
        return (LocalDate(year: next.year, month: next.month, day: min(day, LocalDate.daysIn(month: next.month, year: next.year)))!, cite)
    }

    /// The whole count, shared by both workflows.
    static func count(_ ctx: RuleContext, rule: String) -> (details: RetirementDetails, findings: [Finding])? {
        guard let date = retirementDate(ctx) else { return nil }
        let ranges = ctx.countProblems(["contribution_months", "required_years", "military_service_months", "base_wage_yuan",
                                        "monthly_standard_yuan"], rule: rule, cite: cite(ctx))
        var (months, counted, findings) = contribution(ctx, rule: rule)
        findings = ranges + findings
        let minimum = minimum(ctx, on: date)
        let military = military(ctx)
        let owed = minimum.flatMap { m in months.map { max(0, m.months - $0 - military) } }
        let details = RetirementDetails(retirementDate: date, requiredMonths: minimum?.months, requiredSource: minimum?.source,
                                        contributionMonths: months, counted: counted, militaryMonths: military, monthsOwed: owed,
                                        pendingTransfers: pendingTransfers(ctx).map(\.place), stopPaymentBy: stopPaymentBy(ctx)?.0,
                                        lumpSum: nil, citation: cite(ctx))
        return (details, findings)
    }

    static func years(_ months: Int) -> String { months % 12 == 0 ? "\(months / 12)年" : "\(months / 12)年\(months % 12)个月" }

    // MARK: retirement.age

    /// The statutory retirement age (or another statutory condition) must have been reached.
    static func age(_ ctx: RuleContext) -> RuleOutcome {
        switch ctx.dateFact("retirement_age_date") {
        case nil: return .none
        case let .failure(e)?:
            return RuleOutcome(findings: [Cite(rule: "retirement.age", citation: cite(ctx), field: "retirement_age_date")
                    .block("达到法定退休年龄日期不是有效日期（应为 YYYY-MM-DD）：“\(e.text)”")])
        case let .success(date)?:
            if date > ctx.today {
                return RuleOutcome(findings: [Cite(rule: "retirement.age", citation: cite(ctx), field: "retirement_age_date")
                        .block("尚未达到法定退休年龄（\(date)）：达到法定退休年龄或符合其他法定退休条件后方可办理")])
            }
            return .none
        }
    }

    // MARK: retirement.place

    /// Jiangmen verifies only those who chose Jiangmen as the place of retirement benefits (确定本市为退休后待遇享受地,
    /// 江门规程 第十六条、第十七条).
    static func place(_ ctx: RuleContext) -> RuleOutcome {
        guard let (required, cite) = ctx.bool("retirement.benefit_place_required"), required,
              ctx.caseFile.fact("benefit_place_here")?.boolValue == false else { return .none }
        return RuleOutcome(findings: [Cite(rule: "retirement.place", citation: cite, field: "benefit_place_here")
                .block("参保人须确定本市为退休后待遇享受地，方可在本市办理职工医保退休核定或一次性缴费")])
    }

    // MARK: retirement.transfers

    /// Years paid elsewhere count once transferred here: Jiangmen requires the transfer before the verification and
    /// transfers nothing after it (江门规程 第十六条（一））; elsewhere the years not transferred are simply not counted.
    static func transfers(_ ctx: RuleContext) -> RuleOutcome {
        let pending = pendingTransfers(ctx)
        guard !pending.isEmpty else { return .none }
        let list = pending.map(\.summary).joined(separator: "；")
        if let (first, cite) = ctx.bool("retirement.transfers_first"), first {
            return RuleOutcome(findings: [Cite(rule: "retirement.transfers", citation: cite, field: "platform_records")
                    .block("应在办理退休核定手续前，将市外其他统筹地区职工医保实际缴费年限转移接续至本市（\(list)）；退休核定后不再办理转移")])
        }
        let cite = ctx.policy.includes("inner-mongolia") ? "内蒙古细则 第十八条" : "国家规程 第十条"
        return RuleOutcome(findings: [Cite(rule: "retirement.transfers", citation: cite, field: "platform_records")
                .warn("其他统筹地区尚有未转入的职工医保缴费记录（\(list)），未计入本次缴费年限：可先办理转移接续")])
    }

    // MARK: retirement.military

    /// Years of active service count as contribution years in Jiangmen; the agency forwards the 入伍登记表 and
    /// 退出现役登记表 to the veterans affairs bureau, which returns the stamped 附表1 (江门规程 第十五条).
    static func militaryService(_ ctx: RuleContext) -> RuleOutcome {
        guard let months = ctx.count("military_service_months"), months > 0 else { return .none }
        if let (counts, cite) = ctx.bool("veteran.service_years_count"), counts {
            return RuleOutcome(findings: [Cite(rule: "retirement.military", citation: cite, field: "military_service_months")
                    .info("服现役\(years(months))视同职工医保实际缴费年限，与入伍前和退出现役后的缴费年限合并计算；以退役军人事务局盖章的《退役军人职工医保视同缴费年限明细表》（附表1）为准（未核定的，持入伍登记表、退出现役登记表申请，由经办机构转退役军人事务局核定）")])
        }
        return RuleOutcome(findings: [Cite(rule: "retirement.military", citation: "国家规程 第十五条 4", field: "military_service_months")
                .approval("服现役\(years(months))申请视同缴费年限：本统筹区政策未规定，须审核（江门规程 第十五条规定视同实际缴费年限）")])
    }

    // MARK: retirement.years

    /// The verification: years reached → no more premiums, retiree benefits; short → a lump-sum payment to the
    /// required years first (内蒙古细则 第九条（四）、第十条（三）; 江门规程 第十七条, or paying monthly); already paid
    /// as a lump sum in Jiangmen → no verification needed (第十六条（三））.
    static func verify(_ ctx: RuleContext) -> RuleOutcome {
        guard let (details, shown) = count(ctx, rule: "retirement.years") else { return .none }
        let cite = cite(ctx)
        let rule = Cite(rule: "retirement.years", citation: cite, field: "contribution_months")
        var findings = shown
        if ctx.caseFile.flag("lump_sum_paid"), let (on, lcite) = ctx.bool("retirement.lump_sum_done_no_verification"), on {
            findings.append(Cite(rule: "retirement.years", citation: lcite, field: "lump_sum_paid")
                .block("已办理本市基本医疗保险一次性缴费的退休人员，无需办理职工医疗保险退休核定手续，直接享受退休人员医疗保障待遇"))
            return RuleOutcome(findings: findings, retirement: details)
        }
        guard let required = details.requiredMonths, let months = details.contributionMonths, let owed = details.monthsOwed else {
            return RuleOutcome(findings: findings, retirement: details)
        }
        let counted = details.militaryMonths > 0 ? "实际缴费\(years(months))、服现役视同\(years(details.militaryMonths))" : "实际缴费\(years(months))"
        if owed == 0 {
            findings.append(rule.info("累计\(counted)，达到规定年限\(years(required))：退休后不再缴纳基本医疗保险费，享受退休人员医疗保障待遇"))
        } else if ctx.caseFile.flag("lump_sum_paid") {
            findings.append(rule.info("累计\(counted)，不足规定年限\(years(required))，已按规定一次性足额补缴\(years(owed))：可办理医保退休"))
        } else {
            let monthly = ctx.bool("lump_sum.monthly_alternative")?.0 == true ? "，或选择按月缴纳退休职工基本医疗保险费" : ""
            findings.append(rule.block("累计\(counted)，不足规定年限\(years(required))，差\(years(owed))：须按规定一次性足额缴费至规定年限\(monthly)后方可办理（改办“一次性缴费”业务）"))
        }
        return RuleOutcome(findings: findings, retirement: details)
    }

    // MARK: retirement.stop_payment

    /// Jiangmen: stop payment at the tax office by the 15th of the month after the retirement age, then verify
    /// here with the 附表2 (江门规程 第十六条（二））.
    static func stopPayment(_ ctx: RuleContext) -> RuleOutcome {
        guard let (by, cite) = stopPaymentBy(ctx) else { return .none }
        let c = Cite(rule: "retirement.stop_payment", citation: cite, field: "tax_stopped")
        guard ctx.caseFile.fact("tax_stopped")?.boolValue == false else {
            return RuleOutcome(findings: [c.info("已到税务部门办理停保手续（应在 \(by) 前办理）")])
        }
        let late = ctx.today > by ? "，已超过 \(by)" : "（截至 \(by)）"
        return RuleOutcome(findings: [c.block("应在达到法定退休年龄次月15日前到税务部门办理停保手续\(late)，再办理职工医疗保险退休核定")])
    }

    // MARK: retirement.deadline

    /// Jiangmen completes the verification within 10 working days of acceptance (江门规程 第十六条（二））.
    static func deadline(_ ctx: RuleContext) -> RuleOutcome {
        guard let (days, cite) = ctx.int("retirement.verify_working_days") else { return .none }
        let (due, calendar) = ctx.workingDayDeadline(days, after: ctx.today, rule: "retirement.deadline", field: "retirement_age_date", cite: cite)
        // Past the last modelled calendar year the working-day finding says why there is no date.
        guard let due else { return RuleOutcome(findings: calendar) }
        return RuleOutcome(findings: calendar + [Cite(rule: "retirement.deadline", citation: cite, field: "retirement_age_date")
                .info("受理之日起\(days)个工作日内完成职工医疗保险退休核定，截止 \(due)（不含当日，节假日顺延）")], dueDate: due)
    }

    // MARK: retirement.applicant

    /// Inner Mongolia: the employer applies for its employees (参保单位应及时为其申请办理医保退休, 第九条（四））; a flexible
    /// employee applies in person (第十条（三））. 第七条: the retiree's benefits are not tied to drawing the pension here.
    static func applicant(_ ctx: RuleContext) -> RuleOutcome {
        var findings: [Finding] = []
        let applicant = ctx.caseFile.text("applicant")
        if let (on, cite) = ctx.bool("retirement.employer_applies"), on, let applicant {
            if !ctx.caseFile.isFlexible, applicant != "employer" {
                findings.append(Cite(rule: "retirement.applicant", citation: cite, field: "applicant")
                    .warn("参保职工的医保退休由参保单位申请办理：请核实单位已知悉或由单位补交申请"))
            }
            if ctx.caseFile.isFlexible, applicant == "employer" {
                findings.append(Cite(rule: "retirement.applicant", citation: "内蒙古细则 第十条（三）", field: "applicant")
                    .block("灵活就业人员达到法定退休年龄，由本人申请办理医保退休"))
            }
        }
        if let (on, cite) = ctx.bool("retirement.pension_not_bound"), on, ctx.caseFile.fact("pension_here")?.boolValue == false {
            findings.append(Cite(rule: "retirement.applicant", citation: cite, field: "pension_here")
                .info("不得将职工医保退休人员待遇与在当地按月领取基本养老金绑定：在外地领取养老金不影响办理"))
        }
        return RuleOutcome(findings: findings)
    }
}
