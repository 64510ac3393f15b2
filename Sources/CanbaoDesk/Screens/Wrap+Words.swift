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

extension Wrap {
    /// Closing punctuation stays with what it closes, opening with what it opens (no row starts with `，` or ends with
    /// `（`). ASCII punctuation is part of the run it is in (a path's `.`, a date's `-`).
    static let closing: Set<Character> = ["，", "。", "、", "；", "：", "！", "？", "）", "」", "』", "》", "】"]
    static let opening: Set<Character> = ["（", "「", "『", "《", "【"]

    /// A file's name by its extension (`2026-000031-重复参保处理告知书.txt`): a dot after the name's start followed
    /// by one to five ASCII letters or digits, at the end.
    static func isFileName(_ word: Substring) -> Bool {
        guard let dot = word.lastIndex(of: "."), dot > word.startIndex else { return false }
        let ext = word[word.index(after: dot)...]
        return (1...5).contains(ext.count) && ext.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            && word[..<dot].contains { DisplayWidth.of($0) > 1 }
    }

    /// `s` wrapped to `width` columns where a reader breaks a line: at a space (which the break replaces), or between
    /// two characters where either is wide (Chinese needs no space). A run of narrow characters (an ID number, a date,
    /// an English word), a file path and a file's name (whatever their names) are never split unless wider than the
    /// row itself.
    static func atBreaks(_ s: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        // Unbreakable chunks, each with the spaces before it.
        var chunks: [(text: String, spaces: Int)] = []
        var spaces = 0
        var glueNext = false
        func chunk(_ c: Character) {
            let narrow = DisplayWidth.of(c) < 2
            if var last = chunks.last, spaces == 0,
               glueNext || closing.contains(c) || (narrow && last.text.last.map { DisplayWidth.of($0) < 2 } == true) {
                last.text.append(c)
                chunks[chunks.count - 1] = last
            } else {
                chunks.append((String(c), spaces))
            }
            spaces = 0
            glueNext = opening.contains(c)
        }
        for (i, word) in s.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if i > 0 { spaces += 1 }
            guard !word.isEmpty else { continue }
            // A file path or a file's name is one word, whatever characters its names have: it moves down whole.
            if word.contains("/") || isFileName(word) {
                chunks.append((String(word), spaces))
                spaces = 0
                glueNext = false
                continue
            }
            if spaces > 0 { glueNext = false }
            for c in word { chunk(c) }
        }
        var lines: [String] = []
        var line = ""
        var used = 0
        for chunk in chunks {
            let w = DisplayWidth.of(chunk.text)
            let gap = used > 0 ? chunk.spaces : 0
            if used > 0, used + gap + w > width {
                lines.append(line)
                line = ""
                used = 0
            } else if gap > 0 {
                line += String(repeating: " ", count: gap)
                used += gap
            }
            // Only a chunk wider than a whole row is split, where the row ends.
            for c in chunk.text {
                let cw = DisplayWidth.of(c)
                if used + cw > width, used > 0 {
                    lines.append(line)
                    line = ""
                    used = 0
                }
                line.append(c)
                used += cw
            }
        }
        lines.append(line)
        return lines
    }
}
