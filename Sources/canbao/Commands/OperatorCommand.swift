import ArgumentParser
import CanbaoApp
import CanbaoRules
import CanbaoStore
import Foundation

/// `canbao operator add|passwd|disable|enable|unlock|list`: who may log in at the counter. Every one runs as an
/// enabled administrator named by `--as`, whose password is read first; the exceptions are adding the first
/// administrator of a store that has no operator, and unlocking an administrator when every one is locked.
struct OperatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator",
        abstract: "操作员管理：新增、重设密码、停用、启用、解锁、列出",
        discussion: """
            每个子命令都须用 --as 指明一名启用的管理员，先读其密码（终端上不回显，否则为标准输入的第一行）；add 和 \
            passwd 随后读新密码（标准输入的下一行）。例外：尚无任何操作员时，不带 --as 新增第一名管理员。\
            管理员为他人设置的密码只是初始密码，该操作员首次登录时须改为自己的密码。密码至少 8 位，须同时包含字母和数字。\
            所有启用的管理员都被锁定时，运行本程序的系统用户可不带 --as 解锁其中一名：canbao operator unlock 登录名。
            """,
        subcommands: [Add.self, AccountCommand<PasswordReset>.self, AccountCommand<Disabling>.self,
                      AccountCommand<Enabling>.self, AccountCommand<Unlocking>.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "新增操作员（初始密码，首次登录须修改）")

        @Argument(help: "登录名（小写字母、数字、. _ -）")
        var name: String

        @Option(name: .long, help: "显示名，如 张三")
        var displayName: String

        @Option(name: .long, help: "角色：clerk（柜员）、supervisor（审核员）、trainee（学员）、admin（管理员）")
        var role: OperatorRole = .clerk

        @OptionGroup var session: AdministratorSession

        func run() throws {
            try session.runAdding(administrator: role == .admin) { store, admin in
                let password = try PasswordInput.read("\(name) 的新密码：", confirm: true)
                let added = try admin.map {
                    try store.addOperator(name: name, displayName: displayName, role: role, password: password,
                                          by: .operator($0.id))
                } ?? store.addFirstAdministrator(name: name, displayName: displayName, password: password,
                                                 by: .system("first-admin"))
                return "已新增操作员 \(added.name)（\(added.displayName)，\(added.role.chinese)）"
                    + (added.mustChangePassword ? "，首次登录须修改密码" : "")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "列出全部操作员：登录名、姓名、角色、状态（正常、停用、锁定、须改密码）、连续失败登录次数")

        @OptionGroup var session: AdministratorSession

        func run() throws {
            try session.run { store, _ in
                try store.operators().map { op in
                    var states: [String] = []
                    if op.disabled { states.append("停用") }
                    if op.isLocked { states.append("锁定") }
                    if op.mustChangePassword { states.append("须改密码") }
                    let state = states.isEmpty ? "正常" : states.joined(separator: "、")
                    // Stored text (a row may have been written behind the store's back): shown, never obeyed.
                    return "\(SafeText.escaped(op.name))\t\(SafeText.escaped(op.displayName))\t\(op.role.rawValue)（\(op.role.chinese)）\t\(state)"
                        + "\t失败登录 \(op.failedLogins) 次"
                }.joined(separator: "\n")
            }
        }
    }
}

extension AccountCommand {
    /// Whether the store exists and has administrators, every enabled one locked (the store checks again).
    static func everyAdministratorLocked(_ session: AdministratorSession) throws -> Bool {
        let home = Home.resolve(session.global.home), database = Home.database(session.global.database)
        guard Home.hasStore(home, database: database) else { return false }
        let admins = try Home.openStore(session.global).operators().filter { $0.role == .admin && !$0.disabled }
        return !admins.isEmpty && admins.allSatisfy(\.isLocked)
    }
}

/// What an administrator does to one account, by login name.
protocol AccountAction {
    static var commandName: String { get }
    static var abstract: String { get }
    /// Carries it out and returns the sentence to print.
    static func apply(to name: String, in store: CounterStore, by admin: Operator) throws -> String
}

