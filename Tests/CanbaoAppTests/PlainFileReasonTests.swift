import CanbaoApp
import Foundation
import Testing

/// `PlainFile`'s failures in Chinese: the system's error numbers are said in the clerk's words, never in
/// `strerror`'s English, and one without a Chinese reason keeps its number.
@Suite struct PlainFileReasonTests {
    static let mapped: [Int32] = [ENOENT, EACCES, EPERM, EISDIR, ENOTDIR, ELOOP, ENAMETOOLONG, EMFILE, EIO, ENOSPC,
                                  EROFS, EFBIG]

    /// No Latin letter: no English sentence slipped through.
    static func isChinese(_ text: String) -> Bool {
        !text.unicodeScalars.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
    }

    @Test(arguments: mapped) func aCommonErrorIsSaidInChinese(_ code: Int32) {
        for failure in [PlainFile.Failure.unopenable(code), .unreadable(code)] {
            let reason = failure.reason("案件文件", limit: 1_000)
            #expect(Self.isChinese(reason), "\(code): \(reason)")
            #expect(!reason.contains(String(cString: strerror(code))), "\(reason)")
        }
    }

    @Test func anUnmappedErrorKeepsItsNumber() {
        let reason = PlainFile.Failure.unopenable(EXDEV).reason("案件文件", limit: 1_000)
        #expect(reason == "无法打开文件（系统错误，错误号 \(EXDEV)）")
    }

    /// A real read that fails: a directory opened for reading cannot be read.
    @Test func readingADirectorySaysSo() throws {
        let fd = open(FileManager.default.temporaryDirectory.path, O_RDONLY | O_DIRECTORY)
        try #require(fd >= 0)
        defer { close(fd) }
        #expect(throws: PlainFile.Failure.unreadable(EISDIR)) { try PlainFile.read(fd, limit: 10) }
        #expect(PlainFile.Failure.unreadable(EISDIR).reason("案件文件", limit: 10) == "无法读取（是文件夹，不是文件）")
    }
}
