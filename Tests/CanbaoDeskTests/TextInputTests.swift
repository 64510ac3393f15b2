import CNcursesw
import CanbaoDesk
import CanbaoRules
import PropertyBased
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Text widgets work in characters as a reader sees them (grapheme clusters): a typed character that joins the one
/// before it (a combining accent, a Mongolian free variation selector, an emoji modifier, ZWJ, a variation
/// selector, a Hangul jamo) never puts the cursor inside a character or past the end (the counter screen used to
/// stop with SIGILL), and widths are those the terminal gives each character.
@Suite("文本输入框按字符（字素簇）编辑")
struct TextInputTests {
    /// wcwidth answers for the characters of a UTF-8 locale only (the terminal backend sets one the same way).
    init() {
        _ = setlocale(LC_ALL, "C.UTF-8")
    }

    /// The sequences of the issue, each typed one Unicode scalar (one key) at a time.
    static let joining: [(name: String, scalars: [Unicode.Scalar])] = [
        ("e + U+0301", ["e", "\u{301}"]),
        ("蒙古文 + FVS1…FVS4", ["\u{182E}", "\u{180B}", "\u{1823}", "\u{180C}", "\u{1829}", "\u{180D}", "\u{182D}", "\u{180F}"]),
        ("👍 + 🏽", ["\u{1F44D}", "\u{1F3FD}"]),
        ("王 + ZWJ", ["王", "\u{200D}", "小"]),
        ("谚文字母 ᄀ ᅡ ᆨ", ["\u{1100}", "\u{1161}", "\u{11A8}"]),
        ("汉字 + U+E0100", ["葛", "\u{E0100}"]),
        ("❤ + VS16", ["\u{2764}", "\u{FE0F}"]),
        ("国旗 🇨🇳", ["\u{1F1E8}", "\u{1F1F3}"]),
    ]

    @Test("逐键输入会与前一字符合并的字符：不崩溃，光标在字符边界", arguments: joining.map(\.name))
    func typingJoiningCharacters(_ name: String) {
        let scalars = Self.joining.first { $0.name == name }!.scalars
        var input = TextInput(maxLength: 40)
        for s in scalars {
            #expect(input.handle(.char(Character(s))) == .edited)
            Self.checkInvariants(input)
        }
        #expect(input.text.unicodeScalars.elementsEqual(scalars))
        #expect(input.cursor == input.text.count)
        // Moving and deleting whole characters.
        _ = input.handle(.left)
        Self.checkInvariants(input)
        _ = input.handle(.backspace)
        Self.checkInvariants(input)
        _ = input.handle(.end)
        while !input.text.isEmpty {
            #expect(input.handle(.backspace) == .edited)
            Self.checkInvariants(input)
        }
    }

    @Test("在两个字符之间插入连接符：光标落在合并后字符之后")
    func insertingInTheMiddleJoinsBothSides() {
        var input = TextInput("👍👍", maxLength: 10)
        _ = input.handle(.left)
        #expect(input.cursor == 1)
        // ZWJ between two pictographs makes one character of all three.
        #expect(input.handle(.char("\u{200D}")) == .edited)
        #expect(input.text.count == 1)
        #expect(input.cursor == 1)
        Self.checkInvariants(input)
        // A lone combining mark at the start, then a base letter before it: they join.
        var lone = TextInput("\u{301}", maxLength: 10)
        _ = lone.handle(.home)
        #expect(lone.handle(.char("e")) == .edited)
        #expect(lone.text == "e\u{301}" && lone.cursor == 1)
    }

    @Test("删除一个字符后相邻字符合并（两个区域指示符），光标仍在边界")
    func deletingCanJoinNeighbours() {
        var input = TextInput("\u{1F1E8}x\u{1F1F3}\u{1F1FF}", maxLength: 10)
        #expect(input.text.count == 3)
        _ = input.handle(.home)
        _ = input.handle(.right)
        _ = input.handle(.right)
        #expect(input.handle(.backspace) == .edited)  // removes x: 🇨🇳 become one flag, 🇿 stays alone
        #expect(input.text.count == 2)
        Self.checkInvariants(input)
    }

