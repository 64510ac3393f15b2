import CanbaoCounter
import CanbaoDesk
import CanbaoRules
import CanbaoStore
import Foundation

/// The read-only case view behind the desk: a decided case as stored, and its notice printed again.
extension DeskServices {
    /// The effects of this file; nil for any other.
    func caseSheet(_ effect: DeskEffect) throws -> [DeskMsg]? {
        switch effect {
        case let .viewCase(number):
            return [try sheet(number)]
        case let .reprintNotice(number):
            let done = try counter.reprint(number: number, by: try requireSession())
            return [.noticeReprinted(number: number, notices: done.notices, printed: done.printed,
                                     printing: try counter.printing(number))]
        default:
            return nil
        }
    }

    /// The case with the verdict it was decided on (checked now only when none was stored), its decisions and history,
    /// and the notices a reprint would print.
    private func sheet(_ number: String) throws -> DeskMsg {
        _ = try requireSession()
        guard let record = try store.case(number: number) else { return .failed(reason: "找不到案件 \(number)") }
        let counter = try self.counter
        let caseFile = try record.caseFile()
        let verdict = try record.verdict() ?? Evaluator.evaluate(caseFile, forms: forms, file: number)
        let names = Dictionary(uniqueKeysWithValues: try store.operators().map { ($0.id, $0.displayName) })
        let history = try store.auditLog(entity: "case", entityID: number).compactMap {
            HistoryLine.text($0, names: names, clock: clock)
        }
        // One line per decision: a supervisor decides all of a case's exceptions at once, with one note.
        var decisions: [String] = []
        var seen = Set<String>()
        for a in try store.approvals(caseID: record.id) {
            let line = "\(stamp(a.decidedAt)) 审核员\(names[a.decidedBy] ?? "") \(a.decision == .approved ? "批准" : "不予批准")：\(a.reason)"
            if seen.insert(line).inserted { decisions.append(line) }
        }
        let decidedStatus = record.status.isFinal || record.status == .awaitingApproval
        return .caseViewed(CaseSheet(number: number, status: record.status, caseFile: caseFile, verdict: verdict,
                                     clerkDisplayName: names[record.createdBy] ?? "", created: stamp(record.createdAt),
                                     decided: decidedStatus ? stamp(record.updatedAt) : nil,
                                     justification: try store.approvalRequests(caseID: record.id).last?.justification,
                                     decisions: decisions, history: history,
                                     notices: try counter.originalNotices(of: record).map(\.kind.rawValue),
                                     tampered: try tamperWarning(caseID: record.id)))
    }

    /// The warning a case view or review shows when the case's rows (the case, its requests and decisions, the
    /// operators named) are not as the audit log recorded them; nil when they are. Shown, not refused: the rows are
    /// evidence, and acting on them (approving, reprinting) is refused where it happens.
    func tamperWarning(caseID: Int64) throws -> String? {
        try tamperWarning { try store.requireCaseAsRecorded(caseID: caseID) }
    }

    /// The wording of the `StoreError.tampered` that `check` throws, nil when it passes; other errors go on.
    func tamperWarning(_ check: () throws -> Void) throws -> String? {
        do {
            try check()
            return nil
        } catch let error as StoreError {
            guard case let .tampered(what) = error else { throw error }
            return Self.tamperWording(what)
        }
    }

    /// `what` (the rows, for people) is not as the audit log recorded it: what the clerk is to do about it.
    static func tamperWording(_ what: String) -> String {
        "\(what)与审计日志记录的不符（可能被绕过本程序直接改动），以下内容不可作为办理依据：请审核员运行 canbao store verify 核查"
    }

    /// `2026-01-15 09:41` in the counter's zone.
    private func stamp(_ date: Date) -> String { "\(clock.day(of: date)) \(clock.time(date))" }
}
