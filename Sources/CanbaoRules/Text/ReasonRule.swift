/// The one rule for a reason an operator writes (voiding a draft, withdrawing a case, asking a supervisor's approval,
/// a supervisor's approval note or refusal): it goes into the audit log and onto notices, so it must say something.
/// At least `minimumLength` characters a reader can see, once the spaces around it are trimmed, counted as characters
/// (grapheme clusters: a letter with its accent is one), and no control character. Every screen and the store apply
/// it with the same message.
public enum ReasonRule {
    public static let minimumLength = 2

    /// Said wherever a reason is too short, whatever it is the reason for.
    public static let tooShort = "理由至少 \(minimumLength) 个字（首尾空格和不可见字符不计）"

    /// The reason as kept: trimmed of spaces and line ends.
    public static func normalized(_ text: String) -> String { text.trimmed(.whitespacesAndNewlines) }

    /// Why `text` is not a reason, or nil when it is.
    public static func problem(_ text: String) -> String? {
        // Line ends around it are trimmed like spaces; inside, they and every other control are refused.
        let reason = normalized(text)
        if let bad = reason.unicodeScalars.first(where: SafeText.isForbidden) {
            return "理由不能含有控制字符 \(SafeText.codePoint(bad))"
        }
        // Zero-width spaces and the like count for nothing: two of them are no reason.
        guard SafeText.visible(reason).count >= minimumLength else { return tooShort }
        return nil
    }
}
