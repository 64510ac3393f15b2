import ArgumentParser

/// The root command's own arguments, parsed and run without its subcommands (`canbao` with options only: the
/// counter screen).
public protocol RootArguments: ParsableArguments {
    func run() throws
}

extension ParsableCommand {
    /// `mainReportingInput`, starting quickly: ArgumentParser builds its tree by reflecting over every command's
    /// arguments (the runtime's protocol-conformance lookups, a few milliseconds in a large binary), so the command
    /// named first (`canbao check …`), or the root's own arguments when none is named, is parsed on its own first.
    /// Anything that parse does not take (help, completion scripts, a usage error) goes through the whole tree, as
    /// before, so every message and help text is the same.
    public static func mainReportingInput(root: (any RootArguments.Type)?) {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let quick = quickParse(arguments, root: root) else { return mainReportingInput() }
        reportingInput(quick)
    }

    /// The parsed command, ready to run; nil when only the whole tree can say what `arguments` mean.
    static func quickParse(_ arguments: [String], root: (any RootArguments.Type)?) -> (() throws -> Void)? {
        guard !arguments.contains(where: isBuiltIn) else { return nil }
        // An option first (`canbao --home …`) names no command: the subcommands' configurations are not built.
        if let first = arguments.first, !first.hasPrefix("-"),
           let subcommand = configuration.subcommands.first(where: { $0.configuration.commandName == first }) {
            guard let command = try? subcommand.parseAsRoot(Array(arguments.dropFirst())) else { return nil }
            return { var command = command; try command.run() }
        }
        guard let root, let options = try? root.parse(arguments) else { return nil }
        return { try options.run() }
    }

    /// What ArgumentParser answers for the whole tree: help and completion scripts.
    static func isBuiltIn(_ argument: String) -> Bool {
        ["-h", "-help", "--help", "help"].contains(argument) || argument.hasPrefix("--generate-completion")
            || argument.hasPrefix("--experimental")
    }
}
