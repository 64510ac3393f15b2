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

    /// 2026-03-02: two cases opened in Dongsheng (one of them served, one a draft), one served in Kangbashi, one draft at
    /// a host without a hall.
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
        /// Checked and submitted: a case served, where the other cases stay drafts.
        func served(_ store: CounterStore) throws {
            let record = try store.createCase(file, by: clerk.id)
            let checked = try store.updateCase(caseID: record.id, caseFile: record.caseFile(),
                                               verdict: Verdict(json: #"{"decision":"accept","missing_documents":[],"findings":[]}"#),
                                               applicantID: nil, expectedVersion: record.version, by: clerk.id)
            _ = try store.setStatus(caseID: checked.id, to: .submitted, expectedVersion: checked.version, by: clerk.id)
        }
        _ = try dongsheng.createCase(file, by: clerk.id)
        try served(dongsheng)
        try served(kangbashi)
        _ = try plain.createCase(file, by: clerk.id)
        return home
    }

    @Test func theReportIsTheHallsDayOrTheAgencysByHall() throws {
        let home = try agencyDay()
        let hall = try canbao(["report", "daily", "--date", "2026-03-02"], home: home, hall: "东胜大厅")
        #expect(hall.status == 0, "\(hall.stderr)")
        #expect(hall.stdout.hasPrefix("""
            柜台统计：2026-03-02（Asia/Shanghai），东胜大厅
            柜员一（clerk1，柜员）：办件 1 件，平均办理 0.0 分钟（另有草稿 1 件，不计入件数）
              新生儿参保登记：已提交 1（柜台结论：予以受理 1）
            """), "\(hall.stdout)")
        #expect(!hall.stdout.contains("按大厅"))
        // The option names the hall as the environment does.
        let option = try canbao(["report", "daily", "--date", "2026-03-02", "--hall", "康巴什大厅"], home: home)
        #expect(option.stdout.contains("柜员一（clerk1，柜员）：办件 1 件，平均办理 0.0 分钟\n"), "\(option.stdout)")

        let agency = try canbao(["report", "daily", "--date", "2026-03-02", "--all-halls"], home: home, hall: "东胜大厅")
        #expect(agency.status == 0, "\(agency.stderr)")
        #expect(agency.stdout.hasPrefix("柜台统计：2026-03-02（Asia/Shanghai）\n柜员一（clerk1，柜员）：办件 2 件，平均办理 0.0 分钟（另有草稿 2 件，不计入件数）"),
                "\(agency.stdout)")
        #expect(agency.stdout.contains("""
            合计：办件 2 件，审批 0 次（另有草稿 2 件，不计入件数）
            按大厅：
              东胜大厅：办件 1 件（另有草稿及作废 1 件），审批 0 次
              康巴什大厅：办件 1 件，审批 0 次
              未记录大厅：办件 0 件（另有草稿及作废 1 件），审批 0 次
            """), "\(agency.stdout)")
        // A host without a hall reports the agency.
        let plain = try canbao(["report", "daily", "--date", "2026-03-02"], home: home)
        #expect(plain.stdout.contains("柜员一（clerk1，柜员）：办件 2 件，"))
    }

    /// The agency's CSV names each line's hall, and its lines of one hall are that hall's own report: one set of
    /// figures, cut by hall or not.
    @Test func theAgencysCSVIsTheHallsReportsSideBySide() throws {
        let home = try agencyDay()
        func csv(_ extra: [String], hall: String? = nil) throws -> [String] {
            let result = try canbao(["report", "daily", "--date", "2026-03-02", "--csv"] + extra, home: home, hall: hall)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.split(separator: "\n").map(String.init)
        }
        let agency = try csv(["--all-halls"], hall: "东胜大厅")
        #expect(agency == [
            "日期,大厅,登录名,姓名,角色,业务,结论,办理状态,件数,平均办理分钟,获批,被驳回,审批次数",
            "2026-03-02,东胜大厅,clerk1,柜员一,clerk,newborn,accept,submitted,1,0.0,0,0,0",
            "2026-03-02,东胜大厅,clerk1,柜员一,clerk,newborn,,draft,1,0.0,0,0,0",
            "2026-03-02,康巴什大厅,clerk1,柜员一,clerk,newborn,accept,submitted,1,0.0,0,0,0",
            "2026-03-02,,clerk1,柜员一,clerk,newborn,,draft,1,0.0,0,0,0",
        ])
        for hall in ["东胜大厅", "康巴什大厅"] {
            let own = try csv([], hall: hall)
            #expect(own.first == agency.first)
            #expect(Array(own.dropFirst()) == agency.filter { $0.hasPrefix("2026-03-02,\(hall),") }, "\(hall)")
        }
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

    /// `--counter` (its name on the notices) is held to the rule `--hall` is, with or without a hall: refused before
    /// the store or the screen is opened.
    @Test func aCounterNameThatCannotBeStoredIsRefusedWithoutAHall() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-counter").appendingPathComponent("home")
        let forms = TestForms.directory.path
        for result in [try CanbaoBinary.run(["--counter", "\u{1B}]0;x\u{7}", "--home", home.path], environment: ["CANBAO_FORMS": forms]),
                       try CanbaoBinary.run(["--home", home.path], environment: ["CANBAO_FORMS": forms, "CANBAO_COUNTER": "3号\u{1B}[2J"])] {
            #expect(result.status == 2)
            #expect(result.stderr == "窗口名称含有不允许的控制字符 U+001B\n")
            #expect(result.stdout == "")
        }
        #expect(!FileManager.default.fileExists(atPath: home.path))
    }

    /// `--lock-minutes 0.05` was raised to a minute without a word, and `inf` or `nan` never locked the counter.
    @Test func lockMinutesOutsideOneToEightHoursAreRefused() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-lock").appendingPathComponent("home")
        let forms = TestForms.directory.path
        for value in ["0", "0.05", "-5", "481", "nan", "inf"] {
            let r = try CanbaoBinary.run(["--lock-minutes=\(value)", "--home", home.path], environment: ["CANBAO_FORMS": forms])
            #expect(r.status == 2, "\(value): \(r.stderr)")
            #expect(r.stderr.hasPrefix("--lock-minutes 应为 1 至 480 之间的分钟数，实际为“"), "\(value): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: home.path))
    }
}
