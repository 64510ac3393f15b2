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
        if let divisions, !divisions.isEmpty, !divisions.contains(text) { return unknown }
        return nil
    }

    /// What a place field expects, for messages and the case-file guide.
    public static let expected = "应为 6 位数字的统筹区代码（如 150621）"

    /// A code of the right shape that the division table does not hold.
    public static let unknown = "不是现行的行政区划代码（GB/T 2260）"
}
