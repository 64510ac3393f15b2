/// The registration check (参保登记校验) against the platform's records: 国家规程 第七条, 内蒙古细则 第九条（二）、
/// 第十一条（二）, with the explicit overrides for seasonal/flexible workers (国家规程 第十五条 5), assisted persons
/// (第十五条 1) and students entering school (第十五条 2).
enum RegistrationRules {
    static let duplicateCite = "国家规程 第十三条"
    static let nationalCite = "国家规程 第七条"

    static func check(_ ctx: RuleContext) -> RuleOutcome {
        let active = ctx.caseFile.platformRecords.filter { $0.status == .active }
        var out = RuleOutcome()
        for record in active {
            out = out + (ctx.scheme == .employee ? employee(record, ctx) : resident(record, ctx))
        }
        return out
    }

    // MARK: employee registration

    static func employee(_ r: PlatformRecord, _ ctx: RuleContext) -> RuleOutcome {
        let here = isHere(r, ctx)
        if here, r.scheme == .employee {
            return RuleOutcome(findings: [Cite(rule: "registration.check", citation: duplicateCite, field: "platform_records")
                    .block("已在本统筹区职工医保正常参保（\(r.summary)），不能重复登记")])
        }
        if r.scheme == .resident, here, let switched = localSwitch(r, ctx) { return switched }
        if r.scheme == .resident, let switched = seasonalSwitch(r, ctx) { return switched }
        if let assisted = assistedSwitch(r, ctx) { return assisted }
        let cite = ctx.bool("registration.employee_requires_suspension")?.1 ?? nationalCite
        return RuleOutcome(findings: [Cite(rule: "registration.check", citation: cite, field: "platform_records")
                .block("存在有效参保记录（\(r.summary)）：应告知参保人先中止原参保关系，再办理职工医保参保登记；办理成功后应及时申请基本医保关系转移接续")])
    }

    /// A resident-scheme member taking seasonal or flexible work joins the employee scheme; the agency suspends the
    /// resident enrollment as part of the registration (国家规程 第十五条 5, 内蒙古细则 第二十一条, 某市通知 五（三）).
    static func seasonalSwitch(_ r: PlatformRecord, _ ctx: RuleContext) -> RuleOutcome? {
        let work = ctx.caseFile.text("work")
        // “在居民医保待遇享受期内”: a next-year enrollment whose benefits have not started is not switched.
        guard (r.year ?? ctx.today.year) <= ctx.today.year,
              work == "seasonal" || work == "flexible" || ctx.caseFile.isFlexible,
              let (allowed, cite) = ctx.bool("registration.seasonal_switch"), allowed else { return nil }
        let finding = Cite(rule: "registration.check", citation: cite, field: "platform_records")
            .warn("短期季节性务工或灵活就业人员参加职工医保：办理时同步暂停原居民医保参保关系及待遇（\(r.summary)），享受新参加的职工医保待遇；务工结束后可申请保留任一险种")
        return RuleOutcome(findings: [finding], replaces: [ReplacedRecord(record: r, action: .suspend, citation: cite)])
    }

    /// 某市通知 五（二）（三）: in that city anyone joining the employee scheme has the local resident enrollment
    /// suspended with the registration; a next-year premium paid in the collection period is refunded by 31 December.
    static func localSwitch(_ r: PlatformRecord, _ ctx: RuleContext) -> RuleOutcome? {
        let nextYear = (r.year ?? ctx.today.year) > ctx.today.year
        let key = nextYear ? "registration.employee_suspends_local_next_year" : "registration.employee_suspends_local_resident"
        guard let (on, cite) = ctx.bool(key), on else { return nil }
        let message = nextYear
            ? "已参加下一年度居民医保（\(r.summary)）再参加职工医保：办理时同步暂停居民医保参保关系，并于 \(ctx.today.year) 年 12 月 31 日前办理居民医保退费"
            : "已参加当年度居民医保（\(r.summary)）再参加职工医保：办理时同步暂停居民医保参保关系；职工医保有待遇等待期的，可继续享受居民医保待遇"
        let finding = Cite(rule: "registration.check", citation: cite, field: "platform_records").warn(message)
        return RuleOutcome(findings: [finding], replaces: [ReplacedRecord(record: r, action: .suspend, citation: cite)])
    }

    /// Assisted persons switching schemes or transferring: no waiting period, no payment window, the agency
    /// suspends the old enrollment (国家规程 第十五条 1).
    static func assistedSwitch(_ r: PlatformRecord, _ ctx: RuleContext) -> RuleOutcome? {
        guard ctx.isAssisted, let (allowed, cite) = ctx.bool("registration.assisted_switch"), allowed else { return nil }
        let finding = Cite(rule: "registration.check", citation: cite, field: "platform_records")
            .warn("资助参保救助对象切换参保或转移接续：参保缴费后即享受待遇，经办机构同步暂停原参保关系（\(r.summary)）")
        return RuleOutcome(findings: [finding], replaces: [ReplacedRecord(record: r, action: .suspend, citation: cite)])
    }

    // MARK: resident registration

