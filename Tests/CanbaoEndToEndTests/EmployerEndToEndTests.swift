import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Issue 18: the employer and retirement services through the real binary in tmux. A unit registers at the Dalate
/// counter and then registers two employees (内蒙古细则 第八条（一）、第九条（一）); a worker short of the required years
/// is refused retirement and then pays the rest at once (第九条（四）). Dates are counted back from today, so the
/// 30-day limits hold whenever the test runs.
@Suite("参保单位与退休核定端到端（tmux 中的 canbao）", .serialized)
struct EmployerEndToEndTests {
    static var today: LocalDate { CounterCalendar.today }
    static let code = "91150621MA13QX8B2N"
    static let unitName = "达拉特旗顺达物流有限公司"

    /// The unit's registration form, up to its last field: founded 10 days ago, its handler 王海燕.
    static func fillUnit(_ t: Tmux) throws {
        try t.newCaseFromList(title: "参保单位参保登记")
        try t.skip("办理地（统筹区代码）*")
        try t.fill("统一社会信用代码*", code)
        try t.fill("单位名称*", unitName)
        try t.choose("单位类型", key: "1", shows: "企业")
        try t.fill("单位所在地*", "150621")
        try t.fill("批准成立日期*", today.adding(days: -10).description)
        try t.fill("医保信息平台该单位有", "0")
        try t.fill("经办人姓名*", "王海燕")
        let handler = IDNumbers.residentID(area: "150621", birth: CounterCalendar.born(yearsAgo: 35, days: 40), sequence: 32)
        try t.fill("经办人证件*", handler)
        try t.skip("经办人证件有效期至")
        try t.leaveLastField()
    }

    /// An employee registered by the unit, hired 5 days ago, never insured before.
    static func fillEmployee(_ t: Tmux, name: String, number: String) throws {
        try t.newCaseFromList(title: "职工参保登记（单位申报）")
        try t.skip("办理地（统筹区代码）*")
        try t.fill("单位统一社会信用代码*", code)
        try t.fill("用人单位名称*", unitName)
        try t.choose("单位已在本地登记*", key: "y", shows: "是")
        try t.fill("用工日期*", today.adding(days: -5).description)
        try t.fill("姓名*", name)
        try t.fill("证件*", number)
        try t.settle("平台无此人参保记录")
        try t.skip("证件有效期至")
        try t.skip("出生日期")
        try t.skip("性别")
        try t.fill("此前连续参保月数", "0")
        try t.fill("中断缴费月数", "0", then: nil)
        try t.leaveLastField()
    }

    @Test("参保单位登记后为两名职工申报参保：单位、两条职工医保记录及其用工关系写入，回执写明单位")
    func aUnitRegistersTwoEmployees() throws {
        let counter = try Counter(region: "dalate", place: "150621")
        let t = try counter.startAtHome()
        defer { t.kill() }

        try Self.fillUnit(t)
        try t.tickAllDocuments()
        try t.settle("当前结论：予以受理")
        let (unitCase, screen) = try t.submitAccepted()
        #expect(screen.contains("已办结") || screen.contains("办结"), "\(screen)")
        let receipt = try counter.notice(unitCase, "回执")
        #expect(receipt.contains("参保单位：\(Self.unitName)（统一社会信用代码 \(Self.code)）"), "\(receipt)")
        try t.sendKeys("Escape")
        try t.waitFor("今日办理")

        var numbers: [String] = []
        for (i, name) in ["刘晓梅", "赵磊"].enumerated() {
            let number = IDNumbers.residentID(area: "150621", birth: CounterCalendar.born(yearsAgo: 30 + i, days: 9), sequence: 40 + 2 * i)
            numbers.append(number)
            try Self.fillEmployee(t, name: name, number: number)
            try t.tickAllDocuments()
            try t.settle("当前结论：予以受理")
            let (employeeCase, _) = try t.submitAccepted()
            #expect(try counter.storedCase(employeeCase).status == .registered)
            try t.sendKeys("Escape")
            try t.waitFor("今日办理")
        }

        let store = try counter.openStore()
        let unit = try #require(try store.unit(code: Self.code))
        #expect(unit.name == Self.unitName && unit.status == .active)
        let employees = try store.employees(ofUnit: unit.id)
        #expect(employees.count == 2)
        for number in numbers {
            let (person, records) = try counter.platformRecords(number)
            let record = try #require(records.first { $0.scheme == .employee }, "\(records)")
            #expect(record.status == .active && record.place == "150621")
            #expect(employees.contains { $0.personID == person.id && $0.recordID == record.id })
        }
        #expect(try store.verify().isOK)
    }

