/// Region codes (统筹区代码, GB/T 2260): where a case is handled (`here`), where a person is enrolled, a school's
/// place. Written as 6 digits (150621 达拉特旗).
public enum PlaceCode {
    /// Why `text` cannot be a place code, or nil when it can. The one check every entry point uses (case files and
    /// the counter's place fields). With a division table (`Forms/divisions/`), the code must also be one of its
    /// current codes; without one (or an empty one), 6 digits are enough.
    public static func problem(_ text: String, in divisions: Divisions? = nil) -> String? {
        guard text.utf8.count == 6, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return expected
        }
        // The shape of a division code holds for retired codes too: a province, and no county under a prefecture
        // "00" (GB/T 2260 writes a province XX0000 and a prefecture XXXX00).
        let digits = Array(text.utf8)
        guard provinces.contains(String(decoding: digits[0..<2], as: UTF8.self)) else { return notAProvince }
        if digits[2] == UInt8(ascii: "0"), digits[3] == UInt8(ascii: "0"),
           digits[4] != UInt8(ascii: "0") || digits[5] != UInt8(ascii: "0") {
            return notADivision
        }
        if let divisions, !divisions.isEmpty, !divisions.contains(text) { return unknown }
        return nil
    }

    /// The first two digits of a division code: the provinces of GB/T 2260 (`GB11643.provinceCodes`, with 71
    /// Taiwan Province) and 81, 82 (Hong Kong, Macao), which the standard lists too.
    static let provinces = GB11643.provinceCodes.union(["81", "82"])

    /// A code whose first two digits name no province (000000, 999999).
    public static let notAProvince = "不是行政区划代码：前两位应为省级代码（GB/T 2260，如 15 内蒙古自治区）"

    /// A county code under a prefecture "00" (150021).
    public static let notADivision = "不是行政区划代码：第 3、4 位为 00 时应为省级代码，第 5、6 位也应为 00（GB/T 2260）"

    /// What a place field expects, for messages and the case-file guide.
    public static let expected = "应为 6 位数字的统筹区代码（如 150621）"

    /// A code of the right shape that the division table does not hold.
    public static let unknown = "不是现行的行政区划代码（GB/T 2260）"
}
