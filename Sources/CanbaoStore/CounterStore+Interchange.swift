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
            data = try InputFile.read(url.path, limit: InputFile.importLimit)
        } catch let error as InputFileError {
            throw StoreError.io(error.reason)
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
    /// 0600 (it holds personal data). The file appears only once complete (`OutputFile`): an existing one is never
    /// touched unless `overwrite`, and a full disk leaves nothing behind.
    @discardableResult
    public func export(to url: URL, format: InterchangeFormat? = nil, overwrite: Bool = false) throws -> ExportSummary {
        let format = try format ?? InterchangeFormat(path: url.path)
        var summary = ExportSummary(persons: 0, records: 0, bytes: 0)
        let body = { (file: inout OutputFile.Writer) throws in
            let encoder = JSONLines.makeEncoder()
            if format == .csv { try file.write(CSVFormat.headerLine) }
            try self.read { db in
                let persons = try PersonRecord.fetchCursor(db, sql: "SELECT * FROM person ORDER BY id")
                let records = try EnrollmentRecord.fetchCursor(db, sql: "SELECT * FROM enrollment_record ORDER BY person_id, id")
                var pending = try records.next()
                while let person = try persons.next() {
                    var own: [EnrollmentRecord] = []
                    while let record = pending, record.personID <= person.id {
                        if record.personID == person.id { own.append(record) }
                        pending = try records.next()
                    }
                    switch format {
                    case .jsonLines:
                        try file.write(JSONLines.encode(person, own, with: encoder))
                        try file.write(Data([0x0A]))
                    case .csv:
                        try file.write(CSVFormat.rows(person, own))
                    }
                    summary.persons += 1
                    summary.records += own.count
                }
            }
            try file.flush()
            summary.bytes = file.bytes
        }
        if overwrite {
            try refuseOwnFiles(url.path)
            try OutputFile.replace(url.path, body)
        } else {
            try OutputFile.create(url.path, body)
        }
        return summary
    }

    /// Never the database, its companions or its audit key, whatever `--force` says.
    func refuseOwnFiles(_ target: String) throws {
        var own = [auditKeyPath]
        if backend is SQLiteBackend { own += Self.ownFiles(databasePath: path) }
        try Self.refuse(target, among: own)
    }

    /// The files of the SQLite store at `databasePath`: the database, its lock, SQLite's companions and the audit key.
    public static func ownFiles(databasePath: String) -> [String] {
        [databasePath, databasePath + ".lock", AuditKey.path(forDatabase: databasePath)]
            + companionSuffixes.map { databasePath + $0 }
    }

    /// Refuses `target` when it is, through any link, one of `files`: a file that replaces it would destroy a store.
    public static func refuse(_ target: String, among files: [String]) throws {
        let resolved = URL(fileURLWithPath: target).resolvingSymlinksInPath().path
        if files.contains(where: { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path == resolved }) {
            throw StoreError.notAllowed("\(target) 是数据库本身的文件，不能覆盖")
        }
    }
}
