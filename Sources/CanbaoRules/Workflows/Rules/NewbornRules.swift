/// Newborns: 国家规程 第十五条 3, 内蒙古细则 第十二条（一）, 江门规程 第二十条（二）（三）.
enum NewbornRules {
    static let nationalCite = "国家规程 第十五条 3"
    /// Full age (民法典 第十七条): no longer anyone's ward.
    static let adultAge = 18

    /// Within the window (birth day = day 0, the last day included) costs are covered from the birth date;
    /// later, the region's own rule applies, and where it has none a supervisor decides.
    static func window(_ ctx: RuleContext) -> RuleOutcome {
        // A baby already enrolled and paid under a parent's name is updated, not registered (国家规程 第十五条 3).
        guard !ctx.caseFile.flag("deceased_before_hukou"), !ctx.caseFile.flag("registered_under_parent_name"),
              let birth = ctx.caseFile.birthDate else { return .none }
        let age = birth.days(until: ctx.today)
        if age < 0 {
            return RuleOutcome(findings: [Cite(rule: "newborn.window", citation: nationalCite, field: "person.birth_date")
                    .block("出生日期 \(birth) 晚于办理日期 \(ctx.today)")])
        }
        // A newborn is registered by a guardian (国家规程 第十五条 3: 由监护人…办理); an adult has none, and is no
        // newborn registered late: an adult sent here went to a supervisor as a late registration.
        if birth.adding(months: 12 * adultAge) <= ctx.today {
            return RuleOutcome(findings: [Cite(rule: "newborn.window", citation: nationalCite, field: "person.birth_date")
                    .block("出生于 \(birth)，已满\(adultAge)周岁，不是新生儿：不能按新生儿参保登记办理")])
        }
        guard let (window, cite) = ctx.duration("newborn.window") else {
            return RuleOutcome(findings: [Cite(rule: "newborn.window", citation: nationalCite, field: "person.birth_date")
                    .approval("本统筹区未规定新生儿参保时限，须审核")])
        }
        let deadline = window.end(from: birth)
        if ctx.today <= deadline, ctx.coverageYear != birth.year {
            // Costs from the birth date are covered only once the premium of the year of birth is paid.
            let f = Cite(rule: "newborn.window", citation: cite, field: "coverage_year")
                .warn("出生后第\(age)天办理，在\(window)（含）内，但登记的是\(ctx.coverageYear)年度：须缴纳出生当年（\(birth.year)年）居民医保费，自出生之日起的医疗费用方可纳入报销")
            return RuleOutcome(findings: [f])
        }
        if ctx.today <= deadline {
            let f = Cite(rule: "newborn.window", citation: cite, field: "person.birth_date")
                .info("出生后第\(age)天办理，在\(window)（含）内：缴纳出生当年居民医保费后，自出生之日起发生的医疗费用可纳入报销")
            return RuleOutcome(findings: [f], benefitStart: birth, waitingPeriodMonths: 0)
        }
        let late = ctx.text("newborn.late_handling")
        return RuleOutcome(findings: [Cite(rule: "newborn.window", citation: late?.1 ?? nationalCite, field: "person.birth_date")
                .approval("出生后第\(age)天办理，已超过\(window)（截至 \(deadline)）；逾期参保按统筹地区具体规定执行，本统筹区无具体规定，须审核")])
    }

    /// Real name and valid identity proof (国家规程 第十五条 3); a newborn who died before hukou registration is
    /// registered as parent's name + XSE with the parent's ID under "other" (内蒙古细则 第十二条（一）2).
    static func naming(_ ctx: RuleContext) -> RuleOutcome {
        let c = ctx.caseFile
        let name = c.person?.name?.trimmed(.whitespaces) ?? ""
        let doc = c.person?.document
        var findings: [Finding] = []
        if c.flag("deceased_before_hukou") {
            guard let (suffix, cite) = ctx.text("newborn.deceased.name_suffix") else { return .none }
            let rule = Cite(rule: "newborn.naming", citation: cite, field: "person.name")
            let guardian = c.guardian?.name?.trimmed(.whitespaces) ?? ""
            let parentName = name.hasSuffix(suffix) ? String(name.dropLast(suffix.count)) : ""
            if parentName.isEmpty {
                let expected = guardian.isEmpty ? "父亲或母亲姓名+\(suffix)" : "\(guardian + suffix)”或“另一方父母姓名+\(suffix)"
                findings.append(rule.block("户籍登记前死亡的新生儿应以“父亲或母亲姓名+\(suffix)”作为姓名，应为“\(expected)”"))
            }
            let docRule = Cite(rule: "newborn.naming", citation: cite, field: "person.document")
            if let doc, doc.kind != .other {
                findings.append(docRule.block("证件类型应选择“其他证件类型”，使用父亲或母亲的身份证号码"))
            } else if parentName == guardian, let doc, let parentDoc = c.guardian?.document,
                      doc.normalizedNumber != parentDoc.normalizedNumber {
                // Named after the guardian: the number must be the guardian's own.
                findings.append(docRule.block("以“\(name)”登记时，证件号码应为\(guardian)的身份证号码 \(parentDoc.normalizedNumber)"))
            } else if !parentName.isEmpty, parentName != guardian {
                findings.append(docRule.warn("以另一方父母“\(parentName)”的姓名登记：请核对证件号码为其本人身份证号码"))
            }
            return RuleOutcome(findings: findings)
        }
        let rule = Cite(rule: "newborn.naming", citation: nationalCite, field: "person.name")
        if c.flag("hukou_registered"), doc?.kind == .birthCertificate {
            findings.append(Cite(rule: "newborn.naming", citation: nationalCite, field: "person.document")
                .block("已办理户籍登记的新生儿应使用居民身份证号码（见户口簿）参保登记"))
        }
        if doc?.kind == .other {
            findings.append(Cite(rule: "newborn.naming", citation: nationalCite, field: "person.document")
                .block("新生儿应使用本人有效身份证明；“其他证件类型”仅用于户籍登记前死亡的新生儿"))
        }
        if name.hasSuffix("XSE") {
            findings.append(rule.block("新生儿应使用本人真实姓名；“姓名+XSE”仅用于户籍登记前死亡的新生儿"))
        } else if !name.isEmpty, name == c.guardian?.name?.trimmed(.whitespaces) {
            findings.append(rule.block("新生儿应使用本人真实姓名参保登记，不得使用父母姓名"))
        }
        return RuleOutcome(findings: findings)
    }

