import CanbaoRules
import Foundation

/// What a school sends and for whom: collective enrollment of its students (集体参保: 江门规程 第二十条（一）; 达拉特旗方案
/// 五（六）: schools organise their students' enrollment).
public struct RosterRequest: Hashable, Sendable {
    /// The school's name, as recorded with the roster.
    public var school: String
    /// The school's place (学籍地): where the students enroll (国家规程 第十五条 2) and the counter registering them.
    public var place: String
    /// The resident year registered for.
    public var year: Int
    /// The policy profile the registration check runs under.
    public var region: String
    public var today: LocalDate
    /// Validate and report only; nothing is written.
    public var dryRun: Bool

    public init(school: String, place: String, year: Int, region: String, today: LocalDate, dryRun: Bool = false) {
        self.school = school
        self.place = place
        self.year = year
        self.region = region
        self.today = today
        self.dryRun = dryRun
    }
}

/// How far the checking of a roster has got, for a progress bar: rows whose every check is done, and how many of
/// them were rejected. Reported from the checking threads every few thousand rows, and once at the end.
public struct RosterProgress: Hashable, Sendable {
    /// Data rows in the file.
    public var rows: Int
    public var checked: Int
    public var rejected: Int

    public init(rows: Int, checked: Int, rejected: Int) {
        self.rows = rows
        self.checked = checked
        self.rejected = rejected
    }
}

/// Who watches a roster being checked: the progress callback and the question “stop?”. Both are called from the
/// checking threads, one call at a time. A cancelled import writes nothing and throws `StoreError.cancelled`.
public struct RosterObserver: Sendable {
    public var progress: @Sendable (RosterProgress) -> Void
    public var isCancelled: @Sendable () -> Bool

    public init(progress: @escaping @Sendable (RosterProgress) -> Void = { _ in },
                isCancelled: @escaping @Sendable () -> Bool = { false }) {
        self.progress = progress
        self.isCancelled = isCancelled
    }

    public static let none = RosterObserver()
}

/// One problem of one row, in the school's terms: the column as headed in its file.
public struct RosterIssue: Hashable, Sendable, CustomStringConvertible {
    /// 姓名, 证件号码, …; nil for the row as a whole (the registration check, the number of fields).
    public var column: String?
    public var reason: String

    public init(column: String?, reason: String) {
        self.column = column
        self.reason = reason
    }

    public var description: String { column.map { "\($0)：\(reason)" } ?? reason }
}

/// A row not registered, with its cells as sent, so the school can fix it and send it again.
public struct RejectedRosterRow: Hashable, Sendable {
    /// 1-based line of the file (the header is line 1 when it comes first).
    public var line: Int
    public var cells: [String]
    public var issues: [RosterIssue]

    /// The 错误 column of the error report.
    public var errorText: String { "第 \(line) 行：" + issues.map(\.description).joined(separator: "；") }
}

public struct RosterTimings: Hashable, Sendable {
    /// Decoding and parsing the file.
    public var read: Double = 0
    /// Every row's checks, the store's records and the registration check.
    public var validate: Double = 0
    /// The registration's write transaction, from asking for the write lock until its commit has returned: what
    /// others wrote meanwhile checked again, the rows written, their digests sealed into the audit log, the commit
    /// (and the checkpoint SQLite runs on the committing connection once the log has grown, the lock released).
    public var register: Double = 0
    /// Of `register`: the rows checked again and written, before the seal and the commit.
    public var writeRows: Double = 0
}

/// The outcome of one roster: how many rows were registered, found already enrolled, or rejected and why.
public struct RosterResult: Sendable {
    public var request: RosterRequest
    public var fileName: String
    public var encoding: CSVEncoding
    /// The header as sent.
    public var header: [String]
    /// Data rows (blank lines not counted).
    public var rowCount: Int
    public var registered: Int
    /// Students already enrolled at the school's place for the year (a roster sent again): nothing to do.
    public var alreadyEnrolled: Int
    /// Records of other places suspended or terminated by the registrations (国家规程 第十五条 2).
    public var replaced: Int
    public var rejected: [RejectedRosterRow]
    /// The stored roster; nil for a dry run or when no row was registered.
    public var rosterID: Int64?
    /// Distinct cases the rules core evaluated (rows alike but for name and number share one verdict).
    public var verdictsEvaluated: Int
    /// Rows judged again in the registration transaction because another counter wrote their persons' records
    /// while the roster was being checked.
    public var rechecked: Int
    public var timings: RosterTimings

    public var isComplete: Bool { rejected.isEmpty }

    /// The rejected rows as a CSV the school can correct and send again: its own columns plus 错误, in the
    /// encoding the roster came in.
    public func errorReport() -> Data {
        TextScan.encode(errorReportText, as: encoding)
    }

    public var errorReportText: String {
        var text = CSVWriter.line(header + [RosterColumns.error], lineEnd: .crlf)
        for row in rejected {
            var cells = row.cells
            if cells.count < header.count { cells += Array(repeating: "", count: header.count - cells.count) }
            text += CSVWriter.line(cells + [row.errorText], lineEnd: .crlf)
        }
        return text
    }
}

/// A roster that cannot be read at all: nothing of it is registered.
public struct RosterFileError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    public var reason: String
    /// 1-based line of the file, when the problem has one.
    public var line: Int?

    public init(_ reason: String, line: Int? = nil) {
        self.reason = reason
        self.line = line
    }

    init(_ error: CSVReadError) {
        self.init(error.reason, line: error.line)
    }

    public var description: String { line.map { "第 \($0) 行：\(reason)" } ?? reason }
    public var errorDescription: String? { description }
}
