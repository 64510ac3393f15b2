import Foundation

/// What `store verify` found: the file's own checks, the audit chain, and every stored row against the latest digest
/// the log holds for it. Intact when there is no finding.
public struct VerifyReport: Hashable, Sendable {
    /// `PRAGMA integrity_check` output: `["ok"]` for a sound file.
    public var integrity: [String]
    /// Rows of `PRAGMA foreign_key_check`.
    public var foreignKeyProblems: Int
    public var auditEntries: Int
    /// The chain's latest entry: write it down (the daily report prints the day's) to detect a later rewrite.
    public var head: AuditCheckpoint?
    /// The first entry of the keyed chain; nil while every entry is of the plain chain written before the upgrade.
    public var keyedFrom: Int64?
    /// The first entry where the chain does not hold.
    public var chainBreak: ChainBreak?
    /// Stored rows whose digest was compared with the log's.
    public var rowsChecked: Int
    /// Every finding, up to `VerifyReport.maximumFindings`.
    public var findings: [VerifyFinding]
    /// Findings beyond those listed.
    public var omittedFindings: Int
    public var counts: StoreCounts

    /// At most this many findings are listed (a table rewritten wholesale would otherwise list every row).
    public static let maximumFindings = 1_000

    public var isOK: Bool { findings.isEmpty }

    /// The latest entry's hash (the genesis hash for an empty log).
    public var headHash: String { head?.hash ?? AuditEntry.genesisHash }
}

/// One thing that is not as the store left it, in Chinese, with where it is and since which audit entry.
public struct VerifyFinding: Hashable, Sendable, Codable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// `PRAGMA integrity_check` reported damage.
        case fileIntegrity = "file-integrity"
        /// A row references a row that does not exist.
        case foreignKey = "foreign-key"
        /// The database predates the keyed chain and row digests (opened read-only, so not upgraded).
        case notUpgraded = "not-upgraded"
        /// The key file is missing: the keyed entries' signatures cannot be checked.
        case keyMissing = "key-missing"
        /// An audit entry was changed, inserted or deleted, or the chain was rewritten.
        case chainBroken = "chain-broken"
        /// The row digests recorded with an entry were changed, deleted or added.
        case auditRowsAltered = "audit-rows-altered"
        /// Row digests recorded with entries the log no longer holds (a deleted tail).
        case auditEntriesMissing = "audit-entries-missing"
        /// A row differs from the digest of the latest audit entry that wrote it.
        case rowChanged = "row-changed"
        /// A row the log never recorded, or one it recorded as deleted.
        case rowInserted = "row-inserted"
        /// A row the log recorded that the table no longer holds.
        case rowDeleted = "row-deleted"
        /// A table without an integer key, whose rows the log cannot name.
        case tableUncovered = "table-uncovered"
        /// A trigger that keeps the audit tables append-only was dropped.
        case guardMissing = "guard-missing"
        /// A trigger the store did not make: it can change rows inside the store's own writes (`ForeignTriggers`).
        case triggerForeign = "trigger-foreign"
        /// The chain no longer holds the entry of a checkpoint written down earlier.
        case checkpointMismatch = "checkpoint-mismatch"
        /// The database could not be opened or read (missing, a folder, not a canbao database, its key unreadable):
        /// nothing else was checked.
        case cannotOpen = "cannot-open"
    }

    public var kind: Kind
    public var table: String?
    public var rowID: Int64?
    /// The audit entry the finding is about, or since which the row differs.
    public var seq: Int64?
    public var message: String

    public init(kind: Kind, table: String? = nil, rowID: Int64? = nil, seq: Int64? = nil, message: String) {
        self.kind = kind
        self.table = table
        self.rowID = rowID
        self.seq = seq
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case kind, table, seq, message
        case rowID = "row_id"
    }
}

public struct ChainBreak: Hashable, Sendable, CustomStringConvertible {
    public var seq: Int64
    public var reason: String
    public var description: String { "审计记录第 \(seq) 条：\(reason)" }
}

/// Chinese names of the tables the store keeps, for findings a person reads.
enum TableNames {
    static let chinese: [String: String] = [
        "operator": "操作员", "person": "人员", "enrollment_record": "参保记录", "case_record": "办件",
        "case_sequence": "办件编号", "draft": "草稿", "approval": "审批", "approval_request": "审批申请",
        "roster": "花名册", "roster_member": "花名册学生", "person_hardship": "困难身份标识",
        "unit": "参保单位", "unit_registration": "单位参保登记", "unit_change": "单位变更", "unit_employee": "单位职工",
    ]

    /// `人员（person）`, or the bare name of a table without a Chinese one.
    static func label(_ table: String) -> String {
        chinese[table].map { "\($0)（\(table)）" } ?? table
    }
}
