import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// Helpers for the other counter services (transfer-out, terminate…) on top of `CounterHarness.swift`.
extension Counter {
    /// A counter whose platform data is given as raw JSON Lines objects (records may carry keys `PlatformPerson`
    /// does not write, such as `flexible`), imported through `canbao store import FILE --home DIR`.
    convenience init(region: String, place: String, platform: [[String: Any]]) throws {
        try self.init(region: region, place: place)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("canbao-services-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let lines = try platform.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        try importPlatform(file)
    }

    /// The case as stored, or a failure that names it.
    func storedCase(_ number: String) throws -> CaseRecord {
        try #require(try openStore().case(number: number), "案件 \(number) 不在数据库中")
    }

    /// The verdict stored with the case.
    func storedVerdict(_ number: String) throws -> Verdict {
        let json = try #require(try storedCase(number).verdictJSON, "案件 \(number) 没有保存结论")
        return try JSONDecoder().decode(Verdict.self, from: Data(json.utf8))
    }

    /// The platform records of the person with this document number (resident ID), as stored.
    func platformRecords(_ number: String) throws -> (PersonRecord, [EnrollmentRecord]) {
        let store = try openStore()
        let person = try #require(try store.person(byDocument: IdentityDocument(kind: .residentID, number: number)),
                                  "数据库中没有证件 \(number) 的人员")
        return (person, try store.platformRecords(forPerson: person.id))
    }
}

/// One platform person as a JSON Lines object for `canbao store import`.
func platformLine(name: String, number: String, birth: LocalDate, sex: Sex, records: [[String: Any]]) -> [String: Any] {
    ["name": name, "document": ["kind": DocumentKind.residentID.rawValue, "number": number],
     "birth_date": birth.description, "sex": sex.rawValue, "platform_records": records]
}

/// The working-day calendar the binary loads from `Forms/calendar/` (the same `FormSet` loader).
enum ServicesCalendar {
    static var workingDays: WorkingDays { TestForms.shared.calendar }

    /// The `n`-th working day after today (today not counted), as the rules compute a deadline.
    static func due(workingDays n: Int, after start: LocalDate = CounterCalendar.today) -> LocalDate? {
        workingDays.addingWorkingDays(n, to: start)
    }
}

extension Tmux {
    /// From the home screen: 1 新建业务, then ↓ down the list to the workflow titled `title` and Enter (items past
    /// 9 cannot be picked by digit; a title below the first page is found with End, then Home and ↓ from the top);
    /// the form's title bar shows it.
    func newCaseFromList(title: String) throws {
        func number(_ screen: Screen) -> Int? {
            screen.lines.first { $0.contains(". \(title)") }
                .flatMap { Int($0.trimmingCharacters(in: .whitespaces).prefix { $0.isNumber }) }
        }
        try sendKeys("1")
        var screen = try settle("业务列表") { $0.contains("选择业务") && $0.contains(" 1. ") }
        var n = number(screen)
        if n == nil {
            try sendKeys("End")
            screen = try settle("业务列表末页含「\(title)」") { number($0) != nil }
            n = number(screen)
            try sendKeys("Home")
            try settle("业务列表回到首页") { $0.contains(" 1. ") }
        }
        guard let n else { throw TmuxError(description: "业务列表中没有「\(title)」：\n\(screen)") }
        for _ in 1..<n { try sendKeys("Down") }
        try sendKeys("Enter")
        try waitUntil("表单「\(title)」") { $0.line(0).contains("参保 · \(title)") }
    }

    /// F6 to the documents checklist, Space on every unticked row (`[ ]`) except those whose text contains
    /// one of `skipped` (↓ between); rows the agency checks through shared data (`[=]`) are left alone. Returns
    /// the checklist as it then reads.
    @discardableResult
    func tickDocuments(except skipped: [String]) throws -> [String] {
        try sendKeys("F6")
        let screen = try settle("材料（空格勾选）")
        let rows = screen.checklist
        guard !rows.isEmpty else { throw TmuxError(description: "材料清单为空：\n\(screen)") }
        for (i, row) in rows.enumerated() {
            if row.hasPrefix("[ ]"), !skipped.contains(where: row.contains) {
                try sendKeys("Space")
                try waitUntil("第 \(i + 1) 项材料已勾选") { s in
                    let now = s.checklist
                    return now.count == rows.count && now[i].hasPrefix("[x]")
                }
            }
            if i < rows.count - 1 { try sendKeys("Down") }
        }
        return try settle("材料清单勾选完毕") { _ in true }.checklist
    }

    /// F10 on an accepted case: the result screen, whatever its headline; returns the case number.
    func submitAccepted() throws -> (number: String, screen: Screen) {
        try sendKeys("F10")
        let screen = try settle("办理结果（予以受理）") { $0.line(0).contains("参保 · 办理结果") && $0.contains("结论：予以受理") }
        guard let number = screen.caseNumber else { throw TmuxError(description: "结果画面上没有案件编号：\n\(screen)") }
        return (number, screen)
    }
}
