import CanbaoRules
import Foundation
import GRDB

/// A form in progress as the counter saves it on every completed field: the whole case file and the field left.
public struct DraftSave: Hashable, Sendable {
    /// Nil for a case not yet numbered: saving opens it.
    public var caseNumber: String?
    /// The version the screen read; a case changed elsewhere since is refused (`StoreError.staleCase`).
    public var expectedVersion: Int?
    public var caseFile: CaseFile
    /// The form field just completed and its value as the form encodes it; nil saves the case file alone.
    public var field: String?
    public var fieldValue: String

    public init(caseNumber: String?, expectedVersion: Int?, caseFile: CaseFile, field: String? = nil, fieldValue: String = "") {
        self.caseNumber = caseNumber
        self.expectedVersion = expectedVersion
        self.caseFile = caseFile
        self.field = field
        self.fieldValue = fieldValue
    }
}

/// A case the clerk submits with the verdict the rules gave it.
public struct Submission: Hashable, Sendable {
    public var draft: DraftSave
    public var verdict: Verdict
    /// The clerk's reason when the verdict needs a supervisor's approval.
    public var justification: String?
    /// For an accepted case of a workflow that writes a new enrollment: the record to write. Nil completes the
    /// service instead (the records the verdict names are suspended or terminated).
    public var enrollment: NewEnrollment?
    /// The day the records the verdict replaces change status.
    public var today: LocalDate

    public init(draft: DraftSave, verdict: Verdict, justification: String? = nil, enrollment: NewEnrollment? = nil,
                today: LocalDate) {
        self.draft = draft
        self.verdict = verdict
        self.justification = justification
        self.enrollment = enrollment
        self.today = today
    }
}

/// A supervisor's approval of a case's exceptions, with what follows from it.
public struct Approval: Hashable, Sendable {
    public var caseNumber: String
    public var expectedVersion: Int
    public var note: String
    /// The exceptions decided (severity `approval`).
    public var exceptions: [Finding]
    /// Documents accepted on a written commitment (告知承诺).
    public var waived: [String]
    /// The case file with the commitments recorded, and its verdict checked again.
    public var caseFile: CaseFile
    public var checked: Verdict
    /// As for a submission: the enrollment an enrolling workflow writes, nil to complete a service.
    public var enrollment: NewEnrollment?
    public var today: LocalDate

    public init(caseNumber: String, expectedVersion: Int, note: String, exceptions: [Finding], waived: [String],
                caseFile: CaseFile, checked: Verdict, enrollment: NewEnrollment?, today: LocalDate) {
        self.caseNumber = caseNumber
        self.expectedVersion = expectedVersion
        self.note = note
        self.exceptions = exceptions
        self.waived = waived
        self.caseFile = caseFile
        self.checked = checked
        self.enrollment = enrollment
        self.today = today
    }
}

/// The counter's use cases as the store carries them out: each is one write transaction with its audit rows, so a
/// crash leaves it either done or not started, never half done.
extension CounterStore {
    /// Saves the case file and the field just completed: opens the case when it has no number yet.
    @discardableResult
    public func saveDraft(_ draft: DraftSave, by operatorID: Int64) throws -> CaseRecord {
        let at = timestamp
        return try write { db in try saveDraft(db, draft, by: operatorID, at: at) }
    }

