import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// Forms/ is data: anything it names that does not exist fails to load with file, line and reason.
@Suite struct FormLoadingTests {
    /// The repository's files with one file replaced.
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
            Issue.record("unexpected \(error)")
            return []
        }
    }

    static let minimalWorkflow = """
        id: newborn
        title: 新生儿
        cite: 国家规程 第十五条 3
        steps:
          - id: s
            title: 步骤
            fields:
              - {id: hukou_registered, label: 户籍, type: bool}
            rules: [identity.valid]

        """

    @Test func theRepositoryFormsLoad() {
        let forms = TestForms.shared
        #expect(Set(forms.workflows.keys) == ["newborn", "student", "veteran", "migrant-worker", "foreign-resident",
                                              "change", "suspend", "terminate", "transfer-in", "transfer-out", "refund",
                                              "unit-register", "unit-change", "unit-close", "unit-consolidate",
                                              "employee-register", "employee-leave", "prison-release", "retirement",
                                              "lump-sum", "account-withdrawal", "assisted-register"])
        #expect(forms.calendar.covers(2025) && forms.calendar.covers(2026) && !forms.calendar.covers(2027))
        #expect(Set(forms.profiles.keys) == ["national", "inner-mongolia", "dalate", "jiangmen", "city-notice"])
        #expect(forms.policy("dalate")?.chain.map(\.id) == ["dalate", "inner-mongolia", "national"])
    }

    @Test func anUnknownRuleNamesFileAndLine() {
        let errors = Self.load(replacing: "workflows/newborn.yaml", with: Self.minimalWorkflow.replacingOccurrences(of: "identity.valid", with: "identity.vaild"))
        #expect(errors.map(\.description) == ["workflows/newborn.yaml:5: steps[0].rules: 未知的规则“identity.vaild”"])
    }

    @Test func anUnknownFieldInAConditionIsReported() {
        let text = Self.minimalWorkflow + "documents:\n  - {code: hukou-booklet, when: {field: hukou_registred, equals: \"true\"}, cite: 国家规程 第七条}\n"
        let errors = Self.load(replacing: "workflows/newborn.yaml", with: text)
        #expect(errors.count == 1)
        #expect(errors[0].file == "workflows/newborn.yaml" && errors[0].line == 11)
        #expect(errors[0].reason == "条件引用了未知字段“hukou_registred”")
    }

    @Test func anUnknownDocumentCodeOrRegionIsReported() {
        let text = Self.minimalWorkflow + "documents:\n  - {code: hukou-bookelt, cite: x}\n  - {code: hukou-booklet, when: {region: mars}, cite: x}\n"
        let reasons = Self.load(replacing: "workflows/newborn.yaml", with: text).map(\.reason)
        #expect(reasons.contains("未知的材料代码“hukou-bookelt”"))
        #expect(reasons.contains("未知的地区档案“mars”"))
    }

    @Test func anUnknownParameterOrBadValueIsReported() {
        let profile = """
            id: dalate
            title: 达拉特旗
            inherits: inner-mongolia
            source: 达拉特旗方案
            valid_from: 2023-08-06
            cite: x
            parameters:
              newborn.windows: {value: {days: 90}, cite: y}

            """
        let errors = Self.load(replacing: "policies/dalate.yaml", with: profile)
        #expect(errors.count == 1)
        #expect(errors[0].line == 8)
        #expect(errors[0].path == "parameters.newborn.windows")
        #expect(errors[0].reason.hasPrefix("未知的政策参数"))
        let badChoice = Self.load(replacing: "policies/dalate.yaml",
                                  with: profile.replacingOccurrences(of: "newborn.windows: {value: {days: 90}", with: "registration.resident_unpaid_elsewhere: {value: maybe"))
        #expect(badChoice.map(\.reason) == ["“maybe”不是可用的值（可用：refuse, cancel-and-register）"])
    }

    @Test func aParameterWithoutCitationIsRefused() {
        let profile = "id: dalate\ntitle: t\nsource: s\nvalid_from: 2023-08-06\ncite: x\nparameters:\n  newborn.window: {value: {days: 90}}\n"
        #expect(Self.load(replacing: "policies/dalate.yaml", with: profile).map(\.description) == ["policies/dalate.yaml:7: parameters.newborn.window.cite: 缺少必填的键"])
    }

    @Test func brokenYAMLAndCyclesAreReported() {
        let broken = Self.load(replacing: "workflows/newborn.yaml", with: "id: [unclosed\n")
        #expect(broken.count == 1 && broken[0].reason.hasPrefix("YAML 格式错误"))
        let cyclic = "id: national\ntitle: t\ninherits: dalate\nsource: s\nvalid_from: 2021-12-01\ncite: x\n"
        #expect(Self.load(replacing: "policies/national.yaml", with: cyclic).map(\.reason).contains("继承关系成环"))
    }

    @Test func everyErrorIsReportedNotJustTheFirst() {
        var files = try! TestForms.files(TestForms.directory)
        files.removeAll { $0.path == "workflows/student.yaml" || $0.path == "policies/dalate.yaml" }
        files.append(FormSet.File(path: "workflows/student.yaml", text: Self.minimalWorkflow.replacingOccurrences(of: "newborn", with: "student").replacingOccurrences(of: "identity.valid", with: "nope")))
        files.append(FormSet.File(path: "policies/dalate.yaml", text: "id: dalate\n"))
        do {
            _ = try FormSet.load(files)
            Issue.record("expected errors")
        } catch let e as SourceErrors {
            #expect(e.errors.map(\.file).sorted() == ["policies/dalate.yaml", "workflows/student.yaml"])
        } catch { Issue.record("\(error)") }
    }
}

