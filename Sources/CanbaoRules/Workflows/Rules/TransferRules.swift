/// Transfers of the basic medical insurance relationship (转移接续): 国家规程 第十条, 内蒙古细则 第十八条至第二十二条,
/// 江门规程 第十四条、第二十五条、第二十六条, 某市通知 四（三）. `transfer-out` is handled where the person was insured
/// (`here` → `destination`), `transfer-in` where the person is now insured (`origin_place` → `here`).
enum TransferRules {
    static let nationalCite = "国家规程 第十条"

    enum Direction { case out, into }

    static func direction(_ ctx: RuleContext) -> Direction { ctx.workflow.id == "transfer-in" ? .into : .out }

    /// 转出地 and 转入地 as region codes, when both are given.
    static func places(_ ctx: RuleContext) -> (from: String, to: String)? {
        guard let here = ctx.here else { return nil }
        switch direction(ctx) {
        case .out: return ctx.caseFile.text("destination").map { (here, $0) }
        case .into: return ctx.caseFile.text("origin_place").map { ($0, here) }
        }
    }

    /// Cross-province (跨省, 内蒙古细则 第十九条) or inside the province (区内, 第二十条); nil when not both codes.
    static func crossProvince(_ ctx: RuleContext) -> Bool? {
        places(ctx).flatMap { RegionCode.crossProvince($0.from, $0.to) }
    }

    /// A transfer inside Inner Mongolia: no document may be demanded (内蒙古细则 第二十条（一）).
    static func documentsWaived(_ ctx: RuleContext) -> Bool {
        guard let (on, _) = ctx.bool("transfer.in_province.no_documents"), on else { return false }
        return crossProvince(ctx) == false
    }

    static func scopeCite(_ ctx: RuleContext, cross: Bool) -> String {
        if ctx.policy.includes("jiangmen") { return direction(ctx) == .out ? "江门规程 第二十六条" : "江门规程 第二十五条" }
        if ctx.policy.includes("inner-mongolia") { return cross ? "内蒙古细则 第十九条" : "内蒙古细则 第二十条" }
        return nationalCite
    }

    // MARK: transfer.places

    /// Both places are region codes and differ; the verdict carries what the 信息表 needs (内蒙古细则 第十九条（二）).
    static func placesRule(_ ctx: RuleContext) -> RuleOutcome {
        guard let (from, to) = places(ctx) else { return .none }
        let field = direction(ctx) == .out ? "destination" : "origin_place"
        let other = direction(ctx) == .out ? to : from
        let rule = Cite(rule: "transfer.places", citation: nationalCite, field: field)
        guard RegionCode.isCode(other), let here = ctx.here, RegionCode.isCode(here) else {
            return RuleOutcome(findings: [rule.block("转出地、转入地应为6位统筹区代码（用于判断跨省或区内转移接续）：“\(other.prefix(24))”")])
        }
        if from == to {
            return RuleOutcome(findings: [rule.block("转出地与转入地相同（\(from)），无需办理转移接续")])
        }
        let cross = from.prefix(2) != to.prefix(2)
        let cite = scopeCite(ctx, cross: cross)
        var findings: [Finding] = []
        if ctx.policy.includes("inner-mongolia") {
            let text = cross ? "跨省转移接续：转出地校验规则为中止参保，转入地校验规则为正常参保"
                : "区内转移接续：转入地、转出地不得要求提供任何证明材料"
            findings.append(Cite(rule: "transfer.places", citation: cross ? "内蒙古细则 第十九条（一）" : "内蒙古细则 第二十条（一）", field: field).info(text))
        }
        let details = TransferDetails(
            direction: direction(ctx) == .out ? "out" : "in", from: from, to: to,
            scope: cross ? "cross-province" : "in-province", scheme: ctx.scheme, flexible: ctx.caseFile.isFlexible,
            records: ctx.records(at: from, scheme: ctx.scheme).filter { $0.status != .terminated },
            informationSheet: direction(ctx) == .out,
            citation: direction(ctx) == .out && cross ? "内蒙古细则 第十九条（二）" : cite)
        return RuleOutcome(findings: findings, transfer: details)
    }

    // MARK: transfer.out_status

