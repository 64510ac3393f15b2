import CanbaoCounter
import CanbaoDesk
import CanbaoRules
import CanbaoStore
import Foundation

/// Carries out the desk's effects: the writes through the counter's use cases (`Counter`, one transaction each), the
/// reads from the store, each mapped to the desk's messages. Failures come back as messages with a Chinese reason;
/// nothing is thrown through the view. Runs on the runtime's worker, one effect at a time.
public final class DeskServices: @unchecked Sendable {
    private let opening: CounterOpening
    /// The counter, its store open: given, or opened by `prepare` (see `init(opening:…)`).
    var counter: Counter { get throws { try opening.counter() } }
    var store: CounterStore { get throws { try counter.store } }
    let forms: FormSet
    let clock: BusinessClock
    public private(set) var session: Operator?
    /// The administrator the first-start screen created: the demo accounts are theirs to hand out.
    private var firstAdmin: Operator?
    /// Training: the decks (read when practice first needs them: 300 KB of YAML no start-up should parse), the
    /// trainees' progress, and the sandbox of the scenario being practised.
    private let readDecks: @Sendable () -> [Deck]
    private(set) lazy var decks: [Deck] = readDecks()
    private var sandbox: (PracticeSandbox, DeskServices)?
    private var trainingStore: TrainingStore?
    /// Set by the runtime (from the loop thread) when the clerk cancels a long import; read by the import as it runs.
    let cancellation = Cancellation()
    /// Heard on the worker after each progress report of a roster import: tests hold the worker here so that a
    /// cancel lands while rows are still being checked, whatever the machine's speed.
    var afterRosterProgress: @Sendable (RosterProgress) -> Void = { _ in }
    /// The case each unnumbered form became (by its token), and the versions this desk's own writes produced: the
    /// desk sends a save before the reply to the previous one arrives, and that save builds on it rather than opening
    /// a second case or being refused as stale. A version written by anyone else is still a conflict.
    private var numbered: [Int: String] = [:]
    private var lineage: [String: (own: Set<Int>, latest: Int)] = [:]

    /// The start's answer to whether the store has an account, when the launcher asked it already (on the thread
    /// that opened the store, while Forms/ loaded); taken by the first `.start`.
    private var hasOperatorsAtStart: Bool?

    /// `decks` is called once, on the worker, when practice first needs the decks. `hasOperators`: the store's
    /// answer, when the caller has just asked it.
    public init(counter: Counter, decks: @escaping @Sendable () -> [Deck] = { [] }, hasOperators: Bool? = nil) {
        opening = CounterOpening(counter)
        forms = counter.forms
        clock = counter.clock
        readDecks = decks
        hasOperatorsAtStart = hasOperators
    }

    /// Services whose store is opened by `prepare`, after the first frame: the launcher knows already whether the
    /// store has an account (`hasOperators`, the first screen's question), and opening a store is most of a start
    /// (issue #17). Every effect but that first question, and every look at the store, waits for the opening; one
    /// that failed fails them all, and `prepare` throws its error.
    public init(opening: @escaping @Sendable () throws -> Counter, forms: FormSet, clock: BusinessClock,
                decks: @escaping @Sendable () -> [Deck] = { [] }, hasOperators: Bool) {
        self.opening = CounterOpening(opening)
        self.forms = forms
        self.clock = clock
        readDecks = decks
        hasOperatorsAtStart = hasOperators
    }

    /// Opens the store when that was left for after the first frame; its error, when it could not be opened.
    public func prepare() throws { _ = try counter }

    deinit { sandbox?.0.remove() }

    var today: LocalDate { clock.today }

    /// Why the store can no longer be written (its file deleted or replaced), or nil.
    func storeProblem() -> String? {
        do {
            try store.checkFile()
            return nil
        } catch {
            return (error as? StoreError)?.description ?? "\(error)"
        }
    }

    /// One effect's results. `.quit` is the loop's business and yields nothing here. `progress` carries messages
    /// sent while a long effect runs (rows checked so far).
    func handle(_ effect: DeskEffect, progress: @escaping @Sendable (DeskMsg) -> Void = { _ in }) -> [DeskMsg] {
        // While a trainee practises, the case runs against the sandbox: nothing reaches the real store.
        if let (_, practice) = sandbox {
            switch effect {
            case .saveDraft, .lookupPerson, .searchPersons, .openCase, .submit:
                return practice.handle(effect)
            default:
                break
            }
        }
        do {
            return try perform(effect, progress: progress)
        } catch let error as StoreError {
            switch effect {
            case .login: return [.loginFailed(reason: error.description)]
            case .unlock: return [.unlockFailed(reason: error.description)]
            default: return [.failed(reason: error.description)]
            }
        } catch {
            return [.failed(reason: "操作未完成：\(error)")]
        }
    }

