@testable import CanbaoStore
import Foundation
import Testing

/// One table of the system's error numbers in Chinese, for reading (`InputFile`) and writing (`StoreError.writing`).
@Suite struct ErrnoTextTests {
    static let mapped: [Int32] = [ENOENT, EACCES, EPERM, EISDIR, ENOTDIR, ELOOP, ENAMETOOLONG, EMFILE, EIO, ENOSPC,
                                  EROFS, EFBIG]

    static func hasLatinLetters(_ text: String) -> Bool {
        text.unicodeScalars.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
    }

    @Test(arguments: mapped) func everyCommonErrorHasItsOwnChineseReason(_ code: Int32) {
        let reason = ErrnoText.reason(code)
        #expect(!Self.hasLatinLetters(reason), "\(code): \(reason)")
        #expect(!reason.contains("错误号"), "\(code) has no reason of its own")
        #expect(Set(Self.mapped.map(ErrnoText.reason)).count == Self.mapped.count)
    }

    /// A data directory that cannot be made said Foundation's English ("The operation could not be completed").
    @Test func aHomeThatCannotBeMadeSaysWhyInChinese() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("canbao-file-\(UUID().uuidString)")
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let home = file.appendingPathComponent("home/deeper")
        #expect(throws: StoreError.io("无法创建目录 \(home.path)：\(ErrnoText.reason(ENOTDIR))")) {
            try CounterStore.createPrivateDirectory(home)
        }
    }

    @Test func anUnmappedErrorKeepsItsNumber() {
        #expect(ErrnoText.reason(EXDEV) == "系统错误，错误号 \(EXDEV)")
    }

    /// The file messages that fell back to `strerror` go through the table.
    @Test func readingAndWritingMessagesUseIt() {
        for code in [EMFILE, EIO, EXDEV] {
            let reading = InputFile.reason(code, "/data/名单.csv")
            #expect(reading == "无法读取文件 /data/名单.csv（\(ErrnoText.reason(code))）")
            #expect(!reading.contains(String(cString: strerror(code))))
        }
        #expect(StoreError.writing("/data/out.csv", errno: EIO) == .io("/data/out.csv：\(ErrnoText.reason(EIO))"))
        #expect(StoreError.writing("/data/out.csv", errno: EMFILE) == .io("/data/out.csv：\(ErrnoText.reason(EMFILE))"))
    }
}
