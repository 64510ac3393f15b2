import CanbaoRules
import Foundation
import GRDB

/// School rosters (集体参保): reading the file (`CSVReader`), each row's own cells (`RosterRowChecker`), the store's
/// persons (`RosterLookup`), the registration check (`RosterAssessor`) — all outside any write transaction — and
/// then one short write (`CounterStore+RosterRegistration`).
extension CounterStore {
    /// Imports a school's roster from a file. See `importRoster(_:fileName:request:forms:by:observer:)`.
    public func importRoster(file url: URL, request: RosterRequest, forms: FormSet, by actor: Actor,
                             observer: RosterObserver = .none) throws -> RosterResult {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.readBytes(url.path)
        } catch let error as InputFileError {
            throw RosterFileError(error.reason)
        }
        return try importRoster(RosterFile(bytes: consume bytes), fileName: url.lastPathComponent, request: request, forms: forms,
                                by: actor, observer: observer)
    }

    /// Imports a roster from its bytes. See `importRoster(_:fileName:request:forms:by:observer:)`.
    public func importRoster(_ data: Data, fileName: String, request: RosterRequest, forms: FormSet,
                             by actor: Actor, observer: RosterObserver = .none) throws -> RosterResult {
        try importRoster(RosterFile(data), fileName: fileName, request: request, forms: forms, by: actor,
                         shareVerdicts: true, observer: observer)
    }

    /// Validates every row of a roster (identity number, birth date and sex against it, duplicates within the file,
    /// the student registration check against the person's records in the store) and registers the valid rows in
    /// ONE write transaction: persons upserted, a resident enrollment for the year at the school's place, the records
    /// the verdict replaces suspended or terminated, the roster and its members, and ONE audit row summing the
    /// import up (the members table is the per-row trail). A bad row never stops the good ones; a file that cannot
    /// be read throws `RosterFileError` and writes nothing; a cancelled import (`observer`) writes nothing.
    ///
    /// The checking reads the store without holding its write lock, so other counters keep registering meanwhile;
    /// what they wrote to the roster's persons in that time is judged again inside the write transaction.
    public func importRoster(_ roster: RosterFile, fileName: String, request: RosterRequest, forms: FormSet,
                             by actor: Actor, observer: RosterObserver = .none) throws -> RosterResult {
        try importRoster(roster, fileName: fileName, request: request, forms: forms, by: actor, shareVerdicts: true,
                         observer: observer)
    }

    /// `shareVerdicts: false` evaluates every row on its own (the tests compare the two).
    func importRoster(_ data: Data, fileName: String, request: RosterRequest, forms: FormSet, by actor: Actor,
                      shareVerdicts: Bool) throws -> RosterResult {
        try importRoster(RosterFile(data), fileName: fileName, request: request, forms: forms, by: actor,
                         shareVerdicts: shareVerdicts, observer: .none)
    }

    func importRoster(_ roster: RosterFile, fileName: String, request: RosterRequest, forms: FormSet, by actor: Actor,
                      shareVerdicts: Bool, observer: RosterObserver) throws -> RosterResult {
        var plan = try checkRoster(roster, fileName: fileName, request: request, forms: forms,
                                   shareVerdicts: shareVerdicts, observer: observer)
        if request.dryRun { return plan.result(rosterID: nil) }
        if observer.isCancelled() { throw StoreError.cancelled }
        return try registerRoster(&plan, by: actor)
    }

    /// The request as it will be kept, or why not.
    static func checked(_ request: RosterRequest, forms: FormSet) throws -> RosterRequest {
        let school = request.school.trimmed(.whitespaces)
        let place = request.place.trimmed(.whitespaces)
        guard !school.isEmpty else { throw StoreError.invalidInput(field: "school", reason: "学校名称不能为空") }
        guard !place.isEmpty else { throw StoreError.invalidInput(field: "place", reason: "学校所在统筹区不能为空") }
        if let problem = SafeText.problem(in: school, maxLength: SafeText.maxLineLength) {
            throw StoreError.invalidInput(field: "school", reason: problem)
        }
        if let problem = SafeText.problem(in: place, maxLength: SafeText.maxLineLength) {
            throw StoreError.invalidInput(field: "place", reason: problem)
        }
        guard LocalDate.inputYears.contains(request.year) else {
            throw StoreError.invalidInput(field: "year", reason: "年度 \(request.year) 超出范围（1900–2099）")
        }
        guard forms.policy(request.region) != nil, forms.workflows["student"] != nil else {
            throw StoreError.invalidInput(field: "region", reason: "未知的地区档案“\(request.region)”或缺少学生参保业务")
        }
        var request = request
        request.school = school
        request.place = place
        return request
    }

    /// Every check of every row, reading the store without its write lock. Two cores: this one sorts the numbers,
    /// looks up two thirds of them in the store and judges their rows; the other checks every row's own cells, then
    /// looks up and judges the remaining third. Rows the lookup did not cover are judged last, here.
    func checkRoster(_ roster: RosterFile, fileName: String, request: RosterRequest, forms: FormSet, shareVerdicts: Bool,
                     observer: RosterObserver) throws -> RosterPlan {
        let request = try Self.checked(request, forms: forms)
        var timings = RosterTimings()
        timings.read = roster.readSeconds
        let table = roster.table, columns = roster.columns

        let validateStart = DispatchTime.now().uptimeNanoseconds
        let kinds = forms.workflows["student"]?.field("person.document")?.kinds ?? [.residentID]
        let checker = RosterRowChecker(columns: columns, header: table.header, today: request.today, kinds: kinds)
        let context = RosterContext(request: request, forms: forms, header: table.header, columns: columns)
        let meter = RosterMeter(rows: table.rows.count, observer: observer)
        let backend = self.backend
        return try StoreError.mapping(path: path) {
            // Whatever is written after this row of the audit log is judged again in the write transaction.
            let auditHead = try backend.read { try Int64.fetchOne($0, sql: "SELECT COALESCE(MAX(seq), 0) FROM audit_log") ?? 0 }
            let helper = RosterHelper(assessor: RosterAssessor(context: context, shareVerdicts: shareVerdicts), meter: meter)
            let lookupReady = DispatchSemaphore(value: 0), checksDone = DispatchSemaphore(value: 0)
            let group = DispatchGroup()
            group.enter()
            DispatchQueue.global(qos: .userInitiated).async {
                defer { group.leave() }
                helper.check(checker, table)
                lookupReady.wait()
                let lookup = helper.lookup
                let before = helper.candidates.count
                RosterRepeats.reject(&helper.candidates, &helper.issues, table: table, column: table.header[columns.number],
                                     lookup: lookup)
                let repeats = before - helper.candidates.count
                _ = meter.add(checked: repeats, rejected: repeats)
                helper.outcomes = RosterOutcomes(count: helper.candidates.count)
                checksDone.signal()
                guard !meter.isStopped else { return }
                do {
                    let part = try backend.read { try lookup.run($0, helper.theirs, table.text) }
                    try helper.assessor.judge(helper.candidates, part: 2, of: lookup, part, into: helper.outcomes, meter: meter)
                } catch {
                    helper.error = error
                }
            }
            let lookup = RosterLookup(table, checker)
            helper.lookup = lookup
            helper.theirs = lookup.groups.indices.filter { lookup.partOf(group: $0) == 2 }
            lookupReady.signal()
            var assessor = RosterAssessor(context: context, shareVerdicts: shareVerdicts)
            do {
                let groups = lookup.groups.indices.filter { lookup.partOf(group: $0) == 1 }
                let part = try backend.read { try lookup.run($0, groups, table.text) }
                checksDone.wait()
                if !meter.isStopped {
                    try assessor.judge(helper.candidates, part: 1, of: lookup, part, into: helper.outcomes, meter: meter)
                }
            } catch {
                group.wait()
                throw error
            }
            group.wait()
            if let error = helper.error { throw error }
            if meter.isStopped { throw StoreError.cancelled }
            let candidates = helper.candidates, outcomes = helper.outcomes
            let others = candidates.indices.filter { lookup.partOf(row: candidates[$0].row) == 0 }
            if !others.isEmpty {
                let found = try backend.read { try RosterAssessor.lookUp($0, others.map { candidates[$0] }) }
                var tally = RosterMeter.Tally()
                for (i, slot) in zip(others, found.slots) {
                    outcomes[i] = try assessor.outcome(for: candidates[i], person: slot >= 0 ? found.persons[slot] : nil)
                    guard tally.count(rejected: outcomes[i].isRejected, meter) else { throw StoreError.cancelled }
                }
                guard tally.flush(meter) else { throw StoreError.cancelled }
            }
            timings.validate = Self.seconds(since: validateStart)
            return RosterPlan(request: request, fileName: fileName, file: roster, candidates: candidates, outcomes: outcomes, rowIssues: helper.issues,
                              assessor: assessor, otherEvaluations: helper.assessor.evaluated, auditHead: auditHead,
                              timings: timings)
        }
    }

    static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// The other core's share: every row's own checks, then a third of the store lookup and its rows' judgement.
