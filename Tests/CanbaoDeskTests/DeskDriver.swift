import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// Drives the desk like the runtime does, with a fixed clock and no store: keys in, effects out.
struct DeskDriver {
    static let env = DeskEnvironment(forms: TestForms.shared,
                                     counter: CounterInfo(region: "dalate", place: "150621", name: "达拉特旗医保服务大厅"),
                                     lockAfter: 300)
    static let clerk = OperatorInfo(id: 2, name: "clerk", displayName: "王芳", role: .clerk)

    let desk: Desk
    var state: DeskState
    /// Every effect returned so far, in order.
    var effects: [DeskEffect] = []

    init(cols: Int = 80, rows: Int = 24, today: String = "2026-01-15", env: DeskEnvironment = DeskDriver.env) {
        desk = Desk(env: env)
        let (s, e) = desk.start(cols: cols, rows: rows, now: 1_000, today: LocalDate(today)!)
        state = s
        effects = e
    }

    /// A clerk on the home screen who searched `summary`'s name and opened the person screen, loaded with `detail`.
    static func atPerson(cols: Int = 80, rows: Int = 24, today: String, _ summary: PersonSummary,
                         _ detail: PersonDetail) -> DeskDriver {
        var d = DeskDriver.atHome(cols: cols, rows: rows, today: today)
        d.key(.char("2"))
        d.type(summary.name)
        d.key(.enter)
        d.send(.personsFound(query: summary.name, [summary]))
        d.key(.enter)
        d.send(.personLoaded(detail))
        d.effects = []
        return d
    }

    /// The person screen's state, when it is the screen shown.
    var person: PersonState? {
        if case let .person(p) = state.screen { return p }
        return nil
    }

    /// A clerk logged in and on the home screen.
    static func atHome(cols: Int = 80, rows: Int = 24, today: String = "2026-01-15", data: HomeData = HomeData()) -> DeskDriver {
        var d = DeskDriver(cols: cols, rows: rows, today: today)
        d.send(.started(hasOperators: true))
        d.send(.loggedIn(clerk))
        d.send(.homeLoaded(data))
        d.effects = []
        return d
    }

    /// A new case of `workflow` opened from the home screen.
    static func newCase(_ workflow: String, cols: Int = 80, rows: Int = 24, today: String = "2026-01-15") -> DeskDriver {
        var d = atHome(cols: cols, rows: rows, today: today)
        d.key(.char("1"))
        let index = (d.pickerChoices.firstIndex { $0.value == workflow } ?? 0) + 1
        if index <= 9 {
            d.key(.char(Character(String(index))))
        } else {
            // Number keys reach the first nine; the rest are chosen with the arrows and Enter.
            for _ in 1..<index { d.key(.down) }
            d.key(.enter)
        }
        d.effects = []
        return d
    }

    @discardableResult
    mutating func send(_ msg: DeskMsg) -> [DeskEffect] {
        let e = desk.update(&state, msg)
        effects += e
        return e
    }

    @discardableResult
    mutating func key(_ k: Key) -> [DeskEffect] { send(.terminal(.key(k))) }

    mutating func keys(_ ks: Key...) {
        for k in ks { key(k) }
    }

    /// Types text character by character, as a clerk would.
    mutating func type(_ text: String) {
        for c in text { key(.char(c)) }
    }

    var screen: ScreenBuffer { desk.render(state) }
    var text: String { screen.text }

    var form: CaseFormState? {
        if case let .form(f) = state.screen { return f }
        return nil
    }

    var pickerChoices: [Choice] {
        if case let .picker(p) = state.screen { return p.workflows }
        return []
    }

    var savedDrafts: [CaseDraft] {
        effects.compactMap { if case let .saveDraft(d) = $0 { return d } else { return nil } }
    }
}

/// Golden screens: plain text, one file per test under Golden/, regenerated only with CANBAO_UPDATE_GOLDEN=1.
enum Golden {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    static func check(_ buffer: ScreenBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        checkRaw(buffer.text + "\n", name, sourceLocation: sourceLocation)
    }

    static func checkRaw(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        GoldenFile.check(actual, name, in: directory, sourceLocation: sourceLocation)
    }
}
