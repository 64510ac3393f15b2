import CanbaoRules

/// What the desk knows about the person logged in.
public struct OperatorInfo: Hashable, Sendable {

    public var id: Int64
    public var name: String
    public var displayName: String
    public var role: OperatorRole
    /// The password was set by someone else (an administrator, the demo data): the operator chooses their own
    /// before reaching any other screen.
    public var mustChangePassword: Bool

    public init(id: Int64, name: String, displayName: String, role: OperatorRole, mustChangePassword: Bool = false) {
        self.id = id
        self.name = name
        self.displayName = displayName
        self.role = role
        self.mustChangePassword = mustChangePassword
    }
}

/// One line of a case list on the home screen.
public struct CaseSummary: Hashable, Sendable {
    public var number: String
    public var workflow: String
    public var applicant: String
    public var status: CaseStatus
    /// `HH:MM` today, else `MM-DD`.
    public var updated: String
    /// The deadline in working days (transfers, refunds, newborn updates), for cases still open.
    public var dueDate: LocalDate?

    /// The applicant in the store, where the list is of persons to follow up (pre-registered newborns).
    public var personID: Int64?
    /// The case's version as the list read it: voiding or withdrawing from the list is refused if it changed since.
    public var version: Int?
    /// What the deadline is for (转出、退费、新生儿信息更新…), for the deadlines list.
    public var dueWhat: String?
    /// Which of the line's rows (the case's, its applicant's) is not as the audit log recorded it, for people
    /// ("案件 … 的记录"); nil when both are. The list marks the line; opening the case says the rest.
    public var tampered: String?

    public init(number: String, workflow: String, applicant: String, status: CaseStatus, updated: String, dueDate: LocalDate? = nil,
                personID: Int64? = nil, version: Int? = nil, dueWhat: String? = nil, tampered: String? = nil) {
        self.tampered = tampered
        self.personID = personID
        self.version = version
        self.dueWhat = dueWhat
        self.number = number
        self.workflow = workflow
        self.applicant = applicant
        self.status = status
        self.updated = updated
        self.dueDate = dueDate
    }
}

extension CaseSummary {
    /// The status column: a line whose rows were altered says so instead of a status it cannot vouch for.
    var statusColumn: String { tampered == nil ? status.chinese : "！被改动" }

    /// The detail line of an altered line (it replaces the usual one), or nil.
    var tamperLine: String? { tampered.map { "！\($0)与审计日志不符，不可作为办理依据：请审核员核查" } }
}

/// A person found in the store, with the platform's records for them.
public struct PersonSummary: Hashable, Sendable {
    public var name: String
    public var document: IdentityDocument
    public var birthDate: LocalDate?
    public var sex: Sex?
    public var records: [PlatformRecord]
    /// The store's id of the person; nil for someone not in the store.
    public var personID: Int64?

    public init(name: String, document: IdentityDocument, birthDate: LocalDate? = nil, sex: Sex? = nil, records: [PlatformRecord] = [],
                personID: Int64? = nil) {
        self.personID = personID
        self.name = name
        self.document = document
        self.birthDate = birthDate
        self.sex = sex
        self.records = records
    }
}

/// The clerk's home: today's own cases and those waiting on something.
public struct HomeData: Hashable, Sendable {
    public var today: [CaseSummary]
    public var drafts: [CaseSummary]
    public var pendingDocuments: [CaseSummary]
    public var awaitingApproval: [CaseSummary]
    /// Newborns registered under a parent's name still to be updated to their own identity, with the deadline
    /// (江门规程 第二十条（三）), most overdue first.
    public var preregistered: [CaseSummary]
    /// Every running deadline (cases still open with a working-day deadline, transfers whose deadline is still
    /// ahead, newborn updates), soonest first; overdue ones are marked on screen.
    public var deadlines: [CaseSummary]

    public init(today: [CaseSummary] = [], drafts: [CaseSummary] = [], pendingDocuments: [CaseSummary] = [], awaitingApproval: [CaseSummary] = [],
                preregistered: [CaseSummary] = [], deadlines: [CaseSummary] = []) {
        self.preregistered = preregistered
        self.deadlines = deadlines
        self.today = today
        self.drafts = drafts
        self.pendingDocuments = pendingDocuments
        self.awaitingApproval = awaitingApproval
    }
}

