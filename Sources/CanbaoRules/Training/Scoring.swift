/// How a trainee served a scenario, compared with what the policy expects: the decision, the missing-document
/// list (what was missed, what was asked for needlessly) and the key answers, each mistake with its article.
public struct ScoreCard: Hashable, Sendable {
    public struct Mistake: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable { case decision, missedDocument, needlessDocument, keyAnswer }
        public var kind: Kind
        /// Chinese: what was wrong and what was expected.
        public var message: String
        public var citation: String
    }

    public var scenarioID: String
    /// 0–100.
    public var score: Int
    /// Everything right.
    public var correct: Bool
    public var expectedDecision: Decision
    public var actualDecision: Decision
    public var mistakes: [Mistake]
    public var explanation: String
    public var citations: [String]
}

/// Scoring by the same rules core that decides real cases.
public enum Scoring {
    /// Points: the decision 50, the document list 30 (10 off per document missed or asked for needlessly), the key
    /// answers 20 (shared equally; given in full when the scenario names none).
    public static func score(_ scenario: Scenario, trainee: CaseFile, traineeVerdict: Verdict, forms: FormSet) -> ScoreCard {
        let expected = scenario.expected
        // The scenario's own verdict supplies each document's name and citation.
        let reference = (try? Evaluator.evaluate(scenario.caseFile, forms: forms)).map(\.missingDocuments) ?? []
        func citation(_ code: String) -> String {
            (reference + traineeVerdict.missingDocuments).first { $0.code == code }?.citation ?? expected.citations.first ?? ""
        }
        var mistakes: [ScoreCard.Mistake] = []
        let decisionRight = traineeVerdict.decision == expected.decision
        if !decisionRight {
            mistakes.append(.init(kind: .decision, message: "结论应为“\(expected.decision.chinese)”，您的办理结果为“\(traineeVerdict.decision.chinese)”",
                                  citation: expected.citations.first ?? ""))
        }
        let expectedCodes = Set(expected.missingDocuments)
        let actualCodes = Set(traineeVerdict.missingDocuments.map(\.code))
        for code in expected.missingDocuments where !actualCodes.contains(code) {
            mistakes.append(.init(kind: .missedDocument,
                                  message: "漏告知：申请人未带“\(forms.documents.name(code))”，应列入一次性告知书（是否误勾为已收？）",
                                  citation: citation(code)))
        }
        for code in traineeVerdict.missingDocuments.map(\.code) where !expectedCodes.contains(code) {
            mistakes.append(.init(kind: .needlessDocument,
                                  message: "多要求：“\(forms.documents.name(code))”申请人已带或本案无需提供，不应要求补充",
                                  citation: citation(code)))
        }
        let keys = (expected.keyAnswers ?? [:]).sorted { $0.key < $1.key }
        let context = try? Evaluator.context(for: trainee, forms: forms)
        var keyWrong = 0
        for (path, value) in keys {
            var actual = CasePath.value(path, in: trainee) ?? ""
            // An empty coverage year registers the year the rules take (a newborn's year of birth): judge that.
            if path == "coverage_year", actual.isEmpty, let context { actual = String(context.coverageYear) }
            guard normalized(actual) != normalized(value) else { continue }
            keyWrong += 1
            let label = forms.workflows[scenario.caseFile.workflow]?.field(path)?.label ?? path
            mistakes.append(.init(kind: .keyAnswer, message: "“\(label)”应为 \(value)，您填写的是 \(actual.isEmpty ? "（空）" : actual)",
                                  citation: expected.citations.first ?? ""))
        }
        let documentErrors = mistakes.filter { $0.kind == .missedDocument || $0.kind == .needlessDocument }.count
        let keyPoints = keys.isEmpty ? 20 : 20 * (keys.count - keyWrong) / keys.count
        let score = (decisionRight ? 50 : 0) + max(0, 30 - 10 * documentErrors) + keyPoints
        return ScoreCard(scenarioID: scenario.id, score: score, correct: mistakes.isEmpty, expectedDecision: expected.decision,
                         actualDecision: traineeVerdict.decision, mistakes: mistakes, explanation: expected.explanation,
                         citations: expected.citations)
    }

    /// Answers compare without case, spaces or the X/x difference of ID numbers.
    static func normalized(_ s: String) -> String { IdentityDocument.normalize(s) }
}