/// `canbao operator passwd|disable|enable|unlock NAME --as ADMIN`: one command body for every account action.
struct AccountCommand<Action: AccountAction>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Action.commandName, abstract: Action.abstract)
    }

    @Argument(help: "登录名")
    var name: String

    @OptionGroup var session: AdministratorSession

    func run() throws {
        if Action.self == Unlocking.self, session.identity.name == nil, (try? Self.everyAdministratorLocked(session)) == true {
            // No administrator can log in to unlock anyone: the system user's way back in.
            return try AdminCLI.run {
                let store = try Home.openStore(session.global)
                let op = try store.unlockLockedOutAdministrator(name: name, by: Home.commandLineActor)
                print("已解锁管理员 \(op.name)（所有管理员均被锁定时由系统用户解锁，已记入审计日志）")
            }
        }
        try session.run(passwordChangeOf: name) { store, admin in try Action.apply(to: name, in: store, by: admin) }
    }
}

enum PasswordReset: AccountAction {
    static let commandName = "passwd"
    static let abstract = "重设操作员密码（同时解除锁定；为他人设置的密码，该操作员首次登录须修改）"

    static func apply(to name: String, in store: CounterStore, by admin: Operator) throws -> String {
        guard try store.operator(named: name) != nil else { throw StoreError.operatorNotFound(name) }
        let password = try PasswordInput.read("\(name) 的新密码：", confirm: true)
        let op = try store.setPassword(name: name, password: password, by: .operator(admin.id))
        return "已重设 \(name) 的密码" + (op.mustChangePassword ? "，其首次登录须修改" : "")
    }
}

/// Disabling or enabling an account: the same call, either way.
protocol AccountSwitch: AccountAction {
    static var disabled: Bool { get }
}

extension AccountSwitch {
    static func apply(to name: String, in store: CounterStore, by admin: Operator) throws -> String {
        let op = try store.setOperatorDisabled(name: name, disabled: disabled, by: .operator(admin.id))
        return disabled ? "已停用操作员 \(op.name)（\(op.displayName)），其历史记录保留" : "已启用操作员 \(op.name)（\(op.displayName)）"
    }
}

enum Disabling: AccountSwitch {
    static let commandName = "disable"
    static let abstract = "停用操作员：不能再登录或办理，其办件、审批和审计记录全部保留"
    static let disabled = true
}

enum Enabling: AccountSwitch {
    static let commandName = "enable"
    static let abstract = "重新启用已停用的操作员"
    static let disabled = false
}

enum Unlocking: AccountAction {
    static let commandName = "unlock"
    static let abstract = "解除因连续输错密码 \(CounterStore.maximumFailedLogins) 次造成的锁定（不改密码）"

    static func apply(to name: String, in store: CounterStore, by admin: Operator) throws -> String {
        guard let before = try store.operator(named: name) else { throw StoreError.operatorNotFound(name) }
        try store.unlockOperator(name: name, by: .operator(admin.id))
        return before.isLocked ? "已解锁操作员 \(name)" : "操作员 \(name) 未被锁定，已将失败登录次数（\(before.failedLogins)）清零"
    }
}

/// The store and the administrator a command runs as: `--as`, the home, and the one path every administration
/// command takes (open the store, authenticate, act, print what the body returns).
struct AdministratorSession: ParsableArguments {
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var global: GlobalOptions

    /// `passwordChangeOf`: the account a `passwd` sets, which an administrator whose own password is still temporary
    /// may set for themselves.
    func run(passwordChangeOf target: String? = nil, _ body: (CounterStore, Operator) throws -> String) throws {
        try AdminCLI.run {
            // An administrator acts on a store that exists: a mistyped --home is refused, not made a new store.
            let store = try Home.openExistingStore(global)
            let admin = try identity.authenticate(store, passwordChangeOf: target)
            let output = try body(store, admin)
            if !output.isEmpty { print(output) }
        }
    }

    /// As `run`, except that a store with no operator at all takes its first administrator without `--as` (the
    /// body then receives no administrator).
    func runAdding(administrator: Bool, _ body: (CounterStore, Operator?) throws -> String) throws {
        try AdminCLI.run {
            // Only the first administrator, added without --as, may find no store and make one; any other account
            // added without --as is told how to begin, and nothing is created.
            let store: CounterStore
            if identity.name == nil {
                let home = Home.resolve(global.home)
                guard administrator || Home.hasStore(home, database: Home.database(global.database)) else {
                    throw CommandFailure(IdentityOptions.noOperatorYet)
                }
                store = try Home.openStore(global)
            } else {
                store = try Home.openExistingStore(global)
            }
            let empty = try !store.hasOperators()
            let admin = administrator && identity.name == nil && empty ? nil : try identity.authenticate(store)
            let output = try body(store, admin)
            if !output.isEmpty { print(output) }
        }
    }
}

extension OperatorRole: ExpressibleByArgument {}
