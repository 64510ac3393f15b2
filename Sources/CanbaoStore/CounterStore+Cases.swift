import CanbaoRules
import Foundation
import GRDB

extension CounterStore {
    // MARK: - Reading cases

    public func `case`(id: Int64) throws -> CaseRecord? {
        try read { db in try CaseRecord.fetchOne(db, id: id) }
    }

    public func `case`(number: String) throws -> CaseRecord? {
        try read { db in try CaseRecord.fetchOne(db, sql: "SELECT * FROM case_record WHERE number = ?", arguments: [number]) }
    }

    /// Cases matching the filter, most recently changed first.
    public func cases(filter: CaseFilter = CaseFilter()) throws -> [CaseRecord] {
        try read { db in
            var sql = "SELECT * FROM case_record WHERE 1 = 1"
            var arguments = SQLArguments()
            if let statuses = filter.statuses {
                // In a fixed order: the same filter is the same statement.
                let ordered = statuses.map(\.rawValue).sorted()
                sql += " AND status IN (\(databaseQuestionMarks(count: ordered.count)))"
                arguments += SQLArguments(ordered)
            }
            for (column, value) in [("workflow", filter.workflow), ("region", filter.region)] {
                guard let value else { continue }
                sql += " AND \(column) = ?"
                arguments += [value]
            }
            for (column, value) in [("applicant_id", filter.applicantID), ("created_by", filter.createdBy)] {
                guard let value else { continue }
                sql += " AND \(column) = ?"
                arguments += [value]
            }
            sql += " ORDER BY updated_at DESC, id DESC LIMIT ?"
            arguments += [max(0, filter.limit)]
            return try CaseRecord.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    /// The saved fields of a case in progress, in the order they were last saved.
    public func drafts(caseID: Int64) throws -> [DraftField] {
        try read { db in
            try DraftField.fetchAll(db, sql: "SELECT * FROM draft WHERE case_id = ? ORDER BY saved_at, field",
                                    arguments: [caseID])
        }
    }

    /// When case `number` last went to `status`, as its status change in the audit log says: the day a notice was handed
    /// over, which the draft saves of a case waiting for documents do not move (they move `updatedAt`). Nil when the
    /// log holds no such change.
    public func lastStatusChange(number: String, to status: CaseStatus) throws -> Date? {
        for entry in try auditLog(entity: "case", entityID: number).reversed() where entry.action == "case.status" {
            guard let detail = try? JSONDecoder().decode([String: String].self, from: Data(entry.detail.utf8)),
                  detail["to"] == status.rawValue else { continue }
            return StoreTimestamp.date(entry.at.databaseValue)
        }
        return nil
    }

    public func approvals(caseID: Int64) throws -> [ApprovalRecord] {
        try read { db in
            try ApprovalRecord.fetchAll(db, sql: "SELECT * FROM approval WHERE case_id = ? ORDER BY id", arguments: [caseID])
        }
    }

    // MARK: - Changing cases

    /// Opens a new case as a draft. Workflow and region are the case file's.
    public func createCase(_ caseFile: CaseFile, applicantID: Int64? = nil, by operatorID: Int64) throws -> CaseRecord {
        let at = timestamp
        return try write { db in try insertCase(db, caseFile, applicantID: applicantID, by: operatorID, at: at) }
    }

    /// Saves one completed form field of a case in progress. Returns the case's new version.
    @discardableResult
    public func saveDraft(caseID: Int64, field: String, value: String, expectedVersion: Int,
                          by operatorID: Int64) throws -> Int {
        let at = timestamp
        return try write { db in
            let current = try editableCase(db, caseID, expectedVersion: expectedVersion)
            return try saveDraftField(db, current, field: field, value: value, by: operatorID, at: at).version
        }
    }

    /// Replaces the case file (and its verdict, when checked). Workflow and region follow the case file.
    @discardableResult
    public func updateCase(caseID: Int64, caseFile: CaseFile, verdict: CanbaoRules.Verdict?, applicantID: Int64?,
                           expectedVersion: Int, by operatorID: Int64) throws -> CaseRecord {
        let at = timestamp
        return try write { db in
            let current = try editableCase(db, caseID, expectedVersion: expectedVersion)
            return try updateCase(db, current, caseFile: caseFile, verdict: verdict, applicantID: applicantID, by: operatorID, at: at)
        }
    }

    /// Moves a case along its workflow. `registered` is reached only through `register`; `awaiting-approval`
    /// is `requestApproval` with the note as the clerk's justification, so every case in the queue has a request.
    @discardableResult
    public func setStatus(caseID: Int64, to status: CaseStatus, expectedVersion: Int, by operatorID: Int64,
                          note: String? = nil) throws -> CaseRecord {
        if status == .awaitingApproval {
            return try requestApproval(caseID: caseID, justification: note ?? "", expectedVersion: expectedVersion,
                                       by: operatorID)
        }
        let at = timestamp
        return try write { db in
            let current = try fetchCase(db, caseID, expectedVersion: expectedVersion)
            return try changeStatus(db, current, to: status, by: operatorID, note: note, at: at)
        }
    }

    /// Registers the case in one transaction: the new enrollment record for the applicant, the suspension or
    /// termination of the records it replaces, the case → registered, and the audit row. All or nothing.
    @discardableResult
    public func register(caseID: Int64, enrollment: NewEnrollment, suspending: [Suspension] = [],
                         expectedVersion: Int, by operatorID: Int64) throws -> Registration {
        try Self.checkRegistration(enrollment, suspending)
        let at = timestamp
        return try write { db in
            let current = try fetchCase(db, caseID, expectedVersion: expectedVersion)
            return try registerCase(db, current, enrollment: enrollment, suspending: suspending, by: operatorID, at: at)
        }
    }

    /// Completes a case that writes no new enrollment (suspend, terminate, transfer-out, change, refund): the
    /// status changes of the applicant's records and the case → completed (办结), in one transaction with its
    /// audit row. The same checks as `register`: a checked, accepted (or approved) verdict. A `change` case whose
    /// verdict carries hardship marks replaces the applicant's current marks (see `hardshipMarks(forPerson:)`).
    @discardableResult
    public func complete(caseID: Int64, statusChanges: [Suspension], expectedVersion: Int, by operatorID: Int64) throws -> CaseRecord {
        try Self.checkStatusChanges(statusChanges)
        let at = timestamp
        return try write { db in
            let current = try fetchCase(db, caseID, expectedVersion: expectedVersion)
            return try completeCase(db, current, statusChanges: statusChanges, by: operatorID, at: at)
        }
    }

    // MARK: - Inside a transaction (the use cases compose these; see CounterStore+UseCases.swift)

    /// A case's verdict rests on its applicant and the applicant's platform records (an enrollment elsewhere refuses
    /// a registration; the record a suspension ends): a record inserted with the sqlite3 shell made the counter refuse
    /// an applicant, and the refusal, citing it, was sealed as the store's (found by an outside tester). Relied on,
    /// the write that decides is refused while any of them is not as the log recorded it.
    func relyOnApplicant(_ db: SQLConnection, _ current: CaseRecord) throws {
        guard let personID = current.applicantID else { return }
        db.journal.rely(table: "person", rowID: personID)
        for id in try Int64.fetchAll(db, sql: "SELECT id FROM enrollment_record WHERE person_id = ?", arguments: [personID]) {
            db.journal.rely(table: "enrollment_record", rowID: id)
        }
    }

    func insertCase(_ db: SQLConnection, _ caseFile: CaseFile, applicantID: Int64?, by operatorID: Int64, at: Date) throws -> CaseRecord {
        try Self.checkHeader(caseFile)
        try requireActiveOperator(db, operatorID)
        if let applicantID, try !PersonRecord.exists(db, id: applicantID) {
            throw StoreError.personNotFound(applicantID)
        }
        let year = clock.year(of: at)
        let sequence = try Int.fetchOne(db, sql: """
            INSERT INTO case_sequence (year, last) VALUES (?, 1)
            ON CONFLICT (year) DO UPDATE SET last = case_sequence.last + 1
            RETURNING last
            """, arguments: [year]) ?? 1
        let number = CaseNumber.format(year: year, sequence: sequence)
        let id = try db.insert("""
            INSERT INTO case_record (number, workflow, region, applicant_id, case_json, status, version,
                                     created_by, created_at, updated_at, hall, counter)
            VALUES (?, ?, ?, ?, ?, 'draft', 1, ?, ?, ?, ?, ?)
            """, arguments: [number, caseFile.workflow, caseFile.region, applicantID, caseFile.json, operatorID, at, at,
                             options.servicePoint?.hall, options.servicePoint?.counter])
        try appendAudit(db, actor: .operator(operatorID), action: "case.create", entity: "case",
                        entityID: number, detail: ["workflow": caseFile.workflow, "region": caseFile.region], at: at)
        return try fetchCase(db, id)
    }

    func saveDraftField(_ db: SQLConnection, _ current: CaseRecord, field: String, value: String, by operatorID: Int64,
                        at: Date) throws -> CaseRecord {
        guard !field.isEmpty else { throw StoreError.invalidInput(field: "field", reason: "不能为空") }
        try requireActiveOperator(db, operatorID)
        try db.run("""
            INSERT INTO draft (case_id, field, value, saved_by, saved_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (case_id, field) DO UPDATE SET value = excluded.value, saved_by = excluded.saved_by,
                saved_at = excluded.saved_at
            """, arguments: [current.id, field, value, operatorID, at])
        try bump(db, current, at: at)
        try appendAudit(db, actor: .operator(operatorID), action: "case.draft", entity: "case",
                        entityID: current.number, detail: ["field": field, "value": value], at: at)
        return try fetchCase(db, current.id)
    }

    func updateCase(_ db: SQLConnection, _ current: CaseRecord, caseFile: CaseFile, verdict: CanbaoRules.Verdict?,
                    applicantID: Int64?, by operatorID: Int64, at: Date) throws -> CaseRecord {
        try Self.checkHeader(caseFile)
        if let applicantID, try !PersonRecord.exists(db, id: applicantID) {
            throw StoreError.personNotFound(applicantID)
        }
        try db.run("""
            UPDATE case_record SET workflow = ?, region = ?, applicant_id = ?, case_json = ?, verdict_json = ?,
                decision = ?, version = version + 1, updated_at = ?
            WHERE id = ?
            """, arguments: [caseFile.workflow, caseFile.region, applicantID, caseFile.json, verdict?.json(pretty: false),
                             verdict?.decision, at, current.id])
        try appendAudit(db, actor: .operator(operatorID), action: "case.update", entity: "case",
                        entityID: current.number,
                        detail: ["decision": verdict?.decision.rawValue ?? "", "workflow": caseFile.workflow], at: at)
        return try fetchCase(db, current.id)
    }

    func changeStatus(_ db: SQLConnection, _ current: CaseRecord, to status: CaseStatus, by operatorID: Int64, note: String?,
                      at: Date) throws -> CaseRecord {
        guard current.status.next.contains(status), status != .awaitingApproval else {
            throw StoreError.invalidTransition(number: current.number, from: current.status, to: status)
        }
        if status == .refused { try relyOnApplicant(db, current) }
        try db.run("UPDATE case_record SET status = ?, version = version + 1, updated_at = ? WHERE id = ?",
                   arguments: [status, at, current.id])
        if status.isFinal { try db.run("DELETE FROM draft WHERE case_id = ?", arguments: [current.id]) }
        var detail = ["from": current.status.rawValue, "to": status.rawValue]
        if let note { detail["note"] = note }
        try appendAudit(db, actor: .operator(operatorID), action: "case.status", entity: "case",
                        entityID: current.number, detail: detail, at: at)
        return try fetchCase(db, current.id)
    }

    func registerCase(_ db: SQLConnection, _ current: CaseRecord, enrollment: NewEnrollment, suspending: [Suspension],
                      by operatorID: Int64, at: Date) throws -> Registration {
        try Self.checkRegistration(enrollment, suspending)
        guard current.status == .submitted || current.status == .awaitingApproval else {
            throw StoreError.invalidTransition(number: current.number, from: current.status, to: .registered)
        }
        guard let personID = current.applicantID else {
            throw StoreError.notRegistrable(number: current.number, reason: "办件未指定参保人")
        }
        // Decoded once: the check, the unit and the hardship marks all read it (decoding was a fifth of the use case).
        let verdict = try checkRegistrable(db, current)
        try relyOnApplicant(db, current)

        let recordID = try insertEnrollmentRow(db, enrollment, personID: personID, caseID: current.id, at: at)
        var replacedIDs: [Int64] = []
        for suspension in suspending {
            guard let old = try EnrollmentRecord.fetchOne(db, id: suspension.recordID) else {
                throw StoreError.recordNotFound(suspension.recordID)
            }
            guard old.personID == personID else {
                throw StoreError.recordNotReplaceable(recordID: old.id, reason: "该记录属于其他人员")
            }
            guard old.status == .active else {
                throw StoreError.recordNotReplaceable(recordID: old.id, reason: "该记录当前为\(old.status.chinese)")
            }
            try db.run("UPDATE enrollment_record SET status = ?, since = ?, updated_at = ? WHERE id = ?",
                       arguments: [suspension.status, suspension.since, at, old.id])
            replacedIDs.append(old.id)
        }
        // An employee registered by the unit is linked to it with this enrollment (内蒙古细则 第九条（一））.
        try recordEmployer(db, for: current, verdict: verdict, recordID: recordID, by: operatorID, at: at)
        // An assisted person registered at the certifying place carries their hardship marks (江门规程 第二十二条).
        try recordHardship(db, for: current, verdict: verdict, by: operatorID, at: at)
        try db.run("""
            UPDATE case_record SET status = 'registered', registered_record_id = ?, version = version + 1,
                updated_at = ?
            WHERE id = ?
            """, arguments: [recordID, at, current.id])
        try db.run("DELETE FROM draft WHERE case_id = ?", arguments: [current.id])
        try appendAudit(db, actor: .operator(operatorID), action: "case.register", entity: "case",
                        entityID: current.number,
                        detail: ["record": String(recordID), "person": String(personID),
                                 "place": enrollment.place, "scheme": enrollment.scheme.rawValue,
                                 "replaced": replacedIDs.map(String.init).joined(separator: ",")], at: at)
        return Registration(
            caseRecord: try fetchCase(db, current.id),
            enrollment: try fetchRecord(db, recordID),
            replaced: try replacedIDs.map { try fetchRecord(db, $0) })
    }

    func completeCase(_ db: SQLConnection, _ current: CaseRecord, statusChanges: [Suspension], by operatorID: Int64,
                      at: Date) throws -> CaseRecord {
        try Self.checkStatusChanges(statusChanges)
        guard current.status == .submitted || current.status == .awaitingApproval else {
            throw StoreError.invalidTransition(number: current.number, from: current.status, to: .completed)
        }
        // Decoded once: the check, the unit and the hardship marks all read it (decoding was a fifth of the use case).
        let verdict = try checkRegistrable(db, current)
        try relyOnApplicant(db, current)
        var changed: [String] = []
        for change in statusChanges {
            guard let old = try EnrollmentRecord.fetchOne(db, id: change.recordID) else {
                throw StoreError.recordNotFound(change.recordID)
            }
            guard old.personID == current.applicantID else {
                throw StoreError.recordNotReplaceable(recordID: old.id, reason: "该记录不属于本案参保人")
            }
            guard old.status == .active || (old.status == .suspended && change.status == .terminated) else {
                throw StoreError.recordNotReplaceable(recordID: old.id, reason: "该记录当前为\(old.status.chinese)")
            }
            try db.run("UPDATE enrollment_record SET status = ?, since = ?, updated_at = ? WHERE id = ?",
                       arguments: [change.status, change.since, at, old.id])
            changed.append("\(old.id):\(change.status.rawValue)")
        }
        // A hardship change writes the person's marks (江门规程 第六条、第二十二条), in this transaction.
        try recordHardship(db, for: current, verdict: verdict, by: operatorID, at: at)
        // A unit's case writes the unit; an employer's report ends the employment (内蒙古细则 第八条、第九条).
        try recordEmployer(db, for: current, verdict: verdict, recordID: nil, by: operatorID, at: at)
        try db.run("UPDATE case_record SET status = 'completed', version = version + 1, updated_at = ? WHERE id = ?",
                   arguments: [at, current.id])
        try db.run("DELETE FROM draft WHERE case_id = ?", arguments: [current.id])
        try appendAudit(db, actor: .operator(operatorID), action: "case.complete", entity: "case", entityID: current.number,
                        detail: ["changed": changed.joined(separator: ","), "workflow": current.workflow], at: at)
        return try fetchCase(db, current.id)
    }

    static func checkHeader(_ caseFile: CaseFile) throws {
        guard !caseFile.workflow.isEmpty else { throw StoreError.invalidCase("缺少 workflow") }
        guard !caseFile.region.isEmpty else { throw StoreError.invalidCase("缺少 region") }
    }

    static func checkRegistration(_ enrollment: NewEnrollment, _ suspending: [Suspension]) throws {
        if let problem = EnrollmentValidation.problems(of: enrollment).first {
            throw StoreError.invalidInput(field: problem.field, reason: problem.reason)
        }
        guard enrollment.status == .active else {
            throw StoreError.invalidInput(field: "status", reason: "登记写入的参保记录应为正常参保")
        }
        try checkStatusChanges(suspending)
    }

    static func checkStatusChanges(_ changes: [Suspension]) throws {
        for change in changes where change.status == .active {
            throw StoreError.recordNotReplaceable(recordID: change.recordID, reason: "只能改为暂停或终止参保")
        }
    }

    // MARK: - Helpers

    func fetchCase(_ db: SQLConnection, _ caseID: Int64) throws -> CaseRecord {
        guard let current = try CaseRecord.fetchOne(db, id: caseID) else { throw StoreError.caseNotFound("#\(caseID)") }
        return current
    }

    func fetchRecord(_ db: SQLConnection, _ recordID: Int64) throws -> EnrollmentRecord {
        guard let record = try EnrollmentRecord.fetchOne(db, id: recordID) else { throw StoreError.recordNotFound(recordID) }
        return record
    }

    func fetchCase(_ db: SQLConnection, _ caseID: Int64, expectedVersion: Int) throws -> CaseRecord {
        let current = try fetchCase(db, caseID)
        guard current.version == expectedVersion else {
            throw StoreError.staleCase(number: current.number, expected: expectedVersion, actual: current.version)
        }
        return current
    }

    func editableCase(_ db: SQLConnection, _ caseID: Int64, expectedVersion: Int) throws -> CaseRecord {
        let current = try fetchCase(db, caseID, expectedVersion: expectedVersion)
        guard !current.status.isFinal else {
            throw StoreError.notAllowed("办件 \(current.number) 已\(current.status.chinese)，不能再修改")
        }
        return current
    }

    func bump(_ db: SQLConnection, _ current: CaseRecord, at: Date) throws {
        try db.run("UPDATE case_record SET version = version + 1, updated_at = ? WHERE id = ?",
                   arguments: [at, current.id])
    }

    /// The verdict must allow registration; exceptions need a supervisor's approval for every such finding, and
    /// no document may be missing other than those a supervisor accepted on a written commitment. Returns the verdict
    /// it decoded.
    func checkRegistrable(_ db: SQLConnection, _ current: CaseRecord) throws -> CanbaoRules.Verdict {
        guard let verdict = try current.verdict(), let decision = current.decision else {
            throw StoreError.notRegistrable(number: current.number, reason: "尚未校验（没有校验结论）")
        }
        switch decision {
        case .accept:
            return verdict
        case .refuse:
            throw StoreError.notRegistrable(number: current.number, reason: "校验结论为不予办理")
        case .missingDocuments:
            throw StoreError.notRegistrable(number: current.number, reason: "材料不全，需一次性告知补齐")
        case .needsApproval:
            let approvals = try ApprovalRecord.fetchAll(db, sql: "SELECT * FROM approval WHERE case_id = ? ORDER BY id",
                                                        arguments: [current.id])
            // The supervisors' decisions let the case through: one inserted with the sqlite3 shell registered it
            // without any supervisor, so they are checked as the rows the write changes are.
            for approval in approvals { db.journal.rely(table: "approval", rowID: approval.id) }
            var latest: [String: ApprovalRecord.Decision] = [:]
            for approval in approvals { latest[approval.rule] = approval.decision }
            let missing = verdict.exceptionRules.filter { latest[$0] != .approved }
            if !missing.isEmpty { throw StoreError.approvalsMissing(number: current.number, rules: missing) }
            // Needs-approval outranks missing-documents in the verdict, so the list can still hold documents.
            let waived = Set(approvals.filter { $0.decision == .approved }.flatMap(\.waivedDocuments))
            if verdict.missingDocuments.contains(where: { !waived.contains($0.code) }) {
                throw StoreError.notRegistrable(number: current.number, reason: "材料不全，需一次性告知补齐")
            }
            return verdict
        }
    }
}

/// Case numbers: the year of creation (business time zone) and a sequence within it, `2026-000123`.
enum CaseNumber {
    static func format(year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        return "\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
