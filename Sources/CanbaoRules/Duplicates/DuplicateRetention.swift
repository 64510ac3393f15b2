/// Which enrollment relationship to keep when a person is enrolled twice, and what happens to the others:
/// 内蒙古细则 第二十四条 (inner-mongolia, dalate), 国家规程 第十四条 (national, jiangmen), 某市通知 五 (city-notice).
/// Refunds follow 国家规程 第十六条 and the region's own refund article. Pure: no I/O, no clock.

/// The text that decides retention for a profile: the most specific of the three that the profile inherits.
public enum DuplicatePrinciples: String, Codable, Sendable, CaseIterable {
    case national
    case innerMongolia = "inner-mongolia"
    case cityNotice = "city-notice"

    public init(policy: Policy) {
        if policy.includes("city-notice") {
            self = .cityNotice
        } else if policy.includes("inner-mongolia") {
            self = .innerMongolia
        } else {
            self = .national
        }
    }
}

/// Facts about the person that retention needs and detection does not. Anything nil is unknown, and a principle
/// that needs it says so (`Retention.missingFacts`) instead of guessing.
public struct DuplicateFacts: Hashable, Sendable {
    /// Records (indices) joined as flexible employment (灵活就业: 非全日制、临时性工作).
    public var flexible: Set<Int>
    /// Records (indices) enrolled as a government-assisted person (政府资助参保); nil when not known.
    public var assisted: Set<Int>?
    /// The person is a student whose school (学籍地) is in this place.
    public var schoolPlace: String?
    /// The person's place of residence (常住地).
    public var residencePlace: String?
    /// The record the person chose to keep (in writing where the principle asks for a commitment).
    public var chosenRecord: Int?
    /// Where the person is employed now (现就业地); else the employee record with the latest month counts.
    public var currentEmploymentPlace: String?

    public init(flexible: Set<Int> = [], assisted: Set<Int>? = nil, schoolPlace: String? = nil,
                residencePlace: String? = nil, chosenRecord: Int? = nil, currentEmploymentPlace: String? = nil) {
        self.flexible = flexible
        self.assisted = assisted
        self.schoolPlace = schoolPlace
        self.residencePlace = residencePlace
        self.chosenRecord = chosenRecord
        self.currentEmploymentPlace = currentEmploymentPlace
    }
}

/// A fact the principle needs that was not given.
public enum DuplicateFact: String, Codable, Sendable, CaseIterable {
    case personChoice = "person-choice"
    case residencePlace = "residence-place"
    case currentEmployment = "current-employment"

    public var chinese: String {
        switch self {
        case .personChoice: return "参保人选择保留的参保关系"
        case .residencePlace: return "参保人常住地"
        case .currentEmployment: return "参保人现就业地"
        }
    }
}

/// What to do with one of the other records once the kept one is known.
public struct DuplicateAction: Hashable, Codable, Sendable {
    /// Index into the person's records.
    public var record: Int
    public var action: ReplacedRecord.Action
    public var citation: String
    /// The refund due with it (退费, on the person's application); nil when none is due.
    public var refund: Refund?
    /// Why no refund is due, or what must come first (an assisted person returns the subsidy).
    public var refundNote: String?

    public init(record: Int, action: ReplacedRecord.Action, citation: String, refund: Refund? = nil,
                refundNote: String? = nil) {
        self.record = record
        self.action = action
        self.citation = citation
        self.refund = refund
        self.refundNote = refundNote
    }
}

