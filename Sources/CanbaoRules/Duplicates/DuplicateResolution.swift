/// The cases that carry out a retention: the status change of each other record (终止/暂停) and, where a refund
/// is due, a draft `refund` case the clerk completes with the applicant (国家规程 第十六条: refund on application,
/// together with terminating the resident enrollment concerned).
public enum DuplicateResolution {
    /// A draft refund case for one action of a retention, or nil when the action owes no refund. The refunding place
    /// is the ended record's; `applicant` and the documents are left for the counter.
    public static func refundCase(for action: DuplicateAction, keep: Int, records: [PlatformRecord], person: Party,
                                  facts: DuplicateFacts, region: String, today: LocalDate) -> CaseFile? {
        guard let refund = action.refund, records.indices.contains(action.record) else { return nil }
        let ended = records[action.record]
        var c = CaseFile(workflow: "refund", region: region, today: today, here: ended.place, scheme: ended.scheme,
                         person: person, platformRecords: records)
        c.facts["refund_reason"] = .text(refund.reason)
        switch ended.scheme {
        case .resident:
            c.coverageYear = ended.year
            if let assisted = facts.assisted { c.facts["assisted"] = .bool(assisted.contains(action.record)) }
        case .employee:
            c.flexible = facts.flexible.contains(action.record)
            c.facts["flexible"] = .bool(facts.flexible.contains(action.record))
        }
        switch refund.reason {
        case "flexible-employed":
            // Employed since the first month the kept employer paid.
            let first = (records[keep].months ?? []).compactMap(MonthIndex.parse).min()
            if let first, let date = LocalDate(year: first / 12, month: first % 12 + 1, day: 1) {
                c.facts["employed_since"] = .text(date.description)
            }
        case "left-job-late":
            c.facts["refund_from"] = .text(refund.from)
            c.facts["refund_to"] = .text(refund.to)
        default:
            break
        }
        return c
    }

    /// The status changes a retention asks for, as the registration's `replaces` would name them.
    public static func replacedRecords(_ retention: Retention, records: [PlatformRecord]) -> [ReplacedRecord] {
        retention.actions.filter { records.indices.contains($0.record) }.map {
            ReplacedRecord(record: records[$0.record], action: $0.action, citation: $0.citation)
        }
    }
}
