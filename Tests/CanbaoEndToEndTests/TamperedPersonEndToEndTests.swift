import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB
import Testing

/// The person screen in the real binary at 80x24: the search result Enter opens carries the `>` mark, and a person
/// whose name is edited with another program while the screen is open is shown marked, with the reason on the
/// message line (the screen reloads on the store's change, as for any other terminal's write).
@Suite(.serialized) struct TamperedPersonEndToEndTests {
    @Test("参保人页面：查找结果的选中行有 > 标记；姓名被绕过本程序改动后，页面标出并在消息行说明")
    func aPersonEditedWhileShownIsMarked() throws {
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }
        _ = try CaseViewEndToEndTests.registerNewborn(t)
        try t.sendKeys("Enter")
        try t.settle("首页") { $0.line(0).contains("参保 · 首页") }
        try t.sendKeys("2")
        try t.settle("证件号码或姓名")
        try t.type("王小禾")
        try t.sendKeys("Enter")
        var screen = try t.settle("─ 查找结果（1）")
        #expect(screen.lines.contains { $0.hasPrefix(" >王小禾") }, "\(screen)")
        try t.sendKeys("Enter")
        screen = try t.settle("参保人页面") { $0.line(0).contains("参保 · 参保人") && $0.contains("王小禾  居民身份证") }
        #expect(!screen.contains("！"), "\(screen)")

        let queue = try DatabaseQueue(path: counter.home.appendingPathComponent(CounterStore.fileName).path)
        try queue.write { db in try db.execute(sql: "UPDATE person SET name = '伪造人' WHERE name = '王小禾'") }
        try queue.close()
        screen = try t.settle("标出改动") { $0.contains("！伪造人  居民身份证") }
        #expect(screen.line(22).contains("与审计日志记录的不符") || screen.line(21).contains("与审计日志记录的不符"),
                "\(screen)")
        #expect(screen.lines.contains { $0.contains(CaseViewEndToEndTests.number) }, "\(screen)")
    }
}
