/// A training deck (练习题组) from `Forms/decks/*.yaml`: walk-in scenarios written from the policy texts, each with
/// the case as the counter would enter it and the verdict the rules must give. Trainees practise on them; CI runs
/// every scenario through `Evaluator.evaluate` (`canbao deck verify`). The format is in `Forms/decks/README.md`.
public struct Deck: Hashable, Sendable {
    /// How demanding a deck is. Written in the file as 入门/进阶/熟练 or 1/2/3.
    public enum Level: Int, Hashable, Sendable, CaseIterable, Comparable {
        case beginner = 1, intermediate, proficient

        public var chinese: String {
            switch self {
            case .beginner: return "入门"
            case .intermediate: return "进阶"
            case .proficient: return "熟练"
            }
        }

        /// `入门`, `进阶`, `熟练`, or `1`…`3`.
        public init?(text: String) {
            if let n = Int(text), let level = Level(rawValue: n) {
                self = level
            } else if let level = Level.allCases.first(where: { $0.chinese == text }) {
                self = level
            } else {
                return nil
            }
        }

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    public var id: String
    public var title: String
    public var level: Level
    public var tags: [String]
    /// A few lines for the trainee before the first scenario (optional).
    public var description: String?
    /// The path the deck was read from, as errors and results name it.
    public var file: String
    public var scenarios: [Scenario]

    public init(id: String, title: String, level: Level, tags: [String], description: String? = nil, file: String,
                scenarios: [Scenario]) {
        self.id = id
        self.title = title
        self.level = level
        self.tags = tags
        self.description = description
        self.file = file
        self.scenarios = scenarios
    }

    public func scenario(_ id: String) -> Scenario? { scenarios.first { $0.id == id } }
}

/// One walk-in: what the applicant says and brings (the story), the case the clerk enters, the expected verdict.
public struct Scenario: Hashable, Sendable {
    /// Unique within its deck: `newborn-day-90`.
    public var id: String
    /// One line for lists: 出生第90天来办理.
    public var title: String
    /// The walk-in in Chinese, several lines: who comes, what they say, what they bring.
    public var story: String
    public var caseFile: CaseFile
    public var expected: Expectation
    /// The line of the scenario in its deck file.
    public var line: Int?

    public init(id: String, title: String, story: String, caseFile: CaseFile, expected: Expectation, line: Int? = nil) {
        self.id = id
        self.title = title
        self.story = story
        self.caseFile = caseFile
        self.expected = expected
        self.line = line
    }
}

/// The verdict a scenario must get, and why.
public struct Expectation: Hashable, Sendable {
    public var decision: Decision
    /// Codes of the documents still missing (the complete list, 一次性告知), compared as a set. A one-of group is
    /// named by its first code, as the verdict reports it.
    public var missingDocuments: [String]
    /// Compared only when stated.
    public var benefitStart: LocalDate?
    /// Compared only when stated.
    public var waitingPeriodMonths: Int?
    /// Why, in Chinese, citing the articles.
    public var explanation: String
    /// The articles the explanation rests on; each must resolve in Forms/articles.
    public var citations: [String]
    /// Answers a trainee must get right (a form field id → its value, e.g. `coverage_year: "2025"`), for scoring.
    public var keyAnswers: [String: String]?
    /// The case's deadline (a transfer's working days, 内蒙古细则 第十九条); compared only when stated.
    public var dueDate: LocalDate?

    public init(decision: Decision, missingDocuments: [String] = [], benefitStart: LocalDate? = nil,
                waitingPeriodMonths: Int? = nil, explanation: String, citations: [String],
                keyAnswers: [String: String]? = nil) {
        self.decision = decision
        self.missingDocuments = missingDocuments
        self.benefitStart = benefitStart
        self.waitingPeriodMonths = waitingPeriodMonths
        self.explanation = explanation
        self.citations = citations
        self.keyAnswers = keyAnswers
    }
}
