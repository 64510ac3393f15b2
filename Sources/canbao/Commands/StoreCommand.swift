import ArgumentParser
import CanbaoApp
import CanbaoPostgres
import CanbaoRules
import CanbaoStore
import Foundation

/// `canbao store init|import|export|backup|verify|checkpoint`: administration of the local store.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "本地数据库管理：初始化、导入导出人员与参保记录、在线备份、校验、审计检查点",
        subcommands: [Init.self, Import.self, Export.self, Backup.self, Copy.self, Verify.self, Checkpoint.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "建立数据目录和数据库（已存在时只升级结构）")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try AdminCLI.run {
                let store = try Home.openStore(global)
                let applied = try store.appliedMigrations()
                print("数据目录：\(Home.resolve(global.home).path)")
                print("数据库：\(store.path)")
                if store.backend.dialect == .sqlite {
                    print("审计密钥：\(store.auditKeyPath)（0600；不在数据库中，备份时须用 --with-key 才一并复制）")
                } else {
                    print("审计密钥：\(store.auditKeyPath)（0600；不在数据库中：连接此数据库的每台窗口机都须有同一密钥文件，请复制后保管好）")
                }
                print("结构版本：\(applied.last ?? "无")（共 \(applied.count) 步迁移）")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入人员及其参保记录（.jsonl 或 .csv，UTF-8）；任何一行有错则整份不导入；须 --as 管理员")

        @Argument(help: "要导入的文件（.jsonl 或 .csv）")
        var file: String

        @OptionGroup var session: AdministratorSession

        func run() throws {
            try PathArgument.nonEmpty(file, "store import 的文件参数")
            try session.run { store, admin in
                let s = try store.importFile(URL(fileURLWithPath: file), by: .operator(admin.id))
                return "导入完成：人员 新增 \(s.personsInserted)，更新 \(s.personsUpdated)，未变 \(s.personsUnchanged)；"
                    + "参保记录 新增 \(s.recordsInserted)，更新 \(s.recordsUpdated)，未变 \(s.recordsUnchanged)"
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "导出全部人员及其参保记录（按扩展名选 .jsonl 或 .csv）")

        @Argument(help: "导出到的文件（.jsonl 或 .csv），以 0600 权限新建")
        var file: String

        @Flag(name: .long, help: "覆盖已存在的文件")
        var force = false

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try PathArgument.nonEmpty(file, "store export 的文件参数")
            try AdminCLI.run {
                let store = try Home.openExistingStore(global)
                let s = try store.export(to: URL(fileURLWithPath: file), overwrite: force)
                print("已导出 \(s.persons) 名人员、\(s.records) 条参保记录到 \(file)（\(s.bytes) 字节）")
            }
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "在线备份（其他终端可继续办理），并校验备份；须 --as 管理员",
            discussion: """
                审计密钥默认不随备份复制：只有数据库的备份无法被改写后重新签名。--with-key 把密钥一并写到 FILE.key\
                （0600），用于异地恢复；持有数据库和密钥两者的人可以改写审计链，请分开保管。
                """)

        @Argument(help: "备份文件（不得已存在）")
        var file: String

        @Flag(name: .customLong("with-key"), help: "把审计密钥一并写到 FILE.key（0600）")
        var withKey = false

        @OptionGroup var session: AdministratorSession

        func run() throws {
            try PathArgument.nonEmpty(file, "store backup 的文件参数")
            try Home.requireStore(Home.resolve(session.global.home), database: Home.database(session.global.database))
            try session.run { store, admin in
                let backup = try store.backup(to: URL(fileURLWithPath: file), includeKey: withKey, by: .operator(admin.id))
                let report = backup.verification
                guard report.isOK else {
                    throw CommandFailure("备份文件校验未通过：\(report.findings.map(\.message).joined(separator: "；"))")
                }
                return "已备份到 \(file)（\(backup.bytes) 字节），校验通过；审计检查点 \(report.head?.description ?? "（无审计记录）")"
                    + (withKey ? "\n审计密钥：\(AuditKey.path(forDatabase: file))（请与备份分开保管）" : "")
            }
        }
    }

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "把本机的 SQLite 数据库整体复制到一个新建的空 PostgreSQL 数据库，核对行数与审计链；须 --as 管理员",
            discussion: """
                人员、参保记录、办件、草稿、审批、操作员和审计日志原样复制（编号不变，审计链可继续核对），在目标库的\
                一个事务中完成：任何一步失败，目标库仍为空。审计密钥写到数据目录中该数据库的密钥文件（0600）：\
                每台连接此数据库的窗口机都须有同一文件。复制期间请勿在本机办理业务。
                """)

        @Option(name: .customLong("to"), help: ArgumentHelp("目标 PostgreSQL 数据库（须为空）", valueName: "postgres://用户@主机:端口/库名"))
        var target: String

        @OptionGroup var session: AdministratorSession

        func run() throws {
            guard Home.database(session.global.database) == nil else {
                throw InputError("canbao: store copy 从数据目录中的 SQLite 数据库复制：请不要同时给出 --database 或 $CANBAO_DATABASE_URL")
            }
            let location: PostgresLocation
            do {
                location = try PostgresLocation(url: target)
            } catch let error as PostgresStoreError {
                throw InputError(SafeText.escaped("canbao: \(error.description)"))
            }
            try Home.requireStore(Home.resolve(session.global.home), database: nil)
            try session.run { store, admin in
                let home = Home.resolve(session.global.home)
                let keyPath = location.auditKeyPath(home: home)
                let wroteKey = try store.installAuditKey(at: keyPath)
                do {
                    let copy: CounterStore
                    do {
                        copy = try CounterStore.open(postgres: location, home: home)
                    } catch let error as PostgresStoreError {
                        throw CommandFailure(error.description)
                    }
                    let report = try store.copy(into: copy, by: .operator(admin.id))
                    let rows = { (table: String) in report.rows[table] ?? 0 }
                    return "已复制到 \(location)：人员 \(rows("person"))，参保记录 \(rows("enrollment_record"))，"
                        + "办件 \(rows("case_record"))，操作员 \(rows("operator"))，审计记录 \(rows("audit_log")) 条；"
                        + "目标库校验通过，审计检查点 \(report.verification.head?.description ?? "（无审计记录）")\n"
                        + "审计密钥：\(keyPath)（每台连接此数据库的窗口机都须有同一密钥文件）"
                } catch {
                    if wroteKey { unlink(keyPath) }
                    throw error
                }
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "校验数据库：文件完整性、审计链（含密钥签名）、每一行与审计日志所记摘要是否一致；只读打开",
            discussion: """
                逐条列出发现的问题：表、编号、哪里不符、自第几条审计记录起。退出码：0 完整，1 有问题，2 无法打开或读取。
                --checkpoint SEQ:HASH 核对以前记下的检查点（canbao store checkpoint 或日报末尾），审计链被改写或截短时不符。
                数据库以只读方式打开，不做升级，不新建任何文件；只有读权限的数据库也可校验。
                """)

        @Option(name: .long, help: "要校验的数据库文件（默认：数据目录中的 canbao.sqlite，如备份文件）")
        var file: String?

        @Option(name: .long, help: "审计密钥文件（默认：数据库文件名加 .key）")
        var key: String?

        @Option(name: .long, help: ArgumentHelp("以前记下的检查点，须仍在审计链中", valueName: "SEQ:HASH"))
        var checkpoint: String?

        @Flag(name: .long, help: "输出 JSON")
        var json = false

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if let checkpoint, AuditCheckpoint(checkpoint) == nil {
                throw ValidationError("检查点应为 序号:哈希（64 位十六进制），如 128:3fa4…：\(checkpoint)")
            }
        }

        func run() throws {
            try PathArgument.nonEmpty(file, "store verify 的 --file ")
            try PathArgument.nonEmpty(key, "store verify 的 --key ")
            let database = Home.database(global.database)
            let path = database.flatMap { try? PostgresLocation(url: $0).description } ?? file
                ?? Home.resolve(global.home).appendingPathComponent(CounterStore.fileName).path
            if database != nil, file != nil || key != nil {
                throw InputError("canbao: --file 和 --key 只用于 SQLite 数据库文件；PostgreSQL 用 --database")
            }
            let report: VerifyReport
            do {
                if let database {
                    // PostgreSQL: the database as it is now (the server keeps it consistent; nothing is written).
                    report = try Home.open(Home.resolve(global.home), database: database)
                        .verify(checkpoint: checkpoint.flatMap(AuditCheckpoint.init))
                } else {
                    report = try CounterStore.verifyFile(at: path, keyPath: key, checkpoint: checkpoint.flatMap(AuditCheckpoint.init))
                }
            } catch {
                // A PostgreSQL address or server problem comes already prefixed.
                let reason = "\(error)".hasPrefix("canbao: ") ? String("\(error)".dropFirst("canbao: ".count)) : "\(error)"
                // Still JSON on stdout for a script that asked for it; the line on stderr and the status are as without.
                if json { print(VerifyText.json(unopened: reason, path: path), terminator: "") }
                throw InputError("canbao: \(reason)")
            }
            print(json ? VerifyText.json(report, path: path) : VerifyText.text(report, path: path), terminator: "")
            if !report.isOK { throw ExitCode(1) }
        }
    }

    struct Checkpoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "打印审计链的检查点（末条的序号、哈希、时间）；记下后可用 store verify --checkpoint 核对，只读打开")

        @Option(name: .long, help: "数据库文件（默认：数据目录中的 canbao.sqlite）")
        var file: String?

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try PathArgument.nonEmpty(file, "store checkpoint 的 --file ")
            let path = file ?? Home.resolve(global.home).appendingPathComponent(CounterStore.fileName).path
            do {
                let database = Home.database(global.database)
                let found = try database.map { try Home.open(Home.resolve(global.home), database: $0).auditHead() }
                    ?? CounterStore.auditHead(ofFile: path)
                guard let head = found else {
                    print("审计日志为空，尚无检查点")
                    return
                }
                print("审计检查点：第 \(head.seq) 条，\(head.at.prefix(19)) UTC")
                print("哈希：\(head.hash)")
                print("核对：canbao store verify --checkpoint \(head)")
            } catch {
                throw InputError("canbao: \(error)")
            }
        }
    }
}
