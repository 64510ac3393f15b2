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
    /// screen's options alone) is parsed without building the whole command tree.
    static func main() {
        MemoryTuning.apply()
        mainReportingInput(root: DeskArguments.self)
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

    func run() throws {
        if version {
            let forms = FormsLocation.resolve(global.forms)
            print("canbao \(Canbao.version)")
            print("Forms: \(forms.directory.path)（\(forms.origin)）")
            return
        }
        try DeskLauncher.run(global: global, options: desk)
    }
}
