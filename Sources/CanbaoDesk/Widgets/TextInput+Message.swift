import CanbaoRules

extension TextInput {
    /// `handle(key)`, telling the clerk when typed text did not fit: a character past the limit used to vanish
    /// without a word, and a name or number one character short looked complete. `label` names the field.
    mutating func edit(_ key: Key, _ desk: inout DeskState, label: String) -> Outcome {
        let outcome = handle(key)
        if let text = Self.message(for: outcome, label: label, maxLength: maxLength) { desk.message = .error(text) }
        return outcome
    }

    /// How many characters of a paste were left out: those the field could not take and those the terminal dropped
    /// past its own limit (`dropped`), so the count is the whole paste's; nil when nothing was (or it was refused).
    static func leftOut(_ outcome: Outcome, dropped: Int) -> Int? {
        switch outcome {
        case let .truncated(d): return d + dropped
        case .edited, .moved: return dropped > 0 ? dropped : nil
        case .ignored, .refused: return nil
        }
    }

    /// What the clerk is told of an outcome that left something out, or nil.
    static func message(for outcome: Outcome, label: String, maxLength: Int) -> String? {
        switch outcome {
        case let .truncated(dropped): "\(label)最多 \(maxLength) 个字符，多出的 \(dropped) 个未录入"
        case let .refused(scalar): "\(label)不能含有控制字符 \(SafeText.codePoint(scalar))，未录入"
        default: nil
        }
    }
}
