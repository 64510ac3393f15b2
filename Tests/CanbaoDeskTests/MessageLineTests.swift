import CanbaoDesk
import PropertyBased
import Testing

/// The message line: a message too long for its row takes the row above as well, so an error's end (its citation,
/// the key to press) is not cut at 80 columns.
@Suite("消息行")
struct MessageLineTests {
    /// Pieces of text a message is made of: Chinese, ASCII, full-width punctuation, a combining sequence, a ZWJ emoji,
    /// Mongolian (no spaces: a row's trailing spaces are not part of what it shows).
    static let pieces = ["参保", "办", "a", "7", "（", "）", "：", "e\u{301}", "👨‍👩‍👧", "ᠮᠣᠩᠭᠣᠯ", "第十二条", "X"]

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
            let text = indices.map { Self.pieces[$0] }.joined()
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
                // Two rows hold 2 × cols - 1 columns of it (the second starts with a space), one fewer when a wide
                // character does not fit at the end of the first.
                if width + 2 <= 2 * cols {
                    #expect(shown == " " + text, "\(cols) 列")
                } else if shown != " " + text {
                    #expect(shown.hasSuffix("…"))
                    #expect((" " + text).hasPrefix(shown.dropLast()))
                }
                // The field's insertion point would blink inside the message.
                #expect(b.cursor == nil)
            }
            for row in [21, 22] { #expect(DisplayWidth.of(b.line(row)) <= cols) }
            #expect(b.line(23) == Self.screen(cols: cols, rows: 24).line(23))
        }
    }

    @Test func noMessageLeavesTheRowAboveAndClearsItsOwn() {
        var b = Self.screen(cols: 80, rows: 24)
        Frame.messageLine(&b, nil)
        #expect(b.line(22) == "")
        #expect(b.line(21) == Self.screen(cols: 80, rows: 24).line(21))
        #expect(b.cursor?.row == 21)
    }
}
