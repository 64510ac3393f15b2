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

    @Option(name: .long, help: "空闲多少分钟后锁屏（1 至 480，默认 5）")
    var lockMinutes: Double = DeskSettings.defaultLockMinutes

    @Option(name: .long, help: "业务时区（默认 $CANBAO_TZ，否则 Asia/Shanghai）：屏幕、告知书、案件编号、时限和报表的日期")
    var tz: String?

    @Option(name: .long, help: "打印告知书的 CUPS 打印机（lp -d 的队列名；默认 $CANBAO_PRINTER；未设置时告知书只保存为文件）")
    var printer: String?

    var settings: DeskSettings {
        DeskSettings(region: region, place: place, counter: counter, lockMinutes: lockMinutes, tz: tz, printer: printer)
    }

    /// See `DeskSettings.clock` (the commands that take `--tz` for their dates).
    var clock: BusinessClock {
        get throws { try settings.clock }
    }
}

/// The counter screen's options as plain values, however the line was read (ArgumentParser, or `QuickLine`).
struct DeskSettings: Equatable, Sendable {
    var region: String?
    var place: String?
    var counter: String?
    var lockMinutes: Double
    var tz: String?
    var printer: String?

    static let defaultLockMinutes: Double = 5

    /// The options' names, as `QuickLine` takes them.
    static let quickNames: Set<String> = ["region", "place", "counter", "lock-minutes", "tz", "printer"]

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

    /// Idle minutes before the screen locks: 1 to 480. Below a minute was raised to one without a word, and
    /// `inf` or `nan` would never lock an unattended counter.
    static let lockMinutesRange: ClosedRange<Double> = 1...480

    func checkLockMinutes() throws {
        guard lockMinutes.isFinite, Self.lockMinutesRange.contains(lockMinutes) else {
            throw InputError("--lock-minutes 应为 1 至 480 之间的分钟数，实际为“\(lockMinutes)”")
        }
    }

    /// The CUPS queue, from the option or `$CANBAO_PRINTER`; checked to be a plain queue name.
    func printerQueue() throws -> String? {
        guard let queue = printer ?? ProcessInfo.processInfo.environment["CANBAO_PRINTER"], !queue.isEmpty else { return nil }
        // CUPS queue names: printable characters other than space, tab, / and #, at most 127 bytes.
        guard queue.utf8.count <= 127, !queue.hasPrefix("-"),
              queue.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && !"/#\\'\"".unicodeScalars.contains($0) }) else {
            throw ValidationError("打印机队列名无效：“\(SafeText.escaped(queue))”（不能含空格、/、#、引号或控制字符）")
        }
        return queue
    }

    /// The counter's region, place and name from the options given (else the environment, else the defaults),
    /// checked against Forms/.
    func counterInfo(_ forms: FormSet) throws -> CounterInfo {
        let env = ProcessInfo.processInfo.environment
        let region = region ?? env["CANBAO_REGION"] ?? "dalate"
        guard forms.profiles[region] != nil else {
            throw ValidationError("未知的地区档案“\(region)”（可用：\(forms.profiles.keys.sorted().joined(separator: ", "))）")
        }
        let place = place ?? env["CANBAO_PLACE"] ?? "150621"
        if let problem = PlaceCode.problem(place, in: forms.divisions) {
            throw ValidationError("本窗口的统筹区代码“\(SafeText.escaped(place))”\(problem)")
        }
        let name = counter ?? env["CANBAO_COUNTER"] ?? "\(forms.profiles[region]!.title)医保经办窗口"
        return CounterInfo(region: region, place: place, name: name)
    }
}

extension DeskSettings {
    /// The options as `line` gives them; nil when `--lock-minutes` is not a number, for ArgumentParser to say so.
    init?(_ line: QuickLine) {
        guard let minutes = line.value("lock-minutes").map({ Double($0) }) ?? Self.defaultLockMinutes else { return nil }
        self.init(region: line.value("region"), place: line.value("place"), counter: line.value("counter"),
                  lockMinutes: minutes, tz: line.value("tz"), printer: line.value("printer"))
    }
}

