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

    init(store: CounterStore, forms: FormSet, counter: CounterInfo, home: URL, clock: @escaping () -> Date = Date.init) {
        self.store = store
        self.forms = forms
        self.counter = counter
        self.noticesDirectory = home.appendingPathComponent("notices")
        self.clock = clock
    }

    var today: LocalDate { LocalClock.date(clock()) }

    /// One effect's results. `.quit` is the loop's business and yields nothing here.
    func handle(_ effect: DeskEffect) -> [DeskMsg] {
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
            return [.homeLoaded(try home())]
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
        case .quit:
            return []
        }
    }

    private func requireSession() throws -> Operator {
        guard let session else { throw StoreError.notAllowed("请先登录") }
        return session
    }

    // MARK: home and search

    private func home() throws -> HomeData {
        let me = try requireSession()
        let mine = try store.cases(filter: CaseFilter(createdBy: me.id, limit: 200))
        let pending = try store.cases(filter: CaseFilter(statuses: [.pendingDocuments], region: counter.region, limit: 200))
        let today = self.today
        func summary(_ r: CaseRecord) -> CaseSummary {
            let name = (try? CaseParser.parse(r.caseJSON, file: r.number))?.person?.name ?? ""
            let updated = LocalClock.date(r.updatedAt) == today ? LocalClock.time(r.updatedAt) : LocalClock.monthDay(r.updatedAt)
            return CaseSummary(number: r.number, workflow: forms.workflows[r.workflow]?.title ?? r.workflow, applicant: name,
                               status: CaseStatus(r.status), updated: updated)
        }
        return HomeData(today: mine.filter { LocalClock.date($0.updatedAt) == today && $0.status != .draft }.map(summary),
                        drafts: mine.filter { $0.status == .draft }.map(summary),
                        pendingDocuments: pending.map(summary),
                        awaitingApproval: mine.filter { $0.status == .awaitingApproval }.map(summary))
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
            let registration = try store.register(caseID: id, enrollment: enrollment(c), suspending: try suspensions(verdict, applicant),
                                                  expectedVersion: version, by: me.id)
            status = CaseStatus(registration.caseRecord.status)
        case .missingDocuments:
            status = CaseStatus(try store.setStatus(caseID: id, to: .pendingDocuments, expectedVersion: version, by: me.id,
                                                    note: verdict.missingDocuments.map(\.name).joined(separator: "、")).status)
        case .needsApproval:
            status = CaseStatus(try store.setStatus(caseID: id, to: .awaitingApproval, expectedVersion: version, by: me.id,
                                                    note: justification).status)
        case .refuse:
            let reasons = verdict.findings.filter { $0.severity == .block }.map(\.message).joined(separator: "；")
            status = CaseStatus(try store.setStatus(caseID: id, to: .refused, expectedVersion: version, by: me.id, note: reasons).status)
        }
        let notice = Notice.make(for: draft, number: number, verdict: verdict,
                                 workflowTitle: forms.workflows[c.workflow]?.title ?? c.workflow,
                                 counter: counter, clerk: me.displayName, date: today, justification: justification)
        return SubmitResult(number: number, status: status, decision: verdict.decision, printed: try print(notice, number: number))
    }

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
        let stored = try store.platformRecords(forPerson: personID).filter { $0.status == .active }
        return verdict.replaces.compactMap { r in
            stored.first { PlatformRecord($0) == r.record }
                .map { Suspension(recordID: $0.id, status: r.action == .terminate ? .terminated : .suspended, since: today) }
        }
    }

    /// Writes the notice as UTF-8 text (and HTML for the documents handed over); returns the paths.
    private func print(_ notice: Notice, number: String) throws -> [String] {
        let fm = FileManager.default
        try fm.createDirectory(at: noticesDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let base = noticesDirectory.appendingPathComponent("\(number)-\(notice.kind.rawValue)")
        var paths: [String] = []
        for (ext, content) in [("txt", notice.text), ("html", notice.html)] {
            let url = base.appendingPathExtension(ext)
            try Data(content.utf8).write(to: url, options: .atomic)
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
            paths.append(url.path)
        }
        return paths
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
