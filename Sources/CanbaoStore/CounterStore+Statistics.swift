import CanbaoRules
import Foundation
import GRDB

/// Counter statistics for one local day, for the agency or for one hall.
public struct DailyStatistics: Hashable, Sendable {
    public var date: LocalDate
    /// The hall the figures are limited to; nil for the whole agency.
    public var hall: String?
    /// One row per operator who created a case, received a decision or made one that day, by login name.
    public var rows: [ClerkDay]
    /// The same day by hall (cases by the hall they were opened in, decisions by the hall they were made in), halls
    /// by name, the cases and decisions of no recorded hall last.
    public var halls: [HallDay]
    /// The day's cases counted by everything the figures above are sums of: operator, hall, workflow, the counter's
    /// verdict and where the case stands now. The CSV report is these lines, so it adds up to what the screen shows.
    public var tallies: [CaseTally]

    public init(date: LocalDate, hall: String? = nil, rows: [ClerkDay], halls: [HallDay] = [],
                tallies: [CaseTally] = []) {
        self.date = date
        self.hall = hall
        self.rows = rows
        self.halls = halls
        self.tallies = tallies
    }
}

/// How many of one operator's cases of the day share a hall, a workflow, a verdict and a status.
public struct CaseTally: Hashable, Sendable {
    public var operatorID: Int64
    /// The hall the cases were opened in; nil when none was recorded.
    public var hall: String?
    public var workflow: String
    /// The counter's verdict (accept, missing-documents, needs-approval, refuse); nil when never checked.
    public var decision: Decision?
    public var status: CaseStatus
    public var count: Int

    public init(operatorID: Int64, hall: String?, workflow: String, decision: Decision?, status: CaseStatus,
                count: Int) {
        self.operatorID = operatorID
        self.hall = hall
        self.workflow = workflow
        self.decision = decision
        self.status = status
        self.count = count
    }

    /// Drafts and voided drafts are not cases served: counted apart everywhere.
    public var isServed: Bool { status != .draft && status != .voided }

    /// Operator, then halls by name (no recorded hall last), workflow, verdict by precedence (never checked last),
    /// status in the order a case moves.
    static func precedes(_ a: CaseTally, _ b: CaseTally) -> Bool {
        func hall(_ t: CaseTally) -> (Int, String) { t.hall.map { (0, $0) } ?? (1, "") }
        func decision(_ t: CaseTally) -> Int {
            t.decision.flatMap { Decision.allCases.firstIndex(of: $0) } ?? Decision.allCases.count
        }
        func status(_ t: CaseTally) -> Int { CaseStatus.allCases.firstIndex(of: t.status) ?? CaseStatus.allCases.count }
        if a.operatorID != b.operatorID { return a.operatorID < b.operatorID }
        if hall(a) != hall(b) { return hall(a) < hall(b) }
        if a.workflow != b.workflow { return a.workflow < b.workflow }
        if decision(a) != decision(b) { return decision(a) < decision(b) }
        return status(a) < status(b)
    }
}

/// One hall's day: what `ClerkDay` counts, summed over the hall.
public struct HallDay: Hashable, Sendable {
    /// nil: cases and decisions recorded without a hall.
    public var hall: String?
    /// Cases opened, drafts and voided drafts included.
    public var cases: Int
    /// Cases served: neither a draft nor a voided draft.
    public var served: Int
    public var decisions: Int

    public init(hall: String?, cases: Int, served: Int, decisions: Int) {
        self.hall = hall
        self.cases = cases
        self.served = served
        self.decisions = decisions
    }
}

/// One operator's day at the counter.
public struct ClerkDay: Hashable, Sendable {
    /// The decision key of a case that was never checked.
    public static let draft = "draft"

