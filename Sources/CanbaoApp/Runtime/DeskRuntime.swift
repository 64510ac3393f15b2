import CanbaoDesk
import CanbaoRules
import CanbaoStore
import Foundation

/// What the loop needs from a terminal: the real ncurses one, or a scripted one for benchmarks.
public protocol TerminalDevice: AnyObject {
    var size: (cols: Int, rows: Int) { get }
    func nextEvent(timeout milliseconds: Int) throws -> TerminalEvent?
    func draw(_ buffer: ScreenBuffer)
}

extension Terminal: TerminalDevice {}

/// The one loop that does terminal I/O: read an event → update → hand the effects to the worker → render → draw.
/// Effects (the store, the printer) run on one worker thread, in the order the desk asked for them; their results
/// come back as messages and are dispatched on this loop, drawing in between, so a busy state (正在保存…, a
/// roster's progress) reaches the terminal while the work goes on. Idle seconds arrive as ticks, which lock the
/// screen after the set minutes.
public final class DeskRuntime {
    public let desk: Desk
    public let services: DeskServices
    public let clock: BusinessClock
    public private(set) var state: DeskState
    private(set) var quitting = false
    private let worker = DispatchQueue(label: "canbao.desk.effects")
    private let inbox = Inbox()
    /// Effects handed to the worker whose results have not been dispatched yet.
    private(set) var pending = 0

    /// How long the loop waits for a key while effects are running: short, so their results are drawn promptly.
    static let busyPollMilliseconds = 5
    /// Another terminal's writes are looked for at most this often (seconds): lists refresh within two seconds.
    static let watchSeconds = 1.0

    /// Commits by other terminals (SQLite's data_version), looked at on the tick; nil watches nothing. On PostgreSQL
    /// the server pushes them (`StoreWatcher.start`): the wait for a key is cut into `pushSliceMilliseconds`, so a
    /// push redraws the lists at once, and the tick looks only while the push is lost.
    let watcher: StoreWatcher?
    private var lastWatch = 0.0
    private let pushed = PushFlag()
    static let pushSliceMilliseconds = 100

    public init(desk: Desk, services: DeskServices, size: (cols: Int, rows: Int), clock: BusinessClock, watcher: StoreWatcher? = nil) {
        self.desk = desk
        self.services = services
        self.clock = clock
        self.watcher = watcher
        watcher?.start(pollInterval: nil) { [pushed] in pushed.raise() }
        let now = clock.now()
        let (state, effects) = desk.start(cols: size.cols, rows: size.rows, now: now.timeIntervalSince1970, today: clock.day(of: now))
        self.state = state
        perform(effects)
    }

    /// How long the first frame waits for the start's effects (whether anyone may log in): the login or set-up
    /// screen is then the first thing drawn, and a store that does not answer at once (another terminal holding its
    /// lock) shows 正在启动… instead.
    static let firstFrameWait: Swift.Duration = .milliseconds(250)

    /// Runs until the desk asks to quit or the input closes. Effects still running when it stops are finished first:
    /// the draft saved by Ctrl-C is on disk before the process exits.
    public func run(on terminal: TerminalDevice) throws {
        defer { settle() }
        drawFirstFrame(on: terminal)
        // A store left to open after the first frame opens now, before the first key is read; one that cannot be
        // opened ends the screen, and its error is said on the plain terminal.
        try services.prepare()
        while !quitting {
            deliver()
            terminal.draw(desk.render(state))
            let event = try nextEvent(on: terminal, timeout: pending > 0 ? Self.busyPollMilliseconds : 1_000)
            let now = clock.now()
            dispatch(.tick(now: now.timeIntervalSince1970, today: clock.day(of: now)))
            // A database file deleted or replaced underneath: the store refuses every write, and the clerk is told
            // at once and on every tick after, with what was typed still on the screen.
            if let problem = services.storeProblem() { dispatch(.failed(reason: problem)) }
            watch(now.timeIntervalSince1970)
            if let event { dispatch(.terminal(event)) }
        }
    }

