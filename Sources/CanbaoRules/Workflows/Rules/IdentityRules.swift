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
        var outcome = party(ctx.caseFile.guardian, field: "guardian.document", ctx: ctx)
        outcome.findings += sameAsInsured(ctx)
        return outcome
    }

    /// A guardian acts for the insured (国家规程 第十五条 3: 由监护人办理), so cannot be the insured: the same number
    /// for both is one of them typed twice. The one exception is the newborn who died before hukou registration,
    /// registered under a parent's own ID number as 其他证件类型 (内蒙古细则 第十二条（一）2), which `NewbornRules.naming`
    /// holds to the guardian's.
    static func sameAsInsured(_ ctx: RuleContext) -> [Finding] {
        guard let doc = ctx.caseFile.person?.document, doc.kind != .other,
              let guardianDoc = ctx.caseFile.guardian?.document, !doc.normalizedNumber.isEmpty,
              doc.normalizedNumber == guardianDoc.normalizedNumber else { return [] }
        return [Finding(rule: "guardian.identity", severity: .block,
                        message: "监护人证件号码与参保人相同（\(doc.normalizedNumber)）：监护人应是参保人以外的人，请核对两人的证件",
                        citation: "国家规程 第十五条 3", field: "guardian.document")]
    }

    static func agent(_ ctx: RuleContext) -> RuleOutcome {
        party(ctx.caseFile.agent, field: "agent.document", ctx: ctx)
    }

    private static func party(_ party: Party?, field: String, ctx: RuleContext) -> RuleOutcome {
        guard let doc = party?.document else { return .none }
        return RuleOutcome(findings: IdentityValidation.validate(doc, today: ctx.today, field: field))
    }
}