/// Case files: every problem names the key and, for YAML, the line.
@Suite struct CaseParserTests {
    static let valid = """
        workflow: newborn
        region: inner-mongolia
        today: 2026-03-01
        here: "150621"
        person: {name: 张小宝, document: {kind: resident-id, number: "150621202601100027"}, birth_date: 2026-01-10}
        facts: {hukou_registered: true, deceased_before_hukou: false}
        documents_presented: [birth-certificate]
        platform_records:
          - {place: "150102", scheme: resident, status: active, year: 2026, paid: true}

        """

    @Test func aValidCaseParses() throws {
        let c = try CaseParser.parse(Self.valid, file: "c.yaml")
        #expect(c.today == Cases.date("2026-03-01"))
        #expect(c.person?.document?.number == "150621202601100027")
        #expect(c.facts == ["hukou_registered": .bool(true), "deceased_before_hukou": .bool(false)])
        #expect(c.platformRecords == [Cases.record("150102", .resident, year: 2026)])
    }

    func error(_ text: String, file: String = "c.yaml") -> String {
        do {
            _ = try CaseParser.parse(text, file: file)
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func badInputNamesFileKeyAndLine() {
        #expect(error(Self.valid.replacingOccurrences(of: "today: 2026-03-01", with: "today: 2026-02-30"))
                == "c.yaml:3: today: 不是有效日期（应为 YYYY-MM-DD）：“2026-02-30”")
        #expect(error(Self.valid + "documents_presentd: [x]\n").hasPrefix("c.yaml:10: documents_presentd: 未知的键"))
        #expect(error(Self.valid.replacingOccurrences(of: "kind: resident-id", with: "kind: passport"))
                .hasPrefix("c.yaml:5: person.document.kind: “passport”不是可用的值"))
        #expect(error(Self.valid.replacingOccurrences(of: "status: active", with: "status: alive"))
                .hasPrefix("c.yaml:9: platform_records[0].status: “alive”不是可用的值"))
        #expect(error("workflow: newborn\n") == "c.yaml:1: region: 缺少必填的键")
        #expect(error("- a\n- b\n") == "c.yaml:1: 应为键值映射")
        #expect(error("workflow: [\n").hasPrefix("c.yaml:2: YAML 格式错误"))
        #expect(error("") == "c.yaml: 文件为空")
    }

    @Test func aHugePasteIsRejectedWithoutEchoingIt() {
        let paste = String(repeating: "参", count: 5_000)
        let message = error(Self.valid.replacingOccurrences(of: "张小宝", with: paste))
        #expect(message == "c.yaml:5: person.name: 内容过长（5000 字符，上限 4000）")
        let big = String(repeating: "#", count: 1_100_000)
        #expect(error(big) == "c.yaml: 文件过大（1100000 字节，上限 1000000）")
    }

    @Test func jsonCasesParseAndTheirErrorsNameTheKey() throws {
        let json = """
            {"workflow": "newborn", "region": "inner-mongolia", "today": "2026-03-01",
             "person": {"name": "张小宝", "birth_date": "2026-01-10"},
             "facts": {"hukou_registered": false, "deceased_before_hukou": false, "gap_months": 3},
             "platform_records": [{"place": "150102", "scheme": "resident", "status": "active", "year": 2026, "paid": true}]}
            """
        let c = try CaseParser.parse(json, file: "c.json")
        #expect(c.facts["gap_months"] == .int(3))
        #expect(c.facts["hukou_registered"] == .bool(false))
        #expect(c.platformRecords[0].year == 2026)
        #expect(error(json.replacingOccurrences(of: "\"2026-01-10\"", with: "\"10/01/2026\""), file: "c.json")
                == "c.json:2: person.birth_date: 不是有效日期（应为 YYYY-MM-DD）：“10/01/2026”")
        #expect(error("{\"workflow\": ", file: "c.json") == "c.json:1: workflow: JSON 格式错误：此处应为值，实际为文件结尾")
    }

    @Test func unknownWorkflowRegionAndDocumentCodesAreCaseErrors() throws {
        var c = try CaseParser.parse(Self.valid, file: "c.yaml")
        c.workflow = "pension"
        #expect(throws: SourceError.self) { try Evaluator.evaluate(c, forms: TestForms.shared) }
        c.workflow = "newborn"
        c.documentsPresented = ["birth-certificat"]
        do {
            _ = try Evaluator.evaluate(c, forms: TestForms.shared, file: "c.yaml")
        } catch {
            #expect("\(error)" == "c.yaml: documents_presented[0]: 未知的材料代码“birth-certificat”")
        }
    }
}

