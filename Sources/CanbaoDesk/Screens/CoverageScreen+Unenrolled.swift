import CanbaoRules

/// The persons not yet enrolled (全民参保计划库), with their places named from the division table (Forms/divisions/,
/// GB/T 2260) rather than as bare codes: a code the table does not know stays as it is.
extension CoverageScreen {
    /// The place column: wide enough for a prefecture and county name (鄂尔多斯市达拉特旗); from 100 columns the code
    /// stands before the name.
    static func placeWidth(cols: Int) -> Int { cols >= 100 ? 28 : 20 }

    /// `鄂尔多斯市东胜区`, or `150602 鄂尔多斯市东胜区` with the code; the code alone when the table does not know it.
    static func place(_ code: String, _ divisions: Divisions, withCode: Bool) -> String {
        guard let name = divisions.name(code) else { return code }
        return withCode ? "\(code) \(name)" : name
    }

    /// The last record as the runtime words it (`150602 居民医保 2025年 …`), its place named after the code.
    static func lastRecord(_ text: String, _ divisions: Divisions) -> String {
        let code = text.prefix { $0.isASCII && $0.isNumber }
        guard code.count == 6, text.dropFirst(6).first == " ", let name = divisions.name(String(code)) else { return text }
        return "\(code) \(name)" + text.dropFirst(6)
    }

    static func renderUnenrolled(_ s: CoverageState, _ b: inout ScreenBuffer, _ divisions: Divisions) {
        guard let list = s.unenrolled else {
            b.put(s.busy ? "正在统计…" : "Enter 列出未参保人员", row: 4, col: 2, style: .dim)
            return
        }
        var caption = "未参保人员（\(s.unenrolledTotal)）"
        if s.unenrolledTotal > list.count { caption += "，显示前 \(list.count) 人，全部见 F8 导出" }
        Frame.rule(&b, row: 3, caption: caption)
        let placeWidth = placeWidth(cols: b.cols), withCode = b.cols >= 100
        b.put(DisplayWidth.pad("姓名", to: 10) + DisplayWidth.pad("证件号码", to: 20) + DisplayWidth.pad("所在地", to: placeWidth)
              + DisplayWidth.pad("人群", to: 12) + "最近参保记录", row: 4, col: 2, style: .dim)
        if list.isEmpty { b.put("（无：均已参保）", row: 5, col: 2, style: .dim) }
        let height = listHeight(b.rows)
        var sel = s.selection
        sel.clamp(count: list.count, height: height)
        for (i, p) in list.enumerated().dropFirst(sel.top).prefix(height) {
            var line = DisplayWidth.pad(p.name, to: 10) + DisplayWidth.pad(p.document, to: 20)
                + DisplayWidth.pad(place(p.place, divisions, withCode: withCode), to: placeWidth - 1) + " "
                + DisplayWidth.pad(p.groups, to: 12)
            // The last record's place named where the row has room for it (the detail rows always do).
            let named = lastRecord(p.lastRecord, divisions)
            line += DisplayWidth.of(line + named) <= b.cols - 4 ? named : p.lastRecord
            b.put(line, row: 5 + i - sel.top, col: 2, style: i == sel.index ? .selected : .normal, width: b.cols - 4)
        }
        // The selected person whole below the list: what the columns cut (a long place name, the last record).
        guard sel.index < list.count else { return }
        let p = list[sel.index]
        let detail = "\(p.name)：所在地 \(place(p.place, divisions, withCode: true))；最近参保记录 \(lastRecord(p.lastRecord, divisions))"
        for (i, line) in Wrap.atBreaks(detail, width: b.cols - 4).prefix(2).enumerated() {
            b.put(line, row: b.rows - 4 + i, col: 2, style: .dim, width: b.cols - 4)
        }
    }
}
