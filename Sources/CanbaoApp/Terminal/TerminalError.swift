/// Why the full-screen terminal cannot be used, said to the clerk in Chinese. `open` throws these instead of
/// letting ncurses print and exit.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// stdin or stdout is a file or a pipe.
    case notATerminal
    /// TERM is unset or empty.
    case terminalTypeUnset
    /// No terminfo entry for TERM.
    case unknownTerminalType(String)
    /// The terminal type cannot move the cursor (TERM=dumb, a printer).
    case cannotAddressCursor(String)
    /// No UTF-8 locale: Chinese would print as garbage.
    case noUTF8Locale
    /// A second `open` while one terminal is in use.
    case alreadyOpen
    /// newterm failed for a reason ncurses does not say.
    case openFailed
    /// The terminal's input is gone (SSH connection dropped, stdin closed): the program should end.
    case inputClosed

    public var description: String {
        switch self {
        case .notATerminal:
            return "标准输入或标准输出不是终端：请在终端或 SSH 会话中运行全屏界面（脚本中请使用 canbao check 等子命令）"
        case .terminalTypeUnset:
            return "未设置 TERM 环境变量，无法确定终端类型（例如：export TERM=xterm-256color）"
        case .unknownTerminalType(let term):
            return "未知的终端类型 TERM=\(term)：terminfo 中没有该类型（可改用 TERM=xterm-256color）"
        case .cannotAddressCursor(let term):
            return "终端类型 TERM=\(term) 不能定位光标，无法显示全屏界面（可改用 TERM=xterm-256color）"
        case .noUTF8Locale:
            return "没有可用的 UTF-8 区域设置，无法显示中文（请设置 LANG=C.UTF-8）"
        case .alreadyOpen:
            return "终端已在使用中"
        case .openFailed:
            return "无法初始化终端"
        case .inputClosed:
            return "终端输入已关闭（连接已断开？）"
        }
    }
}
