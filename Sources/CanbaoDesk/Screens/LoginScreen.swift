import CanbaoRules

/// Operators log in with name and password.
public struct LoginState: Hashable, Sendable {
    public var name: TextInput
    public var password = TextInput(maxLength: 64, secure: true)
    public var focus = 0
    public var busy = false
    /// The name was filled in for the operator (the administrator just created, whoever logged out): it is shown as
    /// text, not as a field, so the password is the only place typing goes and can never land in the name in clear.
    /// F2 lets another operator type their own name.
    public var nameFixed = false

    public init(name: String = "") {
        self.name = TextInput(name, maxLength: 32)
        nameFixed = !name.isEmpty
        focus = name.isEmpty ? 0 : 1
    }
}

enum LoginScreen {
    static func update(_ s: inout LoginState, _ key: Key, _ desk: inout DeskState) -> [DeskEffect]? {
        guard !s.busy else { return [] }
        if s.nameFixed {
            switch key {
            case .function(2):
                s = LoginState()
                desk.message = .info("请输入登录名")
                return []
            case .tab, .backTab, .up, .down:
                desk.message = .info("登录名已填写为 \(s.name.text)：请输入密码；换用其他账号请按 F2")
                return []
            default:
                break
            }
        } else if FieldFocus.move(&s.focus, count: 2, key: key) {
            return []
        }
        switch key {
        case .enter, .function(10):
            let name = s.name.text.trimmed(.whitespaces)
            guard !name.isEmpty else {
                desk.message = .error("请输入登录名")
                s.focus = 0
                return []
            }
            guard !s.password.text.isEmpty else {
                desk.message = .error("请输入密码")
                s.focus = 1
                return []
            }
            s.busy = true
            desk.message = .info("正在验证…")
            return [.login(name: name, password: s.password.text)]
        default:
            let outcome = s.focus == 0 ? s.name.edit(key, &desk, label: "登录名") : s.password.edit(key, &desk, label: "密码")
            return outcome == .ignored ? nil : []
        }
    }

    static func render(_ s: LoginState, _ desk: DeskState, _ b: inout ScreenBuffer) {
        let col = max(2, (b.cols - 44) / 2)
        let top = max(3, b.rows / 2 - 5)
        b.put("参保 · 基本医疗保险参保经办窗口", row: top, col: col, style: .title)
        b.put("操作员登录", row: top + 2, col: col, style: .label)
        if s.nameFixed {
            b.put(DisplayWidth.pad("登录名", to: 8), row: top + 4, col: col, style: .label)
            let end = b.put(s.name.text, row: top + 4, col: col + 9, style: .normal, width: 30)
            b.put("（F2 更换）", row: top + 4, col: end + 1, style: .dim)
        } else {
            Frame.labelled(&b, row: top + 4, col: col, label: "登录名", labelWidth: 8, input: s.name, width: 30, focused: s.focus == 0)
        }
        Frame.labelled(&b, row: top + 6, col: col, label: "密码", labelWidth: 8, input: s.password, width: 30, focused: s.focus == 1)
        // Which field takes the typing, in words as well as by the mark: the password never shows.
        let hint = s.focus == 0 ? "正在输入：登录名" : "正在输入：密码（不显示所输入的字符）"
        b.put(hint, row: top + 8, col: col, style: .dim, width: b.cols - col - 1)
    }

    static func keys(_ s: LoginState) -> [KeyHint] {
        if s.nameFixed { return [KeyHint("Enter", "登录"), KeyHint("F2", "更换登录名"), KeyHint("Ctrl-C", "退出")] }
        return [KeyHint("Tab", "切换"), KeyHint("Enter", "登录"), KeyHint("Ctrl-C", "退出")]
    }
}

/// The screen locked after idle minutes: the same operator types the password again.
public struct LockState: Hashable, Sendable {
    public var password = TextInput(maxLength: 64, secure: true)
    public var busy = false
    public init() {}
}

enum LockScreen {
    static func update(_ s: inout LockState, _ key: Key, _ desk: inout DeskState) -> [DeskEffect]? {
        guard !s.busy else { return [] }
        switch key {
        case .enter:
            guard let session = desk.session, !s.password.text.isEmpty else {
                desk.message = .error("请输入密码")
                return []
            }
            s.busy = true
            return [.unlock(name: session.name, password: s.password.text)]
        case .function(3):
            desk.lock = nil
            let effects = Desk.logout(&desk)
            desk.message = .info("已注销，草稿已保存")
            return effects
        default:
            return s.password.edit(key, &desk, label: "密码") == .ignored ? nil : []
        }
    }

    static func render(_ s: LockState, _ desk: DeskState, _ b: inout ScreenBuffer) {
        let col = max(2, (b.cols - 44) / 2)
        let top = max(3, b.rows / 2 - 4)
        b.put("屏幕已锁定", row: top, col: col, style: .title)
        b.put("操作员：\(desk.session?.displayName ?? "")（\(desk.session?.name ?? "")）", row: top + 2, col: col)
        Frame.labelled(&b, row: top + 4, col: col, label: "密码", labelWidth: 8, input: s.password, width: 30, focused: true)
    }

    static let keys = [KeyHint("Enter", "解锁"), KeyHint("F3", "注销"), KeyHint("Ctrl-C", "退出")]
}

import Foundation

extension LoginScreen {
    static func receive(_ s: inout LoginState, _ msg: DeskMsg, _ desk: inout DeskState) -> [DeskEffect] {
        switch msg {
        case let .loggedIn(op):
            desk.session = op
            if op.mustChangePassword {
                desk.screen = .passwordChange(PasswordChangeState())
                desk.message = .info("欢迎，\(op.displayName)：首次登录须先设置您自己的密码")
                return []
            }
            desk.message = .success("欢迎，\(op.displayName)（\(op.role.chinese)）")
            return Desk.goHome(&desk)
        case let .loginFailed(reason):
            s.busy = false
            s.password = TextInput(maxLength: 64, secure: true)
            s.focus = 1
            desk.message = .error(reason)
            // What no login name can be (capitals, spaces, symbols) may be a password typed in the wrong field:
            // it is not left on the screen.
            if !s.nameFixed, AccountPolicy.nameProblem(s.name.text) != nil {
                s.name = TextInput(maxLength: 32)
                s.focus = 0
                desk.message = .error(reason + "；登录名不合格式，已清除")
            }
        case .failed:
            s.busy = false
        default:
            break
        }
        return []
    }
}

extension LockScreen {
    static func receive(_ lock: inout LockState, _ msg: DeskMsg, _ desk: inout DeskState) {
        switch msg {
        case .unlocked:
            desk.lock = nil
            desk.message = .success("已解锁")
        case let .unlockFailed(reason):
            lock.busy = false
            lock.password = TextInput(maxLength: 64, secure: true)
            desk.message = .error(reason)
        case .failed:
            lock.busy = false
        default:
            break
        }
    }
}
