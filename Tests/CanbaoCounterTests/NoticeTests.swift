import CanbaoCounter
import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// The printed notices: every missing document with why, case number, applicant, counter, clerk, date.
@Suite struct NoticeTests {
    static let counter = CounterInfo(region: "dalate", place: "150621", name: "达拉特旗医保服务大厅")

    static func newborn(docs: [String], records: [PlatformRecord] = [], today: String = "2026-01-15") -> (CaseFile, Verdict) {
        var c = CaseFile(workflow: "newborn", region: "dalate", today: LocalDate(today)!, here: "150621")
        c.person = Party(name: "王小禾", document: IdentityDocument(kind: .residentID, number: "15062120251201002X"),
                         birthDate: LocalDate("2025-12-01"), sex: .female)
        c.guardian = Cases.person("李梅", "150602198003150034")
        c.agent = Cases.person("王<强>", "150621197803030094")
        c.facts = ["hukou_registered": .bool(true), "deceased_before_hukou": .bool(false)]
        c.documentsPresented = docs
        c.platformRecords = records
        return (c, Cases.verdict(c))
    }

    @Test func theOneTimeNoticeListsEveryMissingDocumentWithWhy() {
        let (draft, verdict) = Self.newborn(docs: ["birth-certificate"])
        #expect(verdict.decision == .missingDocuments)
        let n = Notice.make(for: draft, number: "2026-000009", verdict: verdict, workflowTitle: "新生儿参保登记",
                            counter: Self.counter, clerk: "王芳", date: LocalDate("2026-01-15")!,
                            divisions: TestForms.shared.divisions)
        #expect(n.kind == .missingDocuments)
        let text = n.text
        #expect(text.contains("案件编号：2026-000009"))
        #expect(text.contains("申请人：王小禾（居民身份证 15062120251201002X）"))
        #expect(text.contains("需补充的材料（共4项）："))
        #expect(text.contains("1. 监护人有效身份证件：由监护人办理"))
        #expect(text.contains("2. 户口簿：核实新生儿本人真实姓名和身份证号码（依据：国家规程 第十五条 3）"))
        #expect(text.contains("3. 代办人有效身份证件：代办"))
        #expect(text.contains("4. 委托书：代办"))
        #expect(text.contains("办理窗口：达拉特旗医保服务大厅（150621 鄂尔多斯市达拉特旗）"))
        #expect(text.contains("经办人：王芳"))
        #expect(text.contains("日期：2026年1月15日"))
        Golden.checkText(text, "notice-missing-documents")
    }

    @Test func theHTMLNoticeIsEscapedAndComplete() {
        let (draft, verdict) = Self.newborn(docs: ["birth-certificate"])
        let html = Notice.make(for: draft, number: "2026-000009", verdict: verdict, workflowTitle: "新生儿参保登记",
                               counter: Self.counter, clerk: "王芳", date: LocalDate("2026-01-15")!).html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("王&lt;强&gt;"))
        #expect(!html.contains("王<强>"))
        #expect(html.components(separatedBy: "<li>").count - 1 == 4 + verdict.findings.count)
    }

    @Test func theReceiptStatesWhatWasRegistered() {
        let (draft, verdict) = Self.newborn(docs: ["birth-certificate", "guardian-id", "hukou-booklet", "agent-id", "power-of-attorney"])
        #expect(verdict.decision == .accept)
        let text = Notice.make(for: draft, number: "2026-000010", verdict: verdict, workflowTitle: "新生儿参保登记",
                               counter: Self.counter, clerk: "王芳", date: LocalDate("2026-01-15")!).text
        #expect(text.hasPrefix("基本医疗保险参保登记回执"))
        #expect(text.contains("参保年度：2025年"))
        #expect(text.contains("待遇起始日：2025年12月1日"))
    }

    @Test func theRefusalNoticeGivesEveryReasonWithItsArticle() {
        let (draft, verdict) = Self.newborn(docs: [], records: [Cases.record("150621", .resident, year: 2025)])
        #expect(verdict.decision == .refuse)
        let text = Notice.make(for: draft, number: "2026-000011", verdict: verdict, workflowTitle: "新生儿参保登记",
                               counter: Self.counter, clerk: "王芳", date: LocalDate("2026-01-15")!).text
        #expect(text.hasPrefix("基本医疗保险参保业务不予办理通知书"))
        #expect(text.contains("已在本统筹区参加2025年度居民医保"))
        #expect(text.contains("（依据：国家规程 第十三条）"))
        Golden.checkText(text, "notice-refusal")
    }
}

/// The printed notices' golden files, beside this file.
enum Golden {
    static func checkText(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        GoldenFile.check(text, name, in: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden"),
                         sourceLocation: sourceLocation)
    }
}

/// The transfer-out prints the 参保人基本医疗保险信息表, and open cases past their deadline stand out at home.
@Suite struct TransferAndDeadlineTests {
    @Test func theTransferOutExamplePrintsTheInformationSheet() throws {
        let text = try String(contentsOf: TestForms.directory.appendingPathComponent("examples/transfer-out.yaml"), encoding: .utf8)
        let c = try CaseParser.parse(text, file: "transfer-out.yaml")
        let verdict = Cases.verdict(c)
        let sheet = try #require(Notice.transferInformation(for: c, number: "2026-000031",
                                                           verdict: verdict, counter: NoticeTests.counter, clerk: "王芳", date: c.today))
        #expect(sheet.kind == .transferInformation)
        #expect(sheet.text.hasPrefix("参保人基本医疗保险信息表"))
        #expect(sheet.text.contains("转出地：\(verdict.transfer!.from)"))
        #expect(sheet.text.contains("转入地：\(verdict.transfer!.to)"))
        if let due = verdict.dueDate { #expect(sheet.text.contains("转出办结时限：\(due.chinese)")) }
        #expect(Notice.transferInformation(for: c, number: "x", verdict: Cases.verdict(NoticeTests.newborn(docs: []).0),
                                           counter: NoticeTests.counter, clerk: "王芳", date: c.today) == nil)
    }
}
