import CanbaoRules
import Foundation
import GRDB

/// One hardship status marked on a person for subsidised enrollment (困难身份标识, 资助参保; 江门规程 第六条), with the
/// department that certified it and answers for it, as a completed `change` case (change_kind hardship) recorded it.
/// Several statuses give one subsidy, the highest (就高不就低、不重复享受, 江门规程 第二十二条): that one is `applied`.
/// A later hardship case replaces the person's current marks; the replaced ones stay, `endedAt` set.
public struct PersonHardshipMark: Codable, Sendable, Hashable, Identifiable {
    public var id: Int64
    public var personID: Int64
    /// The `HardshipStatus` code, e.g. `minimum-living`.
    public var status: String
    /// Its name as 江门规程 第六条 gives it, e.g. 最低生活保障对象.
    public var statusName: String
    /// The certifying department, e.g. 民政部门.
    public var department: String
    /// 0 for the highest status of the case, in the order of the profile's `hardship.order`.
    public var ordinal: Int
    /// The status whose subsidy applies, once.
    public var applied: Bool
    /// Where the status was certified (region code), as the case gave it.
    public var certifiedPlace: String?
    /// The case's `certified_date`, when it gave one.
    public var certifiedDate: LocalDate?
    /// The article behind the order applied (the verdict's hardship citation).
    public var citation: String
    /// The case that recorded the mark.
    public var caseID: Int64
    public var caseNumber: String
    public var recordedBy: Int64
    public var recordedAt: Date
    /// When a later hardship case replaced this mark, and which one; nil while the mark is current.
    public var endedAt: Date?
    public var endedByCaseID: Int64?

    public var hardshipStatus: HardshipStatus? { HardshipStatus(rawValue: status) }
    public var isCurrent: Bool { endedAt == nil }

    enum CodingKeys: String, CodingKey {
        case id, status, department, ordinal, applied, citation
        case personID = "person_id"
        case statusName = "status_name"
        case certifiedPlace = "certified_place"
        case certifiedDate = "certified_date"
        case caseID = "case_id"
        case caseNumber = "case_number"
        case recordedBy = "recorded_by"
        case recordedAt = "recorded_at"
        case endedAt = "ended_at"
        case endedByCaseID = "ended_by_case_id"
    }
}

extension PersonHardshipMark: StoreRecord, TableRecord {
    public static let databaseTableName = "person_hardship"

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let personID = Column(CodingKeys.personID)
        static let ordinal = Column(CodingKeys.ordinal)
        static let caseID = Column(CodingKeys.caseID)
        static let endedAt = Column(CodingKeys.endedAt)
    }

    /// Every column of the table plus the recording case's number.
    static let selection = """
        SELECT h.id, h.person_id, h.status, h.status_name, h.department, h.ordinal, h.applied, h.certified_place,
               h.certified_date, h.citation, h.case_id, c.number AS case_number, h.recorded_by, h.recorded_at,
               h.ended_at, h.ended_by_case_id
        FROM person_hardship h JOIN case_record c ON c.id = h.case_id
        """
}