    private func perform(_ effect: DeskEffect, progress: @escaping @Sendable (DeskMsg) -> Void) throws -> [DeskMsg] {
        switch effect {
        case .start:
            if let known = hasOperatorsAtStart {
                hasOperatorsAtStart = nil
                return [.started(hasOperators: known)]
            }
            return [.started(hasOperators: try store.hasOperators())]
        case let .createFirstAdmin(name, displayName, password):
            // Only an empty store may be set up from the screen (checked again inside the store's transaction);
            // afterwards accounts come from an admin.
            guard try store.operators().isEmpty else { return [.failed(reason: "本机已有操作员账号，请登录")] }
            let op = try store.addFirstAdministrator(name: name, displayName: displayName, password: password,
                                                     by: .system("first-start"))
            firstAdmin = op
            return [.firstAdminCreated(OperatorInfo(op))]
        case .loadDemoData:
            // Created by the new administrator: the demo accounts' known password must be changed at first login.
            let actor: Actor = firstAdmin.map { .operator($0.id) } ?? .system("demo")
            return [.demoDataLoaded(summary: try DemoData.load(into: store, by: actor, today: today))]
        case let .login(name, password):
            let op = try store.authenticate(name: name, password: password)
            session = op
            return [.loggedIn(OperatorInfo(op))]
        case let .changePassword(newPassword):
            let me = try requireSession()
            session = try store.setPassword(name: me.name, password: newPassword, by: .operator(me.id))
            return [.passwordChanged]
        case let .unlock(name, password):
            _ = try store.authenticate(name: name, password: password)
            return [.unlocked]
        case .logout:
            session = nil
            return []
        case .loadHome:
            return [.homeLoaded(try homeData())]
        case let .searchPersons(query):
            return [.personsFound(query: query, try search(query))]
        case let .lookupPerson(document):
            let found = try store.person(byDocument: document.normalized).map { PersonSummary($0, records: try store.platformRecords(forPerson: $0.id)) }
            return [.personLooked(document: document, found)]
        case let .openCase(number):
            return [try open(number)]
        case let .saveDraft(draft):
            let form = building(draft)
            let saved = try counter.saveDraft(form, by: try requireSession())
            wrote(draft, as: form, number: saved.number, version: saved.version)
            return [.draftSaved(number: saved.number, version: saved.version)]
        case let .submit(draft, verdict, justification):
            let form = building(draft)
            let served = try counter.submit(form, verdict: verdict, justification: justification, by: try requireSession())
            wrote(draft, as: form, number: served.number, version: served.version)
            var result = SubmitResult(served)
            result.printing = Self.printing(problem: served.printProblem, spool: try counter.printing(served.number))
            return [.submitted(result)]
        case let .setAside(number, version, reason, withdraw):
            let me = try requireSession()
            let done = withdraw ? try counter.withdraw(number: number, expectedVersion: version, reason: reason, by: me)
                : try counter.voidDraft(number: number, expectedVersion: version, reason: reason, by: me)
            return [.caseSetAside(number: done.number, status: done.status)]
        case let .voidDraft(draft, reason):
            // Saves sent before may have numbered the form without the desk hearing of it yet.
            let form = building(draft)
            guard let number = form.number else { return [.caseSetAside(number: "", status: .voided)] }
            let done = try counter.voidDraft(number: number, expectedVersion: form.version, reason: reason, by: try requireSession())
            return [.caseSetAside(number: done.number, status: done.status)]
        case let .checkCase(number, version):
            return try changedElsewhere(number, version).map { [$0] } ?? []
        case .loadQueue:
            return [.queueLoaded(try queue())]
        case let .openReview(number):
            return [try review(number)]
        case let .decide(d):
            let served = try counter.decide(number: d.number, version: d.version, approve: d.approve, note: d.note,
                                            exceptions: d.exceptions, waived: d.waived, by: try requireSession())
            var result = SubmitResult(served)
            result.printing = Self.printing(problem: served.printProblem, spool: try counter.printing(d.number))
            return [.decided(result)]
        case let .loadStatistics(date, allHalls):
            let (rows, halls) = try statistics(date, allHalls: allHalls)
            return [.statisticsLoaded(date: date, rows, allHalls: allHalls, halls: halls)]
        case .loadDecks:
            return [.decksLoaded(try deckSummaries())]
        case let .startPractice(deckID):
            return [try startPractice(deckID)]
        case let .recordPractice(deckID, scenarioID, score, correct):
            let me = try requireSession()
            _ = try training().record(trainee: me.name, deckID: deckID, scenarioID: scenarioID, score: score, correct: correct)
            return [.practiceRecorded]
        case .endPractice:
            endPractice()
            return []
        case .loadTraineeProgress:
            _ = try requireSession()
            let titles = Dictionary(uniqueKeysWithValues: decks.map { ($0.id, $0.title) })
            let names = Dictionary(uniqueKeysWithValues: try store.operators().map { ($0.name, $0.displayName) })
            return [.traineeProgressLoaded(try training().allProgress().map {
                TraineeProgress(trainee: names[$0.trainee] ?? $0.trainee, deckTitle: titles[$0.deckID] ?? $0.deckID, attempts: $0.attempts,
                                played: $0.played, correct: $0.correct, averageScore: $0.averageScore, scores: $0.scores)
            })]
        case .openPerson, .resolveDuplicate, .importRoster, .loadCoverage, .loadUnenrolled, .exportCoverage:
            return try storeWide(effect, progress: progress) ?? []
        case .viewCase, .reprintNotice:
            return try caseSheet(effect) ?? []
        case .quit, .cancelRosterImport:
            // The loop's own business: quitting, and the cancel flag it sets without waiting for the worker.
            return []
        }
    }

