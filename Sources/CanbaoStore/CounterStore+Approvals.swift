import CanbaoRules
import Foundation
import GRDB

/// One case in the supervisors' exception queue.
public struct ApprovalQueueItem: Hashable, Sendable {
    /// Its `verdictJSON` holds every finding; `exceptions` are the ones still to decide.
    public var caseRecord: CaseRecord
    /// The clerk who raised the exception.
    public var requestedBy: Operator
    public var justification: String
    public var requestedAt: Date
    /// The findings of severity `approval` no supervisor has decided yet, with their citations.
    public var exceptions: [Finding]
    public var requestID: Int64
    /// The hall and counter where the request was raised; nil before halls were recorded.
    public var hall: String?
    public var counter: String?

    public init(caseRecord: CaseRecord, requestedBy: Operator, justification: String, requestedAt: Date,
                exceptions: [Finding], requestID: Int64, hall: String? = nil, counter: String? = nil) {
        self.hall = hall
        self.counter = counter
        self.caseRecord = caseRecord
        self.requestedBy = requestedBy
        self.justification = justification
        self.requestedAt = requestedAt
        self.exceptions = exceptions
        self.requestID = requestID
    }

    /// How long the case has waited at `now`, in whole minutes.
    public func waitedMinutes(at now: Date) -> Int {
        max(0, Int(now.timeIntervalSince(requestedAt) / 60))
    }
}

/// A supervisor's decision on the exceptions of a case awaiting approval.
public struct ApprovalDecision: Hashable, Sendable {
    public enum Verdict: String, Sendable, CaseIterable {
        case approved, rejected

        var record: ApprovalRecord.Decision { self == .approved ? .approved : .rejected }
    }

    public var verdict: Verdict
    /// The supervisor's note (approval) or reason (rejection); required.
    public var note: String
    /// The exceptions decided (severity `.approval`), at least one.
    public var findings: [Finding]
    /// Document codes accepted on a written commitment (告知承诺) in place of the document; approval only.
    public var waivedDocuments: [String]
    /// The case file updated with the commitments, written in the same transaction.
    public var caseFile: CaseFile?
    /// The re-evaluated verdict, written in the same transaction.
    public var checked: CanbaoRules.Verdict?

    public init(verdict: Verdict, note: String, findings: [Finding], waivedDocuments: [String] = [],
                caseFile: CaseFile? = nil, checked: CanbaoRules.Verdict? = nil) {
        self.verdict = verdict
        self.note = note
        self.findings = findings
        self.waivedDocuments = waivedDocuments
        self.caseFile = caseFile
        self.checked = checked
    }
}

extension CounterStore {
    /// The shortest justification a clerk may give, in characters after trimming.
    public static let minimumJustificationLength = ReasonRule.minimumLength

    /// Audit actions that change a case's content or status: whoever wrote one edited the case.
    static let editingActions = ["case.create", "case.draft", "case.update", "case.status"]

    // MARK: - Requesting

    /// Sends a submitted case to the supervisors: status → awaiting-approval and the request row, one
    /// transaction, audited as a status change with the justification as its note.
    @discardableResult
    public func requestApproval(caseID: Int64, justification: String, expectedVersion: Int,
                                by operatorID: Int64) throws -> CaseRecord {
        let at = timestamp
        return try write { db in
            let current = try fetchCase(db, caseID, expectedVersion: expectedVersion)
            return try requestApproval(db, current, justification: justification, by: operatorID, at: at)
        }
    }

