import CanbaoRules
import CanbaoStore
import Foundation

/// What serving a case came to: where the case stands and what was printed for the applicant.
public struct Served: Hashable, Sendable {
    public var number: String
    public var version: Int
    public var status: CaseStatus
    public var decision: Decision
    /// Paths of the notices printed.
    public var printed: [String]
    /// The workflow writes a new enrollment (登记) rather than completing a service (办结).
    public var enrolls: Bool
    /// Why the notice could not be saved, when it could not: the case was decided all the same (the decision
    /// committed first), and its notice can be reprinted (补打) once the cause is mended.
    public var printProblem: String? = nil
}

/// A form on screen: the case file and where the clerk is in it.
public struct CaseInProgress: Hashable, Sendable {
    public var number: String?
    public var version: Int?
    public var caseFile: CaseFile
    /// The field just completed, saved with the case file.
    public var field: String?

    public init(number: String?, version: Int?, caseFile: CaseFile, field: String? = nil) {
        self.number = number
        self.version = version
        self.caseFile = caseFile
        self.field = field
    }

    var draftSave: DraftSave {
        DraftSave(caseNumber: number, expectedVersion: version, caseFile: caseFile, field: field,
                  fieldValue: field.flatMap { CasePath.value($0, in: caseFile) } ?? "")
    }
}

extension Counter {
    /// Saves a form in progress (opening the case when it has no number): a dropped terminal loses nothing.
    public func saveDraft(_ c: CaseInProgress, by me: Operator) throws -> CaseRecord {
        try store.saveDraft(c.draftSave, by: me.id)
    }

    /// Submits a case with the verdict the rules gave it, in one transaction: accept registers (or completes the
    /// service) and prints a receipt; missing documents prints the 一次性告知书; needs-approval goes to the
    /// supervisors with the clerk's justification; refuse prints the refusal notice.
    public func submit(_ c: CaseInProgress, verdict: Verdict, justification: String?, by me: Operator) throws -> Served {
        let record = try store.submit(Submission(draft: c.draftSave, verdict: verdict, justification: justification,
                                                 enrollment: verdict.decision == .accept ? enrollment(for: c.caseFile, verdict) : nil,
                                                 today: today), by: me.id)
        let file = c.caseFile
        let notice = Notice.make(for: file, number: record.number, verdict: verdict, workflowTitle: workflowTitle(file.workflow),
                                 counter: info, clerk: me.displayName, date: today, justification: justification,
                                 documentNames: forms.documents.names, enrolls: enrolls(file, verdict),
                                 divisions: forms.divisions)
        var notices = [notice]
        if record.status.isDone, let sheet = Notice.transferInformation(for: file, number: record.number, verdict: verdict,
                                                                                counter: info, clerk: me.displayName, date: today) {
            notices.append(sheet)
        }
        let (printed, problem) = printAfterCommit(notices, number: record.number)
        return Served(number: record.number, version: record.version, status: record.status, decision: verdict.decision,
                      printed: printed, enrolls: enrolls(file, verdict), printProblem: problem)
    }

    /// Prints the notices of a decision already committed. A failure (the notices folder unwritable, the disk full)
    /// must not look like the submit failing: the desk then submitted again and was told the case had been decided
    /// elsewhere (found by an outside tester). The files printed before the failure are kept.
    func printAfterCommit(_ notices: [Notice], number: String) -> (printed: [String], problem: String?) {
        var printed: [String] = []
        do {
            for notice in notices { printed += try printer.print(notice, number: number) }
            return (printed, nil)
        } catch {
            return (printed, String(describing: error))
        }
    }
}
