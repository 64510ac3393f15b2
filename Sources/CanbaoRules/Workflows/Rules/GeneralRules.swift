/// Rules every workflow runs: the profile's validity on the case's date and the required fields.
enum GeneralRules {
    /// A case dated outside the period a profile (or one it inherits) is in force gets a warning: the policy
    /// modelled may not be the one in force (某市通知 lapses 2026-08-31; 江门规程 第三十一条 runs to 2028-12-31).
    static func validity(_ ctx: RuleContext) -> RuleOutcome {
        var findings: [Finding] = []
        for profile in ctx.policy.chain {
            let cite = Cite(rule: "profile.validity", citation: profile.validityCite)
            if ctx.today < profile.validFrom {
                findings.append(cite.warn("办理日期 \(ctx.today) 早于\(profile.source)施行日期 \(profile.validFrom)，结论须按当时有效的政策核实"))
            } else if let until = profile.validUntil, ctx.today > until {
                findings.append(cite.warn("\(profile.source)有效期至 \(until)，办理日期 \(ctx.today) 已超出有效期，结论须按现行政策核实"))
            }
        }
        return RuleOutcome(findings: findings)
    }

    /// Every required field that applies must be answered (国家规程 第七条: 完整、准确录入).
    static func required(_ ctx: RuleContext) -> RuleOutcome {
        var findings: [Finding] = []
        for field in ctx.workflow.allFields where field.required {
            if let when = field.when, !when.holds(in: ctx) { continue }
            if CasePath.value(field.id, in: ctx.caseFile) == nil {
                findings.append(Finding(rule: "form.required", severity: .block, message: "请填写：\(field.label)",
                                        citation: "国家规程 第七条", field: field.id))
            }
        }
        return RuleOutcome(findings: findings)
    }
}
