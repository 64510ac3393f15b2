import CanbaoRules
import Foundation
import GRDB

extension CounterStore {
    // MARK: - Persons

    /// Inserts the person, or updates the one with the same document (kind + normalized number).
    /// A nil birth date or sex keeps what the store already knows. Writes an audit row when something changed.
    @discardableResult
    public func upsertPerson(_ input: PersonInput, by actor: Actor) throws -> PersonRecord {
        if let problem = PersonValidation.problems(of: input).first {
            throw StoreError.invalidInput(field: problem.field, reason: problem.reason)
        }
        let at = timestamp
        return try write { db in
            let (id, outcome) = try upsertPersonRow(db, input, at: at)
            if outcome != .unchanged {
                try appendAudit(db, actor: actor, action: outcome == .inserted ? "person.add" : "person.update",
                                entity: "person", entityID: String(id),
                                detail: ["document": input.document.key, "name": input.name], at: at)
            }
            return try PersonRecord.fetchOne(db, id: id)!
        }
    }

    /// The person registered with this document, comparing normalized numbers (全角, lower-case x, spaces).
    public func person(byDocument document: IdentityDocument) throws -> PersonRecord? {
        let kind = document.kind, number = document.normalizedNumber
        return try read { db in
            try PersonRecord.fetchOne(db.cachedStatement(sql: """
                SELECT * FROM person WHERE document_kind = ? AND document_number = ?
                """), arguments: [kind, number])
        }
    }

    /// The platform's records for a document, as the rules read them; nil when the store does not know the person.
    public func platformRecords(of document: IdentityDocument) throws -> [PlatformRecord]? {
        guard let person = try person(byDocument: document.normalized) else { return nil }
        return try platformRecords(forPerson: person.id).map(\.platformRecord)
    }