    func requestApproval(_ db: SQLConnection, _ current: CaseRecord, justification: String, by operatorID: Int64,
                         at: Date) throws -> CaseRecord {
        let reason = justification.trimmed(.whitespacesAndNewlines)
        guard reason.count >= Self.minimumJustificationLength else {
            throw StoreError.invalidInput(field: "justification",
                                          reason: "请写明提交审核的理由（至少 \(Self.minimumJustificationLength) 个字）")
        }
        try requireActiveOperator(db, operatorID)
        guard current.status == .submitted else {
            throw StoreError.invalidTransition(number: current.number, from: current.status, to: .awaitingApproval)
        }
        guard current.decision == .needsApproval else {
            let what = current.decision.map { "校验结论为“\($0.chinese)”" } ?? "尚未校验"
            throw StoreError.notAllowed("办件 \(current.number) \(what)，不需要审核员审批")
        }
        try db.run("""
            INSERT INTO approval_request (case_id, requested_by, justification, requested_at, hall, counter)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [current.id, operatorID, reason, at, options.servicePoint?.hall, options.servicePoint?.counter])
        try db.run("""
            UPDATE case_record SET status = 'awaiting-approval', version = version + 1, updated_at = ? WHERE id = ?
            """, arguments: [at, current.id])
        try appendAudit(db, actor: .operator(operatorID), action: "case.status", entity: "case",
                        entityID: current.number,
                        detail: ["from": current.status.rawValue, "to": CaseStatus.awaitingApproval.rawValue,
                                 "note": reason], at: at)
        return try fetchCase(db, current.id)
    }

    /// The requests made for a case, oldest first.
    public func approvalRequests(caseID: Int64) throws -> [ApprovalRequest] {
        try read { db in
            try ApprovalRequest.fetchAll(db, sql: "SELECT * FROM approval_request WHERE case_id = ? ORDER BY id",
                                         arguments: [caseID])
        }
    }

    // MARK: - The queue

    /// Every case awaiting approval with an exception still undecided, oldest request first; nil filters mean any.
    /// `requestedBy` is the clerk who raised it; `hall`, the hall where it was raised (a supervisor's own hall);
    /// `caseID`, one case (a supervisor reviewing it: its entry, or none once nothing is left to decide).
    public func approvalQueue(workflow: String? = nil, requestedBy: Int64? = nil, hall: String? = nil,
                              caseID: Int64? = nil) throws -> [ApprovalQueueItem] {
        try read { db in
            var sql = """
                SELECT r.* FROM approval_request r JOIN case_record c ON c.id = r.case_id
                WHERE c.status = 'awaiting-approval'
                  AND r.id = (SELECT MAX(id) FROM approval_request WHERE case_id = c.id)
                """
            var arguments = SQLArguments()
            if let workflow {
                sql += " AND c.workflow = ?"
                arguments += [workflow]
            }
            if let requestedBy {
                sql += " AND r.requested_by = ?"
                arguments += [requestedBy]
            }
            if let hall {
                sql += " AND r.hall = ?"
                arguments += [hall]
            }
            if let caseID {
                sql += " AND c.id = ?"
                arguments += [caseID]
            }
            sql += " ORDER BY r.requested_at, r.id"
            let requests = try ApprovalRequest.fetchAll(db, sql: sql, arguments: arguments)
            if requests.isEmpty { return [] }

            let caseIDs = requests.map(\.caseID)
            let cases = Dictionary(uniqueKeysWithValues: try CaseRecord.fetchAll(db, sql: """
                SELECT * FROM case_record WHERE id IN (\(databaseQuestionMarks(count: caseIDs.count)))
                """, arguments: SQLArguments(caseIDs)).map { ($0.id, $0) })
            let clerks = Array(Set(requests.map(\.requestedBy)))
            let operators = Dictionary(uniqueKeysWithValues: try Operator.fetchAll(db, sql: """
                SELECT * FROM operator WHERE id IN (\(databaseQuestionMarks(count: clerks.count)))
                """, arguments: SQLArguments(clerks)).map { ($0.id, $0) })
            var decided: [Int64: Set<String>] = [:]
            for row in try SQLRow.fetchAll(db, sql: """
                SELECT case_id, rule FROM approval WHERE case_id IN (\(databaseQuestionMarks(count: caseIDs.count)))
                """, arguments: SQLArguments(caseIDs)) {
                decided[row["case_id"], default: []].insert(row["rule"])
            }
            return try requests.compactMap { request in
                guard let record = cases[request.caseID], let clerk = operators[request.requestedBy] else { return nil }
                let findings = try record.verdict()?.exceptions ?? []
                let open = findings.filter { !(decided[record.id]?.contains($0.rule) ?? false) }
                // Approved but not yet registered or sent back: nothing left for a supervisor to decide.
                guard !open.isEmpty else { return nil }
                return ApprovalQueueItem(caseRecord: record, requestedBy: clerk, justification: request.justification,
                                         requestedAt: request.requestedAt, exceptions: open, requestID: request.id,
                                         hall: request.hall, counter: request.counter)
            }
        }
    }

    /// The operators who changed the case (created, saved drafts, updated, changed status), from the audit log,
    /// together with the creator and every requester and draft author recorded on the case itself.
    public func editors(ofCase caseID: Int64) throws -> Set<Int64> {
        try read { db in
            guard let record = try CaseRecord.fetchOne(db, id: caseID) else { throw StoreError.caseNotFound("#\(caseID)") }
            return try editors(db, record)
        }
    }

    func editors(_ db: SQLConnection, _ record: CaseRecord) throws -> Set<Int64> {
        let actions = Self.editingActions
        let ids = try Int64.fetchAll(db, sql: """
            SELECT operator_id FROM audit_log
            WHERE entity = 'case' AND entity_id = ? AND operator_id IS NOT NULL
              AND action IN (\(databaseQuestionMarks(count: actions.count)))
            UNION SELECT saved_by FROM draft WHERE case_id = ?
            UNION SELECT requested_by FROM approval_request WHERE case_id = ?
            """, arguments: SQLArguments([record.number]) + SQLArguments(actions)
                + [record.id, record.id])
        return Set(ids).union([record.createdBy])
    }

    // MARK: - Deciding

    /// Decides a case awaiting approval, in one transaction: an `approval` row per finding (with the waived
    /// documents), the optional case/verdict update, the status (rejected → refused; approved → stays
    /// awaiting-approval so the caller can register it or move it to pending-documents), and the audit row.
    /// Separation of duties lives here, not on the screen: see `checkMayDecide`.
    @discardableResult
    public func decide(caseID: Int64, _ decision: ApprovalDecision, expectedVersion: Int,
                       by operatorID: Int64) throws -> CaseRecord {
        let at = timestamp
        return try write { db in
            let current = try fetchCase(db, caseID, expectedVersion: expectedVersion)
            return try decide(db, current, decision, by: operatorID, at: at)
        }
    }

    func decide(_ db: SQLConnection, _ current: CaseRecord, _ decision: ApprovalDecision, by operatorID: Int64,
                at: Date) throws -> CaseRecord {
        let note = decision.note.trimmed(.whitespacesAndNewlines)
        var waived: [String] = []
        for code in decision.waivedDocuments.map({ $0.trimmed(.whitespaces) })
        where !code.isEmpty && !waived.contains(code) {
            waived.append(code)
        }
        let waivedJSON = waived.isEmpty ? nil : String(decoding: try JSONEncoder().encode(waived), as: UTF8.self)
        let caseID = current.id
        let request = try checkMayDecide(db, current, rules: decision.findings.map(\.rule), by: operatorID)
        try checkFindings(decision.findings, of: current)
        guard !note.isEmpty else {
            throw StoreError.notAllowed(decision.verdict == .approved ? "请填写审批意见" : "请填写驳回理由")
        }
        guard decision.verdict == .approved || waived.isEmpty else {
            throw StoreError.notAllowed("驳回时不能以告知承诺代替材料")
        }
        if let caseFile = decision.caseFile { try Self.checkHeader(caseFile) }
        var rules: [String] = []
        for finding in decision.findings where !rules.contains(finding.rule) {
            rules.append(finding.rule)
            try db.run("""
                INSERT INTO approval (case_id, rule, citation, message, requested_by, decided_by, decision, reason,
                                      decided_at, waived_documents, request_id, hall, counter)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [caseID, finding.rule, finding.citation, finding.message,
                                 request?.requestedBy ?? current.createdBy, operatorID,
                                 decision.verdict.record, note, at, waivedJSON, request?.id,
                                 options.servicePoint?.hall, options.servicePoint?.counter])
        }
        if let caseFile = decision.caseFile {
            try db.run("UPDATE case_record SET case_json = ?, workflow = ?, region = ? WHERE id = ?",
                       arguments: [caseFile.json, caseFile.workflow, caseFile.region, caseID])
        }
        if let checked = decision.checked {
            try db.run("UPDATE case_record SET verdict_json = ?, decision = ? WHERE id = ?",
                       arguments: [checked.json(pretty: false), checked.decision, caseID])
        }
        let status: CaseStatus = decision.verdict == .approved ? .awaitingApproval : .refused
        try db.run("UPDATE case_record SET status = ?, version = version + 1, updated_at = ? WHERE id = ?",
                   arguments: [status, at, caseID])
        if status.isFinal { try db.run("DELETE FROM draft WHERE case_id = ?", arguments: [caseID]) }
        var detail = ["decision": decision.verdict.rawValue, "reason": note,
                      "rules": rules.joined(separator: ","), "status": status.rawValue]
        if !waived.isEmpty { detail["waived"] = waived.joined(separator: ",") }
        if let checked = decision.checked { detail["verdict"] = checked.decision.rawValue }
        try appendAudit(db, actor: .operator(operatorID),
                        action: decision.verdict == .approved ? "case.approve" : "case.reject",
                        entity: "case", entityID: current.number, detail: detail, at: at)
        return try fetchCase(db, caseID)
    }

    /// Records a supervisor's decision on one exception without changing the case's status. Kept for callers
    /// that decide finding by finding; the same separation-of-duties checks as `decide` apply.
    @discardableResult
    public func recordApproval(caseID: Int64, finding: Finding, decision: ApprovalRecord.Decision, reason: String,
                               expectedVersion: Int, by operatorID: Int64) throws -> ApprovalRecord {
        let reasonText = reason.trimmed(.whitespacesAndNewlines)
        guard !reasonText.isEmpty else { throw StoreError.invalidInput(field: "reason", reason: "审批意见不能为空") }
        guard finding.severity == .approval else {
            throw StoreError.invalidInput(field: "finding.severity", reason: "只有“需审核”的发现可以审批")
        }
        let at = timestamp
        return try write { db in
            let current = try fetchCase(db, caseID, expectedVersion: expectedVersion)
            let request = try checkMayDecide(db, current, rules: [finding.rule], by: operatorID)
            let id = try db.insert("""
                INSERT INTO approval (case_id, rule, citation, message, requested_by, decided_by, decision, reason,
                                      decided_at, request_id, hall, counter)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [caseID, finding.rule, finding.citation, finding.message,
                                 request?.requestedBy ?? current.createdBy, operatorID, decision, reasonText, at,
                                 request?.id, options.servicePoint?.hall, options.servicePoint?.counter])
            try bump(db, current, at: at)
            try appendAudit(db, actor: .operator(operatorID), action: "case.approval", entity: "case",
                            entityID: current.number,
                            detail: ["rule": finding.rule, "decision": decision.rawValue, "reason": reasonText], at: at)
            return try ApprovalRecord.fetchOne(db, id: id)!
        }
    }

    /// Separation of duties: only an active supervisor or admin decides; never on a case they raised, created
    /// or ever edited; only while it awaits approval; and each exception once. Returns the latest request.
    private func checkMayDecide(_ db: SQLConnection, _ current: CaseRecord, rules: [String],
                                by operatorID: Int64) throws -> ApprovalRequest? {
        try requireActiveOperator(db, operatorID)
        guard let approver = try Operator.fetchOne(db, id: operatorID) else {
            throw StoreError.operatorNotFound("#\(operatorID)")
        }
        guard approver.role.mayApprove else { throw StoreError.notAllowed("只有审核员可以审批例外") }
        let request = try ApprovalRequest.fetchOne(db, sql: """
            SELECT * FROM approval_request WHERE case_id = ? ORDER BY id DESC LIMIT 1
            """, arguments: [current.id])
        // Who raised the case and the request decides who may approve it: neither may be forged with the shell.
        db.journal.rely(table: "case_record", rowID: current.id)
        if let request { db.journal.rely(table: "approval_request", rowID: request.id) }
        guard operatorID != current.createdBy, operatorID != request?.requestedBy else {
            throw StoreError.notAllowed("不能审批自己提出的例外")
        }
        guard try !editors(db, current).contains(operatorID) else {
            throw StoreError.notAllowed("不能审批自己经办或修改过的办件 \(current.number)")
        }
        guard current.status == .awaitingApproval else {
            throw StoreError.notAllowed("办件 \(current.number) 当前为“\(current.status.chinese)”，不在待审核状态")
        }
        let decided = try SQLRow.fetchAll(db, sql: "SELECT id, rule FROM approval WHERE case_id = ? ORDER BY id",
                                          arguments: [current.id])
        if let rule = rules.first(where: { rule in decided.contains { $0["rule"] == rule } }) {
            // A decision forged with the shell would otherwise keep the real one from being made, unremarked.
            for row in decided where row["rule"] == rule {
                try requireSealed(db, table: "approval", id: row["id"], what: "办件 \(current.number) 的审批记录")
            }
            throw StoreError.notAllowed("办件 \(current.number) 的例外 \(rule) 已经审批，不能再次审批")
        }
        return request
    }

    /// The findings decided must be exceptions the case's verdict actually raised.
    private func checkFindings(_ findings: [Finding], of current: CaseRecord) throws {
        guard !findings.isEmpty else {
            throw StoreError.invalidInput(field: "findings", reason: "至少要审批一项例外")
        }
        if let finding = findings.first(where: { $0.severity != .approval }) {
            throw StoreError.invalidInput(field: "findings", reason: "\(finding.rule) 不是“需审核”的例外")
        }
        let raised = try current.verdict()?.exceptionRules ?? []
        if let finding = findings.first(where: { !raised.contains($0.rule) }) {
            throw StoreError.invalidInput(field: "findings", reason: "办件 \(current.number) 的校验结论中没有例外 \(finding.rule)")
        }
    }
}
