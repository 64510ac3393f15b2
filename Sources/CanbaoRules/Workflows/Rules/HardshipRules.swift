/// Hardship marks for subsidised enrollment (资助参保身份标识): 国家规程 第七条、第八条, 内蒙古细则 第十二条（四）,
/// 江门规程 第六条、第二十条（四）、第二十二条. Recorded through the `change` workflow (`change_kind: hardship`): the
/// statuses are facts `hardship_<code>` (see `HardshipStatus`), each certified by its department; several statuses
/// give one subsidy, the highest (就高不就低、不重复享受) in the order of the profile's `hardship.order`.
enum HardshipRules {
    static let nationalCite = "国家规程 第七条"

    static func statuses(_ ctx: RuleContext) -> [HardshipStatus] {
        let marked = HardshipStatus.allCases.filter { ctx.caseFile.flag($0.fact) }
        let order = (ctx.list("hardship.order")?.0 ?? []).compactMap(HardshipStatus.init(rawValue:))
        func rank(_ s: HardshipStatus) -> Int { order.firstIndex(of: s) ?? (order.count + HardshipStatus.allCases.firstIndex(of: s)!) }
        return marked.sorted { rank($0) < rank($1) }
    }

    static func marks(_ ctx: RuleContext) -> RuleOutcome {
        guard ChangeRules.kind(ctx) == .hardship else { return .none }
        let c = ctx.caseFile
        let cite6 = ctx.policy.includes("jiangmen") ? "江门规程 第六条" : nationalCite
        let statuses = statuses(ctx)
        guard let highest = statuses.first else {
            return RuleOutcome(findings: [Cite(rule: "hardship.marks", citation: cite6, field: HardshipStatus.extremePoverty.fact)
                    .block("请至少选择一种困难身份")])
        }
        var findings: [Finding] = []
        var benefitStart: LocalDate?

        // Register first, subsidy later (江门规程 第二十条（四）): the enrollment here comes first, the subsidy after.
        let registerFirst = ctx.bool("hardship.register_first")
        let enrolled = ctx.records(at: ctx.here, scheme: .resident).first { $0.status == .active }
        if let enrolled {
            if let (on, cite) = registerFirst, on {
                let unpaid = enrolled.paid ? "" : "；资助参保费用由资助政策管理部门后补拨付"
                findings.append(Cite(rule: "hardship.marks", citation: cite, field: "platform_records")
                    .info("先登记参保、后补助缴费：自完成参保登记、做好身份标识之日（\(ctx.today)）起即可享受医保待遇\(unpaid)"))
                benefitStart = ctx.today
            } else {
                findings.append(Cite(rule: "hardship.marks", citation: "国家规程 第八条", field: "platform_records")
                    .info("资助政策管理部门应及时拨付资助参保费用，确保足额缴费、人费对应"))
            }
        } else {
            let cite = registerFirst?.1 ?? nationalCite
            findings.append(Cite(rule: "hardship.marks", citation: cite, field: "platform_records")
                .block("尚未在本统筹区参加居民医保：困难居民先办理居民参保登记（无须等待资助到账），再做身份标识"))
        }

        // Several statuses: the highest once (江门规程 第二十二条).
        let (_, orderCite) = ctx.list("hardship.order") ?? ([], nationalCite)
        var citation = orderCite
        if statuses.count > 1 {
            let names = statuses.map(\.chinese).joined(separator: "、")
            if let (on, cite) = ctx.bool("hardship.highest_once"), on {
                citation = cite
                findings.append(Cite(rule: "hardship.marks", citation: cite, field: highest.fact)
                    .info("具有多重困难身份（\(names)）：按“就高不就低、不重复享受”原则，按\(highest.chinese)资助一次"))
            } else {
                findings.append(Cite(rule: "hardship.marks", citation: orderCite, field: highest.fact)
                    .warn("具有多重困难身份（\(names)）：本统筹区政策未规定多重身份的资助办法，按排序最高的\(highest.chinese)标识，资助标准以资助政策管理部门核定为准，不重复享受"))
            }
        }
        let departments = statuses.map { "\($0.chinese)（\($0.department)认定）" }.joined(separator: "、")
        findings.append(Cite(rule: "hardship.marks", citation: cite6, field: highest.fact)
            .info("身份标识：\(departments)，由认定部门对身份信息的真实性负责"))

        // Where the status was certified (内蒙古细则 第十二条（四）).
        let certifiedPlace = c.text("certified_place")
        if let place = certifiedPlace, let here = ctx.here, place != here,
           let (on, cite) = ctx.bool("hardship.certified_place"), on,
           let atCertified = statuses.first(where: \.enrollsAtCertifiedPlace) {
            findings.append(Cite(rule: "hardship.marks", citation: cite, field: "certified_place")
                .warn("\(atCertified.chinese)原则上在身份认定地（\(place)）参保缴费，本窗口为 \(here)"))
        }

        // Departments mark within a month of certification (江门规程 第二十条（四）).
        switch ctx.dateFact("certified_date") {
        case let .failure(e)?:
            findings.append(Cite(rule: "hardship.marks", citation: cite6, field: "certified_date").block("身份认定日期不是有效日期（应为 YYYY-MM-DD）：“\(e.text)”"))
        case let .success(date)?:
            if date > ctx.today {
                findings.append(Cite(rule: "hardship.marks", citation: cite6, field: "certified_date").block("身份认定日期 \(date) 晚于办理日期 \(ctx.today)"))
            } else if let (within, cite) = ctx.duration("hardship.mark_within"), ctx.today > within.end(from: date) {
                findings.append(Cite(rule: "hardship.marks", citation: cite, field: "certified_date")
                    .warn("认定部门应在取得身份认定之日起\(within)内（截至 \(within.end(from: date))）完成参保登记、做好身份标识，已超过"))
            }
        case nil: break
        }

        let marks = HardshipMarks(statuses: statuses.map(HardshipMarks.Mark.init), applied: highest.rawValue,
                                  certifiedPlace: certifiedPlace, citation: citation)
        return RuleOutcome(findings: findings, benefitStart: benefitStart, hardship: marks)
    }
}