@Suite struct LocalDateTests {
    @Test func parsingRejectsImpossibleDates() {
        #expect(LocalDate("2024-02-29") != nil)
        #expect(LocalDate("2023-02-29") == nil)
        #expect(LocalDate("2026-13-01") == nil)
        #expect(LocalDate("2026-1-01") == nil)
        #expect(LocalDate("20260101", compact: true) == Cases.date("2026-01-01"))
    }

    @Test func dayArithmeticRoundTrips() {
        #expect(Cases.date("1970-01-01").dayNumber == 0)
        #expect(Cases.date("2026-11-23").weekday == 0)
        #expect(LocalDate.earliest.dayNumber == -719_162 && LocalDate.latest.dayNumber == 2_932_896)
        for n in stride(from: LocalDate.earliest.dayNumber, through: LocalDate.latest.dayNumber, by: 997) {
            #expect(LocalDate(dayNumber: n).dayNumber == n)
        }
    }

    @Test func monthArithmeticClampsToTheMonthEnd() {
        #expect(Cases.date("2026-08-31").adding(months: 6) == Cases.date("2027-02-28"))
        #expect(Cases.date("2024-02-29").adding(months: 12) == Cases.date("2025-02-28"))
        #expect(Cases.date("2026-01-15").adding(months: -1) == Cases.date("2025-12-15"))
        #expect(Cases.date("2026-01-31").months(until: Cases.date("2026-02-28")) == 1)
        #expect(Cases.date("2026-01-15").months(until: Cases.date("2026-02-14")) == 0)
    }
}
