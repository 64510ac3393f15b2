import CanbaoRules
import CanbaoStore
import Foundation

/// A case's audit rows as one Chinese line each, for the supervisor's review, with the hall and counter of each.
enum HistoryLine {
    static let actions = [
        "case.create": "建档", "case.update": "修改", "case.status": "状态变更", "case.approval": "审批",
        "case.register": "登记", "case.approval_request": "提交审核", "case.decide": "审批",
    ]
    static let statuses = Dictionary(uniqueKeysWithValues: CaseStatus.allCases.map { ($0.rawValue, $0.chinese) })

    /// Nil for the per-field draft saves, which would drown the rest.
    static func text(_ e: AuditEntry, names: [Int64: String], clock: BusinessClock) -> String? {
        guard e.action != "case.draft" else { return nil }
        // Where it was done, once the agency records halls: a case raised in one hall may be decided in another.
        let place = ServicePoint.shown(hall: e.hall, counter: e.counter).map { "（\($0)）" } ?? ""
        let who = (e.operatorID.flatMap { names[$0] } ?? e.actor) + place
        let detail = (try? JSONDecoder().decode([String: String].self, from: Data(e.detail.utf8))) ?? [:]
        var what = actions[e.action] ?? e.action
        if let from = detail["from"], let to = detail["to"] { what += " \(statuses[from] ?? from)→\(statuses[to] ?? to)" }
        if let decision = detail["decision"] { what += " \(decision == "approved" ? "批准" : decision == "rejected" ? "驳回" : decision)" }
        if let note = detail["note"] ?? detail["reason"] ?? detail["justification"], !note.isEmpty { what += "：\(note)" }
        guard let at = storedDate(e.at) else { return "\(e.at.prefix(16)) \(who) \(what)" }
        return "\(clock.monthDay(at)) \(clock.time(at)) \(who) \(what)"
    }

    /// GRDB's UTC `YYYY-MM-DD HH:MM:SS.SSS`.
    static func storedDate(_ text: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = text.count > 19 ? "yyyy-MM-dd HH:mm:ss.SSS" : "yyyy-MM-dd HH:mm:ss"
        return f.date(from: text)
    }
}
