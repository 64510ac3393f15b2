import CanbaoRules
import Crypto
import Foundation
import GRDB

/// One row of the append-only audit log. Each row carries the hash of the previous one, so editing, inserting or
/// deleting a row breaks the chain (tamper evident).
///
/// Two schemes, told apart by `rowsHash`: rows written before the store was upgraded (`v8-accounts-audit-rows`) are
/// plain SHA-256 and carry no row digests (`rowsHash` nil); every later row is an HMAC-SHA256 with the key kept in a
/// file beside the database (`AuditKey`) and covers the digests of the rows its transaction wrote (`rowsHash`). A
/// copy of the database alone can therefore not be rechained.
public struct AuditEntry: Codable, Sendable, Hashable {
    /// 1, 2, 3 … without gaps.
    public var seq: Int64
    /// As stored (GRDB's `YYYY-MM-DD HH:MM:SS.SSS`, UTC); kept as text so the hash covers the exact bytes.
    public var at: String
    public var operatorID: Int64?
    /// The operator's login name, or `system:…` for the store's own work (login attempts, first start).
    public var actor: String
    /// `case.create`, `case.register`, `operator.add`, `store.import`, …
    public var action: String
    /// `case`, `person`, `operator`, `store`, …
    public var entity: String
    public var entityID: String?
    /// JSON object with sorted keys.
    public var detail: String
    /// `RowDigest.listHash` of the row digests recorded with this entry (`audit_row`); nil for a row of the plain
    /// chain written before the upgrade.
    public var rowsHash: String?
    public var prevHash: String
    public var hash: String
    /// The hall and counter (`ServicePoint`) of the process that wrote the entry; nil before halls were recorded
    /// (`v11-halls-counters`) or for a process started without one.
    public var hall: String?
    public var counter: String?

    enum CodingKeys: String, CodingKey {
        case seq, at, actor, action, entity, detail, hash, hall, counter
        case operatorID = "operator_id"
        case entityID = "entity_id"
        case rowsHash = "rows_hash"
        case prevHash = "prev_hash"
    }

    public init(seq: Int64, at: String, operatorID: Int64?, actor: String, action: String, entity: String,
                entityID: String?, detail: String, rowsHash: String? = nil, prevHash: String, hash: String,
                hall: String? = nil, counter: String? = nil) {
        self.seq = seq
        self.at = at
        self.operatorID = operatorID
        self.actor = actor
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.detail = detail
        self.rowsHash = rowsHash
        self.prevHash = prevHash
        self.hash = hash
        self.hall = hall
        self.counter = counter
    }

    /// The hash of the first row's predecessor.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Whether this row belongs to the keyed chain.
    public var isKeyed: Bool { rowsHash != nil }

    /// The plain chain's SHA-256 over a canonical serialisation: every column but `hash`, in a fixed order, each
    /// written as `<UTF-8 byte count>:<bytes>` (a netstring without the comma). Defined here byte for byte, not by a
    /// JSON encoder, so that no library upgrade can change the hash of a row written years ago.
    public var computedHash: String {
        AuditEntry.hash(seq: seq, at: at, operatorID: operatorID, actor: actor, action: action, entity: entity,
                        entityID: entityID, detail: detail, prevHash: prevHash)
    }

    /// The keyed chain's HMAC-SHA256 with `key` over the scheme's name and every column but `hash`, framed as above.
    public func keyedHash(_ key: AuditKey) -> String {
        AuditEntry.keyedHash(key, seq: seq, at: at, operatorID: operatorID, actor: actor, action: action,
                             entity: entity, entityID: entityID, detail: detail, rowsHash: rowsHash ?? "",
                             prevHash: prevHash, hall: hall, counter: counter)
    }

    /// The name framed first into every keyed hash, so that no plain-chain serialisation can ever equal a keyed one.
    static let keyedScheme = "canbao-audit-hmac-sha256-v1"
    /// The scheme of an entry that records a hall or counter: the v1 fields, then the hall and the counter (each
    /// empty when nil). An entry with neither keeps v1, so every entry written before halls hashes as it did, and
    /// setting or clearing a hall on any entry changes its hash.
    static let keyedSchemeWithServicePoint = "canbao-audit-hmac-sha256-v2"

