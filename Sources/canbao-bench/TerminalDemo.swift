import ArgumentParser
import CanbaoApp
import CanbaoDesk
import Foundation

/// `canbao-bench terminal-demo`: a small screen that exercises the terminal backend for the end-to-end tests
/// and for checking a counter's terminal by hand: wide characters, clipping, key names, paste, resize, colours.
struct TerminalDemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal-demo",
        abstract: "终端测试画面（宽字符、按键、粘贴、窗口大小）")

    @Flag(name: .customLong("fatal-on-f9"), help: .hidden)
    var fatalOnF9 = false

    func run() throws {
        let terminal: Terminal
        do {
            terminal = try Terminal.open()
        } catch {
            FileHandle.standardError.write(Data("canbao: \(error)\n".utf8))
            throw ExitCode.failure
        }
        var state = TerminalDemo(size: terminal.size, monochrome: terminal.isMonochrome)
        defer {
            terminal.close()
            print("已退出")
        }
        while !state.quit {
            terminal.draw(state.render())
            let event: TerminalEvent?
            do {
                event = try terminal.nextEvent(timeout: 1_000)
            } catch {
                return
            }
            if fatalOnF9, event == .key(.function(9)) {
                // For the test that a crash still restores the terminal.
                fatalError("terminal-demo: F9 with --fatal-on-f9")
            }
            if let event { state.update(event) }
        }
    }
}

/// The demo's state, update and view, in the desk's style.
struct TerminalDemo {
    static let minimum = (cols: 80, rows: 24)

    var size: (cols: Int, rows: Int)
    var monochrome: Bool
    var lastKey = "（无）"
    var events = 0
    var text = ""
    var quit = false

    mutating func update(_ event: TerminalEvent) {
        events += 1
        switch event {
        case .resized(let cols, let rows):
            size = (cols, rows)
        case .paste(let pasted, let dropped):
            lastKey = "粘贴 \(pasted.count) 字符"
            if dropped > 0 { lastKey += "，未读入 \(dropped) 个" }
            let lines = pasted.split(whereSeparator: \.isNewline).count
            if pasted.contains(where: \.isNewline) { lastKey += "，\(lines) 行" }
            let controls = pasted.unicodeScalars.filter { $0.value < 0x20 && $0 != "\n" || (0x7F..<0xA0).contains($0.value) }
            if !controls.isEmpty { lastKey += "，含控制字符 \(controls.count) 个" }
            // The demo's field shows what can be shown: never a control character sent to the terminal.
            text += String(String.UnicodeScalarView(pasted.unicodeScalars.filter { $0.value >= 0x20 && !(0x7F..<0xA0).contains($0.value) }))
        case .key(let key):
            lastKey = Self.name(of: key)
            switch key {
            case .function(10), .escape, .ctrl("c"): quit = true
            case .char(let c): text.append(c)
            case .backspace: if !text.isEmpty { text.removeLast() }
            default: break
            }
        }
    }

    static func name(of key: Key) -> String {
        switch key {
        case .char(let c): return "字符 \(c)"
        case .enter: return "回车"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "退格"
        case .delete: return "删除"
        case .escape: return "Esc"
        case .up: return "上"
        case .down: return "下"
        case .left: return "左"
        case .right: return "右"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .function(let n): return "F\(n)"
        case .ctrl(let c): return "Ctrl-\(c.uppercased())"
        }
    }

    func render() -> ScreenBuffer {
        var screen = ScreenBuffer(cols: size.cols, rows: size.rows)
        guard size.cols >= Self.minimum.cols, size.rows >= Self.minimum.rows else {
            screen.put("终端窗口过小：当前 \(size.cols)x\(size.rows)，至少需要 \(Self.minimum.cols)x\(Self.minimum.rows)",
                       row: 0, col: 0, style: .error)
            screen.put("按 F10 或 Esc 退出", row: 1, col: 0)
            return screen
        }
        screen.fill(row: 0, style: .title)
        screen.put("参保 终端测试 · 中文宽字符", row: 0, col: 1, style: .title)
        screen.put("宽窄混排：ABC参保登记abc，全角ＡＢＣ１２３，新生儿参保登记、学生参保、退役军人参保、外籍人员参保、灵活就业人员参保",
                   row: 2, col: 0)
        screen.put("尺寸：\(size.cols)x\(size.rows)", row: 4, col: 0)
        screen.put("按键：\(lastKey)", row: 5, col: 0)
        screen.put("事件：\(events)", row: 6, col: 0)
        screen.put("颜色：\(monochrome ? "单色" : "彩色")", row: 7, col: 0)

        var col = screen.put("样式：", row: 9, col: 0, style: .label)
        let samples: [(String, CellStyle)] = [
            ("普通", .normal), ("标题", .title), ("标签", .label), ("输入", .input), ("焦点", .focused),
            ("选中", .selected), ("暗淡", .dim), ("错误", .error), ("警告", .warning), ("通过", .ok),
            ("键栏", .keyBar), ("键名", .keyName), ("练习", .practice),
        ]
        for (name, style) in samples { col = screen.put(name, row: 9, col: col, style: style) + 1 }

        let fieldCol = screen.put("输入：", row: 11, col: 0, style: .label)
        let fieldWidth = 40
        screen.fill(row: 11, col: fieldCol, width: fieldWidth, style: .focused)
        let shown = Self.tail(of: text, fitting: fieldWidth - 1)
        let end = screen.put(shown, row: 11, col: fieldCol, style: .focused)
        screen.cursor = (row: 11, col: end)
        screen.put("共 \(text.count) 字符", row: 11, col: fieldCol + fieldWidth + 1, style: .dim)

        let bar = size.rows - 1
        screen.fill(row: bar, style: .keyBar)
        col = 0
        for (key, action) in [("F10", "退出"), ("Esc", "退出"), ("Ctrl-C", "退出"), ("其他键", "显示键名")] {
            col = screen.put(key, row: bar, col: col, style: .keyName)
            col = screen.put(" " + action, row: bar, col: col, style: .keyBar) + 2
        }
        return screen
    }

    /// The end of `s` that fits in `width` columns (what a field shows while typing).
    static func tail(of s: String, fitting width: Int) -> String {
        var out: [Character] = []
        var used = 0
        for c in s.reversed() {
            let w = DisplayWidth.of(c)
            if used + w > width { break }
            out.append(c)
            used += w
        }
        return String(out.reversed())
    }
}
