/// Suspend and terminate (中止/终止参保, 注销): 内蒙古细则 第九条（五）、第十条（四）、第十一条（四）, 国家规程 第十条、
/// 第十一条, 江门规程 第七条、第十八条、第十九条. Two workflows share these rules: `suspend` (服役、服刑、转移、离职, and
/// in Inner Mongolia 失踪) and `terminate` (死亡、出国定居, and in Jiangmen 失踪).
enum StatusRules {
    enum Reason: String, CaseIterable {
        case service, prison, transfer
        case leftJob = "left-job"
        case missing, death, emigration

        var chinese: String {
            switch self {
            case .service: return "服役"
            case .prison: return "服刑"
            case .transfer: return "医保关系转移"
            case .leftJob: return "调转、离职"
            case .missing: return "失踪"
            case .death: return "死亡"
            case .emigration: return "出国（境）定居"
            }
        }
    }

    static func reason(_ ctx: RuleContext) -> Reason? { ctx.caseFile.text("reason").flatMap(Reason.init(rawValue:)) }

    /// What this workflow does to the record: `suspend` or `terminate`.
    static func wanted(_ ctx: RuleContext) -> ReplacedRecord.Action {
        ctx.workflow.id == "terminate" ? .terminate : .suspend
    }

    static func chinese(_ action: ReplacedRecord.Action) -> String { action == .suspend ? "中止（暂停）参保" : "终止参保（注销）" }

    /// What the region's policy does for a reason, with the article; `nil` action: the policy is silent and a
    /// supervisor decides.
    static func action(for reason: Reason, _ ctx: RuleContext) -> (ReplacedRecord.Action?, String) {
        let employee = ctx.scheme == .employee
        let flexible = ctx.caseFile.isFlexible
        switch reason {
        case .death, .emigration:
            if ctx.policy.includes("jiangmen") { return (.terminate, "江门规程 第七条") }
            if ctx.policy.includes("inner-mongolia") {
                return (.terminate, employee ? (flexible ? "内蒙古细则 第十条（四）" : "内蒙古细则 第九条（五）") : "内蒙古细则 第十一条（四）")
            }
            return (.terminate, "国家规程 第十一条")
        case .transfer:
            // Before the new place completes the transfer the old one suspends (国家规程 第十条).
            if ctx.policy.includes("inner-mongolia") {
                return (.suspend, employee ? (flexible ? "内蒙古细则 第十条（四）" : "内蒙古细则 第九条（五）") : "内蒙古细则 第十一条（四）")
            }
            return (.suspend, "国家规程 第十条")
        case .service, .prison:
            guard let (on, cite) = ctx.bool("status.suspend_service_prison"), on else { return (nil, "国家规程 第二条") }
            let c = employee ? (flexible ? "内蒙古细则 第十条（四）" : "内蒙古细则 第九条（五）") : cite
            return (.suspend, c)
        case .leftJob:
            guard let (on, cite) = ctx.bool("status.suspend_left_job"), on else { return (nil, "国家规程 第二条") }
            return (.suspend, cite)
        case .missing:
            guard let (value, cite) = ctx.text("status.missing") else { return (nil, "国家规程 第十一条") }
            return (value == "terminate" ? .terminate : .suspend, cite)
        }
    }

    /// The reason decides between suspension and termination, by region (the disagreement on missing persons:
    /// 内蒙古细则 第九条（五） suspends, 江门规程 第七条 cancels); a reason for the other workflow is refused with a pointer.
    static func reasonRule(_ ctx: RuleContext) -> RuleOutcome {
        guard let reason = reason(ctx) else { return .none }
        let wanted = wanted(ctx)
        if reason == .leftJob, ctx.scheme != .employee || ctx.caseFile.isFlexible {
            return RuleOutcome(findings: [Cite(rule: "status.reason", citation: "内蒙古细则 第九条（五）", field: "reason")
                    .block("“调转、离职”由参保单位为职工申请中止参保；居民医保和灵活就业人员不适用")])
        }
        let (action, cite) = action(for: reason, ctx)
        let rule = Cite(rule: "status.reason", citation: cite, field: "reason")
        guard let action else {
            let other = reason == .missing ? "内蒙古细则 第九条（五）规定中止，江门规程 第七条规定注销" : "内蒙古细则 第十一条（四）规定暂停"
            return RuleOutcome(findings: [rule.approval("因\(reason.chinese)申请\(chinese(wanted))：本统筹区政策未规定（\(other)），须审核")])
        }
        if action != wanted {
            let workflow = action == .suspend ? "中止（暂停）参保" : "终止参保（注销）"
            return RuleOutcome(findings: [rule.block("因\(reason.chinese)应办理\(workflow)，不是\(chinese(wanted))：请改办“\(workflow)”业务")])
        }
        return RuleOutcome(findings: [rule.info("因\(reason.chinese)办理\(chinese(action))")])
    }

