import CanbaoRules
import Foundation
import GRDB

/// The groups the universal-enrollment campaign follows (达拉特旗方案 二（二）、三; 某市通知 八), as far as the store's own
/// data tells them apart. A person may be in several.
public enum CoverageGroup: String, CaseIterable, Sendable, Codable {
    /// Born within the year before the report date (the birth date stored, else the one the ID number encodes).
    case newborn
    /// Enrolled by a school roster, or the applicant of a student case (any status but withdrawn).
    case student
    /// The applicant of a veteran or military-spouse case (any status but withdrawn).
    case veteran
    /// Holds an employee record joined as flexible employment (any status).
    case flexible
    /// Registered with a Hong Kong, Macau or Taiwan or a foreign document.
    case hmtForeign = "hmt-foreign"

    public var chinese: String {
        switch self {
        case .newborn: return "新生儿"
        case .student: return "在校学生"
        case .veteran: return "退役军人及随军配偶"
        case .flexible: return "灵活就业人员"
        case .hmtForeign: return "港澳台及外籍人员"
        }
    }

    static let hmtForeignKinds: Set<String> = [
        DocumentKind.hmtResidencePermit, .hkMacauPermit, .taiwanPermit, .foreignPermanentResidence,
        .foreignResidencePermit, .foreignPassport,
    ].reduce(into: []) { $0.insert($1.rawValue) }
}

/// Persons and how many of them are enrolled.
public struct CoverageCount: Hashable, Sendable {
    public var persons = 0
    public var enrolled = 0

    public init(persons: Int = 0, enrolled: Int = 0) {
        self.persons = persons
        self.enrolled = enrolled
    }

    public var unenrolled: Int { persons - enrolled }
    /// Enrolled ÷ persons (0 when there is nobody).
    public var share: Double { persons == 0 ? 0 : Double(enrolled) / Double(persons) }
}

/// One place's figures.
public struct CoveragePlace: Hashable, Sendable {
    public var place: String
    public var total: CoverageCount
    public var groups: [CoverageGroup: CoverageCount]
}

/// The share of the persons in the store enrolled in a year (达拉特旗方案 三: 100% of residents; 某市通知 三: 95%+),
/// by place and by group.
public struct CoverageReport: Hashable, Sendable {
    public var year: Int
    public var asOf: LocalDate
    /// The place prefix the report was limited to.
    public var place: String?
    public var total: CoverageCount
    public var groups: [CoverageGroup: CoverageCount]
    /// In place order.
    public var places: [CoveragePlace]
}

/// A person not yet enrolled for the year: one line of the 全民参保计划库.
public struct UnenrolledPerson: Hashable, Sendable {
    public var person: PersonRecord
    /// The place the person is counted in (see `CounterStore.coverage`).
    public var place: String
    public var groups: [CoverageGroup]
    /// The most recent record, whatever its status; nil when the person has none.
    public var lastRecord: EnrollmentRecord?
}

extension CounterStore {
    /// Who counts as enrolled in `year`: an active record covering it (a resident record for the year, or an employee
    /// record with a contribution month in it). Each person is counted once, in one place: the place of the record
    /// enrolling them that year, else of their latest record, else the area code of a resident ID number, else 未知.
    /// `place` limits the report to places starting with it (`1506` covers `150621`).
    public func coverage(year: Int, today: LocalDate, place: String? = nil) throws -> CoverageReport {
        var total = CoverageCount()
        var groups: [CoverageGroup: CoverageCount] = [:]
        var places: [String: CoveragePlace] = [:]
        try walkCoverage(year: year, today: today, place: place, full: false) { p in
            let enrolled = p.enrolled ? 1 : 0
            total.persons += 1
            total.enrolled += enrolled
            places[p.place, default: CoveragePlace(place: p.place, total: CoverageCount(), groups: [:])].total.persons += 1
            places[p.place]!.total.enrolled += enrolled
            for group in p.groups {
                groups[group, default: CoverageCount()].persons += 1
                groups[group]!.enrolled += enrolled
                places[p.place]!.groups[group, default: CoverageCount()].persons += 1
                places[p.place]!.groups[group]!.enrolled += enrolled
            }
        }
        return CoverageReport(year: year, asOf: today, place: place?.nilIfEmpty, total: total, groups: groups,
                              places: places.values.sorted { $0.place < $1.place })
    }

    /// The persons not enrolled in `year` (the 全民参保计划库), in person order, streamed to `visit`. Returns how many.
    @discardableResult
    public func unenrolled(year: Int, today: LocalDate, place: String? = nil,
                           visit: (UnenrolledPerson) throws -> Void) throws -> Int {
        var count = 0
        try walkCoverage(year: year, today: today, place: place, full: true) { p in
            guard !p.enrolled, let person = p.person else { return }
            count += 1
            try visit(UnenrolledPerson(person: person, place: p.place, groups: p.groups, lastRecord: p.lastRecord))
        }
        return count
    }

