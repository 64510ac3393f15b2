import CanbaoRules
import Foundation
import GRDB

/// Counter statistics for one local day.
public struct DailyStatistics: Hashable, Sendable {
    public var date: LocalDate
    /// One row per operator who created a case, received a decision or made one that day, by login name.
    public var rows: [ClerkDay]

    public init(date: LocalDate, rows: [ClerkDay]) {
        self.date = date
        self.rows = rows
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
    public func dailyStatistics(date: LocalDate, timeZone: TimeZone? = nil) throws -> DailyStatistics {
        let timeZone = timeZone ?? options.timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)),
              let end = calendar.date(byAdding: .day, value: 1, to: start) else {
            throw StoreError.invalidInput(field: "date", reason: "无法换算 \(date) 在 \(timeZone.identifier) 的起止时刻")
        }
        return try read { db in
            var days: [Int64: ClerkDay] = [:]
            var serveMinutes: [Int64: [Double]] = [:]
            func day(_ id: Int64) throws -> ClerkDay {
                if let existing = days[id] { return existing }
                guard let op = try Operator.fetchOne(db, id: id) else { throw StoreError.operatorNotFound("#\(id)") }
                return ClerkDay(operatorID: op.id, operatorName: op.name, displayName: op.displayName, role: op.role)
            }

            // The day's cases with the moment each was first submitted, read from the status changes' audit rows.
            let cases = try SQLRow.fetchAll(db, sql: """
                SELECT c.workflow, c.decision, c.status, c.created_by, c.created_at,
                       (SELECT MIN(a.at) FROM audit_log a
                        WHERE a.entity = 'case' AND a.entity_id = c.number AND a.action = 'case.status'
                          AND \(db.dialect.jsonText("a.detail", ["from"])) = 'draft'
                          AND \(db.dialect.jsonText("a.detail", ["to"])) = 'submitted') AS submitted_at
                FROM case_record c
                WHERE c.created_at >= ? AND c.created_at < ?
                """, arguments: [start, end])
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
                if let submitted: Date = row["submitted_at"], let created: Date = row["created_at"] {
                    serveMinutes[creator, default: []].append(submitted.timeIntervalSince(created) / 60)
                }
            }
            for (id, minutes) in serveMinutes {
                days[id]?.averageServeMinutes = minutes.reduce(0, +) / Double(minutes.count)
            }

            let decisions = try SQLRow.fetchAll(db, sql: """
                SELECT DISTINCT case_id, decided_by, decided_at, decision, requested_by FROM approval
                WHERE decided_at >= ? AND decided_at < ?
                """, arguments: [start, end])
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
            return DailyStatistics(date: date, rows: days.values.sorted { $0.operatorName < $1.operatorName })
        }
    }
}
