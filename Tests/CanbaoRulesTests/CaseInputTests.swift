import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// Dates at the ends of the calendar: arithmetic clamps instead of trapping, deadlines that do not fit are absent
/// (with a finding saying so), and input is held to 1900-01-01…2099-12-31.
@Suite struct DateEdgeTests {
    static func d(_ text: String) -> LocalDate { LocalDate(text)! }

    @Test func arithmeticClampsAtTheEndsOfTheCalendar() {
        #expect(LocalDate.latest.adding(days: 1) == LocalDate.latest)
        #expect(LocalDate.earliest.adding(days: -1) == LocalDate.earliest)
        #expect(Self.d("2026-03-01").adding(days: Int.max) == LocalDate.latest)
        #expect(Self.d("2026-03-01").adding(days: Int.min) == LocalDate.earliest)
        #expect(Self.d("9999-12-15").adding(months: 1) == LocalDate.latest)
        #expect(Self.d("0001-01-15").adding(months: -1) == LocalDate.earliest)
        #expect(Self.d("2026-03-01").adding(months: Int.max) == LocalDate.latest)
        #expect(Self.d("2026-03-01").adding(months: Int.min) == LocalDate.earliest)
        #expect(LocalDate(dayNumber: Int.max) == LocalDate.latest)
        #expect(LocalDate(dayNumber: Int.min) == LocalDate.earliest)
        #expect(LocalDate.latest.description == "9999-12-31")
        #expect(LocalDate(year: 10_000, month: 1, day: 1) == nil)
        #expect(LocalDate.clamping(year: 2026, month: 2, day: 31) == Self.d("2026-02-28"))
        #expect(LocalDate.clamping(year: 12_345, month: 13, day: 40) == LocalDate.latest)
    }

    @Test func aWorkingDayCountPastTheCalendarIsAbsent() {
        let calendar = TestForms.shared.calendar
        #expect(calendar.addingWorkingDays(10, to: LocalDate.latest) == nil)
        #expect(calendar.addingWorkingDays(-10, to: LocalDate.earliest) == nil)
        #expect(calendar.addingWorkingDays(10, to: Self.d("2026-02-12")) == Self.d("2026-03-04"))
    }

    @Test func inputIsHeldToTheTwentiethAndTwentyFirstCenturies() {
        #expect(LocalDate.inputRange.lowerBound == Self.d("1900-01-01") && LocalDate.inputRange.upperBound == Self.d("2099-12-31"))
        #expect(Self.d("1900-01-01").inputProblem == nil)
        #expect(Self.d("9999-12-31").inputProblem == "日期超出可受理的范围（1900-01-01 至 2099-12-31）：9999-12-31")
    }

    /// A transfer-out dated 9999-12-31 used to be due 10000-01-14. A case made in code (the store's, a deck's) is not
    /// held to the input range, so the rules must cope: no due date, and a warning that says why.
    @Test func aTransferOutAtTheEndOfTheCalendarHasNoDueDate() throws {
        let dir = TestForms.directory.appendingPathComponent("examples")
        var c = try CaseParser.parse(String(contentsOf: dir.appendingPathComponent("transfer-out.yaml"), encoding: .utf8), file: "t.yaml")
        #expect(Cases.verdict(c).dueDate != nil)
        c.today = LocalDate.latest
        let v = Cases.verdict(c)
        #expect(v.dueDate == nil)
        #expect(v.findings.contains { $0.rule == "transfer.deadline" && $0.message.contains("超出日历范围") })
        #expect(!v.json().contains("10000-"))
    }

    /// Every example evaluated with today, birth dates and dated facts at both ends of the calendar: no trap.
    @Test(arguments: ["0001-01-01", "9999-12-31"])
    func everyWorkflowSurvivesTheEndsOfTheCalendar(_ edge: String) throws {
        let dir = TestForms.directory.appendingPathComponent("examples")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() {
            var c = try CaseParser.parse(String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8), file: name)
            c.today = Self.d(edge)
            c.person?.birthDate = Self.d(edge)
            c.coverageYear = Self.d(edge).year
            for (key, value) in c.facts where value.textValue.flatMap({ LocalDate($0) }) != nil { c.facts[key] = .text(edge) }
            if c.facts["refund_from"] != nil { c.facts["refund_from"] = .text(String(edge.prefix(7))) }
            if c.facts["refund_to"] != nil { c.facts["refund_to"] = .text(String(edge.prefix(7))) }
            let v = Cases.verdict(c)
            #expect(!v.json().contains("10000-"), "\(name)")
            if let due = v.dueDate { #expect(due <= LocalDate.latest) }
        }
    }
}

