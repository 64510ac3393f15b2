import CanbaoDesk
import CanbaoTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The ncursesw backend, through `canbao-bench terminal-demo` in a real terminal (tmux): what a clerk would see.
/// Rows of the demo: 0 title, 2 mixed-width line, 4 size, 5 last key, 6 event count, 7 colour mode, 9 style
/// samples, 11 input field, last row the key bar.
@Suite("终端后端（tmux 中的 canbao-bench terminal-demo）", .serialized)
struct TerminalBackendTests {
    static let demo = ["terminal-demo"]

    /// Whether the built binary has the demo: without it every test would wait out its timeout.
    static let demoAvailable: Result<Void, TmuxError> = {
        let help = try? CanbaoBinary.run(["terminal-demo", "--help"], executable: CanbaoBinary.benchURL)
        guard let help, help.status == 0, help.stdout.contains("terminal-demo") else {
            return .failure(TmuxError(description: "canbao-bench terminal-demo 不可用（CanbaoBench.subcommands 中没有 TerminalDemoCommand？）："
                + (help?.stderr ?? "无法运行 \(CanbaoBinary.benchURL.path)")))
        }
        return .success(())
    }()

    init() throws {
        try Self.demoAvailable.get()
    }

    /// Waits for a whole frame: ncurses writes top to bottom, so the key bar on the last row comes last.
    @discardableResult
    static func waitForFrame(_ tmux: Tmux, rows: Int = 24, where condition: @escaping (Tmux.Screen) -> Bool = { _ in true },
                             _ what: String = "完整画面") throws -> Tmux.Screen {
        try tmux.waitUntil(what) { $0.line(rows - 1).hasPrefix("F10 退出") && condition($0) }
    }

    @Test("80x24：中文标题、宽字符对齐、右边缘截断、键栏在最后一行")
    func chineseScreenAt80x24() throws {
        let tmux = try Tmux(Self.demo, executable: CanbaoBinary.benchURL)
        defer { tmux.kill() }
        let screen = try Self.waitForFrame(tmux)

        #expect(screen.lines.count == 24)
        #expect(screen.line(0) == " 参保 终端测试 · 中文宽字符")
        #expect(Tmux.column(of: "终端测试", in: screen.line(0)) == 6)
        // The mixed-width line is cut with "…" at the right edge; a wide character never straddles it.
        let mixed = screen.line(2)
        #expect(mixed.hasPrefix("宽窄混排：ABC参保登记abc，全角ＡＢＣ１２３，"))
        #expect(mixed.hasSuffix("…"))
        #expect((79...80).contains(Tmux.columns(mixed)), "\(Tmux.columns(mixed)) 列：\(mixed)")
        #expect(screen.line(4) == "尺寸：80x24")
        #expect(screen.line(7) == "颜色：彩色")
        // Columns after wide characters: the field starts after "输入：" (6 columns), the count after 40 more.
        #expect(Tmux.column(of: "共 0 字符", in: screen.line(11)) == 6 + 40 + 1)
        #expect(screen.line(23).hasPrefix("F10 退出  Esc 退出  Ctrl-C 退出"))
        #expect(try tmux.value("#{alternate_on}") == "1")
    }

    @Test("按键名称：功能键、方向键、编辑键、Ctrl、字面中文字符、退格")
    func keysAreNamed() throws {
        let tmux = try Tmux(Self.demo, executable: CanbaoBinary.benchURL)
        defer { tmux.kill() }
        try Self.waitForFrame(tmux)

        let keys: [(tmux: String, name: String)] = [
            ("F2", "F2"), ("F1", "F1"), ("F5", "F5"), ("F12", "F12"),
            ("Up", "上"), ("Down", "下"), ("Left", "左"), ("Right", "右"),
            ("Home", "Home"), ("End", "End"), ("PPage", "PgUp"), ("NPage", "PgDn"), ("DC", "删除"),
            ("Enter", "回车"), ("Tab", "Tab"), ("BTab", "Shift-Tab"), ("C-a", "Ctrl-A"), ("C-x", "Ctrl-X"),
        ]
        var events = 0
        for key in keys {
            try tmux.sendKeys(key.tmux)
            events += 1
            // One event per key: the name and the count change together.
            try Self.waitForFrame(tmux, where: { $0.line(5) == "按键：\(key.name)" && $0.line(6) == "事件：\(events)" },
                                  "\(key.tmux) → 按键：\(key.name)")
        }

        try tmux.type("参")
        var screen = try Self.waitForFrame(tmux, where: { $0.line(11).contains("共 1 字符") })
        #expect(screen.line(5) == "按键：字符 参")
        #expect(screen.line(6) == "事件：\(events + 1)")
        #expect(screen.line(11).hasPrefix("输入：参"))
        #expect(screen.line(11).hasSuffix("共 1 字符"))

        try tmux.sendKeys("BSpace")
        screen = try Self.waitForFrame(tmux, where: { $0.line(11).contains("共 0 字符") })
        #expect(screen.line(5) == "按键：退格")
        #expect(screen.line(11).hasSuffix("共 0 字符"))
        #expect(!screen.line(11).contains("参"))
    }

