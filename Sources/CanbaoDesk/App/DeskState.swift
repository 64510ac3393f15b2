import CanbaoRules

/// The whole desk as data: the screen is a pure function of this.
public struct DeskState: Hashable, Sendable {
    public var cols: Int
    public var rows: Int
    public var now: Double
    public var today: LocalDate
    public var lastActivity: Double
    public var session: OperatorInfo?
    public var screen: Screen
    public var message: DeskMessage?
    /// Set while the screen is locked after idle minutes; the screen underneath is kept but not shown.
    public var lock: LockState?
    public var overlay: Overlay?
    /// New forms opened on this desk: each gets the next number as its draft's token.
    public var formsOpened = 0

    public init(cols: Int, rows: Int, now: Double, today: LocalDate) {
        self.cols = cols
        self.rows = rows
        self.now = now
        self.today = today
        self.lastActivity = now
        self.screen = .starting
    }

    public var tooSmall: Bool { cols < Frame.minimumCols || rows < Frame.minimumRows }

    /// A trainee's practice is under way: every screen is marked 练习.
    public var practising: Bool { practiceDay != nil }

    /// The scenario's date while practising: the day the title bar shows, as the walk-in's story is dated.
    public var practiceDay: LocalDate? {
        switch screen {
        case let .story(s): return s.practice.scenario.caseFile.today
        case let .scoreCard(s): return s.practice.scenario.caseFile.today
        case let .form(f): return f.practice?.scenario.caseFile.today
        default: return nil
        }
    }
}

public enum Screen: Hashable, Sendable {
    case starting
    case setup(SetupState)
    case login(LoginState)
    case passwordChange(PasswordChangeState)
    case home(HomeState)
    case picker(WorkflowPickerState)
    case form(CaseFormState)
    case search(PersonSearchState)
    case person(PersonState)
    case roster(RosterImportState)
    case coverage(CoverageState)
    case result(ResultState)
    case queue(QueueState)
    case review(ReviewState)
    case caseView(CaseViewState)
    case statistics(StatisticsState)
    case decks(DecksState)
    case story(StoryState)
    case scoreCard(ScoreCardState)
    case traineeProgress(TraineeProgressState)
}

public enum Overlay: Hashable, Sendable {
    case help(HelpState)
    case article(ArticleState)
    /// F7 while practising: the walk-in's story again, over the form.
    case story(StoryOverlay)
}
