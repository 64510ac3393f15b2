import CanbaoRules
import Foundation
import GRDB

extension CounterStore {
    // MARK: - Reading cases

    public func `case`(id: Int64) throws -> CaseRecord? {
        try read { db in try CaseRecord.fetchOne(db, id: id) }
    }

    public func `case`(number: String) throws -> CaseRecord? {
        try read { db in try CaseRecord.filter(CaseRecord.Columns.number == number).fetchOne(db) }
    }

    /// Cases matching the filter, most recently changed first.
    public func cases(filter: CaseFilter = CaseFilter()) throws -> [CaseRecord] {
        try read { db in
            var request = CaseRecord.all()
            if let statuses = filter.statuses { request = request.filter(statuses.contains(CaseRecord.Columns.status)) }
            if let workflow = filter.workflow { request = request.filter(CaseRecord.Columns.workflow == workflow) }
            if let region = filter.region { request = request.filter(CaseRecord.Columns.region == region) }
            if let applicant = filter.applicantID {
                request = request.filter(CaseRecord.Columns.applicantID == applicant)
            }
            if let creator = filter.createdBy { request = request.filter(CaseRecord.Columns.createdBy == creator) }
            return try request.order(CaseRecord.Columns.updatedAt.desc, CaseRecord.Columns.id.desc)
                .limit(filter.limit).fetchAll(db)
        }
    }

    /// The saved fields of a case in progress, in the order they were last saved.
    public func drafts(caseID: Int64) throws -> [DraftField] {
        try read { db in
            try DraftField.filter(DraftField.Columns.caseID == caseID)
                .order(DraftField.Columns.savedAt, DraftField.Columns.field).fetchAll(db)
        }
    }

    public func approvals(caseID: Int64) throws -> [ApprovalRecord] {
        try read { db in
            try ApprovalRecord.filter(ApprovalRecord.Columns.caseID == caseID).order(ApprovalRecord.Columns.id)
                .fetchAll(db)
        }
    }

    // MARK: - Changing cases

    /// Opens a new case as a draft. Workflow and region are read from the case file's JSON.
    public func createCase(caseJSON: String, applicantID: Int64? = nil, by operatorID: Int64) throws -> CaseRecord {
        let header = try CaseJSON.header(of: caseJSON)
        let at = timestamp
        return try write { db in
            try requireActiveOperator(db, operatorID)
            if let applicantID, try !PersonRecord.exists(db, id: applicantID) {
                throw StoreError.personNotFound(applicantID)
            }
            let year = CaseJSON.beijingYear(of: at)
            let sequence = try Int.fetchOne(db, sql: """
                INSERT INTO case_sequence (year, last) VALUES (?, 1)
                ON CONFLICT (year) DO UPDATE SET last = last + 1
                RETURNING last
                """, arguments: [year])!
            let number = CaseJSON.number(year: year, sequence: sequence)
            try db.run("""
                INSERT INTO case_record (number, workflow, region, applicant_id, case_json, status, version,
                                         created_by, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'draft', 1, ?, ?, ?)
                """, arguments: [number, header.workflow, header.region, applicantID, caseJSON, operatorID, at, at])
            let id = db.lastInsertedRowID
            try appendAudit(db, actor: .operator(operatorID), action: "case.create", entity: "case",
                            entityID: number, detail: ["workflow": header.workflow, "region": header.region], at: at)
            return try CaseRecord.fetchOne(db, id: id)!
        }
    }

    /// Saves one completed form field of a case in progress. Returns the case's new version.
    @discardableResult
    public func saveDraft(caseID: Int64, field: String, value: String, expectedVersion: Int,
                          by operatorID: Int64) throws -> Int {
        guard !field.isEmpty else { throw StoreError.invalidInput(field: "field", reason: "不能为空") }
        let at = timestamp
        return try write { db in
            try requireActiveOperator(db, operatorID)
            let current = try editableCase(db, caseID, expectedVersion: expectedVersion)
            try db.run("""
                INSERT INTO draft (case_id, field, value, saved_by, saved_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (case_id, field) DO UPDATE SET value = excluded.value, saved_by = excluded.saved_by,
                    saved_at = excluded.saved_at
                """, arguments: [caseID, field, value, operatorID, at])
            try bump(db, current, at: at)
            try appendAudit(db, actor: .operator(operatorID), action: "case.draft", entity: "case",
                            entityID: current.number, detail: ["field": field, "value": value], at: at)
            return current.version + 1
        }
    }

