import CanbaoRules
import Foundation
import GRDB

/// What every row of one roster is judged against.
struct RosterContext {
    let request: RosterRequest
    let forms: FormSet
    let header: [String]
    let columns: RosterColumns.Positions
}

enum RosterOutcome {
    case register(personID: Int64?, replaces: [Suspension])
    case already(personID: Int64, recordID: Int64)
    case rejected([RosterIssue])
}

/// The registration check of a roster's rows against the store: each row's student case through the rules core, as
/// the counter would judge it, with the verdicts of rows alike shared.
struct RosterAssessor {
    let context: RosterContext
    private(set) var evaluated = 0
    /// Decisions by everything of the case but the name, the number and the exact birth date. The name and number
    /// are checked above by the same `IdentityValidation` calls the `identity.valid` rule makes, and no rule of the
    /// student workflow reads them otherwise; the birth date counts through the age (a minor needs a guardian) and
    /// the year of birth. `RosterTests` compares this with evaluating every row.
    private var decisions: [VerdictKey: Decision] = [:]
    private var withoutRecords: [Int: Decision] = [:]
    /// Tests turn the sharing off to compare.
    var shareVerdicts = true

    struct VerdictKey: Hashable {
        var kind: DocumentKind
        var age: Int?
        var birthYear: Int?
        var sex: Sex?
        var records: [PlatformRecord]

        /// Equality compares every field; the hash leaves out what the standard library hashes slowly (an enum with
        /// raw values by its raw text: the kind, the sex, each record's scheme and status) and what the few keys of
        /// one roster (one per distinct verdict, each a run of the rules core) hardly differ in.
        func hash(into hasher: inout Hasher) {
            hasher.combine(RosterAssessor.code(kind))
            hasher.combine(age)
            hasher.combine(birthYear)
            hasher.combine(sex == nil ? 0 : sex == .male ? 1 : 2)
            hasher.combine(records.count)
            for record in records {
                hasher.combine(record.place)
                hasher.combine(record.year)
                hasher.combine(record.paid)
            }
        }
    }

    /// The kind as a small number, for hashing and packing without its raw text.
    static func code(_ kind: DocumentKind) -> Int {
        switch kind {
        case .residentID: return 0
        case .hmtResidencePermit: return 1
        case .hkMacauPermit: return 2
        case .taiwanPermit: return 3
        case .foreignPermanentResidence: return 4
        case .foreignResidencePermit: return 5
        case .foreignPassport: return 6
        case .birthCertificate: return 7
        case .other: return 8
        }
    }

    /// A verdict as the roster uses it: register (replacing records by their position in the person's list), or not.
    enum Decision {
        case register(replacing: [(position: Int, status: EnrollmentStatus)])
        case rejected([RosterIssue])
    }

    init(context: RosterContext, shareVerdicts: Bool = true) {
        self.context = context
        self.shareVerdicts = shareVerdicts
    }

    /// The outcome of each candidate whose number is in `part` of the lookup, with the persons that part found,
    /// into `outcomes` (the other core writes the other part's at the same time); fewer when the meter says stop.
    mutating func judge(_ candidates: [RosterCandidate], part: UInt8, of lookup: RosterLookup,
                        _ found: RosterLookup.Part, into outcomes: RosterOutcomes, meter: RosterMeter) throws {
        let personOfRow = lookup.personOfRow(found, rows: lookup.partOfRow.count)
        var tally = RosterMeter.Tally()
        for (i, c) in candidates.enumerated() where lookup.partOfRow[c.row] == part {
            let slot = personOfRow[c.row]
            let outcome = try outcome(for: c, person: slot >= 0 ? found.persons[Int(slot)] : nil)
            outcomes[i] = outcome
            guard tally.count(rejected: outcome.isRejected, meter) else { return }
        }
        _ = tally.flush(meter)
    }

    /// One candidate's outcome, given the person the store holds under its number (nil: none).
    mutating func outcome(for c: RosterCandidate, person: RosterKnown?) throws -> RosterOutcome {
        let today = context.request.today
        guard let person else {
            return Self.outcome(try decision(for: c, records: []), personID: nil, records: [], today: today)
        }
        if person.name != c.name {
            return .rejected([RosterIssue(column: context.header[context.columns.name],
                                          reason: "与参保信息库中该证件登记的姓名“\(person.name)”不一致")])
        }
        let place = context.request.place, year = context.request.year
        if let same = person.records.first(where: {
            $0.record.status == .active && $0.record.scheme == .resident && $0.record.place == place
                && $0.record.year == year
        }) {
            return .already(personID: person.id, recordID: same.id)
        }
        let decision = try decision(for: c, records: person.records.map(\.record))
        return Self.outcome(decision, personID: person.id, records: person.records, today: today)
    }

    /// Static: a method of `self` called from a mutating one copies the whole assessor (its context and both
    /// caches) on every row.
    private static func outcome(_ decision: Decision, personID: Int64?, records: [(id: Int64, record: PlatformRecord)],
                                today: LocalDate) -> RosterOutcome {
        switch decision {
        case let .register(replacing):
            return .register(personID: personID, replaces: replacing.map {
                Suspension(recordID: records[$0.position].id, status: $0.status, since: today)
            })
        case let .rejected(issues):
            return .rejected(issues)
        }
    }

