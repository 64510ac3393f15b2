/// What the employer and retirement services add to a verdict (issue 18): the unit's registration and its changes,
/// the employee's link to the unit, and the retirement verification with a lump-sum payment. Each encodes every key,
/// `null` when not defined (scripts read a fixed shape).

/// A unit's registration or its change (参保单位, 内蒙古细则 第八条): what the counter writes for the unit.
public struct UnitDetails: Hashable, Codable, Sendable {
    /// `register`, `change`, `close` or `consolidate`.
    public var action: String
    /// The unified social credit code (统一社会信用代码, GB 32100), normalised: the unit's key (江门规程 第五条（1））.
    public var code: String
    public var name: String
    /// The agency's place where the registration is made or kept (属地).
    public var place: String
    /// register: the unit's kind (`enterprise`…); change: the item changed (`name`, `address`…); close: `merger`,
    /// `split`, `dissolution` or `bankruptcy`.
    public var kind: String?
    /// change: the value after the change.
    public var newValue: String?
    /// The day the deadline counts from (established, changed, approved) and the deadline itself.
    public var since: LocalDate?
    public var deadline: LocalDate?
    /// close by merger or split: the unit that takes over (承继单位); consolidate: nil.
    public var successor: String?
    /// consolidate: how many active registrations the unit had (all but the kept one end).
    public var registrations: Int?
    public var citation: String

    public init(action: String, code: String, name: String, place: String, kind: String? = nil, newValue: String? = nil,
                since: LocalDate? = nil, deadline: LocalDate? = nil, successor: String? = nil, registrations: Int? = nil,
                citation: String) {
        self.action = action
        self.code = code
        self.name = name
        self.place = place
        self.kind = kind
        self.newValue = newValue
        self.since = since
        self.deadline = deadline
        self.successor = successor
        self.registrations = registrations
        self.citation = citation
    }

    enum CodingKeys: String, CodingKey {
        case action, code, name, place, kind, since, deadline, successor, registrations, citation
        case newValue = "new_value"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        try c.encode(code, forKey: .code)
        try c.encode(name, forKey: .name)
        try c.encode(place, forKey: .place)
        try c.encode(kind, forKey: .kind)
        try c.encode(newValue, forKey: .newValue)
        try c.encode(since, forKey: .since)
        try c.encode(deadline, forKey: .deadline)
        try c.encode(successor, forKey: .successor)
        try c.encode(registrations, forKey: .registrations)
        try c.encode(citation, forKey: .citation)
    }
}

/// An employee's link to the employing unit (职工参保登记和变更, 内蒙古细则 第九条): registered, suspended or
/// terminated on the unit's report, or a retiree's benefits restored after prison (第九条（六））.
public struct EmploymentDetails: Hashable, Codable, Sendable {
    /// `register`, `suspend`, `terminate` or `restore`.
    public var action: String
    /// The employing unit's unified social credit code and name (nil for a restore without a unit).
    public var unit: String?
    public var unitName: String?
    /// register: the hiring date (用工之日); suspend/terminate: the event's date; restore: the release date.
    public var date: LocalDate?
    /// suspend/terminate: `transfer`, `left-job`, `missing`, `prison`, `death`, `emigration`.
    public var reason: String?
    /// register: the last day of the 30 days from hiring (内蒙古细则 第九条（一））.
    public var deadline: LocalDate?
    /// restore: the record whose benefits resume.
    public var record: PlatformRecord?
    public var citation: String

    public init(action: String, unit: String? = nil, unitName: String? = nil, date: LocalDate? = nil, reason: String? = nil,
                deadline: LocalDate? = nil, record: PlatformRecord? = nil, citation: String) {
        self.action = action
        self.unit = unit
        self.unitName = unitName
        self.date = date
        self.reason = reason
        self.deadline = deadline
        self.record = record
        self.citation = citation
    }

    enum CodingKeys: String, CodingKey {
        case action, unit, date, reason, deadline, record, citation
        case unitName = "unit_name"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        try c.encode(unit, forKey: .unit)
        try c.encode(unitName, forKey: .unitName)
        try c.encode(date, forKey: .date)
        try c.encode(reason, forKey: .reason)
        try c.encode(deadline, forKey: .deadline)
        try c.encode(record, forKey: .record)
        try c.encode(citation, forKey: .citation)
    }
}

