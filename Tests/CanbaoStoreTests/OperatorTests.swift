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

    @Test func storesASaltedSlowHash() throws {
        let store = try Fixture.store()
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

    @Test func authenticationCountsFailuresAndLocks() throws {
        let store = try Fixture.store()
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
        #expect(throws: StoreError.operatorLocked("clerk1")) {
            try store.authenticate(name: "clerk1", password: "Right-pass-1")
        }
        try store.setPassword(name: "clerk1", password: "New-pass-2026", by: .system("test"))
        #expect(throws: StoreError.invalidCredentials) { try store.authenticate(name: "clerk1", password: "Right-pass-1") }
        #expect(try store.authenticate(name: "clerk1", password: "New-pass-2026").failedLogins == 0)

        try store.setOperatorDisabled(name: "clerk1", disabled: true, by: .system("test"))
        #expect(throws: StoreError.operatorDisabled("clerk1")) {
            try store.authenticate(name: "clerk1", password: "New-pass-2026")
        }
        let actions = try store.auditLog(entity: "operator").map(\.action)
        #expect(actions.filter { $0 == "operator.login-failed" }.count == 10)
        #expect(actions.last == "operator.disable")
    }

    @Test func refusesBadNamesWeakPasswordsAndDuplicates() throws {
        let store = try Fixture.store()
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
        #expect(throws: StoreError.weakPassword("至少 8 个字符")) {
            try store.addOperator(name: "zhang", displayName: "张三", role: .clerk, password: "1234567",
                                  by: .system("test"))
        }
        #expect(throws: StoreError.weakPassword("不能全是同一个字符")) {
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
