@testable import CanbaoApp
import CanbaoCounter
import CanbaoDesk
import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// The runtime that wires the desk to the counter: effects run on a worker, their results are dispatched on the
/// loop, so what the terminal draws in between is the busy state a clerk sees.
@Suite struct DeskRuntimeTests {
    final class Screen: TerminalDevice {
        let size = (cols: 80, rows: 24)
        var frames: [String] = []
        func nextEvent(timeout milliseconds: Int) throws -> TerminalEvent? { nil }
        func draw(_ buffer: ScreenBuffer) { frames.append(buffer.text) }
    }

    struct Setup {
        let runtime: DeskRuntime
        let services: DeskServices
        let store: CounterStore
    }

    /// A Dalate counter with one clerk, logged in at home.
    static func atHome() throws -> Setup {
        let home = try CanbaoBinary.temporaryDirectory("runtime-test")
        let store = try CounterStore.open(home: home, options: .init(passwordIterations: PasswordHash.minimumIterations))
        _ = try store.addOperator(name: "clerk", displayName: "王芳", role: .clerk, password: "Clerk2026pass", by: .system("test"))
        let info = CounterInfo(region: "dalate", place: "150621", name: "测试窗口")
        let services = DeskServices(counter: CanbaoCounter.Counter(store: store, forms: TestForms.shared, info: info, home: home))
        let runtime = DeskRuntime(desk: Desk(env: DeskEnvironment(forms: TestForms.shared, counter: info)), services: services,
                                  size: (80, 24), clock: store.clock)
        runtime.settle()
        runtime.dispatch(.terminal(.paste("clerk")))
        runtime.dispatch(.terminal(.key(.tab)))
        runtime.dispatch(.terminal(.paste("Clerk2026pass")))
        runtime.dispatch(.terminal(.key(.enter)))
        runtime.settle()
        return Setup(runtime: runtime, services: services, store: store)
    }

    /// The launcher asks the store whether it has an account while Forms/ loads; the first start takes that answer,
    /// and a later start (after a logout, the first-start screen done) asks the store again.
    @Test func theStartTakesTheAnswerGivenOnceThenAsksTheStore() throws {
        let home = try CanbaoBinary.temporaryDirectory("runtime-start")
        defer { try? FileManager.default.removeItem(at: home) }
        let store = try CounterStore.open(home: home, options: .init(passwordIterations: PasswordHash.minimumIterations))
        let info = CounterInfo(region: "dalate", place: "150621", name: "测试窗口")
        let counter = CanbaoCounter.Counter(store: store, forms: TestForms.shared, info: info, home: home)
        // An answer the store would not give: only the given one can produce it.
        let services = DeskServices(counter: counter, hasOperators: true)
        #expect(services.handle(.start) == [.started(hasOperators: true)])
        #expect(services.handle(.start) == [.started(hasOperators: false)])
        #expect(DeskServices(counter: counter).handle(.start) == [.started(hasOperators: false)])
    }

    /// A screen that records, for each frame and for the first wait for a key, whether the store was open by then;
    /// its input closes at that first wait, which ends the run.
    final class OpeningWatch: TerminalDevice, @unchecked Sendable {
        let size = (cols: 80, rows: 24)
        private let lock = NSLock()
        private var isOpen = false
        var frames: [(text: String, storeOpen: Bool)] = []
        var storeOpenAtFirstKey: Bool?

        func opened() {
            lock.lock()
            isOpen = true
            lock.unlock()
        }

        var storeOpen: Bool {
            lock.lock()
            defer { lock.unlock() }
            return isOpen
        }

        func nextEvent(timeout milliseconds: Int) throws -> TerminalEvent? {
            storeOpenAtFirstKey = storeOpenAtFirstKey ?? storeOpen
            throw TerminalError.inputClosed
        }

        func draw(_ buffer: ScreenBuffer) { frames.append((buffer.text, storeOpen)) }
    }

