/// A one-line text input: the text, the insertion point and a length limit (a huge paste is cut, with a message).
public struct TextInput: Hashable, Sendable {
    public var text: String
    /// Insertion point in characters.
    public var cursor: Int
    public var maxLength: Int
    /// Shows • instead of the characters (passwords).
    public var secure: Bool

    public init(_ text: String = "", maxLength: Int = 64, secure: Bool = false) {
        let clipped = String(text.prefix(maxLength))
        self.text = clipped
        self.cursor = clipped.count
        self.maxLength = maxLength
        self.secure = secure
    }

    public enum Outcome: Equatable { case edited, moved, truncated(dropped: Int), ignored }

    /// Applies an editing key; keys it does not edit with return `.ignored` for the screen to handle.
    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case let .char(c):
            return insert(String(c))
        case .backspace:
            guard cursor > 0 else { return .moved }
            let i = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: i)
            cursor -= 1
            return .edited
        case .delete:
            guard cursor < text.count else { return .moved }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
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

    /// Inserts text at the cursor, dropping control characters and whatever exceeds `maxLength`.
    public mutating func insert(_ s: String) -> Outcome {
        let clean = s.filter { c in !c.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }
        let room = maxLength - text.count
        let accepted = String(clean.prefix(max(room, 0)))
        let i = text.index(text.startIndex, offsetBy: cursor)
        text.insert(contentsOf: accepted, at: i)
        cursor += accepted.count
        let dropped = clean.count - accepted.count
        return dropped > 0 ? .truncated(dropped: dropped) : .edited
    }

    /// The visible part for a box `width` columns wide, and the cursor's column inside it.
    public func visible(width: Int) -> (text: String, cursorColumn: Int) {
        let chars = Array(secure ? String(repeating: "•", count: text.count) : text)
        // Scroll so the cursor stays inside the box.
        var start = 0
        func columns(_ from: Int, _ to: Int) -> Int { chars[from..<to].reduce(0) { $0 + DisplayWidth.of($1) } }
        while start < cursor, columns(start, cursor) > width - 1 { start += 1 }
        var end = start
        var used = 0
        while end < chars.count, used + DisplayWidth.of(chars[end]) <= width {
            used += DisplayWidth.of(chars[end])
            end += 1
        }
        return (String(chars[start..<end]), columns(start, cursor))
    }
}
