@testable import CanbaoApp
import CanbaoStore
import Foundation
import Testing

/// The supervisor's review shows each step of a case with who took it and, once halls are recorded, where.
@Suite struct HistoryLineTests {
    static func entry(hall: String?, counter: String?) -> AuditEntry {
        AuditEntry(seq: 7, at: "2026-03-02 01:12:00.000", operatorID: 3, actor: "clerk1", action: "case.status",
                   entity: "case", entityID: "2026-000001", detail: #"{"from":"submitted","to":"awaiting-approval"}"#,
                   rowsHash: "", prevHash: "", hash: "", hall: hall, counter: counter)
    }

    @Test func aStepNamesItsHallAndCounterWhenOneWasRecorded() {
        let clock = BusinessClock(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let names: [Int64: String] = [3: "王芳"]
        #expect(HistoryLine.text(Self.entry(hall: "东胜大厅", counter: "3号窗口"), names: names, clock: clock)
            == "03-02 09:12 王芳（东胜大厅 3号窗口） 状态变更 已提交→待审核")
        #expect(HistoryLine.text(Self.entry(hall: "东胜大厅", counter: nil), names: names, clock: clock)
            == "03-02 09:12 王芳（东胜大厅） 状态变更 已提交→待审核")
        #expect(HistoryLine.text(Self.entry(hall: nil, counter: nil), names: names, clock: clock)
            == "03-02 09:12 王芳 状态变更 已提交→待审核")
    }
}
