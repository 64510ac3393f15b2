import ArgumentParser
import CanbaoRules
import CanbaoStore
import Foundation

/// `canbao roster import`: a school's class list registered in one go (集体参保, 江门规程 第二十条（一）).
struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "学校花名册集体参保登记",
        subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入学校花名册（CSV，UTF-8 或 GB18030），逐行校验后在一个事务中登记全部有效行",
            discussion: """
                表头用中文列名：姓名、证件号码（必需），证件类型、出生日期、性别、班级（可选），其他列保留不用。\
                每行校验证件号码、出生日期和性别、文件内重复，并按学生参保登记对库中该人的参保记录做登记校验\
                （办理地与学籍地均为 --place）。有错的行不影响其他行；--errors 把退回的行连同“错误”列写成 CSV\
                （编码与原文件相同），学校改正后可原样重新导入，已登记的学生再次出现时计为“已参保”。
                --place CODE（必填）：学校所在统筹区代码（学籍地）；--region R：地区政策档案（默认 $CANBAO_REGION，\
                否则 dalate）。
                登记须用 --as 指明执行的柜员、审核员或管理员（先读其密码），审计记录写明此人；--dry-run 可不带 --as。
                退出码：0 全部登记（或已参保），1 有行被退回（有效行已登记），2 文件无法读取（未写入任何数据）。
                """)

        @Argument(help: "花名册文件（CSV）")
        var file: String

        @Option(name: .long, help: "学校名称")
        var school: String

        @Option(name: .long, help: "参保年度 YYYY")
        var year: Int

        @Option(name: .long, help: "把退回的行写成 CSV（可改正后重新导入）")
        var errors: String?

        @Flag(name: .long, help: "只校验并报告，不写入")
        var dryRun = false

        @Flag(help: .hidden) var timings = false

        @OptionGroup var options: StoreWideOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (1900...2200).contains(year) else { throw ValidationError("年度应为 1900–2200：\(year)") }
            guard !school.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("学校名称不能为空") }
            guard options.place != nil else { throw ValidationError("请用 --place 给出学校所在统筹区代码（学籍地）") }
        }

        func run() throws {
            let (forms, _) = options.load(global)
            let request = RosterRequest(school: school, place: options.place ?? "", year: year, region: options.regionID,
                                        today: options.today, dryRun: dryRun)
            var rejected = false
            try AdminCLI.run {
                let store = try Home.openStore(global)
                let actor: Actor = dryRun && identity.name == nil
                    ? .system("dry-run") : .operator(try identity.authenticate(store, roles: [.clerk, .supervisor, .admin]).id)
                let result: RosterResult
                do {
                    result = try store.importRoster(file: URL(fileURLWithPath: file), request: request, forms: forms,
                                                    by: actor)
                } catch let error as RosterFileError {
                    failInput("\(file)：\(error.description)，未导入任何数据")
                }
                print(RosterReport.text(result))
                if timings {
                    let t = result.timings
                    print(String(format: "耗时：读文件与解析 %.3f 秒，校验 %.3f 秒，写入 %.3f 秒；评估 %d 种案件", t.read, t.validate,
                                 t.register, result.verdictsEvaluated))
                }
                if let errors, !result.rejected.isEmpty {
                    try RosterReport.write(result.errorReport(), to: errors)
                    print("错误报告：\(errors)（\(result.encoding.rawValue)，\(result.rejected.count) 行，改正后可重新导入）")
                }
                rejected = !result.rejected.isEmpty
            }
            if rejected { throw ExitCode(1) }
        }
    }
}

enum RosterReport {
    /// At most this many rejected rows on the terminal; the error report has them all.
    static let shownRows = 50

    static func text(_ r: RosterResult) -> String {
        let q = r.request
        var lines: [String] = []
        let verb = q.dryRun ? "校验（未写入）" : "登记"
        lines.append("花名册 \(r.fileName)（\(r.encoding.rawValue)，\(r.rowCount) 行）：\(q.school)，学籍地 \(q.place)，\(q.year) 年度")
        var summary = "\(verb)：\(q.dryRun ? "可登记" : "已登记") \(r.registered) 人，已参保 \(r.alreadyEnrolled) 人，退回 \(r.rejected.count) 行"
        if r.replaced > 0 { summary += "；\(q.dryRun ? "将" : "已")终止或暂停原参保地记录 \(r.replaced) 条（因入学形成的重复参保）" }
        lines.append(summary)
        if !r.rejected.isEmpty {
            lines.append("退回的行：")
            for row in r.rejected.prefix(shownRows) { lines.append("  \(row.errorText)") }
            if r.rejected.count > shownRows { lines.append("  ……另有 \(r.rejected.count - shownRows) 行，见错误报告（--errors）") }
        }
        return lines.joined(separator: "\n")
    }

    /// The report holds personal data: a new file with mode 0600, replacing an older report.
    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.removeItem(at: url)
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.io("无法写入 \(path)")
        }
    }
}
