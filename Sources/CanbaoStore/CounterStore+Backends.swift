import Foundation

extension CounterStore {
    /// A store on another engine (PostgreSQL) whose key file lives in `home`: the home directory is made private as
    /// for SQLite (created 0700, tightened when others may write to it), the key read or created (`prepareAuditKey`).
    public static func open(backend: any StoreBackend, home: URL, keyPath: String, options: Options = Options(),
                            now: @escaping @Sendable () -> Date = { Date() }) throws -> CounterStore {
        try createPrivateDirectory(home)
        let note = try tighten(home.path, to: 0o700, when: 0o022)
        let key = try StoreError.mapping(path: backend.location) { try prepareAuditKey(backend, path: keyPath) }
        return try CounterStore(backend: backend, auditKey: key, auditKeyPath: keyPath, options: options, now: now,
                                notes: note.map { [$0] } ?? [])
    }
}
