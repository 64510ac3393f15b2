import ArgumentParser
import CanbaoApp
import CanbaoRules
import CanbaoStore
import Foundation

/// `canbao newborns`: the newborns registered under a parent's name (预参保) not yet updated to their real identity,
/// with the update's deadline (江门规程 第二十条（三）: 6 months from the 1st of the month after birth) and the overdue
/// ones marked; where the profile sets no period, 国家规程 第十五条 3 asks only 尽快 and nothing is overdue.
struct NewbornsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newborns",
        abstract: "使用父母姓名预参保、尚未更新为本人信息的新生儿名单，及逾期未更新的（江门规程 第二十条（三））",
        discussion: """
            列出已登记的新生儿参保办件中“已使用父母姓名预参保”、此后没有已办结的“预参保新生儿更新为本人信息”\
            变更办件、参保状态仍为正常参保的新生儿，按更新期限排序（逾期最久的在前）。更新期限按地区档案的\
            newborn.preregistered.update_within 计算（江门：出生次月1日起6个月内）；档案未规定期限的地区只要求\
            尽快更新（国家规程 第十五条 3），不计逾期。
            --overdue：只列已逾期的。--csv 输出 UTF-8 CSV（带表头）。
            --region R：地区政策档案，只列该地区的办件（默认 $CANBAO_REGION，否则 dalate）。
            --place P：只列办理地为该地区（统筹区代码或其前缀，如 4407）的办件。
            """)

    @Flag(name: .long, help: "只列已逾期未更新的")
    var overdue = false

    @Flag(name: .long, help: "输出 CSV（带表头）")
    var csv = false

    @Option(name: .long, help: "截至日期 YYYY-MM-DD（默认：今天，按业务时区 --tz / $CANBAO_TZ，未设置时为 Asia/Shanghai）", transform: LocalDate.fromArgument)
    var date: LocalDate?

    /// `--region` and `--place` are the root command's (see `StoreWideOptions`).
    @OptionGroup(visibility: .hidden) var desk: DeskOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let today = try date ?? desk.clock.today
        let env = ProcessInfo.processInfo.environment
        let region = desk.region ?? env["CANBAO_REGION"].flatMap { $0.isEmpty ? nil : $0 } ?? "dalate"
        let place = try StoreWideOptions.placeFilter(desk.place)
        let forms = try global.loadForms()
        guard let policy = forms.policy(region) else {
            throw InputError("未知的地区档案“\(region)”（可用：\(forms.profiles.keys.sorted().joined(separator: ", "))）")
        }
        try AdminCLI.run {
            let store = try Home.openExistingStore(global)
            var list = try store.preregisteredNewborns(policy: policy, today: today, overdueOnly: overdue)
            if let place { list = list.filter { $0.place?.hasPrefix(place) ?? false } }
            var out = FileHandleOutput()
            if csv {
                out.write(CSVWriter.line(NewbornsText.csvHeader))
                for n in list { out.write(CSVWriter.line(NewbornsText.cells(n, today: today))) }
            } else {
                out.write(NewbornsText.text(list, policy: policy, today: today, overdueOnly: overdue, place: place))
            }
            out.flush()
        }
    }
}

/// Renders the list for people (Chinese lines) and for spreadsheets (CSV).
enum NewbornsText {
    static let csvHeader = ["办件编号", "姓名", "证件类型", "证件号码", "出生日期", "监护人", "办理地", "更新期限", "是否逾期",
                            "逾期天数", "依据"]

    static func cells(_ n: PreregisteredNewborn, today: LocalDate) -> [String] {
        [n.caseNumber, n.person.name, n.person.documentKind.chineseName, n.person.documentNumber,
         n.birthDate?.description ?? "", n.guardianName ?? "", n.place ?? "", n.deadline?.description ?? "未规定",
         n.overdue ? "是" : "否", String(n.daysOverdue), n.citation]
    }

    static func status(_ n: PreregisteredNewborn, today: LocalDate) -> String {
        guard let deadline = n.deadline else {
            return n.birthDate == nil ? "出生日期不详，无法计算期限" : "未规定期限，应尽快更新"
        }
        if n.overdue { return "期限 \(deadline)，已逾期 \(n.daysOverdue) 天" }
        let left = today.days(until: deadline)
        return left == 0 ? "期限 \(deadline)（今天到期）" : "期限 \(deadline)，尚余 \(left) 天"
    }

    static func line(_ n: PreregisteredNewborn, today: LocalDate) -> String {
        let parts = [n.caseNumber, n.person.name, "\(n.person.documentKind.chineseName) \(n.person.documentNumber)",
                     "出生 \(n.birthDate?.description ?? "不详")"]
            + (n.guardianName.map { ["监护人 \($0)"] } ?? [])
            + [status(n, today: today)]
        // Stored names reach the terminal: their control characters are shown as code points.
        return (n.overdue ? "! " : "  ") + SafeText.escaped(parts.joined(separator: "  ")) + "\n"
    }

    static func text(_ list: [PreregisteredNewborn], policy: Policy, today: LocalDate, overdueOnly: Bool,
                     place: String?) -> String {
        let scope = "\(policy.profile.title)（\(policy.id)）" + (place.map { "，办理地 \($0)" } ?? "")
        var text = "使用父母姓名预参保、尚未更新为本人信息的新生儿：\(scope)，截至 \(today)\n"
        let rule = PreregisteredUpdate.due(birth: nil, policy: policy, on: today)
        if let within = rule.within {
            text += "更新期限：出生次月1日起\(within)内完成户籍登记并更新参保信息（\(rule.citation)）\n"
        } else {
            text += "本地区档案未规定更新期限：应要求监护人尽快更新信息（\(rule.citation)），不计逾期\n"
        }
        if list.isEmpty {
            return text + (overdueOnly ? "没有逾期未更新的预参保新生儿\n" : "没有尚未更新的预参保新生儿\n")
        }
        for n in list { text += line(n, today: today) }
        let overdue = list.filter(\.overdue).count
        return text + (overdueOnly ? "合计：逾期未更新 \(overdue) 人\n" : "合计：\(list.count) 人，其中逾期未更新 \(overdue) 人\n")
    }
}
