import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Issue 8 at the counter, through the real binary in tmux: a duplicate enrollment resolved from the person screen,
/// a school roster imported, the coverage report exported. Each test prepares its own home through the command
/// line and checks what the store and the files hold afterwards.
@Suite("全库业务端到端（重复参保、花名册、覆盖率）")
struct StoreWideEndToEndTests {
    static var today: LocalDate { CounterCalendar.today }

    /// 方磊, with this year's resident premium paid both in Dongsheng (150602) and in Dalate (150621).
    static func twiceEnrolled() -> (number: String, platform: [String: Any]) {
        let birth = CounterCalendar.born(yearsAgo: 55, days: 20)
        let number = IDNumbers.residentID(area: "150602", birth: birth, sequence: 33)
        let records: [[String: Any]] = ["150602", "150621"].map {
            ["place": $0, "scheme": "resident", "status": "active", "year": today.year, "paid": true]
        }
        return (number, platformLine(name: "方磊", number: number, birth: birth, sex: .male, records: records))
    }

    @Test("重复参保：查找参保人，按本人选择保留一处，收取书面承诺后终止另一处，写入审计")
    func aDuplicateIsResolvedFromThePersonScreen() throws {
        let (number, platform) = Self.twiceEnrolled()
        let counter = try Counter(region: "dalate", place: "150621", platform: [platform])
        let t = try counter.startAtHome()
        defer { t.kill() }

        try t.sendKeys("2")
        try t.settle("证件号码或姓名")
        try t.type(number)
        try t.sendKeys("Enter")
        try t.settle("找到 1 人")
        try t.sendKeys("Enter")
        var screen = try t.settle("方磊：重复参保 1 项")
        #expect(screen.line(0).contains("参保 · 参保人"), "\(screen)")
        #expect(screen.contains("居民医保重复参保 \(Self.today.year) 年度（内蒙古细则 第二十三条（二））"), "\(screen)")
        #expect(screen.contains("保留原则：由参保人自行选择参保地（内蒙古细则 第二十四条（二））"), "\(screen)")
        #expect(screen.contains("须本人签署书面承诺书后办理"), "\(screen)")

        // Nothing happens before the person's choice.
        try t.sendKeys("F10")
        screen = try t.settle("须先确认参保人选择保留的参保关系")
        let (_, before) = try counter.platformRecords(number)
        #expect(before.map(\.status) == [.active, .active])

        // The person keeps Dalate (the second record): F4 twice.
        try t.sendKeys("F4")
        try t.settle("保留 150602 鄂尔多斯市东胜区 居民医保")
        try t.sendKeys("F4")
        screen = try t.settle("保留 150621 鄂尔多斯市达拉特旗 居民医保")
        try t.settle("终止 #\(before[0].id)（内蒙古细则 第二十四条（二））")
        // F10 ends nothing yet: a box names what is kept and what is terminated, and asks for the commitment.
        try t.sendKeys("F10")
        screen = try t.settle(" Y 已收取承诺书并办理    N 取消")
        #expect(screen.contains("确认办理重复参保处理（此操作将终止或暂停参保关系，不可撤销）"), "\(screen)")
        #expect(screen.contains("终止：#\(before[0].id) 150602 鄂尔多斯市东胜区"), "\(screen)")
        #expect(try counter.platformRecords(number).1.map(\.status) == [.active, .active])
        try t.sendKeys("y")
        // A numbered case, completed, with its notice; Enter goes back to the person.
        screen = try t.settle("已办结：保留 #\(before[1].id)，终止 #\(before[0].id)")
        let caseNumber = try #require(screen.caseNumber, "\(screen)")
        #expect(try counter.notice(caseNumber, "重复参保处理告知书").contains("方磊"))
        #expect(try counter.openStore().case(number: caseNumber)?.status == .completed)
        try t.sendKeys("Enter")
        screen = try t.settle("未发现重复参保（内蒙古细则 第二十三条）")

        let (person, after) = try counter.platformRecords(number)
        #expect(after.map(\.status) == [.terminated, .active], "\(after)")
        #expect(after[0].since == Self.today)
        let audit = try counter.openStore().auditLog(entity: "person", entityID: String(person.id))
        let resolve = try #require(audit.first { $0.action == "duplicate.resolve" }, "\(audit.map(\.action))")
        #expect(resolve.detail.contains("已收取参保人书面承诺书"), "\(resolve.detail)")
        #expect(resolve.detail.contains("内蒙古细则 第二十三条（二）"), "\(resolve.detail)")
        #expect(try counter.openStore().verify().isOK)
    }

