/// The known name closest to a misspelt one (`gap_month` → `gap_months`), for "did you mean" in messages.
public enum NearestName {
    /// The candidate at the smallest edit distance from `name` (insertions, deletions, substitutions and swaps of
    /// neighbours), if that distance is small for the name's length; ties go to the first candidate.
    public static func to(_ name: String, among candidates: some Sequence<String>) -> String? {
        let a = Array(name.lowercased().unicodeScalars)
        // Long pasted garbage is never close to a key; do not spend time on it.
        guard !a.isEmpty, a.count <= 64 else { return nil }
        let limit = max(1, min(3, a.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let d = distance(a, Array(candidate.lowercased().unicodeScalars))
            if d <= limit, d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.name
    }

    /// Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
