import CanbaoRules
import Foundation
import GRDB

/// A newborn registered under a parent's name (预参保) whose update to the real identity is still to be done
/// (江门规程 第二十条（三）; 国家规程 第十五条 3 “应要求其监护人尽快更新信息”).
public struct PreregisteredNewborn: Hashable, Sendable {
    /// The registered newborn case with `registered_under_parent_name: true`.
    public var caseID: Int64
    public var caseNumber: String
    public var region: String
    /// The counter's place the case gave (`here`).
    public var place: String?
    /// When the case was registered (its last change).
    public var registeredAt: Date
    /// The case's applicant: the newborn as the store knows them.
    public var person: PersonRecord
    public var guardianName: String?
    /// The case's birth date, else the person's.
    public var birthDate: LocalDate?
    /// The last day of the update; nil where the profile sets no period (or the birth date is unknown).
    public var deadline: LocalDate?
    /// The article behind the period, or 国家规程 第十五条 3 (尽快) where the profile sets none.
    public var citation: String
    public var overdue: Bool
    /// Days past the deadline (0 when not overdue).
    public var daysOverdue: Int
}

extension CounterStore {
    /// The newborns registered under a parent's name (预参保) in cases of `policy`'s region that no later registered
    /// `change` case (change_kind newborn) has updated to the real identity, with the update's deadline on `today`
    /// (江门规程 第二十条（三）: 6 months from the 1st of the month after birth; none where the profile sets no
    /// `newborn.preregistered.update_within`). Only newborns whose enrollment is still 正常参保 are listed (the article
    /// speaks of those). Ordered by deadline (most overdue first), those without a deadline last.
    ///
    /// The same newborn is recognised in the update case by the applicant, else by the guardian's document number,
    /// the birth date and the name together (a baby first registered with the birth certificate's number).
    public func preregisteredNewborns(policy: Policy, today: LocalDate, overdueOnly: Bool) throws -> [PreregisteredNewborn] {
        let (candidates, updates, persons) = try read { db in
            let candidates = try SQLRow.fetchAll(db, sql: """
                SELECT c.id, c.number, c.region, c.applicant_id, c.case_json, c.updated_at
                FROM case_record c
                LEFT JOIN enrollment_record r ON r.id = c.registered_record_id
                WHERE c.workflow = 'newborn' AND c.status = 'registered' AND c.region = ? AND c.applicant_id IS NOT NULL
                  AND (r.id IS NULL OR r.status = 'active')
                  AND \(db.dialect.jsonText("c.case_json", ["facts", "registered_under_parent_name"])) IN ('1', 'true')
                ORDER BY c.id
                """, arguments: [policy.id])
            guard !candidates.isEmpty else { return ([SQLRow](), [SQLRow](), [Int64: PersonRecord]()) }
            let updates = try SQLRow.fetchAll(db, sql: """
                SELECT id, applicant_id, case_json FROM case_record
                WHERE workflow = 'change' AND status IN ('registered', 'completed')
                  AND \(db.dialect.jsonText("case_json", ["facts", "change_kind"])) = 'newborn'
                ORDER BY id
                """)
            let ids = Set(candidates.map { $0["applicant_id"] as Int64 })
            let persons = try PersonRecord.fetchAll(db, keys: Array(ids))
            return (candidates, updates, Dictionary(persons.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
        }

        let updated = updates.map { row in
            NewbornUpdate(caseID: row["id"], applicantID: row["applicant_id"],
                          file: try? CaseFile(json: row["case_json"] as String))
        }
        var list: [PreregisteredNewborn] = []
        for row in candidates {
            let caseID: Int64 = row["id"]
            guard let person = persons[row["applicant_id"]] else { continue }
            let file = try? CaseFile(json: row["case_json"] as String)
            if updated.contains(where: { $0.caseID > caseID && $0.updates(person: person, registeredAs: file) }) { continue }
            let birth = file?.birthDate ?? person.birthDate
            let due = PreregisteredUpdate.due(birth: birth, policy: policy, on: today)
            let daysOverdue = due.daysOverdue(on: today)
            if overdueOnly, daysOverdue == 0 { continue }
            list.append(PreregisteredNewborn(
                caseID: caseID, caseNumber: row["number"], region: row["region"], place: file?.here, registeredAt: row["updated_at"],
                person: person, guardianName: file?.guardian?.name, birthDate: birth, deadline: due.deadline, citation: due.citation,
                overdue: daysOverdue > 0, daysOverdue: daysOverdue))
        }
        return list.sorted { a, b in
            switch (a.deadline, b.deadline) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.caseNumber < b.caseNumber
            }
        }
    }
}

/// A registered `change` case with change_kind newborn: the update of a pre-registered newborn (国家规程 第十五条 3).
private struct NewbornUpdate {
    var caseID: Int64
    var applicantID: Int64?
    var file: CaseFile?

    /// True if this update is of the newborn `person`, registered by the case file `registered`.
    func updates(person: PersonRecord, registeredAs registered: CaseFile?) -> Bool {
        if applicantID == person.id { return true }
        guard let file, let registered,
              let guardian = file.guardian?.document?.normalizedNumber, !guardian.isEmpty,
              guardian == registered.guardian?.document?.normalizedNumber,
              let birth = file.birthDate, birth == registered.birthDate ?? person.birthDate,
              let name = file.person?.name?.trimmed(.whitespaces), !name.isEmpty else { return false }
        return name == (registered.person?.name?.trimmed(.whitespaces) ?? person.name)
    }
}
