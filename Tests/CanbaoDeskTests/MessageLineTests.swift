import CanbaoDesk
import CanbaoRules
import PropertyBased
import Testing

/// The message line: a message too long for its row takes the row above as well, so an error's end (its citation,
/// the key to press) is not cut at 80 columns.
@Suite("消息行")
struct MessageLineTests {
    /// Pieces of text a message is made of: Chinese, ASCII, full-width punctuation, a combining sequence, a ZWJ emoji,
    /// Mongolian (no spaces: a row's trailing spaces are not part of what it shows).
    static let pieces = ["参保", "办", "a", "7", "（", "）", "：", "e\u{301}", "👨‍👩‍👧", "ᠮᠣᠩᠭᠣᠯ", "第十二条", "X", " ",
                         "/h/notices/2026-000031-补打.txt", "15062120251201002X"]

    /// A screen whose every row holds text, with the cursor on the row above the message line.
    static func screen(cols: Int, rows: Int) -> ScreenBuffer {
        var b = ScreenBuffer(cols: cols, rows: rows)
        for row in 0..<rows { b.put(String(repeating: "屏", count: cols / 2), row: row, col: 0) }
        b.cursor = (rows - 3, 4)
        return b
    }

    @Test("随机消息与窗口宽度：两行放得下的消息一字不少，每行不超出屏幕，放不下的以 … 结尾")
    func aLongMessageIsShownWhole() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...(Self.pieces.count - 1)).array(of: 1...90),
                            Gen.int(in: 80...140)) { indices, cols in
            // A message neither starts nor ends with a space (a row's trailing spaces are not part of what it shows).
            let text = indices.map { Self.pieces[$0] }.joined().trimmed(.whitespaces)
            guard !text.isEmpty else { return }
            var b = Self.screen(cols: cols, rows: 24)
            Frame.messageLine(&b, .error(text))
            let width = DisplayWidth.of(" " + text)
            if width <= cols {
                #expect(b.line(22) == " " + text)
                #expect(b.line(21) == Self.screen(cols: cols, rows: 24).line(21), "the row above is the screen's")
                #expect(b.cursor?.row == 21)
            } else {
                #expect(b.line(21).hasPrefix(" "))
                #expect(b.line(22).hasPrefix(" "))
                let shown = b.line(21) + b.line(22).dropFirst()
                // Two rows hold 2 × cols - 1 columns of it (the second starts with a space), less what the first row
                // leaves unused to break where a reader would.
                let unused = cols - DisplayWidth.of(b.line(21))
                if width + 1 + unused <= 2 * cols {
                    #expect(shown == " " + text, "\(cols) 列")
                } else if shown != " " + text {
                    #expect(shown.hasSuffix("…"))
                    #expect((" " + text).hasPrefix(shown.dropLast()))
                }
                // The break is never inside a run of narrow characters (a path, an ID number) unless the word it is in
                // is wider than a row.
                let rest = (" " + text).dropFirst(b.line(21).count)
                if let last = b.line(21).last, let next = rest.first, DisplayWidth.of(last) == 1, DisplayWidth.of(next) == 1,
                   last != " ", next != " " {
                    let word = String(b.line(21).reversed().prefix { $0 != " " }.reversed()) + rest.prefix { $0 != " " }
                    #expect(DisplayWidth.of(word) > cols - 1, "\(cols) 列：\(word)")
                }
                // The field's insertion point would blink inside the message.
                #expect(b.cursor == nil)
            }
            for row in [21, 22] { #expect(DisplayWidth.of(b.line(row)) <= cols) }
            #expect(b.line(23) == Self.screen(cols: cols, rows: 24).line(23))
        }
    }

    /// A file path and an ID number that the first row cannot end with move to the second row whole; the rows read back
    /// as the message (the space at the break starts the second row).
    @Test func aPathOrAnIDNumberIsNeverSplitAcrossTheRows() {
        let path = "/home/clerk/.local/share/canbao/notices/2026-000031-一次性告知书-补打-2.txt"
        for text in ["已补打一次性告知书，文件 /home/clerk/.local/share/canbao/notices/2026-000031-一次性告知书-补打-2.txt",
                     "监护人证件号码校验位不符（GB 11643-1999 第 6 条）：请与申请人核对后重新录入 15062120251201002X 或按 F4 选择其他证件类型"] {
            var b = Self.screen(cols: 80, rows: 24)
            Frame.messageLine(&b, .error(text))
            #expect(b.line(21) + b.line(22).dropFirst() == " " + text)
            for row in [21, 22] { #expect(DisplayWidth.of(b.line(row)) <= 80) }
        }
        var b = Self.screen(cols: 80, rows: 24)
        Frame.messageLine(&b, .success("已补打一次性告知书，文件 \(path)"))
        #expect(b.line(21) == " 已补打一次性告知书，文件")
        #expect(b.line(22) == "  /home/clerk/.local/share/canbao/notices/2026-000031-一次性告知书-补打-2.txt")
        var id = Self.screen(cols: 80, rows: 24)
        Frame.messageLine(&id, .error("监护人证件号码校验位不符（GB 11643-1999 第 6 条）：请与申请人核对后重新录入 15062120251201002X 或按 F4 选择其他证件类型"))
        #expect(id.line(22).hasPrefix("  15062120251201002X 或按 F4"), "\(id.line(21))|\(id.line(22))")
        // Between Chinese characters the row is filled to its end: nothing is lost, no space is added.
        var cjk = Self.screen(cols: 80, rows: 24)
        let chinese = String(repeating: "参保登记", count: 12)
        Frame.messageLine(&cjk, .info(chinese))
        #expect(DisplayWidth.of(cjk.line(21)) == 79)
        #expect(cjk.line(21) + cjk.line(22).dropFirst() == " " + chinese)
    }

    @Test func noMessageLeavesTheRowAboveAndClearsItsOwn() {
        var b = Self.screen(cols: 80, rows: 24)
        Frame.messageLine(&b, nil)
        #expect(b.line(22) == "")
        #expect(b.line(21) == Self.screen(cols: 80, rows: 24).line(21))
        #expect(b.cursor?.row == 21)
    }
}
