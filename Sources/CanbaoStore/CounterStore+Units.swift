import CanbaoRules
import Foundation
import GRDB

/// Units (参保单位) and the employees registered under them (内蒙古细则 第八条、第九条): each write is one transaction
/// with its audit row; the unit is found by its unified social credit code (江门规程 第五条（1））, never by name.
extension CounterStore {
    /// Items a unit change may name (the unit-change form's `change_item`).
    public static let unitChangeItems: Set<String> = ["name", "address", "legal-representative", "contact", "bank-account",
                                                      "code", "other"]
    /// Why an employment ends on the unit's report (内蒙古细则 第九条（五）).
    public static let employmentEndReasons: Set<String> = ["transfer", "left-job", "missing", "prison", "death", "emigration"]
    static let unitKinds: Set<String> = ["enterprise", "institution", "organization", "individual"]

    // MARK: - Reading

    /// The unit with this code, normalised as typed (全角, lower case, spaces).
    public func unit(code: String) throws -> UnitRecord? {
        let normalized = IdentityDocument.normalize(code)
        return try read { db in try Self.unitRow(db, code: normalized) }
    }

    public func unit(id: Int64) throws -> UnitRecord? {
        try read { db in try UnitRecord.fetchOne(db, id: id) }
    }

    /// Units whose name starts with `name`, in name order.
    public func searchUnits(name: String, limit: Int = 50) throws -> [UnitRecord] {
        let prefix = name.trimmed(.whitespaces)
        guard !prefix.isEmpty else { return [] }
        return try read { db in
            try UnitRecord.fetchAll(db, sql: "SELECT * FROM unit WHERE name >= ? AND name < ? ORDER BY name, id LIMIT ?",
                                    arguments: [prefix, prefix + "\u{10FFFF}", max(0, limit)])
        }
    }

    /// The unit's registrations, active first, oldest first within.
    public func registrations(ofUnit unitID: Int64, activeOnly: Bool = false) throws -> [UnitRegistration] {
        try read { db in
            try UnitRegistration.fetchAll(db, sql: """
                SELECT * FROM unit_registration WHERE unit_id = ? \(activeOnly ? "AND status = 'active'" : "")
                ORDER BY status = 'active' DESC, id
                """, arguments: [unitID])
        }
    }

    /// The unit's changes, oldest first.
    public func changes(ofUnit unitID: Int64) throws -> [UnitChange] {
        try read { db in try UnitChange.fetchAll(db, sql: "SELECT * FROM unit_change WHERE unit_id = ? ORDER BY id", arguments: [unitID]) }
    }

    /// The unit's employees: the current ones, or every employment ever recorded, oldest first.
    public func employees(ofUnit unitID: Int64, currentOnly: Bool = true) throws -> [UnitEmployee] {
        try read { db in
            try UnitEmployee.fetchAll(db, sql: """
                SELECT * FROM unit_employee WHERE unit_id = ? \(currentOnly ? "AND status = 'active'" : "") ORDER BY id
                """, arguments: [unitID])
        }
    }

    /// Every employment of the person, oldest first.
    public func employments(ofPerson personID: Int64) throws -> [UnitEmployee] {
        try read { db in try UnitEmployee.fetchAll(db, sql: "SELECT * FROM unit_employee WHERE person_id = ? ORDER BY id", arguments: [personID]) }
    }

    // MARK: - Units

    /// Registers the unit with the agency at `place` (内蒙古细则 第八条（一））: a new unit is created, a known one gains a
    /// registration there. Refused for a malformed code, a closed unit, or a second active registration at one place.
    @discardableResult
    public func registerUnit(_ input: UnitInput, at place: String, caseID: Int64? = nil, by actor: Actor) throws -> UnitRegistration {
        let code = try Self.validCode(input.code, field: "code")
        let name = try Self.validLine(input.name, field: "name", max: SafeText.maxNameLength)
        let place = try Self.validLine(place, field: "place", max: 16)
        let unitPlace = try Self.validLine(input.place, field: "unit.place", max: 16)
        if let kind = input.kind, !Self.unitKinds.contains(kind) {
            throw StoreError.invalidInput(field: "kind", reason: "单位类型应为 \(Self.unitKinds.sorted().joined(separator: "、"))")
        }
        let at = timestamp
        return try write { db in
            try registerUnitRows(db, code: code, name: name, kind: input.kind, unitPlace: unitPlace, established: input.establishedOn, place: place, caseID: caseID, actor: actor, at: at)
        }
    }