    /// The launcher glanced at the store (it has an account) and left it to open after the first frame: the login is
    /// drawn before the store opens, the store is open before the first key is read, and the desk then works on it.
    @Test func aStoreLeftToOpenOpensAfterTheFirstFrameAndBeforeTheFirstKey() throws {
        let home = try CanbaoBinary.temporaryDirectory("runtime-deferred")
        defer { try? FileManager.default.removeItem(at: home) }
        let options = CounterStore.Options(passwordIterations: PasswordHash.minimumIterations)
        let setUp = try CounterStore.open(home: home, options: options)
        _ = try setUp.addOperator(name: "clerk", displayName: "王芳", role: .clerk, password: "Clerk2026pass", by: .system("test"))
        #expect(CounterStore.glanceHasOperators(home: home) == true)
        let info = CounterInfo(region: "dalate", place: "150621", name: "测试窗口")
        let screen = OpeningWatch()
        let services = DeskServices(opening: {
            let store = try CounterStore.open(home: home, options: options)
            screen.opened()
            return CanbaoCounter.Counter(store: store, forms: TestForms.shared, info: info, home: home)
        }, forms: TestForms.shared, clock: setUp.clock, hasOperators: true)
        let runtime = DeskRuntime(desk: Desk(env: DeskEnvironment(forms: TestForms.shared, counter: info)), services: services,
                                  size: (80, 24), clock: setUp.clock)
        #expect(throws: TerminalError.inputClosed) { try runtime.run(on: screen) }
        #expect(screen.frames.first?.text.contains("操作员登录") == true, "\(screen.frames.first?.text ?? "")")
        #expect(screen.frames.first?.storeOpen == false)
        #expect(screen.storeOpenAtFirstKey == true)
        runtime.dispatch(.terminal(.paste("clerk")))
        runtime.dispatch(.terminal(.key(.tab)))
        runtime.dispatch(.terminal(.paste("Clerk2026pass")))
        runtime.dispatch(.terminal(.key(.enter)))
        runtime.settle()
        #expect(services.session?.name == "clerk")
    }

    /// A store left to open that cannot be opened (here its key file is another store's) ends the run with the
    /// opening's error once the first frame is drawn, before any key is read; every effect fails with it too.
    @Test func aStoreLeftToOpenThatCannotBeOpenedEndsTheRunWithItsError() throws {
        let home = try CanbaoBinary.temporaryDirectory("runtime-deferred-fails")
        let other = try CanbaoBinary.temporaryDirectory("runtime-deferred-other")
        defer {
            try? FileManager.default.removeItem(at: home)
            try? FileManager.default.removeItem(at: other)
        }
        let options = CounterStore.Options(passwordIterations: PasswordHash.minimumIterations)
        let store = try CounterStore.open(home: home, options: options)
        _ = try store.addOperator(name: "clerk", displayName: "王芳", role: .clerk, password: "Clerk2026pass", by: .system("test"))
        _ = try CounterStore.open(home: other, options: options)
        let key = AuditKey.path(forDatabase: store.path)
        try FileManager.default.removeItem(atPath: key)
        try FileManager.default.copyItem(atPath: AuditKey.path(forDatabase: other.appendingPathComponent(CounterStore.fileName).path),
                                         toPath: key)
        let info = CounterInfo(region: "dalate", place: "150621", name: "测试窗口")
        let screen = OpeningWatch()
        let services = DeskServices(opening: {
            CanbaoCounter.Counter(store: try CounterStore.open(home: home, options: options), forms: TestForms.shared,
                                  info: info, home: home)
        }, forms: TestForms.shared, clock: store.clock, hasOperators: true)
        let runtime = DeskRuntime(desk: Desk(env: DeskEnvironment(forms: TestForms.shared, counter: info)), services: services,
                                  size: (80, 24), clock: store.clock)
        #expect(throws: StoreError.self) { try runtime.run(on: screen) }
        #expect(screen.frames.count == 1)
        #expect(screen.storeOpenAtFirstKey == nil)
        #expect(services.handle(.start).first.map { "\($0)" }?.contains("密钥") == true)
    }

