/// A key press as the desk understands it. The backend turns terminal input (get_wch) into these.
public enum Key: Hashable, Sendable {
    case char(Character)
    case enter, tab, backTab, backspace, delete, escape
    case up, down, left, right, home, end, pageUp, pageDown
    /// F1 … F12.
    case function(Int)
    /// Ctrl+letter, lower-case letter.
    case ctrl(Character)
}

/// Everything that happens to the desk: a fact, named for what happened.
public enum TerminalEvent: Hashable, Sendable {
    case key(Key)
    /// Text arriving at once (a paste): inserted as a whole, bounded by the field. `dropped`: characters of its first
    /// line the terminal read past its limit and did not keep, so the clerk is told what the whole paste lost.
    case paste(String, dropped: Int = 0)
    case resized(cols: Int, rows: Int)
}