    @Test("花名册：校验不写入，登记写入有效行，退回的行写成可改正重发的错误报告")
    func aRosterIsCheckedThenRegistered() throws {
        let counter = try Counter(region: "dalate", place: "150621")
        let birth = CounterCalendar.born(yearsAgo: 17, days: 40)
        let good = (0..<3).map { IDNumbers.residentID(area: "150621", birth: birth, sequence: 41 + 2 * $0) }
        var bad = IDNumbers.residentID(area: "150621", birth: birth, sequence: 51)
        bad = String(bad.dropLast()) + (bad.last == "0" ? "1" : "0")
        let file = counter.home.appendingPathComponent("一中.csv")
        let rows = ["姓名,证件号码,班级"] + zip(["张一", "李二", "王三"], good).map { "\($0),\($1),高三1班" } + ["赵四,\(bad),高三2班"]
        try (rows.joined(separator: "\r\n") + "\r\n").write(to: file, atomically: true, encoding: .utf8)

        let t = try counter.startAtHome()
        defer { t.kill() }
        try t.sendKeys("4")
        try t.settle("参保 · 学校花名册集体参保")
        try t.type(file.path)
        try t.sendKeys("Tab")
        try t.type("达拉特旗第一中学")
        try t.sendKeys("Tab", "Tab")
        try t.sendKeys("BSpace", "BSpace", "BSpace", "BSpace")
        try t.type(String(Self.today.year))
        try t.settle("参保年度     \(Self.today.year)")

        try t.sendKeys("F5")
        var screen = try t.settle("校验完毕（未写入）")
        #expect(screen.contains("可登记 3 人，已参保 0 人，退回 1 行"), "\(screen)")
        #expect(screen.contains("第 5 行：证件号码：身份证号码校验码错误"), "\(screen)")
        #expect(try counter.openStore().person(byDocument: IdentityDocument(kind: .residentID, number: good[0])) == nil)

        try t.sendKeys("F10")
        screen = try t.settle("登记完毕：已登记 3 人")
        #expect(screen.contains("已登记 3 人，已参保 0 人，退回 1 行"), "\(screen)")
        for number in good {
            let (_, records) = try counter.platformRecords(number)
            #expect(records.count == 1 && records[0].place == "150621" && records[0].year == Self.today.year
                    && records[0].status == .active, "\(records)")
        }
        #expect(try counter.openStore().person(byDocument: IdentityDocument(kind: .residentID, number: bad)) == nil)

