@testable import CanbaoCounter
import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// Notices on paper (issue #15 item 10): with a queue, `lp -d QUEUE` gets a PostScript copy and the files stay; a
/// printer that refuses keeps the files and says why; without a queue the result says where the file is. `lp` here
/// is a stand-in script that records its arguments (the real CUPS queue is the end-to-end test's).
@Suite struct PrintingTests {
    static func notice() -> Notice {
        let (c, verdict) = NoticeTests.newborn(docs: ["birth-certificate", "guardian-id", "hukou-booklet"])
        return Notice.make(for: c, number: "2026-000041", verdict: verdict, workflowTitle: "新生儿参保登记",
                           counter: NoticeTests.counter, clerk: "王芳", date: LocalDate("2026-01-15")!)
    }

    static func scratch() throws -> URL { try CanbaoBinary.temporaryDirectory("canbao-print") }

    /// A stand-in `lp`: writes its arguments, one a line, to `args`, then answers as CUPS does (or fails).
    static func fakeLP(in dir: URL, fail: Bool = false) throws -> (lp: String, args: URL) {
        let args = dir.appendingPathComponent("args")
        let script = dir.appendingPathComponent("lp")
        let body = fail
            ? "#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n"
            : "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '\(args.path)'; done\necho 'request id is canbao-pdf-7 (1 file(s))'\n"
        try body.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: script.path)
        return (script.path, args)
    }

    @Test func aConfiguredQueueGetsThePostScriptCopyAndTheFilesStay() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (lp, args) = try Self.fakeLP(in: dir)
        let printer = NoticePrinter(directory: dir.appendingPathComponent("notices"), queue: "canbao-pdf", lp: lp)
        let paths = try printer.print(Self.notice(), number: "2026-000041")
        #expect(paths.map { URL(fileURLWithPath: $0).pathExtension } == ["txt", "html", "ps"])
        for path in paths { #expect(FileManager.default.fileExists(atPath: path)) }
        let sent = try String(contentsOf: args, encoding: .utf8).split(separator: "\n").map(String.init)
        // The queue and the file are separate arguments after `--`: nothing is a shell line.
        #expect(sent == ["-d", "canbao-pdf", "-t", "2026-000041-\(Self.notice().kind.rawValue)", "--", paths[2]])
        let ps = try String(contentsOfFile: paths[2], encoding: .utf8)
        #expect(ps.hasPrefix("%!PS"))
        let jobs = printer.spool.take("2026-000041")
        #expect(jobs.map(\.summary) == ["已送打印机 canbao-pdf（作业 canbao-pdf-7）：\(Self.notice().kind.rawValue)"])
        #expect(printer.spool.take("2026-000041").isEmpty)
    }

    @Test func aPrinterThatRefusesKeepsTheFilesAndSaysWhy() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (lp, _) = try Self.fakeLP(in: dir, fail: true)
        let printer = NoticePrinter(directory: dir.appendingPathComponent("notices"), queue: "nosuch", lp: lp)
        let paths = try printer.print(Self.notice(), number: "2026-000041")
        for path in paths { #expect(FileManager.default.fileExists(atPath: path)) }
        let jobs = printer.spool.take("2026-000041")
        #expect(jobs.map(\.summary) == ["未能送打印机 nosuch：打印队列不存在（请核对 --printer 或 $CANBAO_PRINTER；lpstat -p 列出可用的打印机）；文件已保存 \(paths[2])"])
    }

    /// CUPS answers in English (the C locale): its usual refusals are said in Chinese, anything else quoted as lp's.
    @Test func lpsRefusalsAreSaidInChinese() {
        #expect(NoticePrinter.chinese("lp: Destination \"canbao-pdf\" is not accepting jobs.") == "打印队列已暂停接收作业（请管理员用 cupsaccept 恢复）")
        #expect(NoticePrinter.chinese("lp: Unable to connect to server: Connection refused") == "无法连接打印服务（CUPS 未运行？）")
        #expect(NoticePrinter.chinese("lp: Error - scheduler not responding.") == "无法连接打印服务（CUPS 未运行？）")
        #expect(NoticePrinter.chinese("lp: odd \u{1B}[2J news") == "lp 报告：lp: odd \\u{1B}[2J news")
    }

    @Test func withoutAPrinterTheResultSaysWhereTheFileIs() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let printer = NoticePrinter(directory: dir.appendingPathComponent("notices"))
        let paths = try printer.print(Self.notice(), number: "2026-000041")
        #expect(paths.count == 2)
        #expect(printer.spool.take("2026-000041").map(\.summary)
            == ["未配置打印机（--printer 或 $CANBAO_PRINTER）：请打开文件打印 \(paths[0])"])
    }
}
