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
        #expect(missing.stderr.contains("Usage: canbao check <case-file>"), "\(missing.stderr)")

        let unknown = try CanbaoBinary.run(["check", "x.yaml", "--jsno"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("Unknown option '--jsno'") && unknown.stderr.contains("canbao check"), "\(unknown.stderr)")

        let nested = try CanbaoBinary.run(["store", "verify", "--help"])
        #expect(nested.status == 0)
        #expect(nested.stdout.contains("USAGE: canbao store verify"), "\(nested.stdout)")
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
