import ArgumentParser
import CanbaoApp
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
            abstract: "某一天按操作员统计：各业务各结论的办件数、平均办理时长、获批与被驳回数、审批次数",
            discussion: """
                日期按业务时区计算（--tz，否则 $CANBAO_TZ，否则 Asia/Shanghai），与柜台屏幕、案件编号相同。--csv 输出 UTF-8 CSV，每个操作员的\
                每种业务、每种结论一行；业务、结论、角色用代码（如 newborn、needs-approval、clerk）。
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
                let store = try Home.openStore(global)
                let hall = allHalls ? nil : try global.servicePoint()?.hall
                let statistics = try store.dailyStatistics(date: day, timeZone: zone, hall: hall)
                if csv {
                    // On a terminal, control characters in display names are shown, not obeyed.
                    var out = FileHandleOutput()
                    out.write(DailyReport.csv(statistics))
                    out.flush()
                } else {
                    let titles = (try? FormsLocation.resolve(global.forms).load())?.workflows.mapValues(\.title) ?? [:]
                    print(DailyReport.table(statistics, timeZone: zone, workflowTitles: titles), terminator: "")
                    print(DailyReport.checkpointFooter(try store.auditCheckpoint(endOf: day, timeZone: zone), timeZone: zone),
                          terminator: "")
                }
            }
        }
    }
}

/// Renders `DailyStatistics` for people (Chinese lines) and for spreadsheets (CSV).
enum DailyReport {
    static let csvHeader = ["日期", "登录名", "姓名", "角色", "业务", "结论", "件数", "平均办理分钟", "获批", "被驳回", "审批次数"]
    /// The verdict's order of precedence, then cases never checked.
    static let decisionOrder = ["accept", "missing-documents", "needs-approval", "refuse", ClerkDay.draft]

    static func csv(_ statistics: DailyStatistics) -> String {
        var text = CSVWriter.line(csvHeader)
        for row in statistics.rows {
            let tail = [row.averageServeMinutes.map(minutes) ?? "", String(row.approvalsReceived),
                        String(row.rejectionsReceived), String(row.decisionsMade)]
            let head = [statistics.date.description, row.operatorName, row.displayName, row.role.rawValue]
            let counts = sortedCounts(row)
            // An operator who only decided (or only received decisions) still gets a line.
            let body = counts.isEmpty ? [["", "", "0"]] : counts.map { [$0.workflow, $0.decision, String($0.count)] }
            for cells in body { text += CSVWriter.line(head + cells + tail) }
        }
        return text
    }

    static func table(_ statistics: DailyStatistics, timeZone: TimeZone, workflowTitles: [String: String]) -> String {
        var lines = ["柜台统计：\(statistics.date)（\(timeZone.identifier)）\(statistics.hall.map { "，\($0)" } ?? "")"]
        if statistics.rows.isEmpty {
            lines.append("当日没有办件或审批记录")
            return lines.joined(separator: "\n") + "\n"
        }
        for row in statistics.rows {
            var summary = "办件 \(row.casesTotal) 件"
            if let average = row.averageServeMinutes { summary += "，平均办理 \(minutes(average)) 分钟" }
            if row.approvalsReceived + row.rejectionsReceived > 0 {
                summary += "，获批 \(row.approvalsReceived)，被驳回 \(row.rejectionsReceived)"
            }
            if row.decisionsMade > 0 { summary += "，审批 \(row.decisionsMade) 次" }
            lines.append("\(row.displayName)（\(row.operatorName)，\(row.role.chinese)）：\(summary)")
            var byWorkflow: [(String, [String])] = []
            for count in sortedCounts(row) {
                let label = "\(decisionLabel(count.decision)) \(count.count)"
                if let last = byWorkflow.indices.last, byWorkflow[last].0 == count.workflow {
                    byWorkflow[last].1.append(label)
                } else {
                    byWorkflow.append((count.workflow, [label]))
                }
            }
            for (workflow, labels) in byWorkflow {
                lines.append("  \(workflowTitles[workflow] ?? workflow)：\(labels.joined(separator: "，"))")
            }
        }
        let total = statistics.rows.reduce(0) { $0 + $1.casesTotal }
        let decisions = statistics.rows.reduce(0) { $0 + $1.decisionsMade }
        lines.append("合计：办件 \(total) 件，审批 \(decisions) 次")
        // The agency's day by hall, once there is more than the cases of no recorded hall.
        if statistics.hall == nil, statistics.halls.contains(where: { $0.hall != nil }) {
            lines.append("按大厅：")
            for day in statistics.halls {
                lines.append("  \(ServicePoint.label(hall: day.hall))：办件 \(day.cases) 件（已受理 \(day.served) 件），审批 \(day.decisions) 次")
            }
        }
        // Operators' display names are stored text: shown, never obeyed by the terminal.
        return lines.map(SafeText.escaped).joined(separator: "\n") + "\n"
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

    static func decisionLabel(_ code: String) -> String {
        code == ClerkDay.draft ? "未校验" : Decision(rawValue: code)?.chinese ?? code
    }

    private static func sortedCounts(_ row: ClerkDay) -> [(workflow: String, decision: String, count: Int)] {
        row.cases.flatMap { workflow, decisions in
            decisions.map { (workflow: workflow, decision: $0.key, count: $0.value) }
        }.sorted {
            let a = decisionOrder.firstIndex(of: $0.decision) ?? decisionOrder.count
            let b = decisionOrder.firstIndex(of: $1.decision) ?? decisionOrder.count
            return ($0.workflow, a, $0.decision) < ($1.workflow, b, $1.decision)
        }
    }

    private static func minutes(_ value: Double) -> String { String(format: "%.1f", value) }
}
