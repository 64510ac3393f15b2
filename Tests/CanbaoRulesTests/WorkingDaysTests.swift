import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// The working-day calendar of `Forms/calendar/` (国务院办公厅关于2025年、2026年部分节假日安排的通知) that transfer
/// deadlines are counted in (内蒙古细则 第十九条: 10 and 5 working days).
@Suite struct WorkingDaysTests {
    static var calendar: WorkingDays { TestForms.shared.calendar }
    static func d(_ text: String) -> LocalDate { Cases.date(text) }

    @Test func bothYearsAreLoadedWithTheirNotices() throws {
        let y2026 = try #require(Self.calendar.schedule(of: 2026))
        #expect(y2026.holidays.map(\.name) == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"])
        #expect(y2026.workdays.map(\.date.description) == ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
        #expect(y2026.holidays[1].cite == "2026年节假日安排通知 二")
        #expect(TestForms.shared.articles.article("2026年节假日安排通知", "二")?.text.contains("2月15日") == true)
        let y2025 = try #require(Self.calendar.schedule(of: 2025))
        #expect(y2025.holidays.count == 6 && y2025.workdays.count == 5)
        #expect(!Self.calendar.covers(2027))
    }

    @Test func weekendsHolidaysAndMakeUpDays() {
        let c = Self.calendar
        #expect(c.isWorkingDay(Self.d("2026-03-02")))  // Monday
        #expect(!c.isWorkingDay(Self.d("2026-03-07")))  // Saturday
        #expect(!c.isWorkingDay(Self.d("2026-02-16")))  // 春节, a Monday off
        #expect(c.isWorkingDay(Self.d("2026-02-14")))  // Saturday, 调休上班
        #expect(c.isWorkingDay(Self.d("2026-01-04")))  // Sunday, 调休上班
        #expect(!c.isWorkingDay(Self.d("2025-10-08")))  // 国庆中秋, a Wednesday off
        #expect(c.isWorkingDay(Self.d("2025-09-28")))  // Sunday, 调休上班
        #expect(c.holiday(on: Self.d("2026-02-20"))?.name == "春节")
        #expect(c.holiday(on: Self.d("2026-03-02")) == nil)
    }

    /// Applied on Thursday 2026-02-12: Friday 13th (1), Saturday 14th 调休 (2), 15–23 off, 24–27 (3–6), Saturday 28th
    /// 调休 (7), March 2–4 (8–10).
    @Test func tenWorkingDaysAcrossTheSpringFestival2026() {
        let c = Self.calendar
        #expect(c.addingWorkingDays(10, to: Self.d("2026-02-12")) == Self.d("2026-03-04"))
        #expect(c.workingDays(between: Self.d("2026-02-12"), and: Self.d("2026-03-04")) == 10)
        #expect(c.workingDays(between: Self.d("2026-02-14"), and: Self.d("2026-02-24")) == 1)
        // Five working days from the eve of the holiday week: Saturday 14th 调休 (1), 24th–27th (2–5).
        #expect(c.addingWorkingDays(5, to: Self.d("2026-02-13")) == Self.d("2026-02-27"))
    }

    /// 中秋 9月25日至27日, 国庆 10月1日至7日, 调休 9月20日（周日）、10月10日（周六）.
    @Test func theOctoberWeekWithItsMakeUpDays2026() {
        let c = Self.calendar
        #expect(c.addingWorkingDays(10, to: Self.d("2026-09-24")) == Self.d("2026-10-15"))
        #expect(c.addingWorkingDays(1, to: Self.d("2026-09-30")) == Self.d("2026-10-08"))
        #expect(c.addingWorkingDays(3, to: Self.d("2026-10-08")) == Self.d("2026-10-12"))  // 9th, Saturday 10th, Monday 12th
        #expect(c.addingWorkingDays(1, to: Self.d("2026-09-19")) == Self.d("2026-09-20"))  // the make-up Sunday
        #expect(c.workingDays(between: Self.d("2026-09-30"), and: Self.d("2026-10-08")) == 1)
    }

    /// 2025-12-24 (Wednesday) + 10: December 25, 26, 29, 30, 31 (1–5), 元旦 1–3 off, Sunday 4th 调休 (6), 5–8 (7–10).
    @Test func acrossTheYearEnd2025To2026() {
        let c = Self.calendar
        #expect(c.addingWorkingDays(10, to: Self.d("2025-12-24")) == Self.d("2026-01-08"))
        #expect(c.workingDays(between: Self.d("2025-12-31"), and: Self.d("2026-01-05")) == 2)
        #expect(c.uncoveredYears(from: Self.d("2025-12-24"), to: Self.d("2026-01-08")) == [])
    }

