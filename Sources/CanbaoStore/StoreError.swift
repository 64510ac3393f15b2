import Foundation
import GRDB

/// Everything the store refuses or fails to do. `description` is the Chinese sentence shown at the counter.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// Someone saved the case after this clerk opened it (optimistic version check).
    case staleCase(number: String, expected: Int, actual: Int)
    case caseNotFound(String)
    case personNotFound(Int64)
    case recordNotFound(Int64)
    case invalidTransition(number: String, from: CaseRecord.Status, to: CaseRecord.Status)
    /// The case's verdict does not allow registration (refuse, missing documents, or no verdict yet).
    case notRegistrable(number: String, reason: String)
    /// Findings of severity `approval` that no supervisor has approved yet.
    case approvalsMissing(number: String, rules: [String])
    /// A record named in `suspending` belongs to another person or is not active.
    case recordNotReplaceable(recordID: Int64, reason: String)
    case invalidCase(String)
    case invalidInput(field: String, reason: String)
    case importRejected([ImportIssue])
    case unsupportedFormat(String)
    case operatorExists(String)
    case operatorNotFound(String)
    /// An unknown name, a wrong password, a disabled or a locked account: one message, so that the answer does not
    /// tell which accounts exist or what state they are in.
    case invalidCredentials
    case operatorDisabled(String)
    case operatorLocked(String)
    case weakPassword(String)
    case notAllowed(String)
    /// The database stayed locked by other processes longer than the busy timeout.
    case busy
    /// The database was migrated by a newer canbao than this one.
    case schemaTooNew(unknown: [String])
    case fileExists(String)
    case io(String)
    /// The audit key file is missing, unreadable, open to others or not the database's.
    case auditKey(String)

    public var description: String {
        switch self {
        case let .staleCase(number, expected, actual):
            return "办件 \(number) 已被他人修改（当前版本 \(actual)，您打开的是版本 \(expected)），请重新打开后再保存"
        case let .caseNotFound(what):
            return "找不到办件 \(what)"
        case let .personNotFound(id):
            return "找不到人员（编号 \(id)）"
        case let .recordNotFound(id):
            return "找不到参保记录（编号 \(id)）"
        case let .invalidTransition(number, from, to):
            return "办件 \(number) 当前为“\(from.chinese)”，不能改为“\(to.chinese)”"
        case let .notRegistrable(number, reason):
            return "办件 \(number) 不能登记：\(reason)"
        case let .approvalsMissing(number, rules):
            return "办件 \(number) 尚有例外未经审核员批准：\(rules.joined(separator: "、"))"
        case let .recordNotReplaceable(recordID, reason):
            return "参保记录 \(recordID) 不能中止：\(reason)"
        case let .invalidCase(reason):
            return "办件内容无效：\(reason)"
        case let .invalidInput(field, reason):
            return "字段 \(field) 无效：\(reason)"
        case let .importRejected(issues):
            let shown = issues.prefix(20).map { "  \($0.description)" }.joined(separator: "\n")
            let more = issues.count > 20 ? "\n  ……另有 \(issues.count - 20) 处错误" : ""
            return "导入文件有 \(issues.count) 处错误，未导入任何数据：\n\(shown)\(more)"
        case let .unsupportedFormat(name):
            return "无法识别文件格式：\(name)（应为 .jsonl 或 .csv）"
        case let .operatorExists(name):
            return "操作员 \(name) 已存在"
        case let .operatorNotFound(name):
            return "找不到操作员 \(name)"
        case .invalidCredentials:
            return "用户名或密码错误，或账号已停用、已锁定"
        case let .operatorDisabled(name):
            return "操作员 \(name) 已停用"
        case let .operatorLocked(name):
            return "操作员 \(name) 连续输错密码 \(CounterStore.maximumFailedLogins) 次，已锁定，请管理员解锁"
        case let .weakPassword(reason):
            return "密码不符合要求：\(reason)"
        case let .notAllowed(reason):
            return "不允许的操作：\(reason)"
        case .busy:
            return "数据库正忙（其他终端正在写入），请稍后重试"
        case let .schemaTooNew(unknown):
            return "数据库由更新版本的 canbao 建立（未知的迁移：\(unknown.joined(separator: ", "))），请升级本程序"
        case let .fileExists(path):
            return "文件已存在：\(path)"
        case let .io(reason):
            return "读写文件失败：\(reason)"
        case let .auditKey(reason):
            return "审计密钥：\(reason)"
        }
    }

    public var errorDescription: String? { description }
}

/// One malformed row of an import file: where it is and what is wrong.
public struct ImportIssue: Equatable, Sendable, CustomStringConvertible {
    /// 1-based line of the file (the CSV header is line 1).
    public var line: Int
    /// The field as named in the file, e.g. `document.number` or `platform_records[1].status`.
    public var field: String?
    public var reason: String

    public init(line: Int, field: String?, reason: String) {
        self.line = line
        self.field = field
        self.reason = reason
    }

    public var description: String {
        if let field { return "第 \(line) 行，字段 \(field)：\(reason)" }
        return "第 \(line) 行：\(reason)"
    }
}

extension StoreError {
    /// Runs a database access, turning a lock that outlasted the busy timeout into `.busy` so that SQLite's
    /// "database is locked" never reaches the clerk.
    static func mapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw StoreError.busy
        }
    }
}
