import Foundation

/// What can go wrong between canbao and a PostgreSQL server, in the Chinese the counter and the commands show.
public enum PostgresStoreError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// `--database` or `$CANBAO_DATABASE_URL` is not a PostgreSQL URL canbao can use.
    case badURL(String, String)
    /// A password in the URL: it would be visible to everyone on the host (`ps`) and in the shell's history.
    case passwordInURL
    /// The passfile may be read by others: libpq ignores such a file, and so does canbao.
    case passfileExposed(path: String, mode: UInt16)
    /// No server answers at the address (refused, unknown host, timed out).
    case unreachable(String, String)
    /// The server refused the user or the password.
    case authenticationFailed(String)
    /// The connection broke during an operation (the server restarted or the network went down): nothing of the
    /// operation was committed, and the next one reconnects.
    case connectionLost(String)
    /// The server refused a statement (a constraint, a missing table…).
    case server(code: String, message: String)
    /// The database was migrated by a newer canbao, or a step has no PostgreSQL form in this build.
    case migrationMissing(String)

    public var description: String {
        switch self {
        case let .badURL(url, reason):
            return "数据库地址无效：\(url)（\(reason)）"
        case .passwordInURL:
            return "数据库地址中不能含密码（命令行上的密码他人可见）：请用 $PGPASSWORD 或权限为 0600 的 ~/.pgpass 文件提供密码"
        case let .passfileExposed(path, mode):
            return "密码文件 \(path) 的权限为 \(String(mode, radix: 8))，其他用户可读：请执行 chmod 600 \(path)"
        case let .unreachable(location, reason):
            return "无法连接数据库服务器 \(location)：\(reason)；请检查地址、端口和网络，或服务器是否已启动"
        case let .authenticationFailed(location):
            return "数据库服务器 \(location) 拒绝登录：用户名或密码错误（密码取自 $PGPASSWORD 或 ~/.pgpass）"
        case let .connectionLost(location):
            return "与数据库服务器 \(location) 的连接中断，本次操作未保存；已填写的内容仍在屏幕上，服务器恢复后会自动重连，请稍后再保存"
        case let .server(code, message):
            return "数据库拒绝了本次操作（\(code)）：\(message)"
        case let .migrationMissing(what):
            return what
        }
    }

    public var errorDescription: String? { description }

    /// Whether the operation may succeed on a new connection (the server came back).
    public var isConnectionProblem: Bool {
        switch self {
        case .unreachable, .connectionLost: return true
        default: return false
        }
    }
}
