import CanbaoRules
import CanbaoStore
import Foundation

/// The coverage report as text and CSV: `canbao coverage` and the coverage screen's F8 export.
public enum CoverageText {
    public static let csvHeader = ["地区", "人群", "人员", "已参保", "未参保", "参保率"]
    public static let unenrolledHeader = ["姓名", "证件类型", "证件号码", "出生日期", "性别", "所在地", "人群", "最近参保记录"]

    public static func cells(_ place: String, _ group: String, _ c: CoverageCount) -> [String] {
        [place, group, String(c.persons), String(c.enrolled), String(c.unenrolled), CoverageText.percent(c.share)]
    }

    public static func csv(_ r: CoverageReport) -> String {
        var text = CSVWriter.line(csvHeader)
        for p in r.places {
            text += CSVWriter.line(cells(p.place, "全部", p.total))
            for g in CoverageGroup.allCases { if let c = p.groups[g] { text += CSVWriter.line(cells(p.place, g.chinese, c)) } }
        }
        text += CSVWriter.line(cells("合计", "全部", r.total))
        for g in CoverageGroup.allCases { if let c = r.groups[g] { text += CSVWriter.line(cells("合计", g.chinese, c)) } }
        return text
    }

    public static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    public static func figures(_ c: CoverageCount) -> String {
        "人员 \(c.persons)，已参保 \(c.enrolled)（\(percent(c.share))），未参保 \(c.unenrolled)"
    }

    public static func table(_ r: CoverageReport) -> String {
        var lines = ["参保覆盖：\(r.year) 年度（截至 \(r.asOf)）\(r.place.map { "，地区 \($0)" } ?? "")：\(figures(r.total))"]
        if r.total.persons == 0 { return lines[0] + "\n" }
        lines.append("按人群：")
        for g in CoverageGroup.allCases {
            lines.append("  \(g.chinese)：" + (r.groups[g].map(figures) ?? "无"))
        }
        lines.append("按地区：")
        for p in r.places {
            lines.append("  \(p.place)：\(figures(p.total))")
            let groups = CoverageGroup.allCases.compactMap { g in
                p.groups[g].map { "\(g.chinese) \($0.enrolled)/\($0.persons)" }
            }
            if !groups.isEmpty { lines.append("    " + groups.joined(separator: "，")) }
        }
        // Places come from stored records: shown, never obeyed.
        return lines.map(SafeText.escaped).joined(separator: "\n") + "\n"
    }

    /// A list for people, printed or opened in a spreadsheet: stored text is shown, its control characters as code
    /// points (only a row written behind the store's back can hold one).
    public static func unenrolledCells(_ u: UnenrolledPerson) -> [String] {
        [u.person.name, u.person.documentKind.chineseName, u.person.documentNumber, u.person.birthDate?.description ?? "",
         u.person.sex?.chinese ?? "", u.place, u.groups.map(\.chinese).joined(separator: "、"),
         u.lastRecord.map { $0.platformRecord.summary } ?? "无"].map(SafeText.escaped)
    }

    public static func unenrolledLine(_ u: UnenrolledPerson) -> String {
        let c = unenrolledCells(u)
        // Stored names and places reach the terminal: their control characters are shown as code points.
        return SafeText.escaped("\(c[0])  \(c[1]) \(c[2])  \(c[5])" + (c[6].isEmpty ? "" : "  \(c[6])") + "  最近：\(c[7])") + "\n"
    }
}