    @Test("控制字符整段拒收，长度按字符计")
    func controlsAreRefusedAndLengthIsInCharacters() {
        var input = TextInput("王", maxLength: 3)
        #expect(input.insert("\u{1B}]0;x\u{7}") == .refused("\u{1B}"))
        #expect(input.insert("a\u{202E}b") == .refused("\u{202E}"))
        #expect(input.text == "王")
        #expect(input.insert("👍🏽e\u{301}小明") == .truncated(dropped: 2))
        #expect(input.text == "王👍🏽e\u{301}" && input.cursor == 3)
        // One letter with endless combining marks is still bounded (by bytes, as SafeText bounds names).
        var zalgo = TextInput(maxLength: 2)
        _ = zalgo.insert("e" + String(repeating: "\u{301}", count: 10_000))
        #expect(zalgo.text.utf8.count <= SafeText.byteLimit(forLength: 2))
        Self.checkInvariants(zalgo)
    }

    // MARK: property-based

    /// Clusters and scalars that join, are wide, or take no column: what the random edits are made of.
    static let pieces: [String] = [
        "a", "Z", "7", " ", "王", "参", "𠀀", "é", "e\u{301}", "\u{301}", "\u{308}", "\u{20E3}",
        "\u{1820}", "\u{182E}", "\u{180B}", "\u{180C}", "\u{180D}", "\u{180F}", "\u{1823}\u{180B}",
        "\u{200D}", "\u{200C}", "\u{200B}", "\u{FE0F}", "\u{FE0E}", "\u{E0100}", "\u{E01EF}",
        "\u{1F44D}", "\u{1F3FB}", "\u{1F3FD}", "\u{1F44D}\u{1F3FD}", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
        "\u{2764}", "\u{2764}\u{FE0F}", "\u{1F1E8}", "\u{1F1F3}", "\u{1F1E8}\u{1F1F3}",
        "\u{1100}", "\u{1161}", "\u{11A8}", "\u{AC00}", "\u{D7B0}", "\u{A960}",
        "葛\u{E0100}", "\u{FF21}", "\u{3000}", "\u{0E33}",
    ]

    /// One edit, decoded from a number so the library can shrink a failing sequence.
    enum Edit: CustomStringConvertible {
        case key(Key), paste(String)

        init(_ n: Int) {
            let piece = TextInputTests.pieces[(n / 16) % TextInputTests.pieces.count]
            switch n % 16 {
            case 0: self = .key(.backspace)
            case 1: self = .key(.delete)
            case 2: self = .key(.left)
            case 3: self = .key(.right)
            case 4: self = .key(.home)
            case 5: self = .key(.end)
            case 6: self = .key(.ctrl("u"))
            case 7, 8: self = .paste(String(repeating: piece, count: 1 + n % 5))
            case 9: self = .paste(piece + TextInputTests.pieces[(n / 7) % TextInputTests.pieces.count])
            default:
                // A key press is one character; a multi-cluster piece arrives as a paste, as the terminal sends it.
                self = piece.count == 1 ? .key(.char(piece.first!)) : .paste(piece)
            }
        }

        var description: String {
            switch self {
            case let .key(k): return "key \(k)"
            case let .paste(s): return "paste \(s.unicodeScalars.map { SafeText.codePoint($0) })"
            }
        }
    }