    /// Submits a case: the case file and its verdict are saved and the verdict decides, all in one transaction.
    /// Accept registers the new enrollment (or completes the service) with the records it replaces; missing documents
    /// waits for them; needs-approval goes to the supervisors with the clerk's justification; refuse closes the case.
    public func submit(_ submission: Submission, by operatorID: Int64) throws -> CaseRecord {
        let at = timestamp
        return try write { db in
            var current = try saveDraft(db, submission.draft, by: operatorID, at: at)
            let c = submission.draft.caseFile
            let verdict = submission.verdict
            var applicant = try applicantID(db, c)
            if verdict.decision == .accept, c.person != nil || submission.enrollment != nil {
                applicant = try registeredApplicant(db, c, number: current.number, by: operatorID, at: at)
            }
            current = try updateCase(db, current, caseFile: c, verdict: verdict, applicantID: applicant, by: operatorID, at: at)
            if current.status == .draft || current.status == .pendingDocuments {
                current = try changeStatus(db, current, to: .submitted, by: operatorID, note: nil, at: at)
            }
            switch verdict.decision {
            case .accept:
                return try finish(db, current, verdict: verdict, enrollment: submission.enrollment, today: submission.today,
                                  by: operatorID, at: at)
            case .missingDocuments:
                return try changeStatus(db, current, to: .pendingDocuments, by: operatorID,
                                        note: verdict.missingDocuments.map(\.name).joined(separator: "、"), at: at)
            case .needsApproval:
                return try requestApproval(db, current, justification: submission.justification ?? "", by: operatorID, at: at)
            case .refuse:
                let reasons = verdict.findings.filter { $0.severity == .block }.map(\.message).joined(separator: "；")
                return try changeStatus(db, current, to: .refused, by: operatorID, note: reasons, at: at)
            }
        }
    }

    /// Approves a case's exceptions and carries the case on, in one transaction: the approval rows, the case file with
    /// its commitments and the verdict checked again; then registration (or completion) when nothing is missing, else
    /// back to pending documents. A verdict that still blocks is refused before anything is written.
    public func approve(_ approval: Approval, by operatorID: Int64) throws -> CaseRecord {
        if let block = approval.checked.findings.first(where: { $0.severity == .block }) {
            throw StoreError.notAllowed("办件 \(approval.caseNumber) 仍有阻断情形（\(block.message)），不能登记：请驳回")
        }
        let at = timestamp
        return try write { db in
            let current = try caseByNumber(db, approval.caseNumber, expectedVersion: approval.expectedVersion)
            var decided = try decide(db, current, ApprovalDecision(verdict: .approved, note: approval.note, findings: approval.exceptions,
                                                                   waivedDocuments: approval.waived, caseFile: approval.caseFile,
                                                                   checked: approval.checked), by: operatorID, at: at)
            guard approval.checked.missingDocuments.isEmpty else {
                return try changeStatus(db, decided, to: .pendingDocuments, by: operatorID,
                                        note: approval.checked.missingDocuments.map(\.name).joined(separator: "、"), at: at)
            }
            let applicant = approval.caseFile.person != nil || approval.enrollment != nil
                ? try registeredApplicant(db, approval.caseFile, number: decided.number, by: operatorID, at: at) : nil
            decided = try updateCase(db, decided, caseFile: approval.caseFile, verdict: approval.checked, applicantID: applicant,
                                     by: operatorID, at: at)
            return try finish(db, decided, verdict: approval.checked, enrollment: approval.enrollment, today: approval.today,
                              by: operatorID, at: at)
        }
    }

    /// Rejects a case's exceptions: the case is refused, in one transaction with its audit row.
    public func reject(caseNumber: String, expectedVersion: Int, note: String, exceptions: [Finding],
                       by operatorID: Int64) throws -> CaseRecord {
        let at = timestamp
        return try write { db in
            let current = try caseByNumber(db, caseNumber, expectedVersion: expectedVersion)
            return try decide(db, current, ApprovalDecision(verdict: .rejected, note: note, findings: exceptions), by: operatorID, at: at)
        }
    }

    // MARK: - Inside the transaction