    @Test("Esc 不等 1 秒：500 毫秒内响应并退出")
    func escapeRespondsAtOnce() throws {
        let tmux = try Tmux(Self.demo, executable: CanbaoBinary.benchURL)
        defer { tmux.kill() }
        try Self.waitForFrame(tmux)

        let clock = ContinuousClock()
        let start = clock.now
        try tmux.sendKeys("Escape")
        try tmux.waitFor("已退出", timeout: .seconds(5), interval: .milliseconds(10))
        let elapsed = clock.now - start
        #expect(elapsed < .milliseconds(500), "Esc 用了 \(elapsed)")
    }

    @Test("粘贴 5000 字符：一个粘贴事件（保留前 4096 个），界面仍然响应")
    func pasteArrivesAsOneEvent() throws {
        let tmux = try Tmux(Self.demo, executable: CanbaoBinary.benchURL)
        defer { tmux.kill() }
        try Self.waitForFrame(tmux)

        let pasted = String(repeating: "参保登记", count: 250) + String(repeating: "abcdefghij", count: 400)
        #expect(pasted.count == 5_000)
        try tmux.type(pasted)
        var screen = try Self.waitForFrame(tmux, where: { $0.line(11).contains("共 4096 字符") })
        // The 904 left out are counted (the desk says how much of the whole paste was not entered).
        #expect(screen.line(5) == "按键：粘贴 4096 字符，未读入 904 个")
        #expect(screen.line(6) == "事件：1")
        #expect(screen.line(11).hasSuffix("共 4096 字符"))

        try tmux.sendKeys("F2")
        screen = try tmux.waitUntil("F2 之后", timeout: .seconds(2)) { $0.line(6) == "事件：2" }
        #expect(screen.line(5) == "按键：F2")

        // Only the first line is entered: what is dropped after a line break is not counted.
        try tmux.type(String(repeating: "x", count: 4_100) + "\n" + String(repeating: "y", count: 300))
        screen = try Self.waitForFrame(tmux, where: { $0.line(6) == "事件：3" })
        #expect(screen.line(5) == "按键：粘贴 4096 字符，未读入 4 个")
    }

    /// ESC amid pasted text ended the paste and was decoded as a key sequence (`C\e[2JD` entered "CD" without a word),
    /// and each line break of a pasted block acted as Enter, moving through the fields.
    @Test("粘贴含控制字符或多行：一个粘贴事件，其中的控制字符和换行不当作按键；扫码枪号码后的回车仍是按键")
    func pasteWithControlsOrLinesIsOneEvent() throws {
        let tmux = try Tmux(Self.demo, executable: CanbaoBinary.benchURL)
        defer { tmux.kill() }
        try Self.waitForFrame(tmux)

        try tmux.type("C\u{1B}[2JD")
        var screen = try Self.waitForFrame(tmux, where: { $0.line(6) == "事件：1" })
        #expect(screen.line(5) == "按键：粘贴 6 字符，含控制字符 1 个")

        try tmux.type("王\n李\n")
        screen = try Self.waitForFrame(tmux, where: { $0.line(6) == "事件：2" })
        #expect(screen.line(5) == "按键：粘贴 3 字符，2 行")  // its last line break is part of it, not an Enter

        try tmux.type("150621\n")
        screen = try Self.waitForFrame(tmux, where: { $0.line(6) == "事件：4" })
        #expect(screen.line(5) == "按键：回车")
        #expect(screen.line(11).contains("C[2JD王李150621"), "\(screen)")  // the demo drops only the ESC
    }

