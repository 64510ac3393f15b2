import CanbaoRules

/// A place field takes a GB/T 2260 code or a name to look up (东胜 → 150602): a code is six digits, so digits stop
/// there, and the clerk is told, rather than a seventh digit turning a valid code into an unknown one.
enum PlaceEntry {
    static let codeLength = 6

    /// How many digits of `incoming` still fit after `current` when both are digits only (a code being entered); nil
    /// for a name, which the field's own length bounds.
    static func room(current: String, incoming: String) -> Int? {
        let have = IdentityDocument.normalize(current)
        let adding = IdentityDocument.normalize(incoming)
        guard !adding.isEmpty, (have + adding).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return max(0, codeLength - have.count)
    }

    static func tooLong(_ label: String, dropped: Int) -> String {
        "\(label)为 \(codeLength) 位行政区划代码（GB/T 2260），多出的 \(dropped) 位未录入"
    }
}
