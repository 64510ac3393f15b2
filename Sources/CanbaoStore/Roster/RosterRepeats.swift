import CanbaoRules

/// Rows of one file for the same person.
enum RosterRepeats {
    /// The same person twice in one file: every such row is rejected, the school must say which is right. Numbers
    /// the lookup sorted are neighbours there; the few others compare by their 18-character key, else their text.
    static func reject(_ candidates: inout [RosterCandidate], _ issues: inout [[RosterIssue]],
                       table: CSVTable, column: String, lookup: RosterLookup) {
        var candidateOfRow = [Int32](repeating: -1, count: table.rows.count)
        for (i, c) in candidates.enumerated() { candidateOfRow[c.row] = Int32(i) }
        var keyedRow = [Bool](repeating: false, count: table.rows.count)
        for entry in lookup.keyed { keyedRow[Int(entry.row)] = true }
        var byGroup: [Int: [Int]] = [:], byKey: [Int: [Int]] = [:], byText: [String: [Int]] = [:]
        for (i, c) in candidates.enumerated() where !keyedRow[c.row] {
            if let key = c.key {
                if let group = lookup.group(of: key) { byGroup[group, default: []].append(i) } else { byKey[key, default: []].append(i) }
            } else {
                byText["\(c.kind.rawValue):\(c.number)", default: []].append(i)
            }
        }
        var repeats: [[Int]] = Array(byKey.values) + Array(byText.values)
        for g in lookup.groups.indices {
            let start = lookup.groups[g], end = g + 1 < lookup.groups.count ? lookup.groups[g + 1] : lookup.keyed.count
            guard end - start > 1 || byGroup[g] != nil else { continue }
            repeats.append(lookup.keyed[start..<end].compactMap { candidateOfRow[Int($0.row)] >= 0 ? Int(candidateOfRow[Int($0.row)]) : nil }
                + (byGroup[g] ?? []))
        }
        repeats = repeats.filter { $0.count > 1 }.map { $0.sorted() }
        guard !repeats.isEmpty else { return }
        var repeated = Set<Int>()
        for list in repeats {
            let lines = list.map { String(table.rows[candidates[$0].row].line) }.joined(separator: "、")
            for i in list {
                repeated.insert(i)
                issues[candidates[i].row].append(RosterIssue(column: column, reason: "证件号码在文件中重复（第 \(lines) 行）"))
            }
        }
        candidates = candidates.enumerated().filter { !repeated.contains($0.offset) }.map(\.element)
    }
}