/// A case being served, as saved on every completed field: the case file plus where the clerk was.
public struct CaseDraft: Hashable, Sendable {
    /// Nil until the store has given the case a number.
    public var number: String?
    /// Optimistic version: the store refuses a save based on an older one.
    public var version: Int
    public var caseFile: CaseFile
    public var stepIndex: Int
    /// Where the clerk is in the form: a reopened case resumes here.
    public var fieldID: String?
    /// The field just completed, saved by this save as a draft row with its value (nil: a save of the case file alone,
    /// such as a document ticked). On a case read back from the store, the last field saved: the form resumes after it.
    public var completedField: String?
    public var status: CaseStatus
    /// Which form this is on this desk, before the store has numbered it: saves sent before the first one's reply
    /// must reach the same case, not open a second one.
    public var token: Int

    public init(number: String? = nil, version: Int = 0, caseFile: CaseFile, stepIndex: Int = 0, fieldID: String? = nil,
                completedField: String? = nil, status: CaseStatus = .draft, token: Int = 0) {
        self.completedField = completedField
        self.token = token
        self.number = number
        self.version = version
        self.caseFile = caseFile
        self.stepIndex = stepIndex
        self.fieldID = fieldID
        self.status = status
    }
}

/// What submitting did, reported back by the runtime.
public struct SubmitResult: Hashable, Sendable {
    public var number: String
    public var status: CaseStatus
    public var decision: Decision
    /// Files printed (receipt, 一次性告知书 as text and HTML, refusal notice).
    public var printed: [String]
    /// False for services that change existing enrollments (suspend, terminate, transfer-out…): they are 办结, not 登记.
    public var enrolls: Bool
    /// What became of the printing: the job sent to the printer, or why it was not, or that no printer is set.
    public var printing: String?

    public init(number: String, status: CaseStatus, decision: Decision, printed: [String], enrolls: Bool = true,
                printing: String? = nil) {
        self.number = number
        self.status = status
        self.decision = decision
        self.printed = printed
        self.enrolls = enrolls
        self.printing = printing
    }
}

/// One case in the supervisors' queue.
public struct QueueItem: Hashable, Sendable {
    public var number: String
    public var workflow: String
    public var workflowTitle: String
    public var applicant: String
    /// The findings that need approval.
    public var exceptions: [Finding]
    public var clerkName: String
    public var clerkDisplayName: String
    public var justification: String
    public var waitedMinutes: Int
    /// The hall and counter where the clerk raised the request; nil when none was recorded.
    public var hall: String?
    public var counter: String?

    public init(number: String, workflow: String, workflowTitle: String, applicant: String, exceptions: [Finding],
                clerkName: String, clerkDisplayName: String, justification: String, waitedMinutes: Int,
                hall: String? = nil, counter: String? = nil) {
        self.hall = hall
        self.counter = counter
        self.number = number
        self.workflow = workflow
        self.workflowTitle = workflowTitle
        self.applicant = applicant
        self.exceptions = exceptions
        self.clerkName = clerkName
        self.clerkDisplayName = clerkDisplayName
        self.justification = justification
        self.waitedMinutes = waitedMinutes
    }

    /// 45分钟, 3小时10分, 2天.
    public var waited: String {
        if waitedMinutes < 60 { return "\(waitedMinutes)分钟" }
        if waitedMinutes < 24 * 60 { return "\(waitedMinutes / 60)小时\(waitedMinutes % 60)分" }
        return "\(waitedMinutes / (24 * 60))天"
    }
}

/// Everything a supervisor reviews, read-only: the case as served, its re-checked verdict and its history.
public struct CaseReview: Hashable, Sendable {
    public var number: String
    public var version: Int
    public var status: CaseStatus
    public var caseFile: CaseFile
    public var verdict: Verdict
    public var clerkDisplayName: String
    public var justification: String
    /// `11-23 10:05 王芳 提交审核：…`, oldest first.
    public var history: [String]
    /// The exceptions still to decide, exactly as stored with the case (a decision must name these).
    public var exceptions: [Finding]
    /// Why the case's rows are not as the audit log recorded them, or nil (`CaseSheet.tampered`).
    public var tampered: String?

    public init(number: String, version: Int, status: CaseStatus, caseFile: CaseFile, verdict: Verdict,
                clerkDisplayName: String, justification: String, history: [String], exceptions: [Finding]? = nil,
                tampered: String? = nil) {
        self.exceptions = exceptions ?? verdict.findings.filter { $0.severity == .approval }
        self.tampered = tampered
        self.number = number
        self.version = version
        self.status = status
        self.caseFile = caseFile
        self.verdict = verdict
        self.clerkDisplayName = clerkDisplayName
        self.justification = justification
        self.history = history
    }
}

