import CanbaoRules
import Foundation
import GRDB

/// Someone who logs in at the counter (操作员).
public struct Operator: Codable, Sendable, Hashable, Identifiable {

    public var id: Int64
    /// Login name, unique.
    public var name: String
    public var displayName: String
    public var role: OperatorRole
    /// `pbkdf2-sha256$iterations$salt$hash`; never shown.
    var passwordHash: String
    public var disabled: Bool
    /// Consecutive failed logins since the last success or password reset.
    public var failedLogins: Int
    public var createdAt: Date
    /// The password was set by someone else (an administrator, the demo data): the operator must choose their own
    /// at the next login before doing anything else.
    public var mustChangePassword: Bool

    /// Locked after `CounterStore.maximumFailedLogins` failed logins in a row, until an admin unlocks it.
    public var isLocked: Bool { failedLogins >= CounterStore.maximumFailedLogins }

    enum CodingKeys: String, CodingKey {
        case id, name, role, disabled
        case displayName = "display_name"
        case passwordHash = "password_hash"
        case failedLogins = "failed_logins"
        case createdAt = "created_at"
        case mustChangePassword = "must_change_password"
    }
}

extension Operator: StoreRecord, TableRecord {
    public static let databaseTableName = "operator"

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
    }
}
