/// Employees registered and reported by their employer (职工参保登记和变更管理, 内蒙古细则 第九条（一）（二）（五）,
/// 国家规程 第七条), Jiangmen's registration through the tax office (江门规程 第八条、第十三条), and the release from
/// prison (第九条（六））.
enum EmployeeRules {
    static let nationalCite = "国家规程 第七条"

    // MARK: employee.channel

    /// Jiangmen: the employer applies to the local tax office for the employee's registration; the agency takes the
    /// registration from the platform and tells the person to suspend any active record elsewhere (江门规程 第八条、
    /// 第十三条). The counter does not register employees there.
    static func channel(_ ctx: RuleContext) -> RuleOutcome {
        guard let (atTax, cite) = ctx.bool("employee.registered_at_tax"), atTax else { return .none }
        return RuleOutcome(findings: [Cite(rule: "employee.channel", citation: cite, field: "unit_code")
                .block("本市职工医保参保由参保单位向属地税务部门申请办理职工基本医疗保险登记；医保经办机构通过医保信息平台采集税务部门缴费登记信息（江门规程 第十三条），窗口不予办理")])
    }

    // MARK: employee.hire

    /// The employer registers the employee within 30 days of hiring (自用工之日起30日内, 第九条（一））, once the unit
    /// itself is registered (第八条（一））.
    static func hire(_ ctx: RuleContext) -> RuleOutcome {
        let cite = ctx.param("employee.register_within")?.cite ?? nationalCite
        var findings = UnitCode.check(ctx.caseFile.text("unit_code"), rule: "employee.hire", field: "unit_code")
        if ctx.caseFile.fact("unit_registered")?.boolValue == false {
            let ucite = ctx.param("unit.register_within")?.cite ?? nationalCite
            findings.append(Cite(rule: "employee.hire", citation: ucite, field: "unit_registered")
                .block("用人单位尚未办理单位参保登记：应先办理单位参保登记，再为职工申请参保登记"))
        }
        let (hired, dateFindings) = ctx.pastDate("hire_date", label: "用工日期", rule: "employee.hire", cite: cite)
        findings += dateFindings
        var deadline: LocalDate?
        if let hired {
            let (last, late) = ctx.deadline("employee.register_within", from: hired, what: "职工参保登记", rule: "employee.hire", field: "hire_date")
            deadline = last
            findings += late
        }
        let details = EmploymentDetails(action: "register", unit: ctx.unitCode, unitName: ctx.caseFile.text("unit_name"),
                                        date: hired, deadline: deadline, citation: cite)
        return RuleOutcome(findings: findings, employment: details)
    }

    // MARK: employee.leave

    /// The employer reports a transfer, leaving, a disappearance or imprisonment (中止参保) and a death or emigration
    /// (终止参保) (第九条（五））; the region's rule decides each (`StatusRules.action`): Jiangmen cancels a missing
    /// person after 停保 at the tax office (江门规程 第七条). The record must be the employee's here, with this unit
    /// when the platform names one.
    static func leave(_ ctx: RuleContext) -> RuleOutcome {
        guard let reason = StatusRules.reason(ctx), let here = ctx.here else { return .none }
        var findings = UnitCode.check(ctx.caseFile.text("unit_code"), rule: "employee.leave", field: "unit_code")
        guard [.transfer, .leftJob, .missing, .prison, .death, .emigration].contains(reason) else {
            return RuleOutcome(findings: findings + [Cite(rule: "employee.leave", citation: "内蒙古细则 第九条（五）", field: "reason")
                    .block("参保单位申报的中止、终止事由为调转、离职、失踪、判刑、死亡、出国定居")])
        }
        let (action, cite) = StatusRules.action(for: reason, ctx)
        let rule = Cite(rule: "employee.leave", citation: cite, field: "reason")
        guard let action else {
            findings.append(rule.approval("参保单位因职工\(reason.chinese)申报中止或终止参保：本统筹区政策未规定，须审核"))
            return RuleOutcome(findings: findings)
        }
        let records = ctx.records(at: here, scheme: .employee)
        guard let record = records.first(where: { $0.status == .active || (action == .terminate && $0.status == .suspended) }) else {
            let why = records.first.map { "本统筹区职工医保参保关系为\($0.status.chinese)（\($0.summary)）" }
                ?? "医保信息平台未查到本统筹区（\(here)）职工医保参保记录"
            findings.append(Cite(rule: "employee.leave", citation: cite, field: "platform_records").block("\(why)，无可\(action == .suspend ? "中止" : "终止")的参保关系"))
            return RuleOutcome(findings: findings)
        }
        if let unit = record.unit.map(IdentityDocument.normalize), let code = ctx.unitCode, unit != code {
            findings.append(Cite(rule: "employee.leave", citation: "内蒙古细则 第九条（五）", field: "unit_code")
                .block("该职工的参保记录登记在其他单位（\(unit.prefix(18))）名下：由其参保单位申报"))
            return RuleOutcome(findings: findings)
        }
        let (event, dateFindings) = ctx.pastDate("event_date", label: "事由发生日期", rule: "employee.leave", cite: cite)
        findings += dateFindings
        let verb = action == .suspend ? "中止参保" : "终止参保"
        findings.append(rule.info("参保单位申报职工因\(reason.chinese)\(verb)：\(record.summary) → \(action == .suspend ? EnrollmentStatus.suspended.chinese : EnrollmentStatus.terminated.chinese)"))
        if [.death, .missing, .emigration].contains(reason), let (first, tcite) = ctx.bool("status.tax_stop_first"), first,
           ctx.caseFile.fact("tax_stopped")?.boolValue == false {
            findings.append(Cite(rule: "employee.leave", citation: tcite, field: "tax_stopped")
                .block("应先向税务部门办理基本医疗保险停保手续，再向医保经办机构申请注销"))
        }
        let details = EmploymentDetails(action: action.rawValue, unit: ctx.unitCode, unitName: ctx.caseFile.text("unit_name"),
                                        date: event, reason: reason.rawValue, citation: cite)
        return RuleOutcome(findings: findings, replaces: [ReplacedRecord(record: record, action: action, citation: cite)],
                           employment: details)
    }

