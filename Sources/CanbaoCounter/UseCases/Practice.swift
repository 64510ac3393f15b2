import CanbaoRules
import CanbaoStore
import Foundation

/// A throwaway counter for one practice scenario: a temporary store holding only the scenario's person and platform
/// records and the trainee's practice account. The trainee's drafts, lookups and submissions go here, never to the
/// real store; it is deleted when the scenario ends.
public final class PracticeSandbox: @unchecked Sendable {
    public let directory: URL
    public let counter: Counter
    /// The trainee's account inside the sandbox.
    public let trainee: Operator

    public init(scenario: Scenario, trainee: Operator, forms: FormSet, info: CounterInfo, clock: BusinessClock) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("canbao-practice-\(UUID().uuidString)")
        let store = try CounterStore.open(home: directory, options: .init(passwordIterations: PasswordHash.minimumIterations,
                                                                          timeZone: clock.timeZone),
                                          now: { clock.now() })
        let c = scenario.caseFile
        // Only what the platform would know: a person with no platform records is not on file, so the lookup
        // gives nothing away.
        if let p = c.person, let doc = p.document, let name = p.name, !c.platformRecords.isEmpty {
            _ = try store.load([InterchangePerson(person: PersonInput(document: doc, name: name, birthDate: p.birthDate, sex: p.sex),
                                                  records: c.platformRecords.map { NewEnrollment($0) })], by: .system("practice"))
        }
        self.trainee = try store.addOperator(name: trainee.name, displayName: trainee.displayName, role: .trainee,
                                             password: UUID().uuidString, by: .system("practice"))
        counter = Counter(store: store, forms: forms, info: CounterInfo(region: c.region, place: c.here ?? info.place, name: "练习窗口"),
                          home: directory, clock: clock)
    }

    public func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Sandboxes left by a session that died (an SSH drop kills the process by signal). Only those untouched for
    /// a day are removed: other clerks on the host may be practising now.
    public static func sweepStale(now: Date = Date()) {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory
        for name in (try? fm.contentsOfDirectory(atPath: tmp.path)) ?? [] where name.hasPrefix("canbao-practice-") {
            let url = tmp.appendingPathComponent(name)
            guard let modified = (try? fm.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date,
                  now.timeIntervalSince(modified) > 24 * 3600 else { continue }
            try? fm.removeItem(at: url)
        }
    }
}
