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
        if let due = v.dueDate { lines.append("办结时限：\(due)（工作日）") }
        if let r = v.refund { lines.append("退费：\(r.from) 至 \(r.to)，共\(r.months)个月（\(r.citation)）") }
        if let t = v.transfer { lines.append("转移：\(t.from) → \(t.to)（\(t.scope == "cross-province" ? "跨省" : "省内")，\(t.citation)）") }
        if let months = v.backPayMonths { lines.append("可补缴：\(months)个月") }
        if let h = v.hardship { lines.append("困难身份：\(h.statuses.map(\.name).joined(separator: "、"))，按“\(h.statuses.first { $0.status == h.applied }?.name ?? h.applied)”享受（\(h.citation)）") }
        if let start = v.benefitStart { lines.append("待遇起始日：\(start)") }
        if let months = v.waitingPeriodMonths { lines.append("待遇等待期：\(months)个月") }
        for r in v.replaces {
            lines.append("登记时\(r.action == .suspend ? "暂停" : "终止")：\(r.record.summary)（\(r.citation)）")
        }
        return lines.joined(separator: "\n")
    }
}