    /// Died before hukou registration: IM within 90 days (第十二条（一）2), Jiangmen within 6 months at the
    /// birthplace agency (第二十条（二）); the enrollment is terminated once the claim is settled.
    static func deceased(_ ctx: RuleContext) -> RuleOutcome {
        let c = ctx.caseFile
        guard c.flag("deceased_before_hukou"), let birth = c.birthDate else { return .none }
        guard let (window, cite) = ctx.duration("newborn.deceased.window") else {
            return RuleOutcome(findings: [Cite(rule: "newborn.deceased", citation: nationalCite, field: "deceased_before_hukou")
                    .approval("本统筹区未规定户籍登记前死亡新生儿的参保办法，须审核")])
        }
        let rule = Cite(rule: "newborn.deceased", citation: cite, field: "deceased_before_hukou")
        var findings: [Finding] = []
        if let (atBirthplace, bcite) = ctx.bool("newborn.deceased.at_birthplace"), atBirthplace,
           let birthplace = c.text("birth_place"), let here = ctx.here, birthplace != here {
            findings.append(Cite(rule: "newborn.deceased", citation: bcite, field: "birth_place")
                .block("户籍登记前死亡的新生儿应到出生地（\(birthplace)）医保经办机构办理，本窗口为 \(here)"))
        }
        let deadline = window.end(from: birth)
        if ctx.today > deadline {
            findings.append(rule.block("户籍登记前死亡的新生儿应自出生之日起\(window)内办理（截至 \(deadline)），已逾期"))
            return RuleOutcome(findings: findings)
        }
        findings.append(rule.info("自出生之日起\(window)内办理：缴纳出生当年医疗保险费后，自出生之日起的医疗费用纳入报销；报销办结后应及时办理终止参保"))
        return RuleOutcome(findings: findings, benefitStart: birth, waitingPeriodMonths: 0)
    }

    /// Registered earlier under a parent's name: the guardian updates to the real identity; Jiangmen: within
    /// 6 months from the 1st of the month after birth (第二十条（三）).
    static func preregistered(_ ctx: RuleContext) -> RuleOutcome {
        let c = ctx.caseFile
        guard c.flag("registered_under_parent_name"), let birth = c.birthDate else { return .none }
        guard let (within, cite) = ctx.duration("newborn.preregistered.update_within") else {
            return RuleOutcome(findings: [Cite(rule: "newborn.preregistered", citation: nationalCite, field: "registered_under_parent_name")
                    .info("已使用父母姓名参保缴费的新生儿：监护人应尽快更新为新生儿本人信息")])
        }
        let deadline = preregisteredDeadline(birth: birth, within: within)
        let rule = Cite(rule: "newborn.preregistered", citation: cite, field: "registered_under_parent_name")
        if ctx.today > deadline {
            return RuleOutcome(findings: [rule.warn("使用父母姓名预参保的新生儿应于出生次月1日起\(within)内（截至 \(deadline)）完成户籍登记并更新参保信息，已逾期")])
        }
        return RuleOutcome(findings: [rule.info("使用父母姓名预参保的新生儿应于 \(deadline) 前完成户籍登记并更新参保信息")])
    }

    /// The last day to update a pre-registered newborn: `within` counted from the 1st of the month after birth
    /// (江门规程 第二十条（三）“于新生儿出生次月1日起，6个月内”): born 2026-01-15 → 2026-02-01 + 6 months − 1 day = 2026-07-31.
    static func preregisteredDeadline(birth: LocalDate, within: Duration) -> LocalDate {
        within.end(from: birth.firstOfMonth.adding(months: 1)).adding(days: -1)
    }
}

import Foundation
