import Crypto
import Foundation
import GRDB

extension CounterStore {
    /// Imports persons and their platform records from a JSON Lines or CSV file (chosen by extension).
    ///
    /// Every row is validated before anything is written; one malformed row rejects the whole file with
    /// `StoreError.importRejected`, naming each bad line and field. The import then runs as one transaction.
    @discardableResult
    public func importFile(_ url: URL, by actor: Actor) throws -> ImportSummary {
        let format = try InterchangeFormat(path: url.path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw StoreError.io("\(url.path)：\(error.localizedDescription)")
        }
        return try importData(data, format: format, source: url.lastPathComponent, by: actor)
    }

    @discardableResult
    public func importData(_ data: Data, format: InterchangeFormat, source: String,
                           by actor: Actor) throws -> ImportSummary {
        var issues: [ImportIssue] = []
        let persons: [InterchangePerson]
        switch format {
        case .jsonLines: persons = JSONLines.parse(data, issues: &issues)
        case .csv: persons = CSVFormat.parse(data, issues: &issues)
        }
        if !issues.isEmpty { throw StoreError.importRejected(issues) }
        return try load(persons, by: actor,
                        detail: ["file": source, "format": format.rawValue, "sha256": hex(SHA256.hash(data: data))])
    }

    /// Upserts persons and their records in one transaction: persons by document, records by person, place,
    /// scheme and period. Streams `persons`, so a generated sequence of millions stays small in memory.
    /// One audit row sums the load up.
    @discardableResult
    public func load<S: Sequence>(_ persons: S, by actor: Actor,
                                  detail: [String: String] = [:]) throws -> ImportSummary where S.Element == InterchangePerson {
        let at = timestamp
        return try write { db in
            var summary = ImportSummary()
            for entry in persons {
                let (personID, outcome) = try upsertPersonRow(db, entry.person, at: at)
                switch outcome {
                case .inserted: summary.personsInserted += 1
                case .updated: summary.personsUpdated += 1
                case .unchanged: summary.personsUnchanged += 1
                }
                for record in entry.records {
                    // A new person has no records yet: skip the lookup.
                    let recordOutcome: UpsertOutcome
                    if outcome == .inserted {
                        _ = try insertEnrollmentRow(db, record, personID: personID, caseID: nil, at: at)
                        recordOutcome = .inserted
                    } else {
                        recordOutcome = try upsertEnrollmentRow(db, record, personID: personID, at: at)
                    }
                    switch recordOutcome {
                    case .inserted: summary.recordsInserted += 1
                    case .updated: summary.recordsUpdated += 1
                    case .unchanged: summary.recordsUnchanged += 1
                    }
                }
            }
            var auditDetail = detail
            auditDetail["persons_inserted"] = String(summary.personsInserted)
            auditDetail["persons_updated"] = String(summary.personsUpdated)
            auditDetail["records_inserted"] = String(summary.recordsInserted)
            auditDetail["records_updated"] = String(summary.recordsUpdated)
            try appendAudit(db, actor: actor, action: "store.import", entity: "store", entityID: nil,
                            detail: auditDetail, at: at)
            return summary
        }
    }

    /// Exports every person with their platform records, from one consistent snapshot, to a new file with mode
    /// 0600 (it holds personal data). The file appears only once complete.
    @discardableResult
    public func export(to url: URL, format: InterchangeFormat? = nil, overwrite: Bool = false) throws -> ExportSummary {
        let format = try format ?? InterchangeFormat(path: url.path)
        let path = url.path
        if !overwrite, FileManager.default.fileExists(atPath: path) { throw StoreError.fileExists(path) }
        let temporary = path + ".part-\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        try Self.createPrivateFile(temporary)
        guard let handle = FileHandle(forWritingAtPath: temporary) else {
            throw StoreError.io("无法写入 \(temporary)")
        }
        var summary = ExportSummary(persons: 0, records: 0, bytes: 0)
        do {
            var buffer = Data()
            func emit(_ data: Data) throws {
                buffer.append(data)
                if buffer.count >= 1 << 20 {
                    try handle.write(contentsOf: buffer)
                    summary.bytes += Int64(buffer.count)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            let encoder = JSONLines.makeEncoder()
            if format == .csv { try emit(Data(CSVFormat.headerLine.utf8)) }
            try read { db in
                let persons = try PersonRecord.order(PersonRecord.Columns.id).fetchCursor(db)
                let records = try EnrollmentRecord
                    .order(EnrollmentRecord.Columns.personID, EnrollmentRecord.Columns.id).fetchCursor(db)
                var pending = try records.next()
                while let person = try persons.next() {
                    var own: [EnrollmentRecord] = []
                    while let record = pending, record.personID <= person.id {
                        if record.personID == person.id { own.append(record) }
                        pending = try records.next()
                    }
                    switch format {
                    case .jsonLines:
                        try emit(JSONLines.encode(person, own, with: encoder))
                        try emit(Data([0x0A]))
                    case .csv:
                        try emit(Data(CSVFormat.rows(person, own).utf8))
                    }
                    summary.persons += 1
                    summary.records += own.count
                }
            }
            try handle.write(contentsOf: buffer)
            summary.bytes += Int64(buffer.count)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary, path) == 0 else { throw StoreError.io("无法写入 \(path)") }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        return summary
    }
}
