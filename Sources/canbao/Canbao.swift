import ArgumentParser
import CanbaoApp
import CanbaoRules
import Foundation

@main
struct Canbao: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "canbao",
        abstract: "参保：基本医疗保险参保经办窗口终端",
        subcommands: [CheckCommand.self, FormsCommand.self, DeckCommand.self, StoreCommand.self, OperatorCommand.self, ReportCommand.self, ScenarioCommand.self, DuplicatesCommand.self, RosterCommand.self, CoverageCommand.self, NewbornsCommand.self]
    )

    /// Bad input exits with status 2 (`InputError`), through ArgumentParser; a named command (or the counter
    /// screen's options alone) is parsed without building the whole command tree, and a plain line of the counter
    /// screen's or `check`'s is read without ArgumentParser at all (`QuickLine`).
    static func main() {
        MemoryTuning.apply()
        mainReportingInput(root: DeskArguments.self, quick: [
            "check": { arguments in CheckCommand.quickly(arguments).map { request in { try request.run() } } },
        ])
    }

    @OptionGroup var arguments: DeskArguments

    /// With no subcommand: the counter screen.
    mutating func run() throws { try arguments.run() }
}

/// `canbao` without a subcommand: `--version`, or the counter screen.
struct DeskArguments: RootArguments {
    @Flag(name: .long, help: "显示版本及所用的 Forms/ 目录")
    var version = false

    @OptionGroup var global: GlobalOptions

    @OptionGroup var desk: DeskOptions

    /// A plain line (`canbao --home DIR`) read without ArgumentParser (`QuickLine`), as plain settings: not even
    /// its property wrappers are made; nil for anything else.
    static func quickLine(_ arguments: [String]) -> (version: Bool, global: GlobalSettings, desk: DeskSettings)? {
        guard let line = QuickLine(arguments, values: GlobalSettings.quickNames.union(DeskSettings.quickNames),
                                   flags: ["version"], positionals: 0),
              let desk = DeskSettings(line) else { return nil }
        return (line.flag("version"), GlobalSettings(line), desk)
    }

    static func quickly(_ arguments: [String]) -> (() throws -> Void)? {
        quickLine(arguments).map { line in { try run(version: line.version, global: line.global, desk: line.desk) } }
    }

    func run() throws { try Self.run(version: version, global: global.settings, desk: desk.settings) }

    static func run(version: Bool, global: GlobalSettings, desk: DeskSettings) throws {
        if version {
            let forms = FormsLocation.resolve(global.forms)
            print("canbao \(Canbao.version)")
            print("Forms: \(forms.directory.path)（\(forms.origin)）")
            return
        }
        try DeskLauncher.run(global: global, options: desk)
    }
}
