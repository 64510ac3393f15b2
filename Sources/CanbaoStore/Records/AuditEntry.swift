import Crypto
import Foundation
import GRDB

/// One row of the append-only audit log. Each row carries the hash of the previous one, so editing, inserting or
/// deleting a row breaks the chain (tamper evident).
public struct AuditEntry: Codable, Sendable, Hashable {
    /// 1, 2, 3 … without gaps.
    public var seq: Int64
    /// As stored (GRDB's `YYYY-MM-DD HH:MM:SS.SSS`, UTC); kept as text so the hash covers the exact bytes.
    public var at: String
    public var operatorID: Int64?
    /// The operator's login name, or `system:…` for administration from the command line.
    public var actor: String
    /// `case.create`, `case.register`, `operator.add`, `store.import`, …
    public var action: String
    /// `case`, `person`, `operator`, `store`, …
    public var entity: String
    public var entityID: String?
    /// JSON object with sorted keys.
    public var detail: String
    public var prevHash: String
    public var hash: String

    enum CodingKeys: String, CodingKey {
        case seq, at, actor, action, entity, detail, hash
        case operatorID = "operator_id"
        case entityID = "entity_id"
        case prevHash = "prev_hash"
    }

    /// The hash of the first row's predecessor.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// SHA-256 over a canonical serialisation: every column but `hash`, in a fixed order, each written as
    /// `<UTF-8 byte count>:<bytes>` (a netstring without the comma). Defined here byte for byte, not by a JSON
    /// encoder, so that no library upgrade can change the hash of a row written years ago.
    public var computedHash: String {
        AuditEntry.hash(seq: seq, at: at, operatorID: operatorID, actor: actor, action: action, entity: entity,
                        entityID: entityID, detail: detail, prevHash: prevHash)
    }

    static func hash(seq: Int64, at: String, operatorID: Int64?, actor: String, action: String, entity: String,
                     entityID: String?, detail: String, prevHash: String) -> String {
        let fields: [String] = [String(seq), at, operatorID.map { String($0) } ?? "", actor, action, entity,
                                entityID ?? "", detail, prevHash]
        var bytes: [UInt8] = []
        for field in fields {
            bytes += Array(String(field.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes += Array(field.utf8)
        }
        return hex(SHA256.hash(data: bytes))
    }
}

extension AuditEntry: FetchableRecord, TableRecord {
    public static let databaseTableName = "audit_log"

    public enum Columns {
        static let seq = Column(CodingKeys.seq)
        static let entity = Column(CodingKeys.entity)
        static let entityID = Column(CodingKeys.entityID)
    }
}

/// Who did something: a logged-in operator, or an administrator at the command line.
public enum Actor: Hashable, Sendable {
    case `operator`(Int64)
    /// A label such as `cli:root`; recorded as `system:cli:root`.
    case system(String)
}

/// Lower-case hex of a digest or any bytes.
func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
}
