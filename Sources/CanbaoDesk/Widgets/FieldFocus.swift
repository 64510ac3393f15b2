/// The focus of a small form of text fields (login, first start, password change): Tab or ↓ to the next field,
/// Shift-Tab or ↑ to the previous one (both wrap), Enter on any field but the last to the next one.
enum FieldFocus {
    /// Moves `focus` among `count` fields for `key`; false when the key is not a move (Enter on the last field
    /// submits the form).
    static func move(_ focus: inout Int, count: Int, key: Key) -> Bool {
        switch key {
        case .tab, .down: focus = (focus + 1) % count
        case .backTab, .up: focus = (focus + count - 1) % count
        case .enter where focus < count - 1: focus += 1
        default: return false
        }
        return true
    }
}
