import CanbaoRules
import Foundation

/// A school's roster read and its header understood, before any store is opened: a file that cannot be a roster is
/// refused (`RosterFileError`) without anything being created or written.
public struct RosterFile: Sendable {
    let table: CSVTable
    let columns: RosterColumns.Positions
    /// The SHA-256 of the bytes as sent, for the audit row when the roster is registered: computed while the file
    /// is read, on the other core, so the bytes need not be kept.
    let sha256: String
    /// Decoding and parsing, in seconds.
    let readSeconds: Double

    public var encoding: CSVEncoding { table.encoding }
    public var header: [String] { table.header }
    /// Data rows (blank lines not counted).
    public var rowCount: Int { table.rows.count }

    public init(_ data: Data) throws {
        try self.init(bytes: [UInt8](data))
    }

    public init(bytes: consuming [UInt8]) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            table = try CSVReader.read(consume bytes, digest: true)
        } catch let error as CSVReadError {
            throw RosterFileError(error)
        }
        columns = try RosterColumns.positions(table.header)
        sha256 = table.digest ?? ""
        readSeconds = CounterStore.seconds(since: start)
    }
}