final class RosterHelper: @unchecked Sendable {
    /// Set before the helper is released to use them.
    var lookup = RosterLookup()
    var theirs: [Int] = []
    var candidates: [RosterCandidate] = []
    var issues: [[RosterIssue]] = []
    var assessor: RosterAssessor
    /// Allocated before `checksDone`, when the candidates are known; both cores write it.
    var outcomes = RosterOutcomes(count: 0)
    var error: Error?
    let meter: RosterMeter

    init(assessor: RosterAssessor, meter: RosterMeter) {
        self.assessor = assessor
        self.meter = meter
    }

    func check(_ checker: RosterRowChecker, _ table: CSVTable) {
        issues = Array(repeating: [], count: table.rows.count)
        candidates.reserveCapacity(table.rows.count)
        var tally = RosterMeter.Tally()
        table.text.withUnsafeBufferPointer { text in
            var kindCache = RosterRowChecker.KindCache()
            var fields: [Range<Int>] = []
            for i in table.rows.indices {
                switch checker.check(table, i, text, &kindCache, &fields) {
                case let .success(candidate):
                    candidates.append(candidate)
                    guard tally.tick(meter) else { return }
                case let .failure(problems):
                    issues[i] = problems.issues
                    guard tally.count(rejected: true, meter) else { return }
                }
            }
        }
        _ = tally.flush(meter)
    }
}
