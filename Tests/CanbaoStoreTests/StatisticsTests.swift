import CanbaoRules
@testable import CanbaoStore
import Foundation
import Testing

@Suite("Counter statistics")
struct StatisticsTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    /// 2026-03-02 00:00 in Beijing = 2026-03-01 16:00 UTC.
    static let midnight = Date(timeIntervalSince1970: 1_772_380_800)

    static func at(_ hour: Int, _ minute: Int, _ second: Int = 0) -> Date {
        midnight.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60 + second))
    }

    /// A day at the counter, in time order (Beijing time).
    static func servedDay(_ backend: TestBackend) throws -> Hall {
        let hall = try Hall(backend)
        let store = hall.store
        func open(_ by: Operator, _ workflow: String, at time: Date, verdict: String?) throws -> CaseRecord {
            hall.clock.set(time)
            let json = Fixture.caseJSON(workflow: workflow)
            let created = try store.createCase(caseJSON: json, applicantID: hall.applicant.id, by: by.id)
            guard let verdict else { return created }
            return try store.updateCase(caseID: created.id, caseJSON: json, verdictJSON: verdict,
                                        applicantID: hall.applicant.id, expectedVersion: created.version, by: by.id)
        }
        func submit(_ record: CaseRecord, by: Operator, at time: Date) throws -> CaseRecord {
            hall.clock.set(time)
            return try store.setStatus(caseID: record.id, to: .submitted, expectedVersion: record.version, by: by.id)
        }

        // The day before: clerk2 raises an exception at 15:00, submitted 15:20; clerk1 opens a case at 23:59:59.
        var previous = try open(hall.otherClerk, "newborn", at: at(-9, 0), verdict: Fixture.approvalVerdict)
        previous = try submit(previous, by: hall.otherClerk, at: at(-9, 20))
        previous = try store.requestApproval(caseID: previous.id, justification: "家长住院，延误办理",
                                             expectedVersion: previous.version, by: hall.otherClerk.id)
        _ = try open(hall.clerk, "migrant-worker", at: at(0, 0, -1), verdict: nil)

        // Exactly midnight belongs to the new day: clerk2, documents missing, submitted after 30 minutes.
        var missing = try open(hall.otherClerk, "student", at: at(0, 0), verdict: Fixture.missingDocumentsVerdict)
        missing = try submit(missing, by: hall.otherClerk, at: at(0, 30))
        try store.setStatus(caseID: missing.id, to: .pendingDocuments, expectedVersion: missing.version,
                            by: hall.otherClerk.id)
        // 08:00 sup2 rejects yesterday's exception: clerk2 receives a rejection today.
        hall.clock.set(at(8, 0))
        try store.decide(caseID: previous.id, Hall.reject(), expectedVersion: previous.version,
                         by: hall.otherSupervisor.id)

        // clerk1: accepted in 12 minutes, registered.
        var accepted = try open(hall.clerk, "migrant-worker", at: at(9, 0), verdict: Fixture.acceptVerdict)
        accepted = try submit(accepted, by: hall.clerk, at: at(9, 12))
        try store.register(caseID: accepted.id, enrollment: hall.newRecord, expectedVersion: accepted.version,
                           by: hall.clerk.id)
        // clerk1: two exceptions in 6 minutes; sup2 approves both at once at 11:00 (one decision).
        var exception = try open(hall.clerk, "newborn", at: at(10, 0), verdict: Fixture.twoExceptionsVerdict)
        exception = try submit(exception, by: hall.clerk, at: at(10, 6))
        exception = try store.requestApproval(caseID: exception.id, justification: "家长住院，延误办理",
                                              expectedVersion: exception.version, by: hall.clerk.id)
        hall.clock.set(at(11, 0))
        try store.decide(caseID: exception.id, Hall.approve([Fixture.windowFinding, Fixture.placeFinding]),
                         expectedVersion: exception.version, by: hall.otherSupervisor.id)
        // clerk1: a draft withdrawn without submitting (no serve time), and one still open just before midnight.
        let withdrawn = try open(hall.clerk, "migrant-worker", at: at(12, 0), verdict: nil)
        hall.clock.set(at(12, 5))
        try store.setStatus(caseID: withdrawn.id, to: .withdrawn, expectedVersion: withdrawn.version, by: hall.clerk.id)
        _ = try open(hall.clerk, "migrant-worker", at: at(23, 59, 30), verdict: nil)
        // The next day starts at midnight.
        _ = try open(hall.clerk, "newborn", at: at(24, 0), verdict: nil)
        return hall
    }

    @Test(arguments: TestBackend.all) func oneDayInBeijingPerClerk(_ backend: TestBackend) throws {
        let hall = try Self.servedDay(backend)
        let day = try hall.store.dailyStatistics(date: Fixture.date("2026-03-02"), timeZone: Self.shanghai)
        #expect(day.date == Fixture.date("2026-03-02"))
        #expect(day.rows == [
            ClerkDay(operatorID: hall.clerk.id, operatorName: "clerk1", displayName: "柜员一", role: .clerk,
                     cases: ["migrant-worker": ["accept": 1, "draft": 2], "newborn": ["needs-approval": 1]],
                     casesTotal: 4, averageServeMinutes: 9.0, approvalsReceived: 1, rejectionsReceived: 0,
                     decisionsMade: 0,
                     // Where they stand now: the approved exception still waits for its registration; one draft open.
                     outcomes: ["newborn": ["awaiting-approval": 1], "migrant-worker": ["withdrawn": 1, "registered": 1]],
                     drafts: 1),
            ClerkDay(operatorID: hall.otherClerk.id, operatorName: "clerk2", displayName: "柜员二", role: .clerk,
                     cases: ["student": ["missing-documents": 1]], casesTotal: 1, averageServeMinutes: 30.0,
                     approvalsReceived: 0, rejectionsReceived: 1, decisionsMade: 0,
                     outcomes: ["student": ["pending-documents": 1]]),
            ClerkDay(operatorID: hall.otherSupervisor.id, operatorName: "sup2", displayName: "审核员二",
                     role: .supervisor, cases: [:], casesTotal: 0, averageServeMinutes: nil, approvalsReceived: 0,
                     rejectionsReceived: 0, decisionsMade: 2),
        ])
    }

    /// The tallies the CSV report is made of: every case of the day once, by operator, hall, workflow, verdict and
    /// status, adding up to each operator's figures.
    @Test(arguments: TestBackend.all) func theTalliesAreTheDaysCasesOnceEach(_ backend: TestBackend) throws {
        let hall = try Self.servedDay(backend)
        let day = try hall.store.dailyStatistics(date: Fixture.date("2026-03-02"), timeZone: Self.shanghai)
        let (clerk1, clerk2) = (hall.clerk.id, hall.otherClerk.id)
        #expect(day.tallies == [
            CaseTally(operatorID: clerk1, hall: nil, workflow: "migrant-worker", decision: .accept, status: .registered, count: 1),
            CaseTally(operatorID: clerk1, hall: nil, workflow: "migrant-worker", decision: nil, status: .draft, count: 1),
            CaseTally(operatorID: clerk1, hall: nil, workflow: "migrant-worker", decision: nil, status: .withdrawn, count: 1),
            CaseTally(operatorID: clerk1, hall: nil, workflow: "newborn", decision: .needsApproval, status: .awaitingApproval,
                      count: 1),
            CaseTally(operatorID: clerk2, hall: nil, workflow: "student", decision: .missingDocuments,
                      status: .pendingDocuments, count: 1),
        ].sorted(by: CaseTally.precedes))
        for row in day.rows {
            let own = day.tallies.filter { $0.operatorID == row.operatorID }
            #expect(own.reduce(0) { $0 + $1.count } == row.casesTotal)
            #expect(own.filter(\.isServed).reduce(0) { $0 + $1.count } == row.servedTotal)
            #expect(own.filter { $0.status == .draft }.reduce(0) { $0 + $1.count } == row.drafts)
            var outcomes: [String: [String: Int]] = [:]
            for tally in own where tally.isServed {
                outcomes[tally.workflow, default: [:]][tally.status.rawValue, default: 0] += tally.count
            }
            #expect(outcomes == row.outcomes)
        }
    }

    @Test(arguments: TestBackend.all) func theDayBeforeEndsAtBeijingMidnight(_ backend: TestBackend) throws {
        let hall = try Self.servedDay(backend)
        let day = try hall.store.dailyStatistics(date: Fixture.date("2026-03-01"), timeZone: Self.shanghai)
        #expect(day.rows == [
            ClerkDay(operatorID: hall.clerk.id, operatorName: "clerk1", displayName: "柜员一", role: .clerk,
                     cases: ["migrant-worker": ["draft": 1]], casesTotal: 1, drafts: 1),
            ClerkDay(operatorID: hall.otherClerk.id, operatorName: "clerk2", displayName: "柜员二", role: .clerk,
                     cases: ["newborn": ["needs-approval": 1]], casesTotal: 1, averageServeMinutes: 20.0,
                     outcomes: ["newborn": ["refused": 1]]),
        ])
        let next = try hall.store.dailyStatistics(date: Fixture.date("2026-03-03"), timeZone: Self.shanghai)
        #expect(next.rows.map(\.operatorName) == ["clerk1"])
        #expect(next.rows.map(\.cases) == [["newborn": ["draft": 1]]])
        #expect(try hall.store.dailyStatistics(date: Fixture.date("2026-03-04"), timeZone: Self.shanghai).rows == [])
    }

    /// The same store read in UTC: the day runs 08:00–08:00 Beijing time, so other cases fall in it.
    @Test(arguments: TestBackend.all) func theTimeZoneDecidesTheDay(_ backend: TestBackend) throws {
        let hall = try Self.servedDay(backend)
        let utc = try hall.store.dailyStatistics(date: Fixture.date("2026-03-02"), timeZone: TimeZone(identifier: "UTC")!)
        #expect(utc.rows.map(\.operatorName) == ["clerk1", "clerk2", "sup2"])
        #expect(utc.rows.map(\.casesTotal) == [5, 0, 0])
        #expect(utc.rows[0].cases == ["migrant-worker": ["accept": 1, "draft": 2],
                                      "newborn": ["needs-approval": 1, "draft": 1]])
        // The 08:00 Beijing rejection is 00:00 UTC: inside the UTC day, at its first instant.
        #expect(utc.rows.map(\.rejectionsReceived) == [0, 1, 0])
        #expect(utc.rows.map(\.decisionsMade) == [0, 0, 2])
    }
}
