import ArgumentParser
import CanbaoStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `canbao operator add|passwd|disable|enable|unlock|list`: who may log in at the counter.
struct OperatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator",
        abstract: "操作员管理：新增、重设密码、停用、启用、解锁、列出",
        subcommands: [Add.self, Passwd.self, Disable.self, Enable.self, Unlock.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "新增操作员；密码在终端上提示输入（不回显），或从标准输入读第一行")

        @Argument(help: "登录名（小写字母、数字、. _ -）")
        var name: String

        @Option(name: .long, help: "显示名，如 张三")
        var displayName: String

        @Option(name: .long, help: "角色：clerk（柜员）、supervisor（审核员）、trainee（学员）、admin（管理员）")
        var role: Operator.Role = .clerk

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try AdminCLI.run {
                let store = try Home.openStore(global)
                let password = try PasswordInput.read(confirm: true)
                let added = try store.addOperator(name: name, displayName: displayName, role: role,
                                                  password: password, by: Home.commandLineActor)
                print("已新增操作员 \(added.name)（\(added.displayName)，\(added.role.chinese)）")
            }
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "重设操作员密码（同时解除因输错密码造成的锁定）")

        @Argument(help: "登录名")
        var name: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try AdminCLI.run {
                let store = try Home.openStore(global)
                guard try store.operator(named: name) != nil else { throw StoreError.operatorNotFound(name) }
                let password = try PasswordInput.read(confirm: true)
                try store.setPassword(name: name, password: password, by: Home.commandLineActor)
                print("已重设 \(name) 的密码")
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "停用操作员：不能再登录或办理，其办件、审批和审计记录全部保留")

        @Argument(help: "登录名")
        var name: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try AdminCLI.run {
                let store = try Home.openStore(global)
                let op = try store.setOperatorDisabled(name: name, disabled: true, by: Home.commandLineActor)
                print("已停用操作员 \(op.name)（\(op.displayName)），其历史记录保留")
            }
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "重新启用已停用的操作员")

        @Argument(help: "登录名")
        var name: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try AdminCLI.run {
                let store = try Home.openStore(global)
                let op = try store.setOperatorDisabled(name: name, disabled: false, by: Home.commandLineActor)
                print("已启用操作员 \(op.name)（\(op.displayName)）")
            }
        }
    }

    struct Unlock: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "解除因连续输错密码 \(CounterStore.maximumFailedLogins) 次造成的锁定（不改密码）")

        @Argument(help: "登录名")
        var name: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try AdminCLI.run {
                let store = try Home.openStore(global)
                guard let before = try store.operator(named: name) else { throw StoreError.operatorNotFound(name) }
                try store.unlockOperator(name: name, by: Home.commandLineActor)
                print(before.isLocked ? "已解锁操作员 \(name)"
                    : "操作员 \(name) 未被锁定，已将失败登录次数（\(before.failedLogins)）清零")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "列出全部操作员：登录名、姓名、角色、状态（正常、停用、锁定）、连续失败登录次数")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try AdminCLI.run {
                let store = try Home.openStore(global)
                for op in try store.operators() {
                    var states: [String] = []
                    if op.disabled { states.append("停用") }
                    if op.isLocked { states.append("锁定") }
                    let state = states.isEmpty ? "正常" : states.joined(separator: "、")
                    print("\(op.name)\t\(op.displayName)\t\(op.role.rawValue)（\(op.role.chinese)）\t\(state)"
                        + "\t失败登录 \(op.failedLogins) 次")
                }
            }
        }
    }
}

extension Operator.Role: ExpressibleByArgument {}

/// Reads a new password: from a terminal with echo off (asked twice), else the first line of standard input,
/// so scripts and tests can pipe it in.
enum PasswordInput {
    static func read(confirm: Bool) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true) else {
                throw StoreError.weakPassword("标准输入没有提供密码")
            }
            return line.hasSuffix("\r") ? String(line.dropLast()) : line
        }
        let first = try prompt("密码：")
        if confirm, try prompt("再输入一次：") != first { throw StoreError.weakPassword("两次输入的密码不一致") }
        return first
    }

    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { throw StoreError.io("无法设置终端") }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        savedTerminal = original
        // Ctrl-C at the prompt must not leave the terminal without echo.
        signal(SIGINT) { _ in
            if var saved = savedTerminal { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
            _exit(130)
        }
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            signal(SIGINT, SIG_DFL)
            savedTerminal = nil
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true) ?? ""
    }
}

/// The terminal settings to restore if Ctrl-C arrives at the password prompt; a global because a signal handler
/// cannot capture context.
nonisolated(unsafe) private var savedTerminal: termios?