/// The retention principle applied to one duplicate.
public struct Retention: Hashable, Codable, Sendable {
    public enum Principle: String, Codable, Sendable, CaseIterable {
        /// Employee twice: the place of current employment (现就业地).
        case currentEmployment = "current-employment"
        /// Resident twice: the place of residence (常住地); nationally the person may choose instead.
        case residence
        /// Resident twice in Inner Mongolia: the person chooses, in writing.
        case personChoice = "person-choice"
        /// A student: the school's place (学籍地).
        case school
        /// A student who took a job: the job's place; the school's place ends its enrollment.
        case studentEmployed = "student-employed"
        /// Cross-scheme with a year or more of continuous employee coverage: the employee scheme.
        case employeeContinuous = "employee-continuous"
        /// A general and an assisted resident enrollment, or assisted twice: the person agrees, in writing.
        case assisted
        /// Cross-scheme through part-time or temporary work: keep one with benefits, suspend the other.
        case partTime = "part-time"
        /// Cross-scheme under a year of employee coverage: the texts name no principle; one is kept.
        case undetermined

        public var chinese: String {
            switch self {
            case .currentEmployment: return "保留现就业地参保关系"
            case .residence: return "保留常住地参保关系"
            case .personChoice: return "由参保人自行选择参保地"
            case .school: return "保留学籍地参保关系"
            case .studentEmployed: return "学生就业后保留就业地参保关系"
            case .employeeContinuous: return "连续参加职工医保一年以上，保留职工医保参保关系"
            case .assisted: return "征得参保人同意后确定保留的参保关系"
            case .partTime: return "保留一个可享受待遇的参保关系，暂停重复的参保关系"
            case .undetermined: return "保留一个参保关系，终止重复的参保关系"
            }
        }
    }

    public var principle: Principle
    public var citation: String
    /// The record to keep (index into the person's records); nil until the missing facts are given.
    public var keep: Int?
    /// The records that may be kept under this principle.
    public var candidates: [Int]
    /// A written commitment (书面承诺书, document `commitment-letter`) is needed before the others are ended.
    public var needsCommitment: Bool
    /// Facts the principle needs that were not given; empty when `keep` is known.
    public var missingFacts: [DuplicateFact]
    /// What happens to every other record of the duplicate; empty until `keep` is known.
    public var actions: [DuplicateAction]
    /// One Chinese sentence for the clerk.
    public var message: String
    /// Caveats: facts assumed, steps owed to another agency.
    public var notes: [String]
}

public enum DuplicateRetention {
    /// Applies the region's principle to one duplicate found in `records` (the same array given to detection).
    /// `today` decides whether a resident premium is still refundable (before its benefit period).
    public static func retention(of duplicate: Duplicate, records: [PlatformRecord], facts: DuplicateFacts,
                                 policy: Policy, today: LocalDate) -> Retention {
        let ctx = Context(duplicate: duplicate, records: records, facts: facts, policy: policy, today: today,
                          principles: DuplicatePrinciples(policy: policy))
        switch duplicate.rule {
        case .employee: return ctx.employeeTwice()
        case .resident: return ctx.residentTwice()
        case .crossScheme: return ctx.crossScheme()
        }
    }

    /// Detection and retention for every duplicate of the person.
    public static func review(_ records: [PlatformRecord], facts: DuplicateFacts, policy: Policy,
                              today: LocalDate) -> [(duplicate: Duplicate, retention: Retention)] {
        DuplicateDetection.detect(records).map {
            ($0, retention(of: $0, records: records, facts: facts, policy: policy, today: today))
        }
    }
}

private struct Context {
    let duplicate: Duplicate
    let records: [PlatformRecord]
    let facts: DuplicateFacts
    let policy: Policy
    let today: LocalDate
    let principles: DuplicatePrinciples

    static let nationalDuplicate = "国家规程 第十四条"
    static let nationalRefund = "国家规程 第十六条"

    var members: [Int] { duplicate.records }

    func param(_ key: String) -> Parameter? { policy.parameter(key, on: today) }

    func enabled(_ key: String) -> String? {
        guard let p = param(key), case let .bool(on) = p.value, on else { return nil }
        return p.cite
    }

    /// The chosen record when it is one of `candidates`.
    var chosen: Int? { facts.chosenRecord.flatMap { members.contains($0) ? $0 : nil } }

    /// The single member at `place`, if exactly one is there.
    func member(at place: String?, among list: [Int]) -> Int? {
        guard let place = place?.trimmed(.whitespaces), !place.isEmpty else { return nil }
        let here = list.filter { records[$0].place == place }
        return here.count == 1 ? here[0] : nil
    }

