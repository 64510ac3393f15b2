import CanbaoRules

/// The box in which a clerk writes why a case is voided (作废) or withdrawn (撤回): on the form and on the home lists
/// alike, nothing is set aside on one key, and the reason (it goes into the audit log) is a word, not a stray key.
enum ReasonPrompt {
    enum Outcome: Equatable {
        /// Esc: nothing set aside.
        case cancelled
        /// Enter with a reason long enough: set the case aside with it.
        case confirmed(String)
        /// A key that edited the reason, or Enter with too short a one (said on the message line).
        case editing
        /// A key the box does not take: the screen may.
        case ignored
    }

    /// One key of the box. `what` is 作废 or 撤回, for the messages.
    static func key(_ reason: inout TextInput, _ key: Key, what: String, _ desk: inout DeskState) -> Outcome {
        switch key {
        case .escape:
            desk.message = .info("未\(what)")
            return .cancelled
        case .enter:
            if let problem = ReasonRule.problem(reason.text) {
                desk.message = .error(problem)
                return .editing
            }
            return .confirmed(ReasonRule.normalized(reason.text))
        default:
            switch reason.handle(key) {
            case .ignored: return .ignored
            case let .truncated(d): desk.message = .error("理由最多 \(reason.maxLength) 字，多出的 \(d) 字未录入")
            default: break
            }
            return .editing
        }
    }

    /// The box across the screen at `row`: its title above the reason, the keys below.
    static func render(title: String, keys: String, reason: TextInput, row: Int, _ b: inout ScreenBuffer) {
        let width = b.cols - 8
        b.fill(row: row - 1, col: 4, width: width, style: .title)
        b.put(title, row: row - 1, col: 4, style: .title, width: width)
        b.fill(row: row, col: 4, width: width, style: .input)
        let shown = reason.visible(width: width - 2)
        b.put(shown.text, row: row, col: 5, style: .focused, width: width - 2)
        b.fill(row: row + 1, col: 4, width: width, style: .input)
        b.put(keys, row: row + 1, col: 4, style: .dim, width: width)
        b.cursor = (row, 5 + shown.cursorColumn)
    }
}
