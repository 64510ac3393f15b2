import CanbaoRules
import CanbaoStore
import Foundation

/// What a reprint came to: the notices printed again and the files written.
public struct Reprinted: Hashable, Sendable {
    public var number: String
    /// The notices' names (回执, 不予办理通知书 …), in the order printed.
    public var notices: [String]
    public var printed: [String]
}

extension Counter {
    /// Prints again the notice handed over when case `number` was last decided (the receipt of a registration or
    /// completed service with its transfer sheet, the refusal notice, the 审核受理回执 of a case awaiting approval,
    /// the 一次性告知书 of one waiting for documents), rebuilt from the stored case as it was printed then and marked 补打
    /// with today's date. Reading only: nothing in the store changes (printing is not audited), and new files are
    /// written beside the old ones, never over them.
    public func reprint(number: String, by me: Operator) throws -> Reprinted {
        try requireRealOperator(me, "补打通知书")
        guard let record = try store.case(number: number) else { throw StoreError.caseNotFound(number) }
        // An official paper is printed only from what the audit log recorded.
        try store.requireCaseAsRecorded(caseID: record.id)
        let notices = try originalNotices(of: record)
        guard !notices.isEmpty else {
            throw StoreError.notAllowed("案件 \(number) \(record.status.chinese)：没有仍然有效的通知书可补打")
        }
        var printed: [String] = []
        for notice in notices {
            printed += try printer.print(notice.reprint(on: today, by: me.displayName), number: number, reprint: true)
        }
        return Reprinted(number: number, notices: notices.map(\.kind.rawValue), printed: printed)
    }

    /// The notices the counter handed over for the case where it stands now, as `submit` and `decide` printed them:
    /// the verdict stored with the case, the clerk who opened it, the day of the decision, the supervisor's note.
    /// Empty for a case set aside (voided, withdrawn) or never submitted: nothing was handed over that still holds.
    public func originalNotices(of record: CaseRecord) throws -> [Notice] {
        let caseFile = try record.caseFile()
        guard let stored = try record.verdict() else { return [] }
        let names = Dictionary(uniqueKeysWithValues: try store.operators().map { ($0.id, $0.displayName) })
        let clerk = names[record.createdBy] ?? ""
        let title = workflowTitle(caseFile.workflow)
        // A final case changes no more, and one awaiting approval only when it moves on: its last change is the day the
        // notice was printed. One waiting for documents is still saved as the clerk adds what was brought (F7 reprints
        // from its form): its notice is of the day it went to waiting.
        var date = clock.day(of: record.updatedAt)
        if record.status == .pendingDocuments, let waiting = try store.lastStatusChange(number: record.number, to: .pendingDocuments) {
            date = clock.day(of: waiting)
        }
        let last = try store.approvals(caseID: record.id).last
        let note = last.map { "审核员\(names[$0.decidedBy] ?? "")\($0.decision == .approved ? "批准" : "不予批准")：\($0.reason)" }
        func notice(_ verdict: Verdict, justification: String? = nil, decisionNote: String? = nil) -> Notice {
            Notice.make(for: caseFile, number: record.number, verdict: verdict, workflowTitle: title, counter: info, clerk: clerk,
                        date: date, justification: justification, documentNames: forms.documents.names,
                        decisionNote: decisionNote, enrolls: enrolls(caseFile, stored), divisions: forms.divisions)
        }
        var verdict = stored
        switch record.status {
        case .registered, .completed:
            verdict.decision = .accept
            var notices = [notice(verdict, decisionNote: note)]
            if let sheet = Notice.transferInformation(for: caseFile, number: record.number, verdict: verdict, counter: info,
                                                      clerk: clerk, date: date) {
                notices.append(sheet)
            }
            return notices
        case .pendingDocuments:
            verdict.decision = .missingDocuments
            return [notice(verdict, decisionNote: last?.decision == .approved ? note : nil)]
        case .refused:
            // Refused by a supervisor: the exceptions they did not allow are the reasons, as `decide` printed them.
            if last?.decision == .rejected {
                verdict.findings = verdict.findings.map { f in
                    var f = f
                    if f.severity == .approval { f.severity = .block }
                    return f
                }
            }
            verdict.decision = .refuse
            return [notice(verdict, decisionNote: last?.decision == .rejected ? note : nil)]
        case .awaitingApproval:
            verdict.decision = .needsApproval
            return [notice(verdict, justification: try store.approvalRequests(caseID: record.id).last?.justification)]
        case .draft, .submitted, .withdrawn, .voided:
            return []
        }
    }
}
