/// Checks before printing or showing. Printing and showing write nothing to the store, so the prior-state check of a
/// write never sees what a notice is printed from or what a clerk reads: a case's name or a supervisor's reason edited
/// with the sqlite3 shell was reprinted as an official notice (补打), unremarked (found by an outside tester).
extension CounterStore {
    /// Refuses (`StoreError.tampered`) when the case `caseID`, its approval requests and decisions, or the operators
    /// whose names a notice prints (the clerk who opened it, the supervisors who decided) are not as the audit log
    /// recorded them.
    public func requireCaseAsRecorded(caseID: Int64) throws {
        try read { db in
            guard let current = try CaseRecord.fetchOne(db, id: caseID) else { return }
            let what = RowNames.ofCase(current.number)
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

    /// Refuses (`StoreError.tampered`) when the person `personID`, any of their enrollment records or hardship marks
    /// is not as the audit log recorded it: the person screen shows what a clerk decides on (a name, a record in
    /// force), and a row edited with the sqlite3 shell was shown there as the store's own (found by an outside tester).
    /// Names the first such row; a person the store no longer holds is left to the screen that asked. A record deleted
    /// with the shell leaves nothing here to check: `store verify` names it.
    public func requirePersonAsRecorded(personID: Int64) throws {
        try read { db in
            guard try Int64.fetchOne(db, sql: "SELECT id FROM person WHERE id = ?", arguments: [personID]) != nil else { return }
            try requireSealed(db, table: "person", id: personID, what: RowNames.ofPerson(personID))
            for table in ["enrollment_record", "person_hardship"] {
                let ids = try Int64.fetchAll(db, sql: "SELECT id FROM \(table) WHERE person_id = ? ORDER BY id",
                                             arguments: [personID])
                for id in ids {
                    try requireSealed(db, table: table, id: id, what: "此人的\(TableNames.chinese[table] ?? table) #\(id)")
                }
            }
        }
    }

    /// Of the cases and persons a list shows, those whose own row is not as the audit log recorded it (its status,
    /// its applicant's name): the home lists showed a case edited with the sqlite3 shell as the store's own until it
    /// was opened. Only the rows the list shows are checked, one read for the whole list; opening a case or a person
    /// checks the rest (`requireCaseAsRecorded`, `requirePersonAsRecorded`). Ids the store no longer holds are left
    /// out.
    public func rowsNotAsRecorded(caseIDs: some Sequence<Int64>, personIDs: some Sequence<Int64>)
        throws -> (cases: Set<Int64>, persons: Set<Int64>) {
        try read { db in
            func altered(_ table: String, _ ids: some Sequence<Int64>) throws -> Set<Int64> {
                var found = Set<Int64>()
                for id in Set(ids).sorted() where try !isSealed(db, table: table, id: id) {
                    let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE id = ?)",
                                                   arguments: [id]) ?? false
                    if exists { found.insert(id) }
                }
                return found
            }
            return (try altered("case_record", caseIDs), try altered("person", personIDs))
        }
    }
}

/// How a refusal and a list name the rows of a case or of a person found not as the audit log recorded them: one
/// wording, whether a case is opened (`requireCaseAsRecorded`) or marked in a list (`rowsNotAsRecorded`).
public enum RowNames {
    public static func ofCase(_ number: String) -> String { "案件 \(number) 的记录" }
    public static func ofPerson(_ id: Int64) -> String { "人员 #\(id) 的身份信息" }
}
