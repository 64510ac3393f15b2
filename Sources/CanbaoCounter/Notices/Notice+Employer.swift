import CanbaoRules

/// What the receipts and notices of the employer, employee and retirement services print besides the findings:
/// the unit's registration or change, the employee's link to the unit, the count of contribution years and the
/// lump sum (issue 18; the verdict's `unit`, `employment` and `retirement`).
extension Notice {
    /// The unit a case is about, for the heading (`unit_code` and `unit_name` of its facts).
    static func unitLine(_ c: CaseFile) -> (String, String)? {
        guard let code = c.text("unit_code") else { return nil }
        let name = c.text("unit_name") ?? ""
        return ("参保单位", "\(name)（统一社会信用代码 \(IdentityDocument.normalize(code))）")
    }

    /// One line per particular, each with its article.
    static func serviceLines(_ v: Verdict) -> [String] {
        var lines: [String] = []
        if let u = v.unit {
            let what = ["register": "单位参保登记", "change": "单位登记事项变更", "close": "单位合并、分立、注销登记",
                        "consolidate": "保留唯一有效参保登记"][u.action] ?? u.action
            var line = "\(what)：\(u.name)，登记地 \(u.place)"
            if let value = u.newValue { line += "，变更为“\(value)”" }
            if let successor = u.successor { line += "，承继单位 \(successor)" }
            if let count = u.registrations { line += "，原有效登记\(count)条，其余终止" }
            if let since = u.since, let deadline = u.deadline { line += "（应自 \(since.chinese) 起于 \(deadline.chinese) 前办理）" }
            lines.append(line + "（依据：\(u.citation)）")
        }
        if let e = v.employment {
            let what = ["register": "职工参保登记", "suspend": "职工中止参保", "terminate": "职工终止参保",
                        "restore": "恢复基本医疗保险退休待遇"][e.action] ?? e.action
            var line = what
            if let unit = e.unit { line += "：用人单位 \(e.unitName ?? "")（\(unit)）" }
            if let date = e.date { line += "，\(e.action == "register" ? "用工日期" : e.action == "restore" ? "刑满释放日期" : "事由发生日期") \(date.chinese)" }
            if let record = e.record { line += "，\(record.summary)" }
            lines.append(line + "（依据：\(e.citation)）")
        }
        if let r = v.retirement {
            var line = "达到法定退休年龄：\(r.retirementDate.chinese)"
            if let months = r.contributionMonths { line += "；累计实际缴费\(months)个月" }
            if r.militaryMonths > 0 { line += "；服现役视同缴费\(r.militaryMonths)个月" }
            if let required = r.requiredMonths { line += "；规定年限\(required)个月" }
            if let owed = r.monthsOwed { line += owed == 0 ? "；已达到规定年限" : "；尚差\(owed)个月" }
            lines.append(line + "（依据：\(r.citation)）")
            if !r.pendingTransfers.isEmpty { lines.append("尚未转入的缴费记录：\(r.pendingTransfers.joined(separator: "、"))") }
            if let by = r.stopPaymentBy { lines.append("到税务部门办理停保：\(by.chinese)前") }
            if let l = r.lumpSum {
                var lump = l.mode == "monthly" ? "按月缴纳退休职工基本医疗保险费（按月缴费期间享受在职人员待遇，不计发个人账户）"
                    : "一次性缴费\(l.months)个月"
                if let base = l.baseMonthlyFen { lump += "，缴费基数 \(Money.yuan(base)) 元/月" }
                if let amount = l.amountFen { lump += "，合计 \(Money.yuan(amount)) 元" }
                if let from = l.benefitsFrom { lump += "，自 \(from.chinese) 起享受待遇，进入待遇享受期后不作退费" }
                lines.append(lump + "（依据：\(l.citation)）")
            }
            if let due = v.dueDate { lines.append("退休核定办结时限：\(due.chinese)（工作日计算）") }
        }
        return lines
    }
}
