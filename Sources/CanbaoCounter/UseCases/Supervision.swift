import CanbaoRules
import CanbaoStore
import Foundation

extension Counter {
    /// Approve: the exceptions are recorded (with any written commitments) and, in the same transaction, the case goes
    /// on to registration, or back to pending documents when some are still missing. A case that still blocks is
    /// refused before anything is written. Reject: the case is refused and the refusal notice printed.
    public func decide(number: String, version: Int, approve: Bool, note: String, exceptions: [Finding], waived: [String],
                       by me: Operator) throws -> Served {
        guard let record = try store.case(number: number) else { throw StoreError.caseNotFound(number) }
        var caseFile = try record.caseFile()
        let clerk = try store.operators().first { $0.id == record.createdBy }?.displayName ?? ""
        let title = workflowTitle(caseFile.workflow)
        if !approve {
            let verdict = try Evaluator.evaluate(caseFile, forms: forms, file: number)
            let decided = try store.reject(caseNumber: number, expectedVersion: version, note: note, exceptions: exceptions,
                                           by: me.id)
            var refused = verdict
            refused.decision = .refuse
            refused.findings = verdict.findings.map { f in
                var f = f
                if f.severity == .approval { f.severity = .block }
                return f
            }
            let notice = Notice.make(for: caseFile, number: number, verdict: refused, workflowTitle: title, counter: info, clerk: clerk,
                                     date: today, documentNames: forms.documents.names, decisionNote: "审核员\(me.displayName)不予批准：\(note)",
                                     divisions: forms.divisions)
            let (printed, problem) = printAfterCommit([notice], number: number)
            return Served(number: number, version: decided.version, status: decided.status, decision: .refuse,
                          printed: printed, enrolls: enrolls(caseFile, verdict), printProblem: problem)
        }
        caseFile.documentsCommitted = Array(Set(caseFile.documentsCommitted + waived)).sorted()
        let checked = try Evaluator.evaluate(caseFile, forms: forms, file: number)
        let decided = try store.approve(Approval(caseNumber: number, expectedVersion: version, note: note, exceptions: exceptions,
                                                 waived: waived, caseFile: caseFile, checked: checked,
                                                 enrollment: enrollment(for: caseFile, checked), today: today), by: me.id)
        var shown = checked
        shown.decision = checked.missingDocuments.isEmpty ? .accept : .missingDocuments
        let notice = Notice.make(for: caseFile, number: number, verdict: shown, workflowTitle: title, counter: info, clerk: clerk,
                                 date: today, documentNames: forms.documents.names, decisionNote: "审核员\(me.displayName)批准：\(note)",
                                 enrolls: enrolls(caseFile, checked), divisions: forms.divisions)
        let (printed, problem) = printAfterCommit([notice], number: number)
        return Served(number: number, version: decided.version, status: decided.status, decision: shown.decision,
                      printed: printed, enrolls: enrolls(caseFile, checked), printProblem: problem)
    }
}
