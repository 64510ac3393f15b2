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

    /// Opens (creating with mode 0700/0600 if needed) the store of the resolved home.
    public static func openStore(_ global: GlobalOptions) throws -> CounterStore {
        try open(resolve(global.home))
    }

    /// Opens the store in `home`, saying on stderr what permissions opening had to tighten.
    public static func open(_ home: URL, options: CounterStore.Options = CounterStore.Options()) throws -> CounterStore {
        let store = try CounterStore.open(home: home, options: options)
        for note in store.permissionNotes {
            FileHandle.standardError.write(Data(SafeText.escaped("canbao: " + note).utf8 + [0x0A]))
        }
        return store
    }

    /// The actor recorded in the audit log for administration from the command line: the system user.
    public static var commandLineActor: Actor {
        let user = getpwuid(getuid()).flatMap { String(validatingCString: $0.pointee.pw_name) }
            ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        return .system("cli:\(user)")
    }
}
