import CNcursesw
import CanbaoDesk

/// How each `CellStyle` role looks: a colour pair plus attributes, or under NO_COLOR attributes alone. In
/// monochrome every role has its own combination of bold/reverse/underline/dim, so the focused field (reverse)
/// and a selection (reverse + bold) stay visible without colour.
enum TerminalPalette {
    struct Appearance: Equatable {
        /// CB_ATTR_* bits.
        var attributes: Int32
        /// Colour pair; 0 (the terminal's default colours) in monochrome.
        var pair: Int16
    }

    static let bold = Int32(CB_ATTR_BOLD)
    static let reverse = Int32(CB_ATTR_REVERSE)
    static let underline = Int32(CB_ATTR_UNDERLINE)
    static let dim = Int32(CB_ATTR_DIM)

    static func appearance(for style: CellStyle, monochrome: Bool) -> Appearance {
        monochrome
            ? Appearance(attributes: monochromeAttributes(for: style), pair: 0)
            : Appearance(attributes: colourAttributes(for: style), pair: pair(for: style))
    }

    static func pair(for style: CellStyle) -> Int16 { Int16(style.rawValue) + 1 }

    /// Foreground and background (-1: the terminal's own), chosen to read on dark and light backgrounds.
    static func colours(for style: CellStyle) -> (foreground: Int16, background: Int16) {
        let black = Int16(COLOR_BLACK), red = Int16(COLOR_RED), green = Int16(COLOR_GREEN)
        let yellow = Int16(COLOR_YELLOW), blue = Int16(COLOR_BLUE), cyan = Int16(COLOR_CYAN)
        let white = Int16(COLOR_WHITE)
        switch style {
        case .normal, .input, .dim, .keyName: return (-1, -1)
        case .title: return (cyan, -1)
        case .label: return (cyan, -1)
        case .focused: return (black, cyan)
        case .selected: return (white, blue)
        case .error: return (red, -1)
        case .warning: return (yellow, -1)
        case .ok: return (green, -1)
        case .keyBar: return (black, cyan)
        case .practice: return (black, yellow)
        }
    }

    static func colourAttributes(for style: CellStyle) -> Int32 {
        switch style {
        case .normal, .label, .focused, .keyBar: return 0
        case .title, .selected, .error, .warning, .keyName, .practice: return bold
        case .input: return underline
        case .dim: return dim
        case .ok: return 0
        }
    }

    /// Distinct for every role (checked by a test of the backend's demo under NO_COLOR).
    static func monochromeAttributes(for style: CellStyle) -> Int32 {
        switch style {
        case .normal: return 0
        case .title: return bold | underline
        case .label: return bold | dim
        case .input: return underline
        case .focused: return reverse
        case .selected: return reverse | bold
        case .dim: return dim
        case .error: return reverse | underline | bold
        case .warning: return reverse | underline
        case .ok: return underline | dim
        case .keyBar: return reverse | dim
        case .keyName: return bold
        case .practice: return reverse | bold | dim
        }
    }
}