    /// Replaces the case file (and its verdict, when checked). Workflow and region follow the case file.
    @discardableResult
    public func updateCase(caseID: Int64, caseJSON: String, verdictJSON: String?, applicantID: Int64?,
                           expectedVersion: Int, by operatorID: Int64) throws -> CaseRecord {
        let header = try CaseJSON.header(of: caseJSON)
        let verdict = try verdictJSON.map(CaseJSON.verdict(of:))
        let at = timestamp
        return try write { db in
            let current = try editableCase(db, caseID, expectedVersion: expectedVersion)
            if let applicantID, try !PersonRecord.exists(db, id: applicantID) {
                throw StoreError.personNotFound(applicantID)
            }
            try db.run("""
                UPDATE case_record SET workflow = ?, region = ?, applicant_id = ?, case_json = ?, verdict_json = ?,
                    decision = ?, version = version + 1, updated_at = ?
                WHERE id = ?
                """, arguments: [header.workflow, header.region, applicantID, caseJSON, verdictJSON,
                                 verdict?.decision, at, caseID])
            try appendAudit(db, actor: .operator(operatorID), action: "case.update", entity: "case",
                            entityID: current.number,
                            detail: ["decision": verdict?.decision.rawValue ?? "", "workflow": header.workflow], at: at)
            return try CaseRecord.fetchOne(db, id: caseID)!
        }
    }

    /// Moves a case along its workflow. `registered` is reached only through `register`; `awaiting-approval`
    /// is `requestApproval` with the note as the clerk's justification, so every case in the queue has a request.
    @discardableResult
    public func setStatus(caseID: Int64, to status: CaseRecord.Status, expectedVersion: Int, by operatorID: Int64,
                          note: String? = nil) throws -> CaseRecord {
        if status == .awaitingApproval {
            return try requestApproval(caseID: caseID, justification: note ?? "", expectedVersion: expectedVersion,
                                       by: operatorID)
        }
        let at = timestamp
        return try write { db in
            let current = try fetchCase(db, caseID, expectedVersion: expectedVersion)
            guard current.status.next.contains(status) else {
                throw StoreError.invalidTransition(number: current.number, from: current.status, to: status)
            }
            try db.run("UPDATE case_record SET status = ?, version = version + 1, updated_at = ? WHERE id = ?",
                       arguments: [status, at, caseID])
            if status.isFinal { try db.run("DELETE FROM draft WHERE case_id = ?", arguments: [caseID]) }
            var detail = ["from": current.status.rawValue, "to": status.rawValue]
            if let note { detail["note"] = note }
            try appendAudit(db, actor: .operator(operatorID), action: "case.status", entity: "case",
                            entityID: current.number, detail: detail, at: at)
            return try CaseRecord.fetchOne(db, id: caseID)!
        }
    }

