import CanbaoRules
import Foundation
import GRDB

/// A person as the store knows them, keyed by document kind + normalized number (国家规程 第七条).
public struct PersonRecord: Codable, Sendable, Hashable, Identifiable {
    public var id: Int64
    public var documentKind: DocumentKind
    /// Always `IdentityDocument.normalizedNumber`.
    public var documentNumber: String
    public var nationality: String?
    public var name: String
    public var birthDate: LocalDate?
    public var sex: Sex?
    public var createdAt: Date
    public var updatedAt: Date

    public var document: IdentityDocument {
        IdentityDocument(kind: documentKind, number: documentNumber, nationality: nationality)
    }

    enum CodingKeys: String, CodingKey {
        case id, nationality, name, sex
        case documentKind = "document_kind"
        case documentNumber = "document_number"
        case birthDate = "birth_date"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

extension PersonRecord: StoreRecord, TableRecord {
    public static let databaseTableName = "person"

    /// Decoded by hand, like `EnrollmentRecord`: `Decodable` was the cost of every person read in a scan.
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        documentKind = try row.decode(forColumn: "document_kind")
        documentNumber = try row.decode(forColumn: "document_number")
        nationality = try row.decode(forColumn: "nationality")
        name = try row.decode(forColumn: "name")
        birthDate = try row.decode(forColumn: "birth_date")
        sex = try row.decode(forColumn: "sex")
        createdAt = try row.decode(forColumn: "created_at")
        updatedAt = try row.decode(forColumn: "updated_at")
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let documentKind = Column(CodingKeys.documentKind)
        static let documentNumber = Column(CodingKeys.documentNumber)
        static let name = Column(CodingKeys.name)
    }
}

/// What the counter or an import knows about a person; the store adds id and timestamps.
public struct PersonInput: Hashable, Sendable {
    public var document: IdentityDocument
    public var name: String
    public var birthDate: LocalDate?
    public var sex: Sex?

    public init(document: IdentityDocument, name: String, birthDate: LocalDate? = nil, sex: Sex? = nil) {
        self.document = document
        self.name = name
        self.birthDate = birthDate
        self.sex = sex
    }
}
