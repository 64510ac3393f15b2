/// A named rule: forms list these ids in their steps; the evaluator runs them.
public struct Rule: Sendable {
    public var id: String
    /// Chinese, for the rule list and the trainee's score card.
    public var title: String
    public var run: @Sendable (RuleContext) -> RuleOutcome
}

/// Every rule a workflow may name. `profile.validity` and `form.required` run for every case.
public enum RuleRegistry {
    public static let always: [Rule] = [
        Rule(id: "profile.validity", title: "政策有效期", run: GeneralRules.validity),
        Rule(id: "form.required", title: "必填项", run: GeneralRules.required),
        Rule(id: "identity.expiry", title: "证件有效期", run: IdentityExpiry.check),
    ]

    public static let named: [Rule] = [
        Rule(id: "identity.valid", title: "参保人证件校验", run: IdentityRules.person),
        Rule(id: "guardian.identity", title: "监护人证件校验", run: IdentityRules.guardian),
        Rule(id: "agent.identity", title: "代办人证件校验", run: IdentityRules.agent),
        Rule(id: "registration.check", title: "参保登记校验", run: RegistrationRules.check),
        Rule(id: "registration.coverage_year", title: "参保年度与集中缴费期", run: RegistrationRules.coverageYear),
        Rule(id: "newborn.window", title: "新生儿参保时限", run: NewbornRules.window),
        Rule(id: "newborn.naming", title: "新生儿姓名与证件", run: NewbornRules.naming),
        Rule(id: "newborn.deceased", title: "户籍登记前死亡的新生儿", run: NewbornRules.deceased),
        Rule(id: "newborn.preregistered", title: "使用父母姓名预参保的新生儿", run: NewbornRules.preregistered),
        Rule(id: "student.scheme", title: "学生参保险种", run: StudentRules.scheme),
        Rule(id: "student.place", title: "学生参保地", run: StudentRules.place),
        Rule(id: "veteran.discharge", title: "退役（就业）日期", run: VeteranRules.discharge),
        Rule(id: "veteran.waiting", title: "退役军人等待期豁免", run: VeteranRules.waiting),
        Rule(id: "veteran.backpay", title: "退役断档补缴", run: VeteranRules.backpay),
        Rule(id: "veteran.service_years", title: "服现役年限视同缴费", run: VeteranRules.serviceYears),
        Rule(id: "migrant.residence", title: "居住证参保", run: MigrantRules.residence),
        Rule(id: "migrant.flexible_payment", title: "灵活就业缴费", run: MigrantRules.flexiblePayment),
        Rule(id: "foreign.document", title: "港澳台及外籍人员登记证件", run: ForeignResidentRules.document),
        Rule(id: "foreign.scheme", title: "港澳台及外籍人员参保险种", run: ForeignResidentRules.scheme),
        Rule(id: "waiting.period", title: "待遇等待期", run: WaitingPeriodRules.period),
        // Change of registered information (国家规程 第十二条 1, 江门规程 第二十一条)
        Rule(id: "change.record", title: "变更的参保记录", run: ChangeRules.record),
        Rule(id: "change.identity", title: "变更人证件校验", run: ChangeRules.identity),
        Rule(id: "change.name", title: "姓名变更", run: ChangeRules.name),
        Rule(id: "change.newborn", title: "预参保新生儿信息更新", run: ChangeRules.newborn),
        Rule(id: "hardship.marks", title: "困难身份标识", run: HardshipRules.marks),
        // Suspend and terminate (内蒙古细则 第九条（五）、第十一条（四）, 江门规程 第七条)
        Rule(id: "status.reason", title: "中止或终止的事由", run: StatusRules.reasonRule),
        Rule(id: "status.event_date", title: "事由发生日期", run: StatusRules.eventDate),
        Rule(id: "status.record", title: "中止或终止的参保记录", run: StatusRules.record),
        Rule(id: "status.tax_stop", title: "先办理停保", run: StatusRules.taxStop),
        Rule(id: "status.applicant", title: "中止或终止的申请人", run: StatusRules.applicant),
        Rule(id: "status.followups", title: "注销后的后续事项", run: StatusRules.followUps),
        // Transfers (国家规程 第十条, 内蒙古细则 第十八条至第二十二条, 江门规程 第二十五条、第二十六条)
        Rule(id: "transfer.places", title: "转出地与转入地", run: TransferRules.placesRule),
        Rule(id: "transfer.out_status", title: "转出地校验（中止参保）", run: TransferRules.outStatus),
        Rule(id: "transfer.in_status", title: "转入地校验（正常参保）", run: TransferRules.inStatus),
        Rule(id: "transfer.deadline", title: "转移接续办结时限", run: TransferRules.deadline),
        Rule(id: "transfer.applicant", title: "转移接续的申请人", run: TransferRules.applicant),
        Rule(id: "transfer.gap", title: "中断缴费补缴与待遇衔接", run: TransferRules.gap),
        // Refunds (国家规程 第十六条, 内蒙古细则 第十七条, 江门规程 第十九条, 某市通知 六)
        Rule(id: "refund.reason", title: "退费情形与退费期间", run: RefundRules.reasonRule),
        Rule(id: "refund.assisted", title: "资助参保对象先退补贴", run: RefundRules.assisted),
        Rule(id: "refund.processing", title: "退费办理与时限", run: RefundRules.processing),
        Rule(id: "refund.applicant", title: "退费的申请人", run: RefundRules.applicant),
        // Employers (内蒙古细则 第八条, 江门规程 第五条（1））
        Rule(id: "unit.code", title: "统一社会信用代码", run: UnitRules.code),
        Rule(id: "unit.register", title: "单位参保登记（30日内）", run: UnitRules.register),
        Rule(id: "unit.change", title: "单位登记事项变更（30日内）", run: UnitRules.change),
        Rule(id: "unit.close", title: "单位合并、分立、注销（足额缴费后）", run: UnitRules.close),
        Rule(id: "unit.consolidate", title: "保留唯一有效参保登记记录", run: UnitRules.consolidate),
        // Employees (内蒙古细则 第九条, 江门规程 第八条、第十三条)
        Rule(id: "employee.channel", title: "职工参保登记的办理渠道", run: EmployeeRules.channel),
        Rule(id: "employee.hire", title: "职工参保登记（用工30日内）", run: EmployeeRules.hire),
        Rule(id: "employee.leave", title: "单位申报职工中止、终止参保", run: EmployeeRules.leave),
        Rule(id: "prison.release", title: "刑满释放人员参保与待遇恢复", run: EmployeeRules.release),
        // Retirement and the lump-sum payment (江门规程 第十五条至第十七条, 内蒙古细则 第九条（四）、第十条（三）)
        Rule(id: "retirement.age", title: "达到法定退休年龄", run: RetirementRules.age),
        Rule(id: "retirement.place", title: "退休后待遇享受地", run: RetirementRules.place),
        Rule(id: "retirement.transfers", title: "缴费年限先转移接续", run: RetirementRules.transfers),
        Rule(id: "retirement.military", title: "服现役年限视同缴费年限", run: RetirementRules.militaryService),
        Rule(id: "retirement.years", title: "缴费年限核定", run: RetirementRules.verify),
        Rule(id: "retirement.stop_payment", title: "次月15日前办理停保", run: RetirementRules.stopPayment),
        Rule(id: "retirement.deadline", title: "退休核定办结时限", run: RetirementRules.deadline),
        Rule(id: "retirement.applicant", title: "医保退休的申请人", run: RetirementRules.applicant),
        Rule(id: "lump_sum.owed", title: "一次性缴费至规定年限", run: LumpSumRules.owed),
        // The personal account (江门规程 第十八条, 内蒙古细则 第十九条（二）、第二十条（二）)
        Rule(id: "account.reason", title: "个人账户一次性支取的情形", run: AccountRules.reasonRule),
        Rule(id: "account.applicant", title: "个人账户支取的申请人", run: AccountRules.applicant),
        // Assisted persons (内蒙古细则 第十二条（四）, 江门规程 第二十条（四）、第二十二条)
        Rule(id: "assisted.register", title: "困难人员参保登记与身份标识", run: AssistedRules.register),
    ]

    private static let byID: [String: Rule] = Dictionary(uniqueKeysWithValues: (always + named).map { ($0.id, $0) })

    public static func rule(_ id: String) -> Rule? { byID[id] }
}
