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
            if case let .caseViewed(sheet) = try s.services.handle(.viewCase(number: record.number)).first { return sheet }
            return nil
        }
        func review() throws -> CaseReview? {
            if case let .reviewLoaded(review) = try s.services.handle(.openReview(number: record.number)).first { return review }
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
}
