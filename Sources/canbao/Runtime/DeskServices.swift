import CanbaoDesk
import CanbaoRules
import CanbaoStore
import Foundation

/// Carries out the desk's effects against the store and the notices folder. Failures come back as messages
/// with a Chinese reason; nothing is thrown through the view.
final class DeskServices {
    let store: CounterStore
    let forms: FormSet
    let counter: CounterInfo
    /// Where printed notices go: `<home>/notices/`.
    let noticesDirectory: URL
    let clock: () -> Date
    private(set) var session: Operator?
    /// Training: the decks, the trainee's progress, and the sandbox of the scenario being practised.
    let decks: [Deck]
    let home: URL
    private var sandbox: PracticeSandbox?

    init(store: CounterStore, forms: FormSet, counter: CounterInfo, home: URL, decks: [Deck] = [],
         clock: @escaping () -> Date = Date.init) {
        self.store = store
        self.forms = forms
        self.counter = counter
        self.home = home
        self.noticesDirectory = home.appendingPathComponent("notices")
        self.decks = decks
        self.clock = clock
    }

    deinit { sandbox?.remove() }

    var today: LocalDate { LocalClock.date(clock()) }

    /// Why the store can no longer be written (its file deleted or replaced), or nil.
    func storeProblem() -> String? {
        do {
            try store.checkFile()
            return nil
        } catch {
            return (error as? StoreError)?.description ?? "\(error)"
        }
    }

