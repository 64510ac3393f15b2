import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Foundation

/// A clock that starts at a fixed instant and moves one second per reading, so timestamps are distinct and known.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// 2026-03-01 08:00:00 UTC = 16:00 Beijing time.
    init(start: Date = Date(timeIntervalSince1970: 1_772_352_000)) { current = start }

    func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        let reading = current
        current = current.addingTimeInterval(1)
        return reading
    }

    func set(_ date: Date) {
        lock.lock()
        current = date
        lock.unlock()
    }
}

enum Fixture {
    /// The cheapest KDF the store accepts, to keep the suite fast.
    static let options = CounterStore.Options(passwordIterations: PasswordHash.minimumIterations)

    static func store(clock: TestClock = TestClock(), in directory: URL? = nil) throws -> CounterStore {
        let home = try directory ?? CanbaoBinary.temporaryDirectory("store-test")
        return try CounterStore.open(home: home, options: options, now: { clock.now() })
    }

    /// A valid 18-character resident ID: area + birth date + sequence + GB 11643 check character.
    static func residentID(area: String = "150621", birth: String, sequence: Int) -> String {
        let body = area + birth.replacingOccurrences(of: "-", with: "") + String(format: "%03d", sequence)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    static func person(_ name: String, number: String, kind: DocumentKind = .residentID,
                       birth: String? = nil, sex: Sex? = nil) -> PersonInput {
        PersonInput(document: IdentityDocument(kind: kind, number: number), name: name,
                    birthDate: birth.flatMap { LocalDate($0) }, sex: sex)
    }

    static func caseJSON(workflow: String = "migrant-worker", region: String = "inner-mongolia",
                         name: String = "张三") -> String {
        """
        {"workflow":"\(workflow)","region":"\(region)","today":"2026-03-01","scheme":"resident","coverage_year":2026,\
        "person":{"name":"\(name)"},"documents_presented":["resident-id"]}
        """
    }

    static let acceptVerdict = """
        {"decision":"accept","missing_documents":[],"findings":[],"benefit_start":"2026-01-01","waiting_period_months":0}
        """
    static let missingDocumentsVerdict = """
        {"decision":"missing-documents","missing_documents":[{"code":"hukou-booklet","name":"户口簿"}],"findings":[]}
        """
    static let windowFinding = Finding(rule: "newborn.window", severity: .approval, message: "出生已超过 90 天",
                                       citation: "内蒙古细则 第十二条（一）1")
    static let approvalVerdict = """
        {"decision":"needs-approval","missing_documents":[],"findings":[{"rule":"newborn.window","severity":"approval",\
        "message":"出生已超过 90 天","citation":"内蒙古细则 第十二条（一）1"}]}
        """

    static func date(_ text: String) -> LocalDate { LocalDate(text)! }

    /// POSIX mode bits of a file or directory.
    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue & 0o777
    }
}