    func registerUnitRows(_ db: SQLConnection, code: String, name: String, kind: String?, unitPlace: String, established: LocalDate?,
                          place: String, caseID: Int64?, actor: Actor, at: Date) throws -> UnitRegistration {
        var unit = try Self.unitRow(db, code: code)
        if let existing = unit {
            if existing.status == .closed {
                throw StoreError.notAllowed("单位 \(code) 已\(existing.closedKind?.chinese ?? "注销")，不能再办理参保登记")
            }
            if try Self.activeRegistration(db, unitID: existing.id, place: place) != nil {
                throw StoreError.notAllowed("单位 \(code) 在 \(place) 已有有效参保登记记录，不能重复登记")
            }
            // Registered again under a unit the store holds as in force: not one reopened with the shell.
            db.journal.rely(table: "unit", rowID: existing.id)
        } else {
            try db.run("""
                INSERT INTO unit (code, name, kind, place, established_on, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'active', ?, ?)
                """, arguments: [code, name, kind, unitPlace, established, at, at])
            unit = try Self.unitRow(db, code: code)
        }
        let unitID = unit!.id
        let registrationID = try db.insert("""
            INSERT INTO unit_registration (unit_id, place, status, registered_at, case_id) VALUES (?, ?, 'active', ?, ?)
            """, arguments: [unitID, place, at, caseID])
        let registration = try UnitRegistration.fetchOne(db, id: registrationID)!
        try appendAudit(db, actor: actor, action: "unit.register", entity: "unit", entityID: code,
                        detail: ["name": unit!.name, "place": place, "case": caseID.map(String.init) ?? ""], at: at)
        return registration
    }

    /// Records a change of the unit's registered particulars (内蒙古细则 第八条（三））: the name and the code change the
    /// unit itself; every change is kept with its old value.
    @discardableResult
    public func changeUnit(code: String, item: String, newValue: String, changedOn: LocalDate? = nil, caseID: Int64? = nil,
                           by actor: Actor) throws -> UnitRecord {
        let code = IdentityDocument.normalize(code)
        guard Self.unitChangeItems.contains(item) else {
            throw StoreError.invalidInput(field: "item", reason: "变更事项应为 \(Self.unitChangeItems.sorted().joined(separator: "、"))")
        }
        var value = try Self.validLine(newValue, field: "new_value", max: SafeText.maxLineLength)
        if item == "code" { value = try Self.validCode(value, field: "new_value") }
        if item == "name" { value = try Self.validLine(value, field: "new_value", max: SafeText.maxNameLength) }
        let at = timestamp
        return try write { db in
            try changeUnitRows(db, code: code, item: item, value: value, changedOn: changedOn, caseID: caseID, actor: actor, at: at)
        }
    }

