import CanbaoRules
import GRDB

// The rules core does not import GRDB, so the store gives its value types their database form here.

/// Dates are stored as `YYYY-MM-DD` text, which sorts and compares correctly in SQL.
extension LocalDate: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> LocalDate? {
        String.fromDatabaseValue(dbValue).flatMap { LocalDate($0) }
    }
}

extension DocumentKind: DatabaseValueConvertible {}
extension Sex: DatabaseValueConvertible {}
extension CaseStatus: DatabaseValueConvertible {}
extension Decision: DatabaseValueConvertible {}
extension OperatorRole: DatabaseValueConvertible {}
extension Scheme: DatabaseValueConvertible {}
extension EnrollmentStatus: DatabaseValueConvertible {}