    func summary(_ i: Int) -> String { records[i].summary }

    func retention(_ principle: Principle, _ citation: String, keep: Int?, candidates: [Int], commitment: Bool,
                   missing: [DuplicateFact], action: ReplacedRecord.Action, actionCitation: String? = nil,
                   notes: [String] = [], refund: (Int, Int) -> (Refund?, String?) = { _, _ in (nil, nil) }) -> Retention {
        var message = "\(duplicate.rule.chinese)：\(principle.chinese)"
        var actions: [DuplicateAction] = []
        if let keep {
            message += "，保留 \(summary(keep))"
            let verb = action == .terminate ? "终止" : "暂停"
            for other in members where other != keep {
                let (money, note) = refund(other, keep)
                actions.append(DuplicateAction(record: other, action: action, citation: actionCitation ?? citation,
                                               refund: money, refundNote: note))
                message += "；\(verb) \(summary(other))"
            }
        } else {
            message += "；须先确认：" + missing.map(\.chinese).joined(separator: "、")
        }
        if commitment { message += "（须本人书面承诺）" }
        return Retention(principle: principle, citation: citation, keep: keep, candidates: candidates,
                         needsCommitment: commitment, missingFacts: keep == nil ? missing : [], actions: actions,
                         message: message, notes: notes)
    }

    typealias Principle = Retention.Principle

    // MARK: (一) employee twice: 现就业地

    func employeeTwice() -> Retention {
        let citation: String
        switch principles {
        case .innerMongolia: citation = "内蒙古细则 第二十四条（一）"
        case .national: citation = Self.nationalDuplicate
        case .cityNotice: citation = "某市通知 五"
        }
        // The current employer is the one paying the latest month, unless the person's place of work is known.
        var keep = member(at: facts.currentEmploymentPlace, among: members)
        var notes: [String] = []
        if keep == nil {
            // A flexible worker who took a job keeps the employer's enrollment (国家规程 第十六条 refunds the
            // flexible months after employment).
            var employers = members.filter { !facts.flexible.contains($0) }
            if employers.isEmpty { employers = members }
            if employers.count < members.count { notes.append("灵活就业人员中途就业随单位参保，保留单位参保关系（国家规程 第十六条）") }
            let latest = employers.map { (index: $0, month: (records[$0].months ?? []).compactMap(MonthIndex.parse).max() ?? Int.min) }
            let top = latest.map(\.month).max()
            let atTop = latest.filter { $0.month == top }
            if atTop.count == 1 { keep = atTop[0].index }
        }
        if keep != nil, facts.currentEmploymentPlace == nil {
            notes.append("现就业地按最近缴费月份的参保关系认定；如参保人现就业地不同，应以实际就业地为准")
        }
        let twice = Set(duplicate.months)
        return retention(.currentEmployment, citation, keep: keep, candidates: members, commitment: false,
                         missing: [.currentEmployment], action: .terminate, notes: notes) { other, kept in
            let overlap = (records[other].months ?? []).filter(twice.contains)
            // A flexible worker who prepaid and then joined an employer gets the months after employment back.
            if facts.flexible.contains(other), !facts.flexible.contains(kept) {
                let cite = param("refund.flexible.from")?.cite ?? Self.nationalRefund
                return (Refund(months: overlap, reason: "flexible-employed", citation: cite), "依申请退回就业后以灵活就业人员身份重复缴纳的职工医保费")
            }
            if principles == .cityNotice {
                return (Refund(months: overlap, reason: "left-job-late", citation: "某市通知 六（一）1"),
                        "用人单位未及时办理退工手续造成多缴的，凭人社部门材料办理退费")
            }
            return (nil, nil)
        }
    }

    // MARK: (二) resident twice