    func saveDraft(_ db: SQLConnection, _ draft: DraftSave, by operatorID: Int64, at: Date) throws -> CaseRecord {
        let applicant = try applicantID(db, draft.caseFile)
        var current: CaseRecord
        if let number = draft.caseNumber {
            current = try caseByNumber(db, number, expectedVersion: draft.expectedVersion)
            guard !current.status.isFinal else {
                throw StoreError.notAllowed("办件 \(current.number) 已\(current.status.chinese)，不能再修改")
            }
            // A case waiting for documents keeps the verdict its 一次性告知书 was printed from, so the notice can be
            // printed again while the clerk adds what was brought; submitting again replaces it.
            let kept = current.status == .pendingDocuments ? try current.verdict() : nil
            current = try updateCase(db, current, caseFile: draft.caseFile, verdict: kept, applicantID: applicant, by: operatorID, at: at)
        } else {
            current = try insertCase(db, draft.caseFile, applicantID: applicant, by: operatorID, at: at)
        }
        if let field = draft.field {
            current = try saveDraftField(db, current, field: field, value: draft.fieldValue, by: operatorID, at: at)
        }
        return current
    }

    func caseByNumber(_ db: SQLConnection, _ number: String, expectedVersion: Int?) throws -> CaseRecord {
        guard let current = try CaseRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM case_record WHERE number = ?"),
                                                     arguments: [number]) else {
            throw StoreError.caseNotFound(number)
        }
        if let expectedVersion, current.version != expectedVersion {
            throw StoreError.staleCase(number: number, expected: expectedVersion, actual: current.version)
        }
        return current
    }

    /// The person already in the store for the case's applicant, if any.
    func applicantID(_ db: SQLConnection, _ c: CaseFile) throws -> Int64? {
        guard let doc = c.person?.document, !doc.normalizedNumber.isEmpty else { return nil }
        return try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT id FROM person WHERE document_kind = ? AND document_number = ?
            """), arguments: [doc.kind.rawValue, doc.normalizedNumber])
    }

    /// The applicant as the registration records them: added to the store, or brought up to date.
    func registeredApplicant(_ db: SQLConnection, _ c: CaseFile, number: String, by operatorID: Int64, at: Date) throws -> Int64 {
        guard let p = c.person, let doc = p.document, let name = p.name else {
            throw StoreError.notRegistrable(number: number, reason: "参保人证件或姓名缺失")
        }
        let input = PersonInput(document: doc, name: name, birthDate: p.birthDate, sex: p.sex)
        if let problem = PersonValidation.problems(of: input).first {
            throw StoreError.invalidInput(field: problem.field, reason: problem.reason)
        }
        let (id, outcome) = try upsertPersonRow(db, input, at: at)
        if outcome != .unchanged {
            try appendAudit(db, actor: .operator(operatorID), action: outcome == .inserted ? "person.add" : "person.update",
                            entity: "person", entityID: String(id), detail: ["document": input.document.key, "name": input.name], at: at)
        }
        return id
    }

    /// An accepted (or approved) case's last step: the new enrollment, or the completion of the service. A unit's own
    /// case (参保单位) has no insured person: it changes no one's records.
    func finish(_ db: SQLConnection, _ current: CaseRecord, verdict: Verdict, enrollment: NewEnrollment?, today: LocalDate,
                by operatorID: Int64, at: Date) throws -> CaseRecord {
        guard let personID = current.applicantID else {
            guard enrollment == nil, verdict.replaces.isEmpty else {
                throw StoreError.notRegistrable(number: current.number, reason: "参保人证件或姓名缺失")
            }
            return try completeCase(db, current, statusChanges: [], by: operatorID, at: at)
        }
        let changes = try replacements(db, verdict, personID: personID, since: today)
        if let enrollment {
            return try registerCase(db, current, enrollment: enrollment, suspending: changes, by: operatorID, at: at).caseRecord
        }
        return try completeCase(db, current, statusChanges: changes, by: operatorID, at: at)
    }

    /// The stored records the verdict says the case replaces: active ones are suspended or terminated, a suspended
    /// one may still be terminated.
    func replacements(_ db: SQLConnection, _ verdict: Verdict, personID: Int64, since: LocalDate) throws -> [Suspension] {
        let stored = try personRecords(db, personID).filter { $0.status != .terminated }
        return verdict.replaces.compactMap { r in
            stored.first { $0.platformRecord == r.record }
                .map { Suspension(recordID: $0.id, status: r.action == .terminate ? .terminated : .suspended, since: since) }
        }
    }
}
