/// Where a case (办件) stands: draft → submitted → pending-documents / awaiting-approval → registered / completed /
/// refused / withdrawn; a draft may be voided. The one definition: the store keeps it, the screens show it.
public enum CaseStatus: String, Codable, Hashable, Sendable, CaseIterable {
    case draft
    case submitted
    case pendingDocuments = "pending-documents"
    case awaitingApproval = "awaiting-approval"
    /// A registration wrote the person's new enrollment (登记).
    case registered
    /// A service that changes existing enrollments or a unit (suspend, terminate, transfer-out, change, refund, the
    /// employer's services, a duplicate's resolution) was carried out: 办结, not 登记.
    case completed
    case refused
    /// A case not yet decided, withdrawn at the applicant's request (or by mistake), with the reason.
    case withdrawn
    /// A draft opened by mistake and set aside, with the reason: nothing was submitted.
    case voided

    public var chinese: String {
        switch self {
        case .draft: return "草稿"
        case .submitted: return "已提交"
        case .pendingDocuments: return "待补材料"
        case .awaitingApproval: return "待审核"
        case .registered: return "已登记"
        case .completed: return "已办结"
        case .refused: return "不予办理"
        case .withdrawn: return "已撤回"
        case .voided: return "已作废"
        }
    }

    /// A case in a final status is no longer edited; its drafts are dropped.
    public var isFinal: Bool { [.registered, .completed, .refused, .withdrawn, .voided].contains(self) }

    /// Carried out: a registration or a completed service.
    public var isDone: Bool { self == .registered || self == .completed }

    /// A draft opened by mistake may be voided (作废).
    public var mayBeVoided: Bool { self == .draft }

    /// A case submitted and not yet decided (waiting for documents or for a supervisor) may be withdrawn (撤回).
    public var mayBeWithdrawn: Bool { [.submitted, .pendingDocuments, .awaitingApproval].contains(self) }

    /// The fewest characters of the reason a case is voided or withdrawn with (it goes into the audit log).
    public static let minimumSetAsideReason = ReasonRule.minimumLength

    /// Set aside without a decision (voided, withdrawn): not a case served.
    public var isSetAside: Bool { self == .voided || self == .withdrawn }

    /// The statuses a case may move to by a plain status change. `registered` and `completed` are reached only by a
    /// registration or a completed service, which write their records in the same transaction.
    public var next: Set<CaseStatus> {
        switch self {
        case .draft: return [.submitted, .withdrawn, .voided]
        case .submitted: return [.draft, .pendingDocuments, .awaitingApproval, .refused, .withdrawn]
        case .pendingDocuments: return [.submitted, .refused, .withdrawn]
        case .awaitingApproval: return [.submitted, .pendingDocuments, .refused, .withdrawn]
        case .registered, .completed, .refused, .withdrawn, .voided: return []
        }
    }
}
