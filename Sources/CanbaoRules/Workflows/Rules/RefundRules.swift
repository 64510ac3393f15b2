/// Refunds (退费): 国家规程 第十六条、第十七条, 内蒙古细则 第十七条, 达拉特旗方案 五（六）4, 江门规程 第十九条、第二十三条,
/// 某市通知 六. Whether a refund is due and for which months; the verdict's `refund` carries the period.
enum RefundRules {
    static let nationalCite = "国家规程 第十六条"

    enum Reason: String, CaseIterable {
        // Resident premium.
        case duplicate
        case joinedEmployee = "joined-employee"
        case otherRegion = "other-region"
        case death
        case employeeBenefits = "employee-benefits"
        case assistedHigherTier = "assisted-higher-tier"
        // Employee premium.
        case flexibleEmployed = "flexible-employed"
        case leftJobLate = "left-job-late"
        case policyAdjustment = "policy-adjustment"
        case processingError = "processing-error"
        // A lump-sum payment to the required years (江门规程 第十七条、第十九条).
        case lumpSum = "lump-sum"

        var chinese: String {
            switch self {
            case .duplicate: return "重复缴费"
            case .joinedEmployee: return "参加职工医保"
            case .otherRegion: return "在其他统筹地区参加居民医保"
            case .death: return "死亡"
            case .employeeBenefits: return "当年持续享受职工医保待遇而未享受居民医保"
            case .assistedHigherTier: return "资助参保对象变更为更高缴费档次自主缴费"
            case .flexibleEmployed: return "灵活就业人员中途就业随单位参保"
            case .leftJobLate: return "未能及时办理退工手续多缴"
            case .policyAdjustment: return "政策调整、审计稽核要求退回"
            case .processingError: return "经办原因多缴、误缴、错缴"
            case .lumpSum: return "一次性缴费后因死亡等特殊原因"
            }
        }

        /// The scheme whose premium the reason refunds; `death` refunds either.
        var scheme: Scheme? {
            switch self {
            case .duplicate, .joinedEmployee, .otherRegion, .employeeBenefits, .assistedHigherTier: return .resident
            case .flexibleEmployed, .leftJobLate, .policyAdjustment, .processingError, .lumpSum: return .employee
            case .death: return nil
            }
        }
    }

    static func reason(_ ctx: RuleContext) -> Reason? { ctx.caseFile.text("refund_reason").flatMap(Reason.init(rawValue:)) }

    // MARK: refund.reason

    static func reasonRule(_ ctx: RuleContext) -> RuleOutcome {
        guard let reason = reason(ctx), ctx.caseFile.scheme != nil else { return .none }
        if let scheme = reason.scheme, scheme != ctx.scheme {
            return RuleOutcome(findings: [Cite(rule: "refund.reason", citation: nationalCite, field: "refund_reason")
                    .block("“\(reason.chinese)”退的是\(scheme.chinese)费，与所选险种（\(ctx.scheme.chinese)）不符")])
        }
        return ctx.scheme == .resident ? resident(reason, ctx) : employee(reason, ctx)
    }

    // MARK: resident premium

