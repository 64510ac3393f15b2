import CanbaoRules
import Foundation
import GRDB
import GRDBSQLite

/// The write of a checked roster: one short transaction that first judges again the rows whose persons others wrote
/// while the roster was checked, then registers.
extension CounterStore {
    func registerRoster(_ plan: inout RosterPlan, by actor: Actor) throws -> RosterResult {
        let start = DispatchTime.now().uptimeNanoseconds
        // Hashed while the file was read: nothing of it is computed with the write lock held.
        let sha256 = plan.file.sha256
        var result = try write { db in
            try recheckRoster(db, &plan)
            var result = plan.result(rosterID: nil)
            if result.registered + result.alreadyEnrolled > 0 {
                result.rosterID = try writeRoster(db, result, plan, sha256: sha256, actor: actor)
            }
            result.timings.writeRows = Self.seconds(since: start)
            return result
        }
        result.timings.register = Self.seconds(since: start)
        return result
    }

    /// The rows another terminal may have changed the answer for since `plan.auditHead`: judged again with what the
    /// store holds now (the write lock is held, so nothing changes before the writes). Nothing written: no work.
    func recheckRoster(_ db: SQLConnection, _ plan: inout RosterPlan) throws {
        let affected: [Int]
        switch try RosterChanges.since(plan.auditHead, db) {
        case .none:
            return
        case .everything:
            affected = Array(plan.candidates.indices)
        case let .persons(ids):
            affected = try Self.candidates(of: ids, in: plan.candidates, db)
        }
        guard !affected.isEmpty else { return }
        let found = try RosterAssessor.lookUp(db, affected.map { plan.candidates[$0] })
        for (i, slot) in zip(affected, found.slots) {
            plan.outcomes[i] = try plan.assessor.outcome(for: plan.candidates[i], person: slot >= 0 ? found.persons[slot] : nil)
        }
        plan.rechecked = affected.count
    }

    /// The candidates whose document is that of one of the persons.
    static func candidates(of persons: Set<Int64>, in candidates: [RosterCandidate], _ db: SQLConnection) throws -> [Int] {
        var keys = Set<Int>(), texts = Set<String>()
        let rows = try SQLRow.fetchCursor(db, sql: """
            SELECT document_kind, document_number FROM person WHERE id IN \(db.dialect.jsonArrayIntegers)
            """, arguments: [RosterAssessor.jsonArray(persons.map { String($0) })])
        while let row = try rows.next() {
            let kind: String = row[0], number: String = row[1]
            if let key = DocumentKind(rawValue: kind).flatMap({ RosterLookup.key($0, number) }) {
                keys.insert(key)
            } else {
                texts.insert("\(kind):\(number)")
            }
        }
        return candidates.indices.filter { i in
            let c = candidates[i]
            if let key = c.key { return keys.contains(key) }
            return texts.contains("\(c.kind.rawValue):\(c.number)")
        }
    }

