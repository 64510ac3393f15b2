import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// An operator whose password someone else set (an administrator, the demo data) chooses their own right after
/// logging in, before reaching any other screen.
@Suite struct PasswordChangeDeskTests {
    static let demoClerk = OperatorInfo(id: 2, name: "clerk", displayName: "王芳", role: .clerk, mustChangePassword: true)

    /// Logged in with a temporary password: on the password change screen.
    static func changing(cols: Int = 80, rows: Int = 24) -> DeskDriver {
        var d = DeskDriver(cols: cols, rows: rows)
        d.send(.started(hasOperators: true))
        d.type("clerk"); d.key(.tab); d.type("canbao123"); d.key(.enter)
        d.send(.loggedIn(demoClerk))
        return d
    }

    static func state(_ d: DeskDriver) -> PasswordChangeState? {
        if case let .passwordChange(s) = d.state.screen { return s }
        return nil
    }

    @Test func aTemporaryPasswordLeadsToTheChangeScreenNotHome() {
        let d = Self.changing()
        #expect(Self.state(d) == PasswordChangeState())
        #expect(d.effects == [.start, .login(name: "clerk", password: "canbao123")])
        #expect(d.state.session == Self.demoClerk)
        #expect(d.state.message == .info("欢迎，王芳：首次登录须先设置您自己的密码"))
        #expect(d.text.contains("首次登录：请设置您自己的密码"))
    }

    @Test func theNewPasswordFollowsThePolicyAndIsTypedTwice() {
        var d = Self.changing()
        d.type("12121212"); d.key(.tab); d.type("12121212")
        #expect(d.key(.enter) == [])
        #expect(d.state.message == .error("密码须同时包含字母和数字"))
        #expect(Self.state(d) == PasswordChangeState())
        d.type("wangfang2026"); d.key(.enter)
        #expect(Self.state(d)?.focus == 1)
        d.type("wangfang2025")
        #expect(d.key(.function(10)) == [])
        #expect(d.state.message == .error("两次输入的密码不一致，请重新输入"))
        #expect(Self.state(d) == PasswordChangeState())
        d.type("wangfang2026"); d.key(.down); d.type("wangfang2026")
        #expect(d.key(.enter) == [.changePassword(newPassword: "wangfang2026")])
        #expect(Self.state(d)?.busy == true)
        #expect(d.key(.char("x")) == [])
        // The store refused it (the same as the old one): the message, and both fields to type again.
        d.send(.failed(reason: "密码不符合要求：新密码不能与原密码相同"))
        #expect(Self.state(d) == PasswordChangeState())
        #expect(d.state.message == .error("密码不符合要求：新密码不能与原密码相同"))
        d.type("wangfang2026"); d.key(.tab); d.type("wangfang2026"); d.key(.enter)
        let effects = d.send(.passwordChanged)
        #expect(effects == [.loadHome])
        guard case .home = d.state.screen else { Issue.record("expected home"); return }
        #expect(d.state.session?.mustChangePassword == false)
        #expect(d.state.message == .success("新密码已保存。欢迎，王芳（柜员）"))
    }

    @Test func f3LogsOutWithoutChangingAnything() {
        var d = Self.changing()
        d.type("wangfang2026")
        #expect(d.key(.function(3)) == [.logout])
        guard case .login = d.state.screen else { Issue.record("expected login"); return }
        #expect(d.state.session == nil)
        #expect(d.state.message == .info("已注销，未修改密码"))
    }

    @Test func pasteGoesIntoTheFocusedField() {
        var d = Self.changing()
        d.send(.terminal(.paste("wangfang2026\nrest")))
        d.key(.tab)
        d.send(.terminal(.paste("wangfang2026")))
        #expect(d.key(.enter) == [.changePassword(newPassword: "wangfang2026")])
    }

    @Test func aPasswordOfTheOperatorsOwnGoesStraightHome() {
        var d = DeskDriver()
        d.send(.started(hasOperators: true))
        #expect(d.send(.loggedIn(DeskDriver.clerk)) == [.loadHome])
    }

    @Test func goldenScreens() {
        GoldenScreenTests.both("password-change") { c, r in
            var d = Self.changing(cols: c, rows: r)
            d.type("wangfang"); d.key(.tab); d.type("wang")
            return d
        }
        GoldenScreenTests.both("password-change-refused") { c, r in
            var d = Self.changing(cols: c, rows: r)
            d.type("12121212"); d.key(.tab); d.type("12121212"); d.key(.enter)
            return d
        }
    }
}
