import CanbaoRules
import Foundation

extension CounterStore {
    /// Inserts persons new to the store with their records, many rows per statement: filling an empty database on a
    /// server, where every statement is a round trip and `load`'s lookups (is this person there already?) would take
    /// hours at a city's size. One transaction, sealed into the audit chain like every write (one `store.import`
    /// entry sums it up, and the digest of every row written is recorded), so `store verify` holds it as it holds an
    /// import. A person already in the store violates the document's uniqueness: the whole call is refused and
    /// nothing of it is kept.
    @discardableResult
    public func loadNew(_ persons: [InterchangePerson], by actor: Actor,
                        detail: [String: String] = [:]) throws -> ImportSummary {
        let at = timestamp
        return try write { db in
            var summary = ImportSummary()
            var start = 0
            while start < persons.count {
                let chunk = persons[start..<min(persons.count, start + Self.personsPerInsert)]
                start += chunk.count
                let ids = try insertPersons(db, chunk, at: at)
                summary.personsInserted += chunk.count
                var rows: [(personID: Int64, record: NewEnrollment)] = []
                for entry in chunk {
                    guard let id = ids[Self.documentKey(entry.person.document)] else {
                        throw StoreError.notAllowed("批量写入后找不到人员 \(entry.person.document.normalizedNumber)")
                    }
                    rows += entry.records.map { (id, $0) }
                }
                var first = 0
                while first < rows.count {
                    let part = rows[first..<min(rows.count, first + Self.recordsPerInsert)]
                    first += part.count
                    try insertRecords(db, part, at: at)
                }
                summary.recordsInserted += rows.count
            }
            var auditDetail = detail
            auditDetail["persons_inserted"] = String(summary.personsInserted)
            auditDetail["persons_updated"] = "0"
            auditDetail["records_inserted"] = String(summary.recordsInserted)
            auditDetail["records_updated"] = "0"
            try appendAudit(db, actor: actor, action: "store.import", entity: "store", entityID: nil,
                            detail: auditDetail, at: at)
            return summary
        }
    }

    /// Persons per INSERT (8 parameters each) and records per INSERT (12 each): well below PostgreSQL's 65,535.
    static let personsPerInsert = 1_000
    static let recordsPerInsert = 2_000

    private static func documentKey(_ document: IdentityDocument) -> String {
        document.kind.rawValue + "\u{1F}" + document.normalizedNumber
    }

    /// The new rows' ids by document (RETURNING does not promise the order of VALUES).
    private func insertPersons(_ db: SQLConnection, _ chunk: ArraySlice<InterchangePerson>,
                               at: Date) throws -> [String: Int64] {
        var arguments = SQLArguments()
        for entry in chunk {
            let input = entry.person
            arguments += [input.document.kind.rawValue, input.document.normalizedNumber, input.document.nationality,
                          input.name.trimmed(.whitespacesAndNewlines), input.birthDate, input.sex, at, at]
        }
        let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
        let rows = try SQLRow.fetchAll(db.cachedStatement(sql: """
            INSERT INTO person (document_kind, document_number, nationality, name, birth_date, sex, created_at, updated_at)
            VALUES \(values) RETURNING id, document_kind, document_number
            """), arguments: arguments)
        var ids: [String: Int64] = [:]
        for row in rows {
            let kind: String = row["document_kind"], number: String = row["document_number"]
            ids[kind + "\u{1F}" + number] = row["id"]
        }
        return ids
    }

    private func insertRecords(_ db: SQLConnection, _ rows: ArraySlice<(personID: Int64, record: NewEnrollment)>,
                               at: Date) throws {
        var arguments = SQLArguments()
        for (personID, record) in rows {
            arguments += [personID, record.place, record.scheme, record.flexible, record.status, record.year,
                          EnrollmentValidation.monthsJSON(record.months), record.paid, record.amountFen, record.since,
                          nil as Int64?, at]
        }
        let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows.count).joined(separator: ", ")
        try db.cachedStatement(sql: """
            INSERT INTO enrollment_record
                (person_id, place, scheme, flexible, status, year, months, paid, amount_fen, since, case_id, updated_at)
            VALUES \(values)
            """).execute(arguments: arguments)
    }
}
