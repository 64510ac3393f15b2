import ArgumentParser
import CanbaoApp
import CanbaoRules
import CanbaoStore
import Foundation

/// `canbao check CASE [--json]`: one verdict for one case file, without the UI.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "评估一个案件文件（YAML 或 JSON），给出结论、缺少的材料和审核意见")

    @Argument(help: "案件文件（.yaml / .json），- 表示标准输入")
    var caseFile: String

    @Flag(name: .long, help: "以 JSON 输出结论")
    var json = false

    @Flag(name: .long, help: "案件文件未列平台记录时，从本机参保库读取参保人的平台记录")
    var store = false

    @OptionGroup var global: GlobalOptions

    var request: CheckRequest { CheckRequest(caseFile: caseFile, json: json, store: store, global: global.settings) }

    /// A plain line (`canbao check FILE --json`) read without ArgumentParser (`QuickLine`), as plain values: not
    /// even its property wrappers are made; nil for anything else.
    static func quickly(_ arguments: [String]) -> CheckRequest? {
        guard let line = QuickLine(arguments, values: GlobalSettings.quickNames, flags: ["json", "store"], positionals: 1),
              let file = line.positionals.first else { return nil }
        return CheckRequest(caseFile: file, json: line.flag("json"), store: line.flag("store"), global: GlobalSettings(line))
    }

    func run() throws { try request.run() }
}

/// What `canbao check` was asked, however the line was read.
struct CheckRequest: Equatable {
    var caseFile: String
    var json: Bool
    var store: Bool
    var global: GlobalSettings

    func run() throws {
        let forms = try global.loadForms()
        let name = caseFile == "-" ? "stdin" : caseFile
        let verdict: Verdict
        do {
            let text = try CaseInput.read(caseFile)
            // Standard input has no extension: JSON is what starts with “{”, as scripts send it; else YAML.
            let json = caseFile == "-" ? text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.first == "{" : nil
            var parsed = try CaseParser.parse(text, file: name, forms: forms, json: json)
            if store, parsed.platformRecords.isEmpty { parsed.platformRecords = try recordsFromStore(parsed, file: name) }
            verdict = try Evaluator.evaluate(parsed, forms: forms, file: name)
        } catch let error as SourceError {
            throw InputError(error.description)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(SafeText.escaped("\(name): \(error)"))
        }
        print(json ? verdict.json() : VerdictText.render(verdict))
        // Ends the process here rather than freeing the forms, the case and the verdict one by one on the way out
        // (a check took 0.96 of the time so, issue #17): the process gives its memory back whole. `exit` flushes
        // the output.
        exit(0)
    }

    /// The person's platform records from the local store (none when the store does not know the person).
    func recordsFromStore(_ c: CaseFile, file: String) throws -> [PlatformRecord] {
        guard let document = c.person?.document else {
            throw SourceError(file: file, line: nil, path: "person.document", reason: "使用 --store 时须填写参保人证件")
        }
        let home = Home.resolve(global.home)
        let database = Home.database(global.database)
        guard Home.hasStore(home, database: database) else {
            throw SourceError(file: home.path, line: nil, path: "", reason: "数据目录中没有参保库（先运行 canbao store init 或导入数据）")
        }
        let store = try Home.open(home, database: database)
        return try store.platformRecords(of: document) ?? []
    }
}

/// Reads a case file's text, refusing what is not a small UTF-8 text. A path must name a regular file (a FIFO
/// nobody writes to would never end, /dev/zero would fill the memory); standard input is read only up to the limit.
enum CaseInput {
    static func read(_ path: String) throws -> String {
        let name = path == "-" ? "stdin" : path
        guard !path.isEmpty else {
            throw SourceError(file: "check", line: nil, path: "", reason: "案件文件参数为空：请给出案件文件的路径，或用 - 读取标准输入")
        }
        let bytes: [UInt8]
        do {
            bytes = path == "-" ? try PlainFile.read(0, limit: CaseParser.maxBytes) : try PlainFile.read(path, limit: CaseParser.maxBytes)
        } catch {
            throw SourceError(file: name, line: nil, path: "", reason: reason(error))
        }
        guard let text = PlainFile.text(bytes) else {
            throw SourceError(file: name, line: firstInvalidLine(bytes), path: "", reason: "不是 UTF-8 编码的文本（请另存为 UTF-8）")
        }
        return text
    }

    static func reason(_ failure: PlainFile.Failure) -> String {
        let reason = failure.reason("案件文件", limit: CaseParser.maxBytes)
        // A pipe is still read, from standard input, where it cannot be a FIFO nobody writes to.
        return failure == .notRegular ? reason + "；要从管道读取请用 -（标准输入）" : reason
    }

    /// The line of the first byte that is not UTF-8, so a GB18030 name or a UTF-16 file is found at once.
    static func firstInvalidLine(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: return nil
            case .error: return line
            }
        }
    }
}