    private struct PersonCoverage {
        var id: Int64
        var person: PersonRecord?
        var place: String
        var enrolled: Bool
        var groups: [CoverageGroup]
        var lastRecord: EnrollmentRecord?
    }

    /// One pass over persons and their records, merged in person order in one read transaction.
    private func walkCoverage(year: Int, today: LocalDate, place: String?, full: Bool,
                              visit: (PersonCoverage) throws -> Void) throws {
        let prefix = place?.trimmed(.whitespaces).nilIfEmpty
        let yearMonth = "\"\(year)-"
        let newbornSince = today.adding(months: -12)
        try read { db in
            let students = Set(try Int64.fetchAll(db, sql: """
                SELECT person_id FROM roster_member
                UNION SELECT applicant_id FROM case_record
                WHERE workflow = 'student' AND status <> 'withdrawn' AND applicant_id IS NOT NULL
                """))
            let veterans = Set(try Int64.fetchAll(db, sql: """
                SELECT applicant_id FROM case_record
                WHERE workflow = 'veteran' AND status <> 'withdrawn' AND applicant_id IS NOT NULL
                """))
            let persons = try SQLRow.fetchCursor(db, sql: """
                SELECT id, document_kind, document_number, name, birth_date, sex, nationality, created_at, updated_at
                FROM person ORDER BY id
                """)
            let records = try SQLRow.fetchCursor(db, sql: """
                SELECT person_id, id, place, scheme, flexible, status, year, months, paid, amount_fen, since, case_id,
                       updated_at
                FROM enrollment_record ORDER BY person_id, id
                """)
            var pending = try records.next()
            while let row = try persons.next() {
                let id: Int64 = row[0]
                var enrolledAt: String?
                var latest: (period: String, id: Int64, place: String, row: SQLRow)?
                var flexible = false
                while let r = pending, (r[0] as Int64) <= id {
                    if (r[0] as Int64) == id {
                        let scheme: String = r[3]
                        let months: String? = r[7]
                        if r[4] as Bool { flexible = true }
                        if enrolledAt == nil, (r[5] as String) == "active" {
                            let covers = scheme == "resident" ? (r[6] as Int?) == year : months?.contains(yearMonth) == true
                            if covers { enrolledAt = r[2] }
                        }
                        // `YYYY-MM` sorts as text: a resident year ends in December.
                        let period = scheme == "resident"
                            ? "\((r[6] as Int?) ?? 0)-12" : (months.map(EnrollmentRecord.months(fromJSON:))?.max() ?? "")
                        let recordID: Int64 = r[1]
                        if latest == nil || (period, recordID) > (latest!.period, latest!.id) {
                            // A cursor's row changes on the next step: keep a copy only when it is used.
                            latest = (period, recordID, r[2], full ? r.copy() : SQLRow())
                        }
                    }
                    pending = try records.next()
                }
                let kind: String = row[1]
                let number: String = row[2]
                let personPlace = enrolledAt ?? latest?.place
                    ?? (kind == DocumentKind.residentID.rawValue && number.count == 18 ? String(number.prefix(6)) : "未知")
                if let prefix, !personPlace.hasPrefix(prefix) { continue }
                var groups: [CoverageGroup] = []
                let birth = (row[4] as String?).flatMap { LocalDate($0) }
                    ?? (kind == DocumentKind.residentID.rawValue ? IdentityValidation.decode(number)?.birthDate : nil)
                if let birth, birth >= newbornSince, birth <= today { groups.append(.newborn) }
                if students.contains(id) { groups.append(.student) }
                if veterans.contains(id) { groups.append(.veteran) }
                if flexible { groups.append(.flexible) }
                if CoverageGroup.hmtForeignKinds.contains(kind) { groups.append(.hmtForeign) }
                var person: PersonRecord?
                var last: EnrollmentRecord?
                if full, enrolledAt == nil {
                    person = PersonRecord(
                        id: id, documentKind: DocumentKind(rawValue: kind) ?? .other, documentNumber: number,
                        nationality: row[6], name: row[3], birthDate: (row[4] as String?).flatMap { LocalDate($0) },
                        sex: (row[5] as String?).flatMap(Sex.init(rawValue:)), createdAt: row[7], updatedAt: row[8])
                    if let r = latest?.row {
                        last = EnrollmentRecord(
                            id: r[1], personID: id, place: r[2], scheme: Scheme(rawValue: r[3]) ?? .resident,
                            flexible: r[4], status: EnrollmentStatus(rawValue: r[5]) ?? .active, year: r[6],
                            months: (r[7] as String?).map(EnrollmentRecord.months(fromJSON:)), paid: r[8], amountFen: r[9],
                            since: (r[10] as String?).flatMap { LocalDate($0) }, caseID: r[11], updatedAt: r[12])
                    }
                }
                try visit(PersonCoverage(id: id, person: person, place: personPlace, enrolled: enrolledAt != nil,
                                         groups: groups, lastRecord: last))
            }
        }
    }
}
