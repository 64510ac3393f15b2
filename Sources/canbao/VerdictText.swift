import CanbaoRules

/// The human-readable verdict of `canbao check` (Chinese).
enum VerdictText {
    static func render(_ v: Verdict) -> String {
        var lines = ["结论：\(v.decision.chinese)（\(v.decision.rawValue)）"]
        if v.missingDocuments.isEmpty {
            lines.append("应补充材料：无")
        } else {
            lines.append("应补充材料（一次性告知，共\(v.missingDocuments.count)项）：")
            for (i, d) in v.missingDocuments.enumerated() {
                var line = "  \(i + 1). \(d.name)"
                if let reason = d.reason { line += "：\(reason)" }
                line += "（\(d.citation)）"
                lines.append(line)
            }
        }
        if !v.findings.isEmpty {
            lines.append("审核意见：")
            for f in v.findings {
                lines.append("  [\(f.severity.label)] \(f.message)（\(f.citation)）")
            }
        }
        if let due = v.dueDate { lines.append("办结时限：\(due)") }
        if let r = v.refund { lines.append("退费：\(r.from) 至 \(r.to)，共\(r.months)个月（\(r.citation)）") }
        if let t = v.transfer { lines.append("转移：\(t.from) → \(t.to)（\(t.scope == "cross-province" ? "跨省" : "省内")，\(t.citation)）") }
        if let months = v.backPayMonths { lines.append("可补缴：\(months)个月") }
        if let h = v.hardship { lines.append("困难身份：\(h.statuses.map(\.name).joined(separator: "、"))，按“\(h.statuses.first { $0.status == h.applied }?.name ?? h.applied)”享受（\(h.citation)）") }
        if let u = v.unit {
            var line = "参保单位：\(u.name)（\(u.code)），\(unitAction(u.action))，登记地 \(u.place)"
            if let value = u.newValue { line += "，变更为“\(value)”" }
            if let s = u.successor { line += "，承继单位 \(s)" }
            if let d = u.deadline { line += "，应于 \(d) 前办理" }
            lines.append(line + "（\(u.citation)）")
        }
        if let e = v.employment {
            var line = "职工参保：\(employmentAction(e.action))"
            if let unit = e.unit { line += "，单位 \(e.unitName ?? "")（\(unit)）" }
            if let d = e.date { line += "，\(d)" }
            if let r = e.record { line += "，\(r.summary)" }
            lines.append(line + "（\(e.citation)）")
        }
        if let r = v.retirement {
            var line = "退休核定：达到法定退休年龄 \(r.retirementDate)"
            if let m = r.contributionMonths { line += "，实际缴费\(m)个月" }
            if r.militaryMonths > 0 { line += "，视同缴费\(r.militaryMonths)个月" }
            if let req = r.requiredMonths { line += "，规定\(req)个月" }
            if let owed = r.monthsOwed { line += "，尚差\(owed)个月" }
            if let by = r.stopPaymentBy { line += "，停保截至 \(by)" }
            lines.append(line + "（\(r.citation)）")
            if let l = r.lumpSum {
                var lump = l.mode == "monthly" ? "按月缴纳退休职工医保费" : "一次性缴费\(l.months)个月"
                if let base = l.baseMonthlyFen { lump += "，基数 \(Money.yuan(base))元/月" }
                if let amount = l.amountFen { lump += "，合计 \(Money.yuan(amount))元" }
                if let from = l.benefitsFrom { lump += "，\(from) 起享受待遇" }
                lines.append(lump + "（\(l.citation)）")
            }
        }
        if let start = v.benefitStart { lines.append("待遇起始日：\(start)") }
        if let months = v.waitingPeriodMonths { lines.append("待遇等待期：\(months)个月") }
        for r in v.replaces {
            lines.append("登记时\(r.action == .suspend ? "暂停" : "终止")：\(r.record.summary)（\(r.citation)）")
        }
        // Not `joined(separator:)`: it is generic in the standard library, and its first use has the runtime search
        // every conformance (issue #17).
        var text = ""
        for (i, line) in lines.enumerated() {
            if i > 0 { text += "\n" }
            text += line
        }
        return text
    }

    static func unitAction(_ action: String) -> String {
        ["register": "参保登记", "change": "登记事项变更", "close": "合并、分立、注销登记", "consolidate": "保留唯一有效参保登记"][action] ?? action
    }

    static func employmentAction(_ action: String) -> String {
        ["register": "单位申报参保登记", "suspend": "中止参保", "terminate": "终止参保", "restore": "恢复退休待遇"][action] ?? action
    }
}
