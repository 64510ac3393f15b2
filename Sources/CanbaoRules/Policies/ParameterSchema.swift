/// Every parameter a policy profile may set, with its type and (for text) the values it may take.
/// A profile naming anything else fails to load, so a typo never becomes a silent default.
public enum ParameterSchema {
    public enum Kind: Hashable, Sendable {
        case int, bool, duration, monthDayRange, documents
        case choice([String])
    }

    public static let kinds: [String: Kind] = [
        // Newborns (国家规程 第十五条 3, 内蒙古细则 第十二条（一）, 江门规程 第二十条（二）（三）)
        "newborn.window": .duration,
        "newborn.late_handling": .choice(["approval"]),
        "newborn.deceased.window": .duration,
        "newborn.deceased.name_suffix": .choice(["XSE"]),
        "newborn.deceased.at_birthplace": .bool,
        "newborn.preregistered.update_within": .duration,
        // The registration check (国家规程 第七条, 内蒙古细则 第九条（二）、第十一条（二）)
        "registration.scope": .choice(["other-regions", "all-regions"]),
        "registration.employee_requires_suspension": .bool,
        "registration.resident_with_employee": .bool,
        "registration.resident_paid_elsewhere": .choice(["refuse"]),
        "registration.resident_unpaid_elsewhere": .choice(["refuse", "cancel-and-register"]),
        "registration.next_year": .bool,
        "registration.seasonal_switch": .bool,
        // 某市通知 五（二）（三）: joining the employee scheme suspends the local resident enrollment, for anyone.
        "registration.employee_suspends_local_resident": .bool,
        "registration.employee_suspends_local_next_year": .bool,
        "registration.assisted_switch": .bool,
        "registration.student_entering": .choice(["terminate"]),
        "resident.annual_prepayment": .bool,
        "collection_period": .monthDayRange,
        // Residence permits (国家规程 第六条, 内蒙古细则 第五条)
        "residence.permit_enrollment": .bool,
        "flexible.place": .bool,
        "flexible.payment": .choice(["yearly-prorated", "monthly"]),
        "contribution_year.start": .monthDayRange,
        // Students (国家规程 第十五条 2, 内蒙古细则 第十二条（二）)
        "student.school_place": .bool,
        "student.certified_place_allowed": .bool,
        // Veterans (国家规程 第十五条 4, 内蒙古细则 第十二条（三）, 江门规程 第十五条)
        "veteran.waiting_exempt": .bool,
        "veteran.gap_backpay": .bool,
        "veteran.service_years_count": .bool,
        // HMT residents and foreigners (内蒙古细则 第十二条（五）, 江门规程 第五条)
        "hmt.documents": .documents,
        "foreign.documents": .documents,
        "foreign.employee_flexible_only": .bool,
        // Waiting periods (某市通知 四)
        "waiting.employee": .bool,
        "waiting.resident": .bool,
        "waiting.months": .int,
        "waiting.continuous_months": .int,
        "waiting.max_gap_months": .int,
        "waiting.assisted_exempt": .bool,
        // Documents the agency gets by data sharing (江门规程 第四条)
        "documents.data_shared": .documents,
    ]
}
