import Foundation

/// The two basic medical insurance schemes. Flexible employment is `employee` with `flexible: true`.
public enum Scheme: String, Codable, Sendable, CaseIterable {
    case resident, employee
    public var chinese: String { self == .resident ? "居民医保" : "职工医保" }
}

/// A person named on a case: the insured, a guardian or an agent.
public struct Party: Hashable, Codable, Sendable {
    public var name: String?
    public var document: IdentityDocument?
    public var birthDate: LocalDate?
    public var sex: Sex?

    public init(name: String? = nil, document: IdentityDocument? = nil, birthDate: LocalDate? = nil, sex: Sex? = nil) {
        self.name = name
        self.document = document
        self.birthDate = birthDate
        self.sex = sex
    }

    enum CodingKeys: String, CodingKey {
        case name, document, sex
        case birthDate = "birth_date"
    }
}

/// Enrollment status as the national platform shows it.
public enum EnrollmentStatus: String, Codable, Sendable, CaseIterable {
    case active, suspended, terminated
    public var chinese: String {
        switch self {
        case .active: return "正常参保"
        case .suspended: return "暂停参保"
        case .terminated: return "终止参保"
        }
    }
}

/// One enrollment record of the person on the national platform (医保信息平台).
public struct PlatformRecord: Hashable, Codable, Sendable {
    /// Region code or name of the pooling region (参保地).
    public var place: String
    public var scheme: Scheme
    public var status: EnrollmentStatus
    /// Resident scheme: the year the premium covers.
    public var year: Int?
    /// Employee scheme: contribution months `YYYY-MM`.
    public var months: [String]?
    public var paid: Bool
    /// Optional: when this record began.
    public var since: LocalDate?
    /// Employee scheme, optional: the employer's unified social credit code (参保单位, 江门规程 第五条（1）).
    public var unit: String?

    public init(place: String, scheme: Scheme, status: EnrollmentStatus, year: Int? = nil, months: [String]? = nil,
                paid: Bool, since: LocalDate? = nil, unit: String? = nil) {
        self.place = place
        self.scheme = scheme
        self.status = status
        self.year = year
        self.months = months
        self.paid = paid
        self.since = since
        self.unit = unit
    }

    /// 150102 居民医保 2026年 正常参保（已缴费）
    public var summary: String {
        var text = "\(place) \(scheme.chinese)"
        if let year { text += " \(year)年" }
        if let months, let first = months.first, let last = months.last {
            text += first == last ? " \(first)" : " \(first)至\(last)"
        }
        text += " \(status.chinese)（\(paid ? "已缴费" : "未缴费")）"
        return text
    }
}

/// A workflow answer: the case file's `facts`.
public enum FactValue: Hashable, Codable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case text(String)

    public var description: String {
        switch self {
        case let .bool(b): return b ? "true" : "false"
        case let .int(i): return String(i)
        case let .text(t): return t
        }
    }

    public var boolValue: Bool? { if case let .bool(b) = self { return b } else { return nil } }
    public var intValue: Int? {
        switch self {
        case let .int(i): return i
        case let .text(t): return Int(t)
        default: return nil
        }
    }
    public var textValue: String? {
        switch self {
        case let .text(t): return t
        case let .int(i): return String(i)
        case let .bool(b): return b ? "true" : "false"
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b) } else if let i = try? c.decode(Int.self) { self = .int(i) } else { self = .text(try c.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case let .bool(b): try c.encode(b)
        case let .int(i): try c.encode(i)
        case let .text(t): try c.encode(t)
        }
    }
}

/// One case as the counter sees it: the applicant, the answers, the documents brought, the platform's records.
/// The keys are those docs/case-file.md documents.
public struct CaseFile: Hashable, Codable, Sendable {
    public var workflow: String
    public var region: String
    public var today: LocalDate
    public var here: String?
    public var scheme: Scheme?
    public var flexible: Bool?
    public var coverageYear: Int?
    public var person: Party?
    public var guardian: Party?
    public var agent: Party?
    public var facts: [String: FactValue]
    public var documentsPresented: [String]
    /// Documents a supervisor accepted on a written commitment instead (告知承诺, 江门规程 第四条).
    public var documentsCommitted: [String]
    public var platformRecords: [PlatformRecord]

    public init(workflow: String, region: String, today: LocalDate, here: String? = nil, scheme: Scheme? = nil,
                flexible: Bool? = nil, coverageYear: Int? = nil, person: Party? = nil, guardian: Party? = nil,
                agent: Party? = nil, facts: [String: FactValue] = [:], documentsPresented: [String] = [],
                documentsCommitted: [String] = [], platformRecords: [PlatformRecord] = []) {
        self.workflow = workflow
        self.region = region
        self.today = today
        self.here = here
        self.scheme = scheme
        self.flexible = flexible
        self.coverageYear = coverageYear
        self.person = person
        self.guardian = guardian
        self.agent = agent
        self.facts = facts
        self.documentsPresented = documentsPresented
        self.documentsCommitted = documentsCommitted
        self.platformRecords = platformRecords
    }

    enum CodingKeys: String, CodingKey {
        case workflow, region, today, here, scheme, flexible, person, guardian, agent, facts
        case coverageYear = "coverage_year"
        case documentsPresented = "documents_presented"
        case documentsCommitted = "documents_committed"
        case platformRecords = "platform_records"
    }

    public static let topLevelKeys: Set<String> = [
        "workflow", "region", "today", "here", "scheme", "flexible", "coverage_year", "person", "guardian", "agent",
        "facts", "documents_presented", "documents_committed", "platform_records",
    ]

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        workflow = try c.decode(String.self, forKey: .workflow)
        region = try c.decode(String.self, forKey: .region)
        today = try c.decode(LocalDate.self, forKey: .today)
        here = try c.decodeIfPresent(String.self, forKey: .here)
        scheme = try c.decodeIfPresent(Scheme.self, forKey: .scheme)
        flexible = try c.decodeIfPresent(Bool.self, forKey: .flexible)
        coverageYear = try c.decodeIfPresent(Int.self, forKey: .coverageYear)
        person = try c.decodeIfPresent(Party.self, forKey: .person)
        guardian = try c.decodeIfPresent(Party.self, forKey: .guardian)
        agent = try c.decodeIfPresent(Party.self, forKey: .agent)
        facts = try c.decodeIfPresent([String: FactValue].self, forKey: .facts) ?? [:]
        documentsPresented = try c.decodeIfPresent([String].self, forKey: .documentsPresented) ?? []
        documentsCommitted = try c.decodeIfPresent([String].self, forKey: .documentsCommitted) ?? []
        platformRecords = try c.decodeIfPresent([PlatformRecord].self, forKey: .platformRecords) ?? []
    }

    public var isFlexible: Bool { flexible ?? false }

    public func fact(_ id: String) -> FactValue? { facts[id] }
    public func flag(_ id: String) -> Bool { facts[id]?.boolValue ?? false }
    public func text(_ id: String) -> String? {
        guard let t = facts[id]?.textValue?.trimmed(.whitespaces), !t.isEmpty else { return nil }
        return t
    }

    /// The insured person's birth date as declared, else as encoded in the resident ID number.
    public var birthDate: LocalDate? {
        if let declared = person?.birthDate { return declared }
        guard let doc = person?.document, doc.kind != .other else { return nil }
        return IdentityValidation.decode(doc.normalizedNumber)?.birthDate
    }
}