    /// The out-place check is “suspended” (内蒙古细则 第十九条（一）); an active record is suspended with the transfer-out
    /// (国家规程 第十条: 转出地应保存参保人员信息、暂停基本医保关系; 江门规程 第二十六条: 需办理职工医保暂停参保手续) and ends
    /// once the new place completes the transfer.
    static func outStatus(_ ctx: RuleContext) -> RuleOutcome {
        guard let here = ctx.here, ctx.caseFile.scheme != nil else { return .none }
        let records = ctx.records(at: here, scheme: ctx.scheme)
        let rule = Cite(rule: "transfer.out_status", citation: nationalCite, field: "platform_records")
        guard let record = records.first(where: { $0.status != .terminated }) else {
            let why = records.isEmpty ? "医保信息平台未查到本统筹区（\(here)）\(ctx.scheme.chinese)参保记录" : "本统筹区\(ctx.scheme.chinese)参保关系已终止（\(records[0].summary)）"
            return RuleOutcome(findings: [rule.block("\(why)，无可转出的参保关系")])
        }
        if record.status == .suspended {
            let cite = ctx.policy.includes("inner-mongolia") ? "内蒙古细则 第十九条（一）" : nationalCite
            return RuleOutcome(findings: [Cite(rule: "transfer.out_status", citation: cite, field: "platform_records")
                    .info("已中止参保（\(record.summary)），符合转出校验；转入地完成接续后本地参保关系自动终止")])
        }
        let cite = ctx.policy.includes("jiangmen") ? "江门规程 第二十六条" : (ctx.policy.includes("inner-mongolia") ? "内蒙古细则 第二十二条" : nationalCite)
        let finding = Cite(rule: "transfer.out_status", citation: cite, field: "platform_records")
            .warn("转出须先中止参保：办理转出时同步暂停本统筹区参保关系（\(record.summary)），保存参保信息；转入地完成接续后自动终止")
        return RuleOutcome(findings: [finding], replaces: [ReplacedRecord(record: record, action: .suspend, citation: cite)])
    }

    // MARK: transfer.in_status

    /// The in-place check is “active” (内蒙古细则 第十九条（一）; 江门规程 第二十五条（一）: insured here): the person
    /// registers here first. The out-place record must exist and not be terminated; a suspended one ends
    /// automatically when the transfer completes (国家规程 第十条).
    static func inStatus(_ ctx: RuleContext) -> RuleOutcome {
        guard let here = ctx.here, ctx.caseFile.scheme != nil else { return .none }
        let inCite = ctx.policy.includes("jiangmen") ? "江门规程 第二十五条（一）" : (ctx.policy.includes("inner-mongolia") ? "内蒙古细则 第十九条（一）" : "国家规程 第七条")
        var findings: [Finding] = []
        if !ctx.records(at: here, scheme: ctx.scheme).contains(where: { $0.status == .active }) {
            findings.append(Cite(rule: "transfer.in_status", citation: inCite, field: "platform_records")
                .block("转入地校验规则为正常参保：本统筹区（\(here)）尚无\(ctx.scheme.chinese)正常参保记录，须先办理参保登记再申请转入"))
        }
        guard let origin = ctx.caseFile.text("origin_place") else { return RuleOutcome(findings: findings) }
        let rule = Cite(rule: "transfer.in_status", citation: nationalCite, field: "origin_place")
        let records = ctx.records(at: origin, scheme: ctx.scheme)
        guard let record = records.first(where: { $0.status != .terminated }) else {
            let why = records.isEmpty ? "医保信息平台未查到转出地（\(origin)）\(ctx.scheme.chinese)参保记录" : "转出地参保关系已终止（\(records[0].summary)）"
            findings.append(rule.block("\(why)，无可转入的参保关系"))
            return RuleOutcome(findings: findings)
        }
        if record.status == .active {
            findings.append(rule.info("转出地仍为正常参保（\(record.summary)）：转入申请传送转出地，由转出地中止参保并生成《参保人基本医疗保险信息表》"))
            return RuleOutcome(findings: findings)
        }
        findings.append(rule.info("转出地已中止参保（\(record.summary)）：转移接续完成后，转出地参保关系自动终止"))
        return RuleOutcome(findings: findings, replaces: [ReplacedRecord(record: record, action: .terminate, citation: nationalCite)])
    }

    // MARK: transfer.deadline

