/// The day's figures in words, shared by the statistics screen and `canbao report daily`, so the two never say it
/// differently: cases served are counted; drafts, open or voided, are said apart.
public enum StatisticsWording {
    /// "另有草稿 2 件，作废 1 件，不计入件数"; nil when there are none.
    public static func drafts(_ drafts: Int, voided: Int) -> String? {
        guard drafts + voided > 0 else { return nil }
        return "另有草稿 \(drafts) 件" + (voided > 0 ? "，作废 \(voided) 件" : "") + "，不计入件数"
    }

    /// A hall's day: "办件 1 件（另有草稿及作废 1 件），审批 0 次".
    public static func hall(served: Int, opened: Int, decisions: Int) -> String {
        "办件 \(served) 件" + (opened > served ? "（另有草稿及作废 \(opened - served) 件）" : "") + "，审批 \(decisions) 次"
    }
}
