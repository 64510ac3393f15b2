/// When a newborn registered under a parent's name (预参保) must be updated to the real identity, for store-wide
/// lists outside a case: 江门规程 第二十条（三）“于新生儿出生次月1日起，6个月内完成户籍登记并更新参保信息”, the profile's
/// `newborn.preregistered.update_within`. Where the profile sets none, 国家规程 第十五条 3 asks only 尽快 (as soon as
/// possible): there is no deadline. Pure: `today` (the date the parameter is read for) is an input.
public struct PreregisteredUpdate: Hashable, Sendable {
    /// The last day of the update; nil where the profile sets no period.
    public var deadline: LocalDate?
    /// The period counted from the 1st of the month after birth, when there is one.
    public var within: Duration?
    public var citation: String

    public init(deadline: LocalDate?, within: Duration?, citation: String) {
        self.deadline = deadline
        self.within = within
        self.citation = citation
    }

    /// The update due for a newborn born on `birth`, under `policy` as in force on `today`. An unknown birth date
    /// gives no deadline (the citation still names the period the profile sets).
    public static func due(birth: LocalDate?, policy: Policy, on today: LocalDate) -> PreregisteredUpdate {
        guard let parameter = policy.parameter("newborn.preregistered.update_within", on: today),
              case let .duration(within) = parameter.value else {
            return PreregisteredUpdate(deadline: nil, within: nil, citation: NewbornRules.nationalCite)
        }
        return PreregisteredUpdate(deadline: birth.map { NewbornRules.preregisteredDeadline(birth: $0, within: within) },
                                   within: within, citation: parameter.cite)
    }

    /// Days past the deadline on `today` (0 when not past it or when there is no deadline).
    public func daysOverdue(on today: LocalDate) -> Int {
        guard let deadline, today > deadline else { return 0 }
        return deadline.days(until: today)
    }
}
