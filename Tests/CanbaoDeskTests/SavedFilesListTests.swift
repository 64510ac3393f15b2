import Testing
@testable import CanbaoDesk

/// The result screen's list of files written: listed path by path, a long home cut the names, and three files a
/// notice (text, HTML, the printer's PostScript) pushed the last ones under the message line (an outside tester
/// found the .ps copy missing from the list).
@Suite struct SavedFilesListTests {
    static let folder = "/srv/canbao/halls/dongsheng-hall-number-three/counters/window-12/home/notices/"

    @Test func eachFolderOnceWrappedAndEachNoticeOnceWithItsFormats() {
        let paths = ["回执", "一次性告知书"].flatMap { kind in ["txt", "html", "ps"].map { "\(Self.folder)2026-000015-\(kind).\($0)" } }
        let lines = ResultScreen.savedFiles(paths, width: 48, lines: 10)
        // The folder whole over the first lines, then one line a notice.
        #expect(lines.count == 4, "\(lines)")
        #expect(lines.prefix(2).joined() == Self.folder, "\(lines)")
        #expect(lines.suffix(2) == ["  2026-000015-回执 .txt .html .ps", "  2026-000015-一次性告知书 .txt .html .ps"])
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 48 }, "\(lines)")
    }

    @Test func whatDoesNotFitIsCounted() {
        let paths = (1...5).flatMap { n in ["txt", "html", "ps"].map { "/n/2026-00000\(n)-回执.\($0)" } }
        #expect(ResultScreen.savedFiles(paths, width: 70, lines: 4)
                == ["/n/", "  2026-000001-回执 .txt .html .ps", "  2026-000002-回执 .txt .html .ps", "……另有 9 个文件未列出"])
        #expect(ResultScreen.savedFiles(paths, width: 70, lines: 6).count == 6)
        #expect(ResultScreen.savedFiles(paths, width: 70, lines: 6).last == "  2026-000005-回执 .txt .html .ps")
    }

    @Test func aBareNameIsListedAsIs() {
        #expect(ResultScreen.savedFiles(["回执.txt", ".hidden"], width: 70, lines: 5) == ["回执 .txt", ".hidden"])
    }

    /// The printer's sentence above the list named the notice by its whole path, which the screen wrapped mid-name
    /// over its two lines; the list gives the folder, so the sentence names the file alone, whole on one line.
    @Test func thePrintersSentenceNamesTheFileAlone() {
        let paths = ["txt", "html", "ps"].map { "\(Self.folder)2026-000015-回执.\($0)" }
        let said = "未配置打印机（--printer 或 $CANBAO_PRINTER）：请打开文件打印 \(paths[0])"
        #expect(ResultScreen.byName(said, files: paths) == "未配置打印机（--printer 或 $CANBAO_PRINTER）：请打开文件打印 2026-000015-回执.txt")
        // One path beginning another is replaced whole; a sentence naming no file is left as it was.
        #expect(ResultScreen.byName("文件已保存 /n/回执.txt.bak", files: ["/n/回执.txt", "/n/回执.txt.bak"]) == "文件已保存 回执.txt.bak")
        #expect(ResultScreen.byName("已送打印机 lp（作业 lp-3）：回执", files: paths) == "已送打印机 lp（作业 lp-3）：回执")
        #expect(ResultScreen.byName("请打开文件打印 /n/", files: ["/n/"]) == "请打开文件打印 /n/")
    }

    /// The name then begins the sentence's second line rather than break after 重 (80 columns: the sentence is 74
    /// wide before the name): a word with a file's extension is kept whole, as a path is; a name wider than the line
    /// is split where the line ends, and a dotted number or an English word ending a sentence is not a file's name.
    @Test func aFileNameIsNotBrokenAcrossLines() {
        let name = "2026-000031-重复参保处理告知书.txt"
        let said = "未配置打印机（--printer 或 $CANBAO_PRINTER）：请打开文件打印 \(name)"
        #expect(Wrap.atBreaks(said, width: 76) == ["未配置打印机（--printer 或 $CANBAO_PRINTER）：请打开文件打印", name])
        #expect(Wrap.atBreaks("打印 \(name)", width: 60) == ["打印 \(name)"])
        #expect(Wrap.atBreaks("打印 \(name)", width: 20).joined().count == "打印\(name)".count)
        #expect(Wrap.isFileName("回执.html") && Wrap.isFileName("重复参保处理告知书.ps"))
        #expect(!Wrap.isFileName("1.2") && !Wrap.isFileName("Forms.") && !Wrap.isFileName(".hidden")
                && !Wrap.isFileName("已保存。txt") && !Wrap.isFileName("回执.text-file"))
    }
}
