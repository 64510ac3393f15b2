/// The hardship statuses (困难居民身份) a person may be marked with for subsidised enrollment (资助参保): 国家规程 第七条
/// (特困人员、低保对象及其他农村低收入人口、重度残疾人), 内蒙古细则 第十二条（四）, 江门规程 第六条 (the full list). Each is
/// certified by one department (江门规程 第六条 “县级民政、乡村振兴、残联等部门按照职责分工负责确认”; who certifies which
/// as 达拉特旗方案 六（十四）（十七）（十八）（十九） assigns it). A case records one as the fact `hardship_<code>` (with `_`
/// for `-`), e.g. `hardship_minimum_living: true`.
public enum HardshipStatus: String, CaseIterable, Sendable, Hashable {
    case extremePoverty = "extreme-poverty"
    case orphan
    case unsupportedChild = "unsupported-child"
    case minimumLiving = "minimum-living"
    case lowIncomeMargin = "low-income-margin"
    case povertyRisk = "poverty-risk"
    case severeDisability = "severe-disability"
    case mentalIntellectualDisability = "mental-intellectual-disability"
    case entitledVeteran = "entitled-veteran"

    /// The name 江门规程 第六条 uses.
    public var chinese: String {
        switch self {
        case .extremePoverty: return "特困人员"
        case .orphan: return "孤儿"
        case .unsupportedChild: return "事实无人抚养儿童"
        case .minimumLiving: return "最低生活保障对象"
        case .lowIncomeMargin: return "最低生活保障边缘家庭成员"
        case .povertyRisk: return "易返贫致贫人口"
        case .severeDisability: return "重度残疾人"
        case .mentalIntellectualDisability: return "精神和智力残疾人"
        case .entitledVeteran: return "符合条件的退役军人优抚对象"
        }
    }

    /// The department that certifies the status and answers for it (江门规程 第六条).
    public var department: String {
        switch self {
        case .extremePoverty, .orphan, .unsupportedChild, .minimumLiving, .lowIncomeMargin: return "民政部门"
        case .povertyRisk: return "乡村振兴部门"
        case .severeDisability, .mentalIntellectualDisability: return "残联"
        case .entitledVeteran: return "退役军人事务部门"
        }
    }

    /// The article that names the department's duty (达拉特旗方案 六 lists them one by one).
    public var departmentCite: String {
        switch self {
        case .extremePoverty, .orphan, .unsupportedChild, .minimumLiving, .lowIncomeMargin: return "达拉特旗方案 六（十七）"
        case .povertyRisk: return "达拉特旗方案 六（十八）"
        case .severeDisability, .mentalIntellectualDisability: return "达拉特旗方案 六（十九）"
        case .entitledVeteran: return "达拉特旗方案 六（十四）"
        }
    }

    /// Enrolled in principle where the status was certified (内蒙古细则 第十二条（四）: 特困、低保、易返贫致贫).
    public var enrollsAtCertifiedPlace: Bool { [.extremePoverty, .minimumLiving, .povertyRisk].contains(self) }

    /// The case fact that records the status: `hardship_minimum_living`.
    public var fact: String { "hardship_" + rawValue.replacingOccurrences(of: "-", with: "_") }
}
