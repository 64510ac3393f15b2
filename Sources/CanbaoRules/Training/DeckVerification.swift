/// One item where the rules' verdict differs from what a scenario expects.
public struct Mismatch: Hashable, Sendable, CustomStringConvertible {
    public enum Item: String, Hashable, Sendable {
        case decision
        case missingDocuments = "missing_documents"
        case benefitStart = "benefit_start"
        case waitingPeriod = "waiting_period_months"
        case dueDate = "due_date"
        /// The case could not be evaluated at all (e.g. a Forms/ without its workflow).
        case evaluation

        public var chinese: String {
            switch self {
            case .decision: return "结论"
            case .missingDocuments: return "缺少材料"
            case .benefitStart: return "待遇起始日"
            case .waitingPeriod: return "待遇等待期"
            case .dueDate: return "办结时限"
            case .evaluation: return "评估"
            }
        }
    }

    public var item: Item
    public var expected: String
    public var actual: String

    public init(item: Item, expected: String, actual: String) {
        self.item = item
        self.expected = expected
        self.actual = actual
    }

    /// `结论：应为 予以受理（accept），实际为 需审核（needs-approval）`
    public var description: String { "\(item.chinese)：应为 \(expected)，实际为 \(actual)" }
}

/// A scenario run through the rules core.
public struct ScenarioResult: Hashable, Sendable {
    public var scenario: Scenario
    /// Position in the deck, for `scenarios[i]` in messages.
    public var index: Int
    /// Nil only when the case could not be evaluated.
    public var verdict: Verdict?
    public var mismatches: [Mismatch]

    public var passed: Bool { mismatches.isEmpty }
}

/// Runs every scenario of a deck through `Evaluator.evaluate` and compares the verdict with the expectation:
/// the decision, the set of missing document codes, and the benefit start and waiting period where stated.
public enum DeckVerification {
    public static func verify(_ deck: Deck, forms: FormSet) -> [ScenarioResult] {
        deck.scenarios.enumerated().map { verify($0.element, index: $0.offset, file: deck.file, forms: forms) }
    }

    public static func verify(_ scenario: Scenario, index: Int = 0, file: String = "deck", forms: FormSet) -> ScenarioResult {
        do {
            let verdict = try Evaluator.evaluate(scenario.caseFile, forms: forms, file: file)
            return ScenarioResult(scenario: scenario, index: index, verdict: verdict,
                                  mismatches: compare(scenario.expected, with: verdict, catalog: forms.documents))
        } catch {
            return ScenarioResult(scenario: scenario, index: index, verdict: nil,
                                  mismatches: [Mismatch(item: .evaluation, expected: "可以评估", actual: "案件无法评估（\(error)）")])
        }
    }

    /// Every item that differs, in a fixed order: decision, missing documents, benefit start, waiting period, due date.
    public static func compare(_ expected: Expectation, with verdict: Verdict, catalog: DocumentCatalog) -> [Mismatch] {
        var result: [Mismatch] = []
        if verdict.decision != expected.decision {
            result.append(Mismatch(item: .decision, expected: decision(expected.decision), actual: decision(verdict.decision)))
        }
        let actualCodes = verdict.missingDocuments.map(\.code)
        if Set(actualCodes) != Set(expected.missingDocuments) {
            let extra = actualCodes.filter { !expected.missingDocuments.contains($0) }
            let absent = expected.missingDocuments.filter { !actualCodes.contains($0) }
            var actual = documents(actualCodes, catalog)
            var notes: [String] = []
            if !extra.isEmpty { notes.append("多出 \(extra.joined(separator: "、"))") }
            if !absent.isEmpty { notes.append("未列出 \(absent.joined(separator: "、"))") }
            actual += "（\(notes.joined(separator: "；"))）"
            result.append(Mismatch(item: .missingDocuments, expected: documents(expected.missingDocuments, catalog), actual: actual))
        }
        if let start = expected.benefitStart, verdict.benefitStart != start {
            result.append(Mismatch(item: .benefitStart, expected: start.description,
                                   actual: verdict.benefitStart?.description ?? "无"))
        }
        if let months = expected.waitingPeriodMonths, verdict.waitingPeriodMonths != months {
            result.append(Mismatch(item: .waitingPeriod, expected: "\(months) 个月",
                                   actual: verdict.waitingPeriodMonths.map { "\($0) 个月" } ?? "未设定"))
        }
        if let due = expected.dueDate, verdict.dueDate != due {
            result.append(Mismatch(item: .dueDate, expected: due.description, actual: verdict.dueDate?.description ?? "无"))
        }
        return result
    }

    /// Mismatches as `file:line: scenarios[i]: reason` errors, for `canbao forms lint`.
    public static func lintErrors(_ results: [ScenarioResult], file: String) -> [SourceError] {
        results.filter { !$0.passed }.map { r in
            SourceError(file: file, line: r.scenario.line, path: "scenarios[\(r.index)]",
                        reason: "情景“\(r.scenario.id)”与规则结论不符：" + r.mismatches.map(\.description).joined(separator: "；"))
        }
    }

    /// `需补充材料（missing-documents）`
    static func decision(_ d: Decision) -> String { "\(d.chinese)（\(d.rawValue)）" }

    /// `户口簿（hukou-booklet）、委托书（power-of-attorney）`, or `无`.
    static func documents(_ codes: [String], _ catalog: DocumentCatalog) -> String {
        codes.isEmpty ? "无" : codes.map { "\(catalog.name($0))（\($0)）" }.joined(separator: "、")
    }
}
