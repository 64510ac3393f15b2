/// How the person screen shares its rows between the person's records, their duplicates and their cases (the rows
/// below each section's rule): each gets a little first, so 80x24 always shows all three; then the focused section
/// gets what it asks for, then the others in screen order. A taller terminal shows more of each.
struct PersonLayout: Equatable {
    var records: Int
    var duplicates: Int
    var cases: Int

    static func of(_ s: PersonState, _ detail: PersonDetail, _ env: DeskEnvironment, rows: Int, cols: Int) -> PersonLayout {
        let width = cols - 4
        // Head (name and document) and hardship above; three rules; the line above the message line stays free for
        // the selected case's details.
        let top = 3 + PersonScreen.hardshipLines(detail, width: width).count
        let available = max(3, rows - 3 - top - 3)
        let listed = min(detail.duplicates.count, 3)
        let want = [
            max(1, detail.summary.records.count),
            detail.duplicates.isEmpty ? 1 : listed + PersonScreen.duplicateLines(s, detail, env.forms.divisions, width: width).count,
            max(1, detail.cases.count),
        ]
        let least = [min(want[0], 2), detail.duplicates.isEmpty ? 1 : min(want[1], listed + 1), min(want[2], 2)]
        let order = s.focus == .cases ? [2, 0, 1] : [0, 1, 2]
        let rows = share(available, want: want, least: least, order: order)
        return PersonLayout(records: rows[0], duplicates: rows[1], cases: rows[2])
    }

    /// `available` rows: every section its `least` (in `order` while they last: 80x24 has room for all), then what is
    /// left in `order`, each up to its `want`.
    static func share(_ available: Int, want: [Int], least: [Int], order: [Int]) -> [Int] {
        var rows = Array(repeating: 0, count: want.count)
        var left = available
        for i in order {
            rows[i] = min(least[i], max(0, left))
            left -= rows[i]
        }
        for i in order {
            let more = min(max(0, want[i] - rows[i]), left)
            rows[i] += more
            left -= more
        }
        return rows
    }
}