        // The error report holds the rejected row with its reason, ready to correct and send again.
        let reports = counter.home.appendingPathComponent("reports")
        let names = try FileManager.default.contentsOfDirectory(atPath: reports.path).filter { $0.hasSuffix("-errors.csv") }.sorted()
        #expect(names.count == 2 && names.filter { $0.contains("-check-") }.count == 1, "校验与登记各写一份：\(names)")
        let registered = try #require(names.first { !$0.contains("-check-") })
        let report = try String(contentsOf: reports.appendingPathComponent(registered), encoding: .utf8)
        #expect(report.hasPrefix("姓名,证件号码,班级,错误"), "\(report)")
        #expect(report.contains("赵四,\(bad),高三2班,第 5 行：证件号码：身份证号码校验码错误"), "\(report)")
        #expect(screen.contains("错误报告：\(reports.path)/"), "\(screen)")
    }

    @Test("花名册：读不出的文件说明原因，不写入任何数据")
    func anUnreadableRosterWritesNothing() throws {
        let counter = try Counter(region: "dalate", place: "150621")
        let t = try counter.startAtHome()
        defer { t.kill() }
        try t.sendKeys("4")
        try t.settle("参保 · 学校花名册集体参保")
        try t.type("/nonexistent/class.csv")
        try t.sendKeys("Tab")
        try t.type("达拉特旗第一中学")
        try t.sendKeys("F10")
        let screen = try t.settle("未导入任何数据")
        #expect(screen.line(8).contains("找不到文件 /nonexistent/class.csv，未导入任何数据"), "\(screen)")
        #expect(try counter.openStore().verify().isOK)
        #expect(try counter.openStore().auditLog().allSatisfy { $0.action != "roster.import" })
    }

    @Test("覆盖率：统计本年度，列出未参保人员，导出两份 CSV")
    func coverageIsShownAndExported() throws {
        let (number, platform) = Self.twiceEnrolled()
        let birth = CounterCalendar.born(yearsAgo: 30, days: 3)
        let none = IDNumbers.residentID(area: "150621", birth: birth, sequence: 62)  // even: a woman, as the line says
        let counter = try Counter(region: "dalate", place: "150621",
                                  platform: [platform, platformLine(name: "韩梅", number: none, birth: birth, sex: .female, records: [])])
        let t = try counter.startAtHome()
        defer { t.kill() }
        try t.sendKeys("5")
        var screen = try t.settle("\(Self.today.year) 年度：人员 2，已参保 1，参保率 50.0%")
        #expect(screen.contains("目标 100%（达拉特旗方案 二（一））"), "\(screen)")
        // Places by code and name, as the clerk knows them.
        #expect(screen.contains("150621 鄂尔多斯市达拉特旗"), "\(screen)")
        try t.sendKeys("F6")
        screen = try t.settle("\(Self.today.year) 年度未参保 1 人")
        // The place by its name (Forms/divisions/), the code beside it in the selected person's detail.
        #expect(screen.contains("韩梅      \(none)  鄂尔多斯市达拉特旗"), "\(screen)")
        #expect(screen.contains("韩梅：所在地 150621 鄂尔多斯市达拉特旗"), "\(screen)")
        #expect(!screen.contains(number))
        try t.sendKeys("F8")
        screen = try t.settle("已导出 2 个 CSV 文件")
        let reports = counter.home.appendingPathComponent("reports")
        let names = try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted()
        #expect(names.count == 2, "\(names)")
        let list = try String(contentsOf: reports.appendingPathComponent(try #require(names.first { $0.hasSuffix("-unenrolled.csv") })),
                              encoding: .utf8)
        #expect(list.hasPrefix("姓名,证件类型,证件号码,出生日期,性别,所在地,人群,最近参保记录\n"), "\(list)")
        #expect(list.contains("韩梅,居民身份证,\(none),\(birth),女,150621"), "\(list)")
        let mode = try FileManager.default.attributesOfItem(atPath: reports.appendingPathComponent(names[0]).path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}

/// A service that changes existing records, approved by a supervisor: it is completed (办结), never registered as a
/// new enrollment.
@Suite("审核员批准的其他业务端到端")
struct ApprovedServiceEndToEndTests {
    @Test("经办差错退费经审核员批准：办结，不新增参保记录，回执不写“已登记参保”")
    func anApprovedRefundIsCompletedNotRegistered() throws {
        let number = "330106199206100682"
        let record: [String: Any] = ["place": "330106", "scheme": "employee", "status": "active",
                                     "months": ["2026-01", "2026-02", "2026-03"], "paid": true]
        let counter = try Counter(region: "city-notice", place: "330106", platform: [
            platformLine(name: "陈晓红", number: number, birth: LocalDate("1992-06-10")!, sex: .female, records: [record]),
        ])
        try counter.addSupervisor()

        // The clerk's case: the agency's own error, which only a supervisor may confirm (某市通知 六（三）2).
        let submitted = try SubmittedCase("refund/city-notice-processing-error-needs-approval.yaml", in: counter,
                                          applicant: SubmittedCase.imported(number))
        #expect(submitted.verdict.decision == .needsApproval)
        let store = try counter.openStore()
        var stored = submitted.stored
        stored = try store.requestApproval(caseID: stored.id, justification: "费率录入错误三个月", expectedVersion: stored.version,
                                           by: submitted.clerk)

        let t = try counter.supervisorAtQueue()
        defer { t.kill() }
        try t.openReview(stored.number)
        let screen = try t.decide(approve: true, note: "核实为经办差错") { $0.line(0).contains("参保 · 办理结果") }
        #expect(screen.line(3) == "  案件 \(stored.number)：已办结", "\(screen)")

        let after = try #require(try counter.openStore().case(number: stored.number))
        #expect(after.status == CaseStatus.completed)
        let (_, records) = try counter.platformRecords(number)
        #expect(records.count == 1, "退费不应新增参保记录：\(records)")
        let audit = try counter.openStore().auditLog(entity: "case", entityID: stored.number).map(\.action)
        #expect(audit.contains("case.complete"), "\(audit)")
        #expect(!audit.contains("case.register"), "\(audit)")
        let receipt = try counter.notice(stored.number, "回执")
        #expect(!receipt.contains("已登记参保"), "\(receipt)")
    }
}

/// Issue 7: a newborn registered under a parent's name whose update is overdue shows on the clerk's home.
@Suite("预参保新生儿待更新端到端")
struct PreregisteredNewbornEndToEndTests {
    @Test("江门：使用父母姓名预参保的新生儿逾期未更新，首页“时限”列出并标逾期，Enter 打开参保人")
    func anOverdueUpdateIsListedOnTheHome() throws {
        let counter = try Counter(region: "jiangmen", place: "440703")
        // Registered on 2026-03-01 (the case keeps its date); the update was due by 2026-07-31 (江门规程 第二十条（三）).
        let submitted = try SubmittedCase("newborn/jiangmen-preregistered-in-time-accept.yaml", in: counter) { store, clerk, c in
            try store.upsertPerson(PersonInput(document: c.person!.document!, name: "陈一诺", birthDate: c.person!.birthDate, sex: .male),
                                   by: .operator(clerk)).id
        }
        try #require(submitted.verdict.decision == .accept)
        let stored = submitted.stored
        let store = try counter.openStore()
        _ = try store.register(caseID: stored.id, enrollment: NewEnrollment(place: "440703", scheme: .resident, year: 2026, paid: true),
                               expectedVersion: stored.version, by: submitted.clerk)

        let t = try counter.startAtHome()
        defer { t.kill() }
        // The 时限 tab lists every running deadline, the newborn's update among them.
        var screen = try t.settle("时限（1）")
        try t.sendKeys("Tab", "Tab", "Tab", "Tab")
        screen = try t.settle("时限列表") { $0.contains("陈一诺") && $0.contains("预参保新生儿信息更新") }
        let row = try #require(screen.lines.first { $0.contains(stored.number) }, "\(screen)")
        #expect(row.contains("新生儿参保登记") && row.contains("陈一诺") && row.contains("逾期 07-31"), "\(row)")
        try t.sendKeys("Enter")
        screen = try t.settle("陈一诺：未发现重复参保")
        #expect(screen.line(0).contains("参保 · 参保人"), "\(screen)")
        #expect(screen.contains("440703 江门市蓬江区 居民医保 2026年 正常参保"), "\(screen)")
    }
}

/// Issue 7: hardship marks recorded by a completed change case show on the person screen.
@Suite("困难身份标识端到端")
struct HardshipMarksEndToEndTests {
    @Test("江门：低保与重度残疾两项身份办结后记在参保人名下，参保人页面列出并标明按哪一项资助")
    func marksShowOnThePersonScreen() throws {
        let number = "440703198202280123"
        let record: [String: Any] = ["place": "440703", "scheme": "resident", "status": "active", "year": 2026, "paid": false]
        let counter = try Counter(region: "jiangmen", place: "440703", platform: [
            platformLine(name: "谢美华", number: number, birth: LocalDate("1982-02-28")!, sex: .female, records: [record]),
        ])
        let submitted = try SubmittedCase("change/jiangmen-hardship-two-statuses-highest-once.yaml", in: counter,
                                          applicant: SubmittedCase.imported(number))
        try #require(submitted.verdict.decision == .accept)
        let applied = try #require(submitted.verdict.hardship?.applied)
        let stored = submitted.stored
        let store = try counter.openStore()
        _ = try store.complete(caseID: stored.id, statusChanges: [], expectedVersion: stored.version, by: submitted.clerk)

        let t = try counter.startAtHome()
        defer { t.kill() }
        try t.sendKeys("2")
        try t.settle("证件号码或姓名")
        try t.type(number)
        try t.sendKeys("Enter")
        try t.settle("找到 1 人")
        try t.sendKeys("Enter")
        let screen = try t.settle("谢美华：未发现重复参保")
        #expect(screen.line(3).hasPrefix("  困难身份："), "\(screen)")
        // Two statuses wrap onto a second line: read them as one text without the layout's spaces.
        let marks = (screen.line(3) + screen.line(4)).replacingOccurrences(of: " ", with: "")
        #expect(marks.contains("最低生活保障对象（民政部门，认定地440703，2026-03-02认定）"), "\(marks)")
        #expect(marks.contains("重度残疾人（残联"), "\(marks)")
        let name = applied == "minimum-living" ? "最低生活保障对象" : "重度残疾人"
        #expect(marks.contains("\(name)（") && marks.components(separatedBy: "［按此资助］").count == 2, "\(marks)")
    }
}

/// A case file of `Tests/CanbaoCLITests/Cases/` as the clerk leaves it: created for the applicant, its verdict stored
/// (the case keeps its own date, so the verdict does not depend on today), submitted.
struct SubmittedCase {
    var caseFile: CaseFile
    var verdict: Verdict
    var stored: CaseRecord
    var clerk: Int64

    init(_ path: String, in counter: Counter, applicant: (CounterStore, Int64, CaseFile) throws -> Int64) throws {
        caseFile = try CaseParser.parse(try String(contentsOf: CanbaoBinary.repositoryRoot.appendingPathComponent(
            "Tests/CanbaoCLITests/Cases/\(path)"), encoding: .utf8), file: path)
        verdict = try Evaluator.evaluate(caseFile, forms: TestForms.shared, file: path)
        let store = try counter.openStore()
        clerk = try counter.operatorID("clerk")
        let person = try applicant(store, clerk, caseFile)
        var stored = try store.createCase(caseFile, applicantID: person, by: clerk)
        stored = try store.updateCase(caseID: stored.id, caseFile: caseFile, verdict: verdict,
                                      applicantID: person, expectedVersion: stored.version, by: clerk)
        self.stored = try store.setStatus(caseID: stored.id, to: .submitted, expectedVersion: stored.version, by: clerk)
    }

    /// The applicant already imported with this resident ID number.
    static func imported(_ number: String) -> (CounterStore, Int64, CaseFile) throws -> Int64 {
        { store, _, _ in try #require(try store.person(byDocument: IdentityDocument(kind: .residentID, number: number))).id }
    }
}
