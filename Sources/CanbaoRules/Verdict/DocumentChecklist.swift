/// The complete list of documents still to bring (一次性告知, 国家规程 第十二条): every requirement that applies,
/// minus what was presented and what the agency gets by data sharing (江门规程 第四条).
public enum DocumentChecklist {
    /// The requirements that apply to this case, in form order.
    public static func required(_ ctx: RuleContext) -> [DocumentRequirement] {
        ctx.workflow.documents.filter { $0.when?.holds(in: ctx) ?? true }
    }

    /// Codes the agency obtains itself in this region on this date.
    public static func dataShared(_ ctx: RuleContext) -> Set<String> {
        Set(ctx.list("documents.data_shared")?.0 ?? [])
    }

    public static func missing(_ ctx: RuleContext) -> [MissingDocument] {
        // An expired identity document presented is not an 有效身份证件: still to bring (IdentityExpiry).
        let expired = IdentityExpiry.expiredCodes(ctx)
        let presented = Set(ctx.caseFile.documentsPresented).subtracting(expired.keys)
        let shared = dataShared(ctx)
        // A written commitment accepted by a supervisor stands in for the document (江门规程 第四条).
        let have = presented.union(shared).union(ctx.caseFile.documentsCommitted)
        var result: [MissingDocument] = []
        var seen = Set<String>()
        func add(_ doc: MissingDocument) {
            if seen.insert(doc.code).inserted { result.append(doc) }
        }
        for req in required(ctx) {
            switch req.mode {
            case .one, .allOf:
                for code in req.codes where !have.contains(code) {
                    let reason = expired[code].map { "已提供的证件已于 \($0) 过期，请提供有效证件" } ?? req.reason
                    add(MissingDocument(code: code, name: ctx.forms.documents.name(code), anyOf: nil, reason: reason, citation: req.cite))
                }
            case .anyOf:
                guard !req.codes.contains(where: have.contains) else { continue }
                let names = req.codes.map(ctx.forms.documents.name)
                let joined = names.count == 2 ? "\(names[0])或\(names[1])"
                    : names.dropLast().joined(separator: "、") + "或" + names.last!
                add(MissingDocument(code: req.codes[0], name: joined + "（任选其一）", anyOf: req.codes, reason: req.reason, citation: req.cite))
            }
        }
        return result
    }
}
