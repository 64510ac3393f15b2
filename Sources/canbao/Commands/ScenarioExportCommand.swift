import ArgumentParser
import CanbaoApp
import CanbaoRules
import CanbaoStore
import Foundation

/// `canbao scenario export CASE_NUMBER`: a decided case from the store as a training scenario, with every name,
/// document number and date replaced (CaseScrubber), checked by the rules before it is written.
struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario", abstract: "培训情景：由实际办件生成（已脱敏）", subcommands: [Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "把已作出结论的办件导出为培训情景：姓名、证件号码替换为虚构的（校验码有效），日期整体平移")

        /// Statuses reached only once the counter has decided the case.
        static let decided: Set<CaseStatus> = [.pendingDocuments, .awaitingApproval, .registered, .completed, .refused]

        @Argument(help: "办件编号（如 2026-000123）")
        var caseNumber: String

        @Option(name: .long, help: "写入的文件（默认：标准输出）")
        var out: String?

        @Option(name: .long, help: "随机种子：相同的种子生成相同的姓名和号码（默认随机）")
        var seed: UInt64?

        // Unconditional: a shift into the past is negative, and `--shift-days -7` must not read `-7` as a flag.
        @Option(name: .customLong("shift-days"), parsing: .unconditional, help: "日期平移的天数（默认约一年前、以整周计，并选用结论与原办件一致的平移）")
        var shiftDays: Int?

        @Option(name: .long, help: "情景 id（小写字母、数字、连字符；默认按业务和种子生成）")
        var id: String?

        @Option(name: .long, help: "情景标题（默认：业务名称和结论）")
        var title: String?

        @Flag(name: .long, help: "输出只含这一个情景的完整题组（默认只输出情景，供粘贴到题组的 scenarios: 下）")
        var deck = false

        @Flag(name: .long, help: "替换已存在的 --out 文件（目录、链接和数据库文件除外）")
        var force = false

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if let id, id.isEmpty || !id.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) {
                throw ValidationError("--id 只能由小写字母、数字和连字符组成")
            }
            if let title, title.trimmed(.whitespacesAndNewlines).isEmpty {
                throw ValidationError("--title 不能为空")
            }
            // A title is shown on the trainee's screen: an escape sequence in it would be written there (as `\e` in
            // the deck, and as itself once read back), so it is refused as every other text is.
            if let title, let problem = SafeText.problem(in: title, maxLength: SafeText.maxLineLength) {
                throw ValidationError("--title \(problem)")
            }
            if let shiftDays, abs(shiftDays) > 36_500 { throw ValidationError("--shift-days 应在 ±36500 天以内") }
        }

        func run() throws {
            let forms = try global.loadForms()
            let original = try readCase()
            let originalVerdict: Verdict
            do {
                originalVerdict = try Evaluator.evaluate(original, forms: forms, file: "办件 \(caseNumber)")
            } catch {
                throw InputError("办件 \(caseNumber) 无法评估：\(error)")
            }

            let seed = self.seed ?? UInt64.random(in: 0...UInt64.max)
            let shifts = shiftDays.map { [$0] } ?? CaseScrubber.defaultShifts(seed: seed)
            var chosen: (shift: Int, scrubbed: CaseFile, verdict: Verdict)?
            for shift in shifts {
                let scrubbed = CaseScrubber.scrub(original, seed: seed, shiftDays: shift)
                guard let verdict = try? Evaluator.evaluate(scrubbed, forms: forms, file: "scenario") else { continue }
                if chosen == nil { chosen = (shift, scrubbed, verdict) }
                if Self.sameLesson(verdict, originalVerdict) {
                    chosen = (shift, scrubbed, verdict)
                    break
                }
            }
            guard let (shift, scrubbed, verdict) = chosen else { throw InputError("办件 \(caseNumber) 脱敏后无法评估") }

            let workflowTitle = forms.workflows[scrubbed.workflow]?.title ?? scrubbed.workflow
            let scenarioID = id ?? "\(scrubbed.workflow)-real-\(String(seed % 0x100_0000, radix: 16))"
            let scenarioTitle = title ?? "\(workflowTitle)：\(verdict.decision.chinese)（实际办件）"
            let scenario = CaseScrubber.renderScenario(scrubbed, verdict: verdict, id: scenarioID, title: scenarioTitle,
                                                       forms: forms)
            let deckText = CaseScrubber.renderDeck(
                id: "real-cases", title: "实际办件（已脱敏）", tags: ["实际办件", workflowTitle],
                description: "由已办结的实际办件生成：姓名、证件号码均为虚构，日期已整体平移。", scenarios: [scenario])
            try check(deckText, forms: forms)

            let text = deck ? deckText
                : "# 由实际办件生成的培训情景（姓名、证件号码已替换，日期已平移）；粘贴到题组的 scenarios: 下\n" + scenario
            if let out {
                try CommandOutput.write(text, to: out, force: force, home: Home.resolve(global.home))
            } else {
                print(text, terminator: "")
            }

            var note = "已生成情景 \(scenarioID)：\(verdict.decision.chinese)（种子 \(seed)，日期平移 \(shift) 天）"
            if !Self.sameLesson(verdict, originalVerdict) {
                note += "；注意：平移后的结论或缺少的材料与原办件不同（原为\(originalVerdict.decision.chinese)），请换一个 --shift-days"
            }
            FileHandle.standardError.write(Data((note + "\n").utf8))
        }

        /// The case file of a decided case, or exit 2 with the reason.
        func readCase() throws -> CaseFile {
            let home = Home.resolve(global.home)
            let database = Home.database(global.database)
            guard Home.hasStore(home, database: database) else {
                throw InputError("\(home.path): 数据目录中没有参保库（先运行 canbao store init 或导入数据）")
            }
            let found: CaseRecord?
            do {
                found = try Home.open(home, database: database).case(number: caseNumber)
            } catch let error as InputError {
                throw error
            } catch {
                throw InputError("\(home.path): \(error)")
            }
            guard let record = found else { throw InputError("找不到办件 \(caseNumber)") }
            guard Self.decided.contains(record.status) else {
                throw InputError("办件 \(caseNumber) 当前为“\(record.status.chinese)”，尚未作出结论，不能导出为培训情景")
            }
            do {
                return try CaseParser.parse(record.caseJSON, file: "办件 \(caseNumber)")
            } catch {
                throw InputError("\(error)")
            }
        }

        /// The rendered scenario must read back as a deck and agree with the rules, else nothing is written.
        func check(_ deckText: String, forms: FormSet) throws {
            let parsed: Deck
            do {
                parsed = try DeckParser.parse(deckText, file: "scenario", forms: forms)
            } catch let errors as SourceErrors {
                throw InputError("生成的情景无法读取：\(errors.errors.first?.description ?? "\(errors)")")
            } catch {
                throw InputError("生成的情景无法读取：\(error)")
            }
            if let first = DeckVerification.verify(parsed, forms: forms).first(where: { !$0.passed }) {
                throw InputError("生成的情景与规则结论不符：" + first.mismatches.map(\.description).joined(separator: "；"))
            }
        }

        /// Same decision and same missing documents: the scenario teaches what the real case taught.
        static func sameLesson(_ a: Verdict, _ b: Verdict) -> Bool {
            a.decision == b.decision && Set(a.missingDocuments.map(\.code)) == Set(b.missingDocuments.map(\.code))
        }
    }
}