    /// The deadline: cross-province, the out-place issues the 信息表 within 10 working days and the in-place completes
    /// within 5 working days of receiving it (内蒙古细则 第十九条（二）（三）); Jiangmen finishes a transfer-in on the spot
    /// (江门规程 第二十五条; 第二十六条 sets nothing for the transfer-out); inside Inner Mongolia and in the national
    /// text no deadline is set.
    static func deadline(_ ctx: RuleContext) -> RuleOutcome {
        guard let cross = crossProvince(ctx) else { return .none }
        let dir = direction(ctx)
        let field = dir == .out ? "destination" : "received_date"
        if dir == .into, let (spot, cite) = ctx.bool("transfer.on_the_spot"), spot {
            return RuleOutcome(findings: [Cite(rule: "transfer.deadline", citation: cite, field: field)
                    .info("携带申请材料到前台办理的，即时办结（\(ctx.today)）")], dueDate: ctx.today)
        }
        let key = dir == .out ? "transfer.cross_province.out_working_days" : "transfer.cross_province.in_working_days"
        guard cross, let (days, cite) = ctx.int(key) else {
            let cite = ctx.policy.includes("inner-mongolia") ? "内蒙古细则 第二十条" : (ctx.policy.includes("jiangmen") ? scopeCite(ctx, cross: cross) : nationalCite)
            let text = ctx.policy.includes("inner-mongolia") && !cross
                ? "区内转移接续，细则未设办结时限（按政务服务事项清单，内蒙古细则 第二十五条）"
                : "本统筹区政策未设转移接续办结时限：按规定及时办理"
            return RuleOutcome(findings: [Cite(rule: "transfer.deadline", citation: cite, field: field).info(text)])
        }
        var start = ctx.today
        var since = "自 \(ctx.today) 起算"
        var findings: [Finding] = []
        if dir == .into {
            switch ctx.dateFact("received_date") {
            case let .failure(e)?:
                return RuleOutcome(findings: [Cite(rule: "transfer.deadline", citation: cite, field: field)
                        .block("收到《信息表》日期不是有效日期（应为 YYYY-MM-DD）：“\(e.text)”")])
            case let .success(date)?:
                if date > ctx.today {
                    return RuleOutcome(findings: [Cite(rule: "transfer.deadline", citation: cite, field: field)
                            .block("收到《信息表》日期 \(date) 晚于办理日期 \(ctx.today)")])
                }
                start = date
                since = "自 \(date) 收到起算"
            case nil:
                since = "未填写收到《信息表》日期，自受理之日 \(ctx.today) 起算"
            }
        }
        let (deadline, calendarFindings) = ctx.workingDayDeadline(days, after: start, rule: "transfer.deadline", field: field, cite: cite)
        findings += calendarFindings
        guard let due = deadline else { return RuleOutcome(findings: findings) }
        let rule = Cite(rule: "transfer.deadline", citation: cite, field: field)
        let what = dir == .out ? "受理后\(days)个工作日内生成《参保人基本医疗保险信息表》并传送转入地" : "收到《信息表》后\(days)个工作日内完成转入"
        if ctx.today > due {
            findings.append(rule.warn("\(what)，截止 \(due)，已逾期\(ctx.forms.calendar.workingDays(between: due, and: ctx.today))个工作日"))
        } else {
            findings.append(rule.info("\(what)，截止 \(due)（\(since)，不含当日，节假日顺延）"))
        }
        return RuleOutcome(findings: findings, dueDate: due)
    }

    // MARK: transfer.applicant

    /// Employees' transfers are applied for by the employer; a person applying alone is a special case
    /// (内蒙古细则 第十八条 “特殊情况可由个人办理”) for a supervisor. Flexible employees apply themselves: an employer
    /// applying for one is refused (第十八条 “灵活就业人员由个人申请办理”).
    static func applicant(_ ctx: RuleContext) -> RuleOutcome {
        // 灵活就业人员由个人申请办理: no employer applies for them.
        if ctx.scheme == .employee, ctx.caseFile.isFlexible, ctx.caseFile.text("applicant") == "employer",
           let (on, cite) = ctx.bool("transfer.employee_via_employer"), on {
            return RuleOutcome(findings: [Cite(rule: "transfer.applicant", citation: cite, field: "applicant")
                    .block("灵活就业人员的转移接续由个人申请办理，参保单位不能代为申请")])
        }
        guard ctx.scheme == .employee, !ctx.caseFile.isFlexible, let applicant = ctx.caseFile.text("applicant"),
              applicant != "employer", let (on, cite) = ctx.bool("transfer.employee_via_employer"), on else { return .none }
        return RuleOutcome(findings: [Cite(rule: "transfer.applicant", citation: cite, field: "applicant")
                .approval("单位职工的转移接续由单位为其申请办理，个人申请属特殊情况，须审核")])
    }

