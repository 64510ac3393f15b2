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
    ]

    private static let byID: [String: Rule] = Dictionary(uniqueKeysWithValues: (always + named).map { ($0.id, $0) })

    public static func rule(_ id: String) -> Rule? { byID[id] }
}
