/// Evaluates one case: every rule of its workflow, the document checklist, then the decision.
/// The same evaluation backs `canbao check`, every form step at the counter and every training scenario.
public enum Evaluator {
    /// The context for a case, or a `SourceError` naming the unknown workflow or region.
    public static func context(for c: CaseFile, forms: FormSet, file: String = "case") throws -> RuleContext {
        guard let workflow = forms.workflows[c.workflow] else {
            throw SourceError(file: file, line: nil, path: "workflow",
                              reason: forms.workflows.unreadable(c.workflow)
                                ?? "未知的业务“\(SourceNode.quote(String(c.workflow.prefix(40))))”（\(available(forms.workflows.keys))）")
        }
        guard let policy = forms.policy(c.region) else {
            throw SourceError(file: file, line: nil, path: "region",
                              reason: "未知的地区档案“\(c.region)”（可用：\(forms.profiles.keys.sorted().joined(separator: ", "))）")
        }
        for (i, code) in c.documentsPresented.enumerated() where !forms.documents.contains(code) {
            throw SourceError(file: file, line: nil, path: "documents_presented[\(i)]", reason: "未知的材料代码“\(code)”")
        }
        for (i, code) in c.documentsCommitted.enumerated() where !forms.documents.contains(code) {
            throw SourceError(file: file, line: nil, path: "documents_committed[\(i)]", reason: "未知的材料代码“\(code)”")
        }
        return RuleContext(caseFile: c, workflow: workflow, policy: policy, forms: forms)
    }

    /// The ids a key may take, short enough for the one-line error: the first ones and how many there are.
    static func available<S: Sequence>(_ ids: S) -> String where S.Element == String {
        let sorted = ids.sorted()
        var shown: [String] = []
        for id in sorted {
            guard (shown + [id]).joined(separator: ", ").count <= 120 else { break }
            shown.append(id)
        }
        return shown.count == sorted.count ? "可用：\(shown.joined(separator: ", "))"
            : "可用：\(shown.joined(separator: ", ")) 等\(sorted.count)个，见 docs/case-file.md"
    }

    public static func evaluate(_ c: CaseFile, forms: FormSet, file: String = "case") throws -> Verdict {
        evaluate(try context(for: c, forms: forms, file: file))
    }

    /// The findings without repeats, each where it first appears. A case gives a few: they are compared with those
    /// kept so far, and a `Set` is made only for many, because the runtime searches every conformance when a
    /// process makes its first `Set<Finding>` (about 0.1 ms of a `check`; issue #17).
    static func firstOfEach(_ findings: [Finding]) -> [Finding] {
        guard findings.count > 64 else {
            var unique: [Finding] = []
            for f in findings where !unique.contains(f) { unique.append(f) }
            return unique
        }
        var seen = Set<Finding>()
        return findings.filter { seen.insert($0).inserted }
    }

    public static func evaluate(_ ctx: RuleContext) -> Verdict {
        var outcome = RuleOutcome()
        for rule in RuleRegistry.always { outcome = outcome + rule.run(ctx) }
        for id in ctx.workflow.allRules {
            if let rule = RuleRegistry.rule(id) { outcome = outcome + rule.run(ctx) }
        }
        let findings = firstOfEach(outcome.findings)
            .enumerated().sorted { ($0.element.severity, -$0.offset) > ($1.element.severity, -$1.offset) }.map(\.element)
        let missing = DocumentChecklist.missing(ctx)
        let decision = Verdict.decide(findings: findings, missing: missing)
        // A benefit start only means something when the case can go ahead.
        let settled = decision == .accept || decision == .missingDocuments
        // A refused case changes nothing and owes nothing: no records replaced, no deadline, no refund.
        let refused = decision == .refuse
        return Verdict(decision: decision, missingDocuments: missing, findings: findings,
                       benefitStart: settled ? outcome.benefitStart : nil,
                       waitingPeriodMonths: outcome.waitingPeriodMonths,
                       replaces: refused ? [] : outcome.replaces,
                       dueDate: refused ? nil : outcome.dueDate,
                       refund: refused ? nil : outcome.refund,
                       backPayMonths: settled ? outcome.backPayMonths : nil,
                       transfer: refused ? nil : outcome.transfer,
                       hardship: refused ? nil : outcome.hardship,
                       unit: refused ? nil : outcome.unit,
                       employment: refused ? nil : outcome.employment,
                       // The count of years stays on a refusal: it says how many months are still owed.
                       retirement: outcome.retirement)
    }
}
