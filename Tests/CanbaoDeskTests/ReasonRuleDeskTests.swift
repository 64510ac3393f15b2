@testable import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// Every reason an operator writes (void, withdraw, the request for approval, the supervisor's approval note and
/// refusal) follows one rule with one message: at least two characters a reader can see once trimmed, counted as
/// characters (a letter with its accent is one), no control character.
@Suite("理由：统一的最少字数与提示")
struct ReasonRuleDeskTests {
    static let tooShort = "理由至少 2 个字（首尾空格和不可见字符不计）"

    /// A prompt open for a reason, and whether a key's effects carried the reason on (and which).
    struct Prompt: Sendable {
        var name: String
        var open: @Sendable () -> DeskDriver
        var reason: @Sendable ([DeskEffect]) -> String?
    }

    @Sendable static func setAside(_ e: [DeskEffect]) -> String? {
        for effect in e {
            if case let .setAside(_, _, reason, _) = effect { return reason }
            if case let .voidDraft(_, reason) = effect { return reason }
        }
        return nil
    }

    static let prompts: [Prompt] = [
        Prompt(name: "首页作废草稿", open: {
            let draft = CaseSummary(number: "2026-000011", workflow: "新生儿参保登记", applicant: "王小禾", status: .draft,
                                    updated: "01-15", version: 3)
            var d = DeskDriver.atHome(data: HomeData(drafts: [draft]))
            d.keys(.tab, .function(8))
            return d
        }, reason: setAside),
        Prompt(name: "首页撤回待补材料", open: {
            let pending = CaseSummary(number: "2026-000012", workflow: "新生儿参保登记", applicant: "王小禾", status: .pendingDocuments,
                                      updated: "01-15", version: 4)
            var d = DeskDriver.atHome(data: HomeData(pendingDocuments: [pending]))
            d.keys(.tab, .tab, .function(8))
            return d
        }, reason: setAside),
        Prompt(name: "表单作废", open: {
            var d = DeskDriver.newCase("newborn")
            d.key(.function(8))
            return d
        }, reason: setAside),
        Prompt(name: "提交审核", open: {
            var d = DeskDriver.newCase("newborn", today: "2026-05-01")
            DeskFlowTests.fillNewborn(&d, birth: "2026-01-10", number: "150621202601100027", year: "2026")
            d.key(.function(10))
            return d
        }, reason: { e in
            for effect in e { if case let .submit(_, _, justification) = effect { return justification } }
            return nil
        }),
        Prompt(name: "审核员批准", open: {
            var d = SupervisorDeskTests.atQueue()
            d.key(.enter)
            d.send(.reviewLoaded(SupervisorDeskTests.review))
            d.key(.function(8))
            return d
        }, reason: decision),
        Prompt(name: "审核员驳回", open: {
            var d = SupervisorDeskTests.atQueue()
            d.key(.enter)
            d.send(.reviewLoaded(SupervisorDeskTests.review))
            d.key(.function(9))
            return d
        }, reason: decision),
    ]

    @Sendable static func decision(_ e: [DeskEffect]) -> String? {
        for effect in e { if case let .decide(d) = effect { return d.note } }
        return nil
    }

    /// Too short, whatever it is for: nothing, one character, one with spaces around it, two zero-width spaces, a
    /// letter with its combining accent (two scalars, one character).
    @Test(arguments: ["", "好", "  好  ", "\u{200B}\u{200B}", "e\u{301}"])
    func tooShortIsRefusedWithTheSameMessageEverywhere(_ typed: String) {
        for prompt in Self.prompts {
            var d = prompt.open()
            d.effects = []
            d.type(typed)
            d.key(.enter)
            #expect(prompt.reason(d.effects) == nil, "\(prompt.name): \(typed.unicodeScalars.map(\.value))")
            #expect(d.state.message == .error(Self.tooShort), "\(prompt.name)")
            // The box stays open: a reason may still be written.
            d.type("补正")
            d.key(.enter)
            #expect(prompt.reason(d.effects) == (typed + "补正").trimmed(.whitespacesAndNewlines), "\(prompt.name)")
        }
    }

    /// Two characters are enough everywhere (the request for approval asked for four), trimmed before they are kept.
    @Test(arguments: [("误开", "误开"), ("  误开 ", "误开"), ("e\u{301}x", "e\u{301}x")])
    func twoCharactersAreEnoughEverywhere(_ typed: String, _ kept: String) {
        for prompt in Self.prompts {
            var d = prompt.open()
            d.effects = []
            d.type(typed)
            d.key(.enter)
            #expect(prompt.reason(d.effects) == kept, "\(prompt.name)")
        }
    }

    /// Control characters never reach a prompt from the keyboard or a paste; the rule refuses them anyway, by code point.
    @Test func theRuleRefusesControlCharacters() {
        #expect(ReasonRule.problem("误开\u{1B}[31m") == "理由不能含有控制字符 U+001B")
        #expect(ReasonRule.problem("误\u{202E}开") == "理由不能含有控制字符 U+202E")
        #expect(ReasonRule.problem("误开") == nil)
        #expect(ReasonRule.problem("误\n开") == "理由不能含有控制字符 U+000A")
        // Around it, a line end is trimmed like a space.
        #expect(ReasonRule.problem(" \n误 ") == Self.tooShort)
        #expect(ReasonRule.problem("误开\n") == nil)
        for prompt in Self.prompts {
            var d = prompt.open()
            d.effects = []
            d.send(.terminal(.paste("误开\u{1B}[31m")))
            d.key(.enter)
            #expect(prompt.reason(d.effects) == nil, "\(prompt.name)")
        }
    }
}