    func residentTwice() -> Retention {
        // A student keeps the school's place (国家规程 第十四条; entering school: the school's region notifies).
        if let school = member(at: facts.schoolPlace, among: members) {
            let citation: String
            switch principles {
            case .innerMongolia: citation = "内蒙古细则 第二十四条（三）1"
            case .national: citation = Self.nationalDuplicate
            case .cityNotice: citation = "某市通知 五"
            }
            return retention(.school, citation, keep: school, candidates: [school], commitment: false, missing: [],
                             action: .terminate,
                             notes: ["因入学形成的重复参保：由学籍地医保经办机构通知原参保地医保经办机构终止参保关系"],
                             refund: residentRefund)
        }
        var notes: [String] = []
        if let assisted = facts.assisted, members.contains(where: assisted.contains) {
            let citation = principles == .innerMongolia ? "内蒙古细则 第二十四条（五）" : Self.nationalDuplicate
            return retention(.assisted, citation, keep: chosen, candidates: members, commitment: true,
                             missing: [.personChoice], action: .terminate, refund: residentRefund)
        }
        if facts.assisted == nil {
            notes.append("未掌握是否为政府资助参保；如有一方或双方为资助参保，应征得参保人同意并由本人书面承诺后确定保留的参保关系（\(principles == .innerMongolia ? "内蒙古细则 第二十四条（五）" : Self.nationalDuplicate)）")
        }
        switch principles {
        case .innerMongolia:
            return retention(.personChoice, "内蒙古细则 第二十四条（二）", keep: chosen, candidates: members,
                             commitment: true, missing: [.personChoice], action: .terminate, notes: notes,
                             refund: residentRefund)
        case .national:
            // 常住地 by default; “也可征求参保人意愿后，自行选择参保地”.
            let keep = chosen ?? member(at: facts.residencePlace, among: members)
            if chosen != nil { notes.append("按参保人意愿选择参保地") }
            return retention(.residence, Self.nationalDuplicate, keep: keep, candidates: members, commitment: false,
                             missing: [.residencePlace, .personChoice], action: .terminate, notes: notes,
                             refund: residentRefund)
        case .cityNotice:
            return retention(.residence, "某市通知 五", keep: member(at: facts.residencePlace, among: members),
                             candidates: members, commitment: false, missing: [.residencePlace], action: .terminate,
                             notes: notes, refund: residentRefund)
        }
    }

    /// A resident premium is refunded with the termination only before its benefit period starts (国家规程 第十六条,
    /// 内蒙古细则 第十七条, 达拉特旗方案 五（六）4, 某市通知 六（一）3).
    func residentRefund(_ other: Int, _ kept: Int) -> (Refund?, String?) {
        let r = records[other]
        guard let year = r.year else { return (nil, nil) }
        let assistedNote = facts.assisted?.contains(other) == true
            ? "资助参保对象须先按规定退回已享受的参保缴费补贴（国家规程 第十六条、第十七条）" : nil
        if year > today.year {
            let cite = enabled("refund.resident.before_benefits") ?? Self.nationalRefund
            let months = (1...12).map { MonthIndex.format(MonthIndex.make(year: year, month: $0)) }
            return (Refund(months: months, reason: "duplicate", citation: cite), assistedNote)
        }
        return (nil, "\(year) 年度待遇享受期已开始，个人缴费不再退回（国家规程 第十六条）")
    }

    // MARK: (三) cross-scheme

