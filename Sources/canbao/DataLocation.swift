import CanbaoRules
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the store is, and whether to warn about it at start-up.
enum DataLocation {
    /// A warning when the data directory is the default one (neither `--home` nor `$CANBAO_HOME` names it) while other
    /// counters already work on it from the same account: the classic hall set-up run without anyone having chosen
    /// where the data lives (what to back up; another account's default is another, empty store). Nil otherwise.
    static func warning(home: URL, explicit: String?, ownPID: pid_t = getpid()) -> String? {
        guard explicit?.isEmpty ?? true else { return nil }
        let others = processes(using: home.appendingPathComponent("canbao.sqlite").path, except: ownPID)
        guard others > 0 else { return nil }
        return "数据目录为默认位置 \(home.path)（未用 --home 或 $CANBAO_HOME 指定），另有 \(others) 个窗口正在使用："
            + "多个窗口共用一个主目录时，请由管理员指定共同的数据目录并纳入备份"
    }

    /// How many other `canbao` processes of this account have `database` open (from /proc; 0 where there is none).
    static func processes(using database: String, except ownPID: pid_t) -> Int {
        let fm = FileManager.default
        let target = (database as NSString).resolvingSymlinksInPath
        var count = 0
        for entry in (try? fm.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry), pid != ownPID,
                  let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
                  comm.trimmed(.whitespacesAndNewlines) == "canbao" else { continue }
            let fds = (try? fm.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
            if fds.contains(where: { (try? fm.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)")) == target }) { count += 1 }
        }
        return count
    }
}
