/// Identity documents of the insured person, the guardian and the agent (国家规程 第七条: the ID number is the key).
enum IdentityRules {
    static func person(_ ctx: RuleContext) -> RuleOutcome {
        guard let person = ctx.caseFile.person, let doc = person.document else { return .none }
        var findings = IdentityValidation.validate(doc, today: ctx.today, field: "person.document")
        if findings.allSatisfy({ $0.severity < .block }) {
            let origin = ctx.caseFile.text("origin").flatMap(Origin.init(rawValue:))
            findings += IdentityValidation.consistency(of: doc, birthDate: person.birthDate, sex: person.sex,
                                                       origin: origin, field: "person.document")
        }
        return RuleOutcome(findings: findings)
    }

    static func guardian(_ ctx: RuleContext) -> RuleOutcome {
        party(ctx.caseFile.guardian, field: "guardian.document", ctx: ctx)
    }

    static func agent(_ ctx: RuleContext) -> RuleOutcome {
        party(ctx.caseFile.agent, field: "agent.document", ctx: ctx)
    }

    private static func party(_ party: Party?, field: String, ctx: RuleContext) -> RuleOutcome {
        guard let doc = party?.document else { return .none }
        return RuleOutcome(findings: IdentityValidation.validate(doc, today: ctx.today, field: field))
    }
}
