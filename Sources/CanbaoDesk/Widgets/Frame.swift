/// The parts every screen shares: the title bar, the message line and the key bar (green-screen conventions).
public struct KeyHint: Hashable, Sendable {
    public var key: String
    public var label: String
    public init(_ key: String, _ label: String) {
        self.key = key
        self.label = label
    }
}

public enum Frame {
    public static let minimumCols = 80
    public static let minimumRows = 24

    /// Title on the left, context (operator, date, 练习) on the right, on row 0.
    public static func titleBar(_ buffer: inout ScreenBuffer, title: String, right: String, practice: Bool) {
        buffer.fill(row: 0, style: .title)
        let r = right + " "
        // The 练习 marker sits just left of the context, and the title ends before it: it was drawn over the title.
        let marker = " 练习 "
        let markerCol = buffer.cols - DisplayWidth.of(r) - DisplayWidth.of(marker) - 1
        let titleWidth = (practice ? markerCol : buffer.cols - DisplayWidth.of(r)) - 1
        buffer.put(" " + title, row: 0, col: 0, style: .title, width: max(0, titleWidth))
        buffer.put(r, row: 0, col: buffer.cols - DisplayWidth.of(r), style: .title)
        if practice { buffer.put(marker, row: 0, col: max(0, markerCol), style: .practice) }
    }

    /// A horizontal rule with an optional caption: ── 审核意见 ───…
    public static func rule(_ buffer: inout ScreenBuffer, row: Int, col: Int = 0, width: Int? = nil, caption: String = "") {
        let w = width ?? buffer.cols - col
        buffer.put(String(repeating: "─", count: w), row: row, col: col, style: .dim, width: w)
        if !caption.isEmpty { buffer.put("─ " + caption + " ", row: row, col: col, style: .label, width: w) }
    }

    /// The message line (second to last row): errors in the error style, other messages plainly. A message too long
    /// for it (an error with its citation, at 80 columns) takes the row above as well until the next key clears it,
    /// rather than losing its end; one longer than two rows ends in "…".
    public static func messageLine(_ buffer: inout ScreenBuffer, _ message: DeskMessage?) {
        let row = buffer.rows - 2
        buffer.fill(row: row, style: .normal)
        guard let message else { return }
        let style: CellStyle = message.kind == .error ? .error : (message.kind == .success ? .ok : .normal)
        let text = " " + message.text
        guard DisplayWidth.of(text) > buffer.cols, row - 1 > 0 else {
            buffer.put(text, row: row, col: 0, style: style)
            return
        }
        // The first row ends where a reader breaks a line (a space, between Chinese characters), never inside a path
        // or an ID number that the second row could hold whole; the space at the break stays at the second row's start,
        // so the two rows read back as the message.
        let body = message.text
        let first = Wrap.atBreaks(body, width: buffer.cols - 1).first ?? ""
        let (head, rest) = body.hasPrefix(first) && !first.isEmpty
            ? (" " + first, body.dropFirst(first.count)) : DisplayWidth.split(text, at: buffer.cols)
        // A field's insertion point under the message would blink inside its text.
        if buffer.cursor?.row == row - 1 { buffer.cursor = nil }
        buffer.fill(row: row - 1, style: .normal)
        buffer.put(head, row: row - 1, col: 0, style: style)
        buffer.put(" " + rest, row: row, col: 0, style: style)
    }

    /// The key bar on the last row: `F1帮助 F2暂存 …`, key names highlighted.
    public static func keyBar(_ buffer: inout ScreenBuffer, _ hints: [KeyHint]) {
        let row = buffer.rows - 1
        buffer.fill(row: row, style: .keyBar)
        var col = 0
        for hint in hints {
            guard col < buffer.cols else { break }
            col = buffer.put(hint.key, row: row, col: col, style: .keyName)
            col = buffer.put(hint.label, row: row, col: col, style: .keyBar)
            col += 1
        }
    }

    /// Shown instead of any screen when the terminal is smaller than 80x24; the state is kept.
    public static func tooSmall(cols: Int, rows: Int) -> ScreenBuffer {
        var b = ScreenBuffer(cols: cols, rows: rows)
        let lines = ["终端窗口过小：当前 \(cols)x\(rows)，至少需要 \(minimumCols)x\(minimumRows)", "请放大窗口，已填写的内容不会丢失"]
        for (i, line) in lines.enumerated() {
            let w = DisplayWidth.of(line)
            b.put(line, row: max(0, rows / 2 - 1 + i), col: max(0, (cols - w) / 2), style: i == 0 ? .error : .normal)
        }
        return b
    }

    /// The mark left of the field that has the focus, on every screen: seen in any colour scheme (NO_COLOR, a
    /// terminal that shows no reverse video) and in plain text.
    public static let focusMark = ">"

    /// Marks the row of the focused field at `col` (one column left of its label), clearing it otherwise.
    public static func focusMark(_ buffer: inout ScreenBuffer, row: Int, col: Int, focused: Bool) {
        guard col >= 0 else { return }
        buffer.put(focused ? focusMark : " ", row: row, col: col, style: focused ? .focused : .normal)
    }

    /// A labelled input box: `> label  [text____]` (the mark on the focused one); returns the column where the
    /// input starts. A secure input (a password) never shows what was typed, only one • per character.
    @discardableResult
    public static func labelled(_ buffer: inout ScreenBuffer, row: Int, col: Int, label: String, labelWidth: Int,
                                input: TextInput, width: Int, focused: Bool) -> Int {
        focusMark(&buffer, row: row, col: col - 2, focused: focused)
        buffer.put(DisplayWidth.pad(label, to: labelWidth), row: row, col: col, style: focused ? .focused : .label)
        let x = col + labelWidth + 1
        let shown = input.visible(width: width)
        buffer.fill(row: row, col: x, width: width, style: focused ? .focused : .input)
        buffer.put(shown.text, row: row, col: x, style: focused ? .focused : .input, width: width)
        if focused { buffer.cursor = (row, x + shown.cursorColumn) }
        return x
    }
}

/// The message line's content.
public struct DeskMessage: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case info, success, error }
    public var text: String
    public var kind: Kind
    public static func info(_ t: String) -> DeskMessage { DeskMessage(text: t, kind: .info) }
    public static func success(_ t: String) -> DeskMessage { DeskMessage(text: t, kind: .success) }
    public static func error(_ t: String) -> DeskMessage { DeskMessage(text: t, kind: .error) }
}
