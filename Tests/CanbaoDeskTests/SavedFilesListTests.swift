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
}
