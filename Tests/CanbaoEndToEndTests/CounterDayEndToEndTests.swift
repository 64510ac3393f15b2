import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Issue #15 through the real binary in tmux: two terminals on one store (the supervisor's queue refreshes without
/// a key when the clerk sends a case and when she withdraws it), a draft voided from the form with a reason, and a
/// place code found by name with F4.
@Suite("柜台一日端到端（两个终端、撤回与作废、地点查找）")
struct CounterDayEndToEndTests {
    @Test("两个终端：柜员送审后审核队列无需按键即出现该案件；柜员写明理由撤回后队列随即去掉，写入审计")
    func aQueueRefreshesWithoutAKeyAndAWithdrawnCaseLeavesIt() throws {
        let counter = try Counter()
        try counter.addSupervisor()
        let supervisor = try counter.supervisorAtQueue()
        defer { supervisor.kill() }
        try supervisor.settle("空的审核队列") { $0.contains("待审核的例外情形") }

        let clerk = try counter.terminal()
        defer { clerk.kill() }
        try clerk.login()
        let visit = NewbornVisit.born(daysAgo: 100, name: "王小禾", reason: "家长住院延误办理")
        let number = try clerk.serveNewborn(visit)
        // Nothing is pressed on the supervisor's terminal: the queue shows the case within two seconds or so.
        try supervisor.settle("队列中出现 \(number)", timeout: .seconds(6)) { Tmux.queueRow($0, number) != nil }

        // The clerk withdraws it from her 待审核 list (F8, a reason, Enter).
        try clerk.sendKeys("Enter")
        try clerk.settle("首页") { $0.line(0).contains("参保 · 首页") }
        for _ in 0..<3 { try clerk.sendKeys("Tab") }
        try clerk.settle("待审核列表中的 \(number)") { $0.contains(number) && $0.contains("待审核") }
        try clerk.sendKeys("F8")
        try clerk.settle("撤回案件 \(number)：请写明理由")
        try clerk.type("申请人撤回申请")
        try clerk.waitFor("申请人撤回申请")
        try clerk.sendKeys("Enter")
        try clerk.settle("案件 \(number) 已撤回")

        // Again without a key: the case leaves the supervisor's queue.
        try supervisor.settle("队列中不再有 \(number)", timeout: .seconds(6)) { Tmux.queueRow($0, number) == nil }
        let stored = try #require(try counter.openStore().case(number: number))
        #expect(stored.status == .withdrawn)
        let audit = try counter.openStore().auditLog(entity: "case", entityID: number)
        #expect(audit.contains { $0.detail.contains("撤回：申请人撤回申请") }, "\(audit.map(\.detail))")
    }

    @Test("误开的草稿：表单上 F8 写明理由作废，案件保留为“已作废”，不再列入草稿")
    func aDraftOpenedByMistakeIsVoidedFromTheForm() throws {
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }
        try t.newCase(1, title: "新生儿参保登记")
        try t.skip("办理地（统筹区代码）*")
        try t.choose("是否已办理户籍登记*", key: "y", shows: "是")
        try t.choose("是否在户籍登记前死亡*", key: "n", shows: "否")
        try t.skip("是否已使用父母姓名预参保")
        try t.fill("新生儿姓名*", "王大禾")
        // Saved as a draft once a field is left: wait for its number.
        let saved = try t.settle("草稿已编号") { $0.contains("案件 20") }
        let number = try #require(saved.lines.compactMap { line in
            line.range(of: #"案件 \d{4}-\d{6}"#, options: .regularExpression).map { String(line[$0].dropFirst(3)) }
        }.first, "\(saved)")
        try t.sendKeys("F8")
        try t.settle("作废本草稿")
        try t.type("误开新生儿业务")
        try t.waitFor("误开新生儿业务")
        try t.sendKeys("Enter")
        try t.settle("案件 \(number) 已作废")
        #expect(try counter.openStore().case(number: number)?.status == .voided)
    }

    @Test("地点：F4 按名称查找（东胜 → 150602），未知代码拒收")
    func aPlaceIsFoundByNameAndAnUnknownCodeIsRefused() throws {
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }
        try t.newCase(1, title: "新生儿参保登记")
        try t.settle("1.办理情形")
        // 办理地 is prefilled with the counter's place: clear it and type a code that is no division.
        try t.sendKeys("C-u")
        try t.type("123456")
        try t.sendKeys("Tab")
        var screen = try t.settle("不是现行的行政区划代码")
        // The field keeps the focus and the code as typed, to be mended; F4 searches the table from there.
        #expect(screen.lines.contains { $0.contains(">办理地") && $0.contains("123456") }, "\(screen)")
        try t.sendKeys("F4")
        try t.settle("查找地点")
        try t.type("东胜")
        try t.settle("150602 鄂尔多斯市东胜区")
        try t.sendKeys("Enter")
        screen = try t.settle("办理地（统筹区代码）：150602 鄂尔多斯市东胜区")
        #expect(screen.lines.contains { $0.contains("办理地") && $0.contains("150602") }, "\(screen)")
    }
}

