import CanbaoRules
import CanbaoStore
import Foundation

/// What resolving one duplicate enrollment did.
public struct DuplicateResolved: Hashable, Sendable {
    /// The resolution's own case (重复参保处理), completed.
    public var number: String
    public var keptRecordID: Int64
    /// The other records, each suspended or terminated.
    public var changed: [Suspension]
    /// The draft refund cases opened (国家规程 第十六条), by number.
    public var refundCases: [String]
    /// The notice printed for the person (重复参保处理告知书).
    public var printed: [String]

    /// 案件 2026-000031 已办结：保留 #3，终止 #5；退费草稿案件 2026-000032（首页“草稿”中继续办理）
    public var summary: String {
        let ended = changed.map { "\($0.status == .terminated ? "终止" : "暂停") #\($0.recordID)" }.joined(separator: "、")
        var text = "案件 \(number) 已办结：保留 #\(keptRecordID)，\(ended)"
        if !refundCases.isEmpty { text += "；退费草稿案件 \(refundCases.joined(separator: "、"))（首页“草稿”中继续办理）" }
        return text
    }
}

extension Counter {
    /// Cases the counter opens itself, without a form: their titles in lists and statistics.
    public static let counterCaseTitles = [CounterStore.duplicateResolutionWorkflow: "重复参保处理"]

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

    /// Carries out the retention of one duplicate as its principle says (内蒙古细则 第二十四条; 国家规程 第十四条), as a
    /// numbered case (重复参保处理): the other records end and a draft refund case opens for each refund due, in one
    /// transaction with its audit rows; then the notice saying what was kept and why is printed.
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
        let file = resolutionCase(found, d, keep: keepID, commitment: commitment)
        let done = try store.resolveDuplicateAsCase(file, personID: personID, keep: keepID, changes: d.changes, by: me.id,
                                                    note: note, refunds: d.refundCases)
        let notice = Notice.duplicateResolution(DuplicateNoticeFacts(
            number: done.resolution.number, person: found.person, records: found.records, duplicate: d, keep: keepID,
            commitment: commitment, refundCases: done.refundCases.map(\.number)),
            counter: info, clerk: me.displayName, date: today, divisions: forms.divisions)
        let printed = try printer.print(notice, number: done.resolution.number)
        return DuplicateResolved(number: done.resolution.number, keptRecordID: keepID, changed: d.changes,
                                 refundCases: done.refundCases.map(\.number), printed: printed)
    }

    /// The resolution as a case file: the person, the records of the duplicate, what was kept and on what principle.
    func resolutionCase(_ found: PersonDuplicates, _ d: StoredDuplicate, keep: Int64, commitment: Bool) -> CaseFile {
        var c = CaseFile(workflow: CounterStore.duplicateResolutionWorkflow, region: info.region, today: today, here: info.place)
        let p = found.person
        c.person = Party(name: p.name, document: p.document, birthDate: p.birthDate, sex: p.sex)
        c.platformRecords = d.recordIDs.compactMap { found.record(id: $0)?.platformRecord }
        c.facts = ["duplicate_rule": .text(d.duplicate.rule.rawValue), "principle": .text(d.retention.principle.rawValue),
                   "keep_record": .int(Int(keep)), "citation": .text(d.retention.citation), "commitment": .bool(commitment)]
        if commitment { c.documentsPresented = ["commitment-letter"] }
        return c
    }
}