    @Test func theBusyStateIsOnScreenUntilTheResultIsDispatched() throws {
        let home = try CanbaoBinary.temporaryDirectory("runtime-busy")
        let store = try CounterStore.open(home: home, options: .init(passwordIterations: PasswordHash.minimumIterations))
        let info = CounterInfo(region: "dalate", place: "150621", name: "测试窗口")
        let runtime = DeskRuntime(desk: Desk(env: DeskEnvironment(forms: TestForms.shared, counter: info)),
                                  services: DeskServices(counter: CanbaoCounter.Counter(store: store, forms: TestForms.shared, info: info, home: home)),
                                  size: (80, 24), clock: store.clock)
        // The start-up effect is on the worker: until its result is dispatched the screen says so.
        #expect(runtime.pending == 1)
        let screen = Screen()
        screen.draw(runtime.desk.render(runtime.state))
        #expect(screen.frames[0].contains("正在启动…"))
        runtime.settle()
        #expect(runtime.pending == 0)
        screen.draw(runtime.desk.render(runtime.state))
        #expect(screen.frames[1].contains("首次启动"))
    }

    @Test func savesSentBeforeTheFirstReplyReachOneCase() throws {
        let s = try Self.atHome()
        #expect(s.services.session?.name == "clerk")
        s.runtime.dispatch(.terminal(.key(.char("1"))))
        let picker = s.runtime.desk.render(s.runtime.state).text
        #expect(picker.contains("新生儿"))
        s.runtime.dispatch(.terminal(.key(.char("1"))))
        // Answer three fields quickly: each completed field asks for a save before the previous reply is dispatched.
        for key in [Key.tab, .char("y"), .tab, .char("n"), .tab] { s.runtime.dispatch(.terminal(.key(key))) }
        #expect(s.runtime.pending >= 2, "\(s.runtime.desk.render(s.runtime.state).text)")
        s.runtime.settle()
        let cases = try s.store.cases()
        #expect(cases.count == 1)
        #expect(cases.first?.status == .draft)
        guard case let .form(form) = s.runtime.state.screen else {
            Issue.record("not on the form")
            return
        }
        #expect(form.draft.number == cases.first?.number)
        #expect(form.draft.version == cases.first?.version)
        // And the next save, sent after the replies, is not refused as stale.
        s.runtime.dispatch(.terminal(.key(.function(2))))
        s.runtime.settle()
        #expect(s.runtime.state.message?.text == "草稿已保存（案件 \(cases.first!.number)）")
    }

    @Test func aReplyForAScreenTheClerkHasLeftChangesNothing() throws {
        let s = try Self.atHome()
        s.runtime.dispatch(.terminal(.key(.char("2"))))
        s.runtime.dispatch(.terminal(.paste("张")))
        s.runtime.dispatch(.terminal(.key(.enter)))
        #expect(s.runtime.pending == 1)
        // The clerk goes back home before the search answers.
        s.runtime.dispatch(.terminal(.key(.escape)))
        s.runtime.settle()
        guard case .home = s.runtime.state.screen else {
            Issue.record("the search's reply took the clerk away from home: \(s.runtime.state.screen)")
            return
        }
        #expect(s.runtime.state.message?.text.contains("找到") != true)
    }

