import CanbaoRules
import Foundation
import GRDB

extension CounterStore {
    // MARK: - Reading hardship marks

    /// The person's current hardship marks (困难身份标识, 江门规程 第六条), highest first; the `applied` one is the status
    /// whose subsidy applies (江门规程 第二十二条). Empty when none was ever recorded or the person does not exist.
    public func hardshipMarks(forPerson personID: Int64) throws -> [PersonHardshipMark] {
        try read { db in
            try PersonHardshipMark.fetchAll(db, sql: PersonHardshipMark.selection + """

                WHERE h.person_id = ? AND h.ended_at IS NULL ORDER BY h.ordinal, h.id
                """, arguments: [personID])
        }
    }

    /// Every hardship mark ever recorded for the person, current and replaced: the latest recording case first,
    /// each case's marks highest first.
    public func hardshipHistory(forPerson personID: Int64) throws -> [PersonHardshipMark] {
        try read { db in
            try PersonHardshipMark.fetchAll(db, sql: PersonHardshipMark.selection + """

                WHERE h.person_id = ? ORDER BY h.case_id DESC, h.ordinal, h.id
                """, arguments: [personID])
        }
    }

    // MARK: - Recording (inside `complete`)

    /// Records the hardship marks of a completed `change` case on its applicant, when its verdict carries them:
    /// the person's current marks end (kept as history), the case's become current, with one `person.hardship`
    /// audit row. Runs inside the completion's transaction, so a failed completion records nothing.
    /// The workflows whose verdict's hardship marks are the person's: a hardship change (江门规程 第六条) and an assisted
    /// person's registration at the certifying place (内蒙古细则 第十二条（四）; 江门规程 第二十条（四））.
    static let hardshipWorkflows: Set<String> = ["change", "assisted-register"]

    /// `verdict`: the case's, as `checkRegistrable` decoded it.
    func recordHardship(_ db: SQLConnection, for current: CaseRecord, verdict: CanbaoRules.Verdict, by operatorID: Int64,
                        at: Date) throws {
        guard Self.hardshipWorkflows.contains(current.workflow), let marks = verdict.hardship,
              !marks.statuses.isEmpty else { return }
        guard let personID = current.applicantID else {
            throw StoreError.notRegistrable(number: current.number, reason: "办件未指定参保人，无法记录困难身份标识")
        }
        guard marks.statuses.contains(where: { $0.status == marks.applied }) else {
            throw StoreError.invalidCase("校验结论的困难身份标识中没有所适用的身份 \(marks.applied)")
        }
        let ended = try String.fetchAll(db, sql: """
            SELECT status FROM person_hardship WHERE person_id = ? AND ended_at IS NULL ORDER BY ordinal, id
            """, arguments: [personID])
        try db.run("""
            UPDATE person_hardship SET ended_at = ?, ended_by_case_id = ? WHERE person_id = ? AND ended_at IS NULL
            """, arguments: [at, current.id, personID])
        let certifiedDate = (try? current.caseFile())?.text("certified_date").flatMap { LocalDate($0) }
        var seen: Set<String> = []
        for (ordinal, mark) in marks.statuses.enumerated() where seen.insert(mark.status).inserted {
            try db.run("""
                INSERT INTO person_hardship (person_id, status, status_name, department, ordinal, applied,
                    certified_place, certified_date, citation, case_id, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [personID, mark.status, mark.name, mark.department, ordinal, mark.status == marks.applied,
                                 marks.certifiedPlace, certifiedDate, marks.citation, current.id, operatorID, at])
        }
        try appendAudit(db, actor: .operator(operatorID), action: "person.hardship", entity: "person",
                        entityID: String(personID),
                        detail: ["case": current.number, "statuses": marks.statuses.map(\.status).joined(separator: ","),
                                 "applied": marks.applied, "ended": ended.joined(separator: ","),
                                 "citation": marks.citation], at: at)
    }
}
