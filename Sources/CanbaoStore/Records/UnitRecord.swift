import CanbaoRules
import Foundation
import GRDB

/// A unit (参保单位) the counter keeps, by its unified social credit code (江门规程 第五条（1））.
public struct UnitRecord: Codable, Sendable, Hashable, Identifiable {
    public enum Status: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case active, closed
    }

    /// How a unit ended (内蒙古细则 第八条（四））.
    public enum Closure: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case merger, split, dissolution, bankruptcy

        public var chinese: String {
            switch self {
            case .merger: return "合并"
            case .split: return "分立"
            case .dissolution: return "解散"
            case .bankruptcy: return "破产"
            }
        }
    }

    public var id: Int64
    /// GB 32100, normalised (upper case, no spaces).
    public var code: String
    public var name: String
    /// `enterprise`, `institution`, `organization` or `individual` (the unit-register form's choices).
    public var kind: String?
    /// The unit's own place (属地), a region code.
    public var place: String
    public var establishedOn: LocalDate?
    public var status: Status
    public var closedKind: Closure?
    public var closedOn: LocalDate?
    /// A merger's or split's successor (承继单位).
    public var successorID: Int64?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, code, name, kind, place, status
        case establishedOn = "established_on"
        case closedKind = "closed_kind"
        case closedOn = "closed_on"
        case successorID = "successor_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

extension UnitRecord: StoreRecord, TableRecord {
    public static let databaseTableName = "unit"
}

/// One registration of a unit with an agency (参保登记记录); several active ones are reduced to one at the unit's
/// place (内蒙古细则 第八条（二））.
public struct UnitRegistration: Codable, Sendable, Hashable, Identifiable {
    public enum Status: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case active, terminated
    }

    public var id: Int64
    public var unitID: Int64
    public var place: String
    public var status: Status
    public var registeredAt: Date
    public var endedAt: Date?
    public var caseID: Int64?
    public var endedByCaseID: Int64?

    enum CodingKeys: String, CodingKey {
        case id, place, status
        case unitID = "unit_id"
        case registeredAt = "registered_at"
        case endedAt = "ended_at"
        case caseID = "case_id"
        case endedByCaseID = "ended_by_case_id"
    }
}

extension UnitRegistration: StoreRecord, TableRecord {
    public static let databaseTableName = "unit_registration"
}

/// A change of a unit's registered particulars (内蒙古细则 第八条（三））.
public struct UnitChange: Codable, Sendable, Hashable, Identifiable {
    public var id: Int64
    public var unitID: Int64
    /// The unit-change form's `change_item`: `name`, `address`, `legal-representative`, `contact`, `bank-account`,
    /// `code` or `other`.
    public var item: String
    public var oldValue: String?
    public var newValue: String
    public var changedOn: LocalDate?
    public var caseID: Int64?
    public var recordedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, item
        case unitID = "unit_id"
        case oldValue = "old_value"
        case newValue = "new_value"
        case changedOn = "changed_on"
        case caseID = "case_id"
        case recordedAt = "recorded_at"
    }
}

extension UnitChange: StoreRecord, TableRecord {
    public static let databaseTableName = "unit_change"
}

/// An employee registered under a unit (内蒙古细则 第九条（一）): current while `active`; ended by the unit's report
/// (`suspended`, `terminated`, 第九条（五）) or by a merger or split (`moved` to the successor).
public struct UnitEmployee: Codable, Sendable, Hashable, Identifiable {
    public enum Status: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case active, suspended, terminated, moved
    }

    public var id: Int64
    public var unitID: Int64
    public var registrationID: Int64
    public var personID: Int64
    /// The employee enrollment the registration wrote, when known.
    public var recordID: Int64?
    public var hiredOn: LocalDate
    public var status: Status
    /// Why it ended: `transfer`, `left-job`, `missing`, `prison`, `death`, `emigration`, `merger`, `split`.
    public var reason: String?
    public var endedOn: LocalDate?
    public var registeredAt: Date
    public var caseID: Int64?
    public var endedByCaseID: Int64?

    enum CodingKeys: String, CodingKey {
        case id, status, reason
        case unitID = "unit_id"
        case registrationID = "registration_id"
        case personID = "person_id"
        case recordID = "record_id"
        case hiredOn = "hired_on"
        case endedOn = "ended_on"
        case registeredAt = "registered_at"
        case caseID = "case_id"
        case endedByCaseID = "ended_by_case_id"
    }
}

extension UnitEmployee: StoreRecord, TableRecord {
    public static let databaseTableName = "unit_employee"
}

/// What registering a unit takes: the unit-register form's answers.
public struct UnitInput: Sendable, Hashable {
    public var code: String
    public var name: String
    public var kind: String?
    public var place: String
    public var establishedOn: LocalDate?

    public init(code: String, name: String, kind: String? = nil, place: String, establishedOn: LocalDate? = nil) {
        self.code = code
        self.name = name
        self.kind = kind
        self.place = place
        self.establishedOn = establishedOn
    }
}