    /// A resident premium is refundable before its benefit period (the year it covers) starts, for duplicate payment,
    /// joining the employee scheme or another region's resident scheme, and (national text only) death, together with
    /// terminating the enrollment concerned; not after the period has started (国家规程 第十六条, 内蒙古细则 第十七条,
    /// 达拉特旗方案 五（六）4, 江门规程 第二十三条). 某市通知 六（一）3、4 adds its own cases.
    static func resident(_ reason: Reason, _ ctx: RuleContext) -> RuleOutcome {
        guard let year = ctx.caseFile.coverageYear, let here = ctx.here else { return .none }
        let beforeCite = ctx.bool("refund.resident.before_benefits")?.1 ?? nationalCite
        let rule = Cite(rule: "refund.reason", citation: beforeCite, field: "coverage_year")
        guard let record = ctx.records(at: here, scheme: .resident).first(where: { $0.year == year && $0.paid && $0.status != .terminated }) else {
            return RuleOutcome(findings: [rule.block("医保信息平台未查到本统筹区（\(here)）已缴费的\(year)年度居民医保记录，无可退的个人缴费")])
        }
        // A year no date can carry has no benefit period to compare with: the case is refused with the year named.
        guard let start = LocalDate(year: year, month: 1, day: 1) else {
            return RuleOutcome(findings: [rule.block("参保年度 \(year) 不是有效的年份")])
        }
        let started = ctx.today >= start
        let yearMonths = Month.range("\(year)-01", "\(year)-12")

        switch reason {
        case .employeeBenefits:
            guard let (on, cite) = ctx.bool("refund.resident.employee_benefits_all_year"), on else {
                return RuleOutcome(findings: [rule.block("本统筹区政策无“\(reason.chinese)”的退费情形")])
            }
            let through = min(Month.of(ctx.today), "\(year)-12")
            let needed = Month.range("\(year)-01", through)
            let paid = Set(ctx.caseFile.platformRecords.filter { $0.scheme == .employee && $0.paid }.flatMap { $0.months ?? [] })
            let c = Cite(rule: "refund.reason", citation: cite, field: "refund_reason")
            let refund = Refund(months: yearMonths, reason: reason.rawValue, citation: cite)
            if needed.isEmpty || !needed.allSatisfy(paid.contains) {
                return RuleOutcome(findings: [c.approval("平台未显示\(year)年1月至\(Month.chinese(through))每月均有职工医保缴费，是否当年持续享受职工医保待遇须审核")],
                                   replaces: [ReplacedRecord(record: record, action: .terminate, citation: cite)], refund: refund)
            }
            return RuleOutcome(findings: [c.info("当年持续享受职工医保待遇而未享受居民医保：可依申请退还\(year)年度居民医保个人缴费")],
                               replaces: [ReplacedRecord(record: record, action: .terminate, citation: cite)], refund: refund)
        case .assistedHigherTier:
            guard let (on, cite) = ctx.bool("refund.assisted.higher_tier"), on else {
                return RuleOutcome(findings: [rule.block("本统筹区政策无“\(reason.chinese)”的退费情形")])
            }
            let c = Cite(rule: "refund.reason", citation: cite, field: "refund_reason")
            guard let window = RegistrationRules.collectionPeriod(for: year, ctx), window.from <= ctx.today, ctx.today <= window.to else {
                return RuleOutcome(findings: [c.block("资助参保退费后变更为更高缴费档次，须在\(year)年度集中缴费期内向资助参保主管部门提出")])
            }
            return RuleOutcome(findings: [c.info("集中缴费期内按渠道向主管部门提出资助参保退费后，变更为更高缴费档次自主缴费")],
                               refund: Refund(months: yearMonths, reason: reason.rawValue, citation: cite))
        default:
            break
        }

        if started {
            return RuleOutcome(findings: [rule.block("\(year)年度居民医保待遇享受期已于 \(start) 开始：待遇享受期开始后个人缴费不再退回")])
        }
        var cite = beforeCite
        var findings: [Finding] = []
        if reason == .death {
            guard let (value, dcite) = ctx.text("refund.resident.death") else {
                return RuleOutcome(findings: [rule.block("本统筹区政策未列死亡退费情形")])
            }
            cite = dcite
            if value == "approval" {
                findings.append(Cite(rule: "refund.reason", citation: dcite, field: "refund_reason")
                    .approval("细则所列退费情形为重复缴费、参加职工医保或其他统筹区居民医保，未列死亡（国家规程 第十六条列有死亡）：须审核"))
            }
        } else if let missing = evidenceMissing(reason, year: year, here: here, ctx) {
            findings.append(Cite(rule: "refund.reason", citation: beforeCite, field: "platform_records").approval(missing))
        }
        findings.append(Cite(rule: "refund.reason", citation: cite, field: "refund_reason")
            .info("因\(reason.chinese)，在\(year)年度待遇享受期开始前申请：终止该年度居民医保参保关系，同时退还个人缴费（\(year)年1月至12月）"))
        return RuleOutcome(findings: findings, replaces: [ReplacedRecord(record: record, action: .terminate, citation: cite)],
                           refund: Refund(months: yearMonths, reason: reason.rawValue, citation: cite))
    }

