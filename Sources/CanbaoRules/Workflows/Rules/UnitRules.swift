/// Employers (参保单位): registration within 30 days of establishment, changes within 30 days, merger, split,
/// dissolution and bankruptcy only after the premiums are paid in full, and one active registration kept under the
/// local agency (内蒙古细则 第八条（一）至（四）). The unit is identified by its unified social credit code
/// (江门规程 第五条（1））. The other texts say nothing of units: there the deadlines are not set and what Inner
/// Mongolia refuses goes to a supervisor.
enum UnitRules {
    static let nationalCite = "国家规程 第七条"

    enum Kind: String { case enterprise, institution, organization, individual }

    enum Closure: String {
        case merger, split, dissolution, bankruptcy
        var chinese: String {
            switch self {
            case .merger: return "合并"
            case .split: return "分立"
            case .dissolution: return "解散"
            case .bankruptcy: return "破产"
            }
        }
    }

    static func name(_ ctx: RuleContext) -> String { ctx.caseFile.text("unit_name") ?? "" }

    // MARK: unit.code

    /// The unit's code and, for a merger or split, the successor's: GB 32100 (江门规程 第五条（1））.
    static func code(_ ctx: RuleContext) -> RuleOutcome {
        var findings = UnitCode.check(ctx.caseFile.text("unit_code"), rule: "unit.code", field: "unit_code")
        findings += ctx.countProblems(["active_registrations", "active_employees"], rule: "unit.code", cite: "内蒙古细则 第八条")
        findings += UnitCode.check(ctx.caseFile.text("successor_code"), rule: "unit.code", field: "successor_code")
        return RuleOutcome(findings: findings)
    }

    /// The agency of the unit's place (属地, 内蒙古细则 第八条（一）（三））: a unit elsewhere is sent there.
    static func localAgency(_ ctx: RuleContext, what: String, rule: String) -> [Finding] {
        guard let here = ctx.here, let place = ctx.caseFile.text("unit_place"), place != here,
              let (on, cite) = ctx.bool("unit.local_agency"), on else { return [] }
        return [Cite(rule: rule, citation: cite, field: "unit_place")
            .block("参保单位应向属地医保经办机构办理\(what)：单位所在地为 \(place.prefix(16))，本窗口为 \(here)")]
    }

    // MARK: unit.register

    /// Registration within 30 days of establishment (自批准成立之日起30日内); an enterprise registered with market
    /// supervision is registered at the same time (第八条（一））; a unit already registered is not registered again
    /// (第八条（二））.
    static func register(_ ctx: RuleContext) -> RuleOutcome {
        guard let code = ctx.unitCode, let here = ctx.here else { return .none }
        var findings = localAgency(ctx, what: "参保登记", rule: "unit.register")
        if let existing = ctx.count("active_registrations"), existing > 0 {
            let (cite, severity): (String, Severity) = ctx.bool("unit.single_registration").map { ($0.1, .block) } ?? (nationalCite, .approval)
            let text = "该单位在医保信息平台已有\(existing)条有效参保登记记录，不能重复登记；如需调整，办理信息变更或申请保留唯一有效参保登记记录"
            findings.append(Finding(rule: "unit.register", severity: severity, message: text, citation: cite, field: "active_registrations"))
        }
        let (established, dateFindings) = ctx.pastDate("established_date", label: "批准成立日期", rule: "unit.register",
                                                        cite: ctx.param("unit.register_within")?.cite ?? nationalCite)
        findings += dateFindings
        var deadline: LocalDate?
        if let established {
            let (last, late) = ctx.deadline("unit.register_within", from: established, what: "单位参保登记", rule: "unit.register", field: "established_date")
            deadline = last
            findings += late
            if last == nil {
                findings.append(Cite(rule: "unit.register", citation: nationalCite, field: "established_date")
                    .info("本统筹区政策未规定单位参保登记时限：按规定及时办理"))
            }
        }
        if ctx.caseFile.text("unit_kind") == Kind.enterprise.rawValue, let (_, cite) = ctx.duration("unit.register_within") {
            findings.append(Cite(rule: "unit.register", citation: cite, field: "unit_kind")
                .info("企业在属地市场监管部门注册登记时同步办理单位参保登记；未同步办理的，在窗口补办"))
        }
        let details = UnitDetails(action: "register", code: code, name: name(ctx), place: here, kind: ctx.caseFile.text("unit_kind"),
                                  since: established, deadline: deadline,
                                  citation: ctx.param("unit.register_within")?.cite ?? "江门规程 第五条（1）")
        return RuleOutcome(findings: findings, unit: details)
    }

