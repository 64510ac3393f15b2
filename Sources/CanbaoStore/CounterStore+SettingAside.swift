import CanbaoRules
import Foundation
import GRDB

/// Undoing a mistake without deleting anything: a draft opened by mistake is voided (作废), a case submitted but not
/// yet decided is withdrawn (撤回), each with the reason, in one transaction with its audit row. The case stays in
/// the store with its history; only its saved fields go, as for every closed case.
extension CounterStore {
    /// Voids a draft: `draft` → `voided`. `expectedVersion` (when the screen knows it) refuses a case changed
    /// elsewhere since it was read.
    @discardableResult
    public func voidDraft(number: String, expectedVersion: Int?, reason: String, by operatorID: Int64) throws -> CaseRecord {
        try setAside(number: number, expectedVersion: expectedVersion, reason: reason, to: .voided, allowed: \.mayBeVoided,
                     by: operatorID)
    }

    /// Withdraws a case that was submitted and is not yet decided (waiting for documents or for a supervisor):
    /// → `withdrawn`; a pending approval request leaves the queue with it.
    @discardableResult
    public func withdraw(number: String, expectedVersion: Int?, reason: String, by operatorID: Int64) throws -> CaseRecord {
        try setAside(number: number, expectedVersion: expectedVersion, reason: reason, to: .withdrawn,
                     allowed: \.mayBeWithdrawn, by: operatorID)
    }

    private func setAside(number: String, expectedVersion: Int?, reason raw: String, to status: CaseStatus,
                          allowed: (CaseStatus) -> Bool, by operatorID: Int64) throws -> CaseRecord {
        let reason = raw.trimmed(.whitespaces)
        let what = status == .voided ? "作废" : "撤回"
        if let problem = SafeText.problem(in: reason, maxLength: SafeText.maxLineLength) {
            throw StoreError.invalidInput(field: "reason", reason: "\(what)理由\(problem)")
        }
        guard reason.count >= CaseStatus.minimumSetAsideReason else {
            throw StoreError.invalidInput(field: "reason", reason: "请写明\(what)理由（至少 \(CaseStatus.minimumSetAsideReason) 个字）")
        }
        let at = timestamp
        return try write { db in
            try requireActiveOperator(db, operatorID)
            if let role = try String.fetchOne(db, sql: "SELECT role FROM operator WHERE id = ?", arguments: [operatorID]),
               role == OperatorRole.trainee.rawValue {
                throw StoreError.notAllowed("学员不能\(what)真实的办件")
            }
            let current = try caseByNumber(db, number, expectedVersion: expectedVersion)
            guard allowed(current.status) else {
                let why = "当前为“\(current.status.chinese)”"
                throw StoreError.notAllowed(status == .voided
                    ? "办件 \(number) \(why)：只有草稿可以作废（已提交的未决办件可以撤回）"
                    : "办件 \(number) \(why)：只有已提交、尚未办结或决定的办件可以撤回（草稿请作废）")
            }
            return try changeStatus(db, current, to: status, by: operatorID, note: "\(what)：\(reason)", at: at)
        }
    }

    /// Stores written before `completed` existed kept a completed service (办结) as `registered`: such a case wrote no
    /// enrollment (`registered_record_id` is empty). Reclassified once, by an audited write, when such a store opens.
    /// Returns how many cases changed.
    /// Answered from the partial index case_record_unreclassified (empty once done): nothing is scanned on an
    /// up-to-date store, however many cases it holds.
    static let unreclassifiedQuery = """
        SELECT EXISTS (SELECT 1 FROM case_record INDEXED BY case_record_unreclassified
                       WHERE status = 'registered' AND registered_record_id IS NULL)
        """

    @discardableResult
    public func reclassifyCompletedCases() throws -> Int {
        // INDEXED BY is SQLite's: PostgreSQL's planner picks the partial index on its own.
        let pending = { (db: any SQLConnection) in
            db.dialect == .sqlite ? Self.unreclassifiedQuery
                : Self.unreclassifiedQuery.replacingOccurrences(of: " INDEXED BY case_record_unreclassified", with: "")
        }
        let sql = "SELECT COUNT(*) FROM case_record WHERE status = 'registered' AND registered_record_id IS NULL"
        guard try read({ db in try Bool.fetchOne(db, sql: pending(db)) ?? false }) else { return 0 }
        let at = timestamp
        return try write { db in
            // Another terminal opening the store may have done it meanwhile.
            let count = try Int.fetchOne(db, sql: sql) ?? 0
            guard count > 0 else { return 0 }
            try db.execute(sql: """
                UPDATE case_record SET status = 'completed'
                WHERE status = 'registered' AND registered_record_id IS NULL
                """)
            try appendAudit(db, actor: .system("upgrade"), action: "case.reclassify", entity: "store", entityID: nil,
                            detail: ["from": CaseStatus.registered.rawValue, "to": CaseStatus.completed.rawValue,
                                     "cases": String(count)], at: at)
            return count
        }
    }
}
