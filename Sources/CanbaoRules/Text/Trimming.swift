/// The spaces `trimmed` removes from both ends: exactly the scalars of Foundation's `CharacterSet.whitespaces` and
/// `.whitespacesAndNewlines` (a test compares every Unicode scalar), without Foundation's bridging through
/// `NSString`, which costs a start its first use and every call a copy (issue #17).
public enum TrimmedSpace: Sendable {
    /// Space, tab, no-break space and the other space separators, U+200B and U+3000 (全角空格) included.
    case whitespaces
    /// The above and the line ends: U+000A–U+000D, U+0085, U+2028, U+2029.
    case whitespacesAndNewlines

    public func contains(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return self == .whitespacesAndNewlines
        default: return false
        }
    }
}

extension String {
    /// The text without `space` at either end, cut between scalars as `trimmingCharacters(in:)` cuts.
    public func trimmed(_ space: TrimmedSpace) -> String {
        if let first = unicodeScalars.first, let last = unicodeScalars.last, !space.contains(first), !space.contains(last) {
            return self
        }
        return self[...].trimmed(space)
    }
}

extension Substring {
    /// The text without `space` at either end, cut between scalars as `trimmingCharacters(in:)` cuts.
    public func trimmed(_ space: TrimmedSpace) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !space.contains($0) }),
              let last = scalars.lastIndex(where: { !space.contains($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
