@testable import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB
import Testing

/// The counter screen's glance at a store before it opens it: whether it has an account, and nil whenever opening
/// the store would do or say something first (so the screen waits for the opening, as it always did).
@Suite struct StoreGlanceTests {
    static func store(_ label: String) throws -> (URL, CounterStore) {
        let home = try CanbaoBinary.temporaryDirectory(label)
        let store = try CounterStore.open(home: home, options: .init(passwordIterations: PasswordHash.minimumIterations))
        return (home, store)
    }

    @Test func itTellsWhetherTheStoreHasAnAccount() throws {
        let (home, store) = try Self.store("glance-accounts")
        defer { try? FileManager.default.removeItem(at: home) }
        #expect(CounterStore.glanceHasOperators(home: home) == false)
        _ = try store.addOperator(name: "clerk", displayName: "王芳", role: .clerk, password: "Clerk2026pass", by: .system("test"))
        #expect(CounterStore.glanceHasOperators(home: home) == true)
        // With the store closed too (no log or shared memory file beside it), and without leaving any behind.
        store.backend.close()
        let companions = { CounterStore.companionSuffixes.filter { FileManager.default.fileExists(atPath: store.path + $0) } }
        let before = companions()
        #expect(CounterStore.glanceHasOperators(home: home) == true)
        #expect(companions() == before)
    }

    @Test func itCannotTellWhenOpeningHasSomethingToDoOrSayFirst() throws {
        let missing = try CanbaoBinary.temporaryDirectory("glance-none")
        defer { try? FileManager.default.removeItem(at: missing) }
        #expect(CounterStore.glanceHasOperators(home: missing) == nil)
        #expect(CounterStore.glanceHasOperators(home: missing.appendingPathComponent("nowhere")) == nil)

        // A home others may write to, a store file others may read: opening tightens them and says so.
        let (home, store) = try Self.store("glance-exposed")
        defer { try? FileManager.default.removeItem(at: home) }
        store.backend.close()
        chmod(home.path, 0o775)
        #expect(CounterStore.glanceHasOperators(home: home) == nil)
        chmod(home.path, 0o700)
        chmod(store.path, 0o644)
        #expect(CounterStore.glanceHasOperators(home: home) == nil)
        chmod(store.path, 0o600)
        #expect(CounterStore.glanceHasOperators(home: home) == false)

        // No key file beside it, or one others may read: opening refuses the store.
        let key = AuditKey.path(forDatabase: store.path)
        chmod(key, 0o644)
        #expect(CounterStore.glanceHasOperators(home: home) == nil)
        chmod(key, 0o600)
        try FileManager.default.moveItem(atPath: key, toPath: key + ".moved")
        #expect(CounterStore.glanceHasOperators(home: home) == nil)
        try FileManager.default.moveItem(atPath: key + ".moved", toPath: key)

        // A schema that is not this build's: opening would migrate it (or refuse a newer one).
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-a-newer-build')") }
        try queue.close()
        #expect(CounterStore.glanceHasOperators(home: home) == nil)

        // Not a database at all.
        let (other, otherStore) = try Self.store("glance-garbage")
        defer { try? FileManager.default.removeItem(at: other) }
        otherStore.backend.close()
        for suffix in CounterStore.companionSuffixes { try? FileManager.default.removeItem(atPath: otherStore.path + suffix) }
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: otherStore.path))
        #expect(CounterStore.glanceHasOperators(home: other) == nil)
    }
}
