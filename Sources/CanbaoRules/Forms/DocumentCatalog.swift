/// The document codes (材料) and their Chinese names, read from `Forms/documents.yaml`. Codes are never renamed.
public struct DocumentCatalog: Hashable, Sendable {
    public var names: [String: String]

    public init(names: [String: String]) { self.names = names }

    public func name(_ code: String) -> String { names[code] ?? code }
    public func contains(_ code: String) -> Bool { names[code] != nil }
}
