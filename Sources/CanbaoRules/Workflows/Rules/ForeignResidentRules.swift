/// Hong Kong, Macau, Taiwan residents and foreigners: 内蒙古细则 第十二条（五）, 江门规程 第五条.
enum ForeignResidentRules {
    static let hmtKinds: [DocumentKind] = [.hmtResidencePermit, .hkMacauPermit, .taiwanPermit]
    static let foreignKinds: [DocumentKind] = [.foreignPermanentResidence, .foreignResidencePermit, .foreignPassport]

    /// The kinds the region registers the case's origin with, and the article; nil without an origin.
    static func accepted(_ ctx: RuleContext) -> (kinds: [DocumentKind], cite: String, hmt: Bool)? {
        guard let origin = ctx.caseFile.text("origin").flatMap(Origin.init(rawValue:)) else { return nil }
        let isHMT = origin != .foreign
        let paramKey = isHMT ? "hmt.documents" : "foreign.documents"
        let defaults = isHMT ? hmtKinds : foreignKinds
        let (codes, cite) = ctx.list(paramKey) ?? (defaults.map(\.rawValue), "国家规程 第七条")
        return (codes.compactMap(DocumentKind.init(rawValue:)).filter { defaults.contains($0) }, cite, isHMT)
    }

    /// True when the person's document is one the region does not register this origin with: the documents list
    /// then names the one that would succeed (国家规程 第十二条 一次性告知), not the refused one's companions.
    static func documentNotAccepted(_ ctx: RuleContext) -> Bool {
        guard let kind = ctx.caseFile.person?.document?.kind, let (allowed, _, _) = accepted(ctx) else { return false }
        return !allowed.contains(kind)
    }

    /// The document the region registers this origin with.
    static func document(_ ctx: RuleContext) -> RuleOutcome {
        let c = ctx.caseFile
        guard let kind = c.person?.document?.kind, let (allowed, cite, isHMT) = accepted(ctx) else { return .none }
        guard !allowed.contains(kind) else { return .none }
        let who = isHMT ? "港澳台居民" : "外籍人员"
        let names = allowed.map(\.chineseName).joined(separator: "、")
        return RuleOutcome(findings: [Cite(rule: "foreign.document", citation: cite, field: "person.document")
                .block("本统筹区\(who)应以\(names)办理参保登记，不能使用\(kind.chineseName)")])
    }

    /// Either scheme; the employee scheme as flexible employment at the counter (内蒙古细则 第十二条（五）).
    static func scheme(_ ctx: RuleContext) -> RuleOutcome {
        guard ctx.scheme == .employee, !ctx.caseFile.isFlexible,
              let (flexibleOnly, cite) = ctx.bool("foreign.employee_flexible_only"), flexibleOnly else { return .none }
        return RuleOutcome(findings: [Cite(rule: "foreign.scheme", citation: cite, field: "scheme")
                .warn("在大陆居住的港澳台及外籍人员个人可选择以灵活就业人员身份参加职工医保；随单位参保的，由参保单位申报")])
    }
}
