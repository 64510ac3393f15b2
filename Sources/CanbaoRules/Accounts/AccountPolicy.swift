import Foundation

/// What makes an acceptable operator account: one definition for the command line, the first-start screen, the
/// password change at the counter and the store, so a password refused at one door is refused at all of them.
public enum AccountPolicy {
    public static let minimumPasswordLength = 8
    public static let maximumPasswordLength = 64
    public static let nameLengths = 2...32

    /// Why `password` cannot be used, or nil when it can: at least 8 characters with at least one letter and at least
    /// one digit (0–9), no control characters, at most 64 characters (the screen's field).
    public static func passwordProblem(_ password: String) -> String? {
        if password.count < minimumPasswordLength { return "密码至少 \(minimumPasswordLength) 位" }
        if password.count > maximumPasswordLength { return "密码不能超过 \(maximumPasswordLength) 位" }
        if let bad = password.unicodeScalars.first(where: SafeText.isForbidden) {
            return "密码含有不允许的控制字符 \(SafeText.codePoint(bad))"
        }
        let hasLetter = password.contains { $0.isLetter }
        let hasDigit = password.contains { $0.isASCII && $0.isNumber }
        if !hasLetter || !hasDigit { return "密码须同时包含字母和数字" }
        return nil
    }

    /// Why `name` cannot be a login name, or nil when it can: 2–32 lower-case ASCII letters, digits, dots,
    /// underscores or hyphens, starting with a letter or digit.
    public static func nameProblem(_ name: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard nameLengths.contains(name.count), name.allSatisfy({ allowed.contains($0) }),
              let first = name.first, first.isLetter || first.isNumber else {
            return "登录名应为 2–32 个小写字母、数字、点、下划线或连字符"
        }
        return nil
    }

    /// Why a display name (姓名) cannot be used, or nil when it can.
    public static func displayNameProblem(_ displayName: String) -> String? {
        let trimmed = displayName.trimmed(.whitespaces)
        if trimmed.isEmpty { return "请填写姓名" }
        return SafeText.problem(in: trimmed).map { "姓名\($0)" }
    }
}
