/// What the employer, employee and retirement services share: the unit's code, past dates in facts, and the
/// 30-day deadlines of 内蒙古细则 第八条、第九条.
extension RuleContext {
    /// The unit's unified social credit code (`unit_code`), normalised as stored; nil when not given.
    var unitCode: String? { caseFile.text("unit_code").map(IdentityDocument.normalize) }

    /// The largest count or amount a case may give (the counter's int fields take six digits): larger or negative
    /// numbers are refused, never multiplied (an overflow would stop the evaluation).
    static let maxCount = 999_999

    /// A count or amount answer within 0…`maxCount`; nil when absent or out of range.
    func count(_ id: String) -> Int? {
        guard let v = caseFile.fact(id)?.intValue, (0...RuleContext.maxCount).contains(v) else { return nil }
        return v
    }

    /// Blocks for answers among `ids` that are numbers out of range (or not numbers at all).
    func countProblems(_ ids: [String], rule: String, cite: String) -> [Finding] {
        ids.compactMap { id in
            guard let fact = caseFile.fact(id), count(id) == nil else { return nil }
            let label = workflow.field(id)?.label ?? id
            return Cite(rule: rule, citation: cite, field: id)
                .block("\(label)应为0至\(RuleContext.maxCount)之间的整数：“\(String(fact.description.prefix(24)))”")
        }
    }

    /// A date answer that must be a real day not after today: the date, or the finding saying what is wrong.
    func pastDate(_ id: String, label: String, rule: String, cite: String) -> (LocalDate?, [Finding]) {
        let c = Cite(rule: rule, citation: cite, field: id)
        switch dateFact(id) {
        case nil: return (nil, [])
        case let .failure(e)?: return (nil, [c.block("\(label)不是有效日期（应为 YYYY-MM-DD）：“\(e.text)”")])
        case let .success(date)?:
            if date > today { return (nil, [c.block("\(label) \(date) 晚于办理日期 \(today)")]) }
            return (date, [])
        }
    }

    /// A deadline counted in calendar days or months from `start` (“自…之日起30日内”): the last day, and a warning
    /// when today is past it. The text sets no sanction, so lateness is recorded, never refused.
    func deadline(_ key: String, from start: LocalDate, what: String, rule: String, field: String) -> (LocalDate?, [Finding]) {
        guard let (within, cite) = duration(key) else { return (nil, []) }
        let last = within.end(from: start)
        let c = Cite(rule: rule, citation: cite, field: field)
        if today > last {
            return (last, [c.warn("\(what)应自 \(start) 起\(within)内办理（截至 \(last)），已逾期\(last.days(until: today))天：予以办理，逾期情况记入办件")])
        }
        return (last, [c.info("\(what)应自 \(start) 起\(within)内办理（截至 \(last)），在时限内")])
    }
}

/// The unified social credit code of a unit (GB 32100): units register with it (江门规程 第五条（1））.
enum UnitCode {
    static let cite = IdentityValidation.usccCitation

    /// The code's problems as findings of `rule` on `field`: blocks for a malformed code, a warning for a wrong
    /// check character (early pilot codes fail it).
    static func check(_ code: String?, rule: String, field: String) -> [Finding] {
        guard let code else { return [] }
        return IdentityValidation.validateUSCC(code, field: field).map {
            Finding(rule: rule, severity: $0.severity, message: $0.message, citation: $0.citation, field: field)
        }
    }
}
