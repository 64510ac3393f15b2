import CanbaoRules
import Foundation
import GRDB
import GRDBSQLite

/// What the counter knows about the person beyond the store (by record id), for the retention principles.
public struct DuplicateChoices: Hashable, Sendable {
    /// 常住地.
    public var residencePlace: String?
    /// The record the person chose to keep (in writing where the principle asks for a commitment).
    public var keepRecordID: Int64?
    /// 现就业地.
    public var currentEmploymentPlace: String?
    /// Records enrolled as a government-assisted person; nil when not known.
    public var assistedRecordIDs: Set<Int64>?

    public init(residencePlace: String? = nil, keepRecordID: Int64? = nil, currentEmploymentPlace: String? = nil,
                assistedRecordIDs: Set<Int64>? = nil) {
        self.residencePlace = residencePlace
        self.keepRecordID = keepRecordID
        self.currentEmploymentPlace = currentEmploymentPlace
        self.assistedRecordIDs = assistedRecordIDs
    }
}

/// One duplicate of one person in the store's terms.
public struct StoredDuplicate: Hashable, Sendable {
    public var duplicate: Duplicate
    public var retention: Retention
    /// The records involved, in the order of `duplicate.records`.
    public var recordIDs: [Int64]
    /// The record to keep; nil until the facts the principle needs are given (`retention.missingFacts`).
    public var keepRecordID: Int64?
    /// The status change of every other record (`since` = the review date), ready for `resolveDuplicate`.
    public var changes: [Suspension]
    /// A draft `refund` case for each change that owes a refund (国家规程 第十六条), to open at the counter.
    public var refundCases: [CaseFile]
}

/// A person's duplicates with what they were judged on.
public struct PersonDuplicates: Sendable {
    public var person: PersonRecord
    /// Every record of the person, oldest first; the rules' record indices point into this array.
    public var records: [EnrollmentRecord]
    /// The facts retention used (school place from a roster or a student case, flexibility from the records).
    public var facts: DuplicateFacts
    public var duplicates: [StoredDuplicate]

    public func record(id: Int64) -> EnrollmentRecord? { records.first { $0.id == id } }
}

/// Figures of a store-wide scan.
public struct DuplicateScanSummary: Hashable, Sendable {
    public var recordsScanned = 0
    /// Persons with two or more paid records in force that could overlap (checked in full).
    public var personsChecked = 0
    public var personsWithDuplicates = 0
    public var duplicates: [Duplicate.Rule: Int] = [:]

    public init() {}
}

extension CounterStore {
    /// The person's duplicate enrollments (内蒙古细则 第二十三条) with the region's retention principle, for the person
    /// screen. `choices` carries what the clerk learnt from the person (choice, residence, assisted status).
    public func duplicates(forPerson personID: Int64, policy: Policy, today: LocalDate,
                           choices: DuplicateChoices = DuplicateChoices()) throws -> PersonDuplicates? {
        try read { db in
            guard let person = try PersonRecord.fetchOne(db, id: personID) else { return nil }
            return try review(db, person, policy: policy, today: today, choices: choices)
        }
    }