    /// What the platform should show for the reason (内蒙古细则 第二十三条: two paid resident records of one year are a
    /// duplicate); when it does not, a supervisor checks.
    static func evidenceMissing(_ reason: Reason, year: Int, here: String, _ ctx: RuleContext) -> String? {
        let records = ctx.caseFile.platformRecords
        switch reason {
        case .duplicate:
            let paid = records.filter { $0.scheme == .resident && $0.year == year && $0.paid && $0.status != .terminated }
            return paid.count >= 2 ? nil : "平台未显示\(year)年度两条及以上居民医保实缴记录，是否重复缴费须审核"
        case .joinedEmployee:
            return records.contains { $0.scheme == .employee && $0.status == .active } ? nil : "平台未显示职工医保正常参保记录，是否已参加职工医保须审核"
        case .otherRegion:
            return records.contains { $0.scheme == .resident && $0.place != here && $0.status == .active && ($0.year ?? year) == year }
                ? nil : "平台未显示其他统筹地区\(year)年度居民医保参保记录，须审核"
        default:
            return nil
        }
    }

    // MARK: employee premium

    static func employee(_ reason: Reason, _ ctx: RuleContext) -> RuleOutcome {
        let rule = Cite(rule: "refund.reason", citation: nationalCite, field: "refund_reason")
        let paidRecords = ctx.records(at: ctx.here, scheme: .employee).filter(\.paid)
        switch reason {
        case .death:
            guard let (on, cite) = ctx.bool("refund.employee.death_from_month"), on else {
                return RuleOutcome(findings: [rule.approval("本统筹区政策未规定职工医保死亡退费，须审核")])
            }
            guard case let .success(died)? = ctx.dateFact("death_date") else { return .none }
            let c = Cite(rule: "refund.reason", citation: cite, field: "death_date")
            if died > ctx.today { return RuleOutcome(findings: [c.block("死亡日期 \(died) 晚于办理日期 \(ctx.today)")]) }
            let from = Month.of(died)
            let months = paidRecords.flatMap { $0.months ?? [] }.filter { $0 >= from }
            guard let refund = Refund(months: months, reason: reason.rawValue, citation: cite) else {
                return RuleOutcome(findings: [c.block("死亡当月（\(Month.chinese(from))）起无已缴纳的职工医保费，无可退费用")])
            }
            return RuleOutcome(findings: [c.info("因死亡未及时办理停保：死亡当月起缴纳的职工医保费（\(Month.chinese(refund.from))至\(Month.chinese(refund.to))，共\(refund.months)个月）可由参保单位或直系亲属申请退费；多享受的待遇需退还医保基金")],
                               refund: refund)
        case .flexibleEmployed:
            let (mode, cite) = ctx.text("refund.flexible.from") ?? ("employment-month", nationalCite)
            let c = Cite(rule: "refund.reason", citation: cite, field: "refund_reason")
            guard ctx.caseFile.isFlexible else {
                return RuleOutcome(findings: [c.block("此项退费适用于以灵活就业人员身份缴纳职工医保费的人员")])
            }
            let from: String
            if mode == "application-month" {
                from = Month.of(ctx.today)
            } else {
                guard case let .success(employed)? = ctx.dateFact("employed_since") else { return .none }
                if employed > ctx.today {
                    return RuleOutcome(findings: [Cite(rule: "refund.reason", citation: cite, field: "employed_since").block("就业日期 \(employed) 晚于办理日期 \(ctx.today)")])
                }
                from = Month.of(employed)
            }
            let months = paidRecords.flatMap { $0.months ?? [] }.filter { $0 >= from }
            guard let refund = Refund(months: months, reason: reason.rawValue, citation: cite) else {
                return RuleOutcome(findings: [c.block("\(Month.chinese(from))起无以灵活就业人员身份预缴的职工医保费，无可退费用")])
            }
            let why = mode == "application-month" ? "申请退费结算月份及以后预缴费月份" : "就业后当年剩余月份以灵活就业人员身份缴纳的职工医保费"
            return RuleOutcome(findings: [c.info("可依申请退回\(why)（\(Month.chinese(refund.from))至\(Month.chinese(refund.to))，共\(refund.months)个月）")],
                               refund: refund)
        case .leftJobLate, .policyAdjustment, .processingError:
            guard let (on, _) = ctx.bool("refund.city_categories"), on else {
                let cite = ctx.policy.includes("jiangmen") ? "江门规程 第十九条" : nationalCite
                return RuleOutcome(findings: [Cite(rule: "refund.reason", citation: cite, field: "refund_reason")
                        .approval("“\(reason.chinese)”的退费，本统筹区政策未载明（按省和市相关规定执行），须审核")])
            }
            let cite = reason == .leftJobLate ? "某市通知 六（一）1" : (reason == .policyAdjustment ? "某市通知 六（二）1" : "某市通知 六（三）2")
            let c = Cite(rule: "refund.reason", citation: cite, field: "refund_from")
            guard let from = ctx.caseFile.text("refund_from"), let to = ctx.caseFile.text("refund_to") else { return .none }
            let months = Month.range(from, to)
            guard let refund = Refund(months: months, reason: reason.rawValue, citation: cite) else {
                return RuleOutcome(findings: [c.block("退费起止月份应为 YYYY-MM 且起始不晚于截止：“\(from.prefix(10))”至“\(to.prefix(10))”")])
            }
            let paid = Set(paidRecords.flatMap { $0.months ?? [] })
            var findings: [Finding] = []
            if !months.allSatisfy(paid.contains) {
                findings.append(c.approval("平台未显示\(Month.chinese(refund.from))至\(Month.chinese(refund.to))每月均有本统筹区职工医保缴费，须审核"))
            }
            if reason == .processingError {
                findings.append(c.approval("经办原因造成的多缴、误缴、错缴，退费须审核确认"))
            } else {
                findings.append(c.info("\(reason.chinese)：退还\(Month.chinese(refund.from))至\(Month.chinese(refund.to))的职工医保费（共\(refund.months)个月）"))
            }
            return RuleOutcome(findings: findings, refund: refund)
        case .lumpSum:
            return lumpSum(ctx)
        default:
            return .none
        }
    }