    /// The unit must hold a registration here for the agency to change or close it.
    static func registeredHere(_ ctx: RuleContext, what: String, cite: String, rule: String) -> [Finding] {
        guard ctx.caseFile.fact("registered_here")?.boolValue == false else { return [] }
        return [Cite(rule: rule, citation: cite, field: "registered_here")
            .block("本统筹区无该单位的有效参保登记记录，无法办理\(what)：请先办理单位参保登记，或到登记地医保经办机构办理")]
    }

    // MARK: unit.change

    /// A change of registered particulars within 30 days (第八条（三））, at the local agency.
    static func change(_ ctx: RuleContext) -> RuleOutcome {
        guard let code = ctx.unitCode, let here = ctx.here else { return .none }
        let cite = ctx.param("unit.change_within")?.cite ?? nationalCite
        var findings = localAgency(ctx, what: "变更登记", rule: "unit.change") + registeredHere(ctx, what: "变更登记", cite: cite, rule: "unit.change")
        let item = ctx.caseFile.text("change_item")
        let newValue = ctx.caseFile.text("new_value")
        if item == "name", let newValue, newValue == name(ctx) {
            findings.append(Cite(rule: "unit.change", citation: cite, field: "new_value").block("变更后的单位名称与原登记名称相同"))
        }
        // The code is the unit's key (江门规程 第五条（1））: a correction is checked like a new code and decided by a
        // supervisor, as a person's ID number is (国家规程 第七条).
        if item == "code", let newValue {
            let problems = UnitCode.check(newValue, rule: "unit.change", field: "new_value").map {
                Finding(rule: $0.rule, severity: $0.severity, message: "更正后的统一社会信用代码：" + $0.message, citation: $0.citation, field: $0.field)
            }
            findings += problems
            if IdentityDocument.normalize(newValue) == code {
                findings.append(Cite(rule: "unit.change", citation: UnitCode.cite, field: "new_value").block("更正后的统一社会信用代码与原登记相同"))
            } else if problems.allSatisfy({ $0.severity < .block }) {
                findings.append(Cite(rule: "unit.change", citation: UnitCode.cite, field: "new_value")
                    .approval("统一社会信用代码是参保单位的唯一识别码：更正须核实营业执照后由审核员审核"))
            }
        }
        let (changed, dateFindings) = ctx.pastDate("change_date", label: "登记事项变更日期", rule: "unit.change", cite: cite)
        findings += dateFindings
        var deadline: LocalDate?
        if let changed {
            let (last, late) = ctx.deadline("unit.change_within", from: changed, what: "单位登记事项变更", rule: "unit.change", field: "change_date")
            deadline = last
            findings += late
        }
        let details = UnitDetails(action: "change", code: code, name: name(ctx), place: here, kind: item, newValue: newValue,
                                  since: changed, deadline: deadline, citation: cite)
        return RuleOutcome(findings: findings, unit: details)
    }

    // MARK: unit.close

