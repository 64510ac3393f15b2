extension Condition {
    /// Whether the condition holds for the case in `ctx`. An absent field equals nothing and is not present.
    public func holds(in ctx: RuleContext) -> Bool {
        switch self {
        case let .equals(field, value):
            return CasePath.value(field, in: ctx.caseFile) == value
        case let .oneOf(field, values):
            guard let v = CasePath.value(field, in: ctx.caseFile) else { return false }
            return values.contains(v)
        case let .present(field, expected):
            let v = CasePath.value(field, in: ctx.caseFile)
            // A bool answered "false" is present as an answer but not as a party or a flag.
            let present = v != nil && v != "false"
            return present == expected
        case let .all(cs): return cs.allSatisfy { $0.holds(in: ctx) }
        case let .any(cs): return cs.contains { $0.holds(in: ctx) }
        case let .not(c): return !c.holds(in: ctx)
        case let .predicate(name): return Predicates.all[name]?(ctx) ?? false
        case let .region(id): return ctx.policy.includes(id)
        }
    }
}

/// Named conditions that need more than comparing one field: written in Swift, named in forms as `{rule: name}`.
public enum Predicates {
    public static let all: [String: @Sendable (RuleContext) -> Bool] = [
        "person.minor": { ctx in
            guard let birth = ctx.caseFile.birthDate else { return false }
            return birth.adding(months: 18 * 12) > ctx.today
        },
        "student.certified_place_chosen": { ctx in
            guard let here = ctx.here, let cert = ctx.caseFile.text("certified_place") else { return false }
            return here == cert && here != ctx.caseFile.text("school_place")
        },
        "scheme.employee": { $0.scheme == .employee },
        "scheme.resident": { $0.scheme == .resident },
        // Employed and seasonal workers join through the employer (内蒙古细则 第九条（一）、第二十一条).
        "employee.via_employer": { ctx in
            ctx.scheme == .employee && !ctx.caseFile.isFlexible && ctx.caseFile.text("work") != "flexible"
        },
        "person.travel_permit": { ctx in
            [.hkMacauPermit, .taiwanPermit].contains(ctx.caseFile.person?.document?.kind)
        },
        "person.passport": { ctx in ctx.caseFile.person?.document?.kind == .foreignPassport },
        // A transfer inside Inner Mongolia: no document may be demanded (内蒙古细则 第二十条（一）).
        "transfer.documents_waived": { ctx in TransferRules.documentsWaived(ctx) },
        // The region does not register this HMT resident or foreigner with the document given (内蒙古细则 第十二条（五）).
        "foreign.document_not_accepted": { ctx in ForeignResidentRules.documentNotAccepted(ctx) },
        // No profile records the minimum contribution years for the year the age is reached: the clerk enters it.
        "retirement.minimum_unset": { ctx in RetirementRules.minimumUnset(ctx) },
        // Months of active service to count as contribution years (江门规程 第十五条 附表1).
        "retirement.military_service": { ctx in (ctx.count("military_service_months") ?? 0) > 0 },
        // No profile records the year-before-last average wage for a Jiangmen lump sum: the clerk enters it.
        "lump_sum.wage_unset": { ctx in ctx.param("lump_sum.base_monthly_wage_fen") == nil },
    ]
}