    /// One effect's results. `.quit` is the loop's business and yields nothing here.
    func handle(_ effect: DeskEffect) -> [DeskMsg] {
        // While a trainee practises, the case runs against the sandbox: nothing reaches the real store.
        if let sandbox {
            switch effect {
            case .saveDraft, .lookupPerson, .searchPersons, .openCase, .submit:
                return sandbox.services.handle(effect)
            default:
                break
            }
        }
        do {
            return try perform(effect)
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

    private func perform(_ effect: DeskEffect) throws -> [DeskMsg] {
        switch effect {
        case .start:
            return [.started(hasOperators: try !store.operators().isEmpty)]
        case let .createFirstAdmin(name, displayName, password):
            // Only an empty store may be set up from the screen; afterwards accounts come from an admin.
            guard try store.operators().isEmpty else { return [.failed(reason: "本机已有操作员账号，请登录")] }
            let op = try store.addOperator(name: name, displayName: displayName, role: .admin, password: password,
                                           by: .system("first-start"))
            return [.firstAdminCreated(OperatorInfo(op))]
        case .loadDemoData:
            return [.demoDataLoaded(summary: try DemoData.load(into: store, by: .system("demo"), today: today))]
        case let .login(name, password):
            let op = try store.authenticate(name: name, password: password)
            session = op
            return [.loggedIn(OperatorInfo(op))]
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
            let found = try store.platformView(of: document).map { PersonSummary($0.0, records: $0.1) }
            return [.personLooked(document: document, found)]
        case let .openCase(number):
            return [try open(number)]
        case let .saveDraft(draft):
            let saved = try save(draft)
            return [.draftSaved(number: saved.number, version: saved.version)]
        case let .submit(draft, verdict, justification):
            return [.submitted(try submit(draft, verdict, justification: justification))]
        case .loadQueue:
            return [.queueLoaded(try queue())]
        case let .openReview(number):
            return [try review(number)]
        case let .decide(decision):
            return [.decided(try decide(decision))]
        case let .loadStatistics(date):
            return [.statisticsLoaded(date: date, try statistics(date))]
        case .loadDecks:
            return [.decksLoaded(try deckSummaries())]
        case let .startPractice(deckID):
            return [try startPractice(deckID)]
        case let .recordPractice(deckID, scenarioID, score, correct):
            let me = try requireSession()
            _ = try TrainingStore.open(home: home).record(trainee: me.name, deckID: deckID, scenarioID: scenarioID, score: score,
                                                          correct: correct)
            return [.practiceRecorded]
        case .endPractice:
            sandbox?.remove()
            sandbox = nil
            return []
        case .loadTraineeProgress:
            _ = try requireSession()
            let titles = Dictionary(uniqueKeysWithValues: decks.map { ($0.id, $0.title) })
            let names = Dictionary(uniqueKeysWithValues: try store.operators().map { ($0.name, $0.displayName) })
            return [.traineeProgressLoaded(try TrainingStore.open(home: home).allProgress().map {
                TraineeProgress(trainee: names[$0.trainee] ?? $0.trainee, deckTitle: titles[$0.deckID] ?? $0.deckID, attempts: $0.attempts,
                                played: $0.played, correct: $0.correct, averageScore: $0.averageScore, scores: $0.scores)
            })]
        case .openPerson, .resolveDuplicate, .importRoster, .loadCoverage, .loadUnenrolled, .exportCoverage:
            return try storeWide(effect) ?? []
        case .quit:
            return []
        }
    }

    // MARK: training

    private func deckSummaries() throws -> [DeckSummary] {
        let me = try requireSession()
        let progress = Dictionary(uniqueKeysWithValues: try TrainingStore.open(home: home).progress(trainee: me.name).map { ($0.deckID, $0) })
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
        guard let id = try TrainingStore.open(home: home).nextScenario(trainee: me.name, deckID: deckID, scenarioIDs: deck.scenarios.map(\.id)),
              let scenario = deck.scenario(id) else { return .failed(reason: "题组“\(deck.title)”没有题目") }
        sandbox?.remove()
        sandbox = try PracticeSandbox(scenario: scenario, trainee: me, forms: forms, counter: counter, clock: clock)
        return .practiceStarted(PracticeScenario(deckID: deck.id, deckTitle: deck.title, scenario: scenario))
    }

    func requireSession() throws -> Operator {
        guard let session else { throw StoreError.notAllowed("请先登录") }
        return session
    }

    // MARK: home and search

    private func homeData() throws -> HomeData {
        let me = try requireSession()
        let mine = try store.cases(filter: CaseFilter(createdBy: me.id, limit: 200))
        let pending = try store.cases(filter: CaseFilter(statuses: [.pendingDocuments], region: counter.region, limit: 200))
        let today = self.today
        func summary(_ r: CaseRecord) -> CaseSummary {
            let name = (try? CaseParser.parse(r.caseJSON, file: r.number))?.person?.name ?? ""
            let updated = LocalClock.date(r.updatedAt) == today ? LocalClock.time(r.updatedAt) : LocalClock.monthDay(r.updatedAt)
            let due = r.status.isFinal ? nil : r.verdictJSON.flatMap { try? JSONDecoder().decode(Verdict.self, from: Data($0.utf8)) }?.dueDate
            return CaseSummary(number: r.number, workflow: forms.workflows[r.workflow]?.title ?? r.workflow, applicant: name,
                               status: CaseStatus(r.status), updated: updated, dueDate: due)
        }
        return HomeData(today: mine.filter { LocalClock.date($0.updatedAt) == today && $0.status != .draft }.map(summary),
                        drafts: mine.filter { $0.status == .draft }.map(summary),
                        pendingDocuments: pending.map(summary),
                        awaitingApproval: mine.filter { $0.status == .awaitingApproval }.map(summary),
                        preregistered: try preregisteredNewborns())
    }

    /// The region's newborns registered under a parent's name and not yet updated, most overdue first.
    private func preregisteredNewborns() throws -> [CaseSummary] {
        let title = forms.workflows["newborn"]?.title ?? "newborn"
        return try store.preregisteredNewborns(policy: try policy, today: today, overdueOnly: false).map {
            CaseSummary(number: $0.caseNumber, workflow: title, applicant: $0.person.name, status: .registered,
                        updated: LocalClock.monthDay($0.registeredAt), dueDate: $0.deadline, personID: $0.person.id)
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
            people = try store.searchPersons(name: query.trimmingCharacters(in: .whitespaces), limit: 50)
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
        let caseFile = try CaseParser.parse(record.caseJSON, file: number)
        let lastField = try store.drafts(caseID: record.id).last?.field
        let step = forms.workflows[caseFile.workflow]?.steps.firstIndex { $0.fields.contains { $0.id == lastField } } ?? 0
        return .caseOpened(CaseDraft(number: number, version: record.version, caseFile: caseFile, stepIndex: step,
                                     fieldID: lastField, status: CaseStatus(record.status)))
    }

    /// The person already in the store for this case's applicant, if any.
    private func applicantID(_ c: CaseFile) throws -> Int64? {
        guard let doc = c.person?.document, !doc.normalizedNumber.isEmpty else { return nil }
        return try store.person(byDocument: doc)?.id
    }

    /// Saves the whole case file, then the completed field: a dropped terminal loses nothing.
    private func save(_ draft: CaseDraft) throws -> (id: Int64, number: String, version: Int) {
        let me = try requireSession()
        let json = draft.caseFile.json
        let applicant = try applicantID(draft.caseFile)
        var record: CaseRecord
        if let number = draft.number {
            guard let existing = try store.case(number: number) else { throw StoreError.caseNotFound(number) }
            record = try store.updateCase(caseID: existing.id, caseJSON: json, verdictJSON: nil, applicantID: applicant,
                                          expectedVersion: draft.version, by: me.id)
        } else {
            record = try store.createCase(caseJSON: json, applicantID: applicant, by: me.id)
        }
        var version = record.version
        if let field = draft.fieldID {
            version = try store.saveDraft(caseID: record.id, field: field, value: CasePath.value(field, in: draft.caseFile) ?? "",
                                          expectedVersion: version, by: me.id)
        }
        return (record.id, record.number, version)
    }

    /// Submitting: the verdict decides. Accept registers (with the replaced records suspended or terminated) and
    /// prints a receipt; missing documents prints the 一次性告知书 and waits; needs-approval goes to the
    /// supervisors with the clerk's reason; refuse prints the refusal notice.
    private func submit(_ draft: CaseDraft, _ verdict: Verdict, justification: String?) throws -> SubmitResult {
        let me = try requireSession()
        var (id, number, version) = try save(draft)
        let c = draft.caseFile
        var applicant = try applicantID(c)
        if verdict.decision == .accept, let p = c.person, let doc = p.document, let name = p.name {
            applicant = try store.upsertPerson(PersonInput(document: doc, name: name, birthDate: p.birthDate, sex: p.sex),
                                               by: .operator(me.id)).id
        }
        var record = try store.updateCase(caseID: id, caseJSON: c.json, verdictJSON: verdict.json(pretty: false),
                                          applicantID: applicant, expectedVersion: version, by: me.id)
        version = record.version
        if record.status == .draft || record.status == .pendingDocuments {
            record = try store.setStatus(caseID: id, to: .submitted, expectedVersion: version, by: me.id)
            version = record.version
        }
        let status: CaseStatus
        switch verdict.decision {
        case .accept:
            guard let applicant else { throw StoreError.notRegistrable(number: number, reason: "参保人证件或姓名缺失") }
            if Self.enrollingWorkflows.contains(c.workflow) {
                let registration = try store.register(caseID: id, enrollment: enrollment(c), suspending: try suspensions(verdict, applicant),
                                                      expectedVersion: version, by: me.id)
                status = CaseStatus(registration.caseRecord.status)
            } else {
                status = CaseStatus(try store.complete(caseID: id, statusChanges: try suspensions(verdict, applicant),
                                                       expectedVersion: version, by: me.id).status)
            }
        case .missingDocuments:
            status = CaseStatus(try store.setStatus(caseID: id, to: .pendingDocuments, expectedVersion: version, by: me.id,
                                                    note: verdict.missingDocuments.map(\.name).joined(separator: "、")).status)
        case .needsApproval:
            status = CaseStatus(try store.requestApproval(caseID: id, justification: justification ?? "", expectedVersion: version,
                                                          by: me.id).status)
        case .refuse:
            let reasons = verdict.findings.filter { $0.severity == .block }.map(\.message).joined(separator: "；")
            status = CaseStatus(try store.setStatus(caseID: id, to: .refused, expectedVersion: version, by: me.id, note: reasons).status)
        }
        let notice = Notice.make(for: draft, number: number, verdict: verdict,
                                 workflowTitle: forms.workflows[c.workflow]?.title ?? c.workflow,
                                 counter: counter, clerk: me.displayName, date: today, justification: justification,
                                 documentNames: forms.documents.names, enrolls: Self.enrollingWorkflows.contains(c.workflow))
        var printed = try print(notice, number: number)
        if status == .registered, let sheet = Notice.transferInformation(for: draft, number: number, verdict: verdict, counter: counter,
                                                                         clerk: me.displayName, date: today) {
            printed += try print(sheet, number: number)
        }
        return SubmitResult(number: number, status: status, decision: verdict.decision, printed: printed,
                            enrolls: Self.enrollingWorkflows.contains(c.workflow))
    }

    // MARK: supervision

    private func queue() throws -> [QueueItem] {
        _ = try requireSession()
        let now = clock()
        return try store.approvalQueue().map { item in
            let r = item.caseRecord
            let caseFile = try? CaseParser.parse(r.caseJSON, file: r.number)
            return QueueItem(number: r.number, workflow: r.workflow, workflowTitle: forms.workflows[r.workflow]?.title ?? r.workflow,
                             applicant: caseFile?.person?.name ?? "", exceptions: item.exceptions,
                             clerkName: item.requestedBy.name, clerkDisplayName: item.requestedBy.displayName,
                             justification: item.justification, waitedMinutes: max(0, Int(now.timeIntervalSince(item.requestedAt) / 60)))
        }
    }

    /// The case as served, re-checked against the rules as they are now, with its history.
    private func review(_ number: String) throws -> DeskMsg {
        _ = try requireSession()
        guard let record = try store.case(number: number) else { return .failed(reason: "找不到案件 \(number)") }
        let caseFile = try CaseParser.parse(record.caseJSON, file: number)
        let verdict = try Evaluator.evaluate(caseFile, forms: forms, file: number)
        let request = try store.approvalQueue().first { $0.caseRecord.id == record.id }
        let names = Dictionary(uniqueKeysWithValues: try store.operators().map { ($0.id, $0.displayName) })
        let history = try store.auditLog(entity: "case", entityID: number).compactMap { entry -> String? in
            HistoryLine.text(entry, names: names)
        }
        return .reviewLoaded(CaseReview(number: number, version: record.version, status: CaseStatus(record.status), caseFile: caseFile,
                                        verdict: verdict, clerkDisplayName: names[record.createdBy] ?? "",
                                        justification: request?.justification ?? "", history: history,
                                        exceptions: request?.exceptions ?? []))
    }

    /// Approve: the exceptions are recorded (with any written commitments) and the case goes on to registration,
    /// or back to pending documents when some are still missing. Reject: the case is refused and the notice printed.
    private func decide(_ d: SupervisorDecision) throws -> SubmitResult {
        let me = try requireSession()
        guard let record = try store.case(number: d.number) else { throw StoreError.caseNotFound(d.number) }
        var caseFile = try CaseParser.parse(record.caseJSON, file: d.number)
        let clerk = try store.operators().first { $0.id == record.createdBy }?.displayName ?? ""
        let title = forms.workflows[caseFile.workflow]?.title ?? caseFile.workflow
        if !d.approve {
            let verdict = try Evaluator.evaluate(caseFile, forms: forms, file: d.number)
            _ = try store.decide(caseID: record.id, ApprovalDecision(verdict: .rejected, note: d.note, findings: d.exceptions,
                                                                    waivedDocuments: [], caseJSON: nil, verdictJSON: nil),
                                 expectedVersion: d.version, by: me.id)
            var refused = verdict
            refused.decision = .refuse
            refused.findings = verdict.findings.map { f in
                var f = f
                if f.severity == .approval { f.severity = .block }
                return f
            }
            let notice = Notice.make(for: CaseDraft(number: d.number, caseFile: caseFile), number: d.number, verdict: refused,
                                     workflowTitle: title, counter: counter, clerk: clerk, date: today,
                                     documentNames: forms.documents.names, decisionNote: "审核员\(me.displayName)不予批准：\(d.note)")
            return SubmitResult(number: d.number, status: .refused, decision: .refuse, printed: try print(notice, number: d.number))
        }
        caseFile.documentsCommitted = Array(Set(caseFile.documentsCommitted + d.waived)).sorted()
        let verdict = try Evaluator.evaluate(caseFile, forms: forms, file: d.number)
        var decided = try store.decide(caseID: record.id, ApprovalDecision(verdict: .approved, note: d.note, findings: d.exceptions,
                                                                          waivedDocuments: d.waived, caseJSON: caseFile.json,
                                                                          verdictJSON: verdict.json(pretty: false)),
                                       expectedVersion: d.version, by: me.id)
        let blocked = verdict.findings.contains { $0.severity == .block }
        var shown = verdict
        let status: CaseStatus
        if blocked {
            throw StoreError.notAllowed("案件 \(d.number) 仍有阻断情形，不能登记：请驳回")
        } else if verdict.missingDocuments.isEmpty {
            guard let p = caseFile.person, let doc = p.document, let name = p.name else {
                throw StoreError.notRegistrable(number: d.number, reason: "参保人证件或姓名缺失")
            }
            let personID = try store.upsertPerson(PersonInput(document: doc, name: name, birthDate: p.birthDate, sex: p.sex),
                                                  by: .operator(me.id)).id
            decided = try store.updateCase(caseID: record.id, caseJSON: caseFile.json, verdictJSON: verdict.json(pretty: false),
                                           applicantID: personID, expectedVersion: decided.version, by: me.id)
            // As at submission: only the enrolling workflows write a new enrollment; the other services (an approved
            // refund, suspension, change…) change the existing records and close the case.
            if Self.enrollingWorkflows.contains(caseFile.workflow) {
                let registration = try store.register(caseID: record.id, enrollment: enrollment(caseFile),
                                                      suspending: try suspensions(verdict, personID), expectedVersion: decided.version,
                                                      by: me.id)
                status = CaseStatus(registration.caseRecord.status)
            } else {
                status = CaseStatus(try store.complete(caseID: record.id, statusChanges: try suspensions(verdict, personID),
                                                       expectedVersion: decided.version, by: me.id).status)
            }
            shown.decision = .accept
        } else {
            status = CaseStatus(try store.setStatus(caseID: record.id, to: .pendingDocuments, expectedVersion: decided.version,
                                                    by: me.id, note: verdict.missingDocuments.map(\.name).joined(separator: "、")).status)
            shown.decision = .missingDocuments
        }
        let notice = Notice.make(for: CaseDraft(number: d.number, caseFile: caseFile), number: d.number, verdict: shown,
                                 workflowTitle: title, counter: counter, clerk: clerk, date: today,
                                 documentNames: forms.documents.names, decisionNote: "审核员\(me.displayName)批准：\(d.note)",
                                 enrolls: Self.enrollingWorkflows.contains(caseFile.workflow))
        return SubmitResult(number: d.number, status: status, decision: shown.decision, printed: try print(notice, number: d.number),
                            enrolls: Self.enrollingWorkflows.contains(caseFile.workflow))
    }

    private func statistics(_ date: LocalDate) throws -> [StatisticsRow] {
        _ = try requireSession()
        let decisions = Dictionary(uniqueKeysWithValues: Decision.allCases.map { ($0.rawValue, $0.chinese) })
        return try store.dailyStatistics(date: date, timeZone: TimeZone.current).rows.map { row in
            let counts = row.cases.flatMap { wf, byDecision in
                byDecision.map { StatisticsCount(workflow: forms.workflows[wf]?.title ?? wf, decision: decisions[$0.key] ?? $0.key, count: $0.value) }
            }.sorted { ($0.workflow, $0.decision) < ($1.workflow, $1.decision) }
            return StatisticsRow(operatorName: row.operatorName, displayName: row.displayName,
                                 role: OperatorInfo.Role(rawValue: row.role.rawValue) ?? .clerk, cases: counts, total: row.casesTotal,
                                 averageServeMinutes: row.averageServeMinutes, approvalsReceived: row.approvalsReceived,
                                 rejectionsReceived: row.rejectionsReceived, decisionsMade: row.decisionsMade)
        }
    }

    /// Workflows whose registration writes a new enrollment; the others (suspend, terminate, transfer-out, change,
    /// refund) change existing records and close the case.
    static let enrollingWorkflows: Set<String> = ["newborn", "student", "veteran", "migrant-worker", "foreign-resident", "transfer-in"]

    /// The enrollment the registration writes: resident for the coverage year, employee from this month.
    private func enrollment(_ c: CaseFile) -> NewEnrollment {
        let scheme = c.scheme ?? .resident
        let place = c.here ?? counter.place
        if scheme == .employee {
            let month = String(c.today.description.prefix(7))
            return NewEnrollment(place: place, scheme: .employee, flexible: c.isFlexible, months: [month], paid: false, since: c.today)
        }
        let year = c.coverageYear ?? (c.workflow == "newborn" ? c.birthDate?.year : nil) ?? c.today.year
        return NewEnrollment(place: place, scheme: .resident, year: year, paid: false, since: c.today)
    }

    /// The stored records the verdict says the registration replaces.
    private func suspensions(_ verdict: Verdict, _ personID: Int64) throws -> [Suspension] {
        // Active records are suspended or terminated; a suspended one may still be terminated.
        let stored = try store.platformRecords(forPerson: personID).filter { $0.status != .terminated }
        return verdict.replaces.compactMap { r in
            stored.first { PlatformRecord($0) == r.record }
                .map { Suspension(recordID: $0.id, status: r.action == .terminate ? .terminated : .suspended, since: today) }
        }
    }

    /// Writes the notice as UTF-8 text (and HTML for the documents handed over); returns the paths. A notice printed
    /// again for the same case keeps the earlier copy (`-2`, `-3`, …): what was handed over is never replaced.
    private func print(_ notice: Notice, number: String) throws -> [String] {
        let directory = try Self.privateDirectory(noticesDirectory)
        let stem = "\(number)-\(notice.kind.rawValue)"
        let text = try OutputFile.createUnused(in: directory, stem: stem, ext: "txt", contents: Data(notice.text.utf8))
        let html = try OutputFile.createUnused(in: directory, stem: text.deletingPathExtension().lastPathComponent,
                                               ext: "html", contents: Data(notice.html.utf8))
        return [text.path, html.path]
    }
}

/// Local calendar time for the counter (the process's time zone, e.g. TZ=Asia/Shanghai).
enum LocalClock {
    static func components(_ d: Date) -> DateComponents {
        Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: d)
    }

    static func date(_ d: Date) -> LocalDate {
        let c = components(d)
        return LocalDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    static func time(_ d: Date) -> String {
        let c = components(d)
        return String(format: "%02d:%02d", c.hour!, c.minute!)
    }

    static func monthDay(_ d: Date) -> String {
        let c = components(d)
        return String(format: "%02d-%02d", c.month!, c.day!)
    }
}