/// What each field type accepts, the same at the counter and in a case file.
@Suite struct FieldValueTests {
    static func field(_ type: FieldType, _ id: String = "x", choices: [String] = []) -> FormField {
        let workflow = TestForms.shared.workflows.values.flatMap(\.allFields).first { $0.type == type }!
        var f = workflow
        f.id = id
        f.choices = choices.map { Choice(value: $0, label: $0) }
        return f
    }

    static func read(_ text: String, _ f: FormField) -> FactValue? {
        if case let .success(v) = FieldValue.read(text, for: f) { return v }
        return nil
    }

    @Test func yesNoIsTrueOrFalseAndNothingElse() {
        let f = Self.field(.bool)
        #expect(Self.read("true", f) == .bool(true))
        #expect(Self.read("False", f) == .bool(false))
        for bad in ["yes", "no", "是", "否", "1", "0", "maybe", "on", "", " true"] { #expect(Self.read(bad, f) == nil, "\(bad)") }
        #expect(FieldValue.expected(f) == "应为 true 或 false")
    }

    @Test func countsAreWholeNumbersFromZero() {
        let f = Self.field(.int)
        #expect(Self.read("0", f) == .int(0))
        #expect(Self.read("9999", f) == .int(9_999))
        for bad in ["-5", "2.5", "lots", "1e3", "0x10", "+3", "1_000", "10000", "", "１２"] { #expect(Self.read(bad, f) == nil, "\(bad)") }
    }

    @Test func datesMonthsAndYearsLieInTheInputRange() {
        #expect(Self.read("2026-02-28", Self.field(.date)) == .text("2026-02-28"))
        for bad in ["2026-02-29", "9999-12-31", "1899-12-31", "20260101", "2026-1-1"] { #expect(Self.read(bad, Self.field(.date)) == nil, "\(bad)") }
        #expect(Self.read("2026-03", Self.field(.month)) == .text("2026-03"))
        for bad in ["2026-13", "2026-3", "9999-12", "2026-03-01"] { #expect(Self.read(bad, Self.field(.month)) == nil, "\(bad)") }
        #expect(Self.read("2026", Self.field(.year)) == .int(2026))
        for bad in ["1899", "2100", "26", "02026", "２０２６"] { #expect(Self.read(bad, Self.field(.year)) == nil, "\(bad)") }
    }

    @Test func choicesAndPlacesAreExact() {
        let origin = Self.field(.choice, choices: ["hong-kong", "macau"])
        #expect(Self.read("macau", origin) == .text("macau"))
        #expect(Self.read("Macau", origin) == nil)
        #expect(FieldValue.expected(origin) == "应为以下之一：hong-kong, macau")
        let place = Self.field(.place)
        #expect(Self.read("150621", place) == .text("150621"))
        for bad in ["ZZZ", "15062", "1506210", "１５０６２１", "北京市"] { #expect(Self.read(bad, place) == nil, "\(bad)") }
        #expect(PlaceCode.problem("150621") == nil)
    }

    @Test func textIsOneSafeLineAndNamesTakeTheNameLimit() {
        let name = Self.field(.text, "new_name"), note = Self.field(.text, "new_contact")
        #expect(FieldValue.textLimit("person.name") == SafeText.maxNameLength)
        #expect(FieldValue.textLimit("new_name") == SafeText.maxNameLength)
        #expect(FieldValue.textLimit("new_contact") == SafeText.maxLineLength)
        #expect(Self.read(String(repeating: "李", count: 100), name) != nil)
        #expect(Self.read(String(repeating: "李", count: 101), name) == nil)
        #expect(Self.read(String(repeating: "李", count: 150), note) != nil)
        guard case let .failure(problem) = FieldValue.read("a\u{1B}[2J", for: note) else {
            Issue.record("an escape sequence was accepted")
            return
        }
        #expect(problem.expected == "含有不允许的控制字符 U+001B")
    }

    @Test func theNearestNameIsSuggestedOnlyWhenClose() {
        #expect(NearestName.to("gap_month", among: ["role", "discharge_date", "gap_months"]) == "gap_months")
        #expect(NearestName.to("continous_months", among: ["continuous_months", "gap_months"]) == "continuous_months")
        #expect(NearestName.to("hukou_registerd", among: ["hukou_registered"]) == "hukou_registered")
        #expect(NearestName.to("colour", among: ["coverage_year", "region"]) == nil)
        #expect(NearestName.to(String(repeating: "x", count: 500), among: ["x"]) == nil)
    }
}

/// The readers below every case file: strict JSON and YAML without anchors or aliases.
@Suite struct SourceReadingTests {
    static func error(_ text: String, file: String) -> String {
        do {
            _ = try SourceNode.parse(text, file: file)
            return "parsed"
        } catch {
            return "\(error)"
        }
    }

    @Test func jsonIsReadExactlyAndKeepsItsLines() throws {
        let root = try SourceNode.parse("\u{FEFF}{\n \"a\": \"\\u00e9\\ud83d\\ude00\\/\\t\",\n \"b\": [1, 2.5, true, null],\n \"c\": {}\n}", file: "x.json")
        let map = try root.mapping()
        #expect(try map.required("a").string() == "é😀/\t")
        #expect(map.keys == ["a", "b", "c"])
        #expect(map["b"]?.line == 3)
        #expect(try map.required("b").list().map(\.isNull) == [false, false, false, true])
    }

    @Test func jsonRefusesWhatRFC8259Does() {
        #expect(Self.error("{\"a\": 1, \"a\": 2}", file: "x.json") == "x.json:1: a: 重复的键")
        #expect(Self.error("{\"a\": [1,]}", file: "x.json") == "x.json:1: a: JSON 格式错误：“]”前多余的逗号")
        #expect(Self.error("{\"a\": 1,\n}", file: "x.json") == "x.json:2: JSON 格式错误：“}”前多余的逗号")
        #expect(Self.error("{\"a\": 01}", file: "x.json") == "x.json:1: a: JSON 格式错误：数字不能以 0 开头")
        #expect(Self.error("{\"a\": \"\\udc00\"}", file: "x.json") == "x.json:1: a: JSON 格式错误：\\uDC00 是不成对的代理项")
        #expect(Self.error("{\"a\": \"x\ny\"}", file: "x.json") == "x.json:1: a: JSON 格式错误：字符串中有未转义的控制字符 U+000A")
        #expect(Self.error("{} []", file: "x.json") == "x.json:1: JSON 格式错误：值之后还有多余的内容")
        #expect(Self.error(String(repeating: "[", count: 500_000), file: "x.json").contains("嵌套超过 64 层"))
    }

    /// 9 aliases of the level below on each of 7 levels, the last used as a mapping key: composing it took minutes.
    @Test func anchorsAndAliasesAreRefusedBeforeAnythingIsExpanded() {
        var lines = ["a: &a [1,2,3,4,5,6,7,8,9]"]
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h"] {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
            previous = name
        }
        lines.append("facts: {? *h : 1}")
        #expect(Self.error(lines.joined(separator: "\n"), file: "x.yaml") == "x.yaml:1: a: 不支持 YAML 锚点和别名（& 与 *）：请直接写出每个值")
        #expect(Self.error("a: 1\nb: *a\n", file: "x.yaml") == "x.yaml:2: 不支持 YAML 锚点和别名（& 与 *）：请直接写出每个值")
        // The characters themselves are fine inside values.
        #expect(Self.error("school: A&B学校\nnote: \"*重要*\"\nplan: a*b\n", file: "x.yaml") == "parsed")
    }

    @Test func errorLinesNeverCarryControlCharacters() {
        let e = SourceError(file: "evil\u{1B}[2J.yaml", line: 3, path: "facts.x\u{7}", reason: "“\u{202E}”")
        #expect(e.description == "evil\\u{1B}[2J.yaml:3: facts.x\\u{7}: “\\u{202E}”")
    }
}

/// Case files checked against the workflow they name.
@Suite struct StrictCaseTests {
    static let head = "workflow: veteran\nregion: inner-mongolia\ntoday: 2026-10-20\nhere: \"150102\"\nscheme: employee\n"

    static func error(_ text: String) -> String {
        do {
            _ = try CaseParser.parse(text, file: "c.yaml", forms: TestForms.shared)
            return "parsed"
        } catch {
            return "\(error)"
        }
    }

    @Test func factsAreTypedByTheirField() throws {
        let c = try CaseParser.parse(Self.head + "facts: {role: veteran, discharge_date: 2026-06-30, gap_months: 4}\n", file: "c.yaml",
                                     forms: TestForms.shared)
        #expect(c.facts == ["role": .text("veteran"), "discharge_date": .text("2026-06-30"), "gap_months": .int(4)])
        // Quoted, the number is text, as the store's own reader takes it (`CaseParser.fact`): refused, not guessed.
        #expect(Self.error(Self.head + "facts: {role: veteran, gap_months: \"4\"}\n")
                == "c.yaml:6: facts.gap_months: 医保关系断档月数：应为 0 至 9999 的整数，实际为带引号的文本“4”（去掉引号）")
    }

    @Test func aMisspeltFactNamesTheNearestOne() {
        #expect(Self.error(Self.head + "facts: {role: veteran, gap_month: 3}\n")
                == "c.yaml:6: facts.gap_month: 未知的事实，是否应为 gap_months？（业务 veteran 的事实：role, discharge_date, gap_months）")
    }

    @Test func aWrongValueSaysWhatTheFieldExpects() {
        #expect(Self.error(Self.head + "facts: {role: veteran, gap_months: -5}\n")
                == "c.yaml:6: facts.gap_months: 医保关系断档月数：应为 0 至 9999 的整数，实际为“-5”")
        #expect(Self.error(Self.head.replacingOccurrences(of: "\"150102\"", with: "ZZZ"))
                == "c.yaml:4: here: 应为 6 位数字的统筹区代码（如 150621），实际为“ZZZ”")
    }

    /// Six digits are not enough: a place must be a current GB/T 2260 code (Forms/divisions/). A platform record may
    /// still carry a code retired since, as old ID numbers do.
    @Test func aPlaceMustBeACurrentDivisionCode() throws {
        #expect(Self.error(Self.head.replacingOccurrences(of: "\"150102\"", with: "\"123456\""))
                == "c.yaml:4: here: 不是现行的行政区划代码（GB/T 2260），实际为“123456”")
        let student = "workflow: student\nregion: inner-mongolia\ntoday: 2026-09-01\nhere: \"150602\"\n"
        #expect(Self.error(student + "facts: {school_place: \"150699\"}\n")
                == "c.yaml:5: facts.school_place: 学籍地（统筹区代码）：不是现行的行政区划代码（GB/T 2260），实际为“150699”")
        let c = try CaseParser.parse(student + "facts: {school_place: \"150602\"}\nplatform_records:\n"
                                     + "  - {place: \"152701\", scheme: resident, status: terminated, year: 2000, paid: true}\n",
                                     file: "c.yaml", forms: TestForms.shared)
        #expect(c.facts["school_place"] == .text("150602"))
        #expect(c.platformRecords.map(\.place) == ["152701"])
    }

    @Test func theCountersOwnRecordsAreReadAsWritten() throws {
        // Stored before this check existed: an out-of-range date and an undeclared fact still open.
        let stored = "{\"workflow\": \"veteran\", \"region\": \"inner-mongolia\", \"today\": \"2026-10-20\", \"facts\": {\"note\": \"x\"},"
            + " \"person\": {\"birth_date\": \"1850-01-01\"}}"
        let c = try CaseParser.parse(stored, file: "2026-000001")
        #expect(c.facts["note"] == .text("x"))
        #expect(c.person?.birthDate == LocalDate("1850-01-01"))
    }
}
