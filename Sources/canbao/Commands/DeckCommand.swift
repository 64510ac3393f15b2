import ArgumentParser
import CanbaoApp
import CanbaoRules
import Foundation

/// `canbao deck verify DECK…`: training decks (Forms/decks/*.yaml) checked against the rules core.
struct DeckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deck", abstract: "培训题组（Forms/decks/*.yaml）", subcommands: [Verify.self])

    /// Runs every scenario through the rules and compares with its expected verdict. Exit 0 when all agree, 1 when
    /// any differs, 2 with one line on stderr for an unreadable or invalid deck.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "逐个情景运行规则，核对结论、缺少的材料、待遇起始日和等待期是否与题组所写一致")

        @Argument(help: "题组文件（.yaml）；不填则核对所用 Forms/ 下 decks/ 中的全部题组")
        var decks: [String] = []

        @OptionGroup var global: GlobalOptions

        func run() throws {
            for deck in decks { try PathArgument.nonEmpty(deck, "deck verify 的题组文件参数") }
            let location = FormsLocation.resolve(global.forms)
            let forms = try location.loadForCommand()
            let paths = decks.isEmpty ? DeckFiles.all(in: location.directory) : decks
            if paths.isEmpty { throw InputError("\(location.directory.appendingPathComponent("decks").path): 没有题组文件") }

            var loaded: [Deck] = []
            for path in paths {
                do {
                    loaded.append(try DeckParser.parse(DeckFiles.read(path), file: path, forms: forms))
                } catch let errors as SourceErrors {
                    throw InputError(errors.errors.first?.description ?? "\(path): 题组无效")
                } catch {
                    throw InputError("\(error)")
                }
            }
            if let duplicate = DeckParser.duplicateIDs(loaded).first { throw InputError(duplicate.description) }

            var total = 0, failed = 0
            for deck in loaded {
                print(Self.shown("\(deck.file)  \(deck.title)（\(deck.level.chinese)，\(deck.scenarios.count) 个情景）"))
                for result in DeckVerification.verify(deck, forms: forms) {
                    total += 1
                    let s = result.scenario
                    if result.passed {
                        print(Self.shown("  ✓ \(s.id)  \(s.title)"))
                        continue
                    }
                    failed += 1
                    print(Self.shown("  ✗ \(s.id)  \(s.title)（\(deck.file):\(s.line.map(String.init) ?? "?")）"))
                    for m in result.mismatches { print(Self.shown("      \(m)")) }
                    print(Self.shown("      情景：\(DeckFiles.firstLine(of: s.story))"))
                }
            }
            let summary = "合计：\(loaded.count) 个题组、\(total) 个情景"
            if failed == 0 {
                print("\(summary)，全部与规则结论一致")
            } else {
                print("\(summary)，\(total - failed) 个一致，\(failed) 个不符")
                throw ExitCode(1)
            }
        }

        /// A line of deck text (titles, ids, file names come from outside) with its control characters, bidi
        /// overrides and line breaks shown as code points, never obeyed by the terminal.
        static func shown(_ line: String) -> String { SafeText.escaped(line) }
    }
}
