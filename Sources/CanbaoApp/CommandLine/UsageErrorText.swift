import Foundation

/// ArgumentParser's usage errors ("Error: Missing value for '--year <year>'", "Usage: …", "See '…' for more
/// information.") in Chinese, the language of every other message. Only the phrasing the parser itself uses is
/// rewritten; a command's own message (already Chinese) and the option names are kept as they are.
public enum UsageErrorText {
    public static func chinese(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line(String($0)) }.joined(separator: "\n")
    }

    static func line(_ line: String) -> String {
        var s = line
        for (prefix, chinese) in [("Error: ", "错误："), ("Help: ", "说明："), ("Usage: ", "用法：")] where s.hasPrefix(prefix) {
            s = chinese + s.dropFirst(prefix.count)
        }
        for (pattern, template) in rules {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            let range = NSRange(s.startIndex..., in: s)
            s = regex.stringByReplacingMatches(in: s, range: range, withTemplate: template)
        }
        return s
    }

    /// The parser's sentences, each with what it names kept.
    static let rules: [(String, String)] = [
        (#"Missing value for '([^']*)'"#, "选项 $1 缺少值"),
        (#"The value '([^']*)' is invalid for '([^']*)'"#, "“$1”不是 $2 的有效值"),
        (#"Unknown option '([^']*)'\.?"#, "未知的选项 $1"),
        (#"Missing expected argument '([^']*)'"#, "缺少参数 $1"),
        (#"Unexpected arguments? (.*)$"#, "多余的参数 $1"),
        (#"Missing value for argument '([^']*)'"#, "参数 $1 缺少值"),
        (#"^(\s*)See '([^']*)' for more information\.$"#, "$1详见 $2"),
        (#"\s*Did you mean '([^']*)'\?"#, "；是否想输入 $1？"),
    ]
}
