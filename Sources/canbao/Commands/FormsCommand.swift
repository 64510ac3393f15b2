import ArgumentParser
import CanbaoApp
import CanbaoRules
import Foundation

struct FormsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forms", abstract: "Forms/ 表单与政策档案", subcommands: [Lint.self, Doc.self])

    /// `canbao forms doc [--out FILE]`: the case file and the verdict described from Forms/ (docs/case-file.md).
    struct Doc: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "由 Forms/ 生成案件文件说明（各业务的事实项、类型、可选值、材料代码与结论的键），即 docs/case-file.md")

        @Option(name: .long, help: "写入此文件（默认输出到标准输出）；已存在的文件不会被覆盖，除非加 --force")
        var out: String?

        @Flag(name: .long, help: "替换已存在的 --out 文件（目录、链接和数据库文件除外）")
        var force = false

        @OptionGroup var global: GlobalOptions

        /// The example shown with its verdict.
        static let example = "examples/newborn.yaml"

        func run() throws {
            let location = FormsLocation.resolve(global.forms)
            let forms = try location.loadForCommand()
            let text = Self.text(forms: forms, directory: location.directory)
            guard let out else {
                print(text, terminator: "")
                return
            }
            try CommandOutput.write(text, to: out, force: force, home: Home.resolve(global.home))
        }

        /// The guide, with the example case evaluated against these forms (omitted when the example is missing).
        static func text(forms: FormSet, directory: URL) -> String {
            var example: (String, String, String)?
            let path = directory.appendingPathComponent(Self.example).path
            if let text = try? CaseInput.read(path),
               let verdict = try? Evaluator.evaluate(CaseParser.parse(text, file: Self.example, forms: forms), forms: forms) {
                example = ("Forms/\(Self.example)", text, verdict.json())
            }
            return CaseFileGuide.markdown(forms: forms, example: example)
        }
    }

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
                // Always the YAML itself, never the compiled cache: lint is what checks it.
                forms = try location.loadChecked()
            } catch let errors as SourceErrors {
                for e in errors.errors { print(e.description) }
                throw ExitCode(1)
            } catch {
                // No Forms/ to check at all (an empty path, a file, a missing directory): bad input, not findings.
                throw InputError(SafeText.escaped("\(error)"))
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
