import CanbaoStore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A PostgreSQL database as `--database` or `$CANBAO_DATABASE_URL` names it: `postgres://user@host:port/db`. The
/// password never comes from the command line (where `ps` shows it to everyone): it is `$PGPASSWORD`, else the line
/// of the passfile (`$PGPASSFILE`, else `~/.pgpass`, mode 0600 as libpq requires) that matches host, port, database
/// and user.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var host: String
    public var port: Int
    public var database: String

    public init(user: String, host: String, port: Int = 5432, database: String) {
        self.user = user
        self.host = host
        self.port = port
        self.database = database
    }

    /// Whether the text names a PostgreSQL database rather than an SQLite home.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `postgres://user@host[:port]/database` (also `postgresql://`). A password in the URL is refused; so is
    /// anything the store would not know what to do with (query options, a missing part).
    public init(url text: String) throws {
        guard Self.isURL(text) else {
            throw PostgresStoreError.badURL(text, "应以 postgres:// 开头，如 postgres://canbao@db.example:5432/canbao")
        }
        let rest = text.drop(while: { $0 != ":" }).dropFirst(3)
        guard let slash = rest.firstIndex(of: "/") else {
            throw PostgresStoreError.badURL(text, "缺少数据库名（…/数据库名）")
        }
        let authority = rest[..<slash]
        let path = rest[rest.index(after: slash)...]
        guard !path.contains("?"), !path.contains("#") else {
            throw PostgresStoreError.badURL(text, "不支持 ? 之后的连接参数")
        }
        guard let at = authority.lastIndex(of: "@") else {
            throw PostgresStoreError.badURL(text, "缺少用户名（postgres://用户名@主机/数据库名）")
        }
        let userInfo = authority[..<at]
        guard !userInfo.contains(":") else {
            throw PostgresStoreError.passwordInURL
        }
        var hostPort = authority[authority.index(after: at)...]
        var port = 5432
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw PostgresStoreError.badURL(text, "IPv6 地址缺少 ]") }
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else {
                    throw PostgresStoreError.badURL(text, "端口应为 1–65535 的数字")
                }
                port = p
            }
            hostPort = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
        } else if let colon = hostPort.lastIndex(of: ":") {
            guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(p) else {
                throw PostgresStoreError.badURL(text, "端口应为 1–65535 的数字")
            }
            port = p
            hostPort = hostPort[..<colon]
        }
        let user = Self.percentDecoded(String(userInfo)), database = Self.percentDecoded(String(path))
        let host = String(hostPort)
        guard !user.isEmpty else { throw PostgresStoreError.badURL(text, "缺少用户名") }
        guard !host.isEmpty else { throw PostgresStoreError.badURL(text, "缺少主机名") }
        guard !database.isEmpty else { throw PostgresStoreError.badURL(text, "缺少数据库名") }
        for part in [user, host, database] where part.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw PostgresStoreError.badURL(text, "含控制字符")
        }
        self.init(user: user, host: host, port: port, database: database)
    }

    /// The URL without a password: what messages and `CounterStore.path` show.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(Self.percentEncoded(user))@\(shownHost):\(port)/\(Self.percentEncoded(database))"
    }

    /// The same server with another database (the tests make one per test).
    public func with(database: String) -> PostgresLocation {
        PostgresLocation(user: user, host: host, port: port, database: database)
    }

    /// Where this database's audit key lives in a home directory: one file per server and database, so that a
    /// home that once pointed at another database never signs this one's chain with that one's key.
    public func auditKeyPath(home: URL) -> String {
        let safe = { (s: String) in String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "_" }) }
        return home.appendingPathComponent("postgres-\(safe(host))-\(port)-\(safe(database)).key").path
    }

    // MARK: - The password

    /// `$PGPASSWORD`, else the passfile's matching line; nil when neither has one (a server that trusts the client).
    public func password(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        let path: String
        if let file = environment["PGPASSFILE"], !file.isEmpty {
            path = file
        } else if let home = environment["HOME"], !home.isEmpty {
            path = home + "/.pgpass"
        } else {
            return nil
        }
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        guard info.st_mode & 0o077 == 0 else {
            throw PostgresStoreError.passfileExposed(path: path, mode: UInt16(info.st_mode & 0o777))
        }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let fields = Self.passfileFields(String(line))
            guard fields.count == 5, !line.hasPrefix("#") else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// A passfile line's fields: `host:port:database:user:password`, `\:` and `\\` escaped.
    static func passfileFields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }

    private static func percentDecoded(_ text: String) -> String {
        text.removingPercentEncoding ?? text
    }

    private static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
