/// Change of registered information (参保信息变更): 国家规程 第十二条 1, 内蒙古细则 第九条（三）、第十条（二）、
/// 第十一条（三）, 江门规程 第二十一条 (附表5; employees 附表2), the pre-registered newborn (国家规程 第十五条 3,
/// 江门规程 第二十条（三）) and the hardship marks (see `HardshipRules`). What may change is the `change_kind`:
/// `contact` (联系电话、地址), `name` (姓名), `identity` (身份信息错误更正: 证件号码), `newborn` (使用父母姓名预参保的
/// 新生儿更新为本人信息), `hardship` (困难身份标识).
enum ChangeRules {
    static let nationalCite = "国家规程 第十二条 1"

    enum Kind: String, CaseIterable {
        case contact, name, identity, newborn, hardship
    }

    static func kind(_ ctx: RuleContext) -> Kind? { ctx.caseFile.text("change_kind").flatMap(Kind.init(rawValue:)) }

    /// Where the change is made: the place the person is insured (属地, 江门规程 第二十一条; 内蒙古细则 第十一条（三）;
    /// the 参保地 reviews, 国家规程 第十二条 1). A newborn's update and a hardship mark need the resident enrollment here.
    static func record(_ ctx: RuleContext) -> RuleOutcome {
        guard let kind = kind(ctx), let here = ctx.here else { return .none }
        switch kind {
        case .newborn:
            guard ctx.records(at: here, scheme: .resident).contains(where: { $0.status == .active }) else {
                return RuleOutcome(findings: [Cite(rule: "change.record", citation: "国家规程 第十五条 3", field: "platform_records")
                        .block("未查到本统筹区使用父母姓名预参保的居民医保正常参保记录：新生儿尚未参保的，应办理新生儿参保登记")])
            }
            return .none
        case .hardship:
            // Checked by hardship.marks, which knows the region's “register first” rule.
            return .none
        case .contact, .name, .identity:
            guard ctx.caseFile.scheme != nil else { return .none }
            let cite = ctx.policy.includes("jiangmen") ? "江门规程 第二十一条" : (ctx.policy.includes("inner-mongolia") ? (ctx.scheme == .resident ? "内蒙古细则 第十一条（三）" : "内蒙古细则 第九条（三）") : nationalCite)
            let records = ctx.records(at: here, scheme: ctx.scheme)
            guard let record = records.first(where: { $0.status != .terminated }) else {
                let why = records.isEmpty ? "医保信息平台未查到本统筹区（\(here)）\(ctx.scheme.chinese)参保记录" : "本统筹区\(ctx.scheme.chinese)参保关系已终止"
                return RuleOutcome(findings: [Cite(rule: "change.record", citation: cite, field: "platform_records")
                        .block("\(why)：参保信息变更由参保地（属地）医保经办机构审核办理")])
            }
            return RuleOutcome(findings: [Cite(rule: "change.record", citation: cite, field: "platform_records")
                    .info("参保地审核后办理信息变更（\(record.summary)）")])
        }
    }

    /// The person's document: validated as registered, except when the registered number is the error being
    /// corrected; then the new number is validated and, being the unique key (国家规程 第七条), the correction goes
    /// to a supervisor (江门规程 第二十一条 “由医保经办机构审核后办理”).
    static func identity(_ ctx: RuleContext) -> RuleOutcome {
        guard kind(ctx) == .identity else { return IdentityRules.person(ctx) }
        guard let text = ctx.caseFile.text("new_number") else { return .none }
        let kind = ctx.caseFile.person?.document?.kind ?? .residentID
        let new = IdentityDocument(kind: kind, number: text)
        var findings = IdentityValidation.validate(new, today: ctx.today, field: "new_number")
            .map { Finding(rule: "change.identity", severity: $0.severity, message: "更正后的证件号码：" + $0.message, citation: $0.citation, field: "new_number") }
        if let old = ctx.caseFile.person?.document, old.normalizedNumber == new.normalizedNumber {
            findings.append(Cite(rule: "change.identity", citation: nationalCite, field: "new_number")
                .block("更正后的证件号码与原登记号码相同"))
        }
        guard findings.allSatisfy({ $0.severity < .block }) else { return RuleOutcome(findings: findings) }
        let (handling, cite) = ctx.text("change.identity_correction") ?? ("approval", "国家规程 第七条")
        if handling == "approval" {
            findings.append(Cite(rule: "change.identity", citation: cite, field: "new_number")
                .approval("更正证件号码（参保唯一识别码）\(ctx.caseFile.person?.document?.normalizedNumber ?? "") → \(new.normalizedNumber)：须核实户籍信息并审核后办理"))
        }
        return RuleOutcome(findings: findings)
    }

