extension Wrap {
    /// The longest run that moves to the next line whole rather than be split: a document number (18 characters), a
    /// case number, a date, a code. Longer runs (Chinese sentences have no spaces) fill the line and break anywhere.
    static let keptWhole = 24

    /// `s` wrapped to `width` columns without splitting a space-separated run of up to `keptWhole` columns: an ID
    /// number is never cut across lines.
    static func words(_ s: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        var used = 0
        func newLine() {
            lines.append(line)
            line = ""
            used = 0
        }
        for (i, word) in s.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            let w = DisplayWidth.of(String(word))
            // The space before the word: the word moves down whole when it fits on a line of its own; the line break
            // stands for a space that does not fit.
            if i > 0, used > 0 {
                if used + 1 + w > width, w <= min(width, keptWhole) {
                    newLine()
                } else if used + 1 <= width {
                    line.append(" ")
                    used += 1
                } else {
                    newLine()
                }
            }
            for c in word {
                let cw = DisplayWidth.of(c)
                if used + cw > width, used > 0 { newLine() }
                line.append(c)
                used += cw
            }
        }
        lines.append(line)
        return lines
    }
}
