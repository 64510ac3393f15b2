import CanbaoRules
@testable import CanbaoStore
import Foundation
import Testing

@Suite("Approval queue")
struct ApprovalQueueTests {
    /// 2026-03-02 09:00 Beijing time.
    static let morning = Date(timeIntervalSince1970: 1_772_413_200)

    @Test(arguments: TestBackend.all) func oldestRequestFirstWithJustificationClerkAndWait(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        // Created in order A, B, C but sent to the supervisors C, A, B.
        let a = try hall.submittedCase(workflow: "newborn")
        let b = try hall.submittedCase(workflow: "student", by: hall.otherClerk)
        let c = try hall.submittedCase(workflow: "newborn", by: hall.otherClerk)
        hall.clock.set(Self.morning)
        try hall.store.requestApproval(caseID: c.id, justification: "  学校证明已在路上  ", expectedVersion: c.version,
                                       by: hall.otherClerk.id)
        hall.clock.set(Self.morning.addingTimeInterval(10 * 60))
        try hall.store.requestApproval(caseID: a.id, justification: "家长住院，延误办理", expectedVersion: a.version,
                                       by: hall.clerk.id)
        hall.clock.set(Self.morning.addingTimeInterval(25 * 60))
        try hall.store.requestApproval(caseID: b.id, justification: "在第三地就读", expectedVersion: b.version,
                                       by: hall.otherClerk.id)

        let queue = try hall.store.approvalQueue()
        #expect(queue.map(\.caseRecord.number) == ["2026-000003", "2026-000001", "2026-000002"])
        #expect(queue.map(\.justification) == ["学校证明已在路上", "家长住院，延误办理", "在第三地就读"])
        #expect(queue.map(\.requestedBy.name) == ["clerk2", "clerk1", "clerk2"])
        #expect(queue.map(\.requestedAt) == [Self.morning, Self.morning.addingTimeInterval(600),
                                             Self.morning.addingTimeInterval(1500)])
        #expect(queue.map(\.caseRecord.status) == [.awaitingApproval, .awaitingApproval, .awaitingApproval])
        #expect(queue[0].exceptions == [Fixture.windowFinding])
        #expect(queue[0].exceptions.first?.citation == "内蒙古细则 第十二条（一）1")
        // At 10:10 the first has waited 70 minutes, the last 45.
        let tenTen = Self.morning.addingTimeInterval(70 * 60)
        #expect(queue.map { $0.waitedMinutes(at: tenTen) } == [70, 60, 45])
        let request = try #require(try hall.store.approvalRequests(caseID: c.id).first)
        #expect(queue[0].requestID == request.id)
        #expect(request.requestedBy == hall.otherClerk.id)
    }

    @Test(arguments: TestBackend.all) func filtersByWorkflowAndClerk(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let newborn1 = try hall.awaitingCase(workflow: "newborn")
        let student = try hall.awaitingCase(workflow: "student", by: hall.otherClerk)
        let newborn2 = try hall.awaitingCase(workflow: "newborn", by: hall.otherClerk)
        let submitted = try hall.submittedCase(workflow: "newborn") // submitted but never sent: not in the queue
        let numbers = { (items: [ApprovalQueueItem]) in items.map(\.caseRecord.id) }
        #expect(numbers(try hall.store.approvalQueue()) == [newborn1.id, student.id, newborn2.id])
        #expect(numbers(try hall.store.approvalQueue(workflow: "newborn")) == [newborn1.id, newborn2.id])
        #expect(numbers(try hall.store.approvalQueue(requestedBy: hall.otherClerk.id)) == [student.id, newborn2.id])
        #expect(numbers(try hall.store.approvalQueue(workflow: "newborn", requestedBy: hall.otherClerk.id))
            == [newborn2.id])
        #expect(try hall.store.approvalQueue(workflow: "veteran").isEmpty)
        #expect(try hall.store.approvalQueue(requestedBy: hall.supervisor.id).isEmpty)
        // One case, as a supervisor reviewing it asks: its entry only, and none for a case not awaiting approval.
        #expect(numbers(try hall.store.approvalQueue(caseID: student.id)) == [student.id])
        #expect(numbers(try hall.store.approvalQueue(workflow: "newborn", caseID: newborn2.id)) == [newborn2.id])
        #expect(try hall.store.approvalQueue(workflow: "newborn", caseID: student.id).isEmpty)
        #expect(try hall.store.approvalQueue(caseID: submitted.id).isEmpty)
    }

    @Test(arguments: TestBackend.all) func decidedCasesLeaveTheQueueAndPartlyDecidedOnesShowWhatIsLeft(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let approved = try hall.awaitingCase()
        let rejected = try hall.awaitingCase()
        let partly = try hall.awaitingCase(verdict: Fixture.twoExceptionsVerdict)
        #expect(try hall.store.approvalQueue().map(\.exceptions) == [
            [Fixture.windowFinding], [Fixture.windowFinding], [Fixture.windowFinding, Fixture.placeFinding],
        ])
        try hall.store.decide(caseID: approved.id, Hall.approve(), expectedVersion: approved.version,
                              by: hall.otherSupervisor.id)
        try hall.store.decide(caseID: rejected.id, Hall.reject(), expectedVersion: rejected.version,
                              by: hall.otherSupervisor.id)
        try hall.store.decide(caseID: partly.id, Hall.approve([Fixture.windowFinding]),
                              expectedVersion: partly.version, by: hall.otherSupervisor.id)
        let queue = try hall.store.approvalQueue()
        #expect(queue.map(\.caseRecord.id) == [partly.id])
        #expect(queue.map(\.exceptions) == [[Fixture.placeFinding]])
    }

    @Test(arguments: TestBackend.all) func aResubmittedCaseQueuesWithItsNewRequest(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        hall.clock.set(Self.morning)
        let waiting = try hall.awaitingCase(justification: "第一次申请")
        // The clerk takes it back to fix the case, then sends it again an hour later.
        let back = try hall.store.setStatus(caseID: waiting.id, to: .submitted, expectedVersion: waiting.version,
                                            by: hall.clerk.id)
        #expect(try hall.store.approvalQueue().isEmpty)
        hall.clock.set(Self.morning.addingTimeInterval(3600))
        try hall.store.requestApproval(caseID: back.id, justification: "补充说明后再次申请", expectedVersion: back.version,
                                       by: hall.clerk.id)
        let queue = try hall.store.approvalQueue()
        #expect(queue.map(\.justification) == ["补充说明后再次申请"])
        #expect(queue.map(\.requestedAt) == [Self.morning.addingTimeInterval(3600)])
        #expect(try hall.store.approvalRequests(caseID: waiting.id).map(\.justification) == ["第一次申请", "补充说明后再次申请"])
    }

    @Test(arguments: TestBackend.all) func requestingApprovalNeedsASubmittedExceptionAndAReason(_ backend: TestBackend) throws {
        let hall = try Hall(backend)
        let submitted = try hall.submittedCase()
        let reason = "请写明提交审核的理由（至少 2 个字）"
        for short in ["", "   ", "晚", " 误 \n"] {
            #expect(throws: StoreError.invalidInput(field: "justification", reason: reason)) {
                try hall.store.requestApproval(caseID: submitted.id, justification: short,
                                               expectedVersion: submitted.version, by: hall.clerk.id)
            }
        }
        // setStatus to awaiting-approval is the same request, its note the justification.
        #expect(throws: StoreError.invalidInput(field: "justification", reason: reason)) {
            try hall.store.setStatus(caseID: submitted.id, to: .awaitingApproval, expectedVersion: submitted.version,
                                     by: hall.clerk.id)
        }
        let accepted = try hall.submittedCase(verdict: Fixture.acceptVerdict)
        #expect(throws: StoreError.notAllowed("办件 2026-000002 校验结论为“予以受理”，不需要审核员审批")) {
            try hall.store.requestApproval(caseID: accepted.id, justification: "家长住院，延误办理",
                                           expectedVersion: accepted.version, by: hall.clerk.id)
        }
        let draft = try hall.store.createCase(caseJSON: Fixture.caseJSON(), by: hall.clerk.id)
        #expect(throws: StoreError.invalidTransition(number: "2026-000003", from: .draft, to: .awaitingApproval)) {
            try hall.store.requestApproval(caseID: draft.id, justification: "家长住院，延误办理",
                                           expectedVersion: draft.version, by: hall.clerk.id)
        }
        #expect(try hall.store.approvalQueue().isEmpty)

        let waiting = try hall.store.setStatus(caseID: submitted.id, to: .awaitingApproval,
                                               expectedVersion: submitted.version, by: hall.clerk.id,
                                               note: "家长住院，延误办理")
        #expect(waiting.status == .awaitingApproval)
        #expect(try hall.store.approvalQueue().map(\.justification) == ["家长住院，延误办理"])
        let audit = try #require(try hall.store.auditLog(entity: "case", entityID: "2026-000001").last)
        #expect(audit.action == "case.status")
        #expect(audit.actor == "clerk1")
        #expect(audit.detail == #"{"from":"submitted","note":"家长住院，延误办理","to":"awaiting-approval"}"#)
    }
}
