@testable import CanbaoStore
import Foundation
import Testing

@Suite("Operators and passwords")
struct OperatorTests {
    /// RFC 7914 §11, PBKDF2-HMAC-SHA256 with P = "passwd", S = "salt", c = 1, dkLen = 64.
    @Test func pbkdf2MatchesThePublishedVector() throws {
        let key = try PasswordHash.derive(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1,
                                          length: 64)
        #expect(hex(key) == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
    }

    @Test(arguments: TestBackend.all) func storesASaltedSlowHash(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let added = try store.addOperator(name: "zhang.san", displayName: " 张三 ", role: .clerk,
                                          password: "柜台密码2026", by: .system("test"))
        #expect(added.displayName == "张三")
        #expect(added.role == .clerk)
        #expect(added.failedLogins == 0)
        #expect(!added.disabled)
        let parts = added.passwordHash.split(separator: "$").map(String.init)
        #expect(parts.count == 4)
        #expect(parts[0] == "pbkdf2-sha256")
        #expect(parts[1] == "100000")
        #expect(Data(base64Encoded: parts[2])?.count == 16)
        #expect(Data(base64Encoded: parts[3])?.count == 32)
        #expect(!added.passwordHash.contains("柜台密码2026"))
        // Same password, new salt: a different hash.
        let other = try store.addOperator(name: "li.si", displayName: "李四", role: .clerk, password: "柜台密码2026",
                                          by: .system("test"))
        #expect(other.passwordHash != added.passwordHash)
        #expect(PasswordHash.defaultIterations == 210_000)
        #expect(CounterStore.Options(passwordIterations: 1_000).passwordIterations == 100_000)
    }