    /// The date of the event (入伍、入狱、死亡、出国定居、宣告失踪…) must be a real date, not after today.
    static func eventDate(_ ctx: RuleContext) -> RuleOutcome {
        let rule = Cite(rule: "status.event_date", citation: "国家规程 第十一条", field: "event_date")
        switch ctx.dateFact("event_date") {
        case nil: return .none
        case let .failure(e)?: return RuleOutcome(findings: [rule.block("事由发生日期不是有效日期（应为 YYYY-MM-DD）：“\(e.text)”")])
        case let .success(date)?:
            if date > ctx.today { return RuleOutcome(findings: [rule.block("事由发生日期 \(date) 晚于办理日期 \(ctx.today)")]) }
            // A death or an emigration before the person was born is a typing mistake, never a fact.
            if let birth = ctx.caseFile.birthDate, date < birth {
                return RuleOutcome(findings: [rule.block("事由发生日期 \(date) 早于参保人出生日期 \(birth)")])
            }
            return .none
        }
    }

    /// The record the case changes: the person's record here in the scheme. Suspending needs it active;
    /// terminating takes an active or suspended one (a person suspended while in prison may die). The verdict names
    /// it in `replaces` with the new status.
    static func record(_ ctx: RuleContext) -> RuleOutcome {
        guard let here = ctx.here, ctx.caseFile.scheme != nil else { return .none }
        let wanted = wanted(ctx)
        let cite = reason(ctx).map { action(for: $0, ctx).1 } ?? (wanted == .suspend ? "国家规程 第十条" : "国家规程 第十一条")
        let rule = Cite(rule: "status.record", citation: cite, field: "platform_records")
        let records = ctx.records(at: here, scheme: ctx.scheme)
        let usable = records.first { $0.status == .active || (wanted == .terminate && $0.status == .suspended) }
        guard let record = usable else {
            if let suspended = records.first(where: { $0.status == .suspended }) {
                return RuleOutcome(findings: [rule.block("本统筹区\(ctx.scheme.chinese)已是暂停参保（\(suspended.summary)），无需再办理中止")])
            }
            if let ended = records.first {
                return RuleOutcome(findings: [rule.block("本统筹区\(ctx.scheme.chinese)参保关系已终止（\(ended.summary)）")])
            }
            return RuleOutcome(findings: [rule.block("医保信息平台未查到本统筹区（\(here)）\(ctx.scheme.chinese)参保记录，无可\(wanted == .suspend ? "中止" : "终止")的参保关系")])
        }
        let finding = rule.info("\(chinese(wanted))：\(record.summary) → \(wanted == .suspend ? EnrollmentStatus.suspended.chinese : EnrollmentStatus.terminated.chinese)")
        return RuleOutcome(findings: [finding], replaces: [ReplacedRecord(record: record, action: wanted, citation: cite)])
    }

    /// Jiangmen: before the agency cancels, the person stops payment at the tax office (停保, 江门规程 第七条; a person
    /// stopping enrollment does so before the collection period, 第二十三条).
    static func taxStop(_ ctx: RuleContext) -> RuleOutcome {
        guard let (first, cite) = ctx.bool("status.tax_stop_first"), first,
              let stopped = ctx.caseFile.fact("tax_stopped")?.boolValue else { return .none }
        let c = wanted(ctx) == .terminate ? cite : "江门规程 第二十三条"
        let rule = Cite(rule: "status.tax_stop", citation: c, field: "tax_stopped")
        if !stopped {
            return RuleOutcome(findings: [rule.block("应先向税务部门办理基本医疗保险停保手续，再向医保经办机构申请\(chinese(wanted(ctx)))")])
        }
        return .none
    }

