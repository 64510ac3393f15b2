import CanbaoRules
import CanbaoStore
import Foundation

/// What resolving one duplicate enrollment did.
public struct DuplicateResolved: Hashable, Sendable {
    public var keptRecordID: Int64
    /// The other records, each suspended or terminated.
    public var changed: [Suspension]
    /// The draft refund cases opened (国家规程 第十六条), by number.
    public var refundCases: [String]

    /// 已办理：保留 #3，终止 #5；退费草稿案件 2026-000012（首页“草稿”中继续办理）
    public var summary: String {
        let ended = changed.map { "\($0.status == .terminated ? "终止" : "暂停") #\($0.recordID)" }.joined(separator: "、")
        var text = "已办理：保留 #\(keptRecordID)，\(ended)"
        if !refundCases.isEmpty { text += "；退费草稿案件 \(refundCases.joined(separator: "、"))（首页“草稿”中继续办理）" }
        return text
    }
}

extension Counter {
    /// The person's duplicates (内蒙古细则 第二十三条); where the clerk chose a record to keep for a duplicate, that
    /// duplicate is judged with the choice (it stands for the person's choice, residence or current employment,
    /// whichever the principle asks).
    public func duplicates(ofPerson personID: Int64, keep: [Int: Int64]) throws -> PersonDuplicates? {
        let policy = try self.policy
        guard var found = try store.duplicates(forPerson: personID, policy: policy, today: today) else { return nil }
        for (index, keepID) in keep where found.duplicates.indices.contains(index) {
            let place = found.record(id: keepID)?.place
            let choices = DuplicateChoices(residencePlace: place, keepRecordID: keepID, currentEmploymentPlace: place)
            if let chosen = try store.duplicates(forPerson: personID, policy: policy, today: today, choices: choices),
               chosen.duplicates.indices.contains(index) {
                found.duplicates[index] = chosen.duplicates[index]
            }
        }
        return found
    }

    /// Carries out the retention of one duplicate as its principle says (内蒙古细则 第二十四条; 国家规程 第十四条):
    /// the other records end and a draft refund case opens for each refund due, in one transaction with its audit rows.
    public func resolveDuplicate(personID: Int64, index: Int, keep: [Int: Int64], commitment: Bool,
                                 by me: Operator) throws -> DuplicateResolved {
        try requireRealOperator(me, "处理真实的重复参保")
        guard let found = try duplicates(ofPerson: personID, keep: keep), found.duplicates.indices.contains(index) else {
            throw StoreError.notAllowed("此人的重复参保已变化，请按 F5 刷新后再办理")
        }
        let d = found.duplicates[index]
        guard let keepID = d.keepRecordID, !d.changes.isEmpty else {
            throw StoreError.notAllowed("须先确认\(d.retention.missingFacts.map(\.chinese).joined(separator: "、"))")
        }
        guard commitment || !d.retention.needsCommitment else {
            throw StoreError.notAllowed("须先收取参保人书面承诺书（\(d.retention.citation)）")
        }
        let note = "\(d.retention.principle.chinese)（\(d.retention.citation)）" + (commitment ? "；已收取参保人书面承诺书" : "")
        let done = try store.resolveDuplicateOpeningRefunds(personID: personID, keep: keepID, changes: d.changes, by: .operator(me.id),
                                                            note: note, refunds: d.refundCases)
        return DuplicateResolved(keptRecordID: keepID, changed: d.changes, refundCases: done.refundCases.map(\.number))
    }
}