    private func writeRoster(_ db: SQLConnection, _ result: RosterResult, _ plan: RosterPlan, sha256: String,
                             actor: Actor) throws -> Int64 {
        let at = timestamp
        let r = result.request
        let rosterID = try db.insert("""
            INSERT INTO roster (school, place, year, file, sha256, row_count, registered, already_enrolled, rejected,
                                imported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [r.school, r.place, r.year, result.fileName, sha256, result.rowCount, result.registered,
                             result.alreadyEnrolled, result.rejected.count, at])
        // SQLite: a million rows through its C API (`writeRosterRows(_: SQLiteConnection…)`); the same rows, the same
        // audit, through the seam on any other engine.
        let (personsAdded, replacedIDs) = if let sqlite = db as? SQLiteConnection {
            try writeRosterRows(sqlite, rosterID: rosterID, result, plan, at: at)
        } else {
            try writeRosterRows(db, rosterID: rosterID, result, plan, at: at)
        }
        var detail = ["school": r.school, "place": r.place, "year": String(r.year), "file": result.fileName,
                      "sha256": sha256, "encoding": result.encoding.rawValue,
                      "rows": String(result.rowCount), "registered": String(result.registered),
                      "already_enrolled": String(result.alreadyEnrolled),
                      "rejected": String(result.rejected.count), "persons_added": String(personsAdded),
                      "replaced": replacedIDs.joined(separator: ",")]
        if plan.rechecked > 0 { detail["rechecked"] = String(plan.rechecked) }
        try appendAudit(db, actor: actor, action: "roster.import", entity: "roster", entityID: String(rosterID),
                        detail: detail, at: at)
        return rosterID
    }

    /// The roster's members, new persons and records, one statement each through the seam.
    private func writeRosterRows(_ db: SQLConnection, rosterID: Int64, _ result: RosterResult, _ plan: RosterPlan,
                                 at: Date) throws -> (personsAdded: Int, replacedIDs: [String]) {
        let r = result.request
        let table = plan.table
        let member = db.cachedStatement(sql: """
            INSERT INTO roster_member (roster_id, person_id, record_id, line, class) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """)
        let change = db.cachedStatement(sql: """
            UPDATE enrollment_record SET status = ?, since = ?, updated_at = ? WHERE id = ? AND status <> 'terminated'
            """)
        var personsAdded = 0
        var replacedIDs: [String] = []
        let enrollment = NewEnrollment(place: r.place, scheme: .resident, year: r.year, paid: false, since: r.today)
        for i in plan.writeOrder() {
            let candidate = plan.candidates[i], outcome = plan.outcomes[i]
            let row = table.rows[candidate.row]
            let className = plan.columns.className
                .map { table.string(row, $0).trimmed(.whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            switch outcome {
            case let .register(_, replaces):
                let (personID, upsert) = try upsertPersonRow(db, candidate.personInput, at: at)
                if upsert == .inserted { personsAdded += 1 }
                let recordID = try insertEnrollmentRow(db, enrollment, personID: personID, caseID: nil, at: at)
                for s in replaces {
                    try change.execute(arguments: [s.status, s.since, at, s.recordID])
                    replacedIDs.append("\(s.recordID):\(s.status.rawValue)")
                }
                try member.execute(arguments: [rosterID, personID, recordID, row.line, className])
            case let .already(personID, recordID):
                // "Already enrolled" rests on the record as read: one edited with the shell must not pass for it.
                db.journal.rely(table: "enrollment_record", rowID: recordID)
                try member.execute(arguments: [rosterID, personID, recordID, row.line, className])
            case .rejected:
                break
            }
        }
        return (personsAdded, replacedIDs)
    }

    /// The roster's rows, members and records, through SQLite's C API (a roster may hold a million students), each
    /// written row noted in the audit journal so the transaction's entry seals its digest as for any other write.
    /// New persons were looked for while checking and the audit log since says no one has written them: they are
    /// inserted without another lookup (a person added meanwhile would fail the unique key and the whole write).
    private func writeRosterRows(_ sqlite: SQLiteConnection, rosterID: Int64, _ result: RosterResult,
                                 _ plan: RosterPlan, at: Date) throws -> (personsAdded: Int, replacedIDs: [String]) {
        let db = sqlite.db
        let atText = StoreTimestamp.text(at)
        let r = result.request
        let table = plan.table
        let insertPerson = try RawStatement(db, """
            INSERT INTO person (document_kind, document_number, nationality, name, birth_date, sex, created_at, updated_at)
            VALUES (?, ?, NULL, ?, ?, ?, ?, ?)
            """)
        let readPerson = try RawStatement(db, "SELECT name, birth_date, sex FROM person WHERE id = ?")
        let updatePerson = try RawStatement(db, "UPDATE person SET birth_date = ?, sex = ?, updated_at = ? WHERE id = ?")
        let insertRecord = try RawStatement(db, """
            INSERT INTO enrollment_record (person_id, place, scheme, flexible, status, year, months, paid, amount_fen, since,
                                           case_id, updated_at)
            VALUES (?, ?, 'resident', 0, 'active', ?, NULL, 0, NULL, ?, NULL, ?)
            """)
        let member = try RawStatement(db, """
            INSERT OR IGNORE INTO roster_member (roster_id, person_id, record_id, line, class) VALUES (?, ?, ?, ?, ?)
            """)
        let change = try RawStatement(db, """
            UPDATE enrollment_record SET status = ?, since = ?, updated_at = ? WHERE id = ? AND status <> 'terminated'
            """)
        insertPerson.bind(6, atText)
        insertPerson.bind(7, atText)
        updatePerson.bind(3, atText)
        insertRecord.bind(2, r.place)
        insertRecord.bind(3, r.year)
        insertRecord.bind(4, r.today.description)
        insertRecord.bind(5, atText)
        member.bind(1, rosterID)
        change.bind(3, atText)
        let connection = db.sqliteConnection
        var personsAdded = 0
        var replacedIDs: [String] = []
        for i in plan.writeOrder() {
            let candidate = plan.candidates[i], outcome = plan.outcomes[i]
            let row = table.rows[candidate.row]
            let className = plan.columns.className
                .map { table.string(row, $0).trimmed(.whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            let personID: Int64, recordID: Int64
            switch outcome {
            case let .register(known, replaces):
                if let known {
                    personID = known
                    try fillIn(known, candidate, readPerson, updatePerson, sqlite.journal)
                } else {
                    insertPerson.bind(1, candidate.kind.rawValue)
                    insertPerson.bind(2, candidate.number)
                    insertPerson.bind(3, candidate.name.trimmed(.whitespacesAndNewlines))
                    insertPerson.bind(4, candidate.birthDate?.description)
                    insertPerson.bind(5, candidate.sex?.rawValue)
                    try insertPerson.execute()
                    personID = sqlite3_last_insert_rowid(connection)
                    sqlite.journal.note(table: "person", rowID: personID, inserted: true)
                    personsAdded += 1
                }
                insertRecord.bind(1, personID)
                try insertRecord.execute()
                recordID = sqlite3_last_insert_rowid(connection)
                sqlite.journal.note(table: "enrollment_record", rowID: recordID, inserted: true)
                for s in replaces {
                    change.bind(1, s.status.rawValue)
                    change.bind(2, s.since.description)
                    change.bind(4, s.recordID)
                    try change.execute()
                    if sqlite3_changes(connection) > 0 { sqlite.journal.note(table: "enrollment_record", rowID: s.recordID) }
                    replacedIDs.append("\(s.recordID):\(s.status.rawValue)")
                }
            case let .already(known, record):
                (personID, recordID) = (known, record)
                sqlite.journal.rely(table: "enrollment_record", rowID: record)
            case .rejected:
                continue
            }
            member.bind(2, personID)
            member.bind(3, recordID)
            member.bind(4, row.line)
            member.bind(5, className)
            try member.execute()
            if sqlite3_changes(connection) > 0 { sqlite.journal.note(table: "roster_member", rowID: sqlite3_last_insert_rowid(connection), inserted: true) }
        }
        return (personsAdded, replacedIDs)
    }

    /// A known person's birth date and sex filled in from the roster where the store has none (the name matched
    /// when checked, the number is the key): as `upsertPersonRow` does for a person found.
    private func fillIn(_ id: Int64, _ candidate: RosterCandidate, _ read: RawStatement, _ update: RawStatement,
                        _ journal: AuditJournal) throws {
        read.bind(1, id)
        guard try read.step() else { throw StoreError.personNotFound(id) }
        let oldBirth = sqlite3_column_text(read.handle, 1).map { String(cString: $0) }
        let oldSex = sqlite3_column_text(read.handle, 2).map { String(cString: $0) }
        read.reset()
        let birth = candidate.birthDate?.description ?? oldBirth
        let sex = candidate.sex?.rawValue ?? oldSex
        guard birth != oldBirth || sex != oldSex else { return }
        update.bind(1, birth)
        update.bind(2, sex)
        update.bind(4, id)
        try update.execute()
        journal.note(table: "person", rowID: id)
    }
}

/// What the audit log says others wrote since a roster's checking began, as far as the roster's judgement goes.
/// Every change of a person or a record writes an audit row in its transaction, so the log is the one place to ask.
enum RosterChanges: Equatable {
    case none
    /// The persons written to (a new person, a changed name, a record added or ended).
    case persons(Set<Int64>)
    /// Something the roster cannot narrow down (a whole import file, an action it does not know): judge every row.
    case everything

    /// Actions that change neither a person's identity nor their records: the judgement reads nothing they write.
    static let unrelated: Set<String> = [
        "case.create", "case.draft", "case.update", "case.status", "case.approval", "case.approve", "case.reject",
        "person.hardship", "store.backup",
    ]

    static func since(_ seq: Int64, _ db: SQLConnection) throws -> RosterChanges {
        var persons = Set<Int64>()
        let rows = try SQLRow.fetchAll(db, sql: "SELECT action, entity_id FROM audit_log WHERE seq > ? ORDER BY seq",
                                    arguments: [seq])
        for row in rows {
            let action: String = row[0]
            let entity: String? = row[1]
            if action.hasPrefix("operator.") || unrelated.contains(action) { continue }
            let ids: [Int64]
            switch action {
            case "person.add", "person.update", "duplicate.resolve":
                ids = entity.flatMap(Int64.init).map { [$0] } ?? []
            case "case.register", "case.complete":
                ids = try Int64.fetchAll(db, sql: "SELECT applicant_id FROM case_record WHERE number = ? AND applicant_id IS NOT NULL",
                                         arguments: [entity])
            case "enrollment.add":
                ids = try Int64.fetchAll(db, sql: "SELECT person_id FROM enrollment_record WHERE id = ?",
                                         arguments: [entity.flatMap(Int64.init)])
            case "roster.import":
                ids = try Int64.fetchAll(db, sql: "SELECT person_id FROM roster_member WHERE roster_id = ?",
                                         arguments: [entity.flatMap(Int64.init)])
                // A roster with no one kept (every row rejected) changed nothing.
                persons.formUnion(ids)
                continue
            default:
                return .everything
            }
            guard !ids.isEmpty else { return .everything }
            persons.formUnion(ids)
        }
        return persons.isEmpty ? .none : .persons(persons)
    }
}
