import ArgumentParser
@testable import canbao
@testable import CanbaoApp
import Foundation
import Testing

/// The plain command lines read without ArgumentParser (`QuickLine`, issue #17) mean what ArgumentParser makes of
/// them, and every other line is left to it.
@Suite struct QuickLineTests {
    @Test func plainLinesAreRead() throws {
        let line = try #require(QuickLine(["--home", "/srv/canbao", "--hall=城关大厅", "case.yaml", "--json"],
                                          values: ["home", "hall"], flags: ["json"], positionals: 1))
        #expect(line.value("home") == "/srv/canbao")
        #expect(line.value("hall") == "城关大厅")
        #expect(line.value("forms") == nil)
        #expect(line.flag("json") && !line.flag("store"))
        #expect(line.positionals == ["case.yaml"])
        #expect(QuickLine(["-"], values: [], flags: [], positionals: 1)?.positionals == ["-"], "standard input")
        #expect(QuickLine(["--home", ""], values: ["home"], flags: [], positionals: 0)?.value("home") == "")
    }

    @Test(arguments: [
        ["--hom", "x"],            // unknown option
        ["--home"],                // value missing
        ["--home", "-x"],          // a value that starts with "-"
        ["--home="],               // ArgumentParser: a missing value
        ["--home", "a", "--home", "b"],  // repeated
        ["--json", "--json"],      // repeated flag
        ["--json=yes"],            // a flag given a value
        ["-h"], ["-j"],            // short options
        ["--"], ["--", "x"],       // the terminator
        ["a", "b"],                // too many arguments
        ["---home", "x"],
    ])
    func everyOtherLineIsLeftToArgumentParser(_ arguments: [String]) {
        #expect(QuickLine(arguments, values: ["home"], flags: ["json"], positionals: 1) == nil, "\(arguments)")
    }

    /// Random lines of the counter screen's and `check`'s words: whatever the quick reader takes, ArgumentParser
    /// takes too, with every option, flag and argument the same. (ArgumentParser takes tens of milliseconds a line
    /// in a debug build: 1,200 lines, a few hundred of them plain.)
    @Test func theQuickReadersAgreeWithArgumentParser() throws {
        var random = SplitMix(seed: 17)
        var read = (desk: 0, check: 0)
        for _ in 0..<1_200 {
            let arguments = (0..<random.int(0...5)).flatMap { _ in Self.piece(&random) }
            if let quick = DeskArguments.quickLine(arguments) {
                read.desk += 1
                do {
                    let parsed = try DeskArguments.parse(arguments)
                    #expect(quick.version == parsed.version && quick.global == parsed.global.settings
                            && quick.desk == parsed.desk.settings, "\(arguments)")
                } catch {
                    Issue.record("\(arguments): \(error)")
                }
            }
            if let quick = CheckCommand.quickly(arguments) {
                read.check += 1
                do {
                    #expect(quick == (try CheckCommand.parse(arguments)).request, "\(arguments)")
                } catch {
                    Issue.record("\(arguments): \(error)")
                }
            }
        }
        // Enough lines of each kind were read quickly for the comparison to mean something.
        #expect(read.desk > 100 && read.check > 20, "\(read)")
    }

    /// The option names the quick readers know are exactly those the commands' help lists.
    @Test func theQuickReadersKnowEveryOption() {
        func options(_ help: String) -> Set<String> {
            Set(help.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," || $0 == "=" })
                .filter { $0.hasPrefix("--") && $0 != "--help" }.map { String($0.dropFirst(2)) })
        }
        #expect(options(DeskArguments.helpMessage(columns: 400))
                == GlobalSettings.quickNames.union(DeskSettings.quickNames).union(["version"]))
        #expect(options(CheckCommand.helpMessage(columns: 400)) == GlobalSettings.quickNames.union(["json", "store"]))
    }

    static let valueOptions = ["home", "forms", "database", "hall", "region", "place", "counter", "lock-minutes", "tz",
                               "printer", "bogus"]
    static let flags = ["version", "json", "store", "bogus-flag"]
    static let values = ["/srv/a b", "Asia/Urumqi", "2.5", "", "x", "case.yaml", "城关大厅", "7", "-3", "1e2", "nan?",
                         "a=b", "-", "--", "--home"]

    /// A piece of a line: mostly an option with its value, a flag or a word, sometimes something odd.
    static func piece(_ random: inout SplitMix) -> [String] {
        switch random.int(0...9) {
        case 0...3: return ["--" + random.pick(valueOptions), random.pick(values)]
        case 4: return ["--" + random.pick(valueOptions) + "=" + random.pick(values)]
        case 5, 6: return ["--" + random.pick(flags)]
        case 7: return [random.pick(values)]
        case 8: return [random.pick(["-x", "-h", "---home", "--", "--=x", "--json=1"])]
        default: return []
        }
    }
}
