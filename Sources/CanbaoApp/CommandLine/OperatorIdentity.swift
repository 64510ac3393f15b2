import ArgumentParser
import CanbaoRules
import CanbaoStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `--as NAME`: the operator a command that changes the store runs as. Their password is read before any other input,
/// from the terminal without echo, else the first line of standard input; the login counts towards the same lockout
/// as at the counter, and the audit rows name that operator. Every counter terminal runs as the one system user
/// that owns the store, so the system user says nothing about who acted.
public struct IdentityOptions: ParsableArguments {
    public init() {}

    @Option(name: .customLong("as"),
            help: ArgumentHelp("以此操作员身份执行（须为启用的管理员；roster import 亦可为柜员、审核员）；其密码先于其他输入读取",
                               valueName: "登录名"))
    public var name: String?

    /// Said to a command that needs an administrator when the store has no operator at all (or no store yet).
    public static let noOperatorYet = "尚无任何操作员：请先不带 --as 新增第一名管理员（operator add NAME --role admin）"

    /// The operator named by `--as`, authenticated, with one of `roles`. An administrator whose password was set by
    /// someone else may only choose their own first (`passwordChangeOf` names the account a `passwd` sets).
    public func authenticate(_ store: CounterStore, roles: Set<OperatorRole> = [.admin],
                      passwordChangeOf target: String? = nil) throws -> Operator {
        guard let name, !name.isEmpty else {
            if try !store.hasOperators() { throw CommandFailure(Self.noOperatorYet) }
            throw CommandFailure("请用 --as 登录名 指明执行此命令的\(Self.describe(roles))（其密码先于其他输入读取）")
        }
        let password = try PasswordInput.read("\(name) 的密码：", confirm: false)
        let op = try store.authenticate(name: name, password: password, via: "cli")
        guard roles.contains(op.role) else {
            throw CommandFailure("\(name) 是\(op.role.chinese)，此命令须由\(Self.describe(roles))执行")
        }
        if op.mustChangePassword, target != name {
            throw CommandFailure("\(name) 的密码由他人设置，须先设置自己的密码：canbao operator passwd \(name) --as \(name)")
        }
        return op
    }

    public static func describe(_ roles: Set<OperatorRole>) -> String {
        OperatorRole.allCases.filter(roles.contains).map(\.chinese).joined(separator: "或")
    }
}

/// Reads passwords: from a terminal with echo off, else one line of standard input each, in the order asked, so
/// scripts and tests can pipe them in.
public enum PasswordInput {
    /// `confirm` asks twice on a terminal (a new password); piped input is read once.
    public static func read(_ label: String, confirm: Bool) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true) else {
                throw CommandFailure("标准输入没有提供\(label.trimmingCharacters(in: CharacterSet(charactersIn: "：")))")
            }
            return line.hasSuffix("\r") ? String(line.dropLast()) : line
        }
        let first = try prompt(label)
        if confirm, try prompt("再输入一次：") != first { throw CommandFailure("两次输入的密码不一致") }
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

/// A refusal of the command line itself (no `--as`, a role that may not, no password on standard input): one Chinese
/// sentence, printed by `AdminCLI.run` with exit status 1.
public struct CommandFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
