import ArgumentParser
import CanbaoApp
import CanbaoCounter
import CanbaoDesk
import CanbaoRules
import CanbaoStore
import Foundation

/// `canbao report daily`: the counter statistics of one day, as a table or CSV.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "柜台统计报表",
        subcommands: [Daily.self])

    struct Daily: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "某一天按操作员统计：各业务的办件数（按办理状态和柜台结论）、平均办理时长、获批与被驳回数、审批次数",
            discussion: """
                日期按业务时区计算（--tz，否则 $CANBAO_TZ，否则 Asia/Shanghai），与柜台屏幕、案件编号相同。计数与柜台的窗口统计\
                （审核员 F7）一致：办件按案件现在的办理状态计（如获批后登记的例外计为已登记，被驳回的计为不予办理）；\
                仍是草稿的和作废的草稿另计，不计入件数。
                --csv 输出 UTF-8 CSV，每个操作员的每个大厅、每种业务、每种柜台结论、每种办理状态一行，件数为这样的案件数；\
                大厅为空表示未记录大厅，结论为空表示未经校验；办理状态为 draft、voided 的行是草稿和作废的草稿。\
                业务、结论、办理状态、角色用代码（如 newborn、needs-approval、registered、clerk）。平均办理分钟、获批、\
                被驳回、审批次数是该操作员当日的数字，在其每一行重复。
                表格末尾打印当日的审计检查点（当日最后一条审计记录的序号和哈希），供审核员签字或存档，日后用 \
                canbao store verify --checkpoint 序号:哈希 核对审计链未被改写（CSV 不含此行）。
                有多个服务大厅时：指定了大厅（--hall 或 $CANBAO_HALL）只统计在该大厅办理的办件和审批，--all-halls 统计全机构；\
                表格末尾按大厅列出各大厅的办件数和审批次数。
                """)

        @Option(name: .long, help: "日期 YYYY-MM-DD（默认：今天）", transform: LocalDate.fromArgument)
        var date: LocalDate?

        @Flag(name: .long, help: "输出 CSV（带表头），便于导入表格软件")
        var csv = false

        @Flag(name: .long, help: "统计全机构所有大厅（默认：指定了大厅时只统计本大厅）")
        var allHalls = false

        @OptionGroup var global: GlobalOptions
        /// `--tz` is the root command's (see `StoreWideOptions`).
        @OptionGroup(visibility: .hidden) var desk: DeskOptions


        func run() throws {
            try AdminCLI.run {
                let clock = try desk.clock, zone = clock.timeZone
                let day = date ?? clock.today
                let store = try Home.openExistingStore(global)
                let hall = allHalls ? nil : try global.servicePoint()?.hall
                let statistics = try store.dailyStatistics(date: day, timeZone: zone, hall: hall)
                if csv {
                    // On a terminal, control characters in display names are shown, not obeyed.
                    var out = FileHandleOutput()
                    out.write(DailyReport.csv(statistics))
                    out.flush()
                } else {
                    // The forms' titles, and those of the cases the counter opens itself (重复参保处理).
                    let titles = ((try? FormsLocation.resolve(global.forms).load())?.workflows.mapValues(\.title) ?? [:])
                        .merging(Counter.counterCaseTitles) { form, _ in form }
                    print(DailyReport.table(statistics, timeZone: zone, workflowTitles: titles), terminator: "")
                    print(DailyReport.checkpointFooter(try store.auditCheckpoint(endOf: day, timeZone: zone), timeZone: zone),
                          terminator: "")
                }
            }
        }
    }
}

/// Renders `DailyStatistics` for people (Chinese lines) and for spreadsheets (CSV). Both count as the statistics
/// screen does: a case served is neither a draft nor a voided draft, and drafts are counted apart.
enum DailyReport {
    static let csvHeader = ["日期", "大厅", "登录名", "姓名", "角色", "业务", "结论", "办理状态", "件数", "平均办理分钟", "获批",
                            "被驳回", "审批次数"]

    /// One line per operator, hall, workflow, verdict and status (the store's tallies), so that summing 件数 over any
    /// column gives the screen's figures; an operator who only decided (or only received decisions) still gets one.
    static func csv(_ statistics: DailyStatistics) -> String {
        var text = CSVWriter.line(csvHeader)
        let tallies = Dictionary(grouping: statistics.tallies, by: \.operatorID)
        for row in statistics.rows {
            let head = [statistics.date.description]
            let who = [row.operatorName, row.displayName, row.role.rawValue]
            let tail = [row.averageServeMinutes.map(minutes) ?? "", String(row.approvalsReceived),
                        String(row.rejectionsReceived), String(row.decisionsMade)]
            let own = tallies[row.operatorID] ?? []
            if own.isEmpty { text += CSVWriter.line(head + [""] + who + ["", "", "", "0"] + tail) }
            for tally in own {
                let counted = [tally.workflow, tally.decision?.rawValue ?? "", tally.status.rawValue, String(tally.count)]
                text += CSVWriter.line(head + [tally.hall ?? ""] + who + counted + tail)
            }
        }
        return text
    }

