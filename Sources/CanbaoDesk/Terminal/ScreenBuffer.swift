/// How a cell is drawn. Roles, not colours: the backend maps them to colours, or to bold/reverse under NO_COLOR.
public enum CellStyle: UInt8, Hashable, Sendable, CaseIterable {
    case normal, title, label, input, focused, selected, dim, error, warning, ok, keyBar, keyName, practice
}

/// One screen cell. A wide character occupies its cell and the next, which holds `continuation`.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: CellStyle
    public var isContinuation: Bool

    public static let blank = Cell(character: " ", style: .normal, isContinuation: false)
}

/// The screen as a grid of cells: what `render` draws into and what tests compare as text.
public struct ScreenBuffer: Hashable, Sendable {
    public let cols: Int
    public let rows: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should sit (the insertion point of the field being edited), if visible.
    public var cursor: (row: Int, col: Int)? {
        get { cursorRow.map { ($0, cursorCol) } }
        set {
            cursorRow = newValue?.row
            cursorCol = newValue?.col ?? 0
        }
    }
    private var cursorRow: Int?
    private var cursorCol = 0

    public init(cols: Int, rows: Int) {
        self.cols = max(cols, 0)
        self.rows = max(rows, 0)
        cells = Array(repeating: .blank, count: self.cols * self.rows)
    }

    public subscript(row: Int, col: Int) -> Cell {
        cells[row * cols + col]
    }

    /// Writes `text` at (row, col), clipped to `width` columns (default: to the right edge) with "…" when cut.
    /// Returns the column after the last character written. A wide character never straddles the edge.
    @discardableResult
    public mutating func put(_ text: String, row: Int, col: Int, style: CellStyle = .normal, width: Int? = nil) -> Int {
        guard row >= 0, row < rows, col >= 0, col < cols else { return col }
        let limit = min(width ?? (cols - col), cols - col)
        let shown = DisplayWidth.truncate(text, to: limit)
        var c = col
        for ch in shown {
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }
            guard c + w <= col + limit else { break }
            place(Cell(character: ch, style: style, isContinuation: false), row: row, col: c)
            if w == 2 { place(Cell(character: " ", style: style, isContinuation: true), row: row, col: c + 1) }
            c += w
        }
        return c
    }

    /// Fills a run of cells with one style (a highlighted bar, a cleared area).
    public mutating func fill(row: Int, col: Int = 0, width: Int? = nil, style: CellStyle, character: Character = " ") {
        guard row >= 0, row < rows else { return }
        let end = min(cols, col + (width ?? cols - col))
        for c in max(col, 0)..<max(end, max(col, 0)) {
            place(Cell(character: character, style: style, isContinuation: false), row: row, col: c)
        }
    }

    /// Writes one cell. Text drawn over half of a wide character (a badge on the title bar, a box over a list)
    /// leaves the other half blank rather than half a character with no right side.
    private mutating func place(_ cell: Cell, row: Int, col: Int) {
        let i = row * cols + col
        if !cell.isContinuation, cells[i].isContinuation, col > 0, !cells[i - 1].isContinuation {
            cells[i - 1] = Cell(character: " ", style: cells[i - 1].style, isContinuation: false)
        }
        cells[i] = cell
        if col + 1 < cols, cells[i + 1].isContinuation {
            cells[i + 1] = Cell(character: " ", style: cells[i + 1].style, isContinuation: false)
        }
    }

    /// Sets the style of a run of cells, keeping their characters.
    public mutating func restyle(row: Int, col: Int, width: Int, style: CellStyle) {
        guard row >= 0, row < rows else { return }
        for c in max(col, 0)..<min(cols, col + width) { cells[row * cols + c].style = style }
    }

    /// One line of plain text (continuation cells skipped, trailing spaces trimmed): what capture-pane shows.
    public func line(_ row: Int) -> String {
        var s = ""
        for c in 0..<cols where !self[row, c].isContinuation { s.append(self[row, c].character) }
        while s.last == " " { s.removeLast() }
        return s
    }

    /// The whole screen as text, one line per row.
    public var text: String { (0..<rows).map(line).joined(separator: "\n") }

    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.cols == b.cols && a.rows == b.rows && a.cells == b.cells && a.cursorRow == b.cursorRow && a.cursorCol == b.cursorCol
    }

    public func hash(into h: inout Hasher) {
        h.combine(cols)
        h.combine(rows)
        h.combine(cells)
    }
}
