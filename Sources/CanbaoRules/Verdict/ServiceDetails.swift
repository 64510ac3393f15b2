/// What the other counter services (change, suspend/terminate, transfer, refund) add to a verdict beyond the
/// decision: the refund due, the transfer's particulars for the 信息表, the hardship marks. Each encodes with fixed
/// keys (scripts read a fixed shape).

/// A refund the case is due (退费): the months it covers and why.
public struct Refund: Hashable, Codable, Sendable {
    /// First and last month refunded, `YYYY-MM`.
    public var from: String
    public var to: String
    public var months: Int
    /// The `refund_reason` of the case (`joined-employee`, `death`, …).
    public var reason: String
    public var citation: String

    public init(from: String, to: String, months: Int, reason: String, citation: String) {
        self.from = from
        self.to = to
        self.months = months
        self.reason = reason
        self.citation = citation
    }

    /// The refund of every month of `months` (sorted `YYYY-MM`); nil when there is none.
    public init?(months list: [String], reason: String, citation: String) {
        let sorted = list.sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        self.init(from: first, to: last, months: Set(sorted).count, reason: reason, citation: citation)
    }
}

/// A transfer of the basic medical insurance relationship (基本医疗保险关系转移接续): what the 参保人基本医疗保险信息表
/// (内蒙古细则 第十九条（二）) carries besides the person (name and document are the case's own).
public struct TransferDetails: Hashable, Codable, Sendable {
    /// `out` at the old place, `in` at the new one.
    public var direction: String
    /// 转出地 and 转入地 (region codes).
    public var from: String
    public var to: String
    /// `cross-province` (内蒙古细则 第十九条) or `in-province` (区内, 第二十条).
    public var scope: String
    public var scheme: Scheme
    public var flexible: Bool
    /// The out-place's records of that scheme the sheet lists (contribution months or resident years).
    public var records: [PlatformRecord]
    /// True when the 信息表 is to be generated and printed (transfer-out).
    public var informationSheet: Bool
    public var citation: String

    public init(direction: String, from: String, to: String, scope: String, scheme: Scheme, flexible: Bool,
                records: [PlatformRecord], informationSheet: Bool, citation: String) {
        self.direction = direction
        self.from = from
        self.to = to
        self.scope = scope
        self.scheme = scheme
        self.flexible = flexible
        self.records = records
        self.informationSheet = informationSheet
        self.citation = citation
    }

    enum CodingKeys: String, CodingKey {
        case direction, from, to, scope, scheme, flexible, records, citation
        case informationSheet = "information_sheet"
    }
}

/// The hardship statuses recorded on the person (困难身份标识), each with its certifying department, and the one
/// whose subsidy applies (就高不就低、不重复享受, 江门规程 第二十二条).
public struct HardshipMarks: Hashable, Codable, Sendable {
    public struct Mark: Hashable, Codable, Sendable {
        /// `HardshipStatus` code.
        public var status: String
        public var name: String
        public var department: String

        public init(_ status: HardshipStatus) {
            self.status = status.rawValue
            name = status.chinese
            department = status.department
        }
    }

    /// Highest first.
    public var statuses: [Mark]
    /// The status whose subsidy applies, once.
    public var applied: String
    public var certifiedPlace: String?
    public var citation: String

    public init(statuses: [Mark], applied: String, certifiedPlace: String?, citation: String) {
        self.statuses = statuses
        self.applied = applied
        self.certifiedPlace = certifiedPlace
        self.citation = citation
    }

    enum CodingKeys: String, CodingKey {
        case statuses, applied, citation
        case certifiedPlace = "certified_place"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(statuses, forKey: .statuses)
        try c.encode(applied, forKey: .applied)
        try c.encode(certifiedPlace, forKey: .certifiedPlace)
        try c.encode(citation, forKey: .citation)
    }
}
