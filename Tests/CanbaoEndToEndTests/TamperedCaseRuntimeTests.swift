@testable import CanbaoApp
import CanbaoDesk
import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import GRDB
import Testing

/// Found by an outside tester: a case edited with the sqlite3 shell showed in the case view and the supervisor's
/// review as if it were the store's, while approving and reprinting it were refused. Both now say so above it; so
/// does the person screen, for a person whose identity or records were edited.
@Suite struct TamperedCaseRuntimeTests {
    @Test func aCaseEditedBehindTheStoresBackIsShownWithAWarning() throws {
        let s = try DeskRuntimeTests.atHome()
        let text = try String(contentsOf: TestForms.directory.appendingPathComponent("examples/newborn.yaml"), encoding: .utf8)
        let c = try CaseParser.parse(text, file: "newborn.yaml")
        let clerk = try #require(try s.store.operators().first)
        let record = try s.store.saveDraft(DraftSave(caseNumber: nil, expectedVersion: nil, caseFile: c), by: clerk.id)
        func sheet() throws -> CaseSheet? {
            if case let .caseViewed(sheet) = s.services.handle(.viewCase(number: record.number)).first { return sheet }
            return nil
        }
        func review() throws -> CaseReview? {
            if case let .reviewLoaded(review) = s.services.handle(.openReview(number: record.number)).first { return review }
            return nil
        }
        #expect(try #require(try sheet()).tampered == nil)
        #expect(try #require(try review()).tampered == nil)

        let queue = try DatabaseQueue(path: s.store.path)
        try queue.write { db in
            try db.execute(sql: "UPDATE case_record SET case_json = replace(case_json, '王小禾', '伪造人') WHERE id = ?",
                           arguments: [record.id])
        }
        try queue.close()
        let edited = try #require(try sheet())
        #expect(edited.caseFile.person?.name == "伪造人")  // shown, as evidence
        let warning = try #require(edited.tampered)
        #expect(warning.hasPrefix("案件 \(record.number) 的记录与审计日志记录的不符"), "\(warning)")
        #expect(warning.contains("不可作为办理依据"))
        #expect(try #require(try review()).tampered == warning)
    }

    @Test func aPersonEditedBehindTheStoresBackIsShownWithAWarning() throws {
        let s = try DeskRuntimeTests.atHome()
        let birth = LocalDate("1985-07-15")!
        let person = try s.store.upsertPerson(PersonInput(document: IdentityDocument(kind: .residentID,
                                                                                     number: IDNumbers.residentID(area: "150621", birth: birth, sequence: 2)),
                                                          name: "李秀英", birthDate: birth, sex: .female), by: .system("test"))
        func detail() throws -> PersonDetail? {
            if case let .personLoaded(detail) = try s.services.handle(.openPerson(personID: person.id, keep: [:])).first { return detail }
            return nil
        }
        #expect(try #require(try detail()).tampered == nil)
        let queue = try DatabaseQueue(path: s.store.path)
        try queue.write { db in try db.execute(sql: "UPDATE person SET name = '伪造人' WHERE id = ?", arguments: [person.id]) }
        try queue.close()
        let edited = try #require(try detail())
        #expect(edited.summary.name == "伪造人")  // shown, as evidence
        let warning = try #require(edited.tampered)
        #expect(warning.hasPrefix("人员 #\(person.id) 的身份信息与审计日志记录的不符"), "\(warning)")
    }

    /// The home lists showed a case edited with the shell as the store's own until it was opened (outside tester).
    /// Now its line says 被改动 where the status was, and the detail line says why; the other lines are unmarked.
    @Test func theHomeListsMarkALineWhoseRowsWereEdited() throws {
        let s = try DeskRuntimeTests.atHome()
        let text = try String(contentsOf: TestForms.directory.appendingPathComponent("examples/newborn.yaml"), encoding: .utf8)
        let c = try CaseParser.parse(text, file: "newborn.yaml")
        let clerk = try #require(try s.store.operators().first)
        let edited = try s.store.saveDraft(DraftSave(caseNumber: nil, expectedVersion: nil, caseFile: c), by: clerk.id)
        let kept = try s.store.saveDraft(DraftSave(caseNumber: nil, expectedVersion: nil, caseFile: c), by: clerk.id)
        func drafts() throws -> [CaseSummary] {
            guard case let .homeLoaded(home) = s.services.handle(.loadHome).first else { return [] }
            return home.drafts
        }
        #expect(try drafts().count == 2)
        #expect(try drafts().allSatisfy { $0.tampered == nil })
        let queue = try DatabaseQueue(path: s.store.path)
        try queue.write { db in
            try db.execute(sql: "UPDATE case_record SET case_json = replace(case_json, '王小禾', '伪造人') WHERE id = ?",
                           arguments: [edited.id])
        }
        try queue.close()
        let lines = try drafts()
        #expect(lines.first { $0.number == edited.number }?.tampered == "案件 \(edited.number) 的记录")
        #expect(lines.first { $0.number == kept.number }?.tampered == nil)
    }

    /// A person's case list marks a case whose row was edited; the person's own rows are warned of at the head.
    @Test func aPersonsCaseListMarksACaseWhoseRowWasEdited() throws {
        let s = try DeskRuntimeTests.atHome()
        let text = try String(contentsOf: TestForms.directory.appendingPathComponent("examples/newborn.yaml"), encoding: .utf8)
        let c = try CaseParser.parse(text, file: "newborn.yaml")
        let clerk = try #require(try s.store.operators().first)
        let child = try #require(c.person)
        _ = try s.store.upsertPerson(PersonInput(document: try #require(child.document), name: try #require(child.name),
                                                 birthDate: child.birthDate, sex: child.sex), by: .system("test"))
        let record = try s.store.saveDraft(DraftSave(caseNumber: nil, expectedVersion: nil, caseFile: c), by: clerk.id)
        let person = try #require(record.applicantID)
        func cases() throws -> [CaseSummary] {
            guard case let .personLoaded(detail) = try s.services.handle(.openPerson(personID: person, keep: [:])).first else { return [] }
            return detail.cases
        }
        #expect(try cases().map(\.tampered) == [nil])
        let queue = try DatabaseQueue(path: s.store.path)
        try queue.write { db in try db.execute(sql: "UPDATE case_record SET status = 'registered' WHERE id = ?", arguments: [record.id]) }
        try queue.close()
        #expect(try cases().map(\.tampered) == ["案件 \(record.number) 的记录"])
    }
}