    /// Merger, split, dissolution, bankruptcy: within 30 days of the approval, and only after the premiums are paid
    /// in full (依规足额缴纳医疗保险费后方可申请, 第八条（四））; arrears carry 0.05% a day (第十五条).
    static func close(_ ctx: RuleContext) -> RuleOutcome {
        guard let code = ctx.unitCode, let here = ctx.here,
              let closure = ctx.caseFile.text("close_kind").flatMap(Closure.init(rawValue:)) else { return .none }
        let paidParam = ctx.bool("unit.close_paid_in_full")
        let cite = paidParam?.1 ?? nationalCite
        var findings = registeredHere(ctx, what: "\(closure.chinese)登记", cite: cite, rule: "unit.close")
        if ctx.caseFile.fact("paid_in_full")?.boolValue == false {
            let fee = ctx.int("unit.late_fee_per_day_permyriad").map { "；未按时足额缴纳的，由税务部门自欠缴之日起按日加收万分之\($0.0)的滞纳金（\($0.1)）" } ?? ""
            if let (on, pcite) = paidParam, on {
                findings.append(Cite(rule: "unit.close", citation: pcite, field: "paid_in_full")
                    .block("单位因\(closure.chinese)终止缴费义务的，须依规足额缴纳医疗保险费后方可申请办理医保\(closure == .merger ? "合并" : closure == .split ? "分立" : "注销")登记\(fee)"))
            } else {
                findings.append(Cite(rule: "unit.close", citation: nationalCite, field: "paid_in_full")
                    .approval("单位尚有欠缴医疗保险费：本统筹区政策未规定欠费单位注销的办法，须审核"))
            }
        }
        var successor: String?
        if closure == .merger || closure == .split {
            successor = ctx.caseFile.text("successor_code").map(IdentityDocument.normalize)
            if let successor, successor == code {
                findings.append(Cite(rule: "unit.close", citation: cite, field: "successor_code").block("承继单位的统一社会信用代码与本单位相同"))
            } else if successor != nil {
                findings.append(Cite(rule: "unit.close", citation: cite, field: "successor_code")
                    .info("\(closure.chinese)后，本单位参保职工转入承继单位统一管理"))
            }
        } else if let employees = ctx.count("active_employees"), employees > 0 {
            let ecite = ctx.policy.includes("inner-mongolia") ? "内蒙古细则 第九条（五）" : "国家规程 第十条"
            findings.append(Cite(rule: "unit.close", citation: ecite, field: "active_employees")
                .warn("单位\(closure.chinese)后仍有\(employees)名职工为正常参保：参保单位应及时为其申请办理中止参保（调转、离职）"))
        }
        let (approved, dateFindings) = ctx.pastDate("approved_date", label: "批准日期", rule: "unit.close", cite: cite)
        findings += dateFindings
        var deadline: LocalDate?
        if let approved {
            let (last, late) = ctx.deadline("unit.close_within", from: approved, what: "单位\(closure.chinese)登记", rule: "unit.close", field: "approved_date")
            deadline = last
            findings += late
        }
        let details = UnitDetails(action: "close", code: code, name: name(ctx), place: here, kind: closure.rawValue,
                                  since: approved, deadline: deadline, successor: successor, citation: cite)
        return RuleOutcome(findings: findings, unit: details)
    }

    // MARK: unit.consolidate

    /// A unit registered with several agencies, or several times with one, keeps one active registration, at its
    /// local agency (按属地管理原则保留唯一有效参保登记记录), and every insured employee comes under it (第八条（二））.
    static func consolidate(_ ctx: RuleContext) -> RuleOutcome {
        guard let code = ctx.unitCode, let here = ctx.here,
              let count = ctx.count("active_registrations") else { return .none }
        guard let (on, cite) = ctx.bool("unit.single_registration"), on else {
            return RuleOutcome(findings: [Cite(rule: "unit.consolidate", citation: nationalCite, field: "active_registrations")
                    .approval("本统筹区政策未规定参保单位多条参保登记记录的处理办法，须审核")])
        }
        let rule = Cite(rule: "unit.consolidate", citation: cite, field: "active_registrations")
        if count < 2 {
            return RuleOutcome(findings: [rule.block("该单位仅有\(count)条有效参保登记记录，无需办理保留唯一有效记录")])
        }
        var findings: [Finding] = []
        let unitPlace = ctx.caseFile.text("unit_place")
        let keep = ctx.caseFile.text("keep_place") ?? here
        if let unitPlace, keep != unitPlace {
            findings.append(Cite(rule: "unit.consolidate", citation: cite, field: "keep_place")
                .block("应按属地管理原则保留单位所在地（\(unitPlace.prefix(16))）的参保登记记录，不能保留 \(keep.prefix(16))"))
        }
        if let unitPlace, here != unitPlace {
            findings.append(Cite(rule: "unit.consolidate", citation: cite, field: "unit_place")
                .warn("按属地管理原则，宜由单位所在地（\(unitPlace.prefix(16))）医保经办机构受理"))
        }
        findings.append(rule.info("保留 \(keep.prefix(16)) 的参保登记记录，其余\(count - 1)条终止；所有参保人转入保留的登记统一管理"))
        let details = UnitDetails(action: "consolidate", code: code, name: name(ctx), place: String(keep.prefix(16)),
                                  registrations: count, citation: cite)
        return RuleOutcome(findings: findings, unit: details)
    }
}
