import CanbaoRules

/// The columns a roster may have (Chinese headings), with the usual alternative names.
enum RosterColumns {
    static let name = "姓名", kind = "证件类型", number = "证件号码", birth = "出生日期", sex = "性别", className = "班级"
    static let error = "错误"
    static let aliases: [String: String] = [
        "姓名": name, "学生姓名": name,
        "证件类型": kind,
        "证件号码": number, "身份证号码": number, "身份证号": number, "公民身份号码": number,
        "出生日期": birth,
        "性别": sex,
        "班级": className,
    ]

    struct Positions: Sendable {
        var name: Int, number: Int
        var kind: Int?, birth: Int?, sex: Int?, className: Int?

        /// Every column a check reads or the store keeps.
        var used: [Int] { [name, number] + [kind, birth, sex, className].compactMap { $0 } }
    }

    /// Where the columns are. A heading with a control character is refused here: headings are quoted in every
    /// message about a cell.
    static func positions(_ header: [String]) throws -> Positions {
        for (i, heading) in header.enumerated() {
            if let problem = SafeText.problem(in: heading, maxLength: SafeText.maxLineLength) {
                throw RosterFileError("表头第 \(i + 1) 列\(problem)", line: 1)
            }
        }
        var found: [String: Int] = [:]
        for (i, heading) in header.enumerated() {
            guard let column = aliases[heading] else { continue }
            if found[column] != nil { throw RosterFileError("表头中“\(column)”列出现了两次", line: 1) }
            found[column] = i
        }
        let missing = [name, number].filter { found[$0] == nil }
        guard missing.isEmpty, let n = found[name], let d = found[number] else {
            throw RosterFileError("表头缺少必需的列：\(missing.joined(separator: "、"))（应有 姓名、证件号码，可选 证件类型、出生日期、性别、班级）",
                                  line: 1)
        }
        return Positions(name: n, number: d, kind: found[kind], birth: found[birth], sex: found[sex],
                         className: found[className])
    }
}
