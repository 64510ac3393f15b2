import ArgumentParser
import CanbaoApp
import CanbaoCounter
import CanbaoDesk
import CanbaoRules
import CanbaoStore
import Foundation

extension CanbaoBench {
    /// `canbao-bench desk`: start-up to the first painted screen, and keystroke to repainted screen on a case form
    /// with a city-sized store. Prints figures and whether each target is met; not a test.
    struct DeskBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "desk",
            abstract: "测启动到首屏绘制的时间，以及大库上案件表单按键到重绘的时间")

        @Option(help: "人员数") var persons: Int = 1_000_000
        @Option(help: "参保记录数") var records: Int = 2_000_000
        @Option(help: "计时的启动次数") var startups: Int = 20
        @Option(help: "计时的案件数（每件约 60 次按键）") var cases: Int = 30
        @Option(help: "放数据库的目录（默认新建临时目录，结束后删除）") var dir: String?
        @Flag(help: "保留数据库") var keep = false
        @Flag(help: "只测启动到首屏（与 dialog 对比），用 --dir 中已有的库（如 --keep 留下的，或 roster --keep 的），不填充、不测按键")
        var startupOnly = false
        @Option(help: "产品可执行文件（默认：本程序旁的 canbao）") var canbao: String?

        static let startupTargetMs = 15.0
        static let dialogRatioTarget = 5.0
        static let keystrokeTargetMs = 2.0

        func run() throws {
            if startupOnly {
                guard let dir, FileManager.default.fileExists(atPath: URL(fileURLWithPath: dir).appendingPathComponent(CounterStore.fileName).path) else {
                    throw ValidationError("--startup-only 需要 --dir 指向已有参保库的目录")
                }
                let home = URL(fileURLWithPath: dir)
                let persons = try CounterStore.open(home: home).counts().persons
                try measureStartup(home, persons: persons)
                return
            }
            try AdminCLI.run {
                let home = try ScaleBench.home(dir, keep: keep)
                defer { if !keep { try? FileManager.default.removeItem(at: home) } }
                let store = try CounterStore.open(home: home, options: .init(passwordIterations: 100_000))
                try StoreBench.fill(store, persons: persons, records: records)
                _ = try store.addOperator(name: "bench", displayName: "测试柜员", role: .clerk, password: "bench2026",
                                          by: Home.commandLineActor)
                try measureStartup(home, persons: persons)
                try measureKeystrokes(store, home: home)
            }
        }

        // MARK: start-up

        /// Each run is the product, `canbao --home DIR`, a new process on a pseudo-terminal of its own, so exec,
        /// loading, the Swift runtime, Forms/, the store's opening and ncurses' set-up count. First paint is when the
        /// last row of its first screen (the login's key hints, ending in 退出) reaches the terminal; Ctrl-C then
        /// leaves it, and the whole process (restoring the terminal, closing the store) is printed too. `dialog
        /// --infobox` is timed the same way (its box's text) when it is installed, each run right after one of
        /// canbao's, so both see the machine alike.
        func measureStartup(_ home: URL, persons: Int) throws {
            let product = canbao ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                .deletingLastPathComponent().appendingPathComponent("canbao").path
            guard FileManager.default.isExecutableFile(atPath: product) else {
                throw ValidationError("找不到产品可执行文件 \(product)（用 --canbao 指定）")
            }
            let environment = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "CANBAO_FORMS": FormsLocation.resolve(nil).directory.path]
            let start = [product, "--home", home.path, "--region", "dalate", "--place", "150621"]
            let dialogCommand = ["dialog", "--infobox", "参保 首屏", "3", "20"]
            let withDialog = Spawn.onPath("dialog")
            // Once untimed: the compiled Forms/ is written by the first start after a build.
            _ = try Spawn.paint(start, environment: environment, marker: Self.firstScreenMarker, answer: "\u{3}")
            var times: [(painted: Double, exited: Double)] = [], dialog: [(painted: Double, exited: Double)] = []
            for _ in 0..<startups {
                times.append(try Spawn.paint(start, environment: environment, marker: Self.firstScreenMarker, answer: "\u{3}"))
                if withDialog { dialog.append(try Spawn.paint(dialogCommand, environment: environment, marker: "首屏")) }
            }
            let median = Self.percentile(times.map(\.painted), 0.5)
            print(String(format: "启动到首屏绘制（新进程、伪终端，%d 人的库，%d 次）：中位数 %.1f ms，p90 %.1f ms，目标 ≤ %.0f ms：%@；"
                         + "整个进程（含恢复终端、关闭参保库）中位数 %.1f ms",
                         persons, startups, median, Self.percentile(times.map(\.painted), 0.9), Self.startupTargetMs,
                         median <= Self.startupTargetMs ? "达标" : "未达标", Self.percentile(times.map(\.exited), 0.5)))
            guard withDialog else {
                print("dialog 未安装：不比较 dialog --infobox")
                return
            }
            let dialogMedian = Self.percentile(dialog.map(\.painted), 0.5)
            print(String(format: "同一时段 dialog --infobox（%d 次，与 canbao 交替）：首屏中位数 %.1f ms（整个进程 %.1f ms）；canbao 为其 %.1f 倍，目标 ≤ %.0f 倍：%@",
                         startups, dialogMedian, Self.percentile(dialog.map(\.exited), 0.5), median / dialogMedian,
                         Self.dialogRatioTarget, median <= Self.dialogRatioTarget * dialogMedian ? "达标" : "未达标"))
        }

        /// The end of the login's last row (its key hints), the last text of the first screen.
        static let firstScreenMarker = "退出"

        // MARK: keystrokes

        /// A clerk serving newborn cases with persons from the big store: typing, choosing, moving between fields
        /// (each completed field saves the draft; the ID number looks the person up). Timed per key: update, the
        /// effects it asks for, render and draw.
        func measureKeystrokes(_ store: CounterStore, home: URL) throws {
            let forms = try FormsLocation.resolve(nil).load()
            let counter = CounterInfo(region: "dalate", place: "150621", name: "性能测试窗口")
            let services = DeskServices(counter: Counter(store: store, forms: forms, info: counter, home: home))
            let desk = Desk(env: DeskEnvironment(forms: forms, counter: counter))
            // Drawn as the ncurses terminal does (diffing against the last frame), without a real terminal: the
            // typing is scripted.
            let terminal = HeadlessTerminal(cols: 80, rows: 24)
            let runtime = DeskRuntime(desk: desk, services: services, size: terminal.size, clock: store.clock)
            runtime.settle()
            runtime.dispatch(.terminal(.paste("bench")))
            runtime.dispatch(.terminal(.key(.tab)))
            runtime.dispatch(.terminal(.paste("bench2026")))
            runtime.dispatch(.terminal(.key(.enter)))
            runtime.settle()
            guard services.session != nil else { throw ValidationError("测试柜员登录失败") }

            var typing: [Double] = [], completing: [Double] = []
            var random = SplitMix(seed: 7)
            for _ in 0..<cases {
                for key in [Key.char("1"), .char("1")] {
                    runtime.dispatch(.terminal(.key(key)))
                    runtime.settle()
                }
                let index = random.int(0...(persons - 1))
                let person = StoreBench.person(index)
                var script: [Key] = [.tab, .char("y"), .tab, .char("n"), .tab, .tab]
                script += person.name.map(Key.char) + [.tab]
                script += person.document.number.map(Key.char) + [.tab]
                script += person.birthDate!.description.map(Key.char) + [.tab, .char("1"), .tab]
                script += "李梅".map(Key.char) + [.tab] + "150602198003150034".map(Key.char) + [.tab, .tab]
                script += [.function(5), .function(6), .down, .up, .escape]
                // As the loop does: results that have arrived are dispatched, the key is handled (its effects go to the
                // worker: draft saves and lookups no longer hold the key up), the screen is drawn.
                for key in script {
                    let start = DispatchTime.now().uptimeNanoseconds
                    runtime.deliver()
                    runtime.dispatch(.terminal(.key(key)))
                    terminal.draw(desk.render(runtime.state))
                    let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                    if case .char = key { typing.append(ms) } else { completing.append(ms) }
                }
                runtime.settle()
            }
            let all = typing + completing
            let p99 = Self.percentile(all, 0.99)
            print(String(format: "按键到重绘（%d 人的库，%d 次按键）：中位数 %.3f ms，p99 %.2f ms，最长 %.2f ms，目标 p99 ≤ %.0f ms：%@",
                         persons, all.count, Self.percentile(all, 0.5), p99, all.max() ?? 0, Self.keystrokeTargetMs,
                         p99 <= Self.keystrokeTargetMs ? "达标" : "未达标"))
            print(String(format: "  其中录入字符 %d 次：中位数 %.3f ms；换项/功能键 %d 次（含保存草稿、查询平台记录）：中位数 %.2f ms，p99 %.2f ms",
                         typing.count, Self.percentile(typing, 0.5), completing.count, Self.percentile(completing, 0.5),
                         Self.percentile(completing, 0.99)))
        }

        static func percentile(_ values: [Double], _ p: Double) -> Double {
            guard !values.isEmpty else { return 0 }
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
        }
    }
}

/// A terminal that keeps the last frame and counts what would be redrawn, like ncurses' own diff.
final class HeadlessTerminal: TerminalDevice {
    let size: (cols: Int, rows: Int)
    private var previous: ScreenBuffer?
    private(set) var cellsDrawn = 0

    init(cols: Int, rows: Int) { size = (cols, rows) }

    func nextEvent(timeout milliseconds: Int) throws -> TerminalEvent? { nil }

    func draw(_ buffer: ScreenBuffer) {
        defer { previous = buffer }
        guard let previous, previous.cols == buffer.cols, previous.rows == buffer.rows else {
            cellsDrawn += buffer.cols * buffer.rows
            return
        }
        for row in 0..<buffer.rows {
            for col in 0..<buffer.cols where buffer[row, col] != previous[row, col] { cellsDrawn += 1 }
        }
    }
}
