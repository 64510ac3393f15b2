import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// The counter screen when its files go wrong underneath it, and what it writes for spreadsheets.
@Suite("数据文件故障与导出安全端到端")
struct StoreFaultEndToEndTests {
    @Test("窗口运行中数据库文件被删除：立即提示并停止写入，已填内容留在屏幕上，不会写到无人读取的文件里")
    func aDeletedStoreStopsWritesAndKeepsTheDraftOnScreen() throws {
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }
        try t.newCase(2, title: "大中专学生参保登记")
        try t.skip("办理地（统筹区代码）*")
        try t.fill("学籍地（统筹区代码）*", "150602")
        let database = counter.home.appendingPathComponent(CounterStore.fileName).path

        // Someone removes the database (a cleanup script, a wrong `rm`) while the clerk is typing.
        for suffix in ["", "-wal", "-shm"] { unlink(database + suffix) }
        var screen = try t.settle("数据库文件已被删除或替换") { $0.contains("数据库文件已被删除或替换，已停止写入以免数据丢失：请通知管理员") }
        #expect(screen.contains("150602"), "\(screen)")

        // Typing on: every completed field's draft is refused, the message stays, what was typed stays on screen.
        try t.choose("是否资助参保救助对象", key: "n", shows: "否")
        try t.choose("是否残疾人", key: "n", shows: "否")
        screen = try t.settle("仍提示已停止写入") { $0.contains("已被删除或替换") && $0.contains("150602") }
        #expect(!FileManager.default.fileExists(atPath: database), "nothing is written under the old name")
    }

    @Test("覆盖率导出（F8）：以公式字符开头的姓名、地区在 CSV 中加单引号，表格软件不会执行")
    func theCoverageExportNeutralisesFormulas() throws {
        let birth = CounterCalendar.born(yearsAgo: 30, days: 3)
        let number = IDNumbers.residentID(area: "150621", birth: birth, sequence: 62)  // even: a woman, as the line says
        let counter = try Counter(region: "dalate", place: "150621", platform: [
            platformLine(name: "=HYPERLINK(\"http://evil\")", number: number, birth: birth, sex: .female, records: []),
        ])
        let t = try counter.startAtHome()
        defer { t.kill() }
        try t.sendKeys("5")
        try t.settle("人员 1，已参保 0")
        try t.sendKeys("F8")
        try t.settle("已导出 2 个 CSV 文件")
        let reports = counter.home.appendingPathComponent("reports")
        let names = try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted()
        let list = try String(contentsOf: reports.appendingPathComponent(try #require(names.first { $0.hasSuffix("-unenrolled.csv") })),
                              encoding: .utf8)
        #expect(list.contains("\n\"'=HYPERLINK(\"\"http://evil\"\")\",居民身份证,\(number),"), "\(list)")

        // Exported again in the same second: both kept, nothing replaced.
        try t.sendKeys("F8")
        try t.settle("已导出 2 个 CSV 文件") { _ in
            ((try? FileManager.default.contentsOfDirectory(atPath: reports.path).count) ?? 0) == 4
        }
    }
}