/// Starts the counter screen: the options, Forms/ and the store are checked first, so a problem is a clear message
/// on the plain terminal rather than a broken screen.
enum DeskLauncher {
    static func run(global: GlobalSettings, options: DeskSettings) throws {
        // Forms/ loads on a second thread from the start, while this one reads the counter's options and looks at
        // the store. An SQLite store this build has migrated, whose files are private and which has its key file,
        // is only glanced at (has it an account yet, the first screen's question?): the login is drawn, and the
        // store opened right after the first frame, before the first key is read (opening it is most of a start,
        // issue #17); if it still cannot be opened, the screen ends and its error is said. Any other store that is
        // there already is opened here, while Forms/ loads (the longer of the two; a new thread starts late on a
        // busy machine), and asked the same question. A first start creates the store only once Forms/ and the
        // options have been found good. The options' problems are said first, then a missing terminal (no tty, no
        // TERM), then Forms/'s, then the store's; the
        // thread is always waited for, so it never stops half-way through writing the compiled Forms/.
        let location = FormsLocation.resolve(global.forms)
        let loading = OnSecondThread { () throws -> (FormSet, CounterInfo) in
            let forms = try location.loadForCommand()
            return (forms, try options.counterInfo(forms))
        }
        let clock: BusinessClock, home: URL, printer: String?, warning: String?, database: String?
        let servicePoint: ServicePoint?
        do {
            try options.checkLockMinutes()
            clock = try options.clock
            home = Home.resolve(global.home)
            printer = try options.printerQueue()
            database = Home.database(global.database)
            servicePoint = try global.servicePoint(counter: options.counter ?? ProcessInfo.processInfo.environment["CANBAO_COUNTER"])
            // Before the store is looked at: a start that cannot draw the screen must not create one (a first start
            // from a script would leave a database, its key and lock behind).
            if let problem = Terminal.unusable() { throw InputError(problem.description) }
            // Where the data is, said before the screen opens: the default location under a home directory that
            // other counters share is worth a warning (each account's default is a different store).
            warning = DataLocation.warning(home: home, explicit: global.home ?? ProcessInfo.processInfo.environment["CANBAO_HOME"])
            if let warning { FileHandle.standardError.write(Data(("canbao: " + warning + "\n").utf8)) }
        } catch {
            _ = try? loading.value()
            throw error
        }
        let open = { @Sendable [home, database] () throws -> CounterStore in
            do {
                return try Home.open(home, database: database, options: .init(timeZone: clock.timeZone, servicePoint: servicePoint))
            } catch {
                throw InputError(database == nil ? "无法打开数据目录 \(home.path)：\(error)" : "canbao: \(error)")
            }
        }
        let glance = database == nil ? CounterStore.glanceHasOperators(home: home) : nil
        let opened = glance == nil && Home.hasStore(home, database: database) ? Result { () throws -> (CounterStore, Bool?) in
            let store = try open()
            return (store, try? store.hasOperators())
        } : nil
        let (forms, counter) = try loading.value()
        let decks = { @Sendable [directory = location.directory] in DeckFiles.loadAll(in: directory, forms: forms) }
        let services: DeskServices, dataDirectory: String, watcher: StoreWatcher?
        if let glance {
            services = DeskServices(opening: {
                Counter(store: try open(), forms: forms, info: counter, home: home, clock: clock, printer: printer)
            }, forms: forms, clock: clock, decks: decks, hasOperators: glance)
            dataDirectory = home.path
            watcher = StoreWatcher(path: home.appendingPathComponent(CounterStore.fileName).path)
        } else {
            let (store, hasOperators) = try opened?.get() ?? (open(), nil)
            services = DeskServices(counter: Counter(store: store, forms: forms, info: counter, home: home, clock: clock,
                                                     printer: printer),
                                    decks: decks, hasOperators: hasOperators)
            dataDirectory = database == nil ? home.path : store.path
            watcher = store.watcher()
        }
        // Sandboxes a crashed practice left: after the first frame, not before (the temporary directory can be large).
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + 2) { PracticeSandbox.sweepStale() }
        let desk = Desk(env: DeskEnvironment(forms: forms, counter: counter, lockAfter: max(1, options.lockMinutes) * 60,
                                             dataDirectory: dataDirectory, dataWarning: warning,
                                             printer: printer, hall: servicePoint?.hall))
        do {
            try Terminal.withTerminal { terminal in
                let runtime = DeskRuntime(desk: desk, services: services, size: terminal.size, clock: clock, watcher: watcher)
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