    /// A case open on this counter and saved at another: the form says so (who, and that saving will be refused)
    /// when the store's change is noticed, before the clerk saves over it; the counter's own saves are never flagged.
    @Test func aCaseSavedAtAnotherCounterIsFlaggedOnTheFormBeforeItIsSavedOver() throws {
        let s = try Self.atHome()
        let other = try s.store.addOperator(name: "clerk2", displayName: "李娜", role: .clerk, password: "Clerk2026pass",
                                            by: .system("test"))
        s.runtime.dispatch(.terminal(.key(.char("1"))))
        s.runtime.dispatch(.terminal(.key(.char("1"))))
        s.runtime.dispatch(.terminal(.key(.function(2))))
        s.runtime.settle()
        guard case let .form(form) = s.runtime.state.screen, let number = form.draft.number else {
            Issue.record("no numbered draft: \(s.runtime.desk.render(s.runtime.state).text)")
            return
        }
        // Its own save, noticed as a change of the store: nothing to say.
        s.runtime.dispatch(.storeChanged)
        s.runtime.settle()
        #expect(!s.runtime.desk.render(s.runtime.state).text.contains("其他终端修改"))

        // Another counter saves the same case.
        let stored = try #require(try s.store.case(number: number))
        _ = try s.store.saveDraft(DraftSave(caseNumber: number, expectedVersion: stored.version, caseFile: try stored.caseFile()),
                                  by: other.id)
        s.runtime.dispatch(.storeChanged)
        s.runtime.settle()
        // Said on the message line (two rows long, over the form's notice row until the next key)…
        let text = s.runtime.desk.render(s.runtime.state).text
        #expect(text.contains("案件 \(number) 已由李娜于"), "\(text)")
        #expect(text.contains("继续保存将被拒"), "\(text)")
        // …and kept on the form once the message is gone.
        var quiet = s.runtime.state
        quiet.message = nil
        let kept = s.runtime.desk.render(quiet).text
        #expect(kept.contains("注意：案件 \(number) 已由李娜于"), "\(kept)")
        #expect(kept.contains("在其他终端修改"), "\(kept)")
    }

    /// A school's list of `count` valid students, as a spreadsheet exports it.
    static func roster(_ count: Int) throws -> URL {
        let file = try CanbaoBinary.temporaryDirectory("runtime-roster").appendingPathComponent("全校.csv")
        var text = "姓名,证件号码\n"
        for i in 0..<count {
            let birth = LocalDate(year: 2008, month: 1 + i % 12, day: 1 + i % 28)!
            text += "学生\(i),\(IDNumbers.residentID(area: "150621", birth: birth, sequence: 100 + i / 336 % 800))\n"
        }
        try Data(text.utf8).write(to: file)
        return file
    }

    /// Delivers the worker's results until `condition` holds (or fails after `seconds`).
    static func deliver(_ runtime: DeskRuntime, until condition: () -> Bool, seconds: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            runtime.deliver()
            if condition() { return true }
            usleep(2_000)
        }
        return false
    }

    @Test func aLongRosterImportShowsItsProgressAndEscStopsItBeforeAnythingIsWritten() throws {
        let s = try Self.atHome()
        let file = try Self.roster(40_000)
        // The worker waits after its first report until Esc has been pressed: the cancel lands mid-check on any machine.
        let escPressed = DispatchSemaphore(value: 0)
        let firstReport = Once()
        s.services.afterRosterProgress = { p in if p.checked > 0, firstReport.take() { _ = escPressed.wait(timeout: .now() + 60) } }
        s.runtime.dispatch(.terminal(.key(.char("4"))))
        s.runtime.dispatch(.terminal(.paste(file.path)))
        s.runtime.dispatch(.terminal(.key(.tab)))
        s.runtime.dispatch(.terminal(.paste("达拉特旗第一中学")))
        s.runtime.dispatch(.terminal(.key(.function(10))))
        // The rows checked so far reach the screen while the worker goes on.
        let progressed = Self.deliver(s.runtime) {
            if case let .roster(r) = s.runtime.state.screen, let p = r.progress { return p.checked > 0 && p.checked < p.rows }
            return false
        }
        #expect(progressed, "no progress before the import ended: \(s.runtime.desk.render(s.runtime.state).text)")
        #expect(s.runtime.desk.render(s.runtime.state).text.contains("已校验"))
        s.runtime.dispatch(.terminal(.key(.escape)))
        escPressed.signal()
        s.runtime.settle()
        guard case let .roster(r) = s.runtime.state.screen else {
            Issue.record("left the roster screen: \(s.runtime.state.screen)")
            return
        }
        #expect(r.problem == "已取消，未写入任何数据")
        #expect(try s.store.counts().persons == 0)
        #expect(try s.store.auditLog().allSatisfy { $0.action != "roster.import" })
    }
}

/// True the first time only, from any thread.
final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = false

    func take() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if taken { return false }
        taken = true
        return true
    }
}
