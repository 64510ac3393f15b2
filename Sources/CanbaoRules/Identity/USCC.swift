/// Unified social credit code (统一社会信用代码, GB 32100-2015): units register with it (江门规程 第五条（1）).
extension IdentityValidation {
    /// The 31 code characters: digits and upper-case letters without I, O, Z, S, V. Index = value.
    static let usccAlphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    static func usccValue(_ c: Character) -> Int? {
        usccAlphabet.firstIndex(of: c)
    }

    /// GB 32100 check character for the first 17 characters: (31 − Σ value×weight mod 31) mod 31.
    /// Nil if the input is not 17 characters of the code alphabet (no normalisation is applied).
    public static func usccCheckCharacter(first17: String) -> Character? {
        let chars = Array(first17)
        guard chars.count == 17 else { return nil }
        var sum = 0
        for (c, w) in zip(chars, usccWeights) {
            guard let v = usccValue(c) else { return nil }
            sum += v * w
        }
        return usccAlphabet[(31 - sum % 31) % 31]
    }

    /// Validates a unified social credit code (normalised first: spaces, full-width, lower case).
    /// Empty, wrong length or a character outside the alphabet is a `.block`; a wrong check character only a
    /// `.warn`, because some early pilot codes fail the check. Rule `identity.uscc`, 江门规程 第五条（1）.
    public static func validateUSCC(_ code: String, field: String) -> [Finding] {
        func finding(_ severity: Severity, _ message: String) -> [Finding] {
            [Finding(rule: usccRule, severity: severity, message: message, citation: usccCitation, field: field)]
        }
        let chars = Array(IdentityDocument.normalize(code))
        if chars.isEmpty { return finding(.block, "统一社会信用代码不能为空") }
        guard chars.count == 18 else { return finding(.block, "统一社会信用代码应为18位，实际为\(chars.count)位") }
        if let i = chars.indices.first(where: { usccValue(chars[$0]) == nil }) {
            return finding(.block, "统一社会信用代码第\(i + 1)位 \(show(chars[i])) 不是有效字符（只能是数字和除 I、O、Z、S、V 以外的大写字母）")
        }
        if let expected = usccCheckCharacter(first17: GB11643.text(chars[0..<17])), expected != chars[17] {
            return finding(.warn, "统一社会信用代码校验码不符：第18位应为 \(expected)，实际为 \(chars[17])（早期试点代码可能不符合校验规则，请核对营业执照）")
        }
        return []
    }
}
