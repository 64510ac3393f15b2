/// Every parameter a policy profile may set, with its type and (for text) the values it may take.
/// A profile naming anything else fails to load, so a typo never becomes a silent default.
public enum ParameterSchema {
    public enum Kind: Hashable, Sendable {
        case int, bool, duration, monthDayRange, documents
        case choice([String])
        /// A list of hardship status codes (`HardshipStatus`), highest first.
        case statuses
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
        // The enrollment rate the universal-enrollment plan aims at, in percent (某市通知 三; 达拉特旗方案 二（一）).
        "coverage.target_percent": .int,
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
        // Change of registered information (国家规程 第十二条 1, 江门规程 第二十一条): correcting the identity
        // number, the person's unique key (国家规程 第七条), is decided by a supervisor.
        "change.identity_correction": .choice(["approval"]),
        // Suspend and terminate (内蒙古细则 第九条（五）、第十条（四）、第十一条（四）, 江门规程 第七条)
        "status.suspend_service_prison": .bool,
        "status.suspend_left_job": .bool,
        "status.missing": .choice(["suspend", "terminate"]),
        "status.tax_stop_first": .bool,
        "status.employer_applies": .bool,
        "status.account_withdrawal": .bool,
        // Transfers (国家规程 第十条, 内蒙古细则 第十八条至第二十二条, 江门规程 第二十五条、第二十六条)
        "transfer.cross_province.out_working_days": .int,
        "transfer.cross_province.in_working_days": .int,
        "transfer.on_the_spot": .bool,
        "transfer.in_province.no_documents": .bool,
        "transfer.employee_via_employer": .bool,
        "transfer.backpay.max_gap_months": .int,
        "transfer.backpay.scope": .choice(["in-province", "any"]),
        "transfer.backpay.retroactive": .choice(["all", "employee-only"]),
        "transfer.backpay.longer_gap": .choice(["approval", "waiting-period", "no-retroactive"]),
        // Refunds (国家规程 第十六条、第十七条, 内蒙古细则 第十七条, 江门规程 第十九条、第二十三条, 某市通知 六)
        "refund.resident.before_benefits": .bool,
        "refund.resident.death": .choice(["allowed", "approval"]),
        "refund.resident.employee_benefits_all_year": .bool,
        "refund.assisted.return_subsidy": .bool,
        "refund.assisted.higher_tier": .bool,
        "refund.employee.death_from_month": .bool,
        "refund.flexible.from": .choice(["employment-month", "application-month"]),
        "refund.city_categories": .bool,
        "refund.completed_by_day_next_month": .int,
        // A lump-sum payment is refundable before its benefits start, never after (江门规程 第十七条、第十九条).
        "refund.lump_sum_before_benefits": .bool,
        // Employers (参保单位, 内蒙古细则 第八条): deadlines from establishment, a change, or the approval of a merger,
        // split, dissolution or bankruptcy; the local agency (属地); one active registration; paid in full first.
        "unit.register_within": .duration,
        "unit.change_within": .duration,
        "unit.close_within": .duration,
        "unit.local_agency": .bool,
        "unit.single_registration": .bool,
        "unit.close_paid_in_full": .bool,
        // 滞纳金 per day on arrears, in units of 1/10000 (内蒙古细则 第十五条: 万分之五).
        "unit.late_fee_per_day_permyriad": .int,
        // Employees registered by the employer (内蒙古细则 第九条（一）; 江门规程 第八条: through the tax office).
        "employee.register_within": .duration,
        "employee.registered_at_tax": .bool,
        // Released prisoners (内蒙古细则 第九条（六）).
        "prison.release": .bool,
        // Retirement verification (江门规程 第十五条、第十六条; 内蒙古细则 第七条、第九条（四）、第十条（三））. The
        // minimum contribution years are the local rule's figure in force in the year the person reaches retirement
        // age (江门规程 第十五条); no seed gives it, so no profile sets it and the clerk enters it.
        "retirement.minimum_years": .int,
        "retirement.benefit_place_required": .bool,
        "retirement.transfers_first": .bool,
        "retirement.stop_payment_day_next_month": .int,
        "retirement.verify_working_days": .int,
        "retirement.employer_applies": .bool,
        "retirement.lump_sum_done_no_verification": .bool,
        "retirement.pension_not_bound": .bool,
        // Lump-sum payment to the required years (江门规程 第十七条; 内蒙古细则 第九条（四））: the base, its value when
        // a profile records the published figure (dated: the year before last's average wage, in fen), the monthly
        // alternative and when benefits start.
        "lump_sum.base": .choice(["average-wage-year-before-last", "current-month-standard"]),
        "lump_sum.base_monthly_wage_fen": .int,
        "lump_sum.monthly_alternative": .bool,
        "lump_sum.benefits_month_after_payment": .bool,
        // The employee personal account: one-off withdrawal (江门规程 第十八条, with `status.account_withdrawal`) and
        // the balance refunded on switching to the resident scheme (内蒙古细则 第二十条（二））.
        "account.refund_on_switch_to_resident": .bool,
        // Hardship marks (国家规程 第七条, 内蒙古细则 第十二条（四）, 江门规程 第六条、第二十条（四）、第二十二条)
        "hardship.order": .statuses,
        "hardship.highest_once": .bool,
        "hardship.register_first": .bool,
        "hardship.mark_within": .duration,
        "hardship.certified_place": .bool,
    ]
}
