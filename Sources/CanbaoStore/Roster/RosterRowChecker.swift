import CanbaoRules
import Foundation

/// One row that passed its own checks, as the store lookup and the rules core need it. Laid out small (64 bytes; a
/// million-row roster holds a million of them): the strings first, the row index 32-bit, the key without an
/// optional's padding.
struct RosterCandidate {
    var name: String
    /// The normalized number when it is not a resident ID's (`key` is nil).
    var text: String?
    private var storedKey: Int64
    private var storedRow: UInt32
    /// As declared, else as the number encodes it.
    var birthDate: LocalDate?
    var sex: Sex?
    var kind: DocumentKind
    var declaredSex: Sex?
    var declaredBirth: LocalDate?

    init(row: Int, kind: DocumentKind, number: String, name: String, birthDate: LocalDate?, sex: Sex?,
         declaredBirth: LocalDate?, declaredSex: Sex?, key: Int? = nil) {
        let key = key ?? RosterLookup.key(kind, number)
        storedRow = UInt32(truncatingIfNeeded: row)
        self.kind = kind
        storedKey = key.map(Int64.init) ?? -1
        text = key == nil ? number : nil
        self.name = name
        self.birthDate = birthDate
        self.sex = sex
        self.declaredBirth = declaredBirth
        self.declaredSex = declaredSex
    }

    /// Index into the table's rows.
    var row: Int { Int(storedRow) }
    /// A resident ID number as `RosterLookup.key` (no String for the usual case), else nil and the text in `text`.
    var key: Int? { storedKey >= 0 ? Int(storedKey) : nil }

    /// Normalized.
    var number: String {
        if let text { return text }
        guard let key else { return "" }
        let digits = String(key / 11)
        let check = key % 11
        return String(repeating: "0", count: 17 - digits.count) + digits + (check == 10 ? "X" : String(check))
    }

    var document: IdentityDocument { IdentityDocument(kind: kind, number: number) }
    var personInput: PersonInput { PersonInput(document: document, name: name, birthDate: birthDate, sex: sex) }
}

struct RosterProblems: Error { var issues: [RosterIssue] }

/// The checks of one row's own cells, on the file's bytes: a valid number is recognised without a String
/// (`IdentityValidation.decodeIfValid`); anything else goes through `IdentityValidation.validate` for its message.
struct RosterRowChecker {
    let columns: RosterColumns.Positions
    let header: [String]
    let today: LocalDate
    let kinds: [DocumentKind]
    /// Kinds by what a spreadsheet may say: the code, the Chinese name, 身份证.
    let kindNames: [String: DocumentKind]
    /// The labels that mean a resident ID, as UTF-8.
    let residentLabels: [[UInt8]]
    /// The columns read or kept, with the length each may have.
    let limits: [(column: Int, limit: Int)]

    init(columns: RosterColumns.Positions, header: [String], today: LocalDate, kinds: [DocumentKind]) {
        self.columns = columns
        self.header = header
        self.today = today
        self.kinds = kinds
        var names: [String: DocumentKind] = ["身份证": .residentID, "居民身份证号码": .residentID]
        for kind in DocumentKind.allCases {
            names[kind.rawValue] = kind
            names[kind.chineseName] = kind
        }
        kindNames = names
        residentLabels = names.filter { $0.value == .residentID }.keys.map { Array($0.utf8) }
        limits = columns.used.map { ($0, $0 == columns.name ? SafeText.maxNameLength : SafeText.maxLineLength) }
    }

    /// The last kind label read and what it meant: a roster repeats one label on every row.
    struct KindCache {
        var label: [UInt8] = []
        var kind: DocumentKind?
    }

