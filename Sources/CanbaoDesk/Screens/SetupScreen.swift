import CanbaoRules
/// First start on an empty store: create the first administrator, then offer demo data.
public struct SetupState: Hashable, Sendable {
    public enum Stage: Hashable, Sendable { case account, demoOffer, loadingDemo }
    public var stage: Stage = .account
    // The display name is a person's name: SafeText.maxNameLength, as everywhere.
    public var inputs = [TextInput(maxLength: 32), TextInput(maxLength: SafeText.maxNameLength), TextInput(maxLength: 64, secure: true), TextInput(maxLength: 64, secure: true)]
    public var focus = 0
    public var created: OperatorInfo?

    public init() {}

    static let labels = ["登录名", "姓名", "密码", "确认密码"]
}

enum SetupScreen {
    static func update(_ s: inout SetupState, _ key: Key, _ desk: inout DeskState) -> [DeskEffect]? {
        switch s.stage {
        case .loadingDemo:
            return []
        case .demoOffer:
            switch key {
            case .char("y"), .char("Y"), .char("1"), .enter:
                s.stage = .loadingDemo
                desk.message = .info("正在载入演示数据…")
                return [.loadDemoData]
            case .char("n"), .char("N"), .char("2"), .escape:
                desk.screen = .login(LoginState(name: s.created?.name ?? ""))
                desk.message = .info("请用刚创建的管理员账号登录")
                return []
            default:
                return nil
            }
        case .account:
            if FieldFocus.move(&s.focus, count: s.inputs.count, key: key) { return [] }
            switch key {
            case .enter, .function(10):
                let values = s.inputs.map(\.text)
                if let problem = AccountPolicy.nameProblem(values[0]) ?? AccountPolicy.displayNameProblem(values[1])
                    ?? AccountPolicy.passwordProblem(values[2]) ?? (values[2] == values[3] ? nil : "两次输入的密码不一致") {
                    desk.message = .error(problem)
                    return []
                }
                desk.message = .info("正在创建管理员账号…")
                return [.createFirstAdmin(name: values[0], displayName: values[1], password: values[2])]
            default:
                return s.inputs[s.focus].edit(key, &desk, label: SetupState.labels[s.focus]) == .ignored ? nil : []
            }
        }
    }

    static func render(_ s: SetupState, _ desk: DeskState, _ b: inout ScreenBuffer, _ env: DeskEnvironment) {
        let col = max(2, (b.cols - 60) / 2)
        b.put("首次启动：本机尚无操作员账号", row: 3, col: col, style: .title)
        // Where the store is made: what to back up, and what every counter of the hall must be given (--home).
        if let dir = env.dataDirectory {
            b.put("数据目录：\(dir)", row: 1, col: col, style: env.dataWarning == nil ? .dim : .warning, width: b.cols - col - 1)
        }
        switch s.stage {
        case .account:
            // Two lines: at 80 columns one line would lose how the other accounts are made.
            b.put("请创建第一个管理员账号。", row: 5, col: col, width: b.cols - col - 1)
            for (i, label) in SetupState.labels.enumerated() {
                Frame.labelled(&b, row: 7 + 2 * i, col: col, label: label, labelWidth: 10, input: s.inputs[i], width: 30, focused: s.focus == i)
            }
            b.put("密码至少 8 位，须同时包含字母和数字。", row: 16, col: col, style: .dim)
            b.put("柜员、审核员等账号此后由管理员用 canbao operator add 添加。", row: 17, col: col, style: .dim,
                  width: b.cols - col - 1)
        case .demoOffer, .loadingDemo:
            b.put("管理员“\(s.created?.displayName ?? "")”已创建。", row: 5, col: col, style: .ok)
            b.put("是否载入演示数据？", row: 7, col: col)
            b.put("演示数据包含数百名参保人及其平台参保记录，并创建柜员、审核员、", row: 8, col: col, style: .dim, width: b.cols - col - 1)
            b.put("学员各一名（账号 clerk / supervisor / trainee，初始密码 canbao123，", row: 9, col: col, style: .dim,
                  width: b.cols - col - 1)
            b.put("首次登录须修改为自己的密码）。", row: 10, col: col, style: .dim, width: b.cols - col - 1)
            b.put("Y 载入演示数据    N 不载入，直接登录", row: 12, col: col, style: .label)
        }
    }

    static func keys(_ s: SetupState) -> [KeyHint] {
        switch s.stage {
        case .account: return [KeyHint("Tab", "下一项"), KeyHint("Enter", "确认"), KeyHint("F10", "创建"), KeyHint("Ctrl-C", "退出")]
        case .demoOffer, .loadingDemo: return [KeyHint("Y", "载入演示数据"), KeyHint("N", "不载入"), KeyHint("Ctrl-C", "退出")]
        }
    }
}


extension SetupScreen {
    /// The replies to what the set-up screen asked for.
    static func receive(_ s: inout SetupState, _ msg: DeskMsg, _ desk: inout DeskState) -> [DeskEffect] {
        switch msg {
        case let .firstAdminCreated(op):
            s.created = op
            s.stage = .demoOffer
            desk.message = .success("管理员账号 \(op.name) 已创建")
        case let .demoDataLoaded(summary):
            desk.screen = .login(LoginState(name: s.created?.name ?? ""))
            desk.message = .success(summary)
        case .failed:
            if s.stage == .loadingDemo { s.stage = .demoOffer }
        default:
            break
        }
        return []
    }
}