    func changeUnitRows(_ db: SQLConnection, code: String, item: String, value: String, changedOn: LocalDate?, caseID: Int64?,
                        actor: Actor, at: Date) throws -> UnitRecord {
        let unit = try Self.activeUnit(db, code: code)
        let old: String?
        switch item {
        case "name":
            old = unit.name
            try db.run("UPDATE unit SET name = ?, updated_at = ? WHERE id = ?", arguments: [value, at, unit.id])
        case "code":
            old = unit.code
            if value == unit.code { throw StoreError.invalidInput(field: "new_value", reason: "更正后的统一社会信用代码与原登记相同") }
            if try Self.unitRow(db, code: value) != nil {
                throw StoreError.notAllowed("统一社会信用代码 \(value) 已属于另一个参保单位")
            }
            try db.run("UPDATE unit SET code = ?, updated_at = ? WHERE id = ?", arguments: [value, at, unit.id])
        default:
            old = try String.fetchOne(db, sql: "SELECT new_value FROM unit_change WHERE unit_id = ? AND item = ? ORDER BY id DESC LIMIT 1",
                                      arguments: [unit.id, item])
            try db.run("UPDATE unit SET updated_at = ? WHERE id = ?", arguments: [at, unit.id])
        }
        try db.run("""
            INSERT INTO unit_change (unit_id, item, old_value, new_value, changed_on, case_id, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [unit.id, item, old, value, changedOn, caseID, at])
        try appendAudit(db, actor: actor, action: "unit.change", entity: "unit", entityID: code,
                        detail: ["item": item, "old": old ?? "", "new": value, "case": caseID.map(String.init) ?? ""], at: at)
        return try UnitRecord.fetchOne(db, id: unit.id)!
    }

    /// Closes the unit by merger, split, dissolution or bankruptcy (内蒙古细则 第八条（四））: its registrations end; a
    /// merger or split moves its current employees under the successor's registration (统一管理); after a dissolution
    /// or bankruptcy the employees still current are the unit's to report (第九条（五）) and stay as they are.
    @discardableResult
    public func closeUnit(code: String, closure: UnitRecord.Closure, on date: LocalDate, successorCode: String? = nil,
                          caseID: Int64? = nil, by actor: Actor) throws -> UnitRecord {
        let code = IdentityDocument.normalize(code)
        let successorCode = successorCode.map(IdentityDocument.normalize)
        let moves = closure == .merger || closure == .split
        if moves, successorCode == nil { throw StoreError.invalidInput(field: "successor", reason: "合并、分立须指定承继单位") }
        if !moves, successorCode != nil { throw StoreError.invalidInput(field: "successor", reason: "解散、破产没有承继单位") }
        let at = timestamp
        return try write { db in
            try closeUnitRows(db, code: code, closure: closure, on: date, successorCode: successorCode, caseID: caseID, actor: actor, at: at)
        }
    }

    func closeUnitRows(_ db: SQLConnection, code: String, closure: UnitRecord.Closure, on date: LocalDate, successorCode: String?,
                       caseID: Int64?, actor: Actor, at: Date) throws -> UnitRecord {
        let unit = try Self.activeUnit(db, code: code)
        var successor: UnitRecord?
        var successorRegistration: UnitRegistration?
        if let successorCode {
            guard successorCode != code else { throw StoreError.invalidInput(field: "successor", reason: "承继单位不能是本单位") }
            let s = try Self.activeUnit(db, code: successorCode)
            successor = s
            successorRegistration = try Self.activeRegistration(db, unitID: s.id, place: s.place)
                ?? UnitRegistration.fetchOne(db, sql: "SELECT * FROM unit_registration WHERE unit_id = ? AND status = 'active' ORDER BY id LIMIT 1",
                                             arguments: [s.id])
            guard let successorRegistration else {
                throw StoreError.notAllowed("承继单位 \(successorCode) 没有有效参保登记记录，职工无法转入")
            }
            // The employees move under them: as for `addEmployeeRows`.
            db.journal.rely(table: "unit", rowID: s.id)
            db.journal.rely(table: "unit_registration", rowID: successorRegistration.id)
        }
        try db.run("""
            UPDATE unit SET status = 'closed', closed_kind = ?, closed_on = ?, successor_id = ?, updated_at = ? WHERE id = ?
            """, arguments: [closure, date, successor?.id, at, unit.id])
        try db.run("""
            UPDATE unit_registration SET status = 'terminated', ended_at = ?, ended_by_case_id = ?
            WHERE unit_id = ? AND status = 'active'
            """, arguments: [at, caseID, unit.id])
        var moved = 0
        if let successor, let registration = successorRegistration {
            let current = try UnitEmployee.fetchAll(db, sql: "SELECT * FROM unit_employee WHERE unit_id = ? AND status = 'active'",
                                                    arguments: [unit.id])
            for e in current {
                try db.run("""
                    UPDATE unit_employee SET status = 'moved', reason = ?, ended_on = ?, ended_by_case_id = ? WHERE id = ?
                    """, arguments: [closure.rawValue, date, caseID, e.id])
                // Already employed by the successor: nothing to add.
                let already = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM unit_employee WHERE unit_id = ? AND person_id = ? AND status = 'active')",
                                                arguments: [successor.id, e.personID]) ?? false
                if already { continue }
                try db.run("""
                    INSERT INTO unit_employee (unit_id, registration_id, person_id, record_id, hired_on, status, registered_at, case_id)
                    VALUES (?, ?, ?, ?, ?, 'active', ?, ?)
                    """, arguments: [successor.id, registration.id, e.personID, e.recordID, e.hiredOn, at, caseID])
                moved += 1
            }
        }
        let remaining = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM unit_employee WHERE unit_id = ? AND status = 'active'",
                                         arguments: [unit.id]) ?? 0
        try appendAudit(db, actor: actor, action: "unit.close", entity: "unit", entityID: code,
                        detail: ["closure": closure.rawValue, "successor": successor?.code ?? "", "moved": String(moved),
                                 "still_current": String(remaining), "case": caseID.map(String.init) ?? ""], at: at)
        return try UnitRecord.fetchOne(db, id: unit.id)!
    }

    /// Keeps one active registration, the one at `place`, ends the others and brings every current employee under the
    /// kept one (内蒙古细则 第八条（二））.
    @discardableResult
    public func consolidateUnit(code: String, keep place: String, caseID: Int64? = nil, by actor: Actor) throws -> UnitRegistration {
        let code = IdentityDocument.normalize(code)
        let at = timestamp
        return try write { db in
            try consolidateUnitRows(db, code: code, keep: place, caseID: caseID, actor: actor, at: at)
        }
    }

    func consolidateUnitRows(_ db: SQLConnection, code: String, keep place: String, caseID: Int64?, actor: Actor, at: Date) throws -> UnitRegistration {
        let unit = try Self.activeUnit(db, code: code)
        let active = try UnitRegistration.fetchAll(db, sql: "SELECT * FROM unit_registration WHERE unit_id = ? AND status = 'active' ORDER BY id",
                                                   arguments: [unit.id])
        guard active.count >= 2 else {
            throw StoreError.notAllowed("单位 \(code) 只有\(active.count)条有效参保登记记录，无需保留唯一")
        }
        guard let kept = active.first(where: { $0.place == place }) else {
            throw StoreError.notAllowed("单位 \(code) 在 \(place.prefix(16)) 没有有效参保登记记录")
        }
        let ended = active.filter { $0.id != kept.id }
        for r in ended {
            try db.run("UPDATE unit_registration SET status = 'terminated', ended_at = ?, ended_by_case_id = ? WHERE id = ?",
                       arguments: [at, caseID, r.id])
        }
        let moved = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM unit_employee WHERE unit_id = ? AND status = 'active' AND registration_id <> ?
            """, arguments: [unit.id, kept.id]) ?? 0
        try db.run("UPDATE unit_employee SET registration_id = ? WHERE unit_id = ? AND status = 'active'", arguments: [kept.id, unit.id])
        try appendAudit(db, actor: actor, action: "unit.consolidate", entity: "unit", entityID: code,
                        detail: ["kept": place, "ended": ended.map(\.place).joined(separator: ","), "moved": String(moved),
                                 "case": caseID.map(String.init) ?? ""], at: at)
        return kept
    }

