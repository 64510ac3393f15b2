/// The employee personal account (职工医保个人账户): one-off withdrawal on death, settling abroad, enlistment or when a
/// transfer is impossible, by the insured, an agent or an heir, with the 附表3; a move to another city of the
/// province moves nothing and pays nothing out (江门规程 第十八条). Inner Mongolia refunds the balance to a person
/// switching to the resident scheme (内蒙古细则 第二十条（二））, transfers it with a cross-province transfer
/// (第十九条（二））, and says nothing of the other cases.
enum AccountRules {
    enum Reason: String {
        case death, emigration, enlistment
        case transferImpossible = "transfer-impossible"
        case move
        case switchToResident = "switch-to-resident"

        var chinese: String {
            switch self {
            case .death: return "参保人死亡"
            case .emigration: return "出国（境）定居"
            case .enlistment: return "应征入伍"
            case .transferImpossible: return "特殊情况无法转移"
            case .move: return "转移至其他统筹地区"
            case .switchToResident: return "职工医保跨制度转为居民医保"
            }
        }
    }

    static func reason(_ ctx: RuleContext) -> Reason? { ctx.caseFile.text("withdrawal_reason").flatMap(Reason.init(rawValue:)) }

    // MARK: account.reason

    static func reasonRule(_ ctx: RuleContext) -> RuleOutcome {
        guard let reason = reason(ctx), let here = ctx.here else { return .none }
        var findings: [Finding] = []
        let records = ctx.records(at: here, scheme: .employee)
        if records.isEmpty {
            findings.append(Cite(rule: "account.reason", citation: "江门规程 第十八条", field: "platform_records")
                .block("医保信息平台未查到本统筹区（\(here)）职工医保参保记录：个人账户由职工医保参保地办理"))
        }
        let withdrawal = ctx.bool("status.account_withdrawal")
        switch reason {
        case .move:
            guard let destination = ctx.caseFile.text("destination") else { return RuleOutcome(findings: findings) }
            let cross = RegionCode.crossProvince(here, destination)
            if cross == false, let (on, cite) = withdrawal, on {
                findings.append(Cite(rule: "account.reason", citation: cite, field: "destination")
                    .block("省内跨市转移职工医保关系的，个人账户资金跨市使用，不划转、不提现"))
            } else if cross == true, ctx.policy.includes("inner-mongolia") {
                findings.append(Cite(rule: "account.reason", citation: "内蒙古细则 第十九条（二）", field: "destination")
                    .block("跨省转移接续的，个人账户有余额的随转移办理划转手续，不一次性支取"))
            } else {
                findings.append(Cite(rule: "account.reason", citation: "国家规程 第十条", field: "destination")
                    .approval("转移至其他统筹地区时个人账户的处理，本统筹区政策未规定，须审核"))
            }
        case .switchToResident:
            guard let (on, cite) = ctx.bool("account.refund_on_switch_to_resident"), on else {
                findings.append(Cite(rule: "account.reason", citation: withdrawal?.1 ?? "国家规程 第十条", field: "withdrawal_reason")
                    .approval("职工医保转为居民医保时个人账户余额的处理，本统筹区政策未规定，须审核"))
                break
            }
            let c = Cite(rule: "account.reason", citation: cite, field: "platform_records")
            if ctx.caseFile.platformRecords.contains(where: { $0.scheme == .resident && $0.status == .active }) {
                findings.append(c.info("职工医保跨制度转为居民医保：个人账户余额依申请由职工医保参保地退还本人"))
            } else {
                findings.append(c.approval("平台未显示居民医保正常参保记录，是否已转为居民医保须审核"))
            }
        case .death, .emigration, .enlistment, .transferImpossible:
            guard let (on, cite) = withdrawal, on else {
                findings.append(Cite(rule: "account.reason", citation: "国家规程 第十一条", field: "withdrawal_reason")
                    .approval("因\(reason.chinese)一次性支取职工医保个人账户：本统筹区政策未规定，须审核（江门规程 第十八条有此规定）"))
                break
            }
            let c = Cite(rule: "account.reason", citation: cite, field: "withdrawal_reason")
            if reason == .transferImpossible {
                findings.append(c.approval("以“特殊情况无法转移”申请个人账户一次性支取：须审核确认无法转移的情形"))
            } else {
                findings.append(c.info("因\(reason.chinese)申请职工基本医疗保险个人账户一次性支取，填写附表3"))
            }
        }
        return RuleOutcome(findings: findings)
    }

    // MARK: account.applicant

    /// 参保人（委托人、继承人）: the insured or an agent; the heir when the insured died, and then never the insured.
    static func applicant(_ ctx: RuleContext) -> RuleOutcome {
        guard let reason = reason(ctx), let applicant = ctx.caseFile.text("applicant") else { return .none }
        let cite = ctx.policy.includes("jiangmen") ? "江门规程 第十八条" : "国家规程 第十一条"
        let c = Cite(rule: "account.applicant", citation: cite, field: "applicant")
        if reason == .death, applicant == "self" {
            return RuleOutcome(findings: [c.block("参保人死亡的，由继承人或委托人申请个人账户一次性支取，申请人不能是参保人本人")])
        }
        if reason != .death, applicant == "heir" {
            return RuleOutcome(findings: [c.block("继承人申请个人账户一次性支取限于参保人死亡；参保人在世的，由本人或其委托人申请")])
        }
        return .none
    }
}