/// One hall's day in the agency's statistics.
public struct StatisticsHall: Hashable, Sendable {
    /// As shown: the hall's name, or 未记录大厅.
    public var label: String
    public var cases: Int
    public var served: Int
    public var decisions: Int

    public init(label: String, cases: Int, served: Int, decisions: Int) {
        self.label = label
        self.cases = cases
        self.served = served
        self.decisions = decisions
    }
}

/// One row of the counter statistics: a clerk's day.
public struct StatisticsRow: Hashable, Sendable {
    public var operatorName: String
    public var displayName: String
    public var role: OperatorRole
    /// (workflow title, decision label, count), sorted.
    public var cases: [StatisticsCount]
    public var total: Int
    public var averageServeMinutes: Double?
    public var approvalsReceived: Int
    public var rejectionsReceived: Int
    public var decisionsMade: Int
    /// Cases opened that day still in draft, and drafts voided: not cases served, counted apart.
    public var drafts: Int
    public var voided: Int

    public init(operatorName: String, displayName: String, role: OperatorRole, cases: [StatisticsCount], total: Int,
                averageServeMinutes: Double?, approvalsReceived: Int, rejectionsReceived: Int, decisionsMade: Int,
                drafts: Int = 0, voided: Int = 0) {
        self.drafts = drafts
        self.voided = voided
        self.operatorName = operatorName
        self.displayName = displayName
        self.role = role
        self.cases = cases
        self.total = total
        self.averageServeMinutes = averageServeMinutes
        self.approvalsReceived = approvalsReceived
        self.rejectionsReceived = rejectionsReceived
        self.decisionsMade = decisionsMade
    }
}

public struct StatisticsCount: Hashable, Sendable {
    public var workflow: String
    public var decision: String
    public var count: Int
    public init(workflow: String, decision: String, count: Int) {
        self.workflow = workflow
        self.decision = decision
        self.count = count
    }
}

/// A supervisor's decision, as the desk asks for it.
public struct SupervisorDecision: Hashable, Sendable {
    public var number: String
    public var version: Int
    public var approve: Bool
    public var note: String
    public var exceptions: [Finding]
    /// Document codes accepted on a written commitment.
    public var waived: [String]

    public init(number: String, version: Int, approve: Bool, note: String, exceptions: [Finding], waived: [String]) {
        self.number = number
        self.version = version
        self.approve = approve
        self.note = note
        self.exceptions = exceptions
        self.waived = waived
    }
}

/// A deck as the trainee's list shows it, with the trainee's progress in it.
public struct DeckSummary: Hashable, Sendable {
    public var id: String
    public var title: String
    public var level: String
    public var tags: [String]
    public var scenarioCount: Int
    public var played: Int
    public var correct: Int
    public var lastScore: Int?
    public var averageScore: Double?

    public init(id: String, title: String, level: String, tags: [String], scenarioCount: Int, played: Int = 0, correct: Int = 0,
                lastScore: Int? = nil, averageScore: Double? = nil) {
        self.id = id
        self.title = title
        self.level = level
        self.tags = tags
        self.scenarioCount = scenarioCount
        self.played = played
        self.correct = correct
        self.lastScore = lastScore
        self.averageScore = averageScore
    }
}

/// The scenario being practised.
public struct PracticeScenario: Hashable, Sendable {
    public var deckID: String
    public var deckTitle: String
    public var scenario: Scenario

    public init(deckID: String, deckTitle: String, scenario: Scenario) {
        self.deckID = deckID
        self.deckTitle = deckTitle
        self.scenario = scenario
    }
}

/// One trainee's progress in one deck, for supervisors.
public struct TraineeProgress: Hashable, Sendable {
    public var trainee: String
    public var deckTitle: String
    public var attempts: Int
    public var played: Int
    public var correct: Int
    public var averageScore: Double?
    /// Chronological scores: how it went over time.
    public var scores: [Int]

    public init(trainee: String, deckTitle: String, attempts: Int, played: Int, correct: Int, averageScore: Double?, scores: [Int]) {
        self.trainee = trainee
        self.deckTitle = deckTitle
        self.attempts = attempts
        self.played = played
        self.correct = correct
        self.averageScore = averageScore
        self.scores = scores
    }
}
