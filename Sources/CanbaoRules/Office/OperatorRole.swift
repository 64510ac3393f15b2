/// What an operator (操作员) may do at the counter. The one definition: the store checks it, the screens show it.
public enum OperatorRole: String, Codable, Hashable, Sendable, CaseIterable {
    case clerk, supervisor, trainee, admin

    public var chinese: String {
        switch self {
        case .clerk: return "柜员"
        case .supervisor: return "审核员"
        case .trainee: return "学员"
        case .admin: return "管理员"
        }
    }

    /// Who may approve an exception the rules do not allow on their own.
    public var mayApprove: Bool { self == .supervisor || self == .admin }
}
