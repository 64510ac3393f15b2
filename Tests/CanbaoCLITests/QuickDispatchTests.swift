import CanbaoApp
import CanbaoTestSupport
import Foundation
import Testing

/// A command named first is parsed on its own for a quick start; whatever that parse does not take (help, usage
/// errors, completion scripts) is answered by the whole command tree, exactly as before.
@Suite struct QuickDispatchTests {
    @Test func helpAndUsageErrorsNameTheCommandUnderCanbao() throws {
        let help = try CanbaoBinary.run(["check", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: canbao check <case-file>"), "\(help.stdout)")
        #expect(help.stdout == (try CanbaoBinary.run(["help", "check"])).stdout)

        let missing = try CanbaoBinary.run(["check"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("用法：canbao check <case-file>"), "\(missing.stderr)")

        let unknown = try CanbaoBinary.run(["check", "x.yaml", "--jsno"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("未知的选项 --jsno") && unknown.stderr.contains("canbao check"), "\(unknown.stderr)")

        let nested = try CanbaoBinary.run(["store", "verify", "--help"])
        #expect(nested.status == 0)
        #expect(nested.stdout.contains("USAGE: canbao store verify"), "\(nested.stdout)")
    }

    /// The parser's own sentences reached users in English ("Error: Missing value for '--year <year>'").
    @Test func usageErrorsAreToldInChinese() throws {
        let cases: [([String], String)] = [
            (["roster", "import", "x.csv", "--year"], "错误：选项 --year <year> 缺少值"),
            (["roster", "import", "x.csv", "--school", "一中", "--year", "abc"], "错误：“abc”不是 --year <year> 的有效值"),
            (["check"], "错误：缺少参数 <case-file>"),
            (["check", "a.yaml", "b.yaml"], "错误：多余的参数 'b.yaml'"),
            (["check", "a.yaml", "--jsno"], "错误：未知的选项 --jsno；是否想输入 --json？"),
        ]
        for (arguments, first) in cases {
            let r = try CanbaoBinary.run(arguments)
            #expect(r.status == 64, "\(arguments)")
            let lines = r.stderr.split(separator: "\n").map(String.init)
            #expect(lines.first == first, "\(r.stderr)")
            #expect(lines.contains { $0.hasPrefix("用法：canbao ") }, "\(r.stderr)")
            #expect(lines.last?.trimmingCharacters(in: .whitespaces).hasPrefix("详见 'canbao ") == false)
            #expect(!r.stderr.contains("Error:") && !r.stderr.contains("Usage:") && !r.stderr.contains("for more information"),
                    "\(r.stderr)")
        }
        #expect(UsageErrorText.chinese("  See 'canbao check --help' for more information.") == "  详见 canbao check --help")
    }

    @Test func theRootsOwnOptionsAndCompletionScriptsCoverTheWholeTree() throws {
        let version = try CanbaoBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("canbao "))

        let help = try CanbaoBinary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("SUBCOMMANDS:") && help.stdout.contains("roster"), "\(help.stdout)")

        let completion = try CanbaoBinary.run(["--generate-completion-script", "bash"])
        #expect(completion.status == 0)
        for command in ["check", "store", "roster", "duplicates"] {
            #expect(completion.stdout.contains(command), "\(command)")
        }

        // A subcommand's name after the root's options is the whole tree's to read.
        let home = try CanbaoBinary.temporaryDirectory("quick-dispatch")
        let late = try CanbaoBinary.run(["--home", home.path, "check", "--help"])
        #expect(late.status == 0)
        #expect(late.stdout.contains("USAGE: canbao check"), "\(late.stdout)")
    }
}
