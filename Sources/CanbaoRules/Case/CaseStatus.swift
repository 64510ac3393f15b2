/// Where a case (办件) stands: draft → submitted → pending-documents / awaiting-approval → registered / refused /
/// withdrawn. The one definition: the store keeps it, the screens show it.
public enum CaseStatus: String, Codable, Hashable, Sendable, CaseIterable {
    case draft
    case submitted
    case pendingDocuments = "pending-documents"
    case awaitingApproval = "awaiting-approval"
    case registered, refused, withdrawn

    public var chinese: String {
        switch self {
        case .draft: return "草稿"
        case .submitted: return "已提交"
        case .pendingDocuments: return "待补材料"
        case .awaitingApproval: return "待审核"
        case .registered: return "已登记"
        case .refused: return "不予办理"
        case .withdrawn: return "已撤回"
        }
    }

    /// A case in a final status is no longer edited; its drafts are dropped.
    public var isFinal: Bool { self == .registered || self == .refused || self == .withdrawn }

    /// The statuses a case may move to by a plain status change. `registered` is reached only by a registration or
    /// a completed service, which write their records in the same transaction.
    public var next: Set<CaseStatus> {
        switch self {
        case .draft: return [.submitted, .withdrawn]
        case .submitted: return [.draft, .pendingDocuments, .awaitingApproval, .refused, .withdrawn]
        case .pendingDocuments: return [.submitted, .refused, .withdrawn]
        case .awaitingApproval: return [.submitted, .pendingDocuments, .refused, .withdrawn]
        case .registered, .refused, .withdrawn: return []
        }
    }
}
