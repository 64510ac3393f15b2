import Foundation

extension CaseFile {
    /// The case as the JSON of a case file, keys sorted: the form the store keeps and exports.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain values (strings, numbers, dates as text) cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// A case file from the JSON the store wrote (`json`). Case files typed by people go through `CaseParser`,
    /// which names the key and line of every problem.
    public init(json: String) throws {
        self = try JSONDecoder().decode(CaseFile.self, from: Data(json.utf8))
    }
}

extension Verdict {
    /// A verdict from the JSON `json(pretty:)` wrote.
    public init(json: String) throws {
        self = try JSONDecoder().decode(Verdict.self, from: Data(json.utf8))
    }

    /// A bare acceptance: no finding, nothing missing (benchmarks and load tests).
    public static let accepted = Verdict(decision: .accept, missingDocuments: [], findings: [], benefitStart: nil,
                                         waitingPeriodMonths: nil, replaces: [])

    /// The findings a supervisor must decide (severity `approval`), in the verdict's order.
    public var exceptions: [Finding] { findings.filter { $0.severity == .approval } }

    /// The exceptions' rule ids, each once, in the verdict's order.
    public var exceptionRules: [String] {
        var rules: [String] = []
        for finding in exceptions where !rules.contains(finding.rule) { rules.append(finding.rule) }
        return rules
    }
}
