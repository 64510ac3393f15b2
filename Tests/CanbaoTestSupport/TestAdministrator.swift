import Foundation

/// The first administrator of a test's store, added through `canbao operator add` (the one account that needs no
/// `--as`), for the commands that must name who runs them: `--as admin`, with the password first on stdin.
public enum TestAdministrator {
    public static let name = "admin"
    public static let password = "Admin-pass-2026"

    /// `--as admin`.
    public static let arguments = ["--as", name]

    /// The administrator's password, the first line of stdin, before anything else the command reads.
    public static func stdin(_ then: String = "") -> String { password + "\n" + then }

    /// Adds the administrator to the (empty) store at `home`, or in the PostgreSQL `database` with its key in `home`.
    public static func add(home: URL, database: String? = nil) throws {
        let result = try CanbaoBinary.run(["operator", "add", name, "--display-name", "管理员", "--role", "admin",
                                           "--home", home.path] + (database.map { ["--database", $0] } ?? []),
                                          stdin: password + "\n")
        guard result.status == 0 else {
            throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "operator add admin：\(result.stderr)"])
        }
    }
}