    public var operatorID: Int64
    public var operatorName: String
    public var displayName: String
    public var role: OperatorRole
    /// Cases created that day: workflow → decision (accept, missing-documents, needs-approval, refuse, or
    /// `draft` when never checked) → count.
    public var cases: [String: [String: Int]]
    public var casesTotal: Int
    /// The same day's cases by where they stand now: workflow → status (registered, completed, pending-documents,
    /// awaiting-approval, refused, withdrawn) → count. Drafts and voided drafts are not cases served: they are
    /// only counted, in `drafts` and `voided`.
    public var outcomes: [String: [String: Int]] = [:]
    public var drafts = 0
    public var voided = 0
    /// The cases served: every case of `outcomes`.
    public var servedTotal: Int { outcomes.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
    /// Mean minutes from creating a case to submitting it (its first status change out of draft), over that
    /// day's cases that were submitted; nil when none was.
    public var averageServeMinutes: Double?
    /// Decisions made that day on exceptions this operator raised.
    public var approvalsReceived: Int
    public var rejectionsReceived: Int
    /// Decisions this operator made that day as a supervisor.
    public var decisionsMade: Int

    public init(operatorID: Int64, operatorName: String, displayName: String, role: OperatorRole,
                cases: [String: [String: Int]] = [:], casesTotal: Int = 0, averageServeMinutes: Double? = nil,
                approvalsReceived: Int = 0, rejectionsReceived: Int = 0, decisionsMade: Int = 0,
                outcomes: [String: [String: Int]] = [:], drafts: Int = 0, voided: Int = 0) {
        self.outcomes = outcomes
        self.drafts = drafts
        self.voided = voided
        self.operatorID = operatorID
        self.operatorName = operatorName
        self.displayName = displayName
        self.role = role
        self.cases = cases
        self.casesTotal = casesTotal
        self.averageServeMinutes = averageServeMinutes
        self.approvalsReceived = approvalsReceived
        self.rejectionsReceived = rejectionsReceived
        self.decisionsMade = decisionsMade
    }
}

extension CounterStore {
    /// Counter statistics for one local day in `timeZone` (the day's cases by creation time, the decisions by
    /// decision time). One decision is one `decide` (or `recordApproval`) call, however many exceptions it covers.
    /// With `hall`, only the cases opened and the decisions made in that hall.
    public func dailyStatistics(date: LocalDate, timeZone: TimeZone? = nil, hall: String? = nil) throws -> DailyStatistics {
        let timeZone = timeZone ?? options.timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)),
              let end = calendar.date(byAdding: .day, value: 1, to: start) else {
            throw StoreError.invalidInput(field: "date", reason: "无法换算 \(date) 在 \(timeZone.identifier) 的起止时刻")
        }
        return try read { db in
            var days: [Int64: ClerkDay] = [:]
            var tallies: [CaseTally: Int] = [:]
            var serveMinutes: [Int64: [Double]] = [:]
            func day(_ id: Int64) throws -> ClerkDay {
                if let existing = days[id] { return existing }
                guard let op = try Operator.fetchOne(db, id: id) else { throw StoreError.operatorNotFound("#\(id)") }
                return ClerkDay(operatorID: op.id, operatorName: op.name, displayName: op.displayName, role: op.role)
            }

            // The day's cases with the moment each was first submitted, read from the status changes' audit rows.
            let cases = try SQLRow.fetchAll(db, sql: """
                SELECT c.workflow, c.decision, c.status, c.created_by, c.created_at, c.hall,
                       (SELECT MIN(a.at) FROM audit_log a
                        WHERE a.entity = 'case' AND a.entity_id = c.number AND a.action = 'case.status'
                          AND \(db.dialect.jsonText("a.detail", ["from"])) = 'draft'
                          AND \(db.dialect.jsonText("a.detail", ["to"])) = 'submitted') AS submitted_at
                FROM case_record c
                WHERE c.created_at >= ? AND c.created_at < ?\(hall == nil ? "" : " AND c.hall = ?")
                """, arguments: Self.dayArguments(start, end, hall))
            for row in cases {
                let creator: Int64 = row["created_by"]
                var entry = try day(creator)
                let workflow: String = row["workflow"]
                let decision: String = row["decision"] ?? ClerkDay.draft
                entry.cases[workflow, default: [:]][decision, default: 0] += 1
                entry.casesTotal += 1
                switch CaseStatus(rawValue: row["status"] as String) {
                case .draft?: entry.drafts += 1
                case .voided?: entry.voided += 1
                default: entry.outcomes[workflow, default: [:]][row["status"] as String, default: 0] += 1
                }
                days[creator] = entry
                if let status = CaseStatus(rawValue: row["status"] as String) {
                    let tally = CaseTally(operatorID: creator, hall: row["hall"], workflow: workflow,
                                          decision: (row["decision"] as String?).flatMap(Decision.init(rawValue:)),
                                          status: status, count: 0)
                    tallies[tally, default: 0] += 1
                }
                if let submitted: Date = row["submitted_at"], let created: Date = row["created_at"] {
                    serveMinutes[creator, default: []].append(submitted.timeIntervalSince(created) / 60)
                }
            }
            for (id, minutes) in serveMinutes {
                days[id]?.averageServeMinutes = minutes.reduce(0, +) / Double(minutes.count)
            }

            let decisions = try SQLRow.fetchAll(db, sql: """
                SELECT DISTINCT case_id, decided_by, decided_at, decision, requested_by FROM approval
                WHERE decided_at >= ? AND decided_at < ?\(hall == nil ? "" : " AND hall = ?")
                """, arguments: Self.dayArguments(start, end, hall))
            for row in decisions {
                let supervisor: Int64 = row["decided_by"]
                var made = try day(supervisor)
                made.decisionsMade += 1
                days[supervisor] = made
                let clerk: Int64 = row["requested_by"]
                var received = try day(clerk)
                if row["decision"] as String == ApprovalRecord.Decision.approved.rawValue {
                    received.approvalsReceived += 1
                } else {
                    received.rejectionsReceived += 1
                }
                days[clerk] = received
            }
            return DailyStatistics(date: date, hall: hall, rows: days.values.sorted { $0.operatorName < $1.operatorName },
                                   halls: try Self.hallDays(db, start: start, end: end, hall: hall),
                                   tallies: tallies.map { tally, count in
                                       var counted = tally
                                       counted.count = count
                                       return counted
                                   }.sorted(by: CaseTally.precedes))
        }
    }

    /// A day's bounds, and the hall when the figures are limited to one.
    static func dayArguments(_ start: Date, _ end: Date, _ hall: String?) -> SQLArguments {
        var arguments: SQLArguments = [start, end]
        if let hall { arguments += [hall] }
        return arguments
    }

    /// The day by hall (see `DailyStatistics.halls`).
    static func hallDays(_ db: SQLConnection, start: Date, end: Date, hall: String?) throws -> [HallDay] {
        let only = hall == nil ? "" : " AND hall = ?"
        var days: [String?: HallDay] = [:]
        for row in try SQLRow.fetchAll(db, sql: """
            SELECT hall, COUNT(*) AS cases,
                   SUM(CASE WHEN status IN ('draft', 'voided') THEN 0 ELSE 1 END) AS served
            FROM case_record WHERE created_at >= ? AND created_at < ?\(only) GROUP BY hall
            """, arguments: dayArguments(start, end, hall)) {
            let name: String? = row["hall"]
            days[name] = HallDay(hall: name, cases: row["cases"], served: row["served"], decisions: 0)
        }
        for row in try SQLRow.fetchAll(db, sql: """
            SELECT hall, COUNT(*) AS decisions FROM (
                SELECT DISTINCT case_id, decided_by, decided_at, decision, requested_by, hall FROM approval
                WHERE decided_at >= ? AND decided_at < ?\(only)) AS decided
            GROUP BY hall
            """, arguments: dayArguments(start, end, hall)) {
            let name: String? = row["hall"]
            days[name, default: HallDay(hall: name, cases: 0, served: 0, decisions: 0)].decisions = row["decisions"]
        }
        return days.values.sorted { a, b in
            switch (a.hall, b.hall) {
            case let (x?, y?): return x < y
            case (_?, nil): return true
            default: return false
            }
        }
    }
}
