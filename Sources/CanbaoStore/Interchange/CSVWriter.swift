import CanbaoRules

/// The one CSV writer of every command and screen that writes CSV (the roster error report, `store export`, the
/// coverage, newborns, duplicates and daily reports, the coverage screen's export): RFC 4180 quoting, and formula
/// neutralisation.
///
/// A spreadsheet program runs a cell that begins with `=`, `+`, `-` or `@` as a formula (and tab or CR are read as
/// the start of one by some): a name like `=HYPERLINK("http://…")` sent in a roster would become a live link, or
/// worse, in the school's error report. Such a cell is written with a leading single quote, which spreadsheet
/// programs show as text; `CSVReader` takes the quote off again, so an exported file imports back unchanged.
public enum CSVWriter {
    public enum LineEnd: String, Sendable {
        case lf = "\n"
        /// RFC 4180's; the roster error report keeps it, as the spreadsheet export it answers has it.
        case crlf = "\r\n"
    }

    /// One record: every cell neutralised and quoted where needed, then the line end.
    public static func line(_ cells: [String], lineEnd: LineEnd = .lf) -> String {
        var line = ""
        for (i, cell) in cells.enumerated() {
            if i > 0 { line += "," }
            line += field(cell)
        }
        return line + lineEnd.rawValue
    }

    /// One cell as written: control characters other than tab and line ends written as their code points (every
    /// door refuses them, so only a row written behind the store's back, or a roster's cell echoed in its error
    /// report, holds one, and a raw ESC would reach the terminal or the spreadsheet that opens the file), neutralised,
    /// then quoted when it holds a comma, a quote or a line break, or begins or ends with white space (which a reader
    /// would otherwise trim).
    public static func field(_ text: String) -> String {
        let cell = neutralised(SafeText.escaped(text, keeping: ["\t", "\r", "\n"]))
        let needsQuotes = cell.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
            || cell.first?.isWhitespace == true || cell.last?.isWhitespace == true
        return needsQuotes ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }

    /// The scalars a spreadsheet may take as the start of a formula.
    static func isFormulaStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "=", "+", "-", "@", "\t", "\r": return true
        default: return false
        }
    }

    /// `text` with a leading single quote when it begins like a formula. Text that already begins with quotes before
    /// such a character gets one more, so that `restored` is its exact inverse.
    public static func neutralised(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first(where: { $0 != "'" }), isFormulaStart(first) else { return text }
        return "'" + text
    }

    /// The inverse of `neutralised`: one leading quote taken off a cell of quotes then a formula character.
    public static func restored(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.first == "'", let first = scalars.first(where: { $0 != "'" }), isFormulaStart(first) else {
            return text
        }
        return String(text.dropFirst())
    }
}
