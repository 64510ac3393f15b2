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
    ]

    private static let byID: [String: Rule] = Dictionary(uniqueKeysWithValues: (always + named).map { ($0.id, $0) })

    public static func rule(_ id: String) -> Rule? { byID[id] }
}