    /// The form as the store knows it: numbered and at the version this desk last wrote, when its own writes are what
    /// the desk has not heard back about yet.
    private func building(_ draft: CaseDraft) -> CaseInProgress {
        var form = draft.inProgress
        if form.number == nil { form.number = numbered[draft.token] }
        if let number = form.number, let known = lineage[number], known.own.contains(draft.version) { form.version = known.latest }
        return form
    }

    /// The case saved by someone else since `version` (a version this desk did not write): who and when, for the form.
    private func changedElsewhere(_ number: String, _ version: Int) throws -> DeskMsg? {
        guard let record = try store.case(number: number), record.version != version else { return nil }
        if let known = lineage[number], known.own.contains(record.version) { return nil }
        let names = Dictionary(uniqueKeysWithValues: try store.operators().map { ($0.id, $0.displayName) })
        let last = try store.auditLog(entity: "case", entityID: number).last
        let who = last?.operatorID.flatMap { names[$0] } ?? last?.actor ?? "其他终端"
        let when = last.flatMap { HistoryLine.storedDate($0.at) }.map { "\(clock.time($0)) " } ?? ""
        var note = "案件 \(number) 已由\(who)于 \(when)在其他终端修改（现为“\(record.status.chinese)”）：继续保存将被拒绝，请按 Esc 返回后重新打开"
        if record.status.isFinal { note = "案件 \(number) 已由\(who)于 \(when)\(record.status.chinese)：不能再修改，请按 Esc 返回" }
        return .caseChangedElsewhere(number: number, version: record.version, note: note)
    }

    private func wrote(_ draft: CaseDraft, as form: CaseInProgress, number: String, version: Int) {
        if form.number == nil { numbered[draft.token] = number }
        var known = lineage[number] ?? (own: [], latest: version)
        known.own.insert(form.version ?? 0)
        known.own.insert(version)
        known.latest = version
        lineage[number] = known
    }

    func requireSession() throws -> Operator {
        guard let session else { throw StoreError.notAllowed("请先登录") }
        return session
    }

    // MARK: training

    /// The trainees' progress (`training.sqlite`), opened once.
    private func training() throws -> TrainingStore {
        if let trainingStore { return trainingStore }
        let opened = try TrainingStore.open(home: counter.home, now: { [clock] in clock.now() })
        trainingStore = opened
        return opened
    }

