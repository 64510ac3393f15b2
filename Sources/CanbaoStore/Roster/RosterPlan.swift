import CanbaoRules
import Foundation

/// What checking a roster found, before anything is written.
struct RosterPlan {
    var request: RosterRequest
    var fileName: String
    let file: RosterFile
    var candidates: [RosterCandidate]
    /// Each candidate's registration check.
    var outcomes: [RosterOutcome]
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
         candidates: [RosterCandidate], outcomes: [RosterOutcome], rowIssues: [[RosterIssue]], assessor: RosterAssessor,
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