    /// The names of these persons, by id, in one query.
    public func personNames(ids: [Int64]) throws -> [Int64: String] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        return try read { db in
            var names: [Int64: String] = [:]
            for row in try SQLRow.fetchAll(db, sql: "SELECT id, name FROM person WHERE id IN (\(databaseQuestionMarks(count: unique.count)))",
                                        arguments: SQLArguments(unique)) {
                names[row["id"]] = row["name"]
            }
            return names
        }
    }

    public func person(id: Int64) throws -> PersonRecord? {
        try read { db in try PersonRecord.fetchOne(db, id: id) }
    }

    /// Persons whose name starts with `name`, in name order.
    public func searchPersons(name: String, limit: Int = 50) throws -> [PersonRecord] {
        let prefix = name.trimmed(.whitespaces)
        guard !prefix.isEmpty else { return [] }
        // A range on the BINARY-collated index: UTF-8 order is code point order, and U+10FFFF sorts after
        // any character that can follow the prefix.
        let upper = prefix + "\u{10FFFF}"
        return try read { db in
            try PersonRecord.fetchAll(db, sql: "SELECT * FROM person WHERE name >= ? AND name < ? ORDER BY name, id LIMIT ?",
                                      arguments: [prefix, upper, max(0, limit)])
        }
    }

    // MARK: - Platform enrollment records

    /// The person's enrollment records as the platform shows them, oldest first.
    public func platformRecords(forPerson personID: Int64) throws -> [EnrollmentRecord] {
        try read { db in
            try EnrollmentRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM enrollment_record WHERE person_id = ? ORDER BY id"),
                                          arguments: [personID])
        }
    }

    public func platformRecord(id: Int64) throws -> EnrollmentRecord? {
        try read { db in try EnrollmentRecord.fetchOne(db, id: id) }
    }

    /// Adds a record the platform shows for the person (entered at the counter), with its audit row.
    @discardableResult
    public func addPlatformRecord(_ record: NewEnrollment, forPerson personID: Int64,
                                  by actor: Actor) throws -> EnrollmentRecord {
        if let problem = EnrollmentValidation.problems(of: record).first {
            throw StoreError.invalidInput(field: problem.field, reason: problem.reason)
        }
        let at = timestamp
        return try write { db in
            guard try PersonRecord.exists(db, id: personID) else { throw StoreError.personNotFound(personID) }
            let id = try insertEnrollmentRow(db, record, personID: personID, caseID: nil, at: at)
            try appendAudit(db, actor: actor, action: "enrollment.add", entity: "enrollment", entityID: String(id),
                            detail: ["person": String(personID), "place": record.place,
                                     "scheme": record.scheme.rawValue, "status": record.status.rawValue], at: at)
            return try EnrollmentRecord.fetchOne(db, id: id)!
        }
    }

    /// How many rows the main tables hold.
    public func counts() throws -> StoreCounts {
        try read { db in try StoreCounts.fetch(db) }
    }

    // MARK: - Rows, shared with import and registration

    enum UpsertOutcome: Equatable { case inserted, updated, unchanged }

    func upsertPersonRow(_ db: SQLConnection, _ input: PersonInput, at: Date) throws -> (Int64, UpsertOutcome) {
        let kind = input.document.kind.rawValue, number = input.document.normalizedNumber
        let name = input.name.trimmed(.whitespacesAndNewlines)
        let select = db.cachedStatement(sql: """
            SELECT id, name, nationality, birth_date, sex FROM person WHERE document_kind = ? AND document_number = ?
            """)
        if let row = try SQLRow.fetchOne(select, arguments: [kind, number]) {
            let id: Int64 = row["id"]
            let oldName: String = row["name"]
            let oldNationality: String? = row["nationality"]
            let oldBirth: String? = row["birth_date"]
            let oldSex: String? = row["sex"]
            let nationality = input.document.nationality ?? oldNationality
            let birth = input.birthDate?.description ?? oldBirth
            let sex = input.sex?.rawValue ?? oldSex
            if oldName == name, oldNationality == nationality, oldBirth == birth, oldSex == sex {
                return (id, .unchanged)
            }
            let update = db.cachedStatement(sql: """
                UPDATE person SET name = ?, nationality = ?, birth_date = ?, sex = ?, updated_at = ? WHERE id = ?
                """)
            try update.execute(arguments: [name, nationality, birth, sex, at, id])
            return (id, .updated)
        }
        let id = try db.insert("""
            INSERT INTO person (document_kind, document_number, nationality, name, birth_date, sex, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [kind, number, input.document.nationality, name, input.birthDate, input.sex, at, at])
        return (id, .inserted)
    }

    func insertEnrollmentRow(_ db: SQLConnection, _ record: NewEnrollment, personID: Int64, caseID: Int64?,
                             at: Date) throws -> Int64 {
        try db.insert("""
            INSERT INTO enrollment_record
                (person_id, place, scheme, flexible, status, year, months, paid, amount_fen, since, case_id, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [personID, record.place, record.scheme, record.flexible, record.status, record.year,
                             EnrollmentValidation.monthsJSON(record.months), record.paid, record.amountFen, record.since,
                             caseID, at])
    }

    /// Import's idempotence: a record with the same person, place, scheme, flexibility and period is the same
    /// record; its status, payment and date are brought up to date. The store may hold several such records (a
    /// registration suspends one and adds another for the same year): when any of them already reads as given,
    /// nothing is written, rather than the first being overwritten with another's values and counted as updated.
    func upsertEnrollmentRow(_ db: SQLConnection, _ record: NewEnrollment, personID: Int64,
                             at: Date) throws -> UpsertOutcome {
        let months = EnrollmentValidation.monthsJSON(record.months)
        let select = db.cachedStatement(sql: """
            SELECT id, status, paid, amount_fen, since FROM enrollment_record
            WHERE person_id = ? AND place = ? AND scheme = ? AND flexible = ? AND year IS NOT DISTINCT FROM ?
              AND months IS NOT DISTINCT FROM ?
            ORDER BY id
            """)
        let args: SQLArguments = [personID, record.place, record.scheme, record.flexible, record.year, months]
        let rows = try SQLRow.fetchAll(select, arguments: args)
        guard let first = rows.first else {
            _ = try insertEnrollmentRow(db, record, personID: personID, caseID: nil, at: at)
            return .inserted
        }
        let since = record.since?.description
        let same = rows.contains { row in
            row["status"] as String == record.status.rawValue && row["paid"] as Bool == record.paid
                && row["amount_fen"] as Int? == record.amountFen && row["since"] as String? == since
        }
        if same { return .unchanged }
        let update = db.cachedStatement(sql: """
            UPDATE enrollment_record SET status = ?, paid = ?, amount_fen = ?, since = ?, updated_at = ? WHERE id = ?
            """)
        try update.execute(arguments: [record.status, record.paid, record.amountFen, since, at, first["id"] as Int64])
        return .updated
    }
}

