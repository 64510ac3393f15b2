/// Checks before printing. Printing writes nothing to the store, so the prior-state check of a write never sees what a
/// notice is printed from: a case's name or a supervisor's reason edited with the sqlite3 shell was reprinted as an
/// official notice (补打), unremarked (found by an outside tester).
extension CounterStore {
    /// Refuses (`StoreError.tampered`) when the case `caseID`, its approval requests and decisions, or the operators
    /// whose names a notice prints (the clerk who opened it, the supervisors who decided) are not as the audit log
    /// recorded them.
    public func requireCaseAsRecorded(caseID: Int64) throws {
        try read { db in
            guard let current = try CaseRecord.fetchOne(db, id: caseID) else { return }
            let what = "案件 \(current.number) 的记录"
            try requireSealed(db, table: "case_record", id: caseID, what: what)
            var operators: Set<Int64> = [current.createdBy]
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM approval_request WHERE case_id = ?", arguments: [caseID]) {
                try requireSealed(db, table: "approval_request", id: id, what: what)
            }
            for row in try SQLRow.fetchAll(db, sql: "SELECT id, decided_by FROM approval WHERE case_id = ?",
                                           arguments: [caseID]) {
                try requireSealed(db, table: "approval", id: row["id"], what: what)
                operators.insert(row["decided_by"])
            }
            for id in operators.sorted() {
                try requireSealed(db, table: "operator", id: id, what: "\(what)（经办人、审核员的账号）")
            }
        }
    }
}
