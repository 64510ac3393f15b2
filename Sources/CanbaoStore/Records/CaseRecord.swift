import CanbaoRules
import Foundation
import GRDB

/// One case (办件) at the counter: the case file as JSON, its verdict, and where it stands.
public struct CaseRecord: Codable, Sendable, Hashable, Identifiable {

    public var id: Int64
    /// `2026-000123`: year of creation (Beijing time) and a sequence within it.
    public var number: String
    public var workflow: String
    public var region: String
    public var applicantID: Int64?
    /// The case exactly as the JSON of the case file.
    public var caseJSON: String
    /// The verdict exactly as `canbao check --json` prints it, once checked.
    public var verdictJSON: String?
    public var decision: Decision?
    public var status: CaseStatus
    /// Bumped by every change; writers pass the version they read (optimistic concurrency).
    public var version: Int
    public var createdBy: Int64
    public var createdAt: Date
    public var updatedAt: Date
    /// The enrollment record written when the case was registered.
    public var registeredRecordID: Int64?
    /// The hall and counter where the case was opened (`ServicePoint`); nil for a case opened before halls were
    /// recorded or by a process started without one.
    public var hall: String? = nil
    public var counter: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, number, workflow, region, decision, status, version, hall, counter
        case applicantID = "applicant_id"
        case caseJSON = "case_json"
        case verdictJSON = "verdict_json"
        case createdBy = "created_by"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case registeredRecordID = "registered_record_id"
    }
}

extension CaseRecord: StoreRecord, TableRecord {
    public static let databaseTableName = "case_record"

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let number = Column(CodingKeys.number)
        static let workflow = Column(CodingKeys.workflow)
        static let region = Column(CodingKeys.region)
        static let applicantID = Column(CodingKeys.applicantID)
        static let status = Column(CodingKeys.status)
        static let createdBy = Column(CodingKeys.createdBy)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }
}

/// Which cases `cases(filter:)` returns; nil means any. Newest change first.
public struct CaseFilter: Hashable, Sendable {
    public var statuses: Set<CaseStatus>?
    public var workflow: String?
    public var region: String?
    public var applicantID: Int64?
    public var createdBy: Int64?
    public var limit: Int

    public init(statuses: Set<CaseStatus>? = nil, workflow: String? = nil, region: String? = nil,
                applicantID: Int64? = nil, createdBy: Int64? = nil, limit: Int = 100) {
        self.statuses = statuses
        self.workflow = workflow
        self.region = region
        self.applicantID = applicantID
        self.createdBy = createdBy
        self.limit = limit
    }
}

/// One completed form field of a case in progress, saved so a dropped terminal loses nothing.
public struct DraftField: Codable, Sendable, Hashable {
    public var caseID: Int64
    /// The form field id, e.g. `person.document`.
    public var field: String
    /// The field's value as the form encodes it (JSON text).
    public var value: String
    public var savedBy: Int64
    public var savedAt: Date

    enum CodingKeys: String, CodingKey {
        case field, value
        case caseID = "case_id"
        case savedBy = "saved_by"
        case savedAt = "saved_at"
    }
}

extension DraftField: StoreRecord, TableRecord {
    public static let databaseTableName = "draft"

    public enum Columns {
        static let caseID = Column(CodingKeys.caseID)
        static let field = Column(CodingKeys.field)
        static let savedAt = Column(CodingKeys.savedAt)
    }
}

/// A supervisor's decision on one exception (a finding of severity `approval`).
public struct ApprovalRecord: Codable, Sendable, Hashable, Identifiable {
    public enum Decision: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case approved, rejected
        public var chinese: String { self == .approved ? "批准" : "不批准" }
    }

    public var id: Int64
    public var caseID: Int64
    /// The finding's rule id.
    public var rule: String
    public var citation: String
    public var message: String
    /// The operator who raised the exception (the case's creator).
    public var requestedBy: Int64
    public var decidedBy: Int64
    public var decision: Decision
    public var reason: String
    public var decidedAt: Date
    /// Document codes accepted on a written commitment (告知承诺) in place of the document; empty for most.
    public var waivedDocuments: [String]
    /// The request this decision answers; nil for decisions recorded before requests were stored.
    public var requestID: Int64?
    /// Where the supervisor decided (`ServicePoint`); nil before halls were recorded.
    public var hall: String?
    public var counter: String?

    enum CodingKeys: String, CodingKey {
        case id, rule, citation, message, decision, reason, hall, counter
        case caseID = "case_id"
        case requestedBy = "requested_by"
        case decidedBy = "decided_by"
        case decidedAt = "decided_at"
        case waivedDocuments = "waived_documents"
        case requestID = "request_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        caseID = try c.decode(Int64.self, forKey: .caseID)
        rule = try c.decode(String.self, forKey: .rule)
        citation = try c.decode(String.self, forKey: .citation)
        message = try c.decode(String.self, forKey: .message)
        requestedBy = try c.decode(Int64.self, forKey: .requestedBy)
        decidedBy = try c.decode(Int64.self, forKey: .decidedBy)
        decision = try c.decode(Decision.self, forKey: .decision)
        reason = try c.decode(String.self, forKey: .reason)
        decidedAt = try c.decode(Date.self, forKey: .decidedAt)
        // A JSON array as text; NULL on rows that waived nothing.
        let waived = try c.decodeIfPresent(String.self, forKey: .waivedDocuments)
        waivedDocuments = try waived.map { try JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
        requestID = try c.decodeIfPresent(Int64.self, forKey: .requestID)
        hall = try c.decodeIfPresent(String.self, forKey: .hall)
        counter = try c.decodeIfPresent(String.self, forKey: .counter)
    }
}

extension ApprovalRecord: StoreRecord, TableRecord {
    public static let databaseTableName = "approval"

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let caseID = Column(CodingKeys.caseID)
    }
}

/// A clerk's request that a supervisor decide the exceptions of a submitted case (the approval queue).
public struct ApprovalRequest: Codable, Sendable, Hashable, Identifiable {
    public var id: Int64
    public var caseID: Int64
    public var requestedBy: Int64
    /// Why the clerk thinks the exception should be allowed, as typed at the counter.
    public var justification: String
    public var requestedAt: Date
    /// Where the clerk raised it (`ServicePoint`): the hall whose supervisors see it first.
    public var hall: String? = nil
    public var counter: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, justification, hall, counter
        case caseID = "case_id"
        case requestedBy = "requested_by"
        case requestedAt = "requested_at"
    }
}

extension ApprovalRequest: StoreRecord, TableRecord {
    public static let databaseTableName = "approval_request"
}

/// What a registration wrote, all in one transaction.
public struct Registration: Hashable, Sendable {
    public var caseRecord: CaseRecord
    public var enrollment: EnrollmentRecord
    public var replaced: [EnrollmentRecord]
}

extension CaseRecord {
    /// The case file as the store wrote it.
    public func caseFile() throws -> CaseFile {
        do { return try CaseFile(json: caseJSON) } catch { throw StoreError.invalidCase("办件 \(number) 的案件内容无法读取") }
    }

    /// The verdict of the last check, nil before the case was checked.
    public func verdict() throws -> CanbaoRules.Verdict? {
        guard let verdictJSON else { return nil }
        do { return try CanbaoRules.Verdict(json: verdictJSON) } catch {
            throw StoreError.invalidCase("办件 \(number) 的校验结论无法读取")
        }
    }
}
