import ArgumentParser

/// The root command's own arguments, parsed and run without its subcommands (`canbao` with options only: the
/// counter screen).
public protocol RootArguments: ParsableArguments {
    func run() throws

    /// A plain line read without ArgumentParser (`QuickLine`), ready to run; nil hands the line to ArgumentParser.
    static func quickly(_ arguments: [String]) -> (() throws -> Void)?
}

extension RootArguments {
    public static func quickly(_ arguments: [String]) -> (() throws -> Void)? { nil }
}

/// A subcommand's plain line read without ArgumentParser (`QuickLine`), as the command ready to run; nil hands the
/// line to ArgumentParser.
public typealias QuickCommand = ([String]) -> (() throws -> Void)?

extension ParsableCommand {
    /// `mainReportingInput`, starting quickly: ArgumentParser builds its tree by reflecting over every command's
    /// arguments (the runtime's protocol-conformance lookups, a few milliseconds in a large binary), so a plain line
    /// of the root's own arguments or of a command in `quick` is read without it (`QuickLine`), and otherwise the
    /// command named first (`canbao roster …`), or the root's own arguments when none is named, is parsed on its
    /// own first. Anything that parse does not take (help, completion scripts, a usage error) goes through the
    /// whole tree, as before, so every message and help text is the same.
    public static func mainReportingInput(root: (any RootArguments.Type)?, quick: [String: QuickCommand] = [:]) {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let empty = emptyLocation(in: arguments) {
            reportingInput { throw InputError("canbao: \(empty) 为空：请给出\(empty == "--home" ? "数据目录" : "数据库地址")，或不写此选项") }
            return
        }
        guard let parsed = quickParse(arguments, root: root, quick: quick) else { return mainReportingInput() }
        reportingInput(parsed)
    }

    /// `--home` or `--database` given an empty value (`--home "$UNSET"`): read as not given, it fell back to
    /// `$CANBAO_HOME` or the default store, the one a script least meant to touch. Nil when there is none.
    static func emptyLocation(in arguments: [String]) -> String? {
        for option in ["--home", "--database"] {
            if arguments.contains(option + "=") { return option }
            if let i = arguments.firstIndex(of: option), i + 1 < arguments.count, arguments[i + 1].isEmpty { return option }
        }
        return nil
    }

    /// The parsed command, ready to run; nil when only the whole tree can say what `arguments` mean.
    static func quickParse(_ arguments: [String], root: (any RootArguments.Type)?,
                           quick: [String: QuickCommand] = [:]) -> (() throws -> Void)? {
        guard !arguments.contains(where: isBuiltIn) else { return nil }
        if let first = arguments.first, let read = quick[first], let command = read(Array(arguments.dropFirst())) {
            return command
        }
        // An option first (`canbao --home …`) names no command: the subcommands' configurations are not built.
        if let first = arguments.first, !first.hasPrefix("-"),
           let subcommand = configuration.subcommands.first(where: { $0.configuration.commandName == first }) {
            guard let command = try? subcommand.parseAsRoot(Array(arguments.dropFirst())) else { return nil }
            return { var command = command; try command.run() }
        }
        guard let root else { return nil }
        if let run = root.quickly(arguments) { return run }
        guard let options = try? root.parse(arguments) else { return nil }
        return { try options.run() }
    }

    /// What ArgumentParser answers for the whole tree: help and completion scripts.
    static func isBuiltIn(_ argument: String) -> Bool {
        ["-h", "-help", "--help", "help"].contains(argument) || argument.hasPrefix("--generate-completion")
            || argument.hasPrefix("--experimental")
    }
}
