import CanbaoDesk
import CanbaoRules
import CanbaoStore
import Foundation

/// A throwaway store for one practice scenario: a temporary directory holding only the scenario's person and
/// platform records and the trainee's practice account. The trainee's drafts and lookups go here, never to the
/// real store; it is deleted when the scenario ends.
final class PracticeSandbox {
    let directory: URL
    let services: DeskServices

    init(scenario: Scenario, trainee: Operator, forms: FormSet, counter: CounterInfo, clock: @escaping () -> Date) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("canbao-practice-\(UUID().uuidString)")
        let store = try CounterStore.open(home: directory, options: .init(passwordIterations: 100_000))
        let c = scenario.caseFile
        // Only what the platform would know: a person with no platform records is not on file, so the lookup
        // gives nothing away.
        if let p = c.person, let doc = p.document, let name = p.name, !c.platformRecords.isEmpty {
            let records = c.platformRecords.map { r in
                NewEnrollment(place: r.place, scheme: EnrollmentRecord.Scheme(rawValue: r.scheme.rawValue) ?? .resident,
                              status: EnrollmentRecord.Status(rawValue: r.status.rawValue) ?? .active,
                              year: r.year, months: r.months, paid: r.paid, since: r.since)
            }
            _ = try store.load([InterchangePerson(person: PersonInput(document: doc, name: name, birthDate: p.birthDate, sex: p.sex),
                                                  records: records)], by: .system("practice"))
        }
        let password = UUID().uuidString
        _ = try store.addOperator(name: trainee.name, displayName: trainee.displayName, role: .trainee, password: password,
                                  by: .system("practice"))
        services = DeskServices(store: store, forms: forms, counter: CounterInfo(region: c.region, place: c.here ?? counter.place,
                                                                                 name: "练习窗口"),
                                home: directory, clock: clock)
        _ = services.handle(.login(name: trainee.name, password: password))
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Sandboxes left by a session that died (an SSH drop kills the process by signal). Only those untouched for
    /// a day are removed: other clerks on the host may be practising now.
    static func sweepStale(now: Date = Date()) {
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
