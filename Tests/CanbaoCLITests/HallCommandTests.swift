import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// `--hall` / `$CANBAO_HALL` on the command line: the day's report for one hall or the agency, and a hall name that
/// cannot be stored refused before anything is opened.
@Suite("canbao --hall")
struct HallCommandTests {
    private func canbao(_ arguments: [String], home: URL, hall: String? = nil) throws -> CanbaoBinary.Result {
        var environment = ["CANBAO_HOME": home.path, "CANBAO_TZ": "Asia/Shanghai"]
        environment["CANBAO_HALL"] = hall
        return try CanbaoBinary.run(arguments, environment: environment)
    }

    /// 2026-03-02: two cases opened in Dongsheng, one in Kangbashi, one at a host without a hall.
    private func agencyDay() throws -> URL {
        let home = try CanbaoBinary.temporaryDirectory("cli-halls")
        let now: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_772_380_800 + 9 * 3600) }
        let plain = try CounterStore.open(home: home, options: CounterStore.Options(passwordIterations: 100_000), now: now)
        let clerk = try plain.addOperator(name: "clerk1", displayName: "柜员一", role: .clerk, password: "Clerk-pass-1",
                                          by: .system("test"))
        func store(_ hall: String) throws -> CounterStore {
            let point = try ServicePoint.parse(hall: hall, counter: "1号窗口").get()
            return try CounterStore(path: plain.path, options: CounterStore.Options(passwordIterations: 100_000,
                                                                                    servicePoint: point), now: now)
        }
        let file = try CaseFile(json: #"{"workflow":"newborn","region":"inner-mongolia","today":"2026-03-02"}"#)
        let dongsheng = try store("东胜大厅"), kangbashi = try store("康巴什大厅")
        _ = try dongsheng.createCase(file, by: clerk.id)
        _ = try dongsheng.createCase(file, by: clerk.id)
        _ = try kangbashi.createCase(file, by: clerk.id)
        _ = try plain.createCase(file, by: clerk.id)
        return home
    }

    @Test func theReportIsTheHallsDayOrTheAgencysByHall() throws {
        let home = try agencyDay()
        let hall = try canbao(["report", "daily", "--date", "2026-03-02"], home: home, hall: "东胜大厅")
        #expect(hall.status == 0, "\(hall.stderr)")
        #expect(hall.stdout.hasPrefix("柜台统计：2026-03-02（Asia/Shanghai），东胜大厅\n柜员一（clerk1，柜员）：办件 2 件"))
        #expect(!hall.stdout.contains("按大厅"))
        // The option names the hall as the environment does.
        let option = try canbao(["report", "daily", "--date", "2026-03-02", "--hall", "康巴什大厅"], home: home)
        #expect(option.stdout.contains("柜员一（clerk1，柜员）：办件 1 件"), "\(option.stdout)")

        let agency = try canbao(["report", "daily", "--date", "2026-03-02", "--all-halls"], home: home, hall: "东胜大厅")
        #expect(agency.status == 0, "\(agency.stderr)")
        #expect(agency.stdout.hasPrefix("柜台统计：2026-03-02（Asia/Shanghai）\n柜员一（clerk1，柜员）：办件 4 件"))
        #expect(agency.stdout.contains("""
            按大厅：
              东胜大厅：办件 2 件（已受理 0 件），审批 0 次
              康巴什大厅：办件 1 件（已受理 0 件），审批 0 次
              未记录大厅：办件 1 件（已受理 0 件），审批 0 次
            """), "\(agency.stdout)")
        // A host without a hall reports the agency.
        let plain = try canbao(["report", "daily", "--date", "2026-03-02"], home: home)
        #expect(plain.stdout.contains("办件 4 件"))
    }

    @Test(arguments: [("东胜\u{1B}[2J大厅", "大厅名称含有不允许的控制字符 U+001B"),
                      (String(repeating: "厅", count: 41), "大厅名称内容过长（上限 40 个字符）")])
    func aHallNameThatCannotBeStoredIsRefused(name: String, message: String) throws {
        let home = try agencyDay()
        for result in [try canbao(["report", "daily", "--hall", name], home: home),
                       try canbao(["report", "daily"], home: home, hall: name)] {
            #expect(result.status == 2)
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(!result.stderr.contains("\u{1B}"))
        }
    }
}
