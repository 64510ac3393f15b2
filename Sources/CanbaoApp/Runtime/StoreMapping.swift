import CanbaoDesk
import CanbaoRules
import CanbaoStore
import Foundation

/// The boundary between the store's own records and the rules' and desk's values.
extension PersonSummary {
    init(_ p: PersonRecord, records: [EnrollmentRecord]) {
        self.init(name: p.name, document: p.document, birthDate: p.birthDate, sex: p.sex, records: records.map(\.platformRecord),
                  personID: p.id)
    }
}

extension OperatorInfo {
    init(_ o: Operator) {
        self.init(id: o.id, name: o.name, displayName: o.displayName, role: o.role, mustChangePassword: o.mustChangePassword)
    }
}