    /// Registers the case in one transaction: the new enrollment record for the applicant, the suspension or
    /// termination of the records it replaces, the case → registered, and the audit row. All or nothing.
    @discardableResult
    public func register(caseID: Int64, enrollment: NewEnrollment, suspending: [Suspension] = [],
                         expectedVersion: Int, by operatorID: Int64) throws -> Registration {
        if let problem = EnrollmentValidation.problems(of: enrollment).first {
            throw StoreError.invalidInput(field: problem.field, reason: problem.reason)
        }
        guard enrollment.status == .active else {
            throw StoreError.invalidInput(field: "status", reason: "登记写入的参保记录应为正常参保")
        }
        for suspension in suspending where suspension.status == .active {
            throw StoreError.recordNotReplaceable(recordID: suspension.recordID, reason: "只能改为暂停或终止参保")
        }
        let at = timestamp
        return try write { db in
            let current = try fetchCase(db, caseID, expectedVersion: expectedVersion)
            guard current.status == .submitted || current.status == .awaitingApproval else {
                throw StoreError.invalidTransition(number: current.number, from: current.status, to: .registered)
            }
            guard let personID = current.applicantID else {
                throw StoreError.notRegistrable(number: current.number, reason: "办件未指定参保人")
            }
            try checkRegistrable(db, current)

            let recordID = try insertEnrollmentRow(db, enrollment, personID: personID, caseID: caseID, at: at)
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
            try recordEmployer(db, for: current, recordID: recordID, by: operatorID, at: at)
            try db.run("""
                UPDATE case_record SET status = 'registered', registered_record_id = ?, version = version + 1,
                    updated_at = ?
                WHERE id = ?
                """, arguments: [recordID, at, caseID])
            try db.run("DELETE FROM draft WHERE case_id = ?", arguments: [caseID])
            try appendAudit(db, actor: .operator(operatorID), action: "case.register", entity: "case",
                            entityID: current.number,
                            detail: ["record": String(recordID), "person": String(personID),
                                     "place": enrollment.place, "scheme": enrollment.scheme.rawValue,
                                     "replaced": replacedIDs.map(String.init).joined(separator: ",")], at: at)
            return Registration(
                caseRecord: try CaseRecord.fetchOne(db, id: caseID)!,
                enrollment: try EnrollmentRecord.fetchOne(db, id: recordID)!,
                replaced: try replacedIDs.map { try EnrollmentRecord.fetchOne(db, id: $0)! })
        }
    }

    /// Completes a case that writes no new enrollment (suspend, terminate, transfer-out, change, refund): the
    /// status changes of the applicant's records and the case → registered (办结), in one transaction with its
    /// audit row. The same checks as `register`: a checked, accepted (or approved) verdict. A `change` case whose
    /// verdict carries hardship marks replaces the applicant's current marks (see `hardshipMarks(forPerson:)`).
    @discardableResult
    public func complete(caseID: Int64, statusChanges: [Suspension], expectedVersion: Int, by operatorID: Int64) throws -> CaseRecord {
        for change in statusChanges where change.status == .active {
            throw StoreError.recordNotReplaceable(recordID: change.recordID, reason: "只能改为暂停或终止参保")
        }
        let at = timestamp
        return try write { db in
            let current = try fetchCase(db, caseID, expectedVersion: expectedVersion)
            guard current.status == .submitted || current.status == .awaitingApproval else {
                throw StoreError.invalidTransition(number: current.number, from: current.status, to: .registered)
            }
            try checkRegistrable(db, current)
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
            try recordHardship(db, for: current, by: operatorID, at: at)
            // A unit's case writes the unit; an employer's report ends the employment (内蒙古细则 第八条、第九条).
            try recordEmployer(db, for: current, recordID: nil, by: operatorID, at: at)
            try db.run("UPDATE case_record SET status = 'registered', version = version + 1, updated_at = ? WHERE id = ?",
                       arguments: [at, caseID])
            try db.run("DELETE FROM draft WHERE case_id = ?", arguments: [caseID])
            try appendAudit(db, actor: .operator(operatorID), action: "case.complete", entity: "case", entityID: current.number,
                            detail: ["changed": changed.joined(separator: ","), "workflow": current.workflow], at: at)
            return try CaseRecord.fetchOne(db, id: caseID)!
        }
    }

    // MARK: - Helpers

    func fetchCase(_ db: Database, _ caseID: Int64, expectedVersion: Int) throws -> CaseRecord {
        guard let current = try CaseRecord.fetchOne(db, id: caseID) else {
            throw StoreError.caseNotFound("#\(caseID)")
        }
        guard current.version == expectedVersion else {
            throw StoreError.staleCase(number: current.number, expected: expectedVersion, actual: current.version)
        }
        return current
    }

    func editableCase(_ db: Database, _ caseID: Int64, expectedVersion: Int) throws -> CaseRecord {
        let current = try fetchCase(db, caseID, expectedVersion: expectedVersion)
        guard !current.status.isFinal else {
            throw StoreError.notAllowed("办件 \(current.number) 已\(current.status.chinese)，不能再修改")
        }
        return current
    }

