import ArgumentParser
import CanbaoApp
import Foundation

extension CanbaoBench {
    /// `canbao-bench check`: the product's `canbao check` of example cases, each a new process, timed whole. Prints
    /// figures and whether the target is met; not a test.
    struct CheckBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "测产品 canbao check 评估示例案件的时间（每次一个新进程），及 canbao --version 作为下限")

        @Option(help: "产品可执行文件（默认：本程序旁的 canbao）") var canbao: String?
        @Option(help: "每个案件计时次数（取中位数）") var runs: Int = 20
        @Argument(help: "案件文件（默认：Forms/examples/newborn.yaml）") var cases: [String] = []

        static let targetMs = 5.0

        func validate() throws {
            guard runs > 0 else { throw ValidationError("--runs 必须为正数") }
        }

        func run() throws {
            let product = canbao ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                .deletingLastPathComponent().appendingPathComponent("canbao").path
            guard FileManager.default.isExecutableFile(atPath: product) else {
                throw ValidationError("找不到产品可执行文件 \(product)（用 --canbao 指定）")
            }
            let forms = FormsLocation.resolve(nil)
            let files = cases.isEmpty ? [forms.directory.appendingPathComponent("examples/newborn.yaml").path] : cases
            let environment = ["LANG": "C.UTF-8", "CANBAO_FORMS": forms.directory.path]
            // Once untimed: the compiled Forms/ is written by the first start after a build.
            _ = try Spawn.milliseconds([product, "check", files[0]], environment: environment)
            let version = try (0..<runs).map { _ in try Spawn.milliseconds([product, "--version"], environment: environment) }
            print(String(format: "canbao --version（%d 次）：中位数 %.1f ms", runs, DeskBench.percentile(version, 0.5)))
            for file in files {
                let times = try (0..<runs).map { _ in try Spawn.milliseconds([product, "check", file], environment: environment) }
                let median = DeskBench.percentile(times, 0.5)
                print(String(format: "canbao check %@（%d 次）：中位数 %.1f ms，p90 %.1f ms，目标 ≤ %.0f ms：%@",
                             URL(fileURLWithPath: file).lastPathComponent, runs, median, DeskBench.percentile(times, 0.9),
                             Self.targetMs, median <= Self.targetMs ? "达标" : "未达标"))
            }
        }
    }
}
