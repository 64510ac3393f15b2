import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The counter through the real binary in tmux, as a clerk uses it: each test prepares a fresh home through the
/// command line, starts `canbao` at 80x24, types and reads the screen, then checks the store and the printed
/// notices. Dates are computed from today in Asia/Shanghai, never fixed.
@Suite("柜台端到端（tmux 中的 canbao）")
struct CounterEndToEndTests {
    static var today: LocalDate { CounterCalendar.today }

    // MARK: - Helpers

    /// The case as stored, or a failure that names it.
    static func storedCase(_ counter: Counter, _ number: String) throws -> CaseRecord {
        let store = try counter.openStore()
        return try #require(try store.case(number: number), "案件 \(number) 不在数据库中")
    }

    /// The platform records of the person with this document, as stored.
    static func records(_ counter: Counter, _ document: IdentityDocument) throws -> (PersonRecord, [EnrollmentRecord]) {
        let store = try counter.openStore()
        let person = try #require(try store.person(byDocument: document), "数据库中没有证件 \(document.number) 的人员")
        return (person, try store.platformRecords(forPerson: person.id))
    }

    /// The situation step of a newborn with hukou registered, alive, not registered under a parent's name; then
    /// the newborn (女), the guardian 李梅 and no agent; leaves the last field (参保年度, empty: the birth year).
    static func fillNewborn(_ t: Tmux, name: String, number: String, birth: LocalDate,
                            afterNumber: ((Tmux) throws -> Void)? = nil) throws {
        let screen = try t.settle("1.办理情形")
        #expect(screen.field("办理地（统筹区代码）*") == "150621", "\(screen)")
        try t.skip("办理地（统筹区代码）*")
        try t.choose("是否已办理户籍登记*", key: "y", shows: "是")
        try t.choose("是否在户籍登记前死亡*", key: "n", shows: "否")
        try t.skip("是否已使用父母姓名预参保")
        try t.fill("新生儿姓名*", name)
        try t.fill("新生儿证件*", number, then: nil)
        if let afterNumber {
            try afterNumber(t)
        } else {
            try t.sendKeys("Tab")
        }
        try t.fill("出生日期*", birth.description)
        try t.choose("性别*", key: "2", shows: "女")
        let guardian = IDNumbers.residentID(area: "150602", birth: CounterCalendar.born(yearsAgo: 32, days: 40), sequence: 4)
        try t.fill("监护人姓名*", "李梅")
        try t.fill("监护人证件*", guardian)
        try t.skip("代办人姓名（无代办可空）")
        try t.skip("参保年度（出生当年）")
        try t.settle("已到最后一项")
    }

    // MARK: - 1. First start

    @Test("首次启动：建立管理员、载入演示数据；演示柜员首次登录须先改密码才能进入首页")
    func firstStartOnAnEmptyHome() throws {
        let counter = try Counter(withClerk: false)
        let t = try counter.start()
        defer { t.kill() }

        var screen = try t.settle("首次启动：本机尚无操作员账号")
        #expect(screen.line(0).hasPrefix(" 参保 · 首次启动"))
        #expect(screen.contains("请创建第一个管理员账号"))
        for label in ["登录名", "姓名", "密码", "确认密码"] { #expect(screen.contains(label), "\(screen)") }
        #expect(screen.line(23).hasPrefix("Tab下一项 Enter确认 F10创建"))

        try t.type("admin")
        try t.settle("登录名 admin") { $0.lines.contains { $0.contains("登录名") && $0.contains("admin") } }
        try t.sendKeys("Tab")
        try t.type("张主任")
        try t.settle("姓名 张主任") { $0.lines.contains { $0.contains("姓名") && $0.contains("张主任") } }
        try t.sendKeys("Tab")
        try t.type("canbao2026")
        try t.sendKeys("Tab")
        try t.type("canbao2026")
        try t.settle("两个密码框各 10 个圆点") { $0.lines.filter { $0.contains("••••••••••") }.count == 2 }
        try t.sendKeys("Enter")

        screen = try t.settle("管理员“张主任”已创建。")
        #expect(screen.contains("是否载入演示数据？"))
        #expect(screen.contains("Y 载入演示数据    N 不载入，直接登录"))
        #expect(screen.message == "管理员账号 admin 已创建")
        try t.sendKeys("y")

        // The login screen, the new administrator's name filled in, the demo summary on the message line.
        screen = try t.settle("已载入演示数据：", timeout: .seconds(30))
        #expect(screen.line(0).hasPrefix(" 参保 · 登录"), "\(screen)")
        #expect(screen.contains("操作员登录"))
        #expect(screen.lines.contains { $0.contains("登录名") && $0.contains("admin") }, "\(screen)")
        #expect(screen.message.hasPrefix("已载入演示数据：300 名参保人、"), "\(screen.message)")
        // The whole sentence, the demo accounts' password included: too long for one row, it takes the row above too.
        #expect(screen.message.contains("条平台记录；账号 clerk/supervisor/trainee"), "\(screen.message)")
        #expect(screen.message.hasSuffix("的初始密码为 canbao123，首次登录须修改"), "\(screen)")

        // The name is text, not a field: the password is the only place typing goes (the mark and the words say so),
        // Tab stays there; F2 gives the name field back, empty, to log in as the demo clerk.
        #expect(screen.lines.contains { $0.contains("登录名") && $0.contains("admin （F2 更换）") }, "\(screen)")
        #expect(screen.lines.contains { $0.contains("> 密码") }, "\(screen)")
        #expect(screen.contains("正在输入：密码（不显示所输入的字符）"), "\(screen)")
        try t.sendKeys("Tab")
        try t.settle("登录名已填写为 admin")
        try t.sendKeys("F2")
        try t.settle("登录名已清空") { s in s.lines.contains { $0.contains("> 登录名") } && !s.lines.contains { $0.contains("登录名") && $0.contains("admin") } }

        // The demo password everyone knows opens only the password change screen; F3 leaves without reaching home.
        try t.enterCredentials("clerk", password: "canbao123")
        screen = try t.settle("首次登录：请设置您自己的密码")
        #expect(screen.line(0).hasPrefix(" 参保 · 设置密码"), "\(screen.line(0))")
        #expect(screen.message == "欢迎，王芳：首次登录须先设置您自己的密码")
        #expect(screen.line(23).hasPrefix("Tab切换 Enter确认 F10保存 F3注销"))
        try t.sendKeys("F3")
        screen = try t.settle("已注销，未修改密码")
        #expect(screen.line(0).hasPrefix(" 参保 · 登录"))
        #expect(try counter.openStore().operator(named: "clerk")?.mustChangePassword == true)
        // Logging in again leads back to it; an all-digit password is refused as everywhere.
        try t.enterCredentials("clerk", password: "canbao123")
        try t.chooseOwnPassword("20262026")
        screen = try t.settle("密码须同时包含字母和数字")
        #expect(screen.line(0).hasPrefix(" 参保 · 设置密码"))
        try t.chooseOwnPassword("wangfang2026")
        screen = try t.settle("首页列表") { $0.line(7).contains("（无）") && $0.line(0).contains("参保 · 首页") }
        #expect(screen.message == "新密码已保存。欢迎，王芳（柜员）")
        let changed = try counter.openStore()
        #expect(try changed.operator(named: "clerk")?.mustChangePassword == false)
        #expect(try changed.auditLog(entity: "operator", entityID: "clerk").last?.actor == "clerk")
        #expect(try changed.auditLog(entity: "operator", entityID: "clerk").first?.actor == "admin")
        #expect(screen.line(0).hasPrefix(" 参保 · 首页"))
        #expect(screen.line(0).hasSuffix("王芳（柜员） \(Self.today)"), "\(screen.line(0))")
        #expect(screen.line(2).contains("1 新建业务") && screen.line(2).contains("4 花名册集体参保")
                && screen.line(2).contains("5 参保覆盖率"), "\(screen.line(2))")
        #expect(screen.line(1).contains("窗口：达拉特旗医保经办窗口（达拉特旗 150621）"), "\(screen.line(1))")
        #expect(screen.line(4).contains("今日办理（0）") && screen.line(4).contains("草稿（0）")
                && screen.line(4).contains("待补材料（0）") && screen.line(4).contains("待审核（0）"), "\(screen.line(4))")
        #expect(screen.line(7).contains("（无）"))
        #expect(screen.line(23).hasPrefix("F1帮助 1新建 2查找 Tab切换 Enter打开 F8作废/撤回"), "\(screen.line(23))")

