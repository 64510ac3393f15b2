/// The kinds of identity document (证件) a person can be registered with.
public enum DocumentKind: String, Codable, Sendable, CaseIterable {
    case residentID = "resident-id"
    case hmtResidencePermit = "hmt-residence-permit"
    case hkMacauPermit = "hk-macau-permit"
    case taiwanPermit = "taiwan-permit"
    case foreignPermanentResidence = "foreign-permanent-residence"
    case foreignResidencePermit = "foreign-residence-permit"
    case foreignPassport = "foreign-passport"
    /// A newborn before hukou registration: the 出生医学证明 number (国家规程 第十五条 3: 有效身份证明).
    case birthCertificate = "birth-certificate"
    /// Used only for a newborn who died before hukou registration: the parent's ID number (内蒙古细则 第十二条（一）2).
    case other

    public var chineseName: String {
        switch self {
        case .residentID: return "居民身份证"
        case .hmtResidencePermit: return "港澳台居民居住证"
        case .hkMacauPermit: return "港澳居民来往内地通行证"
        case .taiwanPermit: return "台湾居民来往大陆通行证"
        case .foreignPermanentResidence: return "外国人永久居留身份证"
        case .foreignResidencePermit: return "外国人居留许可"
        case .foreignPassport: return "外国护照"
        case .birthCertificate: return "出生医学证明"
        case .other: return "其他证件类型"
        }
    }
}

public enum Sex: String, Codable, Sendable, CaseIterable {
    case male, female
    public var chinese: String { self == .male ? "男" : "女" }
}

/// Where a Hong Kong, Macau or Taiwan resident or a foreigner comes from.
public enum Origin: String, Codable, Sendable, CaseIterable {
    case hongKong = "hong-kong", macau, taiwan, foreign
    public var chinese: String {
        switch self {
        case .hongKong: return "香港"
        case .macau: return "澳门"
        case .taiwan: return "台湾"
        case .foreign: return "外国"
        }
    }
}
