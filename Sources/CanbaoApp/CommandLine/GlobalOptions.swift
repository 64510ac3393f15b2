import ArgumentParser
import CanbaoRules
import Foundation

/// Options shared by every command that reads Forms/ or the store.
public struct GlobalOptions: ParsableArguments {
    public init() {}

    @Option(name: .long, help: "Forms/ 目录（默认：$CANBAO_FORMS，否则 ./Forms，否则构建时的 Forms/）")
    public var forms: String?

    @Option(name: .long, help: "数据目录（默认：$CANBAO_HOME，否则 $XDG_DATA_HOME/canbao 或 ~/.local/share/canbao）")
    public var home: String?

    @Option(name: .long, help: ArgumentHelp(
        "PostgreSQL 数据库（默认 $CANBAO_DATABASE_URL；都未设置时用数据目录中的 SQLite）；密码取自 $PGPASSWORD 或 0600 的 ~/.pgpass，不得写在地址中",
        valueName: "postgres://用户@主机:端口/库名"))
    public var database: String?

    @Option(name: .long, help: ArgumentHelp(
        "本机所在的服务大厅（默认 $CANBAO_HALL）：记入所办的办件、审批和审计日志；审核员的待审批队列默认只列本大厅的",
        valueName: "大厅名称"))
    public var hall: String?
}

/// The shared options as plain values, however the line was read (ArgumentParser, or `QuickLine` for a quick start).
public struct GlobalSettings: Equatable, Sendable {
    public var forms: String?
    public var home: String?
    public var database: String?
    public var hall: String?

    public init(forms: String? = nil, home: String? = nil, database: String? = nil, hall: String? = nil) {
        self.forms = forms
        self.home = home
        self.database = database
        self.hall = hall
    }

    /// The hall of `--hall` (else `$CANBAO_HALL`) with `counter`, the counter's name when the process serves one;
    /// nil without a hall. A name that cannot be stored is bad input (exit 2).
    public func servicePoint(counter: String? = nil,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ServicePoint? {
        switch ServicePoint.parse(hall: hall ?? environment["CANBAO_HALL"], counter: counter) {
        case let .success(point): return point
        case let .failure(problem): throw InputError(problem.description)
        }
    }

    /// Forms/ as `--forms` (else `$CANBAO_FORMS`, `./Forms`, the one built in) names it, or bad input.
    public func loadForms() throws -> FormSet { try FormsLocation.resolve(forms).loadForCommand() }
}

extension GlobalOptions {
    public var settings: GlobalSettings { GlobalSettings(forms: forms, home: home, database: database, hall: hall) }

    /// See `GlobalSettings.servicePoint`.
    public func servicePoint(counter: String? = nil,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ServicePoint? {
        try settings.servicePoint(counter: counter, environment: environment)
    }
}

extension FormsLocation {
    /// The form set, or bad input naming why it cannot be loaded: what every command needs before it starts.
    public func loadForCommand() throws -> FormSet {
        do {
            return try load()
        } catch {
            throw InputError("Forms 无法加载：\(error)")
        }
    }
}

extension GlobalOptions {
    /// See `GlobalSettings.loadForms`.
    public func loadForms() throws -> FormSet { try settings.loadForms() }
}