    // MARK: - Employees

    /// Registers the person as the unit's employee under its registration at `place` (内蒙古细则 第九条（一）), with the
    /// employee enrollment the registration wrote when given (it must be the person's, in the employee scheme).
    @discardableResult
    public func addEmployee(unitCode: String, personID: Int64, hiredOn: LocalDate, place: String, recordID: Int64? = nil,
                            caseID: Int64? = nil, by actor: Actor) throws -> UnitEmployee {
        let code = IdentityDocument.normalize(unitCode)
        let at = timestamp
        return try write { db in
            try addEmployeeRows(db, code: code, personID: personID, hiredOn: hiredOn, place: place, recordID: recordID, caseID: caseID, actor: actor, at: at)
        }
    }

    func addEmployeeRows(_ db: SQLConnection, code: String, personID: Int64, hiredOn: LocalDate, place: String, recordID: Int64?,
                         caseID: Int64?, actor: Actor, at: Date) throws -> UnitEmployee {
        let unit = try Self.activeUnit(db, code: code)
        guard let registration = try Self.activeRegistration(db, unitID: unit.id, place: place) else {
            throw StoreError.notAllowed("单位 \(code) 在 \(place.prefix(16)) 没有有效参保登记记录，不能为职工办理参保登记")
        }
        guard try PersonRecord.exists(db, id: personID) else { throw StoreError.personNotFound(personID) }
        // The unit in force, its registration here and the person let the employee in: a unit reopened or inserted
        // with the shell must not take employees, so they are checked as the rows the write changes are.
        db.journal.rely(table: "unit", rowID: unit.id)
        db.journal.rely(table: "unit_registration", rowID: registration.id)
        db.journal.rely(table: "person", rowID: personID)
        if let recordID {
            guard let record = try EnrollmentRecord.fetchOne(db, id: recordID) else { throw StoreError.recordNotFound(recordID) }
            guard record.personID == personID, record.scheme == .employee else {
                throw StoreError.recordNotReplaceable(recordID: recordID, reason: "不是该职工的职工医保参保记录")
            }
        }
        let current = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM unit_employee WHERE unit_id = ? AND person_id = ? AND status = 'active')",
                                        arguments: [unit.id, personID]) ?? false
        if current { throw StoreError.notAllowed("该人员已是单位 \(code) 的在职参保职工") }
        let employeeID = try db.insert("""
            INSERT INTO unit_employee (unit_id, registration_id, person_id, record_id, hired_on, status, registered_at, case_id)
            VALUES (?, ?, ?, ?, ?, 'active', ?, ?)
            """, arguments: [unit.id, registration.id, personID, recordID, hiredOn, at, caseID])
        let employee = try UnitEmployee.fetchOne(db, id: employeeID)!
        try appendAudit(db, actor: actor, action: "unit.employee.add", entity: "unit", entityID: code,
                        detail: ["person": String(personID), "hired": hiredOn.description, "place": place,
                                 "case": caseID.map(String.init) ?? ""], at: at)
        return employee
    }

    /// Ends the person's current employment with the unit on the unit's report: suspended (调转、离职、失踪、判刑) or
    /// terminated (死亡、出国定居) (内蒙古细则 第九条（五））.
    @discardableResult
    public func endEmployment(unitCode: String, personID: Int64, status: UnitEmployee.Status, reason: String,
                              on date: LocalDate, caseID: Int64? = nil, by actor: Actor) throws -> UnitEmployee {
        let code = IdentityDocument.normalize(unitCode)
        guard status == .suspended || status == .terminated else {
            throw StoreError.invalidInput(field: "status", reason: "单位申报的结果应为中止（suspended）或终止（terminated）")
        }
        guard Self.employmentEndReasons.contains(reason) else {
            throw StoreError.invalidInput(field: "reason", reason: "事由应为 \(Self.employmentEndReasons.sorted().joined(separator: "、"))")
        }
        let at = timestamp
        return try write { db in
            try endEmploymentRows(db, code: code, personID: personID, status: status, reason: reason, on: date, caseID: caseID, actor: actor, at: at)
        }
    }

    func endEmploymentRows(_ db: SQLConnection, code: String, personID: Int64, status: UnitEmployee.Status, reason: String,
                           on date: LocalDate, caseID: Int64?, actor: Actor, at: Date) throws -> UnitEmployee {
        guard let unit = try Self.unitRow(db, code: code) else { throw StoreError.notAllowed("找不到参保单位 \(code)") }
        guard let current = try UnitEmployee.fetchOne(db, sql: "SELECT * FROM unit_employee WHERE unit_id = ? AND person_id = ? AND status = 'active'",
                                                      arguments: [unit.id, personID]) else {
            throw StoreError.notAllowed("该人员不是单位 \(code) 的在职参保职工")
        }
        if date < current.hiredOn {
            throw StoreError.invalidInput(field: "date", reason: "事由发生日期 \(date) 早于用工日期 \(current.hiredOn)")
        }
        try db.run("UPDATE unit_employee SET status = ?, reason = ?, ended_on = ?, ended_by_case_id = ? WHERE id = ?",
                   arguments: [status, reason, date, caseID, current.id])
        try appendAudit(db, actor: actor, action: "unit.employee.end", entity: "unit", entityID: code,
                        detail: ["person": String(personID), "status": status.rawValue, "reason": reason,
                                 "date": date.description, "case": caseID.map(String.init) ?? ""], at: at)
        return try UnitEmployee.fetchOne(db, id: current.id)!
    }

    // MARK: - From a verdict

    /// Carries out a verdict's `unit` (what the submit path of a unit case writes): register, change, close or
    /// consolidate, with the case that decided it.
    @discardableResult
    public func apply(_ details: UnitDetails, caseID: Int64? = nil, by actor: Actor) throws -> UnitRecord {
        switch details.action {
        case "register":
            let r = try registerUnit(UnitInput(code: details.code, name: details.name, kind: details.kind, place: details.place,
                                               establishedOn: details.since), at: details.place, caseID: caseID, by: actor)
            return try unit(id: r.unitID)!
        case "change":
            guard let item = details.kind, let value = details.newValue else {
                throw StoreError.invalidCase("单位变更缺少变更事项或变更后的内容")
            }
            return try changeUnit(code: details.code, item: item, newValue: value, changedOn: details.since, caseID: caseID, by: actor)
        case "close":
            guard let closure = details.kind.flatMap(UnitRecord.Closure.init(rawValue:)), let approved = details.since else {
                throw StoreError.invalidCase("单位注销缺少终止情形或批准日期")
            }
            return try closeUnit(code: details.code, closure: closure, on: approved, successorCode: details.successor,
                                 caseID: caseID, by: actor)
        case "consolidate":
            let r = try consolidateUnit(code: details.code, keep: details.place, caseID: caseID, by: actor)
            return try unit(id: r.unitID)!
        default:
            throw StoreError.invalidCase("未知的单位业务“\(details.action.prefix(20))”")
        }
    }

    // MARK: - Helpers

    static func unitRow(_ db: SQLConnection, code: String) throws -> UnitRecord? {
        try UnitRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM unit WHERE code = ?"), arguments: [code])
    }

    static func activeUnit(_ db: SQLConnection, code: String) throws -> UnitRecord {
        guard let unit = try unitRow(db, code: code) else { throw StoreError.notAllowed("找不到参保单位 \(code.prefix(18))") }
        guard unit.status == .active else {
            throw StoreError.notAllowed("单位 \(code) 已\(unit.closedKind?.chinese ?? "注销")")
        }
        return unit
    }

    static func activeRegistration(_ db: SQLConnection, unitID: Int64, place: String) throws -> UnitRegistration? {
        try UnitRegistration.fetchOne(db, sql: "SELECT * FROM unit_registration WHERE unit_id = ? AND place = ? AND status = 'active'",
                                      arguments: [unitID, place])
    }

    /// A code the store accepts: GB 32100 without a blocking problem (a wrong check character only warns, as the
    /// rules do: early pilot codes fail it), normalised.
    static func validCode(_ raw: String, field: String) throws -> String {
        if let problem = IdentityValidation.validateUSCC(raw, field: field).first(where: { $0.severity == .block }) {
            throw StoreError.invalidInput(field: field, reason: problem.message)
        }
        return IdentityDocument.normalize(raw)
    }

    /// One trimmed, non-empty line without control characters, at most `max` characters.
    static func validLine(_ raw: String, field: String, max: Int) throws -> String {
        let text = raw.trimmed(.whitespaces)
        if text.isEmpty { throw StoreError.invalidInput(field: field, reason: "不能为空") }
        if let problem = SafeText.problem(in: text, maxLength: max) { throw StoreError.invalidInput(field: field, reason: problem) }
        return text
    }
}

