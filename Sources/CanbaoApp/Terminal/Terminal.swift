import CNcursesw
import CanbaoDesk
import Glibc

/// The real terminal, through ncursesw: the only code that talks to curses. The runtime's loop owns it and asks
/// it for events and to draw frames; the desk never sees it.
///
/// - `open()` refuses clearly (a thrown `TerminalError`) instead of letting ncurses exit the process.
/// - The terminal is restored (`endwin`) exactly once: by `close()`, on SIGINT/SIGTERM/SIGHUP/SIGQUIT, and on
///   crash signals (the handler restores, then re-raises with the default action).
/// - Not thread-safe: use it from the one loop that does I/O.
public final class Terminal {
    /// Characters kept from one paste; the rest of an overlong paste is read and dropped.
    static let pasteLimit = 4_096
    /// While text is arriving in a burst, how long a pause ends it. Far below human typing speed.
    static let burstGapMilliseconds: Int32 = 50
    /// How long one burst may be drained before the loop gets control back.
    static let burstMaximumDuration: Duration = .seconds(2)

    private let window: UnsafeMutablePointer<WINDOW>
    /// Colour pairs, or attributes only (NO_COLOR or a terminal without colours).
    public let isMonochrome: Bool

    /// The last frame drawn, to draw only what changed.
    private var previous: ScreenBuffer?
    /// The terminal size when `previous` was drawn.
    private var drawnSize: (cols: Int, rows: Int)?
    /// Set by a resize: the next frame repaints the whole screen.
    private var needsRepaint = false
    private var cursorVisible: Bool?
    /// Input read ahead and given back (the key that ended a paste).
    private var pushback: [RawInput] = []
    /// Consecutive reads that failed while the input looked closed.
    private var closedInputStrikes = 0
    private var isClosed = false

    private init(window: UnsafeMutablePointer<WINDOW>, monochrome: Bool) {
        self.window = window
        self.isMonochrome = monochrome
    }

    deinit { close() }

    // MARK: Opening and closing