    @Test("改变窗口大小：60x20 提示过小，100x30 重绘正常画面")
    func resizeRedraws() throws {
        let tmux = try Tmux(Self.demo, executable: CanbaoBinary.benchURL)
        defer { tmux.kill() }
        try Self.waitForFrame(tmux, where: { $0.line(4) == "尺寸：80x24" })

        try tmux.resize(cols: 60, rows: 20)
        var screen = try tmux.waitUntil("过小提示") { $0.line(1) == "按 F10 或 Esc 退出" }
        #expect(screen.line(0) == "终端窗口过小：当前 60x20，至少需要 80x24")
        #expect(screen.lines.count == 20)
        #expect(!screen.contains("参保 终端测试"))

        try tmux.resize(cols: 100, rows: 30)
        screen = try Self.waitForFrame(tmux, rows: 30, where: { $0.line(4) == "尺寸：100x30" })
        #expect(screen.lines.count == 30)
        #expect(!screen.contains("终端窗口过小"))
        #expect(screen.line(0) == " 参保 终端测试 · 中文宽字符")
        let mixed = screen.line(2)
        #expect(mixed.hasSuffix("…"))
        #expect((99...100).contains(Tmux.columns(mixed)), "\(Tmux.columns(mixed)) 列：\(mixed)")
        #expect(screen.line(29).hasPrefix("F10 退出"))
        let leftovers = screen.lines[12..<29].filter { !$0.isEmpty }
        #expect(leftovers.isEmpty, "旧画面的残留：\n\(screen)")
    }

    @Test("F10 退出：离开备用屏幕，打印「已退出」，退出码 0")
    func f10QuitsAndRestores() throws {
        let tmux = try Tmux(command: Tmux.shell("{canbao-bench} terminal-demo; echo 退出码=$?"))
        defer { tmux.kill() }
        try Self.waitForFrame(tmux)

        try tmux.sendKeys("F10")
        let screen = try tmux.waitFor("退出码=0")
        #expect(screen.contains("已退出\n退出码=0"), "\(screen)")
        #expect(!screen.contains("参保 终端测试"))
        #expect(try tmux.value("#{alternate_on}") == "0")
    }

    @Test("Ctrl-C 是按键：应用自己退出并恢复终端")
    func ctrlCQuits() throws {
        let tmux = try Tmux(Self.demo, executable: CanbaoBinary.benchURL)
        defer { tmux.kill() }
        try Self.waitForFrame(tmux)

        try tmux.sendKeys("C-c")
        try tmux.waitFor("已退出")
        #expect(try tmux.value("#{alternate_on}") == "0")
    }

    @Test("NO_COLOR=1：无颜色，每种样式的属性互不相同，焦点与选中为反显")
    func noColorStaysDistinguishable() throws {
        let tmux = try Tmux(Self.demo, environment: ["NO_COLOR": "1"], executable: CanbaoBinary.benchURL)
        defer { tmux.kill() }
        let screen = try Self.waitForFrame(tmux)
        #expect(screen.line(7) == "颜色：单色")
        #expect(screen.line(0) == " 参保 终端测试 · 中文宽字符")

        let runs = try (0..<24).flatMap { StyledRun.parse(try tmux.captureStyled(row: $0)) }
        let coloured = runs.filter { $0.hasColour }
        #expect(coloured.isEmpty, "NO_COLOR 下出现了颜色：\(coloured)")

        let samples = StyledRun.parse(try tmux.captureStyled(row: 9))
        func attributes(of name: String) -> Set<Int>? { samples.first { $0.text.contains(name) }?.attributes }
        let names = ["普通", "标题", "标签", "输入", "焦点", "选中", "暗淡", "错误", "警告", "通过", "键栏", "键名", "练习"]
        let sets = names.map(attributes(of:))
        #expect(!sets.contains(nil), "\(samples)")
        #expect(Set(sets.compactMap { $0 }).count == names.count, "样式无法区分：\(zip(names, sets).map { "\($0)=\($1 ?? [])" })")
        #expect(attributes(of: "焦点")?.contains(7) == true)
        #expect(attributes(of: "选中")?.contains(7) == true)
        // The input field, drawn in the focused style, is visible as reverse video.
        #expect(StyledRun.parse(try tmux.captureStyled(row: 11)).contains { $0.attributes.contains(7) })
    }

    @Test("有颜色时使用颜色")
    func coloursWhenAllowed() throws {
        let tmux = try Tmux(Self.demo, executable: CanbaoBinary.benchURL)
        defer { tmux.kill() }
        let screen = try Self.waitForFrame(tmux)
        #expect(screen.line(7) == "颜色：彩色")
        let coloured = StyledRun.parse(try tmux.captureStyled(row: 9)).filter { $0.hasColour }
        #expect(!coloured.isEmpty)
    }

