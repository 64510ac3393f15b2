import ArgumentParser
import CanbaoApp
import CanbaoRules
import Foundation

/// Options of the store-wide commands (duplicates, roster, coverage): the policy profile, the place and the date.
///
/// `--region` and `--place` are the root command's (`DeskOptions`): ArgumentParser lets the root consume them wherever
/// they appear on the line, so the subcommands read them from the same group (hidden here, described in each
/// command's help) instead of declaring options of their own that would never receive a value.
struct StoreWideOptions: ParsableArguments {
    @OptionGroup(visibility: .hidden) var desk: DeskOptions

    @Option(name: .long, help: "办理日期 YYYY-MM-DD（默认：今天，按业务时区 --tz / $CANBAO_TZ，未设置时为 Asia/Shanghai）", transform: LocalDate.fromArgument)
    var date: LocalDate?


    var today: LocalDate {
        get throws { try date ?? desk.clock.today }
    }

    /// `--place` as given (no default: for these commands it is a filter, or the school's place).
    var place: String? { desk.place.flatMap { $0.trimmed(.whitespaces).isEmpty ? nil : $0 } }

    /// `--place` as a report's filter (`placeFilter(_:)`).
    var placeFilter: String? { get throws { try Self.placeFilter(desk.place) } }

    /// A report's `--place`: a province's, city's or county's code (2, 4 or 6 digits), nil when not given. Anything
    /// else, empty included, is bad input: `--place abc` reported zeros and `--place ''` the whole agency, each
    /// looking like an answer (found by an outside tester).
    static func placeFilter(_ raw: String?) throws -> String? {
        guard let raw else { return nil }
        let text = raw.trimmed(.whitespaces)
        guard [2, 4, 6].contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw InputError(SafeText.escaped(
                "--place 应为统筹区代码或其前缀（2、4 或 6 位数字，如 1506 或 150621），实际为“\(raw.prefix(24))”"))
        }
        return text
    }

    var regionID: String { desk.region ?? ProcessInfo.processInfo.environment["CANBAO_REGION"].flatMap { $0.isEmpty ? nil : $0 } ?? "dalate" }

    /// Forms/ and the profile; an unreadable Forms/ or an unknown profile is invalid input (exit 2).
    func load(_ global: GlobalOptions) throws -> (FormSet, Policy) {
        let forms = try global.loadForms()
        guard let policy = forms.policy(regionID) else {
            throw InputError("未知的地区档案“\(regionID)”（可用：\(forms.profiles.keys.sorted().joined(separator: ", "))）")
        }
        return (forms, policy)
    }
}
