import CanbaoDesk
import CanbaoRules
import Foundation

/// What the loop needs from a terminal: the real ncurses one, or a scripted one for benchmarks.
protocol TerminalDevice: AnyObject {
    var size: (cols: Int, rows: Int) { get }
    func nextEvent(timeout milliseconds: Int) throws -> TerminalEvent?
    func draw(_ buffer: ScreenBuffer)
}

extension Terminal: TerminalDevice {}

/// The one loop that does I/O: read an event → update → carry out the effects (their results are messages
/// again) → render → draw. Idle seconds arrive as ticks, which lock the screen after the set minutes.
final class DeskRuntime {
    let desk: Desk
    let services: DeskServices
    private(set) var state: DeskState
    private(set) var quitting = false
    let clock: () -> Date

    init(desk: Desk, services: DeskServices, size: (cols: Int, rows: Int), clock: @escaping () -> Date = Date.init) {
        self.desk = desk
        self.services = services
        self.clock = clock
        let now = clock()
        let (state, effects) = desk.start(cols: size.cols, rows: size.rows, now: now.timeIntervalSince1970, today: LocalClock.date(now))
        self.state = state
        perform(effects)
    }

    /// Runs until the desk asks to quit or the input closes.
    func run(on terminal: TerminalDevice) throws {
        while !quitting {
            terminal.draw(desk.render(state))
            let event = try terminal.nextEvent(timeout: 1_000)
            let now = clock()
            dispatch(.tick(now: now.timeIntervalSince1970, today: LocalClock.date(now)))
            // A database file deleted or replaced underneath: the store refuses every write, and the clerk is told
            // at once and on every tick after, with what was typed still on the screen.
            if let problem = services.storeProblem() { dispatch(.failed(reason: problem)) }
            if let event { dispatch(.terminal(event)) }
        }
    }

    func dispatch(_ msg: DeskMsg) {
        perform(desk.update(&state, msg))
    }

    private func perform(_ effects: [DeskEffect]) {
        for effect in effects {
            if effect == .quit {
                quitting = true
                continue
            }
            for msg in services.handle(effect) { dispatch(msg) }
        }
    }
}
