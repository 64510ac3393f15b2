import ArgumentParser
import CanbaoRules
import CanbaoStore
import Foundation

/// `canbao store init|import|export|backup|verify`: administration of the local store.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "本地数据库管理：初始化、导入导出人员与参保记录、在线备份、校验",
        subcommands: [Init.self, Import.self, Export.self, Backup.self, Verify.self, LoadTest.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "建立数据目录和数据库（已存在时只升级结构）")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try AdminCLI.run {
                let store = try Home.openStore(global)
                let applied = try store.appliedMigrations()
                print("数据目录：\(Home.resolve(global.home).path)")
                print("数据库：\(store.path)")
                print("结构版本：\(applied.last ?? "无")（共 \(applied.count) 步迁移）")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入人员及其参保记录（.jsonl 或 .csv，UTF-8）；任何一行有错则整份不导入")

        @Argument(help: "要导入的文件（.jsonl 或 .csv）")
        var file: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try AdminCLI.run {
                let store = try Home.openStore(global)
                let s = try store.importFile(URL(fileURLWithPath: file), by: Home.commandLineActor)
                print("导入完成：人员 新增 \(s.personsInserted)，更新 \(s.personsUpdated)，未变 \(s.personsUnchanged)；"
                    + "参保记录 新增 \(s.recordsInserted)，更新 \(s.recordsUpdated)，未变 \(s.recordsUnchanged)")
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
            try AdminCLI.run {
                let store = try Home.openStore(global)
                let s = try store.export(to: URL(fileURLWithPath: file), overwrite: force)
                print("已导出 \(s.persons) 名人员、\(s.records) 条参保记录到 \(file)（\(s.bytes) 字节）")
            }
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "在线备份（其他终端可继续办理），并校验备份")

        @Argument(help: "备份文件（不得已存在）")
        var file: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try AdminCLI.run {
                let store = try Home.openStore(global)
                let backup = try store.backup(to: URL(fileURLWithPath: file), by: Home.commandLineActor)
                let report = backup.verification
                guard report.isOK else {
                    AdminCLI.printError("备份文件校验未通过：\(report.problems.joined(separator: "；"))")
                    throw ExitCode(1)
                }
                print("已备份到 \(file)（\(backup.bytes) 字节），校验通过；审计链末条哈希 \(report.headHash)")
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "校验数据库文件（PRAGMA integrity_check）和审计日志哈希链；有问题时退出码为 1")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try AdminCLI.run {
                let store = try Home.openStore(global)
                let report = try store.verify()
                let c = report.counts
                print("数据库：\(store.path)")
                print("文件完整性：\(report.integrity == ["ok"] ? "正常" : report.integrity.joined(separator: "；"))")
                print("外键：\(report.foreignKeyProblems == 0 ? "正常" : "\(report.foreignKeyProblems) 处问题")")
                print("审计链：\(report.chainBreak.map { "断裂，\($0)" } ?? "完整（\(report.auditEntries) 条）")")
                print("末条哈希：\(report.headHash)")
                print("人员 \(c.persons)，参保记录 \(c.platformRecords)，办件 \(c.cases)（已登记 \(c.registeredCases)），"
                    + "操作员 \(c.operators)")
                if !report.isOK { throw ExitCode(1) }
            }
        }
    }
}

extension VerifyReport {
    /// Each problem as one Chinese sentence.
    var problems: [String] {
        var list: [String] = []
        if integrity != ["ok"] { list.append("文件完整性：\(integrity.joined(separator: "；"))") }
        if foreignKeyProblems > 0 { list.append("外键问题 \(foreignKeyProblems) 处") }
        if let chainBreak { list.append(chainBreak.description) }
        return list
    }
}

/// Shared by the administration commands (store, operator, bench).
enum AdminCLI {
    /// Prints a store error as one Chinese message on stderr and exits with status 1, never a Swift error dump.
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as StoreError {
            printError(error.description)
            throw ExitCode(1)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }

    /// A message on stderr; file names and cells it quotes are shown with their control characters as code points.
    static func printError(_ message: String, prefix: Bool = true) {
        let text = message.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.escaped(String($0)) }
            .joined(separator: "\n")
        FileHandle.standardError.write(Data(((prefix ? "canbao: " : "") + text + "\n").utf8))
    }
}
