/// What every entry point (case files, imports, rosters, the counter screen) accepts as a line of text, and how
/// text from outside is shown on a terminal. One definition, so a name refused at one door is refused at all.
public enum SafeText {
    /// Longest person name accepted anywhere, in characters (grapheme clusters). Traditional Mongolian names
    /// written with free variation selectors, and foreign names with several given names, fit well inside it.
    public static let maxNameLength = 100

    /// Longest single-line free text (reasons, notes, school names) accepted anywhere, in characters.
    public static let maxLineLength = 200

    /// Scalars that must never be stored: C0 controls (ESC, backspace, newline, tab…), DEL, C1 controls, the
    /// bidirectional controls that reorder what a reader sees (embeddings, overrides, isolates, and the marks LRM,
    /// RLM and ALM), the interlinear annotation controls that hide text between them, and the Unicode line and
    /// paragraph separators. Combining marks, ZWJ/ZWNJ, variation selectors and the Mongolian free variation
    /// selectors (U+180B–U+180F) are letters' parts, not controls, and stay allowed.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        case 0xFFF9...0xFFFB: return true
        case 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// Why `text` cannot be accepted as one line of at most `maxLength` characters, or nil when it can.
    /// The reason is Chinese and names the offending character by its code point, never by echoing it.
    public static func problem(in text: String, maxLength: Int = maxNameLength) -> String? {
        // Cheap bound first: a 5,000,000-character paste is refused without counting its clusters.
        if text.utf8.count > byteLimit(forLength: maxLength) || text.count > maxLength {
            return "内容过长（上限 \(maxLength) 个字符）"
        }
        if let bad = text.unicodeScalars.first(where: isForbidden) {
            return "含有不允许的控制字符 \(codePoint(bad))"
        }
        return nil
    }

    /// Why non-empty `text` says nothing a reader can see, or nil when it does: only spaces, line ends and invisible
    /// format characters (U+200B, U+2060, U+FEFF…), as a name of nothing but a zero-width space. The first such
    /// scalar is named by its code point. Empty text is left to the caller (an absent value).
    public static func blankProblem(in text: String) -> String? {
        guard let first = text.unicodeScalars.first else { return nil }
        if text.unicodeScalars.allSatisfy(isInvisible) {
            return "只有空白或不可见字符（\(codePoint(first))），没有可见的文字"
        }
        // Marks with nothing to sit on (a lone U+0301) are not a name either.
        if text.unicodeScalars.allSatisfy({ isInvisible($0) || isMark($0) }) {
            return "只有附加符号（\(codePoint(text.unicodeScalars.first(where: isMark) ?? first))），没有可见的文字"
        }
        return nil
    }

    /// A combining mark: drawn on the letter before it, never alone.
    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// `text` as a reader sees it: without the scalars drawn as nothing (U+200B, U+200D, U+FEFF, variation
    /// selectors…), to tell whether two texts read alike ("李浩然" and "李浩然" followed by U+200D do).
    public static func visible(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isDefaultIgnorableCodePoint }))
    }

    /// Spaces (全角空格 and U+200B included), line ends, and the scalars Unicode says to draw as nothing.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        // U+2800, the blank Braille pattern, is drawn as a space though Unicode counts it a symbol.
        TrimmedSpace.whitespacesAndNewlines.contains(scalar) || scalar.properties.isDefaultIgnorableCodePoint
            || scalar == "\u{2800}"
    }

    /// The UTF-8 bytes `maxLength` characters may take: generous for any real character (a Mongolian letter with
    /// its variation selector is 6 bytes, a family emoji 25), and a bound on one letter with endless combining marks.
    public static func byteLimit(forLength maxLength: Int) -> Int { maxLength * 64 }

    /// `text` made safe to print on a terminal: every forbidden scalar is written as its code point (`\u{1B}`),
    /// so escape sequences, backspaces and bidi overrides in stored or typed data show as what they are.
    public static func escaped(_ text: String) -> String { escaped(text, keeping: []) }

    /// As `escaped(_:)`, leaving `kept` forbidden scalars as they are (a CSV cell's tab and line ends).
    public static func escaped(_ text: String, keeping kept: Set<Unicode.Scalar>) -> String {
        func escapes(_ scalar: Unicode.Scalar) -> Bool { isForbidden(scalar) && !kept.contains(scalar) }
        guard text.unicodeScalars.contains(where: escapes) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if escapes(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `U+001B` style name of a scalar, for messages.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
