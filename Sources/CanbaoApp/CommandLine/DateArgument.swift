import ArgumentParser
import CanbaoRules

/// A date on the command line (`--date 2026-03-02`): the same dates every entry point accepts, 1900–2099.
extension LocalDate: ExpressibleByArgument {
    public init?(argument: String) {
        guard let date = LocalDate(argument.trimmed(.whitespaces)),
              LocalDate.inputYears.contains(date.year) else { return nil }
        self = date
    }

    /// The transform of a `--date` option: a date that is not one says so in Chinese (a usage error, exit 64).
    public static func fromArgument(_ text: String) throws -> LocalDate {
        guard let date = LocalDate(argument: text) else {
            throw ValidationError("日期应为 YYYY-MM-DD 格式的有效日期（\(LocalDate.inputYears.lowerBound)–\(LocalDate.inputYears.upperBound) 年）：\(text)")
        }
        return date
    }
}
