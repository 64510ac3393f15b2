import CanbaoRules
import CanbaoStore
import Foundation

/// Prints notices: as UTF-8 text and a printable HTML page under `notices/`, private to the counter's account, kept
/// whatever else happens; and, with a printer configured (`--printer`, `$CANBAO_PRINTER`), on paper through CUPS
/// (`lp -d QUEUE`), from a PostScript copy kept beside them. A notice printed again for the same case keeps the
/// earlier copy (`-2`, `-3`, …): what was handed over is never replaced. A reprint is named apart (`…-回执-补打`), so
/// the folder tells the copy from the paper first handed over.
public struct NoticePrinter: Sendable {
    public let directory: URL
    /// The CUPS queue; nil: the notices are files only.
    public let queue: String?
    /// What was sent to the printer (or why not), by case number, for the screen to say.
    public let spool: PrintSpool
    /// The `lp` program (a test may point it elsewhere).
    let lp: String

    public init(directory: URL, queue: String? = nil, lp: String = "lp") {
        self.directory = directory
        self.queue = queue.flatMap { $0.isEmpty ? nil : $0 }
        self.spool = PrintSpool()
        self.lp = lp
    }

    /// The paths written. A printer that refuses the job does not undo the notice: the files stay and the spool
    /// records why it was not printed.
    public func print(_ notice: Notice, number: String, reprint: Bool = false) throws -> [String] {
        let directory = try OutputFile.privateDirectory(self.directory)
        let stem = "\(number)-\(notice.kind.rawValue)" + (reprint ? "-补打" : "")
        let text = try OutputFile.createUnused(in: directory, stem: stem, ext: "txt", contents: Data(notice.text.utf8))
        let base = text.deletingPathExtension().lastPathComponent
        let html = try OutputFile.createUnused(in: directory, stem: base, ext: "html", contents: Data(notice.html.utf8))
        guard let queue else {
            spool.record(number, PrintJob(kind: notice.kind.rawValue, queue: nil, job: nil, problem: nil, file: text.path))
            return [text.path, html.path]
        }
        let ps = try OutputFile.createUnused(in: directory, stem: base, ext: "ps", contents: Data(notice.postScript.utf8))
        spool.record(number, send(ps.path, title: base, kind: notice.kind.rawValue, queue: queue))
        return [text.path, html.path, ps.path]
    }

    /// `lp -d QUEUE -t TITLE -- FILE`: the job id CUPS gives, or the reason it gave none.
    func send(_ file: String, title: String, kind: String, queue: String) -> PrintJob {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // The queue and the title are arguments, never a shell line: a queue name cannot run anything.
        process.arguments = [lp, "-d", queue, "-t", title, "--", file]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return PrintJob(kind: kind, queue: queue, job: nil, problem: "无法运行 lp（未安装 CUPS 客户端？）", file: file)
        }
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let line = errors.split(whereSeparator: \.isNewline).first.map(String.init)
            let reason = line.map(Self.chinese) ?? "lp 退出码 \(process.terminationStatus)"
            return PrintJob(kind: kind, queue: queue, job: nil, problem: String(reason.prefix(200)), file: file)
        }
        // "request id is QUEUE-12 (1 file(s))"
        let job = output.range(of: #"request id is (\S+)"#, options: .regularExpression).map {
            String(output[$0].dropFirst("request id is ".count))
        }
        return PrintJob(kind: kind, queue: queue, job: job ?? "?", problem: nil, file: file)
    }
}

extension NoticePrinter {
    /// What CUPS's `lp` said, for the clerk: its usual refusals in Chinese, anything else quoted as it came (control
    /// characters as code points), marked as lp's. CUPS speaks the C locale here, the only one the counters have.
    static func chinese(_ line: String) -> String {
        let text = line.lowercased()
        let known: [(words: [String], said: String)] = [
            (["does not exist"], "打印队列不存在（请核对 --printer 或 $CANBAO_PRINTER；lpstat -p 列出可用的打印机）"),
            (["not accepting jobs"], "打印队列已暂停接收作业（请管理员用 cupsaccept 恢复）"),
            (["unable to connect", "not responding", "connection refused"], "无法连接打印服务（CUPS 未运行？）"),
            (["no default destination"], "未设置默认打印机"),
            (["unauthorized", "forbidden", "not authorized"], "没有向此打印机打印的权限"),
        ]
        if let match = known.first(where: { $0.words.contains { text.contains($0) } }) { return match.said }
        return "lp 报告：" + SafeText.escaped(line)
    }
}

/// One notice sent (or not) to the printer.
public struct PrintJob: Hashable, Sendable {
    public var kind: String
    /// Nil: no printer is configured.
    public var queue: String?
    public var job: String?
    public var problem: String?
    public var file: String

    /// 已送打印机 canbao-pdf（作业 canbao-pdf-12）：回执 / 打印失败… / 未配置打印机…
    public var summary: String {
        guard let queue else { return "未配置打印机（--printer 或 $CANBAO_PRINTER）：请打开文件打印 \(file)" }
        if let problem { return "未能送打印机 \(queue)：\(problem)；文件已保存 \(file)" }
        return "已送打印机 \(queue)（作业 \(job ?? "?")）：\(kind)"
    }
}

/// The print jobs of each case, as the printer reported them.
public final class PrintSpool: @unchecked Sendable {
    private let lock = NSLock()
    private var jobs: [String: [PrintJob]] = [:]

    func record(_ number: String, _ job: PrintJob) {
        lock.lock()
        jobs[number, default: []].append(job)
        lock.unlock()
    }

    /// The jobs of case `number` since the last call, in order; taken, so a later print of the case starts afresh.
    public func take(_ number: String) -> [PrintJob] {
        lock.lock()
        defer { lock.unlock() }
        return jobs.removeValue(forKey: number) ?? []
    }
}