    @Test("信号终止（SIGTERM、SIGHUP、SIGINT、SIGSEGV）后终端恢复：shell 继续运行，echo 与 icanon 恢复",
          arguments: [SIGTERM, SIGHUP, SIGINT, SIGSEGV])
    func signalRestoresTheShell(signal: Int32) throws {
        let script = "{canbao-bench} terminal-demo; stty -a | tr ' ' '\\n' | grep -x -e echo -e icanon | sort | tr '\\n' ' '; echo; echo 终端已恢复"
        // Crash signals go on to Swift's crash reporter once the terminal is restored: not interactively here.
        let tmux = try Tmux(command: Tmux.shell(script, environment: ["SWIFT_BACKTRACE": "interactive=no"]))
        defer { tmux.kill() }
        try Self.waitForFrame(tmux)

        let pid = try tmux.programPID(named: "canbao-bench")
        #expect(Glibc.kill(pid, signal) == 0)
        let screen = try tmux.waitFor("终端已恢复")
        #expect(screen.contains("echo icanon"), "stty 未恢复：\n\(screen)")
        #expect(!screen.contains("参保 终端测试"))
        #expect(try tmux.value("#{alternate_on}") == "0")
    }

    @Test("致命错误（fatalError → SIGILL）后终端恢复，进程以信号结束")
    func fatalErrorRestoresTheShell() throws {
        let script = "{canbao-bench} terminal-demo --fatal-on-f9; echo 退出码=$?; stty -a | tr ' ' '\\n' | grep -x -e echo -e icanon | sort | tr '\\n' ' '; echo; echo 终端已恢复"
        // Without Swift's interactive crash reporter, which would wait for a key on the terminal.
        let tmux = try Tmux(command: Tmux.shell(script, environment: ["SWIFT_BACKTRACE": "enable=no"]))
        defer { tmux.kill() }
        try Self.waitForFrame(tmux)

        try tmux.sendKeys("F9")
        let screen = try tmux.waitFor("终端已恢复")
        #expect(screen.contains("退出码=132"), "\(screen)")  // 128 + SIGILL
        #expect(screen.contains("echo icanon"), "stty 未恢复：\n\(screen)")
        #expect(try tmux.value("#{alternate_on}") == "0")
    }

    @Test("SIGHUP 被忽略时（nohup）连接断开：输入关闭，程序正常结束而不是空转")
    func hangUpWithIgnoredSIGHUPEndsTheProgram() throws {
        let directory = try CanbaoBinary.temporaryDirectory("canbao-hangup")
        defer { try? FileManager.default.removeItem(at: directory) }
        let status = directory.appendingPathComponent("status")
        let script = "trap '' HUP; {canbao-bench} terminal-demo; echo $? > \(Tmux.quote(status.path))"
        let tmux = try Tmux(command: Tmux.shell(script))
        defer { tmux.kill() }
        try Self.waitForFrame(tmux)

        tmux.kill()  // the terminal goes away, as when an SSH connection drops
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        var written: String?
        while clock.now < deadline {
            written = try? String(contentsOf: status, encoding: .utf8)
            if written?.isEmpty == false { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(written?.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "终端断开 5 秒后程序仍未结束")
    }

    @Test("不是终端时拒绝启动，给出中文说明，不输出控制序列")
    func refusesWithoutATerminal() throws {
        let result = try CanbaoBinary.run(Self.demo, environment: ["TERM": "xterm-256color"], stdin: "",
                                          executable: CanbaoBinary.benchURL)
        #expect(result.status == 1)
        #expect(result.stderr.contains("不是终端"), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout.debugDescription)")
    }

    @Test("未知的 TERM：说明原因并以退出码 1 结束，而不是被 ncurses 终止")
    func refusesAnUnknownTerminalType() throws {
        let tmux = try Tmux(command: Tmux.shell("{canbao-bench} terminal-demo; echo 退出码=$?",
                                                environment: ["TERM": "vt-canbao-unknown"]))
        defer { tmux.kill() }
        let screen = try tmux.waitFor("退出码=")
        #expect(screen.contains("canbao: 未知的终端类型 TERM=vt-canbao-unknown"), "\(screen)")
        #expect(screen.contains("退出码=1"))
    }

    @Test("未设置 TERM：说明原因并以退出码 1 结束")
    func refusesWithoutTerm() throws {
        let tmux = try Tmux(command: Tmux.shell("{canbao-bench} terminal-demo; echo 退出码=$?", unset: ["TERM"]))
        defer { tmux.kill() }
        let screen = try tmux.waitFor("退出码=")
        #expect(screen.contains("canbao: 未设置 TERM 环境变量"), "\(screen)")
        #expect(screen.contains("退出码=1"))
    }
}
