import Foundation

public enum Decision: String, Codable, Sendable, CaseIterable {
    case accept
    case missingDocuments = "missing-documents"
    case needsApproval = "needs-approval"
    case refuse

    public var chinese: String {
        switch self {
        case .accept: return "予以受理"
        case .missingDocuments: return "需补充材料"
        case .needsApproval: return "需审核"
        case .refuse: return "不予办理"
        }
    }
}

/// A document still to bring. For a one-of group, `code` is the group's first code and `anyOf` lists them all.
public struct MissingDocument: Hashable, Codable, Sendable {
    public var code: String
    public var name: String
    public var anyOf: [String]?
    public var reason: String?
    public var citation: String

    enum CodingKeys: String, CodingKey {
        case code, name, reason, citation
        case anyOf = "any_of"
    }
}

/// The outcome of one case, as docs/case-file.md (“The verdict”) documents it. `missingDocuments` is always the
/// complete list (一次性告知).
public struct Verdict: Hashable, Codable, Sendable {
    public var decision: Decision
    public var missingDocuments: [MissingDocument]
    public var findings: [Finding]
    public var benefitStart: LocalDate?
    public var waitingPeriodMonths: Int?
    /// Platform records the registration will suspend or terminate; for the other counter services, the record the
    /// case itself suspends or terminates (suspend, terminate, transfer-out, a refunded resident year) or the
    /// suspended out-place record that ends when a transfer-in completes (国家规程 第十条).
    public var replaces: [ReplacedRecord]
    /// The deadline the case must be finished by: working days for transfers (内蒙古细则 第十九条), the update of a
    /// pre-registered newborn (江门规程 第二十条（三）), the refund (江门规程 第十九条). Nil when none is set.
    public var dueDate: LocalDate?
    /// The refund due (退费), with its period.
    public var refund: Refund?
    /// Months of a gap that may be paid back (补缴) with the transfer (内蒙古细则 第二十条（二）, 某市通知 四（三）).
    public var backPayMonths: Int?
    /// A transfer's particulars, for the 信息表 (内蒙古细则 第十九条（二）).
    public var transfer: TransferDetails?
    /// Hardship statuses recorded on the person (江门规程 第六条、第二十二条).
    public var hardship: HardshipMarks?
    /// A unit's registration or change (参保单位, 内蒙古细则 第八条).
    public var unit: UnitDetails?
    /// An employee's link to the unit: registered, suspended, terminated, or a retiree's benefits restored.
    public var employment: EmploymentDetails?
    /// The retirement verification's count of years and the lump-sum payment (江门规程 第十五条至第十七条).
    public var retirement: RetirementDetails?

    public init(decision: Decision, missingDocuments: [MissingDocument], findings: [Finding], benefitStart: LocalDate?,
                waitingPeriodMonths: Int?, replaces: [ReplacedRecord], dueDate: LocalDate? = nil, refund: Refund? = nil,
                backPayMonths: Int? = nil, transfer: TransferDetails? = nil, hardship: HardshipMarks? = nil,
                unit: UnitDetails? = nil, employment: EmploymentDetails? = nil, retirement: RetirementDetails? = nil) {
        self.decision = decision
        self.missingDocuments = missingDocuments
        self.findings = findings
        self.benefitStart = benefitStart
        self.waitingPeriodMonths = waitingPeriodMonths
        self.replaces = replaces
        self.dueDate = dueDate
        self.refund = refund
        self.backPayMonths = backPayMonths
        self.transfer = transfer
        self.hardship = hardship
        self.unit = unit
        self.employment = employment
        self.retirement = retirement
    }

    enum CodingKeys: String, CodingKey {
        case decision, findings, replaces, refund, transfer, hardship, unit, employment, retirement
        case missingDocuments = "missing_documents"
        case benefitStart = "benefit_start"
        case waitingPeriodMonths = "waiting_period_months"
        case dueDate = "due_date"
        case backPayMonths = "back_pay_months"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        decision = try c.decode(Decision.self, forKey: .decision)
        missingDocuments = try c.decode([MissingDocument].self, forKey: .missingDocuments)
        findings = try c.decode([Finding].self, forKey: .findings)
        benefitStart = try c.decodeIfPresent(LocalDate.self, forKey: .benefitStart)
        waitingPeriodMonths = try c.decodeIfPresent(Int.self, forKey: .waitingPeriodMonths)
        replaces = try c.decodeIfPresent([ReplacedRecord].self, forKey: .replaces) ?? []
        // Keys added after the first release: a verdict stored before them still reads.
        dueDate = try c.decodeIfPresent(LocalDate.self, forKey: .dueDate)
        refund = try c.decodeIfPresent(Refund.self, forKey: .refund)
        backPayMonths = try c.decodeIfPresent(Int.self, forKey: .backPayMonths)
        transfer = try c.decodeIfPresent(TransferDetails.self, forKey: .transfer)
        hardship = try c.decodeIfPresent(HardshipMarks.self, forKey: .hardship)
        unit = try c.decodeIfPresent(UnitDetails.self, forKey: .unit)
        employment = try c.decodeIfPresent(EmploymentDetails.self, forKey: .employment)
        retirement = try c.decodeIfPresent(RetirementDetails.self, forKey: .retirement)
    }

    /// Precedence: refuse > needs-approval > missing-documents > accept.
    public static func decide(findings: [Finding], missing: [MissingDocument]) -> Decision {
        if findings.contains(where: { $0.severity == .block }) { return .refuse }
        if findings.contains(where: { $0.severity == .approval }) { return .needsApproval }
        if !missing.isEmpty { return .missingDocuments }
        return .accept
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(decision, forKey: .decision)
        try c.encode(missingDocuments, forKey: .missingDocuments)
        try c.encode(findings, forKey: .findings)
        // Always present, null when the policy defines none: scripts read a fixed shape.
        try c.encode(benefitStart, forKey: .benefitStart)
        try c.encode(waitingPeriodMonths, forKey: .waitingPeriodMonths)
        try c.encode(replaces, forKey: .replaces)
        try c.encode(dueDate, forKey: .dueDate)
        try c.encode(refund, forKey: .refund)
        try c.encode(backPayMonths, forKey: .backPayMonths)
        try c.encode(transfer, forKey: .transfer)
        try c.encode(hardship, forKey: .hardship)
        try c.encode(unit, forKey: .unit)
        try c.encode(employment, forKey: .employment)
        try c.encode(retirement, forKey: .retirement)
    }

    public func json(pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}