        let store = try counter.openStore()
        let operators = try store.operators()
        #expect(Set(operators.map(\.name)) == ["admin", "clerk", "supervisor", "trainee"])
        #expect(operators.first { $0.name == "admin" }?.role == .admin)
        #expect(operators.first { $0.name == "admin" }?.displayName == "张主任")
        #expect(operators.first { $0.name == "clerk" }?.role == .clerk)
        #expect(try store.counts().persons == 300)
    }

    // MARK: - 2. One applicant per decision, every workflow

    @Test("新生儿 出生第 100 天（达拉特旗）：需审核，填写理由后送审")
    func newbornLateNeedsApproval() throws {
        let birth = Self.today.adding(days: -100)
        let number = IDNumbers.residentID(area: "150621", birth: birth, sequence: 2)
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }

        try t.newCase(1, title: "新生儿参保登记")
        try Self.fillNewborn(t, name: "王小禾", number: number, birth: birth)
        var screen = try t.settle("当前结论：需审核")
        #expect(screen.contains("[需审核] 出生后第100天办理"), "\(screen)")

        try t.sendKeys("F10")
        screen = try t.settle(" 提交审核：请写明理由（将随案件送审核员）")
        #expect(screen.message == "此案件需审核员审批：请填写提交审核的理由，Enter 提交，Esc 取消")
        #expect(screen.line(23).hasPrefix("Enter提交审核 Esc取消"))
        // Too short a reason is refused with a message; the box stays.
        try t.type("好")
        try t.sendKeys("Enter")
        screen = try t.settle("理由至少 2 个字（首尾空格和不可见字符不计）")
        #expect(screen.contains(" 提交审核：请写明理由"))
        try t.type("家长住院延误办理")
        try t.settle("好家长住院延误办理")
        try t.sendKeys("Enter")
        screen = try t.settle("办理结果") { $0.line(3).contains("已提交审核员审核") }
        let caseNumber = try #require(screen.caseNumber)
        #expect(screen.contains("结论：需审核"))
        #expect(screen.contains("申请人：王小禾"))

        let record = try Self.storedCase(counter, caseNumber)
        #expect(record.status == .awaitingApproval)
        #expect(record.decision == .needsApproval)
        #expect(record.registeredRecordID == nil)
        let audit = try counter.openStore().auditLog(entity: "case", entityID: caseNumber)
        #expect(audit.contains { $0.action == "case.status" && $0.detail.contains("awaiting-approval") && $0.detail.contains("好家长住院延误办理") },
                "\(audit.map(\.detail))")
        #expect(counter.printed(caseNumber) == ["\(caseNumber)-审核受理回执.html", "\(caseNumber)-审核受理回执.txt"])
        let notice = try counter.notice(caseNumber, "审核受理回执")
        #expect(notice.contains("出生后第100天办理"))
        #expect(notice.contains("好家长住院延误办理"))
    }

    @Test("新生儿 身份证校验码错误：离开证件栏即提示，提交后不予办理")
    func newbornWrongCheckCharacterIsRefused() throws {
        let birth = Self.today.adding(days: -20)
        let valid = IDNumbers.residentID(area: "150621", birth: birth, sequence: 2)
        let wrong = String(valid.dropLast()) + (valid.last == "0" ? "1" : "0")
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }

        try t.newCase(1, title: "新生儿参保登记")
        try Self.fillNewborn(t, name: "王小禾", number: wrong, birth: birth) { t in
            try t.sendKeys("Tab")
            // The message line names the digit expected; the finding below gives the article.
            let screen = try t.settle("校验码错误的提示") {
                $0.message.hasPrefix("身份证号码校验码错误：第18位应为 \(valid.last!)，实际为 \(wrong.last!)")
            }
            #expect(screen.isMarked("新生儿证件*"), "\(screen)")
            // Its article too, which one row of 80 columns would cut.
            #expect(screen.message.hasSuffix("（国家规程 第七条）"), "\(screen)")
            #expect(screen.lines.contains { $0.hasPrefix(" [阻断] 身份证号码校验码错误") && $0.hasSuffix("（国家规程 第七条）") }, "\(screen)")
        }
        try t.settle("当前结论：不予办理")
        let (caseNumber, screen) = try t.submit(headline: "不予办理，已出具不予办理通知书")
        #expect(screen.contains("结论：不予办理"))
        #expect(counter.lists(caseNumber, "不予办理通知书", on: screen), "\(screen)")
        #expect(counter.namesFileWhole(caseNumber, "不予办理通知书", on: screen), "\(screen)")

        let record = try Self.storedCase(counter, caseNumber)
        #expect(record.status == .refused)
        #expect(record.decision == .refuse)
        #expect(try counter.openStore().person(byDocument: IdentityDocument(kind: .residentID, number: wrong)) == nil)
        let notice = try counter.notice(caseNumber, "不予办理通知书")
        #expect(notice.contains("经审核，您申请办理的业务不予办理"))
        #expect(notice.contains("校验码"))
        #expect(notice.contains("申请人：王小禾（居民身份证 \(wrong)）"))
    }

    @Test("大中专学生 学籍在外地：需审核，送审")
    func studentAtAnotherPlaceNeedsApproval() throws {
        let number = IDNumbers.residentID(area: "150602", birth: CounterCalendar.born(yearsAgo: 20, days: 15), sequence: 3)
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }

        try t.newCase(2, title: "大中专学生参保登记")
        try t.skip("办理地（统筹区代码）*")
        try t.fill("学籍地（统筹区代码）*", "150602")
        try t.choose("是否资助参保救助对象", key: "n", shows: "否")
        try t.choose("是否残疾人", key: "n", shows: "否")
        try t.fill("姓名*", "张思远")
        try t.fill("证件*", number)
        try t.settle("平台无此人参保记录")
        try t.skip("证件有效期至")
        try t.skip("出生日期")
        try t.skip("性别")
        try t.choose("险种*", key: "1", shows: "居民医保")
        try t.fill("参保年度*", "\(Self.today.year)", then: nil)
        try t.leaveLastField()
        var screen = try t.settle("当前结论：需审核")
        #expect(screen.contains("[需审核] 大中专学生原则上应在学籍地（150602）"), "\(screen)")

        try t.sendKeys("F10")
        try t.settle(" 提交审核：请写明理由")
        try t.type("在本旗实习一年，申请在实习地参保")
        try t.settle("在本旗实习一年")
        try t.sendKeys("Enter")
        screen = try t.settle("办理结果") { $0.line(3).contains("已提交审核员审核") }
        let caseNumber = try #require(screen.caseNumber)

        let record = try Self.storedCase(counter, caseNumber)
        #expect(record.status == .awaitingApproval)
        #expect(record.workflow == "student")
        #expect(try counter.notice(caseNumber, "审核受理回执").contains("在本旗实习一年，申请在实习地参保"))
        // Awaiting approval: on the home screen's 待审核 list, not editable by the clerk: Enter shows it read-only.
        try t.sendKeys("Enter")
        screen = try t.settle("待审核（1）")
        #expect(screen.line(4).contains("今日办理（1）"), "\(screen.line(4))")
        for _ in 0..<3 { try t.sendKeys("Tab") }
        screen = try t.settle("待审核列表") { $0.lines.contains { $0.hasPrefix(" \(caseNumber)") && $0.contains("待审核") } }
        try t.sendKeys("Enter")
        screen = try t.settle("只读：待审核的案件不能再修改")
        #expect(screen.line(0).contains("参保 · 查看案件（只读）"), "\(screen)")
        #expect(screen.line(1).contains("案件 \(caseNumber)  大中专学生参保登记  待审核"), "\(screen)")
    }

    @Test("大中专学生 入学前在外地参保：予以受理，原参保关系终止")
    func studentEnteringSchoolIsRegisteredAndTheOldRecordTerminated() throws {
        let year = Self.today.year
        let person = PlatformPerson(name: "赵子涵", number: IDNumbers.residentID(area: "150621", birth: CounterCalendar.born(yearsAgo: 19, days: 3), sequence: 8),
                                    birth: CounterCalendar.born(yearsAgo: 19, days: 3), sex: .female,
                                    records: [.init(place: "150102", scheme: "resident", year: year)])
        let counter = try Counter(persons: [person])
        let t = try counter.startAtHome()
        defer { t.kill() }

        try t.newCase(2, title: "大中专学生参保登记")
        try t.skip("办理地（统筹区代码）*")
        try t.fill("学籍地（统筹区代码）*", "150621")
        try t.choose("是否资助参保救助对象", key: "n", shows: "否")
        try t.choose("是否残疾人", key: "n", shows: "否")
        try t.fill("姓名*", "赵子涵")
        try t.fill("证件*", person.number)
        // The platform's record is looked up and shown; birth date and sex come from the store.
        var screen = try t.settle("已查到参保人 赵子涵：平台参保记录 1 条")
        #expect(screen.contains("150102 居民医保"), "\(screen)")
        #expect(screen.field("出生日期")?.contains(person.birth!.description) == true, "\(screen)")
        try t.skip("证件有效期至")
        try t.skip("出生日期")
        try t.skip("性别")
        try t.choose("险种*", key: "1", shows: "居民医保")
        try t.fill("参保年度*", "\(year)", then: nil)
        try t.leaveLastField()
        screen = try t.settle("[提示] 因入学形成的重复参保")
        try t.tickAllDocuments()
        try t.settle("当前结论：予以受理")
        let (caseNumber, result) = try t.submit(headline: "已登记参保")
        #expect(result.contains("结论：予以受理"))

        let record = try Self.storedCase(counter, caseNumber)
        #expect(record.status == .registered)
        let (stored, records) = try Self.records(counter, person.document)
        #expect(record.applicantID == stored.id)
        let old = records.first { $0.place == "150102" }
        #expect(old?.status == .terminated, "\(records)")
        let new = try #require(records.first { $0.id == record.registeredRecordID }, "\(records)")
        #expect(new.place == "150621" && new.scheme == .resident && new.year == year && new.status == .active)
        #expect(new.caseID == record.id)
        let receipt = try counter.notice(caseNumber, "回执")
        #expect(receipt.contains("登记结果：已登记参保"))
        #expect(receipt.contains("同步终止：150102 居民医保 \(year)年"), "\(receipt)")
    }

    @Test("退役军人 缺退役证明和身份证：一次性告知书列明全部材料，案件待补材料")
    func veteranMissingDocumentsGetsTheOneTimeNotice() throws {
        let number = IDNumbers.residentID(area: "150621", birth: CounterCalendar.born(yearsAgo: 24, days: 100), sequence: 5)
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }

        try t.newCase(3, title: "退役军人及随军配偶参保登记")
        try t.skip("办理地（统筹区代码）*")
        try t.choose("身份*", key: "1", shows: "退役军人")
        try t.fill("退出现役", Self.today.adding(days: -30).description)
        try t.skip("医保关系断档月数")
        try t.fill("姓名*", "赵卫国")
        try t.fill("证件*", number)
        try t.settle("平台无此人参保记录")
        try t.skip("证件有效期至")
        try t.skip("出生日期")
        try t.skip("性别")
        try t.skip("代办人姓名（无代办可空）")
        try t.choose("险种*", key: "1", shows: "居民医保")
        try t.fill("参保年度（居民医保）", "\(Self.today.year)", then: nil)
        try t.leaveLastField()
        var screen = try t.settle("当前结论：需补充材料")
        #expect(screen.contains(" 缺少材料（一次性告知，2 项）：居民身份证、退出现役登记表或退役证明"), "\(screen)")

        let (caseNumber, result) = try t.submit(headline: "材料不全，已出具一次性告知书，案件待补材料")
        screen = result
        #expect(screen.contains("结论：需补充材料"))
        #expect(counter.lists(caseNumber, "一次性告知书", on: screen))

        let record = try Self.storedCase(counter, caseNumber)
        #expect(record.status == .pendingDocuments)
        #expect(record.decision == .missingDocuments)
        #expect(try counter.openStore().person(byDocument: IdentityDocument(kind: .residentID, number: number)) == nil)
        let text = try counter.notice(caseNumber, "一次性告知书")
        let html = try counter.notice(caseNumber, "一次性告知书", ext: "html")
        #expect(text.contains("需补充的材料（共2项）"))
        #expect(text.contains("  1. 居民身份证："), "\(text)")
        #expect(text.contains("  2. 退出现役登记表或退役证明："), "\(text)")
        #expect(html.contains("<li>居民身份证："), "\(html)")
        #expect(html.contains("<li>退出现役登记表或退役证明："), "\(html)")
        #expect(text.contains("申请人：赵卫国（居民身份证 \(number)）"))
    }

    @Test("随军配偶 就业日期晚于今天：当即提示，不予办理")
    func veteranSpouseWithAFutureDateIsRefused() throws {
        let number = IDNumbers.residentID(area: "150621", birth: CounterCalendar.born(yearsAgo: 30, days: 7), sequence: 6)
        let future = Self.today.adding(days: 10)
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }

        try t.newCase(3, title: "退役军人及随军配偶参保登记")
        try t.skip("办理地（统筹区代码）*")
        try t.choose("身份*", key: "2", shows: "随军未就业配偶")
        try t.fill("退出现役", future.description)
        var screen = try t.settle("退役（就业）日期 \(future) 晚于办理日期 \(Self.today)（国家规程 第十五条 4）")
        #expect(screen.isMarked("退出现役"), "\(screen)")
        try t.skip("医保关系断档月数")
        try t.fill("姓名*", "孙丽")
        try t.fill("证件*", number)
        try t.skip("证件有效期至")
        try t.skip("出生日期")
        try t.skip("性别")
        try t.skip("代办人姓名（无代办可空）")
        try t.choose("险种*", key: "2", shows: "职工医保")
        try t.choose("是否以灵活就业身份参保", key: "y", shows: "是", then: nil)
        try t.leaveLastField()
        screen = try t.settle("当前结论：不予办理")

        let (caseNumber, _) = try t.submit(headline: "不予办理，已出具不予办理通知书")
        let record = try Self.storedCase(counter, caseNumber)
        #expect(record.status == .refused)
        let notice = try counter.notice(caseNumber, "不予办理通知书")
        #expect(notice.contains("退役（就业）日期 \(future) 晚于办理日期 \(Self.today)（依据：国家规程 第十五条 4）"), "\(notice)")
        // The documents still needed are listed too (一次性告知).
        #expect(notice.contains("另需材料（如再次申请）"))
        #expect(notice.contains("结婚证") && notice.contains("随军未就业配偶证明"), "\(notice)")
    }

    @Test("季节性务工 本地居民医保在保：予以受理，职工医保登记并暂停原居民医保")
    func seasonalWorkerIsRegisteredAndTheResidentRecordSuspended() throws {
        let year = Self.today.year
        let birth = CounterCalendar.born(yearsAgo: 40, days: 20)
        let person = PlatformPerson(name: "孙建国", number: IDNumbers.residentID(area: "150621", birth: birth, sequence: 11),
                                    birth: birth, sex: .male,
                                    records: [.init(place: "150621", scheme: "resident", year: year)])
        let counter = try Counter(persons: [person])
        let t = try counter.startAtHome()
        defer { t.kill() }

        try t.newCase(4, title: "农民工、短期季节性务工及灵活就业人员参保登记")
        try t.skip("办理地（统筹区代码）*")
        try t.choose("是否本地户籍*", key: "y", shows: "是")
        try t.choose("就业形式*", key: "1", shows: "短期季节性务工")
        try t.skip("此前连续参保月数")
        try t.skip("中断缴费月数")
        try t.fill("姓名*", "孙建国")
        try t.fill("证件*", person.number)
        try t.settle("已查到参保人 孙建国：平台参保记录 1 条")
        try t.skip("证件有效期至")
        try t.skip("出生日期")
        try t.skip("性别")
        try t.choose("险种*", key: "2", shows: "职工医保")
        try t.choose("是否以灵活就业身份参保", key: "n", shows: "否", then: nil)
        try t.leaveLastField()
        var screen = try t.settle("[提示] 短期季节性务工或灵活就业人员参加职工医保")
        #expect(screen.checklist.count == 2, "\(screen)")
        try t.tickAllDocuments()
        screen = try t.settle("当前结论：予以受理")

        let (caseNumber, _) = try t.submit(headline: "已登记参保")
        let record = try Self.storedCase(counter, caseNumber)
        #expect(record.status == .registered)
        let (_, records) = try Self.records(counter, person.document)
        #expect(records.count == 2, "\(records)")
        let old = records.first { $0.scheme == .resident }
        #expect(old?.status == .suspended, "\(records)")
        #expect(old?.since == Self.today)
        let new = try #require(records.first { $0.id == record.registeredRecordID }, "\(records)")
        #expect(new.scheme == .employee && new.place == "150621" && new.status == .active && !new.flexible)
        #expect(new.months == [CounterCalendar.thisMonth])
        let receipt = try counter.notice(caseNumber, "回执")
        #expect(receipt.contains("险种：职工医保"))
        #expect(receipt.contains("同步暂停：150621 居民医保 \(year)年"), "\(receipt)")
    }

    @Test("灵活就业 已在本统筹区参加本年度居民医保：不能重复登记，不予办理")
    func alreadyEnrolledHereIsRefused() throws {
        let year = Self.today.year
        let birth = CounterCalendar.born(yearsAgo: 35, days: 60)
        let person = PlatformPerson(name: "钱秀英", number: IDNumbers.residentID(area: "150621", birth: birth, sequence: 12),
                                    birth: birth, sex: .female,
                                    records: [.init(place: "150621", scheme: "resident", year: year)])
        let counter = try Counter(persons: [person])
        let t = try counter.startAtHome()
        defer { t.kill() }

        try t.newCase(4, title: "农民工、短期季节性务工及灵活就业人员参保登记")
        try t.skip("办理地（统筹区代码）*")
        try t.choose("是否本地户籍*", key: "y", shows: "是")
        try t.choose("就业形式*", key: "2", shows: "灵活就业")
        try t.skip("此前连续参保月数")
        try t.skip("中断缴费月数")
        try t.fill("姓名*", "钱秀英")
        try t.fill("证件*", person.number)
        try t.settle("已查到参保人 钱秀英：平台参保记录 1 条")
        try t.skip("证件有效期至")
        try t.skip("出生日期")
        try t.skip("性别")
        try t.choose("险种*", key: "1", shows: "居民医保")
        try t.fill("参保年度（居民医保）", "\(year)")
        // The last field of a resident registration (国家规程 第十五条 1: assisted persons), left empty.
        try t.waitUntil("资助参保一栏") { $0.field("是否资助参保救助对象") != nil }
        try t.leaveLastField()
        let screen = try t.settle("当前结论：不予办理")
        #expect(screen.contains("[阻断] 已在本统筹区参加\(year)年度居民医保"), "\(screen)")
        #expect(screen.contains("（国家规程 第十三条）"), "\(screen)")

        let (caseNumber, _) = try t.submit(headline: "不予办理，已出具不予办理通知书")
        let record = try Self.storedCase(counter, caseNumber)
        #expect(record.status == .refused)
        #expect(record.registeredRecordID == nil)
        let (_, records) = try Self.records(counter, person.document)
        #expect(records.count == 1 && records[0].status == .active, "\(records)")
        let notice = try counter.notice(caseNumber, "不予办理通知书")
        #expect(notice.contains("不能重复登记（依据：国家规程 第十三条）"), "\(notice)")
    }

    @Test("香港居民 持港澳居民来往内地通行证（内蒙古）：当即提示，不予办理")
    func hongKongResidentWithATravelPermitIsRefusedInInnerMongolia() throws {
        let counter = try Counter(region: "inner-mongolia", place: "150102")
        let t = try counter.startAtHome()
        defer { t.kill() }

        try t.newCase(5, title: "港澳台居民及外籍人员参保登记")
        var screen = try t.settle("1.来源地")
        #expect(screen.field("办理地（统筹区代码）*") == "150102", "\(screen)")
        try t.skip("办理地（统筹区代码）*")
        try t.choose("来源地*", key: "1", shows: "香港")
        try t.skip("此前连续参保月数")
        try t.skip("中断缴费月数")
        try t.fill("姓名*", "何嘉欣")
        try t.chooseKind(2, name: "港澳居民来往内地通行证")
        try t.fill("证件*", "H12345678")
        // The message line (on two rows when it is long) and the finding with its article.
        screen = try t.settle("证件类型不符的提示") { $0.message.hasPrefix("本统筹区港澳台居民应以港澳台居民居住证办理参保登记") }
        #expect(screen.isMarked("证件*"), "\(screen)")
        #expect(screen.lines.contains { $0.hasPrefix(" [阻断] 本统筹区港澳台居民应以") && $0.contains("（内蒙古细则 第十二条") }, "\(screen)")
        try t.skip("证件有效期至")
        try t.skip("出生日期")
        try t.skip("性别")
        try t.choose("险种*", key: "1", shows: "居民医保")
        try t.fill("参保年度（居民医保）", "\(Self.today.year)", then: nil)
        try t.leaveLastField()
        try t.settle("当前结论：不予办理")

        let (caseNumber, _) = try t.submit(headline: "不予办理，已出具不予办理通知书")
        let record = try Self.storedCase(counter, caseNumber)
        #expect(record.status == .refused)
        #expect(record.region == "inner-mongolia")
        let notice = try counter.notice(caseNumber, "不予办理通知书")
        #expect(notice.contains("不能使用港澳居民来往内地通行证（依据：内蒙古细则 第十二条（五）1）"), "\(notice)")
        #expect(notice.contains("申请人：何嘉欣（港澳居民来往内地通行证 H12345678）"), "\(notice)")
        #expect(notice.contains("办理窗口：内蒙古自治区医保经办窗口（150102 呼和浩特市新城区）"), "\(notice)")
    }

    @Test("香港居民 持港澳台居民居住证（内蒙古）：予以受理，新建人员和居民医保记录")
    func hongKongResidentWithAResidencePermitIsRegistered() throws {
        let number = IDNumbers.hmtResidencePermit(origin: .hongKong, birth: CounterCalendar.born(yearsAgo: 28, days: 9), sequence: 2)
        let counter = try Counter(region: "inner-mongolia", place: "150102")
        let t = try counter.startAtHome()
        defer { t.kill() }

        try t.newCase(5, title: "港澳台居民及外籍人员参保登记")
        try t.skip("办理地（统筹区代码）*")
        try t.choose("来源地*", key: "1", shows: "香港")
        try t.skip("此前连续参保月数")
        try t.skip("中断缴费月数")
        try t.fill("姓名*", "陈嘉欣")
        // The document field offers the HMT residence permit first.
        var screen = try t.settle("证件栏") { $0.field("证件*") != nil }
        #expect(screen.field("证件*")?.hasPrefix("[港澳台居住证]") == true, "\(screen)")
        try t.fill("证件*", number)
        try t.settle("平台无此人参保记录")
        try t.skip("证件有效期至")
        try t.skip("出生日期")
        try t.skip("性别")
        try t.choose("险种*", key: "1", shows: "居民医保")
        try t.fill("参保年度（居民医保）", "\(Self.today.year)", then: nil)
        try t.leaveLastField()
        screen = try t.settle("当前结论：需补充材料")
        #expect(screen.contains("缺少材料（一次性告知，1 项）：港澳台居民居住证"), "\(screen)")
        try t.tickAllDocuments()
        try t.settle("当前结论：予以受理")

        let (caseNumber, _) = try t.submit(headline: "已登记参保")
        let record = try Self.storedCase(counter, caseNumber)
        #expect(record.status == .registered)
        let (person, records) = try Self.records(counter, IdentityDocument(kind: .hmtResidencePermit, number: number))
        #expect(person.name == "陈嘉欣")
        #expect(records.count == 1, "\(records)")
        #expect(records.first?.place == "150102" && records.first?.scheme == .resident && records.first?.year == Self.today.year)
        #expect(records.first?.caseID == record.id)
        #expect(counter.noticeExists(caseNumber, "回执") && counter.noticeExists(caseNumber, "回执", ext: "html"))
    }

    // MARK: - 3. A dropped terminal

    @Test("断线后续办：进程随 tmux 结束，重新登录后从草稿打开，停在原来的栏目，已填内容都在")
    func aDraftIsResumedAfterTheTerminalDies() throws {
        let number = IDNumbers.residentID(area: "150602", birth: CounterCalendar.born(yearsAgo: 21, days: 50), sequence: 7)
        let counter = try Counter()
        var t = try counter.startAtHome()

        try t.newCase(2, title: "大中专学生参保登记")
        try t.skip("办理地（统筹区代码）*")
        try t.fill("学籍地（统筹区代码）*", "150602")
        try t.choose("是否资助参保救助对象", key: "n", shows: "否")
        try t.choose("是否残疾人", key: "n", shows: "否")
        try t.fill("姓名*", "张思远")
        try t.fill("证件*", number)
        var screen = try t.settle("平台无此人参保记录")
        let caseNumber = try #require(screen.caseNumber, "\(screen)")
        // The clerk is on 证件有效期至 (the field after the number) when the terminal goes away.
        #expect(try t.value("#{cursor_y}") == "4")

        let pid = try t.programPID()
        t.kill()
        try Tmux.waitForExit(pid)

        t = try counter.start()
        defer { t.kill() }
        try t.login()
        screen = try t.settle("首页") { $0.line(4).contains("草稿（") }
        #expect(screen.line(4).contains("草稿（1）"), "\(screen.line(4))")
        try t.sendKeys("Tab")
        screen = try t.settle("草稿列表") { $0.lines.contains { $0.hasPrefix(" \(caseNumber)") } }
        let row = try #require(screen.lines.first { $0.hasPrefix(" \(caseNumber)") })
        #expect(row.contains("大中专学生参保登记") && row.contains("张思远") && row.contains("草稿"), "\(row)")

        try t.sendKeys("Enter")
        screen = try t.settle("草稿重新打开") { $0.line(0).contains("参保 · 大中专学生参保登记") && $0.line(21).contains("案件 \(caseNumber)") }
        #expect(screen.field("姓名*") == "张思远", "\(screen)")
        #expect(screen.field("证件*")?.contains(number) == true, "\(screen)")
        // Where the clerk was: the cursor in 证件有效期至 (row 4), at the start of the empty box.
        #expect(try t.value("#{cursor_y}") == "4")
        // The birth date comes from the number (GB 11643), not typed.
        #expect(screen.field("出生日期")?.hasSuffix("（按证件号码）") == true, "\(screen)")
        #expect(screen.contains("[需审核] 大中专学生原则上应在学籍地（150602）"), "\(screen)")
        // The first step kept its answers too.
        try t.sendKeys("F3")
        screen = try t.settle("学籍地（统筹区代码）*")
        #expect(screen.field("学籍地（统筹区代码）*") == "150602 鄂尔多斯市东胜区", "\(screen)")
        #expect(screen.field("是否资助参保救助对象") == "否", "\(screen)")
        #expect(screen.field("是否残疾人") == "否", "\(screen)")
    }

    @Test("断线后续办：离开选项栏进入下一步后断线，重新打开应停在下一步的栏目")
    func aDraftLeftAfterAChoiceReopensWhereTheClerkWas() throws {
        let counter = try Counter()
        var t = try counter.startAtHome()

        try t.newCase(2, title: "大中专学生参保登记")
        try t.skip("办理地（统筹区代码）*")
        try t.fill("学籍地（统筹区代码）*", "150602")
        try t.choose("是否资助参保救助对象", key: "n", shows: "否")
        try t.choose("是否残疾人", key: "n", shows: "否")
        // Tab from the last answer of step 1: the clerk is now on 姓名 (step 2) when the terminal goes away.
        var screen = try t.settle("第 2 步的姓名栏") { $0.field("姓名*") != nil && $0.line(21).contains("案件 ") }
        let caseNumber = try #require(screen.caseNumber, "\(screen)")
        #expect(try t.value("#{cursor_y}") == "2")
        let pid = try t.programPID()
        t.kill()
        try Tmux.waitForExit(pid)

        t = try counter.start()
        defer { t.kill() }
        try t.login()
        try t.sendKeys("Tab")
        try t.settle("草稿列表") { $0.lines.contains { $0.hasPrefix(" \(caseNumber)") } }
        try t.sendKeys("Enter")
        screen = try t.settle("草稿重新打开") { $0.line(0).contains("参保 · 大中专学生参保登记") && $0.line(21).contains("案件 \(caseNumber)") }
        let cursorRow = try t.value("#{cursor_y}")
        // Moving off a choice field saves the new position too.
        #expect(screen.field("姓名*") != nil, "\(screen)")
        #expect(cursorRow == "2")
        // What was answered is intact either way.
        try eventually("草稿中保存了学籍地和两个选项") {
            let json = try Self.storedCase(counter, caseNumber).caseJSON
            return json.contains("\"school_place\":\"150602\"") && json.contains("\"assisted\":false") && json.contains("\"disabled\":false")
        }
    }

    @Test("kill -9 紧接离开一栏之后：保存草稿不阻塞按键，离开的那一栏半秒内已在数据库中")
    func aFieldLeftSurvivesKillNine() throws {
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }
        try t.newCase(2, title: "大中专学生参保登记")
        try t.skip("办理地（统筹区代码）*")
        try t.fill("学籍地（统筹区代码）*", "150602")
        try t.choose("是否资助参保救助对象", key: "n", shows: "否")
        try t.choose("是否残疾人", key: "n", shows: "否")
        let screen = try t.settle("第 2 步的姓名栏") { $0.field("姓名*") != nil && $0.line(21).contains("案件 ") }
        let caseNumber = try #require(screen.caseNumber, "\(screen)")
        #expect(try t.value("#{cursor_y}") == "2")

        // The name is typed and the field left; the loop takes the Tab at once (the cursor moves on) while the save
        // runs on the worker. Half a second later the process is killed without any chance to clean up.
        try t.fill("姓名*", "张思远")
        try t.settle("光标离开姓名栏") { _ in (try? t.value("#{cursor_y}")) == "3" }
        let pid = try t.programPID()
        Thread.sleep(forTimeInterval: 0.5)
        #expect(kill(pid, SIGKILL) == 0)
        try Tmux.waitForExit(pid)

        let stored = try Self.storedCase(counter, caseNumber)
        #expect(stored.caseJSON.contains("\"name\":\"张思远\""), "\(stored.caseJSON)")
        #expect(stored.caseJSON.contains("\"school_place\":\"150602\""), "\(stored.caseJSON)")
    }

    // MARK: - 4. A pending case completed

    @Test("待补材料续办：一次性告知后，从首页待补材料打开，勾选材料，提交登记")
    func aPendingCaseIsCompletedFromTheHomeScreen() throws {
        let birth = Self.today.adding(days: -10)
        let number = IDNumbers.residentID(area: "150621", birth: birth, sequence: 2)
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }

        try t.newCase(1, title: "新生儿参保登记")
        try Self.fillNewborn(t, name: "王小禾", number: number, birth: birth)
        var screen = try t.settle("当前结论：需补充材料")
        #expect(screen.contains(" 缺少材料（一次性告知，3 项）：出生医学证明、监护人有效身份证件、户口簿"), "\(screen)")
        let (caseNumber, _) = try t.submit(headline: "材料不全，已出具一次性告知书，案件待补材料")
        let text = try counter.notice(caseNumber, "一次性告知书")
        let html = try counter.notice(caseNumber, "一次性告知书", ext: "html")
        #expect(text.contains("需补充的材料（共3项）"))
        for name in ["出生医学证明", "监护人有效身份证件", "户口簿"] {
            #expect(text.contains(". \(name)："), "\(text)")
            #expect(html.contains("<li>\(name)："), "\(html)")
        }
        #expect(try Self.storedCase(counter, caseNumber).status == .pendingDocuments)

        // Back home: the case is on the 待补材料 list.
        try t.sendKeys("Enter")
        screen = try t.settle("待补材料（1）")
        try t.sendKeys("Tab")
        try t.sendKeys("Tab")
        screen = try t.settle("待补材料列表") { $0.lines.contains { $0.hasPrefix(" \(caseNumber)") } }
        let row = try #require(screen.lines.first { $0.hasPrefix(" \(caseNumber)") })
        #expect(row.contains("新生儿参保登记") && row.contains("王小禾") && row.contains("待补材料"), "\(row)")

        try t.sendKeys("Enter")
        screen = try t.settle("案件重新打开") { $0.line(0).contains("参保 · 新生儿参保登记") && $0.line(21).contains("案件 \(caseNumber)") }
        #expect(screen.checklist == ["[ ] 出生医学证明", "[ ] 监护人有效身份证件", "[ ] 户口簿"], "\(screen)")
        // She lost the 一次性告知书: F7 on the form prints it again as handed over, beside the original and never over
        // a file already there.
        #expect(screen.line(23).contains("F7补打"), "\(screen.line(23))")
        let earlier = counter.notices.appendingPathComponent("\(caseNumber)-一次性告知书-补打.txt")
        try "先前补打的告知书\n".write(to: earlier, atomically: true, encoding: .utf8)
        try t.sendKeys("F7")
        let reprint = counter.notices.appendingPathComponent("\(caseNumber)-一次性告知书-补打-2.txt")
        screen = try t.settle("已补打一次性告知书") { $0.message.hasPrefix("已补打一次性告知书，文件 \(reprint.path)") }
        let copy = try String(contentsOf: reprint, encoding: .utf8)
        #expect(copy.contains("（补打）") && copy.contains("补打日期：\(CounterCalendar.today.chinese)"), "\(copy)")
        #expect(copy.contains("需补充的材料（共3项）"), "\(copy)")
        #expect(try String(contentsOf: earlier, encoding: .utf8) == "先前补打的告知书\n")
        #expect(try counter.notice(caseNumber, "一次性告知书") == text)
        try t.tickAllDocuments()
        screen = try t.settle("当前结论：予以受理")
        #expect(screen.checklist == ["[x] 出生医学证明", "[x] 监护人有效身份证件", "[x] 户口簿"], "\(screen)")

        let (again, _) = try t.submit(headline: "已登记参保")
        #expect(again == caseNumber)
        let record = try Self.storedCase(counter, caseNumber)
        #expect(record.status == .registered)
        #expect(record.decision == .accept)
        let (person, records) = try Self.records(counter, IdentityDocument(kind: .residentID, number: number))
        #expect(person.name == "王小禾" && person.birthDate == birth && person.sex == .female)
        #expect(records.count == 1, "\(records)")
        #expect(records.first?.id == record.registeredRecordID)
        #expect(records.first?.place == "150621" && records.first?.scheme == .resident && records.first?.year == birth.year)
        #expect(counter.printed(caseNumber) == ["\(caseNumber)-一次性告知书-补打-2.html", "\(caseNumber)-一次性告知书-补打-2.txt",
                                               "\(caseNumber)-一次性告知书-补打.txt",
                                               "\(caseNumber)-一次性告知书.html", "\(caseNumber)-一次性告知书.txt",
                                               "\(caseNumber)-回执.html", "\(caseNumber)-回执.txt"])
        let receipt = try counter.notice(caseNumber, "回执")
        #expect(receipt.contains("参保年度：\(birth.year)年"))
        #expect(receipt.contains("待遇起始日：\(birth.chinese)"))

        try t.sendKeys("Enter")
        screen = try t.settle("待补材料（0）")
        #expect(screen.lines.contains { $0.hasPrefix(" \(caseNumber)") && $0.contains("已登记") }, "\(screen)")
    }

    // MARK: - 5. Keys and sizes

    @Test("不可用的键有提示；缩小到 60x20 提示窗口过小，恢复 80x24 后已录入的内容还在")
    func anUnavailableKeySaysSoAndResizingKeepsTheInput() throws {
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }

        try t.sendKeys("F7")
        var screen = try t.settle("“F7”在此处不可用，按 F1 查看帮助")
        #expect(screen.line(0).contains("参保 · 首页"))

        try t.newCase(1, title: "新生儿参保登记")
        try t.skip("办理地（统筹区代码）*")
        try t.choose("是否已办理户籍登记*", key: "y", shows: "是")
        try t.choose("是否在户籍登记前死亡*", key: "n", shows: "否")
        try t.skip("是否已使用父母姓名预参保")
        try t.fill("新生儿姓名*", "王小禾", then: nil)
        try t.sendKeys("F9")
        screen = try t.settle("“F9”在此处不可用，按 F1 查看帮助")
        #expect(screen.field("新生儿姓名*") == "王小禾")

        try t.resize(cols: 60, rows: 20)
        screen = try t.settle("终端窗口过小：当前 60x20，至少需要 80x24")
        #expect(screen.contains("请放大窗口，已填写的内容不会丢失"))
        #expect(!screen.lines.joined().contains("王小禾"))
        // A key pressed while too small does nothing to the form (read before the terminal grows again).
        let pid = try t.programPID()
        let before = Tmux.bytesRead(pid)
        try t.sendKeys("x")
        try Tmux.waitUntilRead(pid, atLeast: before + 1)

        try t.resize(cols: 80, rows: 24)
        screen = try t.settle("恢复 80x24 的表单") { $0.line(0).contains("参保 · 新生儿参保登记") && $0.line(23).hasPrefix("F1帮助") }
        #expect(screen.field("新生儿姓名*") == "王小禾", "\(screen)")
        // Still the same field: Tab saves the name with the draft.
        let caseNumber = try #require(screen.caseNumber, "\(screen)")
        try t.sendKeys("Tab")
        try eventually("草稿中保存了姓名") { try Self.storedCase(counter, caseNumber).caseJSON.contains("王小禾") }
    }

    @Test("窗口过小时整段输入（输入法上屏、粘贴）也不应录入看不见的栏目")
    func textArrivingWhileTooSmallIsNotTypedIntoTheForm() throws {
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }

        try t.newCase(1, title: "新生儿参保登记")
        try t.skip("办理地（统筹区代码）*")
        try t.choose("是否已办理户籍登记*", key: "y", shows: "是")
        try t.choose("是否在户籍登记前死亡*", key: "n", shows: "否")
        try t.skip("是否已使用父母姓名预参保")
        try t.fill("新生儿姓名*", "王小禾", then: nil)

        try t.resize(cols: 60, rows: 20)
        try t.settle("终端窗口过小：当前 60x20，至少需要 80x24")
        // An input method commits 李四 as one burst of text, not as keys; it is read before the terminal grows.
        let pid = try t.programPID()
        let before = Tmux.bytesRead(pid)
        try t.type("李四")
        try Tmux.waitUntilRead(pid, atLeast: before + "李四".utf8.count)
        try t.resize(cols: 80, rows: 24)
        let screen = try t.settle("恢复 80x24 的表单") { $0.line(0).contains("参保 · 新生儿参保登记") && $0.field("新生儿姓名*") != nil }
        // Pasted text, like keys, never goes into a field the clerk cannot see.
        #expect(screen.field("新生儿姓名*") == "王小禾", "\(screen)")
    }
}
