@testable import CanbaoApp
import CanbaoCounter
import CanbaoDesk
import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// The services behind the person screen's list of cases, on a real store: the person's cases and no one else's,
/// most recently handled first, each dated by the day of its last change.
@Suite struct PersonCasesServicesTests {
    /// The store's clock, a day later at every reading: each write is on a later day than the one before.
    final class Days: @unchecked Sendable {
        private let lock = NSLock()
        private var next = Date(timeIntervalSince1970: 1_768_437_000) // 2026-01-15 08:30 in Shanghai
        func now() -> Date {
            lock.lock()
            defer { lock.unlock() }
            next = next.addingTimeInterval(86_400)
            return next
        }
    }

    static func change(_ p: PersonRecord) -> CaseFile {
        var c = CaseFile(workflow: "change", region: "dalate", today: LocalDate("2026-01-15")!, here: "150621")
        c.person = Party(name: p.name, document: p.document, birthDate: p.birthDate, sex: p.sex)
        return c
    }

    @Test func thePersonsCasesComeWithHerNewestFirstAndNoOneElses() throws {
        let home = try CanbaoBinary.temporaryDirectory("person-cases-test")
        defer { try? FileManager.default.removeItem(at: home) }
        let days = Days()
        let store = try CounterStore.open(home: home, options: .init(passwordIterations: PasswordHash.minimumIterations),
                                          now: { days.now() })
        let clerk = try store.addOperator(name: "clerk", displayName: "王芳", role: .clerk, password: "Clerk2026pass", by: .system("test"))
        let counter = CanbaoCounter.Counter(store: store, forms: TestForms.shared,
                                            info: CounterInfo(region: "dalate", place: "150621", name: "测试窗口"), home: home)
        let birth = LocalDate("1985-07-15")!
        let her = try store.upsertPerson(PersonInput(document: IdentityDocument(kind: .residentID,
                                                                                number: IDNumbers.residentID(area: "150621", birth: birth, sequence: 2)),
                                                     name: "李秀英", birthDate: birth, sex: .female), by: .system("test"))
        let other = try store.upsertPerson(PersonInput(document: IdentityDocument(kind: .residentID,
                                                                                  number: IDNumbers.residentID(area: "150621", birth: birth, sequence: 3)),
                                                       name: "张伟", birthDate: birth, sex: .male), by: .system("test"))
        let first = try store.createCase(Self.change(her), applicantID: her.id, by: clerk.id)
        _ = try store.createCase(Self.change(other), applicantID: other.id, by: clerk.id)
        let second = try store.createCase(Self.change(her), applicantID: her.id, by: clerk.id)
        // The first one voided last: it is the one most recently handled.
        let voided = try store.setStatus(caseID: first.id, to: .voided, expectedVersion: first.version, by: clerk.id, note: "开错了")

        let services = DeskServices(counter: counter)
        _ = services.handle(.login(name: "clerk", password: "Clerk2026pass"))
        guard case let .personLoaded(detail) = try #require(services.handle(.openPerson(personID: her.id, keep: [:])).first) else {
            Issue.record("no person")
            return
        }
        #expect(detail.cases.map(\.number) == [first.number, second.number])
        #expect(detail.cases.map(\.status) == [.voided, .draft])
        #expect(detail.cases.allSatisfy { $0.workflow == "参保信息变更" && $0.applicant == "李秀英" && $0.dueDate == nil })
        #expect(detail.cases[0].updated == store.clock.day(of: voided.updatedAt).description)
        #expect(detail.cases[1].updated == store.clock.day(of: second.updatedAt).description)
        #expect(detail.cases[0].updated != detail.cases[1].updated)
        #expect(detail.moreCases == false)

        // Someone without any case: an empty list, said so on the screen.
        let none = try store.upsertPerson(PersonInput(document: IdentityDocument(kind: .residentID,
                                                                                 number: IDNumbers.residentID(area: "150621", birth: birth, sequence: 4)),
                                                      name: "王五", birthDate: birth, sex: .female), by: .system("test"))
        guard case let .personLoaded(empty) = try #require(services.handle(.openPerson(personID: none.id, keep: [:])).first) else {
            Issue.record("no person")
            return
        }
        #expect(empty.cases.isEmpty)
    }
}
