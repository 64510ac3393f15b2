import ArgumentParser
import CanbaoApp
import CanbaoCounter
import CanbaoDesk
import CanbaoRules
import CanbaoStore
import Foundation

/// Options of the counter screen (`canbao` with no subcommand).
struct DeskOptions: ParsableArguments {
    @Option(name: .long, help: "本窗口所属地区政策档案（默认 $CANBAO_REGION，否则 dalate）")
    var region: String?

    @Option(name: .long, help: "本窗口所在统筹区代码（默认 $CANBAO_PLACE，否则 150621）")
    var place: String?

    @Option(name: .long, help: "窗口名称，印在告知书上（默认 $CANBAO_COUNTER）")
    var counter: String?

    @Option(name: .long, help: "空闲多少分钟后锁屏（默认 5）")
    var lockMinutes: Double = 5

    @Option(name: .long, help: "业务时区（默认 $CANBAO_TZ，否则 Asia/Shanghai）：屏幕、告知书、案件编号、时限和报表的日期")
    var tz: String?

    /// The business clock of `--tz`, else `$CANBAO_TZ`, else Asia/Shanghai: one day for the screen, the notices, the
    /// case numbers and every report. An unknown zone is bad input (exit 2).
    var clock: BusinessClock {
        get throws {
            switch BusinessClock.resolve(tz) {
            case let .success(clock): return clock
            case let .failure(error): throw InputError(error.description)
            }
        }
    }

    func counterInfo(_ forms: FormSet) throws -> CounterInfo {
        let env = ProcessInfo.processInfo.environment
        let region = region ?? env["CANBAO_REGION"] ?? "dalate"
        guard forms.profiles[region] != nil else {
            throw ValidationError("未知的地区档案“\(region)”（可用：\(forms.profiles.keys.sorted().joined(separator: ", "))）")
        }
        let place = place ?? env["CANBAO_PLACE"] ?? "150621"
        let name = counter ?? env["CANBAO_COUNTER"] ?? "\(forms.profiles[region]!.title)医保经办窗口"
        return CounterInfo(region: region, place: place, name: name)
    }
}

/// Starts the counter screen: Forms/ and the store are opened first, so a problem is a clear message on the
/// plain terminal rather than a broken screen.
enum DeskLauncher {
    static func run(global: GlobalOptions, options: DeskOptions) throws {
        let location = FormsLocation.resolve(global.forms)
        let forms = try location.loadForCommand()
        let counter = try options.counterInfo(forms)
        let clock = try options.clock
        let home = Home.resolve(global.home)
        let database = Home.database(global.database)
        let store: CounterStore
        do {
            store = try Home.open(home, database: database, options: .init(timeZone: clock.timeZone))
        } catch {
            throw InputError(database == nil ? "无法打开数据目录 \(home.path)：\(error)" : "canbao: \(error)")
        }
        let services = DeskServices(counter: Counter(store: store, forms: forms, info: counter, home: home, clock: clock),
                                    decks: { [directory = location.directory] in DeckFiles.loadAll(in: directory, forms: forms) })
        // Sandboxes a crashed practice left: after the first frame, not before (the temporary directory can be large).
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + 2) { PracticeSandbox.sweepStale() }
        let desk = Desk(env: DeskEnvironment(forms: forms, counter: counter, lockAfter: max(1, options.lockMinutes) * 60))
        do {
            try Terminal.withTerminal { terminal in
                let runtime = DeskRuntime(desk: desk, services: services, size: terminal.size, clock: clock)
                do {
                    try runtime.run(on: terminal)
                } catch TerminalError.inputClosed {
                    // The terminal went away (SSH dropped): every completed field is already saved.
                }
            }
        } catch let error as TerminalError {
            services.endPractice()
            throw InputError(error.description)
        }
        // A practice sandbox is a temporary store: never leave one behind.
        services.endPractice()
        print("已退出参保窗口")
    }
}