// MARK: - Inside the completion of a case

extension CounterStore {
    /// Carries out a decided case's `unit` and `employment` (issue 18) inside `register` and `complete`, in their
    /// transaction: a unit registered, changed, closed or reduced to one registration; an employee registered under the
    /// unit with the enrollment `register` just wrote (`recordID`); an employment ended on the unit's report; a
    /// retiree's suspended record restored after prison (内蒙古细则 第九条（六））. Cases of the other workflows carry
    /// neither key and nothing happens. An employment the store never linked (employees of before units were kept)
    /// has nothing to end: the enrollment's own status change is what the case writes.
    /// `verdict`: the case's, as `checkRegistrable` decoded it.
    func recordEmployer(_ db: SQLConnection, for current: CaseRecord, verdict envelope: CanbaoRules.Verdict, recordID: Int64?,
                        by operatorID: Int64, at: Date) throws {
        let actor = Actor.operator(operatorID)
        if let u = envelope.unit {
            switch u.action {
            case "register":
                _ = try registerUnitRows(db, code: try Self.validCode(u.code, field: "code"),
                                         name: try Self.validLine(u.name, field: "name", max: SafeText.maxNameLength),
                                         kind: u.kind.flatMap { Self.unitKinds.contains($0) ? $0 : nil },
                                         unitPlace: try Self.validLine(u.place, field: "place", max: 16), established: u.since,
                                         place: try Self.validLine(u.place, field: "place", max: 16), caseID: current.id, actor: actor, at: at)
            case "change":
                guard let item = u.kind, Self.unitChangeItems.contains(item), let value = u.newValue else {
                    throw StoreError.invalidCase("单位变更缺少变更事项或变更后的内容")
                }
                var checked = try Self.validLine(value, field: "new_value", max: SafeText.maxLineLength)
                if item == "code" { checked = try Self.validCode(checked, field: "new_value") }
                _ = try changeUnitRows(db, code: IdentityDocument.normalize(u.code), item: item, value: checked, changedOn: u.since,
                                       caseID: current.id, actor: actor, at: at)
            case "close":
                guard let closure = u.kind.flatMap(UnitRecord.Closure.init(rawValue:)), let approved = u.since else {
                    throw StoreError.invalidCase("单位注销缺少终止情形或批准日期")
                }
                _ = try closeUnitRows(db, code: IdentityDocument.normalize(u.code), closure: closure, on: approved,
                                      successorCode: u.successor.map(IdentityDocument.normalize), caseID: current.id, actor: actor, at: at)
            case "consolidate":
                _ = try consolidateUnitRows(db, code: IdentityDocument.normalize(u.code), keep: u.place, caseID: current.id,
                                            actor: actor, at: at)
            default:
                throw StoreError.invalidCase("未知的单位业务“\(u.action.prefix(20))”")
            }
        }
        guard let e = envelope.employment else { return }
        guard let personID = current.applicantID else {
            throw StoreError.notRegistrable(number: current.number, reason: "办件未指定职工")
        }
        switch e.action {
        case "register":
            guard let code = e.unit, let hired = e.date else { throw StoreError.invalidCase("职工参保登记缺少单位或用工日期") }
            let place = (try current.caseFile().here ?? "").trimmed(.whitespaces)
            _ = try addEmployeeRows(db, code: IdentityDocument.normalize(code), personID: personID, hiredOn: hired, place: place,
                                    recordID: recordID, caseID: current.id, actor: actor, at: at)
        case "suspend", "terminate":
            guard let code = e.unit.map(IdentityDocument.normalize), let reason = e.reason, let date = e.date,
                  let unit = try Self.unitRow(db, code: code),
                  try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM unit_employee WHERE unit_id = ? AND person_id = ? AND status = 'active')",
                                    arguments: [unit.id, personID]) == true else { return }
            _ = try endEmploymentRows(db, code: code, personID: personID, status: e.action == "suspend" ? .suspended : .terminated,
                                      reason: reason, on: date, caseID: current.id, actor: actor, at: at)
        case "restore":
            guard let wanted = e.record else { return }
            let stored = try EnrollmentRecord.fetchAll(db, sql: """
                SELECT * FROM enrollment_record WHERE person_id = ? AND place = ? AND scheme = 'employee' AND status = 'suspended'
                ORDER BY id
                """, arguments: [personID, wanted.place])
            guard let record = stored.first(where: { $0.months == wanted.months }) ?? stored.first else {
                throw StoreError.notRegistrable(number: current.number, reason: "未找到可恢复的暂停职工医保记录")
            }
            try db.run("UPDATE enrollment_record SET status = 'active', since = ?, updated_at = ? WHERE id = ?",
                       arguments: [e.date, at, record.id])
            try appendAudit(db, actor: actor, action: "enrollment.restore", entity: "person", entityID: String(personID),
                            detail: ["record": String(record.id), "case": current.number, "citation": e.citation], at: at)
        default:
            throw StoreError.invalidCase("未知的职工业务“\(e.action.prefix(20))”")
        }
    }
}
