import CanbaoRules
import Foundation

/// What checking a roster found, before anything is written.
struct RosterPlan {
    var request: RosterRequest
    var fileName: String
    let file: RosterFile
    var candidates: [RosterCandidate]
    /// Each candidate's registration check.
    var outcomes: RosterOutcomes
    /// Each table row's problems of its own cells and repeats within the file (the store's are in `outcomes`).
    var rowIssues: [[RosterIssue]]
    /// Judges again in the write transaction, with the verdicts it already shares.
    var assessor: RosterAssessor
    var otherEvaluations: Int
    /// The audit log's last row when the checking began.
    var auditHead: Int64
    var rechecked = 0
    var timings: RosterTimings

    var table: CSVTable { file.table }
    var columns: RosterColumns.Positions { file.columns }

    init(request: RosterRequest, fileName: String, file: RosterFile,
         candidates: [RosterCandidate], outcomes: RosterOutcomes, rowIssues: [[RosterIssue]], assessor: RosterAssessor,
         otherEvaluations: Int, auditHead: Int64, timings: RosterTimings) {
        self.request = request
        self.fileName = fileName
        self.file = file
        self.candidates = candidates
        self.outcomes = outcomes
        self.rowIssues = rowIssues
        self.assessor = assessor
        self.otherEvaluations = otherEvaluations
        self.auditHead = auditHead
        self.timings = timings
    }

    /// The candidates to write, in the order that walks each index once from one end to the other: persons the
    /// store knows by id (their records, the records they end, their fill-ins), then new persons by number (the
    /// person indexes, and the records' person ids as they are handed out). A roster comes sorted by class or
    /// name, and written in its own order every row would land on a page of its own in each index: a million rows
    /// then spend most of their transaction reading and spilling index pages. Rejected candidates are left out.
    func writeOrder() -> [Int] {
        var known: [(id: Int64, index: Int)] = [], new: [(key: Int, index: Int)] = [], other: [Int] = []
        for (i, outcome) in outcomes.enumerated() {
            switch outcome {
            case let .register(person?, _), let .already(person, _): known.append((person, i))
            case .register(nil, _):
                if let key = candidates[i].key { new.append((key, i)) } else { other.append(i) }
            case .rejected: break
            }
        }
        known.sort { ($0.id, $0.index) < ($1.id, $1.index) }
        new.sort { ($0.key, $0.index) < ($1.key, $1.index) }
        return known.map(\.index) + new.map(\.index) + other
    }

    func result(rosterID: Int64?) -> RosterResult {
        var issues = rowIssues
        var result = RosterResult(
            request: request, fileName: fileName, encoding: table.encoding, header: table.header,
            rowCount: table.rows.count, registered: 0, alreadyEnrolled: 0, replaced: 0, rejected: [], rosterID: rosterID,
            verdictsEvaluated: assessor.evaluated + otherEvaluations, rechecked: rechecked, timings: timings)
        for (candidate, outcome) in zip(candidates, outcomes) {
            switch outcome {
            case let .register(_, replaces): result.registered += 1; result.replaced += replaces.count
            case .already: result.alreadyEnrolled += 1
            case let .rejected(problems): issues[candidate.row] += problems
            }
        }
        result.rejected = table.rows.indices.filter { !issues[$0].isEmpty }.map {
            RejectedRosterRow(line: table.rows[$0].line, cells: table.cells(table.rows[$0]), issues: issues[$0])
        }
        return result
    }
}