    private func issue(_ f: Finding) -> RosterIssue {
        let h = context.header, c = context.columns
        let column: String?
        switch f.field {
        case "person.name": column = h[c.name]
        case "person.document": column = h[c.number]
        case "person.birth_date": column = c.birth.map { h[$0] }
        case "person.sex": column = c.sex.map { h[$0] }
        default: column = nil
        }
        return RosterIssue(column: column, reason: "\(f.message)（\(f.citation)）")
    }

    private mutating func decision(for c: RosterCandidate, records: [PlatformRecord]) throws -> Decision {
        let today = context.request.today
        let age = c.birthDate.map { b in today.year - b.year - ((today.month, today.day) < (b.month, b.day) ? 1 : 0) }
        // Most students are not in the store yet: their key packs into one integer.
        var packed: Int?
        if records.isEmpty {
            let kind = Self.code(c.kind)
            let sex = c.sex.map { $0 == .male ? 1 : 2 } ?? 0
            packed = (((kind * 1_000 + (age ?? -1) + 1) * 10_000 + (c.birthDate?.year ?? 0)) * 3) + sex
            if shareVerdicts, let cached = withoutRecords[packed!] { return cached }
        }
        let key = VerdictKey(kind: c.kind, age: age, birthYear: c.birthDate?.year, sex: c.sex, records: records)
        if shareVerdicts, packed == nil, let cached = decisions[key] { return cached }
        let r = context.request
        let file = CaseFile(workflow: "student", region: r.region, today: r.today, here: r.place, scheme: .resident,
                            coverageYear: r.year,
                            person: Party(name: c.name, document: c.document, birthDate: c.declaredBirth, sex: c.declaredSex),
                            facts: ["school_place": .text(r.place)],
                            // The roster itself is the school's proof of enrollment (学籍); the number the identity.
                            documentsPresented: [c.kind.rawValue, "student-proof"], platformRecords: records)
        let verdict = try Evaluator.evaluate(file, forms: context.forms)
        evaluated += 1
        let decision: Decision
        switch verdict.decision {
        case .accept:
            decision = .register(replacing: replaced(verdict, records))
        case .refuse:
            decision = .rejected(verdict.findings.filter { $0.severity == .block }.map { issue($0) })
        case .needsApproval:
            decision = .rejected(verdict.findings.filter { $0.severity == .approval }.map {
                var i = issue($0)
                i.reason = "须经审核员审核，不能批量登记：" + i.reason
                return i
            })
        case .missingDocuments:
            decision = .rejected([RosterIssue(column: nil, reason: "缺少材料：" + verdict.missingDocuments.map(\.name).joined(separator: "、"))])
        }
        if shareVerdicts {
            if let packed { withoutRecords[packed] = decision } else { decisions[key] = decision }
        }
        return decision
    }

    /// The positions of the records the verdict replaces, each matched once.
    private func replaced(_ verdict: Verdict, _ records: [PlatformRecord]) -> [(position: Int, status: EnrollmentStatus)] {
        var used = Set<Int>()
        return verdict.replaces.compactMap { r in
            guard let position = records.indices.first(where: {
                !used.contains($0) && records[$0] == r.record && records[$0].status != .terminated
            }) else { return nil }
            used.insert(position)
            return (position, r.action == .terminate ? .terminated : .suspended)
        }
    }

    /// Persons by kind and normalized number, for the candidates the lookup did not cover (another kind, a number
    /// written with spaces or a lower-case x), with their records: for each candidate, its index into the
    /// persons found, or -1.
    static func lookUp(_ db: SQLConnection, _ candidates: [RosterCandidate]) throws -> (persons: [RosterKnown], slots: [Int]) {
        var persons: [RosterKnown] = []
        var slotOf: [DocumentKind: [String: Int]] = [:]
        var byKind: [DocumentKind: [String]] = [:]
        for c in candidates { byKind[c.kind, default: []].append(c.number) }
        for (kind, numbers) in byKind {
            let rows = try SQLRow.fetchCursor(db, sql: """
                SELECT id, document_number, name FROM person
                WHERE document_kind = ? AND document_number IN \(db.dialect.jsonArrayValues)
                """, arguments: [kind.rawValue, jsonArray(numbers)])
            while let row = try rows.next() {
                slotOf[kind, default: [:]][row[1]] = persons.count
                persons.append(RosterKnown(id: row[0], name: row[2]))
            }
        }
        if !persons.isEmpty {
            var index = [Int64: Int](minimumCapacity: persons.count)
            for (i, p) in persons.enumerated() { index[p.id] = i }
            try db.forEachRow("""
                SELECT person_id, id, place, scheme = 'employee', status, year, months, paid, since FROM enrollment_record
                WHERE person_id IN \(db.dialect.jsonArrayIntegers) AND status = 'active' ORDER BY person_id, id
                """, [jsonArray(persons.map { String($0.id) })], cached: false) { row in
                guard let i = index[row.int64(notNull: 0)] else { return }
                persons[i].records.append((row.int64(notNull: 1), RosterKnown.record(row, from: 2)))
            }
        }
        return (persons, candidates.map { slotOf[$0.kind]?[$0.number] ?? -1 })
    }

    /// Document numbers and ids are ASCII letters and digits: no escaping needed, but quotes are dropped anyway.
    static func jsonArray(_ values: [String]) -> String {
        var json = "["
        json.reserveCapacity(values.count * 21 + 2)
        for (i, value) in values.enumerated() {
            if i > 0 { json += "," }
            json += "\""
            json += value.contains(where: { $0 == "\"" || $0 == "\\" }) ? value.filter { $0 != "\"" && $0 != "\\" } : value
            json += "\""
        }
        return json + "]"
    }
}
