import CanbaoRules
import Foundation
import GRDB

/// A person of the roster the store knows.
struct RosterKnown {
    var id: Int64
    var name: String
    var records: [(id: Int64, record: PlatformRecord)] = []

    /// The columns every roster query selects for a record: place, scheme = 'employee', status, year, months, paid,
    /// since, from column `first` on.
    static func record(_ row: SQLValues, from first: Int) -> PlatformRecord {
        let status = row.string(notNull: first + 2)
        return PlatformRecord(
            place: row.string(notNull: first), scheme: row.bool(notNull: first + 1) ? .employee : .resident,
            status: status == "active" ? .active : EnrollmentStatus(rawValue: status) ?? .terminated,
            year: row.int(first + 3), months: row.string(first + 4).map(EnrollmentRecord.months(fromJSON:)),
            paid: row.bool(notNull: first + 5), since: row.string(first + 6).flatMap(RosterDate.parse))
    }
}

/// The roster's resident ID numbers as sent, sorted and distinct, looked up in the store in parts on two
/// connections (two cores) while the rows' own checks run: SQLite walks neighbouring index pages in order.
struct RosterLookup {
    /// Rows whose number cell looks like a resident ID number, by number.
    var keyed: [(key: Int, row: Int32)] = []
    /// Where each distinct number starts in `keyed`.
    var groups: [Int] = []
    /// Each distinct number's bytes in the table's text.
    var numbers: [Range<Int>] = []
    /// For each table row: 0 when the lookup does not cover it, else the part (1 or 2) its number is in.
    var partOfRow: [UInt8] = []

    init() {}

    /// Every third number goes to the other core, so that both parts meet as many persons of the store (the costly
    /// rows) and walk the index in order.
    func partOf(group: Int) -> UInt8 { group % 3 == 2 ? 2 : 1 }
    func partOf(row: Int) -> UInt8 { partOfRow[row] }

    /// Persons found for a range of the distinct numbers.
    struct Part {
        var persons: [RosterKnown] = []
        /// The distinct number (index into `groups`) of each person.
        var groupOf: [Int] = []
    }

    /// An 18-character resident ID number as one integer (17 digits, then the check character as 0…10), or nil.
    static func key(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard b.count == 18 else { return nil }
        var value = 0
        for i in 0..<17 {
            let d = b[i]
            guard d >= 48, d <= 57 else { return nil }
            value = value * 10 + Int(d - 48)
        }
        let last = b[17]
        if last >= 48, last <= 57 { return value * 11 + Int(last - 48) }
        return last == UInt8(ascii: "X") ? value * 11 + 10 : nil
    }

    static func key(_ kind: DocumentKind, _ number: String) -> Int? {
        guard kind == .residentID else { return nil }
        var number = number
        return number.withUTF8 { key($0) }
    }

    /// The rows the lookup covers: a number cell of 18 digits (or X), with no kind given or a resident ID's.
    init(_ table: CSVTable, _ checker: RosterRowChecker) {
        let columns = checker.columns
        keyed.reserveCapacity(table.rows.count)
        var ranges: [Range<Int>] = Array(repeating: 0..<0, count: table.rows.count)
        table.text.withUnsafeBufferPointer { text in
            for (i, row) in table.rows.enumerated() where row.count == checker.header.count {
                if let k = columns.kind {
                    let label = UnsafeBufferPointer(rebasing: text[Self.trimmed(table.field(row, k), text)])
                    guard label.isEmpty || checker.residentLabels.contains(where: { label.elementsEqual($0) }) else { continue }
                }
                let range = Self.trimmed(table.field(row, columns.number), text)
                if let key = Self.key(UnsafeBufferPointer(rebasing: text[range])) {
                    keyed.append((key, Int32(i)))
                    ranges[i] = range
                }
            }
        }
        keyed.sort { $0.key < $1.key }
        partOfRow = [UInt8](repeating: 0, count: table.rows.count)
        for (n, entry) in keyed.enumerated() {
            if n == 0 || keyed[n - 1].key != entry.key {
                groups.append(n)
                numbers.append(ranges[Int(entry.row)])
            }
            partOfRow[Int(entry.row)] = partOf(group: groups.count - 1)
        }
    }

    /// The distinct number with this key, by binary search.
    func group(of key: Int) -> Int? {
        var low = 0, high = groups.count
        while low < high {
            let mid = (low + high) / 2
            if keyed[groups[mid]].key < key { low = mid + 1 } else { high = mid }
        }
        return low < groups.count && keyed[groups[low]].key == key ? low : nil
    }

    static func trimmed(_ range: Range<Int>, _ text: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var range = range
        while range.lowerBound < range.upperBound, text[range.lowerBound] == 0x20 { range = (range.lowerBound + 1)..<range.upperBound }
        while range.lowerBound < range.upperBound, text[range.upperBound - 1] == 0x20 { range = range.lowerBound..<(range.upperBound - 1) }
        return range
    }