    static func table(_ statistics: DailyStatistics, timeZone: TimeZone, workflowTitles: [String: String]) -> String {
        var lines = ["柜台统计：\(statistics.date)（\(timeZone.identifier)）\(statistics.hall.map { "，\($0)" } ?? "")"]
        if statistics.rows.isEmpty {
            lines.append("当日没有办件或审批记录")
            return lines.joined(separator: "\n") + "\n"
        }
        let tallies = Dictionary(grouping: statistics.tallies, by: \.operatorID)
        for row in statistics.rows {
            var summary = "办件 \(row.servedTotal) 件"
            if let average = row.averageServeMinutes { summary += "，平均办理 \(minutes(average)) 分钟" }
            if row.approvalsReceived + row.rejectionsReceived > 0 {
                summary += "，获批 \(row.approvalsReceived)，被驳回 \(row.rejectionsReceived)"
            }
            if row.decisionsMade > 0 { summary += "，审批 \(row.decisionsMade) 次" }
            if let apart = StatisticsWording.drafts(row.drafts, voided: row.voided) { summary += "（\(apart)）" }
            lines.append("\(row.displayName)（\(row.operatorName)，\(row.role.chinese)）：\(summary)")
            let served = (tallies[row.operatorID] ?? []).filter(\.isServed)
            for workflow in Set(served.map(\.workflow)).sorted() {
                let own = served.filter { $0.workflow == workflow }
                let statuses = labels(own, key: \.status, order: CaseStatus.allCases) { $0.chinese }
                let verdicts = labels(own, key: \.decision, order: Decision.allCases.map(Optional.some) + [nil]) {
                    $0?.chinese ?? "未校验"
                }
                lines.append("  \(workflowTitles[workflow] ?? workflow)：\(statuses)（柜台结论：\(verdicts)）")
            }
        }
        let served = statistics.rows.reduce(0) { $0 + $1.servedTotal }
        let decisions = statistics.rows.reduce(0) { $0 + $1.decisionsMade }
        var total = "合计：办件 \(served) 件，审批 \(decisions) 次"
        let drafts = statistics.rows.reduce(0) { $0 + $1.drafts }, voided = statistics.rows.reduce(0) { $0 + $1.voided }
        if let apart = StatisticsWording.drafts(drafts, voided: voided) { total += "（\(apart)）" }
        lines.append(total)
        // The agency's day by hall, once there is more than the cases of no recorded hall.
        if statistics.hall == nil, statistics.halls.contains(where: { $0.hall != nil }) {
            lines.append("按大厅：")
            for day in statistics.halls {
                let summary = StatisticsWording.hall(served: day.served, opened: day.cases, decisions: day.decisions)
                lines.append("  \(ServicePoint.label(hall: day.hall))：\(summary)")
            }
        }
        // Operators' display names are stored text: shown, never obeyed by the terminal.
        return lines.map(SafeText.escaped).joined(separator: "\n") + "\n"
    }

    /// A workflow line's counts by one key, in `order`, e.g. "已登记 2，不予办理 1".
    private static func labels<Key: Equatable>(_ tallies: [CaseTally], key: KeyPath<CaseTally, Key>, order: [Key],
                                               label: (Key) -> String) -> String {
        order.compactMap { value in
            let count = tallies.filter { $0[keyPath: key] == value }.reduce(0) { $0 + $1.count }
            return count > 0 ? "\(label(value)) \(count)" : nil
        }.joined(separator: "，")
    }

    /// The day's checkpoint, for the supervisor to sign or file: a chain rewritten later no longer holds it.
    static func checkpointFooter(_ checkpoint: AuditCheckpoint?, timeZone: TimeZone) -> String {
        guard let checkpoint else { return "审计检查点：当日结束前没有审计记录\n" }
        // Stored in UTC (`YYYY-MM-DD HH:MM:SS.SSS`); shown in the report's zone.
        var time = String(checkpoint.at.prefix(19))
        let stored = DateFormatter()
        stored.locale = Locale(identifier: "en_US_POSIX")
        stored.timeZone = TimeZone(identifier: "UTC")
        stored.dateFormat = "yyyy-MM-dd HH:mm:ss"
        if let date = stored.date(from: time) {
            let shown = DateFormatter()
            shown.locale = stored.locale
            shown.timeZone = timeZone
            shown.dateFormat = "yyyy-MM-dd HH:mm:ss"
            time = shown.string(from: date)
        }
        return "审计检查点：第 \(checkpoint.seq) 条（\(time)）\(checkpoint)\n"
            + "（请审核员签字或存档；核对：canbao store verify --checkpoint \(checkpoint)）\n"
    }

    private static func minutes(_ value: Double) -> String { String(format: "%.1f", value) }
}