    /// A lump-sum payment to the required years (一次性缴费): benefits start the month after it was paid in full and
    /// nothing is refunded once they have (江门规程 第十七条); before that, death and other special reasons may be
    /// refunded (第十九条), death on its face, anything else after a supervisor's review.
    static func lumpSum(_ ctx: RuleContext) -> RuleOutcome {
        guard let (on, cite) = ctx.bool("refund.lump_sum_before_benefits"), on else {
            return RuleOutcome(findings: [Cite(rule: "refund.reason", citation: nationalCite, field: "refund_reason")
                    .approval("本统筹区政策未规定一次性缴费的退费情形，须审核")])
        }
        guard case let .success(completed)? = ctx.dateFact("lump_sum_completed") else {
            if case let .failure(e)? = ctx.dateFact("lump_sum_completed") {
                return RuleOutcome(findings: [Cite(rule: "refund.reason", citation: cite, field: "lump_sum_completed")
                        .block("一次性缴费足额缴纳完成日期不是有效日期（应为 YYYY-MM-DD）：“\(e.text)”")])
            }
            return .none
        }
        let benefitCite = "江门规程 第十七条"
        let c = Cite(rule: "refund.reason", citation: benefitCite, field: "lump_sum_completed")
        if completed > ctx.today { return RuleOutcome(findings: [c.block("足额缴纳完成日期 \(completed) 晚于办理日期 \(ctx.today)")]) }
        let benefitsFrom = completed.firstOfMonth.adding(months: 1)
        if ctx.today >= benefitsFrom {
            return RuleOutcome(findings: [c.block("一次性缴费于 \(completed) 足额缴纳，自 \(benefitsFrom) 起已进入待遇享受期：进入待遇享受期后不作退费")])
        }
        let r = Cite(rule: "refund.reason", citation: cite, field: "lump_sum_reason")
        if ctx.caseFile.text("lump_sum_reason") == "death" {
            return RuleOutcome(findings: [r.info("一次性缴费尚未进入待遇享受期（自 \(benefitsFrom) 起享受）：因参保人死亡可申请退费")])
        }
        return RuleOutcome(findings: [r.approval("一次性缴费尚未进入待遇享受期（自 \(benefitsFrom) 起享受）：因死亡以外的特殊原因申请退费，须审核")])
    }