    /// A key within `timeout`; while the server pushes commits, waited for in slices, ending early when one came.
    private func nextEvent(on terminal: TerminalDevice, timeout: Int) throws -> TerminalEvent? {
        guard let watcher, watcher.isListening, timeout > Self.pushSliceMilliseconds else {
            return try terminal.nextEvent(timeout: timeout)
        }
        var left = timeout
        while left > 0, !pushed.isRaised {
            let slice = min(left, Self.pushSliceMilliseconds)
            if let event = try terminal.nextEvent(timeout: slice) { return event }
            left -= slice
        }
        return nil
    }

    /// When a commit was pushed, or, without a push, on the tick at most once a second when the store changed since
    /// the last look: the open lists reload.
    func watch(_ now: Double) {
        guard let watcher else { return }
        if pushed.lower() {
            dispatch(.storeChanged)
            return
        }
        guard now - lastWatch >= Self.watchSeconds, !watcher.isListening else { return }
        lastWatch = now
        if watcher.changed() { dispatch(.storeChanged) }
    }

    public func dispatch(_ msg: DeskMsg) {
        perform(desk.update(&state, msg))
    }

    /// Dispatches the results that have arrived from the worker.
    public func deliver() {
        for arrival in inbox.take() {
            if arrival.finished { pending -= 1 }
            if let msg = arrival.msg { dispatch(msg) }
        }
    }

    /// Waits for every effect handed to the worker and dispatches its results (tests, benchmarks, the end of a run).
    public func settle() {
        while pending > 0 {
            worker.sync {}
            deliver()
        }
    }

    /// The first frame: the start's results if they come within `firstFrameWait`, drawn.
    public func drawFirstFrame(on terminal: TerminalDevice) {
        let deadline = ContinuousClock.now + Self.firstFrameWait
        while pending > 0, inbox.wait(until: deadline) { deliver() }
        deliver()
        terminal.draw(desk.render(state))
    }

    private func perform(_ effects: [DeskEffect]) {
        for effect in effects {
            if effect == .quit {
                quitting = true
                continue
            }
            // Cancelling does not wait its turn behind the import it stops: it is a flag the import reads as it runs.
            if effect == .cancelRosterImport {
                services.cancellation.cancel()
                continue
            }
            if case .importRoster = effect { services.cancellation.reset() }
            pending += 1
            let services = self.services, inbox = self.inbox
            worker.async {
                let results = services.handle(effect) { inbox.post($0) }
                inbox.post(results, finished: true)
            }
        }
    }
}

/// Set by the watcher's thread when a commit is pushed; taken by the loop.
private final class PushFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    func raise() {
        lock.lock()
        raised = true
        lock.unlock()
    }

    var isRaised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }

    /// True when it was raised; it is down afterwards.
    func lower() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        defer { raised = false }
        return raised
    }
}

/// Messages from the worker to the loop.
private final class Inbox: @unchecked Sendable {
    struct Arrival {
        var msg: DeskMsg?
        /// The last arrival of one effect.
        var finished: Bool
    }

    private let condition = NSCondition()
    private var arrivals: [Arrival] = []

    /// A message sent while an effect is still running (progress).
    func post(_ msg: DeskMsg) {
        condition.lock()
        arrivals.append(Arrival(msg: msg, finished: false))
        condition.broadcast()
        condition.unlock()
    }

    /// An effect's results; the effect is done.
    func post(_ msgs: [DeskMsg], finished: Bool) {
        condition.lock()
        arrivals += msgs.map { Arrival(msg: $0, finished: false) }
        arrivals.append(Arrival(msg: nil, finished: finished))
        condition.broadcast()
        condition.unlock()
    }

    func take() -> [Arrival] {
        condition.lock()
        defer { condition.unlock() }
        let taken = arrivals
        arrivals = []
        return taken
    }

    /// Waits until something has arrived or `deadline` passes; true when something is there to take.
    func wait(until deadline: ContinuousClock.Instant) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while arrivals.isEmpty {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return false }
            let (seconds, attoseconds) = left.components
            _ = condition.wait(until: Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18))
        }
        return true
    }
}
