/// Each candidate's registration check, by candidate. The two cores write it at once, each its own candidates
/// (`RosterLookup.partOfRow`: disjoint), so neither keeps a list of (candidate, outcome) pairs to be merged into a
/// third array afterwards: at 100,000 rows the two lists and the merged copy were the check's last megabytes.
final class RosterOutcomes: RandomAccessCollection, @unchecked Sendable {
    private let base: UnsafeMutablePointer<RosterOutcome>
    let endIndex: Int
    var startIndex: Int { 0 }

    /// Every candidate rejected with no issue until judged (a cancelled check never reads them).
    init(count: Int) {
        endIndex = count
        base = .allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: .rejected([]), count: count)
    }

    deinit {
        base.deinitialize(count: endIndex)
        base.deallocate()
    }

    subscript(index: Int) -> RosterOutcome {
        get {
            precondition(indices.contains(index), "outcome \(index) of \(endIndex)")
            return base[index]
        }
        set {
            precondition(indices.contains(index), "outcome \(index) of \(endIndex)")
            base[index] = newValue
        }
    }
}
