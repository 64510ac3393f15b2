import CanbaoTestSupport
import Foundation
import Testing

/// Where the data is (issue #15, item 12): the first start shows the directory, and a second counter started on the
/// default location while another already works there is warned before its screen opens.
@Suite("数据目录（tmux 中的 canbao）", .serialized)
struct DataLocationEndToEndTests {
    @Test func aSecondCounterOnTheDefaultLocationIsWarnedAndOneGivenItsHomeIsNot() throws {
        // A short path, so the directory shows whole on the 80-column first-start screen.
        let root = URL(fileURLWithPath: "/tmp/cbdl-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("xdg")
        let home = data.appendingPathComponent("canbao").path
        // Neither --home nor $CANBAO_HOME: the default under $XDG_DATA_HOME.
        let environment = ["XDG_DATA_HOME": data.path]
        let first = try Tmux([], environment: environment, unset: ["CANBAO_HOME"])
        defer { first.kill() }
        _ = try first.waitFor("首次启动")
        #expect(try first.capture().contains(home), "the first start shows the data directory")

        let warned = root.appendingPathComponent("second.txt").path
        let second = try Tmux(command: Tmux.shell("{canbao} 2>\(Tmux.quote(warned))", environment: environment, unset: ["CANBAO_HOME"]))
        defer { second.kill() }
        _ = try second.waitFor("首次启动")
        let warning = (try? String(contentsOfFile: warned, encoding: .utf8)) ?? ""
        #expect(warning.contains("数据目录为默认位置 \(home)"), "\(warning)")
        #expect(warning.contains("另有 1 个窗口正在使用"), "\(warning)")

        // Named on purpose (--home), the same place is no warning.
        let quiet = root.appendingPathComponent("third.txt").path
        let third = try Tmux(command: Tmux.shell("{canbao} --home \(Tmux.quote(home)) 2>\(Tmux.quote(quiet))",
                                                 environment: environment, unset: ["CANBAO_HOME"]))
        defer { third.kill() }
        _ = try third.waitFor("首次启动")
        #expect(((try? String(contentsOfFile: quiet, encoding: .utf8)) ?? "").isEmpty)
    }
}
