import CanbaoRules

/// Right after logging in with a password someone else set (an administrator, the demo data): the operator chooses
/// their own before reaching any other screen. F3 logs out instead.
public struct PasswordChangeState: Hashable, Sendable {
    public var inputs = [TextInput(maxLength: AccountPolicy.maximumPasswordLength, secure: true),
                         TextInput(maxLength: AccountPolicy.maximumPasswordLength, secure: true)]
    public var focus = 0
    public var busy = false

    public init() {}

    static let labels = ["新密码", "确认新密码"]
}

enum PasswordChangeScreen {
    static func update(_ s: inout PasswordChangeState, _ key: Key, _ desk: inout DeskState) -> [DeskEffect]? {
        guard !s.busy else { return [] }
        if FieldFocus.move(&s.focus, count: s.inputs.count, key: key) { return [] }
        switch key {
        case .enter, .function(10):
            let password = s.inputs[0].text
            if let problem = AccountPolicy.passwordProblem(password) {
                desk.message = .error(problem)
                s = PasswordChangeState()
                return []
            }
            guard s.inputs[1].text == password else {
                desk.message = .error("两次输入的密码不一致，请重新输入")
                s = PasswordChangeState()
                return []
            }
            s.busy = true
            desk.message = .info("正在保存新密码…")
            return [.changePassword(newPassword: password)]
        case .function(3), .escape:
            let effects = Desk.logout(&desk)
            desk.message = .info("已注销，未修改密码")
            return effects
        default:
            return s.inputs[s.focus].edit(key, &desk, label: PasswordChangeState.labels[s.focus]) == .ignored ? nil : []
        }
    }

    static func render(_ s: PasswordChangeState, _ desk: DeskState, _ b: inout ScreenBuffer) {
        let col = max(2, (b.cols - 60) / 2)
        let top = max(3, b.rows / 2 - 7)
        let width = b.cols - col - 1
        b.put("首次登录：请设置您自己的密码", row: top, col: col, style: .title)
        b.put("操作员：\(desk.session?.displayName ?? "")（\(desk.session?.name ?? "")）", row: top + 2, col: col)
        b.put("当前密码由管理员设置（或为演示账号的初始密码），须改为只有您", row: top + 3, col: col, style: .dim, width: width)
        b.put("知道的密码后才能办理业务。", row: top + 4, col: col, style: .dim, width: width)
        for (i, label) in PasswordChangeState.labels.enumerated() {
            Frame.labelled(&b, row: top + 6 + 2 * i, col: col, label: label, labelWidth: 12, input: s.inputs[i], width: 30,
                           focused: s.focus == i)
        }
        b.put("密码至少 8 位，须同时包含字母和数字，且不能与原密码相同。", row: top + 10, col: col, style: .dim, width: width)
    }

    static let keys = [KeyHint("Tab", "切换"), KeyHint("Enter", "确认"), KeyHint("F10", "保存"), KeyHint("F3", "注销"),
                       KeyHint("Ctrl-C", "退出")]
}

extension PasswordChangeScreen {
    /// The new password saved: the operator goes on to their home. A refusal starts the form again.
    static func receive(_ msg: DeskMsg, _ desk: inout DeskState) -> [DeskEffect] {
        switch msg {
        case .passwordChanged:
            guard var session = desk.session else { return [] }
            session.mustChangePassword = false
            desk.session = session
            desk.message = .success("新密码已保存。欢迎，\(session.displayName)（\(session.role.chinese)）")
            return Desk.goHome(&desk)
        case .failed:
            desk.screen = .passwordChange(PasswordChangeState())
            return []
        default:
            return []
        }
    }
}
