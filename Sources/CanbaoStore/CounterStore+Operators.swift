import CanbaoRules
import Foundation
import GRDB

extension CounterStore {
    /// Every operator, by login name.
    public func operators() throws -> [Operator] {
        try read { db in try Operator.fetchAll(db, sql: "SELECT * FROM operator ORDER BY name") }
    }

    public func `operator`(named name: String) throws -> Operator? {
        try read { db in try Self.operatorRow(db, named: name) }
    }

    /// Adds an operator. The password is hashed before the write transaction opens (the KDF is slow on purpose).
    /// A password an administrator (an operator actor) chose for someone else is temporary: the new operator must
    /// choose their own at the first login. The store's own work (`.system`, such as the first administrator
    /// choosing their own password at first start) sets a password the operator keeps, unless `mustChangePassword`
    /// says otherwise (the demo accounts, whose password everyone knows).
    @discardableResult
    public func addOperator(name: String, displayName: String, role: OperatorRole, password: String,
                            mustChangePassword: Bool? = nil, by actor: Actor) throws -> Operator {
        try insertOperator(name: name, displayName: displayName, role: role, password: password,
                           mustChangePassword: mustChangePassword, firstOnly: false, by: actor)
    }

    /// The first administrator of a store that has no operator: the one account created without another
    /// administrator, with a password they chose. Refused once any operator exists, checked inside the transaction,
    /// so two terminals setting up one empty store at once cannot both succeed.
    @discardableResult
    public func addFirstAdministrator(name: String, displayName: String, password: String,
                                      by actor: Actor) throws -> Operator {
        try insertOperator(name: name, displayName: displayName, role: .admin, password: password,
                           mustChangePassword: false, firstOnly: true, by: actor)
    }

    private func insertOperator(name: String, displayName: String, role: OperatorRole, password: String,
                                mustChangePassword: Bool?, firstOnly: Bool, by actor: Actor) throws -> Operator {
        if let problem = AccountPolicy.nameProblem(name) {
            throw StoreError.invalidInput(field: "name", reason: problem)
        }
        let display = displayName.trimmed(.whitespacesAndNewlines)
        if let problem = AccountPolicy.displayNameProblem(display) {
            throw StoreError.invalidInput(field: "display_name", reason: problem)
        }
        try PasswordHash.checkStrength(password)
        let hash = try PasswordHash.make(password, iterations: options.passwordIterations)
        let at = timestamp
        var temporary = false
        if case .operator = actor { temporary = true }
        temporary = mustChangePassword ?? temporary
        return try write { db in
            if firstOnly, try Operator.fetchCount(db) > 0 {
                throw StoreError.notAllowed("已有操作员，新增操作员须由管理员办理")
            }
            // Operators the log recorded, all gone: deleted behind the store's back, not a store never set up.
            if firstOnly, try SQLRow.fetchOne(db, sql: "SELECT 1 FROM audit_row WHERE tbl = 'operator' LIMIT 1") != nil {
                throw StoreError.tampered("操作员名单（审计日志记录过的操作员已全部不在）")
            }
            try requireAdmin(db, actor, "只有管理员可以新增操作员")
            guard try Self.operatorRow(db, named: name) == nil else {
                throw StoreError.operatorExists(name)
            }
            let id = try db.insert("""
                INSERT INTO operator (name, display_name, role, password_hash, disabled, failed_logins, created_at,
                                      must_change_password)
                VALUES (?, ?, ?, ?, 0, 0, ?, ?)
                """, arguments: [name, display, role, hash, at, temporary])
            try appendAudit(db, actor: actor, action: "operator.add", entity: "operator", entityID: name,
                            detail: ["role": role.rawValue, "display_name": display,
                                     "must_change_password": temporary ? "1" : "0"], at: at)
            return try Operator.fetchOne(db, id: id)!
        }
    }

