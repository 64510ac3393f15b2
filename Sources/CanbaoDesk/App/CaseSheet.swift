import CanbaoRules

/// A decided case (or one awaiting approval) as the counter shows it read-only to an applicant who comes back: what
/// was handed in, what is missing, what the rules found, what the supervisor decided and why, and when.
public struct CaseSheet: Hashable, Sendable {
    public var number: String
    public var status: CaseStatus
    public var caseFile: CaseFile
    /// The verdict stored with the case: the findings as they were when it was decided, not as the rules read today.
    public var verdict: Verdict
    public var clerkDisplayName: String
    /// `2026-01-15 09:30`, the store's time in the counter's zone.
    public var created: String
    /// When the case reached its status (decided, set aside, sent for approval).
    public var decided: String?
    /// The clerk's reason for asking a supervisor, when one was asked.
    public var justification: String?
    /// The supervisors' decisions: `01-15 10:05 李审核 批准：…`, oldest first.
    public var decisions: [String]
    /// The case's history (`HistoryLine`), oldest first: a withdrawal's or a voiding's reason is here.
    public var history: [String]
    /// The notices a reprint prints again (回执, 不予办理通知书 …); empty when nothing handed over still holds.
    public var notices: [String]
    /// Why the rows shown are not as the audit log recorded them (edited behind the store's back), or nil: the view
    /// still shows them, above all with this warning, so nobody acts on them unawares.
    public var tampered: String?

    public init(number: String, status: CaseStatus, caseFile: CaseFile, verdict: Verdict, clerkDisplayName: String,
                created: String, decided: String? = nil, justification: String? = nil, decisions: [String] = [],
                history: [String] = [], notices: [String] = [], tampered: String? = nil) {
        self.number = number
        self.status = status
        self.caseFile = caseFile
        self.verdict = verdict
        self.clerkDisplayName = clerkDisplayName
        self.created = created
        self.decided = decided
        self.justification = justification
        self.decisions = decisions
        self.history = history
        self.notices = notices
        self.tampered = tampered
    }

    /// The notices named as the key bar and the message line say them: 回执、参保人基本医疗保险信息表.
    var noticeNames: String { notices.joined(separator: "、") }
}