    private func deckSummaries() throws -> [DeckSummary] {
        let me = try requireSession()
        let progress = Dictionary(uniqueKeysWithValues: try training().progress(trainee: me.name).map { ($0.deckID, $0) })
        return decks.map { d in
            let p = progress[d.id]
            return DeckSummary(id: d.id, title: d.title, level: d.level.chinese, tags: d.tags, scenarioCount: d.scenarios.count,
                               played: p?.played ?? 0, correct: p?.correct ?? 0, lastScore: p?.lastScore, averageScore: p?.averageScore)
        }
    }

    /// The next scenario of the deck (wrong ones come back sooner), in a fresh sandbox store holding only the
    /// scenario's person and platform records.
    private func startPractice(_ deckID: String) throws -> DeskMsg {
        let me = try requireSession()
        guard let deck = decks.first(where: { $0.id == deckID }) else { return .failed(reason: "找不到题组 \(deckID)") }
        guard let id = try training().nextScenario(trainee: me.name, deckID: deckID, scenarioIDs: deck.scenarios.map(\.id)),
              let scenario = deck.scenario(id) else { return .failed(reason: "题组“\(deck.title)”没有题目") }
        endPractice()
        let practice = try PracticeSandbox(scenario: scenario, trainee: me, forms: forms, info: counter.info, clock: clock)
        let services = DeskServices(counter: practice.counter)
        services.session = practice.trainee
        sandbox = (practice, services)
        return .practiceStarted(PracticeScenario(deckID: deck.id, deckTitle: deck.title, scenario: scenario))
    }

    /// A practice sandbox is a temporary store: never leave one behind.
    public func endPractice() {
        sandbox?.0.remove()
        sandbox = nil
    }

    // MARK: home and search

    private func homeData() throws -> HomeData {
        let me = try requireSession()
        let mine = try store.cases(filter: CaseFilter(createdBy: me.id, limit: 200))
        let pending = try store.cases(filter: CaseFilter(statuses: [.pendingDocuments], region: counter.info.region, limit: 200))
        let today = self.today
        let names = try applicantNames(mine + pending)
        let counter = try self.counter
        var preregistered = try preregisteredNewborns()
        let altered = try store.rowsNotAsRecorded(caseIDs: (mine + pending).map(\.id),
                                                  personIDs: (mine + pending).compactMap(\.applicantID) + preregistered.compactMap(\.personID))
        func summary(_ r: CaseRecord) -> CaseSummary {
            var line = caseSummary(r, counter, applicant: names[r.id] ?? "", updated: clock.shortStamp(r.updatedAt))
            line.tampered = Self.alteredRow(case: r, altered)
            return line
        }
        for i in preregistered.indices {
            guard let id = preregistered[i].personID, altered.persons.contains(id) else { continue }
            preregistered[i].tampered = RowNames.ofPerson(id)
        }
        // Every running deadline: open cases (documents owed, waiting for a decision), cases carried out whose
        // deadline is still ahead (a transfer's), and newborns still to be updated; soonest first.
        var seen = Set<String>()
        let running = (pending + mine).map(summary).filter { c in
            guard let due = c.dueDate, seen.insert(c.number).inserted else { return false }
            return !c.status.isFinal || due >= today
        } + preregistered
        let never = LocalDate(year: 9999, month: 12, day: 31)!
        let deadlines = running.sorted { ($0.dueDate ?? never, $0.number) < ($1.dueDate ?? never, $1.number) }
        return HomeData(today: mine.filter { clock.day(of: $0.updatedAt) == today && $0.status != .draft }.map(summary),
                        drafts: mine.filter { $0.status == .draft }.map(summary),
                        pendingDocuments: pending.map(summary),
                        awaitingApproval: mine.filter { $0.status == .awaitingApproval }.map(summary),
                        preregistered: preregistered, deadlines: deadlines)
    }

    /// A case as the lists show it: the home lists and the person's cases.
    func caseSummary(_ r: CaseRecord, _ counter: Counter, applicant: String, updated: String) -> CaseSummary {
        // A deadline stays shown on a case carried out (a transfer-out's 10 working days); one set aside has none.
        let due = r.status.isSetAside || r.status == .refused ? nil : (try? r.verdict())??.dueDate
        return CaseSummary(number: r.number, workflow: counter.workflowTitle(r.workflow), applicant: applicant,
                           status: r.status, updated: updated, dueDate: due, version: r.version,
                           dueWhat: due.map { _ in Self.deadlineName(r.workflow) })
    }