    @Test("随机按键、粘贴与字素簇：不崩溃，光标总在字符边界，宽度与 wcwidth 一致")
    func randomEditsKeepTheInvariants() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...100_000).array(of: 0...60), Gen.int(in: 1...12), Gen.bool) { codes, max, secure in
            var input = TextInput(maxLength: max, secure: secure)
            for code in codes {
                let edit = Edit(code)
                let before = input
                let scalarsBefore = Array(before.text.unicodeScalars)
                let head = Array(before.text.prefix(before.cursor).unicodeScalars).count
                switch edit {
                case let .key(k):
                    let outcome = input.handle(k)
                    if case let .char(c) = k, outcome == .edited {
                        // What was typed sits just before the cursor, whatever it joined.
                        let expected = scalarsBefore[..<head] + Array(String(c).unicodeScalars) + scalarsBefore[head...]
                        #expect(Array(input.text.unicodeScalars) == Array(expected), "\(edit)")
                        #expect(Array(input.text.prefix(input.cursor).unicodeScalars).count >= head + String(c).unicodeScalars.count)
                    }
                    if k == .backspace, before.cursor > 0 {
                        // Exactly the character before the cursor is gone.
                        var model = Array(before.text)
                        model.remove(at: before.cursor - 1)
                        #expect(Array(input.text.unicodeScalars) == Array(String(model).unicodeScalars), "\(edit)")
                    }
                case let .paste(s):
                    if input.insert(s) == .edited {
                        let expected = scalarsBefore[..<head] + Array(s.unicodeScalars) + scalarsBefore[head...]
                        #expect(Array(input.text.unicodeScalars) == Array(expected), "\(edit)")
                    }
                }
                Self.checkInvariants(input)
            }
        }
    }

    // MARK: the counter screen

    @Test("柜台表单：逐键输入合并字符后渲染不崩溃，光标在屏内")
    func theCaseFormTakesJoiningCharacters() {
        var d = DeskDriver.newCase("newborn")
        d.keys(.tab, .char("y"), .tab, .char("n"), .tab, .tab)
        for s in Self.joining.flatMap(\.scalars) { d.key(.char(Character(s))) }
        let screen = d.screen
        let cursor = screen.cursor
        #expect(cursor != nil)
        if let cursor { #expect(cursor.row < screen.rows && cursor.col < screen.cols) }
        let name = d.form?.input.text ?? ""
        #expect(name.unicodeScalars.elementsEqual(Self.joining.flatMap(\.scalars)))
        d.key(.tab)
        #expect(d.form?.caseFile.person?.name == name)
    }

    @Test("柜台表单：控制字符与双向控制符的输入和粘贴被拒收并提示")
    func theCounterRefusesControls() {
        var d = DeskDriver.newCase("newborn")
        d.keys(.tab, .char("y"), .tab, .char("n"), .tab, .tab)
        d.type("王")
        d.key(.char("\u{202E}"))
        #expect(d.state.message == .error("不能录入控制字符 U+202E"))
        d.send(.terminal(.paste("王\u{8}\u{8}管理员")))
        #expect(d.state.message == .error("粘贴内容含有控制字符 U+0008，未录入"))
        d.send(.terminal(.paste("\u{1B}]0;title\u{7}")))
        #expect(d.state.message == .error("粘贴内容含有控制字符 U+001B，未录入"))
        #expect(d.form?.input.text == "王")
        // A paste of several lines enters its first line.
        d.send(.terminal(.paste("小禾\n第二行")))
        #expect(d.form?.input.text == "王小禾")
    }

    // MARK: invariants

    /// Columns the terminal gives a character: libc's wcwidth of its first scalar (the rest are drawn into the same
    /// cell), 0 for a non-printable one; a text-default symbol with VS16 is drawn as emoji, two columns, by the
    /// backend (which draws a two-column placeholder for it, so the row stays aligned).
    static func terminalColumns(_ c: Character) -> Int {
        let scalars = Array(c.unicodeScalars)
        let base = Int(cb_wcwidth(scalars[0].value))
        if base == 1, scalars.count == 2, scalars[1] == "\u{FE0F}" { return 2 }
        return max(0, base)
    }

    /// True when `part` is whole consecutive characters of `text`, compared scalar by scalar (Foundation's
    /// `contains` ignores zero-width spaces and would not tell).
    static func isRunOfCharacters(_ part: String, of text: String) -> Bool {
        let chars = Array(text).map { Array($0.unicodeScalars) }
        let wanted = Array(part.unicodeScalars)
        if wanted.isEmpty { return true }
        for start in chars.indices {
            var run: [Unicode.Scalar] = []
            for c in chars[start...] {
                run += c
                if run.count >= wanted.count { break }
            }
            if run == wanted { return true }
        }
        return false
    }

    static func checkInvariants(_ input: TextInput, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect((0...input.text.count).contains(input.cursor), "cursor \(input.cursor) of \(input.text.count)", sourceLocation: sourceLocation)
        #expect(input.text.count <= input.maxLength, sourceLocation: sourceLocation)
        #expect(!input.text.unicodeScalars.contains(where: SafeText.isForbidden), sourceLocation: sourceLocation)
        for c in input.text {
            #expect(DisplayWidth.of(c) == terminalColumns(c), "\(c.unicodeScalars.map { SafeText.codePoint($0) })",
                    sourceLocation: sourceLocation)
        }
        for width in [1, 2, 3, 5, 8, 20] {
            let shown = input.visible(width: width)
            #expect(DisplayWidth.of(shown.text) <= width, sourceLocation: sourceLocation)
            #expect(shown.cursorColumn >= 0 && shown.cursorColumn <= width - 1, "width \(width)", sourceLocation: sourceLocation)
            // The visible part is whole characters of the text (or bullets for a password).
            if !input.secure {
                #expect(isRunOfCharacters(shown.text, of: input.text),
                        "\(input.text.unicodeScalars.map { SafeText.codePoint($0) }) cursor \(input.cursor) width \(width): \(shown.text.unicodeScalars.map { SafeText.codePoint($0) })",
                        sourceLocation: sourceLocation)
            }
        }
    }
}
