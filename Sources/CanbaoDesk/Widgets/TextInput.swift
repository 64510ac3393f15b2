import CanbaoRules

/// A one-line text input: the text, the insertion point and a length limit (a huge paste is cut, with a message).
///
/// Everything is counted in characters as a reader sees them (grapheme clusters, Swift's `Character`): `e` + U+0301,
/// a Mongolian letter + a free variation selector, 👍 + 🏽 are one character each. What is typed can join the
/// character before it (or after it), so the text may grow by fewer characters than were inserted; the cursor is
/// therefore kept by its place among the Unicode scalars and put back on a character boundary after every edit.
public struct TextInput: Hashable, Sendable {
    public private(set) var text: String
    /// Insertion point in characters, always on a character boundary: 0…`text.count`.
    public private(set) var cursor: Int
    /// The most characters the input holds.
    public var maxLength: Int
    /// Shows • instead of the characters (passwords).
    public var secure: Bool

    public init(_ text: String = "", maxLength: Int = 64, secure: Bool = false) {
        let clipped = TextInput.clipped(text, to: maxLength)
        self.text = clipped
        self.cursor = clipped.count
        self.maxLength = maxLength
        self.secure = secure
    }

    public enum Outcome: Equatable {
        case edited, moved, ignored
        /// Part of the text did not fit: `dropped` characters were left out.
        case truncated(dropped: Int)
        /// Nothing was inserted: the text holds a control character (`SafeText.isForbidden`), named here.
        case refused(Unicode.Scalar)
    }

    /// Applies an editing key; keys it does not edit with return `.ignored` for the screen to handle.
    public mutating func handle(_ key: Key) -> Outcome {
        cursor = min(max(cursor, 0), text.count)
        switch key {
        case let .char(c):
            return insert(String(c))
        case .backspace:
            guard cursor > 0 else { return .moved }
            remove(at: cursor - 1)
            return .edited
        case .delete:
            guard cursor < text.count else { return .moved }
            remove(at: cursor)
            return .edited
        case .left:
            cursor = max(0, cursor - 1)
            return .moved
        case .right:
            cursor = min(text.count, cursor + 1)
            return .moved
        case .home, .ctrl("a"):
            cursor = 0
            return .moved
        case .end, .ctrl("e"):
            cursor = text.count
            return .moved
        case .ctrl("u"):
            text = ""
            cursor = 0
            return .edited
        default:
            return .ignored
        }
    }

    /// Inserts text at the cursor. Text holding a control character is refused whole (a paste of escape sequences
    /// or backspaces would otherwise store something other than what the clerk saw); what exceeds `maxLength` is
    /// dropped and counted.
    public mutating func insert(_ s: String) -> Outcome {
        cursor = min(max(cursor, 0), text.count)
        if let bad = s.unicodeScalars.first(where: SafeText.isForbidden) { return .refused(bad) }
        let offered = Array(s)
        var accepted = offered.prefix(max(0, maxLength - text.count))
        let at = text.index(text.startIndex, offsetBy: cursor)
        let head = text.unicodeScalars[..<at].count
        var result: String
        while true {
            result = String(text[..<at]) + String(accepted) + String(text[at...])
            // Joining never makes more characters than were put together, but a huge cluster (a letter with
            // thousands of combining marks) is still bounded by bytes, as SafeText bounds it.
            if accepted.isEmpty || result.count <= maxLength && result.utf8.count <= SafeText.byteLimit(forLength: maxLength) { break }
            accepted = accepted.dropLast()
        }
        guard !accepted.isEmpty else { return offered.isEmpty ? .edited : .truncated(dropped: offered.count) }
        text = result
        cursor = TextInput.boundary(in: text, atOrAfterScalar: head + String(accepted).unicodeScalars.count)
        let dropped = offered.count - accepted.count
        return dropped > 0 ? .truncated(dropped: dropped) : .edited
    }

    /// Removes the character at `index`; its neighbours may join into one (two regional indicators), so the cursor
    /// goes to the boundary at or before where the removed character began.
    private mutating func remove(at index: Int) {
        let i = text.index(text.startIndex, offsetBy: index)
        let head = text.unicodeScalars[..<i].count
        text.remove(at: i)
        cursor = TextInput.boundary(in: text, atOrBeforeScalar: head)
    }

    /// The first character boundary at or after `scalars` Unicode scalars into `text`, in characters.
    static func boundary(in text: String, atOrAfterScalar scalars: Int) -> Int {
        var count = 0, characters = 0
        for c in text {
            if count >= scalars { return characters }
            count += c.unicodeScalars.count
            characters += 1
        }
        return characters
    }

    /// The last character boundary at or before `scalars` Unicode scalars into `text`, in characters.
    static func boundary(in text: String, atOrBeforeScalar scalars: Int) -> Int {
        var count = 0, characters = 0
        for c in text {
            count += c.unicodeScalars.count
            if count > scalars { return characters }
            characters += 1
        }
        return characters
    }

    /// `text` cut to `maxLength` characters and its byte bound, for the initial value.
    static func clipped(_ text: String, to maxLength: Int) -> String {
        var out = String(text.prefix(max(0, maxLength)))
        while out.utf8.count > SafeText.byteLimit(forLength: maxLength), !out.isEmpty { out.removeLast() }
        return out
    }

    /// The visible part for a box `width` columns wide, and the cursor's column inside it. Widths are those of whole
    /// characters (`DisplayWidth.of(Character)`): a character never straddles the box's edge.
    public func visible(width: Int) -> (text: String, cursorColumn: Int) {
        guard width > 0 else { return ("", 0) }
        let chars: [Character] = secure ? Array(repeating: "•", count: text.count) : Array(text)
        let widths = chars.map(DisplayWidth.of)
        let cursor = min(max(self.cursor, 0), chars.count)
        // Scroll so the cursor stays inside the box: the columns from `start` to the cursor fit in width - 1.
        var start = 0
        var before = widths[..<cursor].reduce(0, +)
        while start < cursor, before > width - 1 {
            before -= widths[start]
            start += 1
        }
        var end = start
        var used = 0
        while end < chars.count, used + widths[end] <= width {
            used += widths[end]
            end += 1
        }
        return (String(chars[start..<end]), before)
    }
}
