import CanbaoRules
import Foundation
import GRDB

/// A duplicate's resolution as a numbered case like any other (重复参保处理): the case, the other records ended,
/// the refund drafts opened and the audit rows, in one transaction. The case is completed (办结) at once: it counts in
/// the day's statistics, its number is on the notice, and the person's history shows it.
public struct DuplicateCaseWrite: Sendable {
    public var resolution: CaseRecord
    public var changed: [EnrollmentRecord]
    public var refundCases: [CaseRecord]
}

extension CounterStore {
    /// The workflow id of a duplicate's resolution case. Not a form: the person screen carries it out.
    public static let duplicateResolutionWorkflow = "duplicate-resolution"

    /// Opens the resolution case `caseFile` for the person, carries the retention out as `resolveDuplicate` does and
    /// completes the case, all in one transaction.
    public func resolveDuplicateAsCase(_ caseFile: CaseFile, personID: Int64, keep keepID: Int64, changes: [Suspension],
                                       by operatorID: Int64, note: String?, refunds: [CaseFile]) throws -> DuplicateCaseWrite {
        guard caseFile.workflow == Self.duplicateResolutionWorkflow else {
            throw StoreError.invalidCase("重复参保处理办件的 workflow 应为 \(Self.duplicateResolutionWorkflow)")
        }
        guard !changes.isEmpty else { throw StoreError.invalidInput(field: "changes", reason: "没有要中止的参保记录") }
        for change in changes where change.status == .active || change.recordID == keepID {
            throw StoreError.recordNotReplaceable(recordID: change.recordID, reason: "只能暂停或终止保留关系以外的参保记录")
        }
        let at = timestamp
        return try write { db in
            let opened = try insertCase(db, caseFile, applicantID: personID, by: operatorID, at: at)
            var detailNote = "办件 \(opened.number)"
            if let note, !note.isEmpty { detailNote += "；\(note)" }
            let done = try resolveDuplicate(db, personID: personID, keep: keepID, changes: changes, by: .operator(operatorID),
                                            note: detailNote, refunds: refunds, at: at)
            try db.run("""
                UPDATE case_record SET status = 'completed', decision = 'accept', version = version + 1, updated_at = ?
                WHERE id = ?
                """, arguments: [at, opened.id])
            try appendAudit(db, actor: .operator(operatorID), action: "case.complete", entity: "case", entityID: opened.number,
                            detail: ["workflow": caseFile.workflow, "keep": String(keepID),
                                     "changed": changes.map { "\($0.recordID):\($0.status.rawValue)" }.joined(separator: ","),
                                     "refunds": done.refundCases.map(\.number).joined(separator: ",")], at: at)
            return DuplicateCaseWrite(resolution: try fetchCase(db, opened.id), changed: done.changed, refundCases: done.refundCases)
        }
    }
}