    /// `fields`: room for the row's fields, reused from row to row.
    func check(_ table: CSVTable, _ index: Int, _ text: UnsafeBufferPointer<UInt8>,
               _ cache: inout KindCache, _ fields: inout [Range<Int>]) -> Result<RosterCandidate, RosterProblems> {
        let row = table.rows[index]
        guard row.count == header.count else {
            return .failure(RosterProblems(issues: [RosterIssue(column: nil, reason: "有 \(row.count) 个字段，表头有 \(header.count) 列")]))
        }
        table.fields(row, into: &fields)
        let fields = fields
        var issues: [RosterIssue] = []
        /// The cell's bytes without surrounding padding.
        func cell(_ column: Int?) -> UnsafeBufferPointer<UInt8> {
            guard let column else { return UnsafeBufferPointer(rebasing: text[0..<0]) }
            var range = fields[column]
            while range.lowerBound < range.upperBound, text[range.lowerBound] == 0x20 || text[range.lowerBound] == 0x09 {
                range = (range.lowerBound + 1)..<range.upperBound
            }
            while range.lowerBound < range.upperBound, text[range.upperBound - 1] == 0x20 || text[range.upperBound - 1] == 0x09 {
                range = range.lowerBound..<(range.upperBound - 1)
            }
            return UnsafeBufferPointer(rebasing: text[range])
        }
        func string(_ column: Int?) -> String { Self.trimmed(String(decoding: cell(column), as: UTF8.self)) }

        // Control characters and length before anything else: a refused cell is never quoted in a message.
        for (column, limit) in limits {
            if let problem = Self.textProblem(cell(column), limit: limit) {
                issues.append(RosterIssue(column: header[column], reason: problem))
            }
        }
        guard issues.isEmpty else { return .failure(RosterProblems(issues: issues)) }

        let name = string(columns.name)
        if name.isEmpty { issues.append(RosterIssue(column: header[columns.name], reason: "不能为空")) }

        var kind = DocumentKind.residentID
        if let k = columns.kind, !cell(k).isEmpty {
            let known: DocumentKind?
            if cache.kind != nil, cell(k).elementsEqual(cache.label) {
                known = cache.kind
            } else {
                known = kindNames[string(k)]
                if let known { cache = KindCache(label: Array(cell(k)), kind: known) }
            }
            if let parsed = known {
                kind = parsed
                if !kinds.contains(parsed) {
                    let allowed = kinds.map(\.chineseName).joined(separator: "、")
                    issues.append(RosterIssue(column: header[k], reason: "学生参保登记只接受\(allowed)，不接受\(parsed.chineseName)"))
                }
            } else {
                issues.append(RosterIssue(column: header[k], reason: "无法识别的证件类型“\(string(k).prefix(20))”"))
            }
        }

        let numberColumn = header[columns.number]
        var number = ""
        var fastKey: Int?
        var decoded: DecodedIDNumber?
        var numberValid: Bool
        if let fast = IdentityValidation.decodeIfValid(kind: kind, utf8: cell(columns.number), today: today) {
            // The String is only made for the few that need one (a message, another kind).
            fastKey = RosterLookup.key(cell(columns.number))
            if fastKey == nil || kind != .residentID { number = String(decoding: cell(columns.number), as: UTF8.self) }
            decoded = fast
            numberValid = true
        } else {
            let document = IdentityDocument(kind: kind, number: string(columns.number)).normalized
            number = document.number
            let problems = IdentityValidation.validate(document, today: today, field: "person.document")
                .filter { $0.severity == .block }
            for f in problems { issues.append(RosterIssue(column: numberColumn, reason: f.message)) }
            numberValid = problems.isEmpty
            decoded = numberValid ? IdentityValidation.decode(number) : nil
        }

        var birth: LocalDate?
        if let b = columns.birth, !cell(b).isEmpty {
            if let date = RosterDate.parse(cell(b)) ?? RosterDate.parse(string(b)) {
                birth = date
                if date > today { issues.append(RosterIssue(column: header[b], reason: "出生日期晚于今天")) }
                if numberValid, let decoded, decoded.birthDate != date {
                    let document = IdentityDocument(kind: kind, number: String(decoding: cell(columns.number), as: UTF8.self)).normalized
                    for f in IdentityValidation.consistency(of: document, birthDate: date, sex: nil, origin: nil, field: "person.birth_date") {
                        issues.append(RosterIssue(column: header[b], reason: f.message))
                    }
                }
            } else {
                issues.append(RosterIssue(column: header[b], reason: "“\(string(b).prefix(20))”不是有效日期（应为 YYYY-MM-DD）"))
            }
        }
        var sex: Sex?
        if let s = columns.sex, !cell(s).isEmpty {
            sex = Self.sex(cell(s))
            if sex == nil {
                issues.append(RosterIssue(column: header[s], reason: "“\(string(s).prefix(10))”无效（应为 男 或 女）"))
            } else if numberValid, let decoded, decoded.sex != sex {
                let document = IdentityDocument(kind: kind, number: String(decoding: cell(columns.number), as: UTF8.self)).normalized
                for f in IdentityValidation.consistency(of: document, birthDate: nil, sex: sex, origin: nil, field: "person.sex") {
                    issues.append(RosterIssue(column: header[s], reason: f.message))
                }
            }
        }
        guard issues.isEmpty else { return .failure(RosterProblems(issues: issues)) }
        return .success(RosterCandidate(row: index, kind: kind, number: number, name: name,
                                        birthDate: birth ?? decoded?.birthDate, sex: sex ?? decoded?.sex,
                                        declaredBirth: birth, declaredSex: sex, key: kind == .residentID ? fastKey : nil))
    }

    /// Without the ideographic spaces (U+3000) a Chinese input method leaves around a cell (ASCII ones are gone).
    static func trimmed(_ text: String) -> String {
        guard text.unicodeScalars.first == "\u{3000}" || text.unicodeScalars.last == "\u{3000}" else { return text }
        return text.trimmed(.whitespaces)
    }

    static func sex(_ bytes: UnsafeBufferPointer<UInt8>) -> Sex? {
        if bytes.elementsEqual("男".utf8) { return .male }
        if bytes.elementsEqual("女".utf8) { return .female }
        switch String(decoding: bytes, as: UTF8.self).lowercased() {
        case "male", "m": return .male
        case "female", "f": return .female
        default: return nil
        }
    }

    /// Why `SafeText` refuses the cell, or nil. Bytes first: only a cell with a byte that may start a control
    /// (C0, DEL, the C2 lead of C1 controls, the E2 lead of the bidi controls and separators, the D8 of the Arabic
    /// letter mark, the EF of the annotation controls), or longer than the limit could be in characters, becomes a
    /// String to ask `SafeText`.
    static func textProblem(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> String? {
        var suspect = bytes.count > limit
        if !suspect {
            for b in bytes where b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xE2 || b == 0xD8 || b == 0xEF {
                suspect = true
                break
            }
        }
        guard suspect else { return nil }
        return SafeText.problem(in: String(decoding: bytes, as: UTF8.self), maxLength: limit)
    }
}
