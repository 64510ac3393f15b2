import CanbaoRules
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything the store refuses or fails to do. `description` is the Chinese sentence shown at the counter.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// Someone saved the case after this clerk opened it (optimistic version check).
    case staleCase(number: String, expected: Int, actual: Int)
    case caseNotFound(String)
    case personNotFound(Int64)
    case recordNotFound(Int64)
    case invalidTransition(number: String, from: CaseStatus, to: CaseStatus)
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
    /// A row no longer matches the digest the audit log last recorded for it (changed outside canbao).
    case tampered(String)
    /// A write refused because a row it changed was altered behind the store's back (`requireRecordedPriorState`).
    case tamperedWrite(String)
    /// The database holds triggers the store did not make (`ForeignTriggers`): nothing is written while they exist.
    case foreignTriggers([String])
    case io(String)
    /// The audit key file is missing, unreadable, open to others or not the database's.
    case auditKey(String)
    /// The disk (or the file-size limit) is full: nothing of what was being written is left behind.
    case diskFull(String)
    /// The file or its directory cannot be written: mounted read-only, or its mode forbids it.
    case readOnly(String)
    /// The operating system refused access (not the owner, no permission).
    case permissionDenied(String)
    /// The database file cannot be opened (its directory missing or not accessible).
    case cannotOpen(String)
    /// The database file is damaged or is not a canbao database.
    case corrupt(String)
    /// The database file was deleted or replaced by another file while this process had it open: its writes would
    /// go to a file nobody will read again, so none are made.
    case storeReplaced(String)
    /// The home directory or a store file is readable or writable by others and cannot be tightened (not ours).
    case insecurePermissions(path: String, mode: UInt16)
    /// The operator stopped a long operation before it wrote anything.
    case cancelled

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
        case let .tampered(what):
            return "\(what)与审计日志记录的不符（数据库可能被绕过本程序直接改动），已拒绝使用：请审核员运行 canbao store verify 核查，并从备份恢复"
        case let .tamperedWrite(what):
            return "\(what) 与审计日志记录的不符（数据库可能被绕过本程序直接改动）：已拒绝写入，本次操作未保存；请审核员运行 canbao store verify 核查，并从备份恢复"
        case let .foreignTriggers(names):
            return "数据库中有不是本程序建立或已被改动的触发器等对象（\(names.joined(separator: "、"))），它们会在写入时改动数据（数据库可能被绕过本程序直接改动）："
                + "已拒绝写入，本次操作未保存；请审核员运行 canbao store verify 核查，并从备份恢复"
        case let .io(reason):
            return "读写文件失败：\(reason)"
        case let .auditKey(reason):
            return "审计密钥：\(reason)"
        case let .diskFull(path):
            return "磁盘空间不足（或超出文件大小限制），\(path) 未写入，未留下不完整的文件：请清理磁盘空间或换一个位置后重试"
        case let .readOnly(path):
            return "\(path) 只读（文件、目录或所在磁盘不可写），未写入：请检查权限或改用可写的位置"
        case let .permissionDenied(path):
            return "无权访问 \(path)：请以数据所有者的账户运行，或请管理员检查权限"
        case let .cannotOpen(path):
            return "无法打开数据库文件 \(path)：请检查数据目录是否存在、是否有权访问"
        case let .corrupt(path):
            return "数据库文件 \(path) 已损坏或不是参保数据库：请停止使用，从备份恢复（canbao store backup 的备份文件）"
        case let .storeReplaced(path):
            // The reason first: the counter screen's message line may cut the path off.
            return "数据库文件已被删除或替换，已停止写入以免数据丢失：请通知管理员后重新启动（\(path)）"
        case let .insecurePermissions(path, mode):
            return "\(path) 的权限为 \(String(mode, radix: 8))，他人可以读写，且本账户无法收紧：请由其所有者执行 chmod go-rwx 后重试"
        case .cancelled:
            return "已取消，未写入任何数据"
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
    /// Runs a database access, turning SQLite's English errors into Chinese ones that say what to do: a lock that
    /// outlasted the busy timeout (`.busy`, never "database is locked"), a full disk, a read-only file or directory,
    /// a damaged file. `path` names the database in the message.
    static func mapping<T>(path: String = "数据库", _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw StoreError(error, path: path) ?? error
        }
    }

    /// The Chinese error for an SQLite error, or nil for the ones without one (constraint violations, a programming
    /// error), which stay as they are.
    init?(_ error: DatabaseError, path: String) {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy
        case .SQLITE_FULL: self = .diskFull(path)
        case .SQLITE_READONLY: self = .readOnly(path)
        case .SQLITE_PERM, .SQLITE_AUTH: self = .permissionDenied(path)
        case .SQLITE_CANTOPEN: self = .cannotOpen(path)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: self = .corrupt(path)
        case .SQLITE_IOERR:
            self = .io("\(path)：磁盘读写出错（磁盘已满、已拔出或损坏），本次操作未完成：请检查磁盘后重试")
        default: return nil
        }
    }

    /// The error for a failed write of a file of ours.
    static func writing(_ path: String, errno code: Int32) -> StoreError {
        switch code {
        case ENOSPC, EDQUOT, EFBIG: return .diskFull(path)
        case EROFS: return .readOnly(path)
        case EACCES, EPERM: return .permissionDenied(path)
        case EEXIST: return .fileExists(path)
        case ENOENT, ENOTDIR: return .io("\(path)：目录不存在")
        default: return .io("\(path)：\(ErrnoText.reason(code))")
        }
    }
}
