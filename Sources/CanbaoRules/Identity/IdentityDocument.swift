/// An identity document as written on a form: its kind and number (and, for passports, the nationality).
public struct IdentityDocument: Hashable, Codable, Sendable {
    public var kind: DocumentKind
    public var number: String
    /// ISO 3166 alpha-3 or Chinese name; only meaningful for foreign documents.
    public var nationality: String?
    /// The last day the document is valid (有效期至); nil for a document without one (长期有效, or not stated).
    /// An expired document is not an 有效身份证件 (国家规程 第七条): see `IdentityExpiry`.
    public var validUntil: LocalDate?

    public init(kind: DocumentKind, number: String, nationality: String? = nil, validUntil: LocalDate? = nil) {
        self.kind = kind
        self.number = number
        self.nationality = nationality
        self.validUntil = validUntil
    }

    enum CodingKeys: String, CodingKey {
        case kind, number, nationality
        case validUntil = "valid_until"
    }

    /// True when the document had expired by `date` (the last valid day itself still counts).
    public func isExpired(on date: LocalDate) -> Bool {
        guard let validUntil else { return false }
        return validUntil < date
    }

    /// The number as stored and compared: surrounding spaces removed, full-width digits and letters
    /// folded to ASCII (a common paste from Chinese input methods), letters upper-cased (lower-case x → X).
    public var normalizedNumber: String {
        IdentityDocument.normalize(number)
    }

    public static func normalize(_ raw: String) -> String {
        var out = ""
        for scalar in raw.unicodeScalars {
            var s = scalar
            // Full-width ASCII block FF01–FF5E maps to 0021–007E.
            if (0xFF01...0xFF5E).contains(s.value), let folded = Unicode.Scalar(s.value - 0xFEE0) { s = folded }
            if s == " " || s == "\u{3000}" || s == "\t" || s == "\n" || s == "\r" { continue }
            out.unicodeScalars.append(s)
        }
        return out.uppercased()
    }

    public var normalized: IdentityDocument {
        IdentityDocument(kind: kind, number: normalizedNumber, nationality: nationality, validUntil: validUntil)
    }

    /// The person's key in the store: kind + normalized number (国家规程 第七条: the ID number is the unique key).
    public var key: String { "\(kind.rawValue):\(normalizedNumber)" }
}