    /// Sets a new password and clears the failed-login counter (which also unlocks a locked operator).
    /// An admin may set anyone's password, and one set for someone else is temporary (changed at the next login);
    /// an operator may set only their own, which must differ from the one it replaces.
    @discardableResult
    public func setPassword(name: String, password: String, by actor: Actor) throws -> Operator {
        try PasswordHash.checkStrength(password)
        let hash = try PasswordHash.make(password, iterations: options.passwordIterations)
        let at = timestamp
        guard let before = try self.operator(named: name) else { throw StoreError.operatorNotFound(name) }
        let own = actor == .operator(before.id)
        // Checked outside the transaction: the KDF is slow, and the write below re-reads the row.
        if own, PasswordHash.verify(password, against: before.passwordHash) {
            throw StoreError.weakPassword("新密码不能与原密码相同")
        }
        return try write { db in
            guard let existing = try Self.operatorRow(db, named: name) else {
                throw StoreError.operatorNotFound(name)
            }
            try requireSealed(db, table: "operator", id: existing.id, what: "操作员 \(name) 的账号")
            if own {
                try requireActiveOperator(db, existing.id)
            } else {
                try requireAdmin(db, actor, "只有管理员可以重设他人的密码")
            }
            let temporary: Bool
            if !own, case .operator = actor { temporary = true } else { temporary = false }
            try db.run("""
                UPDATE operator SET password_hash = ?, failed_logins = 0, must_change_password = ? WHERE id = ?
                """, arguments: [hash, temporary, existing.id])
            try appendAudit(db, actor: actor, action: "operator.passwd", entity: "operator", entityID: name,
                            detail: ["must_change_password": temporary ? "1" : "0"], at: at)
            return try Operator.fetchOne(db, id: existing.id)!
        }
    }

    /// Disables (or enables again) an account. A disabled operator can neither log in nor change anything, and
    /// keeps every case, approval and audit row that names them.
    @discardableResult
    public func setOperatorDisabled(name: String, disabled: Bool, by actor: Actor) throws -> Operator {
        let at = timestamp
        return try write { db in
            try requireAdmin(db, actor, "只有管理员可以停用或启用操作员")
            guard let existing = try Self.operatorRow(db, named: name) else {
                throw StoreError.operatorNotFound(name)
            }
            if disabled, actor == .operator(existing.id) { throw StoreError.notAllowed("不能停用自己的账号") }
            try requireSealed(db, table: "operator", id: existing.id, what: "操作员 \(name) 的账号")
            try db.run("UPDATE operator SET disabled = ? WHERE id = ?", arguments: [disabled, existing.id])
            try appendAudit(db, actor: actor, action: disabled ? "operator.disable" : "operator.enable",
                            entity: "operator", entityID: name, detail: [:], at: at)
            return try Operator.fetchOne(db, id: existing.id)!
        }
    }

    /// Unlocks an account locked after `maximumFailedLogins` failed logins, without changing its password
    /// (admin only, audited with the count that was cleared).
    @discardableResult
    public func unlockOperator(name: String, by actor: Actor) throws -> Operator {
        let at = timestamp
        return try write { db in
            try requireAdmin(db, actor, "只有管理员可以解锁操作员")
            guard let existing = try Self.operatorRow(db, named: name) else {
                throw StoreError.operatorNotFound(name)
            }
            return try clearFailedLogins(db, existing, by: actor, at: at, detail: [:])
        }
    }

    /// Clears an account's failed-login count, audited with the count cleared; a tampered row is refused first.
    private func clearFailedLogins(_ db: SQLConnection, _ existing: Operator, by actor: Actor, at: Date,
                                   detail: [String: String]) throws -> Operator {
        try requireSealed(db, table: "operator", id: existing.id, what: "操作员 \(existing.name) 的账号")
        try db.run("UPDATE operator SET failed_logins = 0 WHERE id = ?", arguments: [existing.id])
        try appendAudit(db, actor: actor, action: "operator.unlock", entity: "operator", entityID: existing.name,
                        detail: detail.merging(["failed_logins": String(existing.failedLogins)]) { a, _ in a }, at: at)
        return try Operator.fetchOne(db, id: existing.id)!
    }

