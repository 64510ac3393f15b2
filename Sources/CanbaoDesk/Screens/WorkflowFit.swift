import CanbaoRules

/// Which services fit the person a case is started for: the workflow menu offers those, and says why the others
/// are not listed (no newborn registration for an adult).
enum WorkflowFit {
    /// Services of a unit (参保单位), not of a person.
    static let unitServices: Set<String> = ["unit-register", "unit-change", "unit-close", "unit-consolidate"]
    /// Services that change an enrollment the person already has.
    static let needsARecord: Set<String> = ["suspend", "terminate", "transfer-out", "refund"]

    /// Why workflow `id` does not fit `person` on `today`, or nil when it may.
    static func misfit(_ id: String, person: PersonSummary, today: LocalDate) -> String? {
        if unitServices.contains(id) { return "单位业务，不针对个人" }
        switch id {
        case "newborn":
            guard let birth = person.birthDate, birth.adding(months: 12) <= today else { return nil }
            return "已满周岁（出生 \(birth)，\(age(birth, today)) 岁），不是新生儿"
        case "foreign-resident":
            guard person.document.kind == .residentID else { return nil }
            return "持居民身份证，不是港澳台居民或外籍人员"
        case _ where needsARecord.contains(id):
            return person.records.isEmpty ? "平台无此人参保记录，无可办理的参保关系" : nil
        default:
            return nil
        }
    }

    /// Whole years from `birth` to `today`.
    static func age(_ birth: LocalDate, _ today: LocalDate) -> Int {
        var years = today.year - birth.year
        if (today.month, today.day) < (birth.month, birth.day) { years -= 1 }
        return max(0, years)
    }

    /// The workflows offered for `person` (all of them without one), and the others with the reason.
    static func split(_ all: [Choice], person: PersonSummary?, today: LocalDate) -> (offered: [Choice], left: [(Choice, String)]) {
        guard let person else { return (all, []) }
        var offered: [Choice] = [], left: [(Choice, String)] = []
        for choice in all {
            if let why = misfit(choice.value, person: person, today: today) { left.append((choice, why)) } else { offered.append(choice) }
        }
        return (offered, left)
    }
}
