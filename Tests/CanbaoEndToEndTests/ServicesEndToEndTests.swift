import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Issue 7: the counter services that change existing records, through the real binary in tmux: one transfer-out
/// (the 参保人基本医疗保险信息表 printed, the record suspended) and one termination (the record terminated), plus a
/// termination missing its death certificate and the home screen's 时限 column for a pending transfer-out. Each
/// test prepares a fresh home through the command line; dates (and the working-day deadline) are computed from
/// today in Asia/Shanghai with the calendar the binary loads, never fixed.
@Suite("其他柜台业务端到端（转出、终止参保）")
struct ServicesEndToEndTests {
    static var today: LocalDate { CounterCalendar.today }

    static let transferTitle = "基本医疗保险关系转出"
    static let terminateTitle = "终止参保（注销）"

    /// Employee contribution months: the two before this one and this one.
    static var lastThreeMonths: [String] {
        [today.adding(months: -2), today.adding(months: -1), today].map { String($0.description.prefix(7)) }
    }

    /// 王海涛, a flexible employee insured in Hohhot (150102), with an active employee record there.
    static func transferPerson() -> (number: String, platform: [String: Any]) {
        let birth = CounterCalendar.born(yearsAgo: 40, days: 30)
        let number = IDNumbers.residentID(area: "150102", birth: birth, sequence: 21)
        let record: [String: Any] = ["place": "150102", "scheme": "employee", "flexible": true, "status": "active",
                                     "months": lastThreeMonths, "paid": true]
        return (number, platformLine(name: "王海涛", number: number, birth: birth, sex: .male, records: [record]))
    }

    /// The transfer-out form for 王海涛 from 150102 to Beijing (110108), applying himself, up to its last field.
    static func fillTransferOut(_ t: Tmux, number: String) throws {
        try t.newCaseFromList(title: transferTitle)
        let screen = try t.settle("1.转出与转入")
        #expect(screen.field("转出地（本统筹区代码）*") == "150102", "\(screen)")
        try t.skip("转出地（本统筹区代码）*")
        try t.fill("转入地（统筹区代码）*", "110108")
        try t.choose("险种*", key: "2", shows: "职工医保")
        try t.choose("是否以灵活就业身份参保", key: "y", shows: "是")
        try t.fill("姓名*", "王海涛")
        try t.fill("证件*", number)
        try t.settle("已查到参保人 王海涛：平台参保记录 1 条")
        try t.skip("出生日期")
        try t.skip("性别")
        try t.choose("申请人*", key: "1", shows: "参保人本人", then: nil)
        try t.leaveLastField()
    }

    /// A Jiangmen resident (440703) with an active resident record for this year.
    static func jiangmenResident(_ name: String, sequence: Int) -> (number: String, platform: [String: Any]) {
        let birth = CounterCalendar.born(yearsAgo: 71, days: 50)
        let number = IDNumbers.residentID(area: "440703", birth: birth, sequence: sequence)
        let record: [String: Any] = ["place": "440703", "scheme": "resident", "status": "active", "year": today.year, "paid": true]
        return (number, platformLine(name: name, number: number, birth: birth, sex: .male, records: [record]))
    }

    /// The termination form in Jiangmen: death 9 days ago, 停保 done at the tax office, the heir 黄志明 applies.
    static func fillDeathTermination(_ t: Tmux, name: String, number: String) throws {
        try t.newCaseFromList(title: terminateTitle)
        let screen = try t.settle("1.终止事由")
        #expect(screen.field("办理地（统筹区代码）*") == "440703", "\(screen)")
        try t.skip("办理地（统筹区代码）*")
        try t.choose("险种*", key: "1", shows: "居民医保")
        try t.choose("终止事由*", key: "1", shows: "死亡")
        try t.fill("事由发生日期*", today.adding(days: -9).description)
        try t.choose("是否已向税务部门办理停", key: "y", shows: "是")
        try t.fill("参保人姓名*", name)
        try t.fill("参保人证件*", number)
        try t.settle("已查到参保人 \(name)：平台参保记录 1 条")
        try t.choose("申请人*", key: "2", shows: "继承人（近亲属）")
        try t.fill("申请人（继承人、委托", "黄志明")
        let heir = IDNumbers.residentID(area: "440703", birth: CounterCalendar.born(yearsAgo: 38, days: 12), sequence: 23)
        try t.fill("申请人证件*", heir, then: nil)
        try t.leaveLastField()
    }