/// A real CUPS queue with the cups-pdf backend (scripts/test-cups.sh; CI starts it): `CANBAO_TEST_PRINTER` names
/// it, the PDFs land in `CANBAO_TEST_PDF_DIR` (default ~/PDF).
enum TestPrinter {
    static var queue: String? {
        let env = ProcessInfo.processInfo.environment
        if let q = env["CANBAO_TEST_PRINTER"], !q.isEmpty { return q }
        return nil
    }
    static var pdfDirectory: URL {
        let env = ProcessInfo.processInfo.environment
        return URL(fileURLWithPath: env["CANBAO_TEST_PDF_DIR"] ?? (NSHomeDirectory() + "/PDF"))
    }
    /// Without a queue the test is skipped, except under CI, where it must run (and fails without one).
    static var runs: Bool { queue != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    static func pdfText(_ url: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["pdftotext", "-enc", "UTF-8", url.path, "-"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite("打印到 CUPS 打印机（cups-pdf）")
struct PrintingEndToEndTests {
    @Test("配置打印机后，受理回执送到 cups-pdf 队列，结果画面写明作业号，PDF 中有回执的中文内容；文件照常保存",
          .enabled(if: TestPrinter.runs, "没有 CUPS 测试打印机（CANBAO_TEST_PRINTER；eval \"$(bash scripts/test-cups.sh start)\"）"))
    func aReceiptIsPrintedToACupsPDFQueue() throws {
        let queue = try #require(TestPrinter.queue, "CI 须配置 CUPS 测试打印机（scripts/test-cups.sh start）")
        let started = Date()
        let counter = try Counter()
        let t = try counter.terminal(environment: ["CANBAO_PRINTER": queue])
        defer { t.kill() }
        try t.login()
        let visit = NewbornVisit.born(daysAgo: 20, name: "王小禾")
        let number = try t.serveNewborn(visit)
        let screen = try t.settle("已送打印机 \(queue)（作业 \(queue)-")
        #expect(screen.contains("通知书文件（已保存）"), "\(screen)")
        // The printer's PostScript copy is listed with the others (an outside tester found it missing).
        #expect(screen.lines.contains { $0.hasPrefix("      \(number)-回执 .txt .html .ps") }, "\(screen)")
        #expect(counter.noticeExists(number, "回执"))
        #expect(counter.noticeExists(number, "回执", ext: "ps"))

        // cups-pdf writes the PDF a moment later: the newest one holding the case number.
        var found: String?
        try eventually("cups-pdf 生成含案件 \(number) 的 PDF", timeout: .seconds(30)) {
            let files = (try? FileManager.default.contentsOfDirectory(at: TestPrinter.pdfDirectory, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
            for file in files where file.pathExtension == "pdf" {
                let modified = (try? file.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
                guard modified >= started.addingTimeInterval(-1) else { continue }
                let text = try TestPrinter.pdfText(file)
                if text.contains(number) { found = text; return true }
            }
            return false
        }
        let text = try #require(found)
        #expect(text.contains("王小禾"), "\(text)")
        #expect(text.contains("新生儿参保登记"), "\(text)")
    }
}