    @Test(arguments: TestBackend.all) func authenticationCountsFailuresAndLocks(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        try store.addOperator(name: "clerk1", displayName: "柜员一", role: .clerk, password: "Right-pass-1",
                              by: .system("test"))
        #expect(try store.authenticate(name: "clerk1", password: "Right-pass-1").name == "clerk1")
        #expect(throws: StoreError.invalidCredentials) { try store.authenticate(name: "nobody", password: "x") }
        for _ in 1...4 {
            #expect(throws: StoreError.invalidCredentials) {
                try store.authenticate(name: "clerk1", password: "Wrong-pass-1")
            }
        }
        #expect(try store.operator(named: "clerk1")?.failedLogins == 4)
        // A success before the limit clears the count.
        #expect(try store.authenticate(name: "clerk1", password: "Right-pass-1").failedLogins == 0)
        for _ in 1...5 {
            #expect(throws: StoreError.invalidCredentials) {
                try store.authenticate(name: "clerk1", password: "Wrong-pass-1")
            }
        }
        // Locked: the right password is refused with the same message as a wrong one, and counts no further.
        #expect(throws: StoreError.invalidCredentials) { try store.authenticate(name: "clerk1", password: "Right-pass-1") }
        #expect(try store.operator(named: "clerk1")?.failedLogins == 5)
        try store.setPassword(name: "clerk1", password: "New-pass-2026", by: .system("test"))
        #expect(throws: StoreError.invalidCredentials) { try store.authenticate(name: "clerk1", password: "Right-pass-1") }
        #expect(try store.authenticate(name: "clerk1", password: "New-pass-2026").failedLogins == 0)

        try store.setOperatorDisabled(name: "clerk1", disabled: true, by: .system("test"))
        #expect(throws: StoreError.invalidCredentials) { try store.authenticate(name: "clerk1", password: "New-pass-2026") }
        let log = try store.auditLog(entity: "operator")
        #expect(log.filter { $0.action == "operator.login-failed" }.count == 10)
        #expect(log.filter { $0.action == "operator.login-refused" }.map(\.detail)
            == [#"{"reason":"locked","via":"counter"}"#, #"{"reason":"disabled","via":"counter"}"#])
        #expect(log.last?.action == "operator.login-refused")
    }

    /// The screen must not tell which accounts exist or what state they are in.
    @Test(arguments: TestBackend.all) func unknownWrongLockedAndDisabledReadTheSame(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        for name in ["locked1", "disabled1", "clerk1"] {
            try store.addOperator(name: name, displayName: name, role: .clerk, password: "Right-pass-1", by: .system("test"))
        }
        for _ in 1...5 { _ = try? store.authenticate(name: "locked1", password: "Wrong-pass-1") }
        try store.setOperatorDisabled(name: "disabled1", disabled: true, by: .system("test"))
        let messages = [("nobody", "Right-pass-1"), ("clerk1", "Wrong-pass-1"), ("locked1", "Right-pass-1"),
                        ("disabled1", "Right-pass-1")].map { name, password -> String in
            do {
                _ = try store.authenticate(name: name, password: password)
                return "logged in"
            } catch {
                return "\(error)"
            }
        }
        #expect(messages == Array(repeating: "用户名或密码错误，或账号已停用、已锁定", count: 4))
    }

    /// Two terminals (two store handles, as two processes would have) guessing at once: the lockout is checked and
    /// counted in one transaction, so no more than five wrong guesses are ever counted and the right password is
    /// refused after them.
    @Test(arguments: TestBackend.all) func terminalsGuessingAtOnceCannotGetPastFive(_ backend: TestBackend) throws {
        let first = try Fixture.store(backend)
        try first.addOperator(name: "clerk1", displayName: "柜员一", role: .clerk, password: "Right-pass-1",
                              by: .system("test"))
        let second = try Fixture.reopen(first)
        // Threads of their own, so that all sixteen guesses are under way at once (the KDF takes a while).
        let group = DispatchGroup()
        for index in 0..<16 {
            group.enter()
            Thread {
                _ = try? (index % 2 == 0 ? first : second).authenticate(name: "clerk1", password: "Wrong-pass-\(index)")
                group.leave()
            }.start()
        }
        group.wait()
        #expect(try first.operator(named: "clerk1")?.failedLogins == 5)
        #expect(try first.auditLog(entity: "operator").filter { $0.action == "operator.login-failed" }.count == 5)
        #expect(try first.auditLog(entity: "operator").filter { $0.action == "operator.login-refused" }.count == 11)
        #expect(throws: StoreError.invalidCredentials) { try second.authenticate(name: "clerk1", password: "Right-pass-1") }
        #expect(try first.verify().isOK)
    }

    /// A password someone else chose is temporary; the operator's own is not, and must differ from the one it replaces.
    @Test(arguments: TestBackend.all) func passwordsSetByAnAdministratorMustBeChanged(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let admin = try store.addFirstAdministrator(name: "admin", displayName: "管理员", password: "Admin-pass-1",
                                                    by: .system("first-start"))
        #expect(!admin.mustChangePassword)
        #expect(admin.role == .admin)
        #expect(throws: StoreError.notAllowed("已有操作员，新增操作员须由管理员办理")) {
            try store.addFirstAdministrator(name: "admin2", displayName: "另一个", password: "Admin-pass-2",
                                            by: .system("first-start"))
        }
        let clerk = try store.addOperator(name: "clerk1", displayName: "柜员一", role: .clerk, password: "Temp-pass-1",
                                          by: .operator(admin.id))
        #expect(clerk.mustChangePassword)
        #expect(try store.authenticate(name: "clerk1", password: "Temp-pass-1").mustChangePassword)
        #expect(throws: StoreError.weakPassword("新密码不能与原密码相同")) {
            try store.setPassword(name: "clerk1", password: "Temp-pass-1", by: .operator(clerk.id))
        }
        let own = try store.setPassword(name: "clerk1", password: "Own-pass-2026", by: .operator(clerk.id))
        #expect(!own.mustChangePassword)
        #expect(!(try store.authenticate(name: "clerk1", password: "Own-pass-2026").mustChangePassword))
        // Reset by the administrator: temporary again.
        #expect(try store.setPassword(name: "clerk1", password: "Reset-pass-1", by: .operator(admin.id)).mustChangePassword)
        // A clerk cannot set another's password.
        #expect(throws: StoreError.notAllowed("只有管理员可以重设他人的密码")) {
            try store.setPassword(name: "admin", password: "Hijack-pass-1", by: .operator(clerk.id))
        }
        let demo = try store.addOperator(name: "trainee1", displayName: "学员", role: .trainee, password: "canbao123",
                                         mustChangePassword: true, by: .system("demo"))
        #expect(demo.mustChangePassword)
        let actions = try store.auditLog(entity: "operator", entityID: "clerk1").map(\.detail)
        #expect(actions.first == #"{"display_name":"柜员一","must_change_password":"1","role":"clerk"}"#)
    }

    @Test(arguments: TestBackend.all) func refusesBadNamesWeakPasswordsAndDuplicates(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        try store.addOperator(name: "admin", displayName: "管理员", role: .admin, password: "Admin-pass-1",
                              by: .system("test"))
        #expect(throws: StoreError.operatorExists("admin")) {
            try store.addOperator(name: "admin", displayName: "另一个", role: .clerk, password: "Admin-pass-2",
                                  by: .system("test"))
        }
        #expect(throws: StoreError.invalidInput(field: "name",
                                                reason: "登录名应为 2–32 个小写字母、数字、点、下划线或连字符")) {
            try store.addOperator(name: "Zhang San", displayName: "张三", role: .clerk, password: "Admin-pass-2",
                                  by: .system("test"))
        }
        // The one policy: at least 8 characters, letters and digits.
        for (password, reason) in [("1234567", "密码至少 8 位"), ("12121212", "密码须同时包含字母和数字"),
                                   ("abcdefgh", "密码须同时包含字母和数字"), ("abc\u{1B}12345", "密码含有不允许的控制字符 U+001B")] {
            #expect(throws: StoreError.weakPassword(reason)) {
                try store.addOperator(name: "zhang", displayName: "张三", role: .clerk, password: password,
                                      by: .system("test"))
            }
        }
        #expect(throws: StoreError.weakPassword("密码须同时包含字母和数字")) {
            try store.setPassword(name: "admin", password: "aaaaaaaaaa", by: .system("test"))
        }
        #expect(throws: StoreError.operatorNotFound("ghost")) {
            try store.setPassword(name: "ghost", password: "Ghost-pass-1", by: .system("test"))
        }
        #expect(try store.operators().map(\.name) == ["admin"])
    }

    @Test func verifyRejectsMalformedHashes() throws {
        let good = try PasswordHash.make("Some-pass-1", iterations: PasswordHash.minimumIterations)
        #expect(PasswordHash.verify("Some-pass-1", against: good))
        #expect(!PasswordHash.verify("some-pass-1", against: good))
        #expect(!PasswordHash.verify("Some-pass-1", against: "md5$abc"))
        #expect(!PasswordHash.verify("Some-pass-1", against: good.replacingOccurrences(of: "$100000$", with: "$1000$")))
    }
}
