/// What each type of form field accepts, checked the same way for a case file's value and for what the clerk types
/// at the counter, so the counter never stores what `canbao check` would refuse. A value is read from its text
/// exactly: `yes`, `1` or `是` is not a yes/no answer, `2.5` or `-5` is not a count, `atlantis` is not a choice.
public enum FieldValue {
    /// The largest count an `int` field takes (months of contributions, of a gap, …): beyond any real answer, and
    /// small enough that no date arithmetic on it can overflow.
    public static let maxCount = 9_999

    /// A value that does not fit its field: what is expected, in Chinese (`应为 true 或 false`).
    public struct Problem: Error, Hashable, Sendable {
        public var expected: String
    }

    /// The value of `text` for `field`, typed as the rules read it (yes/no as `.bool`, counts and years as `.int`,
    /// everything else as `.text`), or what the field expects. A place is checked against `divisions` when given
    /// (the GB/T 2260 table of Forms/divisions/).
    public static func read(_ text: String, for field: FormField, divisions: Divisions? = nil) -> Result<FactValue, Problem> {
        let fail = Result<FactValue, Problem>.failure(Problem(expected: expected(field)))
        switch field.type {
        case .bool:
            switch text {
            case "true", "True", "TRUE": return .success(.bool(true))
            case "false", "False", "FALSE": return .success(.bool(false))
            default: return fail
            }
        case .int:
            guard let n = digits(text, max: maxCount) else { return fail }
            return .success(.int(n))
        case .year:
            guard text.utf8.count == 4, let y = digits(text, max: 9999), LocalDate.inputYears.contains(y) else { return fail }
            return .success(.int(y))
        case .date:
            guard let d = LocalDate(text), LocalDate.inputRange.contains(d) else { return fail }
            return .success(.text(d.description))
        case .month:
            guard text.utf8.count == 7, let d = LocalDate(text + "-01"), LocalDate.inputRange.contains(d) else { return fail }
            return .success(.text(text))
        case .place:
            if let problem = PlaceCode.problem(text, in: divisions) { return .failure(Problem(expected: problem)) }
            return .success(.text(text))
        case .choice, .sex, .scheme:
            return choices(field).contains(text) ? .success(.text(text)) : fail
        case .text, .document:
            if let problem = SafeText.problem(in: text, maxLength: textLimit(field.id)) ?? SafeText.blankProblem(in: text) {
                return .failure(Problem(expected: problem))
            }
            return .success(.text(text))
        }
    }

    /// What a field of this type accepts, as the messages and the case-file guide say it.
    public static func expected(_ field: FormField) -> String {
        switch field.type {
        case .bool: return "应为 true 或 false"
        case .int: return "应为 0 至 \(maxCount) 的整数"
        case .year: return "应为四位年份（\(LocalDate.inputYears.lowerBound) 至 \(LocalDate.inputYears.upperBound)）"
        case .date: return "应为 YYYY-MM-DD 格式的有效日期（\(LocalDate.inputRange.lowerBound) 至 \(LocalDate.inputRange.upperBound)）"
        case .month:
            return "应为 YYYY-MM 格式的月份（\(LocalDate.inputRange.lowerBound.description.prefix(7)) 至 \(LocalDate.inputRange.upperBound.description.prefix(7))）"
        case .place: return PlaceCode.expected
        case .choice, .sex, .scheme: return "应为以下之一：\(choices(field).joined(separator: ", "))"
        case .text, .document: return "应为一行文字（不含控制字符，最多 \(textLimit(field.id)) 个字符）"
        }
    }

    /// The values a choice-like field takes, in the form's order.
    public static func choices(_ field: FormField) -> [String] {
        switch field.type {
        case .sex: return Sex.allCases.map(\.rawValue)
        case .scheme: return Scheme.allCases.map(\.rawValue)
        default: return field.choices.map(\.value)
        }
    }

    /// Names (`person.name`, `new_name`) take `SafeText.maxNameLength` characters; other text a line's worth.
    public static func textLimit(_ id: String) -> Int {
        id == "name" || id.hasSuffix(".name") || id.hasSuffix("_name") ? SafeText.maxNameLength : SafeText.maxLineLength
    }

    /// ASCII digits only (no sign, point, exponent or spaces), at most `max`.
    static func digits(_ text: String, max: Int) -> Int? {
        guard !text.isEmpty, text.utf8.count <= String(max).utf8.count,
              text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let n = Int(text), n <= max else { return nil }
        return n
    }
}