/// Row counts of the main tables.
public struct StoreCounts: Hashable, Sendable {
    public var operators: Int
    public var persons: Int
    public var platformRecords: Int
    public var cases: Int
    public var registeredCases: Int
    public var auditEntries: Int

    static func fetch(_ db: SQLConnection) throws -> StoreCounts {
        StoreCounts(
            operators: try Operator.fetchCount(db),
            persons: try PersonRecord.fetchCount(db),
            platformRecords: try EnrollmentRecord.fetchCount(db),
            cases: try CaseRecord.fetchCount(db),
            registeredCases: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_record WHERE status = 'registered'") ?? 0,
            auditEntries: try AuditEntry.fetchCount(db))
    }
}

/// Field checks shared by the API and the import, so both name the same field with the same reason.
enum PersonValidation {
    static func problems(of input: PersonInput) -> [(field: String, reason: String)] {
        var problems: [(String, String)] = []
        if input.document.normalizedNumber.isEmpty { problems.append(("document.number", "不能为空")) }
        if input.name.trimmed(.whitespacesAndNewlines).isEmpty { problems.append(("name", "不能为空")) }
        return problems
    }
}

enum EnrollmentValidation {
    static func problems(of record: NewEnrollment) -> [(field: String, reason: String)] {
        let place: [(field: String, reason: String)] = record.place.trimmed(.whitespaces).isEmpty ? [("place", "不能为空")] : []
        return place + problems(year: record.year, months: record.months, amountFen: record.amountFen)
            + consistency(scheme: record.scheme, flexible: record.flexible, paid: record.paid, amountFen: record.amountFen,
                          year: record.year, since: record.since, birthDate: nil)
    }

    /// Fields of one record that contradict each other (or the person's birth date): each is possible alone, and
    /// together they are a record no platform writes, which the rules would read one way or the other.
    static func consistency(scheme: Scheme?, flexible: Bool?, paid: Bool?, amountFen: Int?, year: Int?, since: LocalDate?,
                            birthDate: LocalDate?) -> [(field: String, reason: String)] {
        var problems: [(String, String)] = []
        if flexible == true, scheme == .resident {
            problems.append(("flexible", "灵活就业是以个人身份参加职工医保（scheme 应为 employee），居民医保记录不能标为灵活就业"))
        }
        if paid == false, let fen = amountFen, fen > 0 {
            problems.append(("amount_fen", "未缴费（paid 为 false）的记录不应有缴费金额 \(fen) 分"))
        }
        if let since {
            if let problem = since.inputProblem {
                problems.append(("since", problem))
            } else if let birthDate, since < birthDate {
                problems.append(("since", "参保起始日 \(since) 早于出生日期 \(birthDate)"))
            } else if let year, LocalDate.inputYears.contains(year), let end = LocalDate(year: year, month: 12, day: 31),
                      end < since {
                problems.append(("since", "参保起始日 \(since) 晚于缴费年度 \(year) 的年末"))
            }
        }
        return problems
    }

    /// The period's and the amount's problems, which an import checks before it has a whole record.
    static func problems(year: Int?, months: [String]?, amountFen: Int?) -> [(field: String, reason: String)] {
        var problems: [(String, String)] = []
        if let year, !LocalDate.inputYears.contains(year) {
            problems.append(("year", "年度 \(year) 超出范围（1900–2099）"))
        }
        if let months {
            if months.isEmpty { problems.append(("months", "不能为空列表")) }
            for month in months where !isMonth(month) {
                problems.append(("months", "“\(month)”不是 YYYY-MM 格式的月份"))
            }
            // A month listed twice would count twice wherever months are counted (paid months, a refund's).
            var seen: Set<String> = []
            for month in months where isMonth(month) && !seen.insert(month).inserted {
                problems.append(("months", "月份“\(month)”重复"))
            }
        }
        if year == nil && months == nil { problems.append(("year", "年度（year）和月份（months）至少填一项")) }
        if let fen = amountFen, fen < 0 { problems.append(("amount_fen", "金额不能为负数")) }
        return problems
    }

    static func isMonth(_ text: String) -> Bool {
        LocalDate(text + "-01") != nil && text.count == 7
    }

    /// Months as stored: a compact JSON array, the form GRDB decodes back into `[String]`.
    static func monthsJSON(_ months: [String]?) -> String? {
        guard let months else { return nil }
        return "[" + months.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    }
}
