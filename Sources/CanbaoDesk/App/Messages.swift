import CanbaoRules

/// Everything that happens to the desk, named for what happened. Effect results come back as messages.
public enum DeskMsg: Hashable, Sendable {
    case terminal(TerminalEvent)
    /// The clock, from the runtime: seconds since the epoch and the local date.
    case tick(now: Double, today: LocalDate)

    case started(hasOperators: Bool)
    case firstAdminCreated(OperatorInfo)
    case demoDataLoaded(summary: String)
    case loggedIn(OperatorInfo)
    case loginFailed(reason: String)
    /// The operator's own password replaced the one someone else set.
    case passwordChanged
    case unlocked
    case unlockFailed(reason: String)
    case homeLoaded(HomeData)
    case personsFound(query: String, [PersonSummary])
    case personLooked(document: IdentityDocument, PersonSummary?)
    case caseOpened(CaseDraft)
    /// A decided case (or one awaiting approval), to look at and not change.
    case caseViewed(CaseSheet)
    /// Its notices printed again: which, the files written, and what became of the printing.
    case noticeReprinted(number: String, notices: [String], printed: [String], printing: String?)
    case draftSaved(number: String, version: Int)
    case submitted(SubmitResult)
    case queueLoaded([QueueItem])
    case reviewLoaded(CaseReview)
    case decided(SubmitResult)
    /// The day's rows for the desk's hall or the agency (`allHalls`), and the agency's day by hall.
    case statisticsLoaded(date: LocalDate, [StatisticsRow], allHalls: Bool = false, halls: [StatisticsHall] = [])
    case decksLoaded([DeckSummary])
    case practiceStarted(PracticeScenario)
    case practiceRecorded
    case traineeProgressLoaded([TraineeProgress])
    case personLoaded(PersonDetail)
    /// A duplicate was resolved as a numbered case: its number and notice, what changed and what was opened, and the
    /// person as they are now.
    case duplicateResolved(SubmitResult, message: String, PersonDetail)
    case rosterImported(RosterImportSummary)
    /// Rows of the roster checked so far (and rejected), while the import runs.
    case rosterProgress(rows: Int, checked: Int, rejected: Int)
    case coverageLoaded(CoverageView)
    /// The first lines of the unenrolled list and how many there are in all.
    case unenrolledLoaded(year: Int, place: String?, total: Int, [UnenrolledLine])
    case coverageExported(paths: [String])
    /// A case was voided or withdrawn (its new status).
    case caseSetAside(number: String, status: CaseStatus)
    /// Another terminal committed to the store since the last look (SQLite's data_version moved): the open lists
    /// reload, keeping their selection.
    case storeChanged
    /// The open case was saved elsewhere since this desk read it: who and when, for the warning on the form.
    case caseChangedElsewhere(number: String, version: Int, note: String)
    /// A request failed: the reason is a Chinese sentence for the message line.
    case failed(reason: String)
}

/// Requests for the runtime to carry out (the store, the printer, the process). The desk never does I/O itself.
public enum DeskEffect: Hashable, Sendable {
    case start
    case createFirstAdmin(name: String, displayName: String, password: String)
    case loadDemoData
    case login(name: String, password: String)
    /// The logged-in operator's new password (chosen at the first login).
    case changePassword(newPassword: String)
    case unlock(name: String, password: String)
    case loadHome
    case searchPersons(query: String)
    case lookupPerson(IdentityDocument)
    case openCase(number: String)
    /// A case the desk no longer edits (decided, set aside, awaiting approval), read-only.
    case viewCase(number: String)
    /// Print again the notice handed over for a case (补打), beside the earlier files, never over them.
    case reprintNotice(number: String)
    case saveDraft(CaseDraft)
    case submit(CaseDraft, Verdict, justification: String?)
    case loadQueue
    case openReview(number: String)
    case decide(SupervisorDecision)
    /// The desk's hall only, unless `allHalls` (or the desk has no hall).
    case loadStatistics(date: LocalDate, allHalls: Bool = false)
    /// Training: the decks with the trainee's progress; the next scenario of a deck in a fresh sandbox store
    /// (nothing reaches the real one); the score; leaving the sandbox.
    case loadDecks
    case startPractice(deckID: String)
    case recordPractice(deckID: String, scenarioID: String, score: Int, correct: Bool)
    case endPractice
    case loadTraineeProgress
    /// The person screen: identity, records, hardship marks and duplicates; `keep` holds the record chosen to keep for
    /// a duplicate (by its index), as the person said.
    case openPerson(personID: Int64, keep: [Int: Int64])
    /// Carry out the retention of one duplicate: end the other records, open the refund drafts.
    case resolveDuplicate(personID: Int64, index: Int, keep: [Int: Int64], commitment: Bool)
    case importRoster(RosterImportRequest)
    /// Stop the roster import under way before it writes anything.
    case cancelRosterImport
    case loadCoverage(year: Int, place: String?)
    case loadUnenrolled(year: Int, place: String?)
    /// The report and the unenrolled list as CSV under the home's reports folder.
    case exportCoverage(year: Int, place: String?)
    /// Void a draft (作废) or withdraw an undecided case (撤回) from a list, with the reason; `version` as the list
    /// read it.
    case setAside(number: String, version: Int?, reason: String, withdraw: Bool)
    /// Void the draft open on the form (numbered by the store, perhaps not yet known to the desk).
    case voidDraft(CaseDraft, reason: String)
    /// Has the open case been saved elsewhere since `version`? Answered only when it has.
    case checkCase(number: String, version: Int)
    case logout
    case quit
}

/// What the desk needs from outside that does not change while it runs.
public struct DeskEnvironment: Sendable {
    public var forms: FormSet
    public var counter: CounterInfo
    /// Training sandbox: every screen is marked 练习.
    public var practice: Bool
    /// Idle seconds before the screen locks.
    public var lockAfter: Double
    /// Where the store lives (`--home`, `$CANBAO_HOME`, else the default), shown on the first-start screen and to
    /// administrators; and a warning when that is the default location while other counters use it too.
    public var dataDirectory: String?
    public var dataWarning: String?
    /// The printer notices go to (`--printer`, `$CANBAO_PRINTER`); nil: notices are files only.
    public var printer: String?
    /// The service hall this desk is in (`--hall`, `$CANBAO_HALL`): a supervisor's queue lists its requests first
    /// and alone until all halls are asked for; nil in a single-hall agency.
    public var hall: String?

    public init(forms: FormSet, counter: CounterInfo, practice: Bool = false, lockAfter: Double = 300,
                dataDirectory: String? = nil, dataWarning: String? = nil, printer: String? = nil, hall: String? = nil) {
        self.hall = hall
        self.forms = forms
        self.counter = counter
        self.practice = practice
        self.lockAfter = lockAfter
        self.dataDirectory = dataDirectory
        self.dataWarning = dataWarning
        self.printer = printer
    }
}
