import CanbaoRules
import Crypto
import Foundation

/// A school's roster read and its header understood, before any store is opened: a file that cannot be a roster is
/// refused (`RosterFileError`) without anything being created or written.
public struct RosterFile: Sendable {
    let table: CSVTable
    let columns: RosterColumns.Positions
    /// The bytes as sent, hashed into the audit row when the roster is registered (a check alone needs no hash).
    let data: Data
    /// Decoding and parsing, in seconds.
    let readSeconds: Double

    public var encoding: CSVEncoding { table.encoding }
    public var header: [String] { table.header }
    /// Data rows (blank lines not counted).
    public var rowCount: Int { table.rows.count }

    var sha256: String { hex(SHA256.hash(data: data)) }

    public init(_ data: Data) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            table = try CSVReader.read(data)
        } catch let error as CSVReadError {
            throw RosterFileError(error)
        }
        columns = try RosterColumns.positions(table.header)
        self.data = data
        readSeconds = CounterStore.seconds(since: start)
    }
}