    /// Which of a listed case's rows `rowsNotAsRecorded` found altered, for people; nil when neither.
    static func alteredRow(case r: CaseRecord, _ altered: (cases: Set<Int64>, persons: Set<Int64>)) -> String? {
        if altered.cases.contains(r.id) { return RowNames.ofCase(r.number) }
        if let person = r.applicantID, altered.persons.contains(person) { return RowNames.ofPerson(person) }
        return nil
    }

    /// What a workflow's deadline is for, in the deadlines list.
    static func deadlineName(_ workflow: String) -> String {
        switch workflow {
        case "transfer-out": return "转出《信息表》时限"
        case "transfer-in": return "转入办结时限"
        case "refund": return "退费办结时限"
        case "retirement": return "退休核定时限"
        case "change": return "变更办结时限"
        default: return "办结时限"
        }
    }

    /// Each case's applicant as the list shows them: the stored person's name, else the name typed on the form.
    private func applicantNames(_ cases: [CaseRecord]) throws -> [Int64: String] {
        let stored = try store.personNames(ids: cases.compactMap(\.applicantID))
        var names: [Int64: String] = [:]
        for r in cases where names[r.id] == nil {
            names[r.id] = r.applicantID.flatMap { stored[$0] } ?? (try? r.caseFile())?.person?.name ?? ""
        }
        return names
    }

    /// The region's newborns registered under a parent's name and not yet updated, most overdue first.
    private func preregisteredNewborns() throws -> [CaseSummary] {
        let title = try counter.workflowTitle("newborn")
        return try store.preregisteredNewborns(policy: try counter.policy, today: today, overdueOnly: false).map {
            CaseSummary(number: $0.caseNumber, workflow: title, applicant: $0.person.name, status: .registered,
                        updated: clock.monthDay($0.registeredAt), dueDate: $0.deadline, personID: $0.person.id,
                        dueWhat: "预参保新生儿信息更新")
        }
    }

    /// A document number finds the person whatever the document kind; anything else is a name prefix.
    private func search(_ query: String) throws -> [PersonSummary] {
        let number = IdentityDocument.normalize(query)
        let looksLikeNumber = number.count >= 5 && number.allSatisfy { $0.isASCII && ($0.isNumber || $0.isLetter) }
            && number.contains(where: \.isNumber)
        var people: [PersonRecord] = []
        if looksLikeNumber {
            for kind in DocumentKind.allCases {
                if let p = try store.person(byDocument: IdentityDocument(kind: kind, number: number)) { people.append(p) }
            }
        } else {
            people = try store.searchPersons(name: query.trimmed(.whitespaces), limit: 50)
        }
        return try people.map { PersonSummary($0, records: try store.platformRecords(forPerson: $0.id)) }
    }

    // MARK: cases

    private func open(_ number: String) throws -> DeskMsg {
        guard let record = try store.case(number: number) else { return .failed(reason: "找不到案件 \(number)") }
        guard !record.status.isFinal else {
            return .failed(reason: "案件 \(number) 已\(record.status.chinese)，不能再修改")
        }
        guard record.status != .awaitingApproval else { return .failed(reason: "案件 \(number) 正在等待审核员审批") }
        let caseFile = try record.caseFile()
        let lastField = try store.drafts(caseID: record.id).last?.field
        let step = forms.workflows[caseFile.workflow]?.steps.firstIndex { $0.fields.contains { $0.id == lastField } } ?? 0
        // The last field saved is the last one completed: the form resumes after it.
        return .caseOpened(CaseDraft(number: number, version: record.version, caseFile: caseFile, stepIndex: step,
                                     completedField: lastField, status: record.status))
    }

    // MARK: supervision

    private func queue() throws -> [QueueItem] {
        _ = try requireSession()
        let now = clock.now()
        let counter = try self.counter
        return try store.approvalQueue().map { item in
            let r = item.caseRecord
            return QueueItem(number: r.number, workflow: r.workflow, workflowTitle: counter.workflowTitle(r.workflow),
                             applicant: (try? r.caseFile())?.person?.name ?? "", exceptions: item.exceptions,
                             clerkName: item.requestedBy.name, clerkDisplayName: item.requestedBy.displayName,
                             justification: item.justification, waitedMinutes: item.waitedMinutes(at: now),
                             hall: item.hall, counter: item.counter)
        }
    }