    /// The way back in when every enabled administrator is locked (five wrong passwords each, or someone guessing):
    /// no administrator could run `operator unlock`, so the system user who runs canbao may unlock one of them
    /// without `--as`. It only clears the count: the password is still needed to log in, and anyone who can run
    /// this can already read the store's files. Refused while any administrator can still log in; audited.
    @discardableResult
    public func unlockLockedOutAdministrator(name: String, by actor: Actor) throws -> Operator {
        let at = timestamp
        return try write { db in
            guard let existing = try Self.operatorRow(db, named: name) else { throw StoreError.operatorNotFound(name) }
            guard existing.role == .admin, !existing.disabled, existing.isLocked else {
                throw StoreError.notAllowed("不带 --as 只能解锁被锁定的管理员；\(name) 不是被锁定的启用管理员，请由管理员用 --as 解锁")
            }
            let open = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM operator WHERE role = 'admin' AND disabled = 0 AND failed_logins < ?
                """, arguments: [Self.maximumFailedLogins]) ?? 0
            guard open == 0 else {
                throw StoreError.notAllowed("还有未被锁定的管理员，请由其用 --as 解锁 \(name)")
            }
            return try clearFailedLogins(db, existing, by: actor, at: at, detail: ["recovery": "1"])
        }
    }

    /// Logs an operator in. An unknown name, a wrong password, a disabled and a locked account all give the same
    /// error after the same work, so neither the message nor its delay tells which accounts exist.
    ///
    /// The password is checked before the write transaction (the KDF is slow on purpose); the lockout is then
    /// checked and counted inside one IMMEDIATE transaction, so terminals guessing at once cannot get past
    /// `maximumFailedLogins` between a check and its count. `via` names where the login came from in the audit row
    /// (`counter`, `cli`).
    public func authenticate(name: String, password: String, via: String = "counter") throws -> Operator {
        let found = try self.operator(named: name)
        // Spend the same time when the name is unknown.
        let matches = PasswordHash.verify(password, against: found?.passwordHash ?? decoyHash)
        guard let found else { throw StoreError.invalidCredentials }
        let at = timestamp
        var forged = false
        let loggedIn: Operator? = try write { db in
            guard let current = try Operator.fetchOne(db, id: found.id) else { return nil }
            var detail = ["via": via]
            // Checked first, whatever the password: a row the log does not know (added or raised with the sqlite3
            // CLI) never logs in, and this refusal writes only its audit entry, never the row, so the change stays
            // visible to `store verify`.
            guard try isSealed(db, table: "operator", id: current.id) else {
                detail["reason"] = "tampered"
                try appendAudit(db, actor: .system("login"), action: "operator.login-refused", entity: "operator",
                                entityID: name, detail: detail, at: at)
                forged = true
                return nil
            }
            if current.disabled || current.isLocked {
                detail["reason"] = current.disabled ? "disabled" : "locked"
                try appendAudit(db, actor: .system("login"), action: "operator.login-refused", entity: "operator",
                                entityID: name, detail: detail, at: at)
                return nil
            }
            // The password changed since it was read: check against the one in force now.
            let valid = current.passwordHash == found.passwordHash
                ? matches : PasswordHash.verify(password, against: current.passwordHash)
            if valid {
                try db.run("UPDATE operator SET failed_logins = 0 WHERE id = ?", arguments: [current.id])
                try appendAudit(db, actor: .system("login"), action: "operator.login", entity: "operator",
                                entityID: name, detail: detail, at: at)
                return try Operator.fetchOne(db, id: current.id)!
            }
            try db.run("UPDATE operator SET failed_logins = failed_logins + 1 WHERE id = ?", arguments: [current.id])
            try appendAudit(db, actor: .system("login"), action: "operator.login-failed", entity: "operator",
                            entityID: name, detail: detail, at: at)
            return nil
        }
        if forged { throw StoreError.tampered("操作员 \(name) 的账号") }
        guard let loggedIn else { throw StoreError.invalidCredentials }
        return loggedIn
    }

    /// An administrator identifying themselves at the command line (`--as NAME` and their password): the same
    /// checks and lockout as a login at the counter, then the role.
    public func authenticateAdministrator(name: String, password: String) throws -> Operator {
        let op = try authenticate(name: name, password: password, via: "cli")
        guard op.role == .admin else { throw StoreError.notAllowed("\(name) 不是管理员，不能执行此命令") }
        return op
    }

    /// Whether any operator exists: the first administrator of an empty store is the one account created without
    /// another administrator's password.
    public func hasOperators() throws -> Bool {
        try read { db in try Operator.fetchCount(db) > 0 }
    }

    static func operatorRow(_ db: SQLConnection, named name: String) throws -> Operator? {
        try Operator.fetchOne(db, sql: "SELECT * FROM operator WHERE name = ?", arguments: [name])
    }

    /// Administration from the store's own work (a system actor) is allowed; an operator must be an active admin.
    private func requireAdmin(_ db: SQLConnection, _ actor: Actor, _ reason: String) throws {
        guard case let .operator(id) = actor else { return }
        try requireActiveOperator(db, id)
        let role = try OperatorRole.fetchOne(db, sql: "SELECT role FROM operator WHERE id = ?", arguments: [id])
        guard role == .admin else { throw StoreError.notAllowed(reason) }
    }

    /// A valid hash of a random password, checked against when the name is unknown.
    private var decoyHash: String {
        "pbkdf2-sha256$\(options.passwordIterations)$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    }
}
