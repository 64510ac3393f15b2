import Foundation
import GRDB

extension CounterStore {
    /// Every operator, by login name.
    public func operators() throws -> [Operator] {
        try read { db in try Operator.order(Operator.Columns.name).fetchAll(db) }
    }

    public func `operator`(named name: String) throws -> Operator? {
        try read { db in try Operator.filter(Operator.Columns.name == name).fetchOne(db) }
    }

    /// Adds an operator. The password is hashed before the write transaction opens (the KDF is slow on purpose).
    @discardableResult
    public func addOperator(name: String, displayName: String, role: Operator.Role, password: String,
                            by actor: Actor) throws -> Operator {
        try Self.checkOperatorName(name)
        let display = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !display.isEmpty else { throw StoreError.invalidInput(field: "display_name", reason: "不能为空") }
        try PasswordHash.checkStrength(password)
        let hash = try PasswordHash.make(password, iterations: options.passwordIterations)
        let at = timestamp
        return try write { db in
            try requireAdmin(db, actor, "只有管理员可以新增操作员")
            guard try Operator.filter(Operator.Columns.name == name).fetchCount(db) == 0 else {
                throw StoreError.operatorExists(name)
            }
            try db.run("""
                INSERT INTO operator (name, display_name, role, password_hash, disabled, failed_logins, created_at)
                VALUES (?, ?, ?, ?, 0, 0, ?)
                """, arguments: [name, display, role, hash, at])
            let id = db.lastInsertedRowID
            try appendAudit(db, actor: actor, action: "operator.add", entity: "operator", entityID: name,
                            detail: ["role": role.rawValue, "display_name": display], at: at)
            return try Operator.fetchOne(db, id: id)!
        }
    }

    /// Sets a new password and clears the failed-login counter (which also unlocks a locked operator).
    /// An admin may set anyone's password, an operator only their own.
    @discardableResult
    public func setPassword(name: String, password: String, by actor: Actor) throws -> Operator {
        try PasswordHash.checkStrength(password)
        let hash = try PasswordHash.make(password, iterations: options.passwordIterations)
        let at = timestamp
        return try write { db in
            guard let existing = try Operator.filter(Operator.Columns.name == name).fetchOne(db) else {
                throw StoreError.operatorNotFound(name)
            }
            if actor != .operator(existing.id) { try requireAdmin(db, actor, "只有管理员可以重设他人的密码") }
            try db.run("UPDATE operator SET password_hash = ?, failed_logins = 0 WHERE id = ?",
                       arguments: [hash, existing.id])
            try appendAudit(db, actor: actor, action: "operator.passwd", entity: "operator", entityID: name,
                            detail: [:], at: at)
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
            guard let existing = try Operator.filter(Operator.Columns.name == name).fetchOne(db) else {
                throw StoreError.operatorNotFound(name)
            }
            if disabled, actor == .operator(existing.id) { throw StoreError.notAllowed("不能停用自己的账号") }
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
            guard let existing = try Operator.filter(Operator.Columns.name == name).fetchOne(db) else {
                throw StoreError.operatorNotFound(name)
            }
            try db.run("UPDATE operator SET failed_logins = 0 WHERE id = ?", arguments: [existing.id])
            try appendAudit(db, actor: actor, action: "operator.unlock", entity: "operator", entityID: name,
                            detail: ["failed_logins": String(existing.failedLogins)], at: at)
            return try Operator.fetchOne(db, id: existing.id)!
        }
    }

    /// Logs an operator in. Unknown name and wrong password give the same error, so names can't be probed;
    /// after `maximumFailedLogins` failures in a row the operator is locked until `unlockOperator` or
    /// `setPassword`.
    public func authenticate(name: String, password: String) throws -> Operator {
        guard let found = try self.operator(named: name) else {
            // Spend the same time as a real check so the answer's delay does not reveal unknown names.
            _ = PasswordHash.verify(password, against: decoyHash)
            throw StoreError.invalidCredentials
        }
        if found.disabled { throw StoreError.operatorDisabled(name) }
        if found.failedLogins >= Self.maximumFailedLogins { throw StoreError.operatorLocked(name) }
        // The KDF runs outside any transaction; only the counter update is written.
        let matches = PasswordHash.verify(password, against: found.passwordHash)
        let at = timestamp
        let loggedIn: Operator? = try write { db in
            if matches {
                try db.run("UPDATE operator SET failed_logins = 0 WHERE id = ?", arguments: [found.id])
                try appendAudit(db, actor: .system("login"), action: "operator.login", entity: "operator",
                                entityID: name, detail: [:], at: at)
                return try Operator.fetchOne(db, id: found.id)!
            }
            try db.run("UPDATE operator SET failed_logins = failed_logins + 1 WHERE id = ?",
                       arguments: [found.id])
            try appendAudit(db, actor: .system("login"), action: "operator.login-failed", entity: "operator",
                            entityID: name, detail: [:], at: at)
            return nil
        }
        guard let loggedIn else { throw StoreError.invalidCredentials }
        return loggedIn
    }

    /// Administration from the command line (a system actor) is allowed; an operator must be an active admin.
    private func requireAdmin(_ db: Database, _ actor: Actor, _ reason: String) throws {
        guard case let .operator(id) = actor else { return }
        try requireActiveOperator(db, id)
        let role = try Operator.Role.fetchOne(db, sql: "SELECT role FROM operator WHERE id = ?", arguments: [id])
        guard role == .admin else { throw StoreError.notAllowed(reason) }
    }

    static func checkOperatorName(_ name: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard (2...32).contains(name.count), name.allSatisfy({ allowed.contains($0) }),
              name.first!.isLetter || name.first!.isNumber else {
            throw StoreError.invalidInput(field: "name", reason: "登录名应为 2–32 个小写字母、数字、点、下划线或连字符")
        }
    }

    /// A valid hash of a random password, checked against when the name is unknown.
    private var decoyHash: String {
        "pbkdf2-sha256$\(options.passwordIterations)$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    }
}