    /// A name change: the new name is given and differs.
    static func name(_ ctx: RuleContext) -> RuleOutcome {
        guard kind(ctx) == .name, let new = ctx.caseFile.text("new_name") else { return .none }
        let rule = Cite(rule: "change.name", citation: nationalCite, field: "new_name")
        // Compared as read: a name that differs only by an invisible character is the same name on every notice.
        if let old = ctx.caseFile.person?.name?.trimmed(.whitespaces), SafeText.visible(new) == SafeText.visible(old) {
            return RuleOutcome(findings: [rule.block("变更后的姓名与原登记姓名相同")])
        }
        return RuleOutcome(findings: [rule.info("姓名变更为“\(new)”：以户籍登记为准")])
    }

    /// A newborn enrolled under a parent's name (预参保) is updated to the real identity: the baby's own name and
    /// resident ID number (国家规程 第十五条 3); in Jiangmen within 6 months from the 1st of the month after birth
    /// (江门规程 第二十条（三）), an overdue update is warned and listed (the verdict's `due_date`).
    static func newborn(_ ctx: RuleContext) -> RuleOutcome {
        guard kind(ctx) == .newborn else { return .none }
        let c = ctx.caseFile
        var findings: [Finding] = []
        let nationalRule = Cite(rule: "change.newborn", citation: "国家规程 第十五条 3", field: "person.document")
        if let doc = c.person?.document, doc.kind != .residentID {
            findings.append(nationalRule.block("更新为新生儿本人信息须使用其居民身份证号码（先完成户籍登记）"))
        }
        let name = c.person?.name?.trimmed(.whitespaces) ?? ""
        if !name.isEmpty, name == c.guardian?.name?.trimmed(.whitespaces) || name.hasSuffix("XSE") {
            findings.append(Cite(rule: "change.newborn", citation: "国家规程 第十五条 3", field: "person.name")
                .block("应更新为新生儿本人真实姓名"))
        }
        guard let birth = c.birthDate else { return RuleOutcome(findings: findings) }
        if birth > ctx.today {
            findings.append(Cite(rule: "change.newborn", citation: "国家规程 第十五条 3", field: "person.birth_date")
                .block("出生日期 \(birth) 晚于办理日期 \(ctx.today)"))
            return RuleOutcome(findings: findings)
        }
        guard let (within, cite) = ctx.duration("newborn.preregistered.update_within") else {
            findings.append(Cite(rule: "change.newborn", citation: "国家规程 第十五条 3", field: "person.birth_date")
                .info("已使用父母姓名参保缴费的新生儿，监护人应尽快更新为新生儿本人信息"))
            return RuleOutcome(findings: findings)
        }
        let due = NewbornRules.preregisteredDeadline(birth: birth, within: within)
        let rule = Cite(rule: "change.newborn", citation: cite, field: "person.birth_date")
        if ctx.today > due {
            findings.append(rule.warn("应于出生次月1日起\(within)内（截至 \(due)）完成户籍登记并更新参保信息，已逾期\(due.days(until: ctx.today))天，列入逾期清单"))
        } else {
            findings.append(rule.info("出生次月1日起\(within)内更新，截至 \(due)"))
        }
        return RuleOutcome(findings: findings, dueDate: due)
    }
}
