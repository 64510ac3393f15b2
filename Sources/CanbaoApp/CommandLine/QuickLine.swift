/// A plain command line read without ArgumentParser, for the two starts that must be quick (issue #17): the counter
/// screen and `canbao check`. ArgumentParser builds a command by reflecting over its properties, and each type it
/// first looks at makes the Swift runtime scan all of the binary's ~9,700 protocol-conformance records: about 45
/// scans before the command runs, a quarter of the counter screen's start.
///
/// Only the plainest lines are read here: long options with a value (`--home DIR`, `--home=DIR`), flags and
/// positional arguments, each option at most once. Anything else (an unknown, repeated or short option, a value
/// that starts with "-", `--name=` with nothing after it, `--`, a flag given a value, too many arguments) is nil,
/// and the line goes to ArgumentParser, which parses, validates and words every message as it always has. The
/// commands' readers are compared with ArgumentParser on random command lines (`QuickLineTests`).
public struct QuickLine: Sendable {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    public private(set) var positionals: [String] = []

    /// `arguments` read with the options `valueNames` (each takes a value) and `flagNames` (each takes none), names
    /// without their "--", and at most `positionals` other arguments; nil when the line is not that plain.
    public init?(_ arguments: [String], values valueNames: Set<String>, flags flagNames: Set<String>, positionals limit: Int) {
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            guard token.hasPrefix("-"), token != "-" else {
                // "-" is standard input, a positional argument as any other word.
                guard positionals.count < limit else { return nil }
                positionals.append(token)
                continue
            }
            guard token.hasPrefix("--"), token.count > 2 else { return nil }
            let option = token.dropFirst(2)
            if let equals = option.firstIndex(of: "=") {
                let name = String(option[..<equals]), value = String(option[option.index(after: equals)...])
                // ArgumentParser takes `--home=` for a missing value (but `--home ""` for an empty one).
                guard valueNames.contains(name), values[name] == nil, !value.isEmpty else { return nil }
                values[name] = value
            } else if flagNames.contains(String(option)) {
                guard flags.insert(String(option)).inserted else { return nil }
            } else {
                let name = String(option)
                guard valueNames.contains(name), values[name] == nil, index < arguments.count,
                      !arguments[index].hasPrefix("-") else { return nil }
                values[name] = arguments[index]
                index += 1
            }
        }
    }

    /// The value given to `--name`, nil when the option was not given.
    public func value(_ name: String) -> String? { values[name] }

    /// Whether the flag `--name` was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }
}

extension GlobalSettings {
    /// The options' names, as `QuickLine` takes them.
    public static let quickNames: Set<String> = ["forms", "home", "database", "hall"]

    /// The options as `line` gives them.
    public init(_ line: QuickLine) {
        self.init(forms: line.value("forms"), home: line.value("home"), database: line.value("database"),
                  hall: line.value("hall"))
    }
}