    /// Why `open` would refuse, from what can be seen without touching the terminal or the locale: standard input or
    /// output not a terminal, `TERM` unset. Asked before anything is created, so a refused start leaves nothing.
    public static func unusable() -> TerminalError? {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return .notATerminal }
        guard let term = getenv("TERM"), term.pointee != 0 else { return .terminalTypeUnset }
        return nil
    }

    /// Takes over the terminal: UTF-8 locale, raw keyboard, no echo, keypad keys, a 25 ms Esc, colours unless
    /// `NO_COLOR` is set, and the restoring signal handlers.
    public static func open() throws -> Terminal {
        guard cb_setup_locale() != 0 else { throw TerminalError.noUTF8Locale }
        var failure: Int32 = 0
        guard let window = cb_open(&failure) else {
            let term = getenv("TERM").map { String(cString: $0) } ?? ""
            switch Int(failure) {
            case CB_OPEN_NOT_A_TTY: throw TerminalError.notATerminal
            case CB_OPEN_NO_TERM: throw TerminalError.terminalTypeUnset
            case CB_OPEN_UNKNOWN_TERM: throw TerminalError.unknownTerminalType(term)
            case CB_OPEN_DUMB_TERM: throw TerminalError.cannotAddressCursor(term)
            case CB_OPEN_ALREADY_OPEN: throw TerminalError.alreadyOpen
            default: throw TerminalError.openFailed
            }
        }
        let noColor = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        let colours = !noColor && cb_start_colors() != 0
        let terminal = Terminal(window: window, monochrome: !colours)
        if colours {
            for style in CellStyle.allCases {
                let colour = TerminalPalette.colours(for: style)
                _ = cb_init_pair(TerminalPalette.pair(for: style), colour.foreground, colour.background)
            }
        }
        return terminal
    }

    /// Opens the terminal, runs `body`, and restores the terminal however `body` ends.
    public static func withTerminal<T>(_ body: (Terminal) throws -> T) throws -> T {
        let terminal = try open()
        defer { terminal.close() }
        return try body(terminal)
    }

    /// Restores the terminal (`endwin`) and the signal handlers. Idempotent.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        cb_close()
    }

    /// The terminal's size now (already updated when a `.resized` event is returned).
    public var size: (cols: Int, rows: Int) {
        guard !isClosed else { return (0, 0) }
        return (Int(cb_cols(window)), Int(cb_rows(window)))
    }

    // MARK: Input

    /// What `wget_wch` returned: a character (OK) or a key code (KEY_CODE_YES).
    private enum RawInput: Equatable {
        case character(UInt32)
        case keyCode(Int32)
    }

    /// The next event, or nil when `milliseconds` pass without one (an idle tick); a negative timeout waits
    /// forever. Printable characters that arrive together (a paste, an input method's commit, a card reader)
    /// come back as one `.paste`; a burst of one character is a `.char` key.
    /// Throws `TerminalError.inputClosed` when the input is gone (hang-up, end of file): the loop should end.
    public func nextEvent(timeout milliseconds: Int) throws -> TerminalEvent? {
        guard !isClosed else { throw TerminalError.inputClosed }
        let clock = ContinuousClock()
        let start = clock.now
        var earlyFailures = 0
        while true {
            let remaining: Int32
            if milliseconds < 0 {
                remaining = -1
            } else {
                let elapsed = Self.milliseconds(clock.now - start)
                remaining = Int32(clamping: max(0, milliseconds - elapsed))
            }
            let before = clock.now
            guard let raw = readRaw(timeout: remaining) else {
                // ERR: the timeout passed, or the read failed (end of file, hang-up, an interrupting signal).
                if cb_input_closed() != 0 {
                    closedInputStrikes += 1
                    if closedInputStrikes >= 3 { throw TerminalError.inputClosed }
                } else {
                    closedInputStrikes = 0
                }
                if remaining >= 0, Self.milliseconds(clock.now - before) >= Int(remaining) - 1 { return nil }
                earlyFailures += 1
                if earlyFailures >= 1_000 { throw TerminalError.inputClosed }
                continue
            }
            closedInputStrikes = 0
            if let event = decode(raw) { return event }
            // Input with no meaning here (an unknown key, Alt+x): keep waiting within the timeout.
        }
    }

    private func readRaw(timeout milliseconds: Int32) -> RawInput? {
        if !pushback.isEmpty { return pushback.removeFirst() }
        wtimeout(window, milliseconds)
        var wch: wint_t = 0
        let result = wget_wch(window, &wch)
        if result == OK { return .character(UInt32(wch)) }
        if result == KEY_CODE_YES { return .keyCode(Int32(bitPattern: UInt32(wch))) }
        return nil
    }

    private func decode(_ raw: RawInput) -> TerminalEvent? {
        switch raw {
        case .keyCode(let code):
            return specialKey(code)
        case .character(let value):
            switch value {
            case 27: return escape()
            case 13:
                // CR LF (a scanner or a paste from Windows) is one Enter, not two.
                if let next = readRaw(timeout: 0), next != .character(10) { pushback.append(next) }
                return .key(.enter)
            case 10: return .key(.enter)
            case 9: return .key(.tab)
            case 8, 127: return .key(.backspace)
            case 1...26: return .key(.ctrl(Character(Unicode.Scalar(UInt8(value) + 96))))
            default:
                guard let scalar = Self.printable(value) else { return nil }
                return burst(startingWith: scalar)
            }
        }
    }

    private func specialKey(_ code: Int32) -> TerminalEvent? {
        switch code {
        case KEY_RESIZE:
            needsRepaint = true
            let now = size
            return .resized(cols: now.cols, rows: now.rows)
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME, KEY_A1, KEY_FIND: return .key(.home)
        case KEY_END, KEY_C1, KEY_SELECT: return .key(.end)
        case KEY_PPAGE, KEY_A3: return .key(.pageUp)
        case KEY_NPAGE, KEY_C3: return .key(.pageDown)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.backTab)
        case (KEY_F0 + 1)...(KEY_F0 + 12): return .key(.function(Int(code - KEY_F0)))
        default: return nil
        }
    }

    /// Esc arrives alone after the escape delay (25 ms). Esc followed at once by more input is Alt+key or a
    /// sequence the terminfo entry does not describe.
    private func escape() -> TerminalEvent? {
        guard let next = readRaw(timeout: 0) else { return .key(.escape) }
        switch next {
        case .character(27):
            return .key(.escape)
        case .character(0x5B), .character(0x4F):  // "[" CSI, "O" SS3
            return unknownSequence(introducer: next)
        case .keyCode(let code):
            return specialKey(code)
        case .character:
            // Alt+x: no meaning at the counter, and not a letter to type either.
            return nil
        }
    }

    /// Decodes the usual VT220/xterm key sequences that a mismatched TERM leaves to us (Home as ESC [1~, …).
    private func unknownSequence(introducer: RawInput) -> TerminalEvent? {
        var body: [UInt32] = []
        var final: UInt32?
        while body.count < 16, let raw = readRaw(timeout: 0) {
            guard case .character(let value) = raw else {
                pushback.append(raw)
                return nil
            }
            if introducer == .character(0x4F) || (0x40...0x7E).contains(value) {
                final = value
                break
            }
            body.append(value)
        }
        guard let final else { return nil }
        let parameters = String(String.UnicodeScalarView(body.compactMap(Unicode.Scalar.init)))
        let first = Int(parameters.split(separator: ";").first ?? "")
        switch (introducer == .character(0x4F), Character(Unicode.Scalar(final) ?? " ")) {
        case (_, "A"): return .key(.up)
        case (_, "B"): return .key(.down)
        case (_, "C"): return .key(.right)
        case (_, "D"): return .key(.left)
        case (_, "H"): return .key(.home)
        case (_, "F"): return .key(.end)
        case (false, "Z"): return .key(.backTab)
        case (true, "M"): return .key(.enter)
        case (true, "P"): return .key(.function(1))
        case (true, "Q"): return .key(.function(2))
        case (true, "R"): return .key(.function(3))
        case (true, "S"): return .key(.function(4))
        case (false, "~"):
            switch first {
            case 1, 7: return .key(.home)
            case 4, 8: return .key(.end)
            case 3: return .key(.delete)
            case 5: return .key(.pageUp)
            case 6: return .key(.pageDown)
            case 11, 12, 13, 14, 15: return .key(.function(first! - 10))
            case 17, 18, 19, 20, 21: return .key(.function(first! - 11))
            case 23, 24: return .key(.function(first! - 12))
            default: return nil
            }
        default: return nil
        }
    }

    /// Reads the printable characters already queued behind `first`. One character is a key press; more are
    /// text arriving at once. A key that ends the burst (Enter after a scanned number) is kept for next time.
    private func burst(startingWith first: Unicode.Scalar) -> TerminalEvent {
        var text = String.UnicodeScalarView([first])
        var kept = 1
        var overflowing = false
        // What is read past the limit is dropped but counted, up to the first line break (the desk enters the first
        // line): the clerk is told how much of the whole paste was left out, not just what the field could not take.
        var dropped = CharacterTally()
        var droppedLineEnded = false
        var resizedMeanwhile = false
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < Self.burstMaximumDuration {
            // Is anything already there? Only once a burst has begun is it worth waiting for the rest.
            guard let raw = readRaw(timeout: kept == 1 && !overflowing ? 0 : Self.burstGapMilliseconds) else { break }
            if case .character(let value) = raw, let scalar = Self.printable(value) {
                if kept < Self.pasteLimit {
                    text.append(scalar)
                    kept += 1
                } else {
                    overflowing = true
                    if !droppedLineEnded { dropped.add(scalar) }
                }
                continue
            }
            if raw == .keyCode(KEY_RESIZE) {
                resizedMeanwhile = true
                if !overflowing { break }
                continue
            }
            if overflowing {
                // Keys inside an overlong paste are part of what is dropped; a line break ends its first line.
                if case .character(let value) = raw, value == 10 || value == 13 { droppedLineEnded = true }
                continue
            }
            if case .character(let value) = raw, value == 10 || value == 13 {
                // A line break inside the burst: more text right behind it is a paste of several lines, which the
                // desk takes whole (its first line); a last line break (a scanner's Enter after a number) stays a
                // key — unless the paste has several lines, whose last break is part of it.
                var next = readRaw(timeout: Self.burstGapMilliseconds)
                if value == 13, next == .character(10) { next = readRaw(timeout: Self.burstGapMilliseconds) }
                guard let next else {
                    if !text.contains("\n") { pushback.append(.character(10)) }
                    break
                }
                pushback.insert(next, at: 0)
                if case .keyCode = next {
                    pushback.insert(.character(10), at: 0)
                    break
                }
                text.append("\n")
                continue
            }
            if case .character(let value) = raw, value == 27 || (0x80..<0xA0).contains(value),
               let scalar = Unicode.Scalar(value) {
                // ESC with more text right behind it, or a C1 control, amid text arriving at once is part of what was
                // pasted (`C\e[2JD`), not a key: kept, so the desk refuses the paste whole and says why, instead of
                // obeying half of it. ESC alone after the text is the Esc key (Tab, Enter, backspace stay keys too:
                // a scanner's Tab after a number moves to the next field).
                if value == 27 {
                    guard let next = readRaw(timeout: Self.burstGapMilliseconds) else {
                        pushback.append(raw)
                        break
                    }
                    pushback.insert(next, at: 0)
                    if case .keyCode = next {
                        pushback.insert(raw, at: 0)
                        break
                    }
                }
                if kept < Self.pasteLimit {
                    text.append(scalar)
                    kept += 1
                } else {
                    overflowing = true
                    if !droppedLineEnded { dropped.add(scalar) }
                }
                continue
            }
            pushback.append(raw)
            break
        }
        if resizedMeanwhile { pushback.append(.keyCode(KEY_RESIZE)) }
        let string = String(text)
        if string.count == 1, let character = string.first { return .key(.char(character)) }
        // Dropped text after a line break the desk already sees is not part of the line it enters.
        return .paste(string, dropped: string.contains(where: \.isNewline) ? 0 : dropped.total)
    }

    /// A character to insert: not a C0/C1 control, not DEL, a valid scalar.
    private static func printable(_ value: UInt32) -> Unicode.Scalar? {
        guard value >= 0x20, value != 0x7F, !(0x80..<0xA0).contains(value) else { return nil }
        return Unicode.Scalar(value)
    }

    private static func milliseconds(_ d: Duration) -> Int {
        let (seconds, attoseconds) = d.components
        return Int(seconds) * 1_000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    // MARK: Drawing

    /// Draws `buffer`: only the cells that changed since the last frame (everything after a size change),
    /// clipped to the terminal, then places or hides the cursor, then one refresh.
    public func draw(_ buffer: ScreenBuffer) {
        guard !isClosed else { return }
        let terminalSize = size
        let repaint: Bool
        if needsRepaint || drawnSize == nil || drawnSize! != terminalSize {
            repaint = true
        } else if let previous, previous.cols == buffer.cols, previous.rows == buffer.rows {
            repaint = false
        } else {
            repaint = true
        }
        let last = repaint ? nil : previous
        if repaint {
            werase(window)
            if needsRepaint { clearok(window, true) }
        }
        let rows = min(terminalSize.rows, buffer.rows)
        let cols = min(terminalSize.cols, buffer.cols)
        for row in 0..<max(rows, 0) {
            for col in 0..<max(cols, 0) {
                let cell = buffer[row, col]
                if let last {
                    // A changed continuation cell redraws its wide character.
                    let changed = last[row, col] != cell
                        || (col + 1 < buffer.cols && buffer[row, col + 1].isContinuation
                            && last[row, col + 1] != buffer[row, col + 1])
                    if !changed { continue }
                }
                drawCell(cell, in: buffer, row: row, col: col, visibleCols: cols)
            }
        }
        placeCursor(buffer.cursor, rows: rows, cols: cols)
        wrefresh(window)
        previous = buffer
        drawnSize = terminalSize
        needsRepaint = false
    }

    private func drawCell(_ cell: Cell, in buffer: ScreenBuffer, row: Int, col: Int, visibleCols: Int) {
        let appearance = TerminalPalette.appearance(for: cell.style, monochrome: isMonochrome)
        var glyph = cell.character
        if cell.isContinuation {
            // Drawn by the wide character on its left, unless that one is missing (a buffer cut mid-character).
            if col > 0, !buffer[row, col - 1].isContinuation, DisplayWidth.of(buffer[row, col - 1].character) == 2 {
                return
            }
            glyph = " "
        }
        var width = DisplayWidth.of(glyph)
        if width == 2, col + 1 >= visibleCols || !buffer[row, col + 1].isContinuation {
            // A wide character that would straddle the clipped edge, or whose right half was overwritten.
            glyph = " "
            width = 1
        }
        var scalars = Array(glyph.unicodeScalars.prefix(Int(CCHARW_MAX) - 1))
        // Controls, lone combining marks and characters libc sizes differently would shift the rest of the row.
        if width == 0 || scalars.isEmpty || Int(cb_wcwidth(scalars[0].value)) != width {
            scalars = width == 2 ? ["\u{FF1F}"] : ["?"]
            if width == 0 { scalars = [" "] }
        }
        var wide = scalars.map { wchar_t(bitPattern: $0.value) }
        wide.append(0)
        _ = cb_put_cell(window, Int32(row), Int32(col), wide, appearance.attributes, appearance.pair)
    }

    private func placeCursor(_ cursor: (row: Int, col: Int)?, rows: Int, cols: Int) {
        if let cursor, (0..<rows).contains(cursor.row), (0..<cols).contains(cursor.col) {
            setCursorVisible(true)
            wmove(window, Int32(cursor.row), Int32(cursor.col))
        } else {
            setCursorVisible(false)
        }
    }

    private func setCursorVisible(_ visible: Bool) {
        guard cursorVisible != visible else { return }
        cursorVisible = visible
        _ = curs_set(visible ? 1 : 0)
    }
}
