import ArgumentParser
import CanbaoApp

/// `canbao-bench`: the benchmarks, the store's load test and the terminal demo, outside the product binary. They
/// print figures and whether each target is met; they are not tests. Build with `-c release` to measure.
@main
struct CanbaoBench: ParsableCommand {
    /// Bad input exits with status 2 (`InputError`), through ArgumentParser. The allocator is set up as the
    /// product's (`MemoryTuning`), so the memory figures measured in this process are the product's.
    static func main() {
        MemoryTuning.apply()
        mainReportingInput(root: nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "canbao-bench",
        abstract: "参保的性能测试、压力测试与终端测试画面（不在产品 canbao 中）",
        subcommands: [StoreBench.self, DeskBench.self, CheckBench.self, RosterBench.self, DuplicatesBench.self, LoadTest.self,
                      TerminalDemoCommand.self])
}