    // MARK: prison.release

    /// After release: below retirement age either scheme, the employee scheme's actual years added up, no back-pay
    /// for the prison period; a person retired before prison has the retirement benefits restored (第九条（六））.
    static func release(_ ctx: RuleContext) -> RuleOutcome {
        let param = ctx.bool("prison.release")
        let cite = param?.1 ?? "国家规程 第二条"
        let inForce = param?.0 ?? false
        let rule = Cite(rule: "prison.release", citation: cite, field: "release_date")
        var findings: [Finding] = []
        let (released, dateFindings) = ctx.pastDate("release_date", label: "刑满释放日期", rule: "prison.release", cite: cite)
        findings += dateFindings
        if let released, case let .success(jailed)? = ctx.dateFact("imprisonment_date"), jailed > released {
            findings.append(Cite(rule: "prison.release", citation: cite, field: "imprisonment_date").block("服刑开始日期 \(jailed) 晚于刑满释放日期 \(released)"))
        }
        if ctx.caseFile.flag("backpay_requested") {
            let text = "不可以补缴服刑期间医疗保险费"
            findings.append(inForce ? Cite(rule: "prison.release", citation: cite, field: "backpay_requested").block("服刑人员刑满释放后参保，\(text)")
                : Cite(rule: "prison.release", citation: cite, field: "backpay_requested").approval("申请补缴服刑期间医疗保险费：本统筹区政策未规定，须审核（内蒙古细则 第九条（六）规定\(text)）"))
        }
        if ctx.caseFile.flag("retired_before_prison") {
            guard inForce else {
                findings.append(rule.approval("服刑前已享受退休待遇的人员刑满释放后恢复待遇：本统筹区政策未规定，须审核"))
                return RuleOutcome(findings: findings)
            }
            let records = ctx.records(at: ctx.here, scheme: .employee)
            guard let record = records.first(where: { $0.status == .suspended }) else {
                let why = records.first.map { "本统筹区职工医保记录为\($0.status.chinese)（\($0.summary)）" } ?? "未查到本统筹区职工医保退休人员参保记录"
                findings.append(Cite(rule: "prison.release", citation: cite, field: "platform_records").block("\(why)：无因服刑暂停的退休待遇可恢复"))
                return RuleOutcome(findings: findings)
            }
            findings.append(rule.info("服刑前已享受医疗保险退休待遇：刑满释放后恢复基本医疗保险待遇（\(record.summary) → 正常参保）"))
            return RuleOutcome(findings: findings,
                               employment: EmploymentDetails(action: "restore", date: released, reason: "prison", record: record, citation: cite))
        }
        if ctx.caseFile.flag("reached_retirement_age") {
            findings.append(rule.approval("已达到法定退休年龄且服刑前未享受退休待遇：细则规定的是未达到法定退休年龄者可参加职工医保或居民医保，此情形须审核"))
        }
        if inForce {
            if ctx.scheme == .employee, !ctx.caseFile.isFlexible {
                findings.append(Cite(rule: "prison.release", citation: "内蒙古细则 第九条（一）", field: "scheme")
                    .block("随用人单位参加职工医保的，由参保单位自用工之日起30日内申请办理职工参保登记"))
            } else if ctx.scheme == .employee {
                findings.append(Cite(rule: "prison.release", citation: cite, field: "scheme")
                    .info("参加职工医保的，实际缴费年限（服刑前后）累计计算；服刑期间不补缴"))
            } else {
                findings.append(Cite(rule: "prison.release", citation: cite, field: "scheme").info("刑满释放后可选择参加居民医保"))
            }
        }
        return RuleOutcome(findings: findings)
    }
}
