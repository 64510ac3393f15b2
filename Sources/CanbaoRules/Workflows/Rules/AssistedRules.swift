/// Registering an assisted person (困难人员参保登记): 特困、低保、易返贫致贫 in principle where the status was certified
/// (内蒙古细则 第十二条（四））; Jiangmen registers first and pays the subsidy later, benefits from the day of
/// registration and marking, the certifying department registering within a month of certification (江门规程
/// 第二十条（四）), several statuses giving the highest subsidy once (第二十二条). The statuses are the facts
/// `hardship_<code>` of `HardshipStatus`, as in the change workflow.
enum AssistedRules {
    static let nationalCite = "国家规程 第七条"

    static func register(_ ctx: RuleContext) -> RuleOutcome {
        let statuses = HardshipRules.statuses(ctx)
        let cite6 = ctx.policy.includes("jiangmen") ? "江门规程 第六条" : nationalCite
        guard let highest = statuses.first else {
            return RuleOutcome(findings: [Cite(rule: "assisted.register", citation: cite6, field: HardshipStatus.extremePoverty.fact)
                    .block("请至少选择一种经认定的困难身份（资助参保对象）")])
        }
        var findings: [Finding] = []
        var benefitStart: LocalDate?
        var due: LocalDate?

        // Where: the place the status was certified, in principle (内蒙古细则 第十二条（四））.
        if let place = ctx.caseFile.text("certified_place"), let here = ctx.here, place != here,
           let (on, cite) = ctx.bool("hardship.certified_place"), on,
           let atCertified = statuses.first(where: \.enrollsAtCertifiedPlace) {
            findings.append(Cite(rule: "assisted.register", citation: cite, field: "certified_place")
                .approval("\(atCertified.chinese)原则上在身份认定地（\(place.prefix(16))）参保缴费，本窗口为 \(here)：在此登记须审核"))
        }

        // When: register first, subsidy later; the department within a month of certification.
        if let (on, cite) = ctx.bool("hardship.register_first"), on {
            benefitStart = ctx.today
            findings.append(Cite(rule: "assisted.register", citation: cite, field: "certified_date")
                .info("先登记参保、后补助缴费：自完成参保登记、做好身份标识之日（\(ctx.today)）起即可享受医保待遇，资助参保费用由资助政策管理部门后补拨付"))
        } else {
            findings.append(Cite(rule: "assisted.register", citation: "国家规程 第八条", field: "certified_date")
                .info("资助政策管理部门应及时拨付资助参保费用，确保足额缴费、人费对应"))
        }
        let (certified, dateFindings) = ctx.pastDate("certified_date", label: "身份认定日期", rule: "assisted.register", cite: cite6)
        findings += dateFindings
        if let certified, let (within, cite) = ctx.duration("hardship.mark_within") {
            let last = within.end(from: certified)
            due = last
            let c = Cite(rule: "assisted.register", citation: cite, field: "certified_date")
            findings.append(ctx.today > last
                ? c.warn("认定部门应在取得身份认定之日起\(within)内（截至 \(last)）完成参保登记、做好身份标识，已逾期\(last.days(until: ctx.today))天")
                : c.info("认定部门应在取得身份认定之日起\(within)内（截至 \(last)）完成参保登记、做好身份标识"))
        }

        // Several statuses: the highest once (江门规程 第二十二条).
        let (_, orderCite) = ctx.list("hardship.order") ?? ([], nationalCite)
        var citation = orderCite
        if statuses.count > 1 {
            let names = statuses.map(\.chinese).joined(separator: "、")
            if let (on, cite) = ctx.bool("hardship.highest_once"), on {
                citation = cite
                findings.append(Cite(rule: "assisted.register", citation: cite, field: highest.fact)
                    .info("具有多重困难身份（\(names)）：按“就高不就低、不重复享受”原则，按\(highest.chinese)资助一次"))
            } else {
                findings.append(Cite(rule: "assisted.register", citation: orderCite, field: highest.fact)
                    .warn("具有多重困难身份（\(names)）：按排序最高的\(highest.chinese)标识，资助标准以资助政策管理部门核定为准，不重复享受"))
            }
        }
        let departments = statuses.map { "\($0.chinese)（\($0.department)认定）" }.joined(separator: "、")
        findings.append(Cite(rule: "assisted.register", citation: cite6, field: highest.fact)
            .info("身份精准标识：\(departments)，由认定部门对身份信息的真实性负责"))
        let marks = HardshipMarks(statuses: statuses.map(HardshipMarks.Mark.init), applied: highest.rawValue,
                                  certifiedPlace: ctx.caseFile.text("certified_place"), citation: citation)
        return RuleOutcome(findings: findings, benefitStart: benefitStart, dueDate: due, hardship: marks)
    }
}