    /// Who applies: for a death or a disappearance the heir or an agent, never the person; in Inner Mongolia the
    /// employer applies for its employees (内蒙古细则 第九条（五）).
    static func applicant(_ ctx: RuleContext) -> RuleOutcome {
        guard let applicant = ctx.caseFile.text("applicant") else { return .none }
        var findings: [Finding] = []
        if applicant == "self", let reason = reason(ctx), [.death, .missing].contains(reason) {
            let cite = ctx.policy.includes("jiangmen") ? "江门规程 第七条" : "国家规程 第十一条"
            findings.append(Cite(rule: "status.applicant", citation: cite, field: "applicant")
                .block("参保人\(reason.chinese)的，由继承人或委托人申请，申请人不能是参保人本人"))
        }
        // The heir or agent applies for the person: the same document number on both is one person, not two.
        if ["heir", "agent"].contains(applicant), let person = ctx.caseFile.person?.document,
           let agent = ctx.caseFile.agent?.document, !person.normalizedNumber.isEmpty,
           person.kind == agent.kind, person.normalizedNumber == agent.normalizedNumber {
            let cite = ctx.policy.includes("jiangmen") ? "江门规程 第七条（一）" : "国家规程 第十一条"
            findings.append(Cite(rule: "status.applicant", citation: cite, field: "agent.document")
                .block("申请人（继承人、委托人）的证件号码与参保人相同：申请人应是参保人以外的人"))
        }
        if ctx.scheme == .employee, !ctx.caseFile.isFlexible, applicant != "employer",
           let (on, cite) = ctx.bool("status.employer_applies"), on {
            findings.append(Cite(rule: "status.applicant", citation: cite, field: "applicant")
                .warn("参保职工的中止、终止参保由参保单位申请办理：请核实单位已知悉或由单位补交申请"))
        }
        return RuleOutcome(findings: findings)
    }

    /// What follows the cancellation, for the applicant: the employee personal account may be withdrawn once
    /// (江门规程 第十八条), premiums from the month of death refunded (第十九条), a resident premium for a year not yet
    /// begun refunded (国家规程 第十六条).
    static func followUps(_ ctx: RuleContext) -> RuleOutcome {
        guard let reason = reason(ctx) else { return .none }
        var findings: [Finding] = []
        if ctx.scheme == .employee, [.death, .emigration, .service].contains(reason),
           let (on, cite) = ctx.bool("status.account_withdrawal"), on {
            findings.append(Cite(rule: "status.followups", citation: cite, field: "reason")
                .info("可申请职工医保个人账户一次性支取（填写附表3），提供医保电子凭证、有效身份证件或社保卡及银行卡账户信息"))
        }
        if reason == .death, case let .success(died)? = ctx.dateFact("event_date") {
            let month = Month.of(died)
            if ctx.scheme == .employee, let (on, cite) = ctx.bool("refund.employee.death_from_month"), on,
               ctx.records(at: ctx.here, scheme: .employee).contains(where: { $0.paid && ($0.months ?? []).contains { $0 >= month } }) {
                findings.append(Cite(rule: "status.followups", citation: cite, field: "event_date")
                    .info("死亡当月（\(Month.chinese(month))）起缴纳的职工医保费，参保单位或直系亲属可申请退费（退费业务）"))
            }
            if ctx.scheme == .resident, let (value, cite) = ctx.text("refund.resident.death"), value == "allowed",
               ctx.records(at: ctx.here, scheme: .resident).contains(where: { $0.paid && ($0.year ?? 0) > ctx.today.year }) {
                findings.append(Cite(rule: "status.followups", citation: cite, field: "event_date")
                    .info("已缴纳的下一年度居民医保费在待遇享受期开始前可依申请退费（退费业务）"))
            }
        }
        return RuleOutcome(findings: findings)
    }
}
