/// Expired identity documents (证件有效期): only a valid document (有效身份证件) identifies a person at the counter
/// (国家规程 第七条 “录入有效身份证件号码”; 江门规程 第五条、第七条（一）、第二十五条（二） “有效身份证件”).
/// Run for every case. Per rule:
/// - a registration made with an expired permit or passport is refused: the region registers HMT residents and
///   foreigners with that document (内蒙古细则 第十二条（五）, 江门规程 第五条（三）（四）) and a renewed one may carry
///   another number; an expired 居民身份证 keeps its number for life, so the card is listed as missing instead;
/// - any other expired document the case needs (the insured's, the guardian's, the agent's) is listed as missing
///   (`DocumentChecklist`), so the 一次性告知书 asks for a valid one.
enum IdentityExpiry {
    static let rule = "identity.expiry"
    static let nationalCite = "国家规程 第七条"

    /// Workflows that register the insured person with the document's number.
    static let registrations: Set<String> = [
        "newborn", "student", "veteran", "migrant-worker", "foreign-resident", "employee-register", "assisted-register",
        "prison-release",
    ]

    /// The party field, its document and the catalog code that stands for that document in the checklist.
    static func parties(_ c: CaseFile) -> [(field: String, document: IdentityDocument, code: String)] {
        var result: [(String, IdentityDocument, String)] = []
        if let d = c.person?.document { result.append(("person.document", d, d.kind.rawValue)) }
        if let d = c.guardian?.document { result.append(("guardian.document", d, "guardian-id")) }
        if let d = c.agent?.document { result.append(("agent.document", d, "agent-id")) }
        return result
    }

    /// Catalog codes of the documents that had expired by the case's date.
    static func expiredCodes(_ ctx: RuleContext) -> [String: LocalDate] {
        var codes: [String: LocalDate] = [:]
        for (_, document, code) in parties(ctx.caseFile) where document.isExpired(on: ctx.today) {
            codes[code] = document.validUntil
        }
        return codes
    }

    static func check(_ ctx: RuleContext) -> RuleOutcome {
        var findings: [Finding] = []
        let required = Set(DocumentChecklist.required(ctx).flatMap(\.codes))
        for (field, document, code) in parties(ctx.caseFile) {
            guard let until = document.validUntil else { continue }
            let name = document.kind.chineseName
            if field == "person.document", registrations.contains(ctx.workflow.id), document.kind != .residentID,
               document.kind != .other, document.kind != .birthCertificate {
                if until < ctx.today {
                    let cite = ctx.policy.includes("inner-mongolia") ? "内蒙古细则 第十二条（五）" : IdentityValidation.citation(for: document.kind)
                    findings.append(Finding(rule: rule, severity: .block,
                        message: "\(name)已于 \(until) 过期：不能以过期证件办理参保登记，请持有效（换发后）的证件办理", citation: cite, field: field))
                }
                continue
            }
            if until < ctx.today, required.contains(code) {
                findings.append(Finding(rule: rule, severity: .warn,
                    message: "\(who(field))的\(name)已于 \(until) 过期：不是有效身份证件，须提供有效证件（已列入需补充的材料）",
                    citation: nationalCite, field: field))
            }
        }
        return RuleOutcome(findings: findings)
    }

    static func who(_ field: String) -> String {
        switch field {
        case "guardian.document": return "监护人"
        case "agent.document": return "代办人（申请人）"
        default: return "参保人"
        }
    }
}
