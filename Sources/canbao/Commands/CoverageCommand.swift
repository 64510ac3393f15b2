import ArgumentParser
import CanbaoApp
import CanbaoRules
import CanbaoStore
import Foundation

/// `canbao coverage`: the share of the persons in the store enrolled in a year, by place and by group, or the list
/// of those not yet enrolled (全民参保计划库; 达拉特旗方案 五（一）, 某市通知 三).
struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "参保覆盖率（按地区、按人群）及未参保人员名单（全民参保计划库）",
        discussion: """
            已参保：有覆盖该年度的正常参保记录（该年度的居民医保，或含该年度缴费月份的职工医保）。每人计入一个\
            地区：该年度参保记录的参保地，否则最近一条参保记录的参保地，否则居民身份证号码的前六位。人群：新生儿\
            （出生一年内）、在校学生（花名册登记或有学生参保办件）、退役军人及随军配偶（有相应办件）、灵活就业人员\
            （有灵活就业职工医保记录）、港澳台及外籍人员（按证件类型）；一人可属多个人群。
            --place P：只统计该地区（统筹区代码或其前缀，如 1506）。
            """)

    @Option(name: .long, help: "年度（默认：办理日期所在年度）")
    var year: Int?

    @Flag(name: .long, help: "输出 CSV（带表头）")
    var csv = false

    @Flag(name: .long, help: "列出未参保人员，而不是覆盖率")
    var unenrolled = false

    @OptionGroup var options: StoreWideOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let year, !LocalDate.inputYears.contains(year) { throw ValidationError("年度应为 1900–2099：\(year)") }
    }

    func run() throws {
        let today = try options.today
        let year = year ?? today.year
        let place = try options.placeFilter
        // Coverage is by place alone; an unknown profile is still a mistake to say, as the other reports do.
        _ = try options.load(global)
        try AdminCLI.run {
            let store = try Home.openExistingStore(global)
            var out = FileHandleOutput()
            if unenrolled {
                if csv { out.write(CSVWriter.line(CoverageText.unenrolledHeader)) }
                let count = try store.unenrolled(year: year, today: today, place: place) { p in
                    out.write(csv ? CSVWriter.line(CoverageText.unenrolledCells(p)) : CoverageText.unenrolledLine(p))
                }
                if !csv { out.write("合计：\(year) 年度未参保 \(count) 人\(place.map { "（地区 \($0)）" } ?? "")\n") }
            } else {
                let report = try store.coverage(year: year, today: today, place: place)
                out.write(csv ? CoverageText.csv(report) : CoverageText.table(report))
            }
            out.flush()
        }
    }
}