    func bump(_ db: Database, _ current: CaseRecord, at: Date) throws {
        try db.run("UPDATE case_record SET version = version + 1, updated_at = ? WHERE id = ?",
                   arguments: [at, current.id])
    }

    /// The verdict must allow registration; exceptions need a supervisor's approval for every such finding, and
    /// no document may be missing other than those a supervisor accepted on a written commitment.
    private func checkRegistrable(_ db: Database, _ current: CaseRecord) throws {
        guard let verdictJSON = current.verdictJSON, let decision = current.decision else {
            throw StoreError.notRegistrable(number: current.number, reason: "尚未校验（没有校验结论）")
        }
        switch decision {
        case .accept:
            return
        case .refuse:
            throw StoreError.notRegistrable(number: current.number, reason: "校验结论为不予办理")
        case .missingDocuments:
            throw StoreError.notRegistrable(number: current.number, reason: "材料不全，需一次性告知补齐")
        case .needsApproval:
            let verdict = try CaseJSON.verdict(of: verdictJSON)
            let approvals = try ApprovalRecord.filter(ApprovalRecord.Columns.caseID == current.id)
                .order(ApprovalRecord.Columns.id).fetchAll(db)
            var latest: [String: ApprovalRecord.Decision] = [:]
            for approval in approvals { latest[approval.rule] = approval.decision }
            let missing = verdict.approvalRules.filter { latest[$0] != .approved }
            if !missing.isEmpty { throw StoreError.approvalsMissing(number: current.number, rules: missing) }
            // Needs-approval outranks missing-documents in the verdict, so the list can still hold documents.
            let waived = Set(approvals.filter { $0.decision == .approved }.flatMap(\.waivedDocuments))
            if verdict.missingDocuments.contains(where: { !waived.contains($0) }) {
                throw StoreError.notRegistrable(number: current.number, reason: "材料不全，需一次性告知补齐")
            }
        }
    }
}

/// The few facts the store reads from a case file's and a verdict's JSON; the rest stays opaque text.
enum CaseJSON {
    struct Header { var workflow: String; var region: String }
    struct Verdict {
        var decision: CaseRecord.Decision
        /// The findings of severity `approval` (the exceptions), in the verdict's order.
        var approvalFindings: [Finding]
        /// Codes of the documents still missing.
        var missingDocuments: [String]
        /// The exceptions' rule ids, each once.
        var approvalRules: [String] {
            var rules: [String] = []
            for finding in approvalFindings where !rules.contains(finding.rule) { rules.append(finding.rule) }
            return rules
        }
    }

    static func header(of json: String) throws -> Header {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw StoreError.invalidCase("不是 JSON 对象")
        }
        guard let workflow = object["workflow"] as? String, !workflow.isEmpty else {
            throw StoreError.invalidCase("缺少 workflow")
        }
        guard let region = object["region"] as? String, !region.isEmpty else {
            throw StoreError.invalidCase("缺少 region")
        }
        return Header(workflow: workflow, region: region)
    }

    static func verdict(of json: String) throws -> Verdict {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw StoreError.invalidCase("校验结论不是 JSON 对象")
        }
        guard let raw = object["decision"] as? String, let decision = CaseRecord.Decision(rawValue: raw) else {
            throw StoreError.invalidCase("校验结论缺少有效的 decision")
        }
        var findings: [Finding] = []
        for finding in object["findings"] as? [[String: Any]] ?? [] {
            if finding["severity"] as? String == Severity.approval.rawValue, let rule = finding["rule"] as? String {
                findings.append(Finding(rule: rule, severity: .approval, message: finding["message"] as? String ?? "",
                                        citation: finding["citation"] as? String ?? "",
                                        field: finding["field"] as? String))
            }
        }
        let missing = (object["missing_documents"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        return Verdict(decision: decision, approvalFindings: findings, missingDocuments: missing)
    }

    /// China has one time zone and no daylight saving: UTC+8 exactly.
    static func beijingYear(of date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar.component(.year, from: date)
    }

    static func number(year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        return "\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
