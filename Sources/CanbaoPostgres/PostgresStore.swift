import CanbaoStore
import Foundation

extension CounterStore {
    /// Opens the store in a PostgreSQL database (migrating it when new or older), its audit key in `home`
    /// (`PostgresLocation.auditKeyPath`). The password is `$PGPASSWORD` or the passfile's.
    public static func open(postgres database: PostgresLocation, home: URL, options: Options = Options(),
                            now: @escaping @Sendable () -> Date = { Date() },
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CounterStore {
        let backend = try PostgresBackend(database, password: try database.password(environment: environment),
                                          lockTimeout: options.busyTimeout)
        return try open(backend: backend, home: home, keyPath: database.auditKeyPath(home: home), options: options, now: now)
    }
}
