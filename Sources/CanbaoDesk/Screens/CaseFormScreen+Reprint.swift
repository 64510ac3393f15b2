import CanbaoRules

/// F7 on a case waiting for documents: the 一次性告知书 handed over when it was submitted, printed again as the case
/// view's P does (rebuilt from the stored case, marked 补打, new files beside the old, never over them). The applicant
/// who lost the list comes back for exactly this case, which opens in the form, not the read-only view. F7 rather
/// than P or F6: P is typed into the fields, F6 moves between the form's areas.
extension CaseFormScreen {
    static let reprintKey = Key.function(7)

    /// Only a case whose notice was handed over has one to print again.
    static func mayReprint(_ s: CaseFormState) -> Bool {
        s.practice == nil && s.draft.status == .pendingDocuments && s.draft.number != nil
    }

    static func reprint(_ s: inout CaseFormState, _ desk: inout DeskState) -> [DeskEffect] {
        guard let number = s.draft.number, mayReprint(s) else {
            // A draft was never submitted: nothing was handed over yet.
            desk.message = .error("本案为“\(s.draft.status.chinese)”，尚未出具一次性告知书，没有可补打的通知书（F10 提交后出具）")
            return []
        }
        guard !s.reprinting else {
            desk.message = .info("正在补打，请稍候…")
            return []
        }
        s.reprinting = true
        desk.message = .info("正在补打一次性告知书…")
        return [.reprintNotice(number: number)]
    }

    /// The runtime's reply: the file written is named (the printer's answer follows when it says more).
    static func reprinted(_ s: inout CaseFormState, notices: [String], printed: [String], printing: String?,
                          _ desk: inout DeskState) {
        s.reprinting = false
        let what = notices.isEmpty ? "通知书" : notices.joined(separator: "、")
        let file = printed.first { $0.hasSuffix(".txt") } ?? printed.first
        var text = "已补打\(what)" + (file.map { "，文件 \($0)" } ?? "")
        if let printing, file.map({ !printing.contains($0) }) ?? true { text += "。\(printing)" }
        desk.message = .success(text)
    }
}