    /// The persons with the numbers `part` (ascending indices into `groups`) and their records in force, a few
    /// thousand numbers a query. Only active records: the student workflow's registration check reads no others
    /// (`RegistrationRules.check`), and `RosterTests` compares the roster with the counter's full evaluation.
    func run(_ db: SQLConnection, _ part: [Int], _ text: [UInt8]) throws -> Part {
        var result = Part()
        // In slices: the JSON text of 60,000 numbers is held three times over (ours, the bound copy, the JSON
        // parser's), a megabyte each; the slices come back in order, as one query would.
        try Self.withSmallPageCache(db) {
            var start = 0
            while start < part.count {
                let slice = part[start..<min(start + Self.numbersPerQuery, part.count)]
                try run(db, slice, text, into: &result)
                start = slice.endIndex
            }
        }
        Self.sortRecords(&result)
        return result
    }

    /// SQLite's page cache of this connection, while the lookup runs: each index page is read once, in number
    /// order, so a small cache (the indexes' upper levels) serves it as well as the default 2 MB, which the two
    /// cores' connections would otherwise each fill with pages never read again. PostgreSQL caches in the server.
    static let lookupCacheKibibytes = 256

    static func withSmallPageCache(_ db: SQLConnection, _ body: () throws -> Void) throws {
        guard db.dialect == .sqlite else { return try body() }
        let previous: Int = try SQLRow.fetchOne(db, sql: "PRAGMA cache_size")?[0] ?? -2000
        try db.execute("PRAGMA cache_size = -\(lookupCacheKibibytes)", [], cached: false)
        defer { try? db.execute("PRAGMA cache_size = \(previous)", [], cached: false) }
        try body()
    }

    /// Numbers looked up by one query.
    static let numbersPerQuery = 4_096

    /// CROSS JOIN keeps the JSON array as the outer loop (SQLite would otherwise scan the person index); a person's
    /// records follow the person. Both tables are read through indexes that hold what is selected (migration
    /// `v13-roster-lookup`); SQLite is told which (it would take the unique index on the number, then read the
    /// person's row for the name), PostgreSQL's planner chooses by itself (`INDEXED BY` is SQLite's).
    static func query(_ dialect: SQLDialect) -> String {
        let sqlite = dialect == .sqlite
        return """
            SELECT j.key, p.id, p.name, r.id, r.place, r.scheme = 'employee', r.status, r.year, r.months, r.paid, r.since
            FROM \(dialect.jsonArrayEntries) AS j
            \(dialect.joinInOrder) person AS p\(sqlite ? " INDEXED BY person_number_name" : "")
                ON p.document_kind = 'resident-id' AND p.document_number = j.value
            LEFT JOIN enrollment_record AS r\(sqlite ? " INDEXED BY enrollment_record_active" : "")
                ON r.person_id = p.id AND r.status = 'active'
            \(dialect.orderedJoinTail("j.key, r.id"))
            """
    }

    private func run(_ db: SQLConnection, _ slice: ArraySlice<Int>, _ text: [UInt8], into result: inout Part) throws {
        var json: [UInt8] = [UInt8(ascii: "[")]
        json.reserveCapacity(slice.count * 21 + 2)
        for g in slice {
            if json.count > 1 { json.append(UInt8(ascii: ",")) }
            json.append(UInt8(ascii: "\""))
            json.append(contentsOf: text[numbers[g]])
            json.append(UInt8(ascii: "\""))
        }
        json.append(UInt8(ascii: "]"))
        var last = -1
        try db.forEachRow(Self.query(db.dialect), [String(decoding: json, as: UTF8.self)], cached: false) { row in
            let position = row.int(notNull: 0)
            if position != last {
                last = position
                result.persons.append(RosterKnown(id: row.int64(notNull: 1), name: row.string(notNull: 2)))
                result.groupOf.append(slice[slice.startIndex + position])
            }
            guard let recordID = row.int64(3) else { return }
            result.persons[result.persons.count - 1].records.append((recordID, RosterKnown.record(row, from: 4)))
        }
    }

    /// Each person's records oldest first, as everywhere else.
    private static func sortRecords(_ result: inout Part) {
        for i in result.persons.indices where result.persons[i].records.count > 1 {
            result.persons[i].records.sort { $0.id < $1.id }
        }
    }

    /// For each table row: its person in `part.persons`, or -1.
    func personOfRow(_ part: Part, rows: Int) -> [Int32] {
        var personOfRow = [Int32](repeating: -1, count: rows)
        for (person, group) in part.groupOf.enumerated() {
            let end = group + 1 < groups.count ? groups[group + 1] : keyed.count
            for entry in keyed[groups[group]..<end] { personOfRow[Int(entry.row)] = Int32(person) }
        }
        return personOfRow
    }
}
