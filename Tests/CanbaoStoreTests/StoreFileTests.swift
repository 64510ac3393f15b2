import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// The database file itself: deleted or replaced under a running counter, or left open to others.
@Suite struct StoreFileTests {
    static func somePerson(_ n: Int) -> PersonInput {
        Fixture.person("人员\(n)", number: Fixture.residentID(birth: "1990-01-01", sequence: n))
    }

    @Test func aDeletedDatabaseFileIsNoticedAndNothingIsWrittenToIt() throws {
        let home = try CanbaoBinary.temporaryDirectory("store-deleted")
        let store = try Fixture.store(in: home)
        try store.upsertPerson(Self.somePerson(1), by: .system("test"))
        #expect(throws: Never.self) { try store.checkFile() }
        for suffix in ["", "-wal", "-shm"] { unlink(store.path + suffix) }

        #expect(throws: StoreError.storeReplaced(store.path)) { try store.checkFile() }
        #expect(throws: StoreError.storeReplaced(store.path)) { try store.upsertPerson(Self.somePerson(2), by: .system("test")) }
        #expect(throws: StoreError.storeReplaced(store.path)) { try store.checkpoint() }
        #expect(StoreError.storeReplaced(store.path).description
            == "数据库文件已被删除或替换，已停止写入以免数据丢失：请通知管理员后重新启动（\(store.path)）")
        // Nothing came back under the name either.
        #expect(!FileManager.default.fileExists(atPath: store.path))
    }

    @Test func aDatabaseFileReplacedByAnotherIsNoticedAndTheOtherIsLeftAlone() throws {
        let home = try CanbaoBinary.temporaryDirectory("store-replaced")
        let store = try Fixture.store(in: home)
        try store.upsertPerson(Self.somePerson(1), by: .system("test"))
        // An administrator restores last night's backup over the file while a counter is open (the log emptied first,
        // so the restored file opens cleanly).
        try store.checkpoint()
        let backup = try CanbaoBinary.temporaryDirectory("store-replaced-backup").appendingPathComponent("b.sqlite")
        try store.backup(to: backup, by: .system("test"))
        #expect(rename(backup.path, store.path) == 0)

        #expect(throws: StoreError.storeReplaced(store.path)) { try store.upsertPerson(Self.somePerson(2), by: .system("test")) }
        let restored = try Fixture.store(in: home)
        #expect(try restored.counts().persons == 1)
        #expect(try restored.verify().isOK)
        try restored.upsertPerson(Self.somePerson(3), by: .system("test"))
        #expect(try restored.counts().persons == 2)
    }

    @Test func aHomeOpenToOthersAndStoreFilesReadableByThemAreTightened() throws {
        let home = try CanbaoBinary.temporaryDirectory("store-perm")
        let first = try Fixture.store(in: home)
        #expect(first.permissionNotes.isEmpty)
        try first.upsertPerson(Self.somePerson(1), by: .system("test"))
        chmod(home.path, 0o777)
        for suffix in ["", "-wal", "-shm", ".lock"] { chmod(first.path + suffix, 0o666) }

        let store = try Fixture.store(in: home)
        #expect(try Fixture.mode(home.path) == 0o700)
        for suffix in ["", "-wal", "-shm", ".lock"] { #expect(try Fixture.mode(first.path + suffix) == 0o600, "\(suffix)") }
        #expect(store.permissionNotes.first == "已收紧 \(home.path) 的权限：777 → 700（数据只应由本账户读写）")
        #expect(store.permissionNotes.count == 5)
        #expect(try store.counts().persons == 1)

        // A home others may only list (as `mkdir` makes it) is left as it is: the files inside are private.
        chmod(home.path, 0o755)
        #expect(try Fixture.store(in: home).permissionNotes.isEmpty)
        #expect(try Fixture.mode(home.path) == 0o755)
    }

    @Test func fileErrorsAreChineseAndSayWhatToDo() {
        #expect(StoreError.writing("/x/y.csv", errno: ENOSPC) == .diskFull("/x/y.csv"))
        #expect(StoreError.writing("/x/y.csv", errno: EFBIG) == .diskFull("/x/y.csv"))
        #expect(StoreError.writing("/x/y.csv", errno: EROFS) == .readOnly("/x/y.csv"))
        #expect(StoreError.writing("/x/y.csv", errno: EACCES) == .permissionDenied("/x/y.csv"))
        #expect(StoreError.diskFull("/x/y.csv").description
            == "磁盘空间不足（或超出文件大小限制），/x/y.csv 未写入，未留下不完整的文件：请清理磁盘空间或换一个位置后重试")
        #expect(StoreError.readOnly("/x/y.csv").description
            == "/x/y.csv 只读（文件、目录或所在磁盘不可写），未写入：请检查权限或改用可写的位置")
    }
}
