import CanbaoRules
import Foundation
import GRDB

/// One enrollment record as the national platform shows it (医保信息平台), imported or written by a registration.
public struct EnrollmentRecord: Codable, Sendable, Hashable, Identifiable {

    public var id: Int64
    public var personID: Int64
    /// Region code or name of the pooling region (参保地).
    public var place: String
    public var scheme: Scheme
    /// Flexible employment: the employee scheme joined as an individual.
    public var flexible: Bool
    public var status: EnrollmentStatus
    /// Resident scheme: the year the premium covers.
    public var year: Int?
    /// Employee scheme: contribution months `YYYY-MM`.
    public var months: [String]?
    public var paid: Bool
    /// Premium paid, in fen (分); never floating point.
    public var amountFen: Int?
    /// When the current status began.
    public var since: LocalDate?
    /// The case whose registration wrote this record, for records made at this counter.
    public var caseID: Int64?
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, place, scheme, flexible, status, year, months, paid, since
        case personID = "person_id"
        case amountFen = "amount_fen"
        case caseID = "case_id"
        case updatedAt = "updated_at"
    }
}

extension EnrollmentRecord: StoreRecord, TableRecord {
    public static let databaseTableName = "enrollment_record"

    /// Decoded by hand: through `Decodable` this was most of a store-wide scan's time. Same columns, same failures
    /// (a value of the wrong type or an unknown enum case throws).
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        personID = try row.decode(forColumn: "person_id")
        place = try row.decode(forColumn: "place")
        scheme = try row.decode(forColumn: "scheme")
        flexible = try row.decode(forColumn: "flexible")
        status = try row.decode(forColumn: "status")
        year = try row.decode(forColumn: "year")
        months = try (row.decode(String?.self, forColumn: "months")).map(Self.months(fromJSON:))
        paid = try row.decode(forColumn: "paid")
        amountFen = try row.decode(forColumn: "amount_fen")
        since = try row.decode(forColumn: "since")
        caseID = try row.decode(forColumn: "case_id")
        updatedAt = try row.decode(forColumn: "updated_at")
    }

    /// `["2025-01","2025-02"]` as `EnrollmentValidation.monthsJSON` stores it (months hold no quotes or commas).
    static func months(fromJSON json: String) -> [String] {
        json.split(whereSeparator: { $0 == "[" || $0 == "]" || $0 == "," || $0 == "\"" || $0 == " " }).map(String.init)
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let personID = Column(CodingKeys.personID)
        static let status = Column(CodingKeys.status)
    }
}

/// A new enrollment record: what a registration or an import adds for a person.
public struct NewEnrollment: Hashable, Sendable {
    public var place: String
    public var scheme: Scheme
    public var flexible: Bool
    public var status: EnrollmentStatus
    public var year: Int?
    public var months: [String]?
    public var paid: Bool
    public var amountFen: Int?
    public var since: LocalDate?

    public init(place: String, scheme: Scheme, flexible: Bool = false,
                status: EnrollmentStatus = .active, year: Int? = nil, months: [String]? = nil,
                paid: Bool, amountFen: Int? = nil, since: LocalDate? = nil) {
        self.place = place
        self.scheme = scheme
        self.flexible = flexible
        self.status = status
        self.year = year
        self.months = months
        self.paid = paid
        self.amountFen = amountFen
        self.since = since
    }
}

/// A record that a registration suspends or terminates (国家规程 第七条: the old place stops its enrollment).
public struct Suspension: Hashable, Sendable {
    public var recordID: Int64
    /// `.suspended` or `.terminated`, as the rules decide.
    public var status: EnrollmentStatus
    public var since: LocalDate

    public init(recordID: Int64, status: EnrollmentStatus = .suspended, since: LocalDate) {
        self.recordID = recordID
        self.status = status
        self.since = since
    }
}

extension EnrollmentRecord {
    /// The record as the rules read it: the one mapping between the store's records and the platform's.
    public var platformRecord: PlatformRecord {
        PlatformRecord(place: place, scheme: scheme, status: status, year: year, months: months, paid: paid, since: since)
    }
}

extension NewEnrollment {
    /// A platform record as the store would write it (import, practice sandboxes).
    public init(_ r: PlatformRecord, amountFen: Int? = nil) {
        self.init(place: r.place, scheme: r.scheme, status: r.status, year: r.year, months: r.months, paid: r.paid,
                  amountFen: amountFen, since: r.since)
    }
}