    /// 孙建国 in Hohhot: 18 years of employee contributions up to last month, retirement age reached 10 days ago.
    static func retiree() -> (number: String, platform: [String: Any]) {
        let birth = CounterCalendar.born(yearsAgo: 60, days: 10)
        let number = IDNumbers.residentID(area: "150102", birth: birth, sequence: 17)
        let months = (1...216).reversed().map { String(today.adding(months: -$0).description.prefix(7)) }
        let record: [String: Any] = ["place": "150102", "scheme": "employee", "status": "active", "months": months, "paid": true]
        return (number, platformLine(name: "孙建国", number: number, birth: birth, sex: .male, records: [record]))
    }

    @Test("退休核定缴费年限不足：不予办理并写明尚差月数；随后一次性缴费至规定年限：受理，回执写明月数与金额")
    func aRetirementShortOfYearsThenTheLumpSum() throws {
        let (number, platform) = Self.retiree()
        let counter = try Counter(region: "inner-mongolia", place: "150102", platform: [platform])
        let t = try counter.startAtHome()
        defer { t.kill() }
        let reached = Self.today.adding(days: -10).description

        try t.newCaseFromList(title: "职工医保退休核定")
        try t.skip("办理地（统筹区代码）*")
        try t.skip("是否以灵活就业身份参保")
        try t.fill("达到退休年龄日期*", reached)
        try t.skip("在本地领取养老金")
        try t.fill("规定最低缴费年限（年）*", "20")
        try t.skip("实际缴费月数")
        try t.skip("服现役视同月数")
        try t.skip("已一次性缴足年限")
        try t.fill("姓名*", "孙建国")
        try t.fill("证件*", number)
        try t.settle("已查到参保人 孙建国：平台参保记录 1 条")
        try t.skip("证件有效期至")
        try t.skip("出生日期")
        try t.skip("性别")
        try t.choose("申请人*", key: "2", shows: "参保人本人", then: nil)
        try t.leaveLastField()
        try t.tickAllDocuments()
        try t.settle("当前结论：不予办理")
        let (refusedCase, _) = try t.submit(headline: "不予办理")
        let refusal = try counter.notice(refusedCase, "不予办理通知书")
        #expect(refusal.contains("尚差24个月"), "\(refusal)")
        #expect(try counter.storedCase(refusedCase).status == .refused)
        try t.sendKeys("Escape")
        try t.waitFor("今日办理")

        try t.newCaseFromList(title: "一次性缴费至规定年限")
        try t.skip("办理地（统筹区代码）*")
        try t.skip("是否以灵活就业身份参保")
        try t.fill("达到退休年龄日期*", reached)
        try t.fill("规定最低缴费年限（年）*", "20")
        try t.skip("实际缴费月数")
        try t.skip("服现役视同月数")
        try t.choose("缴费方式*", key: "1", shows: "一次性缴费至规定年限")
        try t.fill("当月缴费标准（元/月）*", "620")
        try t.skip("足额缴纳完成日期")
        try t.fill("姓名*", "孙建国")
        try t.fill("证件*", number)
        try t.settle("已查到参保人 孙建国：平台参保记录 1 条")
        try t.skip("证件有效期至")
        try t.skip("出生日期")
        try t.skip("性别")
        try t.leaveLastField()
        try t.tickAllDocuments()
        try t.settle("当前结论：予以受理")
        let (paidCase, _) = try t.submitAccepted()
        let receipt = try counter.notice(paidCase, "回执")
        #expect(receipt.contains("一次性缴费24个月"), "\(receipt)")
        #expect(receipt.contains("14880元"), "\(receipt)")
        #expect(try counter.storedCase(paidCase).status == .completed)
        #expect(try counter.storedVerdict(paidCase).retirement?.monthsOwed == 24)
    }
}
