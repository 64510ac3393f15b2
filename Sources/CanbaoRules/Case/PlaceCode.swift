/// Region codes (统筹区代码, GB/T 2260): where a case is handled (`here`), where a person is enrolled, a school's
/// place. Written as 6 digits (150621 达拉特旗).
public enum PlaceCode {
    /// Why `text` cannot be a place code, or nil when it can. The one check every entry point uses (case files and
    /// the counter's place fields), so the GB/T 2260 table of codes that exist plugs in here and nowhere else.
    public static func problem(_ text: String) -> String? {
        guard text.utf8.count == 6, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return expected
        }
        return nil
    }

    /// What a place field expects, for messages and the case-file guide.
    public static let expected = "应为 6 位数字的统筹区代码（如 150621）"
}