    // MARK: - 1. Transfer-out

    @Test("关系转出 跨省（呼和浩特→北京，灵活就业）：办结，职工医保暂停，打印回执与《参保人基本医疗保险信息表》")
    func transferOutAcrossProvinces() throws {
        let (number, platform) = Self.transferPerson()
        let due = try #require(ServicesCalendar.due(workingDays: 10))
        let counter = try Counter(region: "inner-mongolia", place: "150102", platform: [platform])
        let t = try counter.startAtHome()
        defer { t.kill() }

        try Self.fillTransferOut(t, number: number)
        var screen = try t.settle("当前结论：需补充材料")
        try t.tickAllDocuments()
        screen = try t.settle("当前结论：予以受理")
        #expect(screen.contains("转出须先中止参保"), "\(screen)")

        let (caseNumber, result) = try t.submitAccepted()
        screen = result
        #expect(screen.contains("业务：\(Self.transferTitle)"), "\(screen)")
        #expect(screen.contains("申请人：王海涛"), "\(screen)")
        for kind in ["回执", "参保人基本医疗保险信息表"] {
            #expect(counter.lists(caseNumber, "\(kind)", on: screen), "\(screen)")
        }

        // The store: the case closed, the deadline kept with the verdict, the record suspended in the same step.
        let record = try counter.storedCase(caseNumber)
        #expect(record.status == .completed)
        #expect(record.decision == .accept)
        #expect(record.workflow == "transfer-out")
        #expect(record.registeredRecordID == nil, "转出不写新的参保记录")
        #expect(try counter.storedVerdict(caseNumber).dueDate == due)
        let (person, records) = try counter.platformRecords(number)
        #expect(record.applicantID == person.id)
        #expect(records.count == 1, "\(records)")
        let employee = try #require(records.first)
        #expect(employee.status == .suspended && employee.since == Self.today, "\(records)")
        #expect(employee.place == "150102" && employee.scheme == .employee && employee.flexible)
        let audit = try counter.openStore().auditLog(entity: "case", entityID: caseNumber)
        let complete = try #require(audit.first { $0.action == "case.complete" }, "\(audit.map(\.action))")
        #expect(complete.detail.contains("\(employee.id):suspended"), "\(complete.detail)")
        #expect(complete.detail.contains("transfer-out"), "\(complete.detail)")

        // The printed files.
        #expect(Set(counter.printed(caseNumber)) == Set(["回执", "参保人基本医疗保险信息表"].flatMap { k in
            ["txt", "html"].map { "\(caseNumber)-\(k).\($0)" }
        }), "\(counter.printed(caseNumber))")
        let sheet = try counter.notice(caseNumber, "参保人基本医疗保险信息表")
        #expect(sheet.hasPrefix("参保人基本医疗保险信息表\n"), "\(sheet)")
        for line in ["案件编号：\(caseNumber)", "姓名：王海涛", "证件：居民身份证 \(number)", "转出地：150102", "转入地：110108",
                     "险种：职工医保（灵活就业）", "转移类型：跨省转移",
                     "转出办结时限：\(due.chinese)（工作日计算，依据：内蒙古细则 第十九条（二））",
                     "缴费月份 \(Self.lastThreeMonths[0]) 至 \(Self.lastThreeMonths[2])，共 3 个月",
                     "经办人：王芳", "日期：\(Self.today.chinese)"] {
            #expect(sheet.contains(line), "信息表缺「\(line)」：\n\(sheet)")
        }
        let html = try counter.notice(caseNumber, "参保人基本医疗保险信息表", ext: "html")
        for part in ["<title>参保人基本医疗保险信息表</title>", "<dt>姓名</dt><dd>王海涛</dd>", "<dt>证件</dt><dd>居民身份证 \(number)</dd>",
                     "<dt>转出地</dt><dd>150102</dd>", "<dt>转入地</dt><dd>110108</dd>", "转出办结时限：\(due.chinese)"] {
            #expect(html.contains(part), "信息表 HTML 缺「\(part)」：\n\(html)")
        }
        let receipt = try counter.notice(caseNumber, "回执")
        #expect(receipt.contains("申请人：王海涛（居民身份证 \(number)）"), "\(receipt)")
        #expect(receipt.contains("同步暂停：150102 职工医保"), "\(receipt)")
        #expect(receipt.contains("截止 \(due)"), "\(receipt)")

        // A transfer-out is completed (办结), not a registration.
        #expect(!result.line(3).contains("已登记参保"), "\(result.line(3))")
        #expect(result.line(3).contains("已办结"), "\(result.line(3))")
        #expect(!receipt.contains("登记结果：已登记参保"), "\(receipt)")
    }

    // MARK: - 2. Termination

    @Test("终止参保 死亡（江门，已停保，继承人申请）：材料齐全即办结，居民医保终止，回执列明终止的记录")
    func deathTerminatesTheRecord() throws {
        let (number, platform) = Self.jiangmenResident("黄国强", sequence: 41)
        let counter = try Counter(region: "jiangmen", place: "440703", platform: [platform])
        let t = try counter.startAtHome()
        defer { t.kill() }

        try Self.fillDeathTermination(t, name: "黄国强", number: number)
        var screen = try t.settle("当前结论：需补充材料")
        #expect(screen.checklist.count == 3, "\(screen)")
        let checklist = try t.tickDocuments(except: [])
        // 户口簿 is checked through shared data in Jiangmen ([=]); the heir's ID and the death certificate are ticked.
        #expect(checklist.contains { $0.hasPrefix("[=] 户口簿") }, "\(checklist)")
        #expect(checklist.contains { $0.hasPrefix("[x] 代办人有效身份证件") }, "\(checklist)")
        #expect(checklist.contains { $0.hasPrefix("[x] 死亡证明") }, "\(checklist)")
        screen = try t.settle("当前结论：予以受理")

        let (caseNumber, result) = try t.submitAccepted()
        #expect(result.contains("业务：\(Self.terminateTitle)"), "\(result)")
        #expect(counter.lists(caseNumber, "回执", on: result), "\(result)")

        let record = try counter.storedCase(caseNumber)
        #expect(record.status == .completed)
        #expect(record.decision == .accept)
        #expect(record.registeredRecordID == nil)
        let (person, records) = try counter.platformRecords(number)
        #expect(record.applicantID == person.id)
        #expect(records.count == 1, "\(records)")
        let resident = try #require(records.first)
        #expect(resident.status == .terminated && resident.since == Self.today, "\(records)")
        let audit = try counter.openStore().auditLog(entity: "case", entityID: caseNumber)
        let complete = try #require(audit.first { $0.action == "case.complete" }, "\(audit.map(\.action))")
        #expect(complete.detail.contains("\(resident.id):terminated"), "\(complete.detail)")

        // A receipt only: no 信息表 for a termination.
        #expect(counter.printed(caseNumber) == ["\(caseNumber)-回执.html", "\(caseNumber)-回执.txt"], "\(counter.printed(caseNumber))")
        let receipt = try counter.notice(caseNumber, "回执")
        #expect(receipt.contains("业务：\(Self.terminateTitle)"), "\(receipt)")
        #expect(receipt.contains("申请人：黄国强（居民身份证 \(number)）"), "\(receipt)")
        #expect(receipt.contains("代办人：黄志明"), "\(receipt)")
        #expect(receipt.contains("同步终止：440703 居民医保 \(Self.today.year)年"), "\(receipt)")
        #expect(receipt.contains("（依据：江门规程 第七条）"), "\(receipt)")
        let html = try counter.notice(caseNumber, "回执", ext: "html")
        #expect(html.contains("同步终止：440703 居民医保 \(Self.today.year)年"), "\(html)")

        #expect(!result.line(3).contains("已登记参保"), "\(result.line(3))")
        #expect(!receipt.contains("登记结果：已登记参保"), "\(receipt)")
        #expect(receipt.hasPrefix("基本医疗保险业务办结回执"), "\(receipt)")
    }

    @Test("终止参保 死亡但未带死亡证明：一次性告知书列明，案件待补材料，记录仍为正常参保")
    func deathWithoutCertificateIsPendingDocuments() throws {
        let (number, platform) = Self.jiangmenResident("黄国华", sequence: 43)
        let counter = try Counter(region: "jiangmen", place: "440703", platform: [platform])
        let t = try counter.startAtHome()
        defer { t.kill() }

        try Self.fillDeathTermination(t, name: "黄国华", number: number)
        let checklist = try t.tickDocuments(except: ["死亡证明"])
        #expect(checklist.contains { $0.hasPrefix("[x] 代办人有效身份证件") }, "\(checklist)")
        #expect(checklist.contains { $0.hasPrefix("[ ] 死亡证明") }, "\(checklist)")
        let screen = try t.settle("当前结论：需补充材料")
        #expect(screen.contains(" 缺少材料（一次性告知，1 项）：死亡证明或公安部门户籍注销证明"), "\(screen)")

        let (caseNumber, result) = try t.submit(headline: "材料不全，已出具一次性告知书，案件待补材料")
        #expect(result.contains("结论：需补充材料"), "\(result)")
        #expect(counter.lists(caseNumber, "一次性告知书", on: result), "\(result)")

        let record = try counter.storedCase(caseNumber)
        #expect(record.status == .pendingDocuments)
        #expect(record.decision == .missingDocuments)
        let (_, records) = try counter.platformRecords(number)
        #expect(records.count == 1 && records[0].status == .active, "\(records)")
        let audit = try counter.openStore().auditLog(entity: "case", entityID: caseNumber)
        #expect(!audit.contains { $0.action == "case.complete" }, "\(audit.map(\.action))")

        #expect(counter.printed(caseNumber) == ["\(caseNumber)-一次性告知书.html", "\(caseNumber)-一次性告知书.txt"],
                "\(counter.printed(caseNumber))")
        let text = try counter.notice(caseNumber, "一次性告知书")
        let html = try counter.notice(caseNumber, "一次性告知书", ext: "html")
        #expect(text.contains("需补充的材料（共1项）"), "\(text)")
        #expect(text.contains("  1. 死亡证明或公安部门户籍注销证明："), "\(text)")
        #expect(text.contains("江门规程 第七条（二）"), "\(text)")
        #expect(!text.contains("户口簿：") && !text.contains("代办人有效身份证件："), "\(text)")
        #expect(html.contains("<li>死亡证明或公安部门户籍注销证明："), "\(html)")
        #expect(text.contains("申请人：黄国华（居民身份证 \(number)）"), "\(text)")
    }

    // MARK: - 3. The home screen's deadline column

    @Test("关系转出 缺身份证件：待补材料，首页“时限”列显示 10 个工作日后的截止日")
    func pendingTransferShowsItsDeadlineAtHome() throws {
        let (number, platform) = Self.transferPerson()
        let due = try #require(ServicesCalendar.due(workingDays: 10))
        let md = String(due.description.dropFirst(5))
        let counter = try Counter(region: "inner-mongolia", place: "150102", platform: [platform])
        let t = try counter.startAtHome()
        defer { t.kill() }

        try Self.fillTransferOut(t, number: number)
        try t.settle("当前结论：需补充材料")
        let (caseNumber, _) = try t.submit(headline: "材料不全，已出具一次性告知书，案件待补材料")
        #expect(try counter.storedCase(caseNumber).status == .pendingDocuments)
        #expect(try counter.storedVerdict(caseNumber).dueDate == due)
        let (_, records) = try counter.platformRecords(number)
        #expect(records.count == 1 && records[0].status == .active, "未办结的转出不暂停记录：\(records)")
        #expect(!counter.noticeExists(caseNumber, "参保人基本医疗保险信息表"), "未办结不打印信息表")

        try t.sendKeys("Enter")
        for tab in ["今日办理", "待补材料"] {
            let screen = try t.settle("首页「\(tab)」列表中的 \(caseNumber)") { s in
                s.line(0).contains("参保 · 首页") && s.lines.contains { $0.contains("\(tab)（1）") }
                    && s.lines.contains { $0.hasPrefix(" \(caseNumber)") }
            }
            let header = screen.line(6)
            let row = try #require(screen.lines.first { $0.hasPrefix(" \(caseNumber)") }, "\(screen)")
            #expect(row.contains(Self.transferTitle) && row.contains("王海涛") && row.contains("待补材料"), "\(row)")
            #expect(row.hasSuffix(md) && !row.contains("逾期"), "时限应为 \(md)：\(row)")
            #expect(Tmux.column(of: md, in: row) == Tmux.column(of: "时限", in: header), "\(header)\n\(row)")
            if tab == "今日办理" {
                // Tab to 草稿 (empty), then Tab to 待补材料.
                try t.sendKeys("Tab")
                try t.settle("草稿列表为空") { $0.line(7).contains("（无）") }
                try t.sendKeys("Tab")
            }
        }
    }
}