    static func resident(_ r: PlatformRecord, _ ctx: RuleContext) -> RuleOutcome {
        let year = ctx.coverageYear
        let nextYear = year == ctx.today.year + 1
        let recordYear = r.year ?? ctx.today.year
        let cite = { (key: String) in Cite(rule: "registration.check", citation: ctx.param(key)?.cite ?? nationalCite, field: "platform_records") }

        if r.scheme == .employee {
            if let assisted = assistedSwitch(r, ctx) { return assisted }
            return RuleOutcome(findings: [cite("registration.resident_with_employee")
                    .block("存在职工医保有效参保记录（\(r.summary)）：应告知参保人先中止原职工医保参保关系，再办理居民医保参保登记；办理成功后应及时申请基本医保关系转移接续")])
        }
        if isHere(r, ctx) {
            guard recordYear == year else { return .none }
            return RuleOutcome(findings: [Cite(rule: "registration.check", citation: duplicateCite, field: "platform_records")
                    .block("已在本统筹区参加\(year)年度居民医保（\(r.summary)），不能重复登记")])
        }
        if let assisted = assistedSwitch(r, ctx) { return assisted }

        if nextYear {
            if recordYear == year {
                return RuleOutcome(findings: [Cite(rule: "registration.check", citation: nationalCite, field: "platform_records")
                        .block("其他地区已有\(year)年度居民医保参保登记（\(r.summary)）：应告知参保人先取消原参保登记或申请退费，再办理")])
            }
            return RuleOutcome(findings: [Cite(rule: "registration.check", citation: nationalCite, field: "platform_records")
                    .info("其他地区有本年度居民医保有效参保状态（\(r.summary)）：办理\(year)年度登记的同时将参保缴费信息同步至医保信息平台，原参保地不得为其重复缴纳或代扣下年度医保费")])
        }

        // Current year (or a newborn's birth year).
        if ctx.workflow.id == "student", let (_, c) = ctx.text("registration.student_entering") {
            let finding = Cite(rule: "registration.check", citation: c, field: "platform_records")
                .warn("因入学形成的重复参保：由学籍地医保经办机构通知原参保地终止参保关系（\(r.summary)）")
            return RuleOutcome(findings: [finding], replaces: [ReplacedRecord(record: r, action: .terminate, citation: c)])
        }
        if recordYear == year && r.paid {
            return RuleOutcome(findings: [cite("registration.resident_paid_elsewhere")
                    .block("其他统筹区居民医保正常参保且本年度已实缴（\(r.summary)）：本年度不予办理居民参保登记")])
        }
        guard let (handling, c) = ctx.text("registration.resident_unpaid_elsewhere"), handling == "cancel-and-register" else {
            return RuleOutcome(findings: [cite("registration.resident_unpaid_elsewhere")
                    .block("其他地区居民医保有效参保状态（\(r.summary)）：本年度不予办理居民参保登记")])
        }
        let finding = Cite(rule: "registration.check", citation: c, field: "platform_records")
            .warn("其他统筹区居民医保正常参保但本年度无应缴或实缴数据（\(r.summary)）：参保人须申请取消原参保地缴费核定信息并中止参保，随本次登记一并办理")
        return RuleOutcome(findings: [finding], replaces: [ReplacedRecord(record: r, action: .suspend, citation: c)])
    }

    static func isHere(_ r: PlatformRecord, _ ctx: RuleContext) -> Bool {
        guard let here = ctx.here else { return false }
        return r.place == here
    }

    // MARK: which resident year

    /// Resident premiums are paid yearly in advance (内蒙古细则 第十七条): the current year, or next year during the
    /// region's collection period (国家规程 第七条; 达拉特旗方案 四; 某市通知 四（二）).
    static func coverageYear(_ ctx: RuleContext) -> RuleOutcome {
        guard ctx.scheme == .resident else { return .none }
        let year = ctx.coverageYear
        let today = ctx.today
        let annualCite = ctx.param("resident.annual_prepayment")?.cite ?? nationalCite
        let rule = { (c: String) in Cite(rule: "registration.coverage_year", citation: c, field: "coverage_year") }

        // A newborn pays the premium of the year of birth (国家规程 第十五条 3), even when registered in January.
        if ctx.workflow.id == "newborn", let birth = ctx.caseFile.birthDate, year == birth.year, year >= today.year - 1 { return .none }
        if year < today.year {
            return RuleOutcome(findings: [rule(annualCite).block("不能办理已过去年度（\(year)年）的居民参保登记")])
        }
        if year > today.year + 1 {
            return RuleOutcome(findings: [rule(annualCite).block("只能办理本年度或集中缴费期内下一年度的居民参保登记，不能办理\(year)年度")])
        }
        guard year == today.year + 1 else { return .none }
        if ctx.isAssisted, !ctx.caseFile.platformRecords.isEmpty,
           let (exempt, c) = ctx.bool("registration.assisted_switch"), exempt {
            return RuleOutcome(findings: [rule(c).info("资助参保救助对象不受居民医保规定缴费时间限制")])
        }
        guard let window = collectionPeriod(for: year, ctx) else {
            return RuleOutcome(findings: [rule(nationalCite).approval("本统筹区政策未载明居民医保集中缴费期，办理\(year)年度登记须审核确认")])
        }
        if window.from <= today && today <= window.to {
            return RuleOutcome(findings: [rule(window.cite).info("处于\(year)年度集中缴费期（\(window.from)至\(window.to)），可办理下一年度参保登记")])
        }
        return RuleOutcome(findings: [rule(window.cite).block("不在\(year)年度集中缴费期（\(window.from)至\(window.to)）内，不能办理下一年度参保登记")])
    }

    /// The collection period for a coverage year: it starts in the year before and may run into the year itself
    /// (达拉特旗: 9月1日至次年2月底).
    static func collectionPeriod(for year: Int, _ ctx: RuleContext) -> (from: LocalDate, to: LocalDate, cite: String)? {
        guard let p = ctx.param("collection_period"), case let .monthDayRange(from, to) = p.value else { return nil }
        let start = from.date(in: year - 1)
        let endYear = (to.month, to.day) < (from.month, from.day) ? year : year - 1
        return (start, to.date(in: endYear), p.cite)
    }
}
