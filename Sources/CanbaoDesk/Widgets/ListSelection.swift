/// A selection in a list with scrolling: which row is chosen and which is at the top of the visible window.
public struct ListSelection: Hashable, Sendable {
    public var index: Int = 0
    public var top: Int = 0

    public init(index: Int = 0) { self.index = index }

    /// Moves for Up/Down/PgUp/PgDn/Home/End; returns false for other keys. With `wrap`, ↑ on the first row goes to
    /// the last and ↓ on the last to the first (a menu); PgUp/PgDn stop at the ends.
    public mutating func handle(_ key: Key, count: Int, page: Int, wrap: Bool = false) -> Bool {
        guard count > 0 else { return false }
        switch key {
        case .up: index = wrap && index <= 0 ? count - 1 : max(0, index - 1)
        case .down: index = wrap && index >= count - 1 ? 0 : min(count - 1, index + 1)
        case .pageUp: index = max(0, index - max(page, 1))
        case .pageDown: index = min(count - 1, index + max(page, 1))
        case .home: index = 0
        case .end: index = count - 1
        default: return false
        }
        return true
    }

    /// Keeps the selection inside the window of `height` rows.
    public mutating func clamp(count: Int, height: Int) {
        index = min(max(0, index), max(0, count - 1))
        if index < top { top = index }
        if height > 0, index >= top + height { top = index - height + 1 }
        top = max(0, min(top, max(0, count - height)))
    }
}