    /// 2025's own holidays: 春节 1月28日至2月4日 with 1月26日、2月8日 worked; 劳动节 with 4月27日 worked.
    @Test func the2025Schedule() {
        let c = Self.calendar
        // Friday 2025-01-24 + 5: Sunday 26th 调休 (1), 27th (2), 28th–Feb 4 off, Feb 5, 6, 7 (3–5).
        #expect(c.addingWorkingDays(5, to: Self.d("2025-01-24")) == Self.d("2025-02-07"))
        #expect(c.workingDays(between: Self.d("2025-01-24"), and: Self.d("2025-02-07")) == 5)
        #expect(c.isWorkingDay(Self.d("2025-02-08")))  // Saturday, 调休上班
        #expect(c.addingWorkingDays(1, to: Self.d("2025-04-26")) == Self.d("2025-04-27"))
        #expect(c.addingWorkingDays(1, to: Self.d("2025-04-30")) == Self.d("2025-05-06"))
    }

    /// 2027 has no schedule: the count uses weekends only and says so; the rules add a finding (never a silent guess).
    @Test func aDateInAYearWithoutData() {
        let c = Self.calendar
        #expect(c.uncoveredYears(from: Self.d("2026-12-24"), to: Self.d("2027-01-07")) == [2027])
        #expect(c.addingWorkingDays(10, to: Self.d("2026-12-24")) == Self.d("2027-01-07"))
        #expect(c.isWorkingDay(Self.d("2027-01-01")))  // a Friday: unknown holiday, only weekends are known
        var out = CaseFile(workflow: "transfer-out", region: "inner-mongolia", today: Self.d("2027-03-01"), here: "150102",
                           scheme: .employee, flexible: true)
        out.person = Cases.person("赵鹏", "150102198304190374")
        out.facts = ["destination": .text("110108"), "applicant": .text("self")]
        out.documentsPresented = ["resident-id"]
        out.platformRecords = [Cases.record("150102", .employee, .suspended, months: ["2027-01"])]
        let v = Cases.verdict(out)
        #expect(v.has("transfer.deadline", .warn))
        #expect(v.findings("transfer.deadline").contains { $0.message.contains("未载入2027年节假日安排") })
        #expect(v.dueDate == Self.d("2027-03-15"))
    }

    @Test func countingBackwardsAndZero() {
        let c = Self.calendar
        #expect(c.addingWorkingDays(0, to: Self.d("2026-02-15")) == Self.d("2026-02-15"))
        #expect(c.addingWorkingDays(-1, to: Self.d("2026-02-24")) == Self.d("2026-02-14"))
        #expect(c.workingDays(between: Self.d("2026-03-04"), and: Self.d("2026-02-12")) == -10)
    }

    // MARK: the calendar files are data, checked when Forms/ loads

    static func load(replacing path: String, with text: String) -> [SourceError] {
        var files = try! TestForms.files(TestForms.directory)
        files.removeAll { $0.path == path }
        files.append(FormSet.File(path: path, text: text))
        do {
            _ = try FormSet.load(files)
            return []
        } catch let e as SourceErrors {
            return e.errors
        } catch {
            return [SourceError(file: path, line: nil, path: "", reason: "\(error)")]
        }
    }

    static let header = "year: 2026\nsource: 国务院办公厅关于2026年部分节假日安排的通知\ncite: 2026年节假日安排通知\n"

    @Test func anUnknownKeyAWrongYearOrAWeekdayMakeUpDayIsReported() {
        let unknown = Self.header + "holidays:\n  - {name: 元旦, from: 2026-01-01, to: 2026-01-03, cite: 2026年节假日安排通知 一, note: x}\n"
        #expect(Self.load(replacing: "calendar/2026.yaml", with: unknown).first?.description.hasPrefix("calendar/2026.yaml:5: holidays[0]") == true)

        let wrongYear = Self.header + "holidays:\n  - {name: 元旦, from: 2027-01-01, to: 2027-01-03, cite: 2026年节假日安排通知 一}\n"
        #expect(Self.load(replacing: "calendar/2026.yaml", with: wrongYear).map(\.reason) == ["放假日期 2027-01-01至2027-01-03 不在 2026 年内"])

        let weekday = Self.header + "holidays: []\nworkdays:\n  - {date: 2026-03-03, name: 调休, cite: 2026年节假日安排通知 一}\n"
        #expect(Self.load(replacing: "calendar/2026.yaml", with: weekday).map(\.reason) == ["调休上班日 2026-03-03 不是周六或周日"])

        let badDate = Self.header + "holidays:\n  - {name: 春节, from: 2026-02-30, to: 2026-02-23, cite: 2026年节假日安排通知 二}\n"
        #expect(Self.load(replacing: "calendar/2026.yaml", with: badDate).first?.line == 5)

        let misnamed = Self.header + "holidays: []\n"
        #expect(Self.load(replacing: "calendar/2025.yaml", with: misnamed).map(\.reason).contains { $0.contains("2026 年的节假日安排与") })
    }

    @Test func aCalendarCitationMustResolve() {
        let text = Self.header + "holidays:\n  - {name: 元旦, from: 2026-01-01, to: 2026-01-03, cite: 2026年节假日安排通知 九}\n"
        #expect(Self.load(replacing: "calendar/2026.yaml", with: text).map(\.description)
            == ["calendar/2026.yaml:5: holidays[0].cite: 引用“2026年节假日安排通知 九”无法在 Forms/articles 中找到条文"])
    }
}