    /// Scans the whole store in one read transaction (one consistent snapshot) and calls `visit` for each person
    /// with a duplicate, in person order. With `place`, only duplicates involving a record whose place starts with
    /// it (`1506` covers `150621`). Streams: memory does not grow with the store.
    @discardableResult
    public func scanDuplicates(policy: Policy, today: LocalDate, place: String? = nil,
                               visit: (PersonDuplicates) throws -> Void) throws -> DuplicateScanSummary {
        let prefix = place?.trimmed(.whitespaces).nilIfEmpty
        return try read { db in
            var summary = DuplicateScanSummary()
            let sql = Self.recordsInForceQuery
            let next: () throws -> (person: Int64, employee: Bool, year: Int?)?
            if let sqlite = db as? SQLiteConnection {
                // Millions of rows: on SQLite read through its C API, without a row value each.
                let rows = try RawStatement(sqlite.db, sql)
                let handle = rows.handle
                next = {
                    guard try rows.step() else { return nil }
                    return (sqlite3_column_int64(handle, 0), sqlite3_column_int64(handle, 1) != 0,
                            sqlite3_column_type(handle, 2) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(handle, 2)))
                }
            } else {
                let rows = try SQLRow.fetchCursor(db, sql: sql)
                next = { try rows.next().map { ($0[0], $0[1], $0[2]) } }
            }
            var current: Int64 = -1
            var employees = 0
            var years: [Int] = []
            func finish() throws {
                guard current >= 0 else { return }
                let possible = employees >= 2 || (employees >= 1 && !years.isEmpty)
                    || (years.count >= 2 && Set(years).count < years.count)
                guard possible else { return }
                summary.personsChecked += 1
                guard let person = try PersonRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM person WHERE id = ?"),
                                                             arguments: [current]),
                      var found = try review(db, person, policy: policy, today: today, choices: DuplicateChoices())
                else { return }
                if let prefix {
                    found.duplicates = found.duplicates.filter { d in
                        d.recordIDs.contains { id in found.record(id: id)?.place.hasPrefix(prefix) == true }
                    }
                }
                guard !found.duplicates.isEmpty else { return }
                summary.personsWithDuplicates += 1
                for d in found.duplicates { summary.duplicates[d.duplicate.rule, default: 0] += 1 }
                try visit(found)
            }
            while let row = try next() {
                summary.recordsScanned += 1
                let person = row.person
                if person != current {
                    try finish()
                    current = person
                    employees = 0
                    years.removeAll(keepingCapacity: true)
                }
                if row.employee {
                    employees += 1
                } else if let year = row.year {
                    years.append(year)
                }
            }
            try finish()
            return summary
        }
    }

    /// Only scheme and year are read per row: enough to see which persons could hold a duplicate (two employee
    /// records, one resident year twice, or a resident and an employee record). Read from the index of records in
    /// force alone (`enrollment_record_in_force`), in person order.
    static let recordsInForceQuery = """
        SELECT person_id, scheme = 'employee', year FROM enrollment_record
        WHERE status = 'active' AND paid = 1 ORDER BY person_id
        """

    /// Carries out a retention: the other records are suspended or terminated and a draft `refund` case is opened for
    /// each refund due, in one transaction with its audit rows. The records must still form a duplicate (checked again
    /// here, so a stale screen changes nothing). Refund cases are opened by an operator, never by the system.
    @discardableResult
    public func resolveDuplicate(personID: Int64, keep keepID: Int64, changes: [Suspension], by actor: Actor,
                                 note: String? = nil, refunds: [CaseFile] = []) throws -> [EnrollmentRecord] {
        try resolveDuplicateOpeningRefunds(personID: personID, keep: keepID, changes: changes, by: actor, note: note,
                                           refunds: refunds).changed
    }

    /// As `resolveDuplicate`, returning the refund cases opened too.
    public func resolveDuplicateOpeningRefunds(personID: Int64, keep keepID: Int64, changes: [Suspension], by actor: Actor,
                                               note: String? = nil, refunds: [CaseFile]) throws
        -> (changed: [EnrollmentRecord], refundCases: [CaseRecord]) {
        guard !changes.isEmpty else { throw StoreError.invalidInput(field: "changes", reason: "没有要中止的参保记录") }
        for change in changes where change.status == .active || change.recordID == keepID {
            throw StoreError.recordNotReplaceable(recordID: change.recordID, reason: "只能暂停或终止保留关系以外的参保记录")
        }
        let at = timestamp
        return try write { db in
            try resolveDuplicate(db, personID: personID, keep: keepID, changes: changes, by: actor, note: note, refunds: refunds,
                                 at: at)
        }
    }

    /// The retention inside a transaction: checked again, carried out, audited, refunds opened.
    func resolveDuplicate(_ db: SQLConnection, personID: Int64, keep keepID: Int64, changes: [Suspension], by actor: Actor,
                          note: String?, refunds: [CaseFile], at: Date) throws
        -> (changed: [EnrollmentRecord], refundCases: [CaseRecord]) {
        guard try PersonRecord.exists(db, id: personID) else { throw StoreError.personNotFound(personID) }
        let records = try personRecords(db, personID)
        // Whether they are a duplicate, and which one is kept, rests on every record of the person: a record inserted
        // with the shell must not be the one kept while the genuine ones are ended.
        db.journal.rely(table: "person", rowID: personID)
        for record in records { db.journal.rely(table: "enrollment_record", rowID: record.id) }
        let platform = records.map(\.platformRecord)
        let involved = Set(changes.map(\.recordID) + [keepID])
        let duplicate = DuplicateDetection.detect(platform).first { d in
            involved.isSubset(of: Set(d.records.map { records[$0].id }))
        }
        guard let duplicate else {
            throw StoreError.notAllowed("参保记录 \(involved.sorted().map(String.init).joined(separator: "、")) 当前不构成重复参保")
        }
        for change in changes {
            try db.run("UPDATE enrollment_record SET status = ?, since = ?, updated_at = ? WHERE id = ?",
                       arguments: [change.status, change.since, at, change.recordID])
        }
        var detail = ["person": String(personID), "keep": String(keepID), "rule": duplicate.rule.rawValue,
                      "citation": duplicate.citation,
                      "changed": changes.map { "\($0.recordID):\($0.status.rawValue)" }.joined(separator: ",")]
        if let note, !note.isEmpty { detail["note"] = note }
        try appendAudit(db, actor: actor, action: "duplicate.resolve", entity: "person", entityID: String(personID),
                        detail: detail, at: at)
        var opened: [CaseRecord] = []
        if !refunds.isEmpty {
            guard case let .operator(operatorID) = actor else {
                throw StoreError.notAllowed("退费办件须由操作员开立")
            }
            for refund in refunds {
                opened.append(try insertCase(db, refund, applicantID: personID, by: operatorID, at: at))
            }
        }
        return (try changes.map { try fetchRecord(db, $0.recordID) }, opened)
    }

    // MARK: - Inside a transaction

    func personRecords(_ db: SQLConnection, _ personID: Int64) throws -> [EnrollmentRecord] {
        try EnrollmentRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM enrollment_record WHERE person_id = ? ORDER BY id"),
                                      arguments: [personID])
    }

    /// The place of the person's school (学籍地): the latest roster that enrolled them, else a registered student case.
    func schoolPlace(_ db: SQLConnection, _ personID: Int64) throws -> String? {
        if let place = try String.fetchOne(db.cachedStatement(sql: """
            SELECT r.place FROM roster_member m JOIN roster r ON r.id = m.roster_id
            WHERE m.person_id = ? ORDER BY r.year DESC, r.id DESC LIMIT 1
            """), arguments: [personID]) {
            return place
        }
        return try String.fetchOne(db.cachedStatement(sql: """
            SELECT \(db.dialect.jsonText("case_json", ["facts", "school_place"])) FROM case_record
            WHERE applicant_id = ? AND workflow = 'student' AND status = 'registered' ORDER BY id DESC LIMIT 1
            """), arguments: [personID])
    }

    func review(_ db: SQLConnection, _ person: PersonRecord, policy: Policy, today: LocalDate,
                choices: DuplicateChoices) throws -> PersonDuplicates? {
        let records = try personRecords(db, person.id)
        let platform = records.map(\.platformRecord)
        let index = Dictionary(uniqueKeysWithValues: records.enumerated().map { ($1.id, $0) })
        let facts = DuplicateFacts(
            flexible: Set(records.indices.filter { records[$0].flexible }),
            assisted: choices.assistedRecordIDs.map { Set($0.compactMap { index[$0] }) },
            schoolPlace: try schoolPlace(db, person.id),
            residencePlace: choices.residencePlace,
            chosenRecord: choices.keepRecordID.flatMap { index[$0] },
            currentEmploymentPlace: choices.currentEmploymentPlace)
        let party = Party(name: person.name, document: person.document, birthDate: person.birthDate, sex: person.sex)
        let found = DuplicateRetention.review(platform, facts: facts, policy: policy, today: today).map { d, r in
            let keep = r.keep.map { records[$0].id }
            return StoredDuplicate(
                duplicate: d, retention: r, recordIDs: d.records.map { records[$0].id }, keepRecordID: keep,
                changes: r.actions.map {
                    Suspension(recordID: records[$0.record].id, status: $0.action == .terminate ? .terminated : .suspended,
                               since: today)
                },
                refundCases: r.keep.map { kept in
                    r.actions.compactMap {
                        DuplicateResolution.refundCase(for: $0, keep: kept, records: platform, person: party, facts: facts,
                                                       region: policy.id, today: today)
                    }
                } ?? [])
        }
        return PersonDuplicates(person: person, records: records, facts: facts, duplicates: found)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
