import CanbaoDesk
import CanbaoRules
import CanbaoStore
import Foundation

/// The boundary between the store's own records and the rules' and desk's values.
extension PlatformRecord {
    init(_ r: EnrollmentRecord) {
        self.init(place: r.place, scheme: Scheme(rawValue: r.scheme.rawValue) ?? .resident,
                  status: EnrollmentStatus(rawValue: r.status.rawValue) ?? .active,
                  year: r.year, months: r.months, paid: r.paid, since: r.since)
    }
}

extension CounterStore {
    /// The platform's records for a document, as the rules read them; nil when the person is unknown.
    func platformView(of document: IdentityDocument) throws -> (PersonRecord, [EnrollmentRecord])? {
        guard let person = try person(byDocument: document.normalized) else { return nil }
        return (person, try platformRecords(forPerson: person.id))
    }
}

extension PersonSummary {
    init(_ p: PersonRecord, records: [EnrollmentRecord]) {
        self.init(name: p.name, document: p.document, birthDate: p.birthDate, sex: p.sex, records: records.map(PlatformRecord.init),
                  personID: p.id)
    }
}

extension OperatorInfo {
    init(_ o: Operator) {
        self.init(id: o.id, name: o.name, displayName: o.displayName, role: OperatorInfo.Role(rawValue: o.role.rawValue) ?? .clerk,
                  mustChangePassword: o.mustChangePassword)
    }
}

extension CaseStatus {
    init(_ s: CaseRecord.Status) { self = CaseStatus(rawValue: s.rawValue) ?? .draft }
}

extension CaseFile {
    /// The case as the JSON of a case file (the store keeps it exactly so).
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}
