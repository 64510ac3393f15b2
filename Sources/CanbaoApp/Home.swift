import CanbaoPostgres
import CanbaoRules
import CanbaoStore
import Foundation

/// Where the store lives: `--home`, else `$CANBAO_HOME`, else `$XDG_DATA_HOME/canbao`, else `~/.local/share/canbao`.
public enum Home {
    public static func resolve(_ option: String?,
                        environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let option, !option.isEmpty { return URL(fileURLWithPath: option) }
        if let home = environment["CANBAO_HOME"], !home.isEmpty { return URL(fileURLWithPath: home) }
        // The XDG spec says a relative $XDG_DATA_HOME is invalid and must be ignored.
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return URL(fileURLWithPath: data).appendingPathComponent("canbao")
        }
        let user = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: user).appendingPathComponent(".local/share/canbao")
    }

    /// The PostgreSQL database the store is in: `--database`, else `$CANBAO_DATABASE_URL`; nil for SQLite in the home.
    public static func database(_ option: String?,
                         environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let option, !option.isEmpty { return option }
        if let url = environment["CANBAO_DATABASE_URL"], !url.isEmpty { return url }
        return nil
    }

    /// Opens (creating with mode 0700/0600 if needed) the store of the resolved home, or in the PostgreSQL database.
    public static func openStore(_ global: GlobalOptions) throws -> CounterStore {
        try open(resolve(global.home), database: database(global.database),
                 options: CounterStore.Options(servicePoint: global.servicePoint()))
    }

    /// Opens the store of the resolved home for a command that only reads it: a home without a store (a mistyped
    /// `--home`) is bad input, refused before anything is created, rather than a new empty store reporting zeros.
    public static func openExistingStore(_ global: GlobalOptions) throws -> CounterStore {
        let home = resolve(global.home), database = database(global.database)
        try requireStore(home, database: database)
        return try open(home, database: database, options: CounterStore.Options(servicePoint: global.servicePoint()))
    }

    /// Refuses, as bad input, a home that holds no store (see `hasStore`).
    public static func requireStore(_ home: URL, database: String?) throws {
        guard hasStore(home, database: database) else { throw InputError(noStoreMessage(home)) }
    }

    /// What a command that reads the store says of a home without one.
    public static func noStoreMessage(_ home: URL) -> String {
        SafeText.escaped("\(home.path): 数据目录中没有参保库（先运行 canbao store init 或导入数据）")
    }

    /// Opens the store in `home` (SQLite), or in `database` (PostgreSQL, the key file in `home`), saying on stderr
    /// what permissions opening had to tighten. An address canbao cannot use, a server that does not answer and a
    /// password it refuses end the command here: one line on stderr, exit status 2, before anything else is done.
    public static func open(_ home: URL, database: String? = nil,
                     options: CounterStore.Options = CounterStore.Options()) throws -> CounterStore {
        let store: CounterStore
        if let database {
            do {
                store = try CounterStore.open(postgres: PostgresLocation(url: database), home: home, options: options)
            } catch let error as PostgresStoreError {
                throw InputError(SafeText.escaped("canbao: \(error.description)"))
            }
        } else {
            store = try CounterStore.open(home: home, options: options)
        }
        for note in store.permissionNotes {
            FileHandle.standardError.write(Data(SafeText.escaped("canbao: " + note).utf8 + [0x0A]))
        }
        return store
    }

    /// Whether there is a store to read: a PostgreSQL database is named, or the home holds the SQLite file.
    public static func hasStore(_ home: URL, database: String?) -> Bool {
        database != nil || FileManager.default.fileExists(atPath: home.appendingPathComponent(CounterStore.fileName).path)
    }

    /// The actor recorded in the audit log for administration from the command line: the system user.
    public static var commandLineActor: Actor {
        let user = getpwuid(getuid()).flatMap { String(validatingCString: $0.pointee.pw_name) }
            ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        return .system("cli:\(user)")
    }
}