    static func hash(seq: Int64, at: String, operatorID: Int64?, actor: String, action: String, entity: String,
                     entityID: String?, detail: String, prevHash: String) -> String {
        let fields: [String] = [String(seq), at, operatorID.map { String($0) } ?? "", actor, action, entity,
                                entityID ?? "", detail, prevHash]
        var bytes: [UInt8] = []
        for field in fields { Netstring.append(field, to: &bytes) }
        return hex(SHA256.hash(data: bytes))
    }

    static func keyedHash(_ key: AuditKey, seq: Int64, at: String, operatorID: Int64?, actor: String, action: String,
                          entity: String, entityID: String?, detail: String, rowsHash: String,
                          prevHash: String, hall: String? = nil, counter: String? = nil) -> String {
        let recordsServicePoint = hall != nil || counter != nil
        var fields: [String] = [recordsServicePoint ? keyedSchemeWithServicePoint : keyedScheme, String(seq), at,
                                operatorID.map { String($0) } ?? "", actor, action, entity, entityID ?? "", detail,
                                rowsHash, prevHash]
        if recordsServicePoint { fields += [hall ?? "", counter ?? ""] }
        var bytes: [UInt8] = []
        for field in fields { Netstring.append(field, to: &bytes) }
        return hex(HMAC<SHA256>.authenticationCode(for: bytes, using: key.symmetricKey))
    }
}

extension AuditEntry: StoreRecord, TableRecord {
    public static let databaseTableName = "audit_log"

    public enum Columns {
        static let seq = Column(CodingKeys.seq)
        static let entity = Column(CodingKeys.entity)
        static let entityID = Column(CodingKeys.entityID)
    }
}

/// A point of the audit chain to write down (on the daily report, with a backup) and check later with
/// `store verify --checkpoint SEQ:HASH`: a chain rewritten by someone holding the key no longer holds it.
public struct AuditCheckpoint: Hashable, Sendable, CustomStringConvertible {
    public var seq: Int64
    public var hash: String
    /// As stored (UTC), empty when only seq and hash are known (parsed from the command line).
    public var at: String

    public init(seq: Int64, hash: String, at: String = "") {
        self.seq = seq
        self.hash = hash
        self.at = at
    }

    /// `SEQ:HASH`, as printed and as given to `--checkpoint`.
    public var description: String { "\(seq):\(hash)" }

    /// Parses `SEQ:HASH` (64 hex digits, either case); nil for anything else.
    public init?(_ text: String) {
        let parts = text.trimmed(.whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let seq = Int64(parts[0]), seq > 0, parts[1].count == 64,
              parts[1].allSatisfy(\.isHexDigit) else { return nil }
        self.init(seq: seq, hash: parts[1].lowercased())
    }
}

/// Who did something: a logged-in operator (at the counter, or an administrator at the command line with `--as`),
/// or the store's own work.
public enum Actor: Hashable, Sendable {
    case `operator`(Int64)
    /// A label such as `login` or `first-start`; recorded as `system:login`.
    case system(String)
}

/// `<UTF-8 byte count>:<bytes>` framing (a netstring without the trailing comma): no field can run into the next.
enum Netstring {
    static func append(_ text: String, to bytes: inout [UInt8]) {
        appendLength(text.utf8.count, to: &bytes)
        bytes.append(contentsOf: text.utf8)
    }

    static func append<Field: Collection>(_ field: Field, to bytes: inout [UInt8]) where Field.Element == UInt8 {
        appendLength(field.count, to: &bytes)
        bytes.append(contentsOf: field)
    }

    /// The decimal length and the colon, without a String in between (row digests frame millions of fields).
    static func appendLength(_ length: Int, to bytes: inout [UInt8]) {
        if length < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(length))
        } else {
            var digits: [UInt8] = []
            var rest = length
            while rest > 0 {
                digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
                rest /= 10
            }
            bytes.append(contentsOf: digits.reversed())
        }
        bytes.append(UInt8(ascii: ":"))
    }
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
