import CanbaoStore
import Foundation
import PostgresNIO

/// postgres-nio's errors as the store's: the server's refusals keep their SQLSTATE and message, a broken or refused
/// connection says so in Chinese.
enum PostgresErrors {
    static func map(_ error: any Error, location: PostgresLocation) -> any Error {
        if error is PostgresStoreError || error is StoreError { return error }
        guard let psql = error as? PSQLError else {
            return PostgresStoreError.unreachable(location.description, reason(error))
        }
        switch psql.code {
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? ""
            let message = psql.serverInfo?[.message] ?? ""
            switch state {
            case "28P01", "28000":
                return PostgresStoreError.authenticationFailed(location.description)
            case "3D000":
                return PostgresStoreError.unreachable(location.description, "服务器上没有数据库 \(location.database)（请先 createdb）")
            case "57P01", "57P02", "57P03", "08000", "08003", "08006":
                return PostgresStoreError.connectionLost(location.description)
            case "55P03":
                return StoreError.busy
            default:
                return PostgresStoreError.server(code: state, message: message)
            }
        case .connectionError:
            return PostgresStoreError.unreachable(location.description, psql.underlying.map(reason) ?? "连接失败")
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            return PostgresStoreError.connectionLost(location.description)
        case .authMechanismRequiresPassword:
            return PostgresStoreError.authenticationFailed(location.description)
        default:
            return PostgresStoreError.server(code: psql.code.description, message: String(reflecting: psql))
        }
    }

    /// Why a connection could not be made, in Chinese where the reason is a common one.
    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("refused") || text.contains("ECONNREFUSED") { return "连接被拒绝（该端口没有数据库服务）" }
        if text.contains("timed out") || text.contains("Timeout") || text.contains("timeout") { return "连接超时" }
        if text.contains("resolve") || text.contains("NXDOMAIN") || text.contains("getaddrinfo") || text.contains("lookup") {
            return "找不到该主机"
        }
        if text.contains("unreachable") { return "网络不可达" }
        return text
    }
}
