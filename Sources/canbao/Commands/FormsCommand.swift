import ArgumentParser
import CanbaoRules
import Foundation

struct FormsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forms", abstract: "Forms/ 表单与政策档案", subcommands: [Lint.self])

    /// `canbao forms lint [DIR]`: load and validate all of Forms/, plus every example case in Forms/examples/.
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "校验 Forms/ 下所有表单、政策档案和示例案件")

        @Argument(help: "Forms 目录（默认按 --forms / $CANBAO_FORMS / ./Forms / 构建时目录）")
        var directory: String?

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let location = FormsLocation.resolve(directory ?? global.forms)
            let forms: FormSet
            do {
                forms = try location.load()
            } catch let errors as SourceErrors {
                for e in errors.errors { print(e.description) }
                throw ExitCode(1)
            } catch {
                print("\(error)")
                throw ExitCode(1)
            }
            var problems: [String] = []
            let examples = location.directory.appendingPathComponent("examples")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".json") {
                let path = "examples/\(name)"
                do {
                    let text = try CaseInput.read(examples.appendingPathComponent(name).path)
                    _ = try Evaluator.evaluate(try CaseParser.parse(text, file: path, forms: forms), forms: forms, file: path)
                } catch {
                    problems.append("\(error)")
                }
            }
            // Training decks: each must parse and every scenario must get its expected verdict.
            var decks: [Deck] = []
            for path in DeckFiles.all(in: location.directory) {
                let name = "decks/\(URL(fileURLWithPath: path).lastPathComponent)"
                do {
                    let deck = try DeckParser.parse(DeckFiles.read(path), file: name, forms: forms)
                    decks.append(deck)
                    problems += DeckVerification.lintErrors(DeckVerification.verify(deck, forms: forms), file: name).map(\.description)
                } catch let errors as SourceErrors {
                    problems += errors.errors.map(\.description)
                } catch {
                    problems.append("\(name): \(error)")
                }
            }
            problems += DeckParser.duplicateIDs(decks).map(\.description)
            for p in problems { print(p) }
            if !problems.isEmpty { throw ExitCode(1) }
            let scenarios = decks.map(\.scenarios.count).reduce(0, +)
            print("Forms 校验通过：\(forms.workflows.count) 个业务、\(forms.profiles.count) 个政策档案、\(forms.documents.names.count) 种材料、\(names.count) 个示例案件、\(decks.count) 个题组共 \(scenarios) 个情景（\(location.directory.path)）")
        }
    }
}
