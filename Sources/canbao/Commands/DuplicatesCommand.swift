import ArgumentParser
import CanbaoApp
import CanbaoRules
import CanbaoStore
import Foundation

/// `canbao duplicates`: every duplicate enrollment in the store (内蒙古细则 第二十三条), with the relationship to keep
/// under the region's principle, what to do with the others, and the refunds due.
struct DuplicatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "全库重复参保排查：按内蒙古细则第二十三条判断，按所在地区的原则给出保留的参保关系和处理建议",
        discussion: """
            只计参保状态正常且已实缴的记录。保留原则：内蒙古、达拉特旗按内蒙古细则第二十四条，全国、江门按国家规程\
            第十四条，某市按某市通知五。原则需要而库中没有的事实（参保人的选择、常住地、现就业地）列为“待确认”，\
            在人员页面补充后再处理。--csv 输出 UTF-8 CSV，每处重复一行。
            --place P：只列涉及该地区（统筹区代码或其前缀，如 1506）参保记录的重复。
            --region R：地区政策档案（默认 $CANBAO_REGION，否则 dalate）。
            """)

    @Flag(name: .long, help: "输出 CSV（带表头）")
    var csv = false

    @OptionGroup var options: StoreWideOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (_, policy) = try options.load(global)
        let today = try options.today
        let place = try options.placeFilter
        try AdminCLI.run {
            let store = try Home.openExistingStore(global)
            var out = FileHandleOutput()
            if csv { out.write(CSVWriter.line(DuplicateReport.csvHeader)) }
            let summary = try store.scanDuplicates(policy: policy, today: today, place: place) { found in
                out.write(csv ? DuplicateReport.csv(found) : DuplicateReport.text(found))
            }
            if !csv { out.write(DuplicateReport.summary(summary, policy: policy, today: today, place: place)) }
            out.flush()
        }
    }
}

/// Buffered standard output: a report of thousands of lines is not written line by line. On a terminal, control
/// characters from stored data (in CSV cells too) are shown as code points, never obeyed; piped, CSV stays exact.
struct FileHandleOutput {
    private var buffer = Data()
    private let terminal = isatty(STDOUT_FILENO) != 0

    mutating func write(_ text: String) {
        let text = terminal
            ? text.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.escaped(String($0)) }
                .joined(separator: "\n")
            : text
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Renders duplicates for people and for spreadsheets.
enum DuplicateReport {
    static let csvHeader = ["姓名", "证件类型", "证件号码", "重复类型", "判断依据", "重复情况", "涉及记录", "保留原则", "保留依据",
                            "建议保留", "处理", "需书面承诺", "待确认", "退费", "说明"]

    static func record(_ r: EnrollmentRecord) -> String {
        "#\(r.id) \(r.platformRecord.summary)"
    }

    static func actions(_ d: StoredDuplicate, _ p: PersonDuplicates) -> [String] {
        d.retention.actions.map { a in
            let r = p.records[a.record]
            return "\(a.action == .terminate ? "终止" : "暂停") #\(r.id)（\(a.citation)）"
        }
    }

    static func refunds(_ d: StoredDuplicate, _ p: PersonDuplicates) -> [String] {
        d.retention.actions.compactMap { a in
            let r = p.records[a.record]
            if let refund = a.refund {
                return "#\(r.id) 退 \(refund.from)至\(refund.to) 共 \(refund.months) 个月（\(refund.citation)）"
                    + (a.refundNote.map { "，\($0)" } ?? "")
            }
            return a.refundNote.map { "#\(r.id) \($0)" }
        }
    }

    static func text(_ p: PersonDuplicates) -> String {
        var lines = ["\(p.person.name)  \(p.person.document.kind.chineseName) \(p.person.documentNumber)"]
        for d in p.duplicates {
            let r = d.retention
            lines.append("  [\(d.duplicate.citation)] \(d.duplicate.message)")
            lines.append("    涉及：" + d.recordIDs.compactMap { p.record(id: $0).map(record) }.joined(separator: "；"))
            lines.append("    保留原则：\(r.principle.chinese)（\(r.citation)）\(r.needsCommitment ? "，须本人书面承诺" : "")")
            if let keep = d.keepRecordID, let kept = p.record(id: keep) {
                lines.append("    建议：保留 \(record(kept))；" + actions(d, p).joined(separator: "；"))
            } else {
                lines.append("    待确认：" + r.missingFacts.map(\.chinese).joined(separator: "、"))
            }
            for refund in refunds(d, p) { lines.append("    退费：\(refund)") }
            for note in r.notes { lines.append("    说明：\(note)") }
        }
        // Stored names and places reach the terminal: their control characters are shown as code points.
        return lines.map(SafeText.escaped).joined(separator: "\n") + "\n"
    }

    static func csv(_ p: PersonDuplicates) -> String {
        p.duplicates.map { d in
            let r = d.retention
            let kept = d.keepRecordID.flatMap { p.record(id: $0) }.map(record) ?? ""
            return CSVWriter.line([
                p.person.name, p.person.document.kind.chineseName, p.person.documentNumber, d.duplicate.rule.chinese,
                d.duplicate.citation, d.duplicate.message,
                d.recordIDs.compactMap { p.record(id: $0).map(record) }.joined(separator: "；"),
                r.principle.chinese, r.citation, kept, actions(d, p).joined(separator: "；"),
                r.needsCommitment ? "是" : "否", r.missingFacts.map(\.chinese).joined(separator: "、"),
                refunds(d, p).joined(separator: "；"), r.notes.joined(separator: "；"),
            ].map(SafeText.escaped))  // stored text, shown rather than obeyed, on a terminal or in a spreadsheet
        }.joined()
    }

    static func summary(_ s: DuplicateScanSummary, policy: Policy, today: LocalDate, place: String?) -> String {
        let found = s.duplicates.values.reduce(0, +)
        let byRule = Duplicate.Rule.allCases.map { "\($0.chinese) \(s.duplicates[$0] ?? 0)" }.joined(separator: "，")
        var text = "合计：扫描正常参保且已实缴的记录 \(s.recordsScanned) 条，核查 \(s.personsChecked) 人，"
        text += found == 0 ? "未发现重复参保" : "\(s.personsWithDuplicates) 人有重复参保 \(found) 处（\(byRule)）"
        text += "；\(policy.profile.title)，\(today)" + (place.map { "，地区 \($0)" } ?? "")
        return text + "\n"
    }
}
