@testable import CanbaoRules
import Testing

/// The verdict keeps each finding once, where it first appears. `Evaluator.firstOfEach` compares a few findings
/// one by one rather than through a `Set<Finding>` (issue #17); on random findings, few and many, with fields that
/// are equal only canonically (e and a combining acute, é) or empty beside missing, it keeps exactly what the set
/// kept.
@Suite struct FindingRepeatsTests {
    static func bySet(_ findings: [Finding]) -> [Finding] {
        var seen = Set<Finding>()
        return findings.filter { seen.insert($0).inserted }
    }

    @Test func theSameFindingsAreKeptAsBySet() {
        var seed: UInt64 = 17_2026
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        let parts = ["", "a", "a:", ":a", "1", "1:", "2:a", "-", "a-", "规则", "第十二条（一）1", "\u{0}", "e\u{301}", "é"]
        func text() -> String { (0..<next(3)).map { _ in parts[next(parts.count)] }.joined() }
        for _ in 0..<3_000 {
            let findings = (0..<(next(10) == 0 ? 40 + next(80) : next(12))).map { _ in
                Finding(rule: text(), severity: Severity.allCases[next(4)], message: text(), citation: text(),
                        field: next(3) == 0 ? nil : text())
            }
            // Repeats, as rules that both see one problem give them.
            var shuffler = Seeded(seed: seed)
            let doubled = findings + findings.shuffled(using: &shuffler).prefix(next(30))
            #expect(Evaluator.firstOfEach(doubled) == Self.bySet(doubled))
        }
    }

    @Test func aMissingFieldIsNotAnEmptyOne() {
        let a = Finding(rule: "r", severity: .warn, message: "m", citation: "c", field: nil)
        let b = Finding(rule: "r", severity: .warn, message: "m", citation: "c", field: "")
        #expect(Evaluator.firstOfEach([a, b, a, b]) == [a, b])
    }

    struct Seeded: RandomNumberGenerator {
        var seed: UInt64
        mutating func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed
        }
    }
}