    /// The case as served, re-checked against the rules as they are now, with its history.
    private func review(_ number: String) throws -> DeskMsg {
        _ = try requireSession()
        guard let record = try store.case(number: number) else { return .failed(reason: "找不到案件 \(number)") }
        let caseFile = try record.caseFile()
        let verdict = try Evaluator.evaluate(caseFile, forms: forms, file: number)
        let request = try store.approvalQueue(caseID: record.id).first
        let names = Dictionary(uniqueKeysWithValues: try store.operators().map { ($0.id, $0.displayName) })
        let history = try store.auditLog(entity: "case", entityID: number).compactMap { entry -> String? in
            HistoryLine.text(entry, names: names, clock: clock)
        }
        return .reviewLoaded(CaseReview(number: number, version: record.version, status: record.status, caseFile: caseFile,
                                        verdict: verdict, clerkDisplayName: names[record.createdBy] ?? "",
                                        justification: request?.justification ?? "", history: history,
                                        exceptions: request?.exceptions ?? [],
                                        tampered: try tamperWarning(caseID: record.id)))
    }

    /// The day at this desk's hall (the agency's with `allHalls`, or when the desk has no hall), and by hall.
    private func statistics(_ date: LocalDate, allHalls: Bool) throws -> ([StatisticsRow], [StatisticsHall]) {
        _ = try requireSession()
        // By where each case stands now (an approved case is no longer 需审核; a completed service is 已办结), in the
        // order a case moves; drafts apart.
        let order = CaseStatus.allCases
        let counter = try self.counter
        let statistics = try store.dailyStatistics(date: date, timeZone: clock.timeZone,
                                                   hall: allHalls ? nil : store.servicePoint?.hall)
        let halls = statistics.halls.map {
            StatisticsHall(label: ServicePoint.label(hall: $0.hall), cases: $0.cases, served: $0.served, decisions: $0.decisions)
        }
        return (statistics.rows.map { row in
            func rank(_ status: CaseStatus?) -> Int { status.flatMap { order.firstIndex(of: $0) } ?? order.count }
            let counts = row.outcomes.flatMap { wf, byStatus in
                byStatus.map { (workflow: counter.workflowTitle(wf), status: CaseStatus(rawValue: $0.key), count: $0.value) }
            }.sorted { a, b in (a.workflow, rank(a.status)) < (b.workflow, rank(b.status)) }
                .map { StatisticsCount(workflow: $0.workflow, decision: $0.status?.chinese ?? "?", count: $0.count) }
            return StatisticsRow(operatorName: row.operatorName, displayName: row.displayName, role: row.role, cases: counts,
                                 total: row.servedTotal, averageServeMinutes: row.averageServeMinutes,
                                 approvalsReceived: row.approvalsReceived, rejectionsReceived: row.rejectionsReceived,
                                 decisionsMade: row.decisionsMade, drafts: row.drafts, voided: row.voided)
        }, halls)
    }
}

extension CaseDraft {
    /// The form as the counter's use cases take it.
    /// The field saved is the one just completed, not where the clerk now is.
    var inProgress: CaseInProgress { CaseInProgress(number: number, version: version, caseFile: caseFile, field: completedField) }
}

extension DeskServices {
    /// What the result screen says of the printing: first that the notice could not be saved (the case is decided
    /// all the same), then what the printer did.
    static func printing(problem: String?, spool: String?) -> String? {
        let problem = problem.map { "注意：告知书未能保存，排除原因后在案件中按 P 补打（案件已办理；原因：\($0)）" }
        return [problem, spool].compactMap { $0 }.joined(separator: "；").nilIfEmpty
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension SubmitResult {
    init(_ s: Served) {
        self.init(number: s.number, status: s.status, decision: s.decision, printed: s.printed, enrolls: s.enrolls)
    }
}

/// A flag one thread sets and another reads: “stop what you are doing, write nothing”.
final class Cancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    func cancel() { set(true) }
    func reset() { set(false) }

    private func set(_ value: Bool) {
        lock.lock()
        cancelled = value
        lock.unlock()
    }
}

/// The counter, opened once: given at once, or by the first caller (the others wait for it).
private final class CounterOpening: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Counter, any Error>?
    private var open: (@Sendable () throws -> Counter)?

    init(_ counter: Counter) { result = .success(counter) }

    init(_ open: @escaping @Sendable () throws -> Counter) { self.open = open }

    func counter() throws -> Counter {
        lock.lock()
        defer { lock.unlock() }
        if result == nil, let open {
            result = Result { try open() }
            self.open = nil
        }
        return try result!.get()
    }
}