/// The retirement verification's count of contribution years (职工医保退休核定, 江门规程 第十五条、第十六条;
/// 内蒙古细则 第九条（四）、第十条（三）) and, when the years fall short, the lump-sum payment (第十七条).
public struct RetirementDetails: Hashable, Codable, Sendable {
    /// The day the person reached the statutory retirement age (as the clerk entered it: the seeds give no ages).
    public var retirementDate: LocalDate
    /// The region's minimum in months, and where it comes from (a profile parameter or the clerk's entry).
    public var requiredMonths: Int?
    public var requiredSource: String?
    /// Actual contribution months counted, and how: `platform` (paid employee months of the records here and of
    /// transfers completed), `typed` (no records), `override` (typed against the records, for a supervisor).
    public var contributionMonths: Int?
    public var counted: String?
    /// Military service counted as contribution months (视同缴费年限, 附表1).
    public var militaryMonths: Int
    /// Months still to pay up to the minimum (0 when reached); nil when the minimum is unknown.
    public var monthsOwed: Int?
    /// Places whose employee records still have to be transferred here first.
    public var pendingTransfers: [String]
    /// The last day to stop payment at the tax office (达到法定退休年龄次月15日前, 江门规程 第十六条（二））.
    public var stopPaymentBy: LocalDate?
    public var lumpSum: LumpSum?
    public var citation: String

    /// 一次性缴费至规定年限 (江门规程 第十七条; 内蒙古细则 第九条（四）), or its monthly alternative.
    public struct LumpSum: Hashable, Codable, Sendable {
        /// `lump-sum` or `monthly`.
        public var mode: String
        public var months: Int
        /// The monthly base in fen and what it is: the average wage of the year before last (Jiangmen) or the
        /// contribution standard of the month of retirement (Inner Mongolia); nil when not yet known.
        public var baseMonthlyFen: Int?
        public var baseSource: String?
        /// months × base, only where the text makes the base the amount due per month (内蒙古细则 第九条（四）).
        public var amountFen: Int?
        /// Benefits start the month after full payment (江门规程 第十七条), when the payment date is known.
        public var benefitsFrom: LocalDate?
        public var citation: String

        public init(mode: String, months: Int, baseMonthlyFen: Int?, baseSource: String?, amountFen: Int?,
                    benefitsFrom: LocalDate?, citation: String) {
            self.mode = mode
            self.months = months
            self.baseMonthlyFen = baseMonthlyFen
            self.baseSource = baseSource
            self.amountFen = amountFen
            self.benefitsFrom = benefitsFrom
            self.citation = citation
        }

        enum CodingKeys: String, CodingKey {
            case mode, months, citation
            case baseMonthlyFen = "base_monthly_fen"
            case baseSource = "base_source"
            case amountFen = "amount_fen"
            case benefitsFrom = "benefits_from"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(mode, forKey: .mode)
            try c.encode(months, forKey: .months)
            try c.encode(baseMonthlyFen, forKey: .baseMonthlyFen)
            try c.encode(baseSource, forKey: .baseSource)
            try c.encode(amountFen, forKey: .amountFen)
            try c.encode(benefitsFrom, forKey: .benefitsFrom)
            try c.encode(citation, forKey: .citation)
        }
    }

    public init(retirementDate: LocalDate, requiredMonths: Int?, requiredSource: String?, contributionMonths: Int?,
                counted: String?, militaryMonths: Int, monthsOwed: Int?, pendingTransfers: [String],
                stopPaymentBy: LocalDate?, lumpSum: LumpSum?, citation: String) {
        self.retirementDate = retirementDate
        self.requiredMonths = requiredMonths
        self.requiredSource = requiredSource
        self.contributionMonths = contributionMonths
        self.counted = counted
        self.militaryMonths = militaryMonths
        self.monthsOwed = monthsOwed
        self.pendingTransfers = pendingTransfers
        self.stopPaymentBy = stopPaymentBy
        self.lumpSum = lumpSum
        self.citation = citation
    }

    enum CodingKeys: String, CodingKey {
        case counted, citation
        case retirementDate = "retirement_date"
        case requiredMonths = "required_months"
        case requiredSource = "required_source"
        case contributionMonths = "contribution_months"
        case militaryMonths = "military_months"
        case monthsOwed = "months_owed"
        case pendingTransfers = "pending_transfers"
        case stopPaymentBy = "stop_payment_by"
        case lumpSum = "lump_sum"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(retirementDate, forKey: .retirementDate)
        try c.encode(requiredMonths, forKey: .requiredMonths)
        try c.encode(requiredSource, forKey: .requiredSource)
        try c.encode(contributionMonths, forKey: .contributionMonths)
        try c.encode(counted, forKey: .counted)
        try c.encode(militaryMonths, forKey: .militaryMonths)
        try c.encode(monthsOwed, forKey: .monthsOwed)
        try c.encode(pendingTransfers, forKey: .pendingTransfers)
        try c.encode(stopPaymentBy, forKey: .stopPaymentBy)
        try c.encode(lumpSum, forKey: .lumpSum)
        try c.encode(citation, forKey: .citation)
    }
}
