import ArgumentParser
import CanbaoApp
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
                （编码与原文件相同），学校改正后可原样重新导入，已登记的学生再次出现时计为“已参保”；--errors 须为\
                尚不存在的文件，已有的文件或文件夹一律不覆盖（此时不导入任何数据）。姓名等各列含控制字符或姓名超过\
                100 个字符的行被退回。
                --place CODE（必填）：学校所在统筹区代码（学籍地）；--region R：地区政策档案（默认 $CANBAO_REGION，\
                否则 dalate）。
                登记须用 --as 指明执行的柜员、审核员或管理员（先读其密码），审计记录写明此人；--dry-run 可不带 --as。
                退出码：0 全部登记（或已参保），1 有行被退回（有效行已登记，标准错误输出一行指明文件和首个退回的行），\
                2 文件无法读取或不是花名册（标准错误输出一行指明文件和行；不建立、不写入任何数据）。
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
            guard LocalDate.inputYears.contains(year) else { throw ValidationError("年度应为 1900–2099：\(year)") }
            guard !school.trimmed(.whitespaces).isEmpty else { throw ValidationError("学校名称不能为空") }
            if let problem = SafeText.problem(in: school, maxLength: SafeText.maxLineLength) {
                throw ValidationError("学校名称\(problem)")
            }
            guard options.place != nil else { throw ValidationError("请用 --place 给出学校所在统筹区代码（学籍地）") }
        }

        func run() throws {
            let (forms, _) = try options.load(global)
            // The school's place is where the students are enrolled: a code the division table does not hold would
            // register them in a region no report knows.
            if let place = options.place, let problem = PlaceCode.problem(place, in: forms.divisions) {
                throw InputError(SafeText.escaped("--place \(place)：\(problem)，未导入任何数据"))
            }
            // The input first: nothing (no store, no directory) is created for a file that cannot be read, or cannot
            // be read as a roster.
            let roster: RosterFile
            do {
                roster = try RosterFile(bytes: InputFile.readBytes(file))
            } catch let error as InputFileError {
                throw InputError(SafeText.escaped("\(error.reason)，未导入任何数据"))
            } catch let error as RosterFileError {
                throw InputError(SafeText.escaped("\(file)：\(error.description)，未导入任何数据"))
            }
            // The error report never replaces anything: a name already taken is refused before anything is written.
            if let errors, let problem = RosterReport.unusable(errors, input: file) {
                throw InputError(SafeText.escaped("\(problem)，未导入任何数据"))
            }
            let request = RosterRequest(school: school, place: options.place ?? "", year: year, region: options.regionID,
                                        today: try options.today, dryRun: dryRun)
            var rejected: RosterResult?
            try AdminCLI.run {
                let store = try Home.openExistingStore(global)
                let actor: Actor = dryRun && identity.name == nil
                    ? .system("dry-run") : .operator(try identity.authenticate(store, roles: [.clerk, .supervisor, .admin]).id)
                let result: RosterResult
                do {
                    result = try store.importRoster(roster, fileName: URL(fileURLWithPath: file).lastPathComponent,
                                                    request: request, forms: forms, by: actor)
                } catch let error as RosterFileError {
                    throw InputError(SafeText.escaped("\(file)：\(error.description)，未导入任何数据"))
                }
                print(RosterReport.text(result))
                if timings {
                    let t = result.timings
                    print(String(format: "耗时：读文件与解析 %.3f 秒，校验 %.3f 秒，写事务（至提交）%.3f 秒，其中逐行写入 %.3f 秒；评估 %d 种案件",
                                 t.read, t.validate, t.register, t.writeRows, result.verdictsEvaluated))
                }
                if let errors, !result.rejected.isEmpty {
                    do {
                        try OutputFile.create(errors, contents: result.errorReport())
                    } catch {
                        // What was registered is final (reported above); only the report of the rejected rows is lost.
                        throw InputError(SafeText.escaped(
                            "错误报告未能写入 \(errors)（\(error)）；本次登记的结果见上，退回的行可用 --dry-run --errors 另一个文件名重新生成"))
                    }
                    print(SafeText.escaped("错误报告：\(errors)（\(result.encoding.rawValue)，\(result.rejected.count) 行，改正后可重新导入）"))
                }
                if !result.rejected.isEmpty { rejected = result }
            }
            if let result = rejected, let first = result.rejected.first {
                // One line on stderr naming the file and the first rejected row; the report above has them all.
                AdminCLI.printError("\(file)：\(first.errorText)（共退回 \(result.rejected.count) 行）", prefix: false)
                throw ExitCode(1)
            }
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
        // The file's name and cells are the school's text: shown, never obeyed by the terminal.
        return lines.map(SafeText.escaped).joined(separator: "\n")
    }

    /// Why `path` cannot take the error report (something is there already, it is the roster itself, its folder is
    /// missing), or nil. `OutputFile` checks again when it writes, so a name taken meanwhile is refused too.
    static func unusable(_ path: String, input: String) -> String? {
        guard !path.isEmpty else { return "--errors 不能为空：请给出错误报告的文件名" }
        let target = URL(fileURLWithPath: path).standardizedFileURL
        if target.resolvingSymlinksInPath().path == URL(fileURLWithPath: input).resolvingSymlinksInPath().path {
            return "--errors \(path) 是要导入的花名册本身，不能覆盖"
        }
        var info = stat()
        if lstat(path, &info) == 0 {
            let what = info.st_mode & S_IFMT == S_IFDIR ? "文件夹" : "文件"
            return "--errors \(path) 已有同名\(what)，不会覆盖或删除它：请换一个不存在的文件名"
        }
        var isDirectory: ObjCBool = false
        let folder = target.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            return "--errors \(path) 所在的文件夹不存在"
        }
        do {
            try OutputFile.probe(path)
        } catch {
            return "--errors \(path) 无法写入（\(error)）"
        }
        return nil
    }
}