    // MARK: refund.applicant

    /// A refund because the insured died is applied for by the employer or the immediate family (江门规程 第十九条
    /// 参保单位或其直系亲属), for the resident premium by the heir on the deceased's behalf (国家规程 第十六条); never in
    /// the insured's own name, as the terminate workflow already holds (江门规程 第七条).
    static func applicant(_ ctx: RuleContext) -> RuleOutcome {
        guard reason(ctx) == .death || reason(ctx) == .lumpSum && ctx.caseFile.text("lump_sum_reason") == "death",
              ctx.caseFile.text("applicant") == "self" else { return .none }
        let cite = ctx.scheme == .employee || ctx.policy.includes("jiangmen") ? "江门规程 第十九条" : nationalCite
        return RuleOutcome(findings: [Cite(rule: "refund.applicant", citation: cite, field: "applicant")
                .block("参保人死亡的退费由参保单位或其直系亲属（继承人）申请，申请人不能是参保人本人")])
    }

    // MARK: refund.assisted

    /// Assisted persons (医疗救助资助参保) return the subsidy first, by the rules of their hukou region (国家规程
    /// 第十六条、第十七条).
    static func assisted(_ ctx: RuleContext) -> RuleOutcome {
        guard ctx.scheme == .resident, ctx.caseFile.flag("assisted"), reason(ctx) != .assistedHigherTier,
              let (on, cite) = ctx.bool("refund.assisted.return_subsidy"), on else { return .none }
        let rule = Cite(rule: "refund.assisted", citation: cite, field: "subsidy_returned")
        if ctx.caseFile.flag("subsidy_returned") {
            return RuleOutcome(findings: [rule.info("已退回享受的参保缴费补贴，按户籍地统筹地区规定办理退费")])
        }
        return RuleOutcome(findings: [rule.block("已享受参保缴费补贴的救助对象办理退费，须先按户籍地医疗保障部门规定退回已享受的补贴")])
    }

    // MARK: refund.processing

    /// Jiangmen: the refund is applied for at the tax office; the agency completes it by the 25th of the next month
    /// (江门规程 第十九条; residents the same way, 第二十三条).
    static func processing(_ ctx: RuleContext) -> RuleOutcome {
        guard reason(ctx) != nil, let (day, cite) = ctx.int("refund.completed_by_day_next_month") else { return .none }
        let next = ctx.today.firstOfMonth.adding(months: 1)
        // “次月N日”: a day past the month's end means its last day.
        let due = LocalDate.clamping(year: next.year, month: next.month, day: day)
        return RuleOutcome(findings: [Cite(rule: "refund.processing", citation: cite, field: "refund_reason")
                .info("由参保单位或参保人向属地税务部门提出退费申请、填写退费申请表；医保经办机构收到税务部门审核的退费资料后，于次月\(day)日前（\(due)）完成退费")],
                           dueDate: due)
    }
}