    // MARK: transfer.gap

    /// A gap in payment before the transfer: within 3 months the person back-pays (补缴) and has benefits from the
    /// payment month with the gap's benefits retroactive (内蒙古细则 第二十条（二）, inside the region; 江门规程 第十四条);
    /// 某市通知 四（三）: back-paid employee months are reimbursed, a resident has benefits from the day after payment.
    /// A longer gap: 内蒙古细则 “按自治区有关规定” (not among the texts: a supervisor), 某市通知 四（一）（二） a waiting
    /// period, 江门规程 第十四条 no retroactive benefits.
    static func gap(_ ctx: RuleContext) -> RuleOutcome {
        guard let gap = ctx.caseFile.fact("gap_months")?.intValue, gap > 0 else { return .none }
        guard let (maxGap, cite) = ctx.int("transfer.backpay.max_gap_months") else {
            return RuleOutcome(findings: [Cite(rule: "transfer.gap", citation: "国家规程 第九条", field: "gap_months")
                    .info("转移接续前中断缴费\(gap)个月：补缴及待遇享受起止时间按统筹地区规定执行")])
        }
        let scope = ctx.text("transfer.backpay.scope")?.0 ?? "any"
        if scope == "in-province", crossProvince(ctx) != false {
            return RuleOutcome(findings: [Cite(rule: "transfer.gap", citation: "内蒙古细则 第十九条", field: "gap_months")
                    .info("跨省转入前中断缴费\(gap)个月：细则第二十条（二）的补缴衔接适用于区内转移接续，跨省转入的补缴按转入地规定办理")])
        }
        let rule = Cite(rule: "transfer.gap", citation: cite, field: "gap_months")
        if gap <= maxGap {
            let retroactive = ctx.text("transfer.backpay.retroactive")?.0 ?? "all"
            if retroactive == "employee-only", ctx.scheme == .resident {
                return RuleOutcome(findings: [rule.info("转移接续前后\(maxGap)个月内参加当年度居民医保：自参保缴费次日起享受待遇，中断期间不追溯")],
                                   benefitStart: ctx.today.adding(days: 1), waitingPeriodMonths: 0, backPayMonths: 0)
            }
            let first = ctx.today.firstOfMonth.adding(months: -gap)
            return RuleOutcome(findings: [rule.info("中断缴费\(gap)个月（\(maxGap)个月以内）：可补缴中断期间\(gap)个月医保费，缴费当月即可享受待遇，中断期间（自 \(first) 起）的待遇可追溯享受")],
                               benefitStart: first, waitingPeriodMonths: 0, backPayMonths: gap)
        }
        let (handling, hcite) = ctx.text("transfer.backpay.longer_gap") ?? ("approval", cite)
        let longer = Cite(rule: "transfer.gap", citation: hcite, field: "gap_months")
        switch handling {
        case "waiting-period":
            let months = ctx.int("waiting.months")?.0 ?? 6
            let c = ctx.scheme == .employee ? "某市通知 四（一）" : "某市通知 四（二）"
            return RuleOutcome(findings: [Cite(rule: "transfer.gap", citation: c, field: "gap_months")
                    .warn("中断缴费\(gap)个月（超过\(maxGap)个月）：设置\(months)个月待遇享受等待期，等待期内发生的医疗费用不予报销")],
                               benefitStart: ctx.today.adding(months: months), waitingPeriodMonths: months, backPayMonths: 0)
        case "no-retroactive":
            return RuleOutcome(findings: [longer.warn("中断缴费\(gap)个月（超过\(maxGap)个月，不含第\(maxGap)个月）：中断期间的待遇（个人账户待遇除外）不可追溯享受")],
                               backPayMonths: 0)
        default:
            return RuleOutcome(findings: [longer.approval("中断缴费\(gap)个月（超过\(maxGap)个月）：基本医疗保险待遇按自治区有关规定执行，该规定未载入，须审核")])
        }
    }
}
