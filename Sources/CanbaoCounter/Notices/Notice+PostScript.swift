/// The notice as a PostScript page for the printer (CUPS takes it as it is, and a PDF queue keeps the text). The
/// text is set in the standard Chinese CID font STSong-Light through the Unicode CMap UniGB-UTF16-H: a printer or
/// Ghostscript supplies the glyphs (on Debian, poppler-data maps it to an installed Chinese font), and a PDF made
/// from it keeps every character searchable and copyable. Every string is written in hexadecimal, so no name or
/// reason in a notice can end a string or run PostScript.
extension Notice {
    public var postScript: String {
        let page = (width: 595.0, height: 842.0)  // A4 in points
        let margin = 56.0
        let size = 11.0, titleSize = 16.0, leading = 17.0
        // Columns of a half-width character: a line holds what fits in the text width.
        let columns = Int((page.width - 2 * margin) / (size / 2))

        var lines: [(text: String, title: Bool)] = [(title, true), ("", false)]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2) {
            let indent = String(line.prefix { $0 == " " })
            let wrapped = Notice.wrap(String(line), columns: columns, indent: indent.count + 3)
            lines += wrapped.map { ($0, false) }
        }

        var out = [
            "%!PS-Adobe-3.0",
            "%%Title: (\(Notice.asciiOnly(caseNumber)))",
            "%%Creator: canbao",
            "%%DocumentMedia: A4 595 842 0 () ()",
            "%%EndComments",
            "/body /STSong-Light-UniGB-UTF16-H findfont \(size) scalefont def",
            "/head /STSong-Light-UniGB-UTF16-H findfont \(titleSize) scalefont def",
            "%%EndProlog",
        ]
        let perPage = Int((page.height - 2 * margin) / leading) - 1
        var pageNumber = 0
        var index = 0
        while index < lines.count || pageNumber == 0 {
            pageNumber += 1
            out.append("%%Page: \(pageNumber) \(pageNumber)")
            var y = page.height - margin
            for (text, isTitle) in lines[index..<min(lines.count, index + perPage)] {
                if !text.isEmpty {
                    let width = Double(Notice.columns(text)) * (isTitle ? titleSize : size) / 2
                    let x = isTitle ? max(margin, (page.width - width) / 2) : margin
                    out.append("\(isTitle ? "head" : "body") setfont \(Notice.format(x)) \(Notice.format(y)) moveto <\(Notice.utf16Hex(text))> show")
                }
                y -= isTitle ? leading * 1.5 : leading
            }
            index += perPage
            out.append("showpage")
        }
        out.append("%%Trailer")
        out.append("%%Pages: \(pageNumber)")
        out.append("%%EOF")
        return out.joined(separator: "\n") + "\n"
    }

    /// The case number of the notice, for the job's title.
    private var caseNumber: String {
        facts.first { $0.0 == "案件编号" }?.1 ?? ""
    }

    /// The printable ASCII of `s` (a DSC comment takes no more).
    static func asciiOnly(_ s: String) -> String {
        String(s.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0 != "(" && $0 != ")" && $0 != "\\" }.map(Character.init))
    }

    /// UTF-16BE in hexadecimal, as the UniGB-UTF16-H CMap reads it.
    static func utf16Hex(_ s: String) -> String {
        s.utf16.map { unit in
            let hex = String(unit, radix: 16, uppercase: true)
            return String(repeating: "0", count: 4 - hex.count) + hex
        }.joined()
    }

    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// Half-width columns of the text: CJK and full-width characters count two.
    static func columns(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    static func isWide(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `line` cut into pieces of at most `columns`, the pieces after the first indented by `indent` spaces.
    static func wrap(_ line: String, columns: Int, indent: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        var used = 0
        for c in line {
            let w = c.unicodeScalars.first.map { isWide($0) ? 2 : 1 } ?? 1
            if used + w > columns, !current.isEmpty {
                lines.append(current)
                current = String(repeating: " ", count: indent)
                used = indent
            }
            current.append(c)
            used += w
        }
        lines.append(current)
        return lines
    }
}