    func crossScheme() -> Retention {
        let resident = members[0]
        let employees = Array(members.dropFirst())
        let latestEmployee = employees.max { lastMonth($0) < lastMonth($1) } ?? employees[0]

        // A student who took a job: the job's region notifies the school's region, which ends its enrollment
        // (national: suspend, 国家规程 第十五条 2; Inner Mongolia: terminate, 内蒙古细则 第二十四条（三）2).
        if let school = facts.schoolPlace, records[resident].place == school {
            let im = principles == .innerMongolia
            let citation = im ? "内蒙古细则 第二十四条（三）2" : "国家规程 第十五条 2"
            return retention(.studentEmployed, citation, keep: latestEmployee, candidates: employees, commitment: false,
                             missing: [], action: im ? .terminate : .suspend,
                             notes: ["学生就业后形成的重复参保：由就业地医保经办机构通知原学籍地医保经办机构\(im ? "终止" : "暂停")参保关系"],
                             refund: crossRefund)
        }
        // A year or more of continuous employee coverage keeps the employee scheme even for part-time work: both
        // texts state it first, and part-time work is the short, interrupted case (（四） before （六）).
        let run = continuousEmployeeMonths()
        if run >= 12 {
            let citation: String
            switch principles {
            case .innerMongolia: citation = "内蒙古细则 第二十四条（四）"
            case .national: citation = Self.nationalDuplicate
            case .cityNotice: citation = "某市通知 五"
            }
            return retention(.employeeContinuous, citation, keep: latestEmployee, candidates: employees,
                             commitment: false, missing: [], action: .terminate,
                             notes: ["连续参加职工医保 \(run) 个月"], refund: crossRefund)
        }
        if employees.contains(where: facts.flexible.contains) {
            let citation = principles == .innerMongolia ? "内蒙古细则 第二十四条（六）" : Self.nationalDuplicate
            return retention(.partTime, citation, keep: chosen, candidates: members, commitment: false,
                             missing: [.personChoice], action: .suspend,
                             notes: ["连续参加职工医保 \(run) 个月，不足一年；由参保人选择保留一个可享受待遇的参保关系"])
        }
        // No text names a principle here; the general rule keeps one and ends the others.
        let citation = principles == .innerMongolia ? "内蒙古细则 第二十四条" : Self.nationalDuplicate
        return retention(.undetermined, citation, keep: chosen, candidates: members, commitment: false,
                         missing: [.personChoice], action: .terminate,
                         notes: ["连续参加职工医保 \(run) 个月，不足一年，且非灵活就业：政策未规定保留哪一方，由经办机构征求参保人意见后确定"],
                         refund: { other, _ in records[other].scheme == .resident ? crossRefund(other, 0) : (nil, nil) })
    }

    func lastMonth(_ i: Int) -> Int { (records[i].months ?? []).compactMap(MonthIndex.parse).max() ?? Int.min }

    /// The run of consecutive paid employee months through the duplicate's last benefit month, over every paid
    /// employee record of the person (a past employer's months count: “连续参加职工医保”).
    func continuousEmployeeMonths() -> Int {
        var months = Set<Int>()
        for r in records where r.scheme == .employee && r.paid {
            for m in r.months ?? [] { if let i = MonthIndex.parse(m) { months.insert(i) } }
        }
        guard let anchor = duplicate.months.compactMap(MonthIndex.parse).max(), months.contains(anchor) else { return 0 }
        var run = 1, month = anchor - 1
        while months.contains(month) { run += 1; month -= 1 }
        month = anchor + 1
        while months.contains(month) { run += 1; month += 1 }
        return run
    }

    /// The resident premium ended for the employee scheme: refundable before its benefit period (国家规程 第十六条);
    /// in the city also when employee benefits were enjoyed all year (某市通知 六（一）3).
    func crossRefund(_ other: Int, _ kept: Int) -> (Refund?, String?) {
        let r = records[other]
        guard r.scheme == .resident, let year = r.year else { return (nil, nil) }
        let months = (1...12).map { MonthIndex.format(MonthIndex.make(year: year, month: $0)) }
        if year > today.year {
            let cite = enabled("refund.resident.before_benefits") ?? Self.nationalRefund
            return (Refund(months: months, reason: "joined-employee", citation: cite), nil)
        }
        if let cite = enabled("refund.resident.employee_benefits_all_year") {
            return (Refund(months: months, reason: "employee-benefits", citation: cite),
                    "当年持续享受职工医保待遇而未享受居民医保待遇的，依申请退还居民医保个人缴费")
        }
        return (nil, "\(year) 年度待遇享受期已开始，个人缴费不再退回（国家规程 第十六条）")
    }
}
