import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// The applicant comes back: the clerk opens the registered case from the home screen, reads it without being able to
/// change it, and prints the receipt again (补打) — into a new file, never over one already there.
@Suite("只读查看与补打（tmux 中的 canbao）")
struct CaseViewEndToEndTests {
    static let birth = CounterCalendar.today.adding(days: -10)
    /// 王小禾's ID number.
    static let number = IDNumbers.residentID(area: "150621", birth: birth, sequence: 2)

    /// 王小禾, born ten days ago, registered at the counter with every document: the case the clerk comes back to.
    static func registerNewborn(_ t: Tmux) throws -> String {
        try t.newCase(1, title: "新生儿参保登记")
        try CounterEndToEndTests.fillNewborn(t, name: "王小禾", number: number, birth: birth)
        try t.tickAllDocuments()
        try t.settle("当前结论：予以受理")
        return try t.submit(headline: "已登记参保").number
    }

    @Test("已登记的新生儿：首页 Enter 只读查看，证件号码完整，按 P 补打回执，已有的文件都不被覆盖")
    func aRegisteredCaseIsViewedReadOnlyAndItsReceiptReprinted() throws {
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }
        let caseNumber = try Self.registerNewborn(t)
        let number = Self.number
        let original = try counter.notice(caseNumber, "回执")
        // A file already bearing the reprint's name (an earlier reprint, or anything else): it must stay as it is.
        let earlier = counter.notices.appendingPathComponent("\(caseNumber)-回执-补打.txt")
        try "先前补打的回执\n".write(to: earlier, atomically: true, encoding: .utf8)

        // Home: the case is on today's list; Enter opens it read-only instead of saying it cannot be changed.
        try t.sendKeys("Enter")
        try t.settle("今日办理中的已登记案件") { s in
            s.line(0).contains("参保 · 首页") && s.lines.contains { $0.hasPrefix(" \(caseNumber)") && $0.contains("已登记") }
        }
        try t.sendKeys("Enter")
        var screen = try t.settle("只读查看") { $0.line(0).contains("参保 · 查看案件（只读）") && $0.contains("P 补打回执") }
        #expect(screen.line(1).contains("案件 \(caseNumber)  新生儿参保登记  已登记"), "\(screen)")
        #expect(screen.message == "只读：已登记的案件不能再修改；P 补打回执", "\(screen)")
        #expect(screen.line(21).contains("只读：已登记的案件不能再修改"), "\(screen)")
        #expect(screen.lines.contains { $0.contains("申请人") && $0.contains("王小禾") }, "\(screen)")
        // The ID number whole, on one row.
        #expect(screen.lines.contains { $0.contains("居民身份证 \(number)") }, "\(screen)")
        #expect(screen.line(23).hasPrefix("F1帮助 ↑↓滚动 P补打 F5刷新 Esc返回"), "\(screen.line(23))")

        // Nothing can be typed in.
        try t.type("x")
        screen = try t.settle("只读提示") { $0.message == "只读：已登记的案件不能再修改" }

        // The rest of the case is reached by scrolling: the documents received and the history.
        try t.sendKeys("End")
        screen = try t.settle("案件末尾的经过") { s in
            s.lines.contains { $0.range(of: #"\d\d-\d\d \d\d:\d\d 王芳 登记"#, options: .regularExpression) != nil }
        }

        try t.sendKeys("p")
        screen = try t.settle("已补打回执") { $0.message.hasPrefix("已补打回执。") }
        #expect(screen.contains("本次补打的文件（原件未改动）"), "\(screen)")
        let reprint = counter.notices.appendingPathComponent("\(caseNumber)-回执-补打-2.txt")
        #expect(screen.contains(reprint.path), "\(screen)")
        let copy = try String(contentsOf: reprint, encoding: .utf8)
        #expect(copy.hasPrefix("基本医疗保险参保登记回执（补打）\n"), "\(copy)")
        #expect(copy.contains("补打日期：\(CounterCalendar.today.chinese)"), "\(copy)")
        #expect(copy.contains("申请人：王小禾（居民身份证 \(number)）"), "\(copy)")
        #expect(FileManager.default.fileExists(atPath: counter.notices.appendingPathComponent("\(caseNumber)-回执-补打-2.html").path))
        // Neither the receipt first handed over nor the earlier file was touched.
        #expect(try counter.notice(caseNumber, "回执") == original)
        #expect(try String(contentsOf: earlier, encoding: .utf8) == "先前补打的回执\n")
        #expect(counter.printed(caseNumber) == ["\(caseNumber)-回执-补打-2.html", "\(caseNumber)-回执-补打-2.txt",
                                               "\(caseNumber)-回执-补打.txt", "\(caseNumber)-回执.html", "\(caseNumber)-回执.txt"])

        // Esc: back to the home screen's list.
        try t.sendKeys("Escape")
        try t.settle("回到首页") { s in
            s.line(0).contains("参保 · 首页") && s.lines.contains { $0.hasPrefix(" \(caseNumber)") && $0.contains("已登记") }
        }
    }

    @Test("参保人页面：按姓名查到王小禾，办件列表中有已登记的案件，Tab、Enter 只读查看，Esc 回到参保人页面")
    func aPersonsCaseIsFoundFromTheSearchAndViewedReadOnly() throws {
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }
        let caseNumber = try Self.registerNewborn(t)
        let number = Self.number
        try t.sendKeys("Enter")
        try t.settle("首页") { $0.line(0).contains("参保 · 首页") }

        // The applicant comes back: the clerk finds her by name, as from any day after.
        try t.sendKeys("2")
        try t.settle("证件号码或姓名")
        try t.type("王小禾")
        try t.sendKeys("Enter")
        try t.settle("─ 查找结果（1）")
        try t.sendKeys("Enter")
        var screen = try t.settle("她的办件") { s in
            s.line(0).contains("参保 · 参保人") && s.contains("办件（1）")
        }
        // Her ID number whole on the head line; the case with its number, date, workflow and status.
        #expect(screen.lines.contains { $0.contains("王小禾  居民身份证 \(number)") }, "\(screen)")
        let today = CounterCalendar.today.description
        #expect(screen.lines.contains { $0.hasPrefix("  \(caseNumber)  \(today)  新生儿参保登记") && $0.contains("已登记") },
                "\(screen)")
        #expect(screen.line(23).hasPrefix("Enter为此人新建业务 Tab办件"), "\(screen.line(23))")

        // Tab to the cases, Enter: read-only.
        try t.sendKeys("Tab")
        screen = try t.settle("办件列表有焦点") { $0.line(23).hasPrefix("Enter打开办件") && $0.contains(">\(caseNumber)") }
        #expect(screen.contains("新生儿参保登记  Enter 只读查看"), "\(screen)")
        try t.sendKeys("Enter")
        screen = try t.settle("只读查看") { $0.line(0).contains("参保 · 查看案件（只读）") && $0.contains("P 补打回执") }
        #expect(screen.line(1).contains("案件 \(caseNumber)  新生儿参保登记  已登记"), "\(screen)")
        #expect(screen.lines.contains { $0.contains("居民身份证 \(number)") }, "\(screen)")

        // Esc: back to her screen, the case still selected in the list.
        try t.sendKeys("Escape")
        screen = try t.settle("回到参保人页面") { s in
            s.line(0).contains("参保 · 参保人") && s.contains(">\(caseNumber)") && s.line(23).hasPrefix("Enter打开办件")
        }
        // And Esc again is the search she was found by.
        try t.sendKeys("Escape")
        try t.settle("─ 查找结果（1）")
    }
}
