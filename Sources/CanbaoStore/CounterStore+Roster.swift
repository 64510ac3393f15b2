import CanbaoRules
import Crypto
import Foundation
import GRDB

/// What a school sends and for whom: collective enrollment of its students (集体参保: 江门规程 第二十条（一）; 达拉特旗方案
/// 五（六）: schools organise their students' enrollment).
public struct RosterRequest: Hashable, Sendable {
    /// The school's name, as recorded with the roster.
    public var school: String
    /// The school's place (学籍地): where the students enroll (国家规程 第十五条 2) and the counter registering them.
    public var place: String
    /// The resident year registered for.
    public var year: Int
    /// The policy profile the registration check runs under.
    public var region: String
    public var today: LocalDate
    /// Validate and report only; nothing is written.
    public var dryRun: Bool

    public init(school: String, place: String, year: Int, region: String, today: LocalDate, dryRun: Bool = false) {
        self.school = school
        self.place = place
        self.year = year
        self.region = region
        self.today = today
        self.dryRun = dryRun
    }
}

/// One problem of one row, in the school's terms: the column as headed in its file.
public struct RosterIssue: Hashable, Sendable, CustomStringConvertible {
    /// 姓名, 证件号码, …; nil for the row as a whole (the registration check, the number of fields).
    public var column: String?
    public var reason: String

    public init(column: String?, reason: String) {
        self.column = column
        self.reason = reason
    }

    public var description: String { column.map { "\($0)：\(reason)" } ?? reason }
}

/// A row not registered, with its cells as sent, so the school can fix it and send it again.
public struct RejectedRosterRow: Hashable, Sendable {
    /// 1-based line of the file (the header is line 1 when it comes first).
    public var line: Int
    public var cells: [String]
    public var issues: [RosterIssue]

    /// The 错误 column of the error report.
    public var errorText: String { "第 \(line) 行：" + issues.map(\.description).joined(separator: "；") }
}

public struct RosterTimings: Hashable, Sendable {
    /// Decoding and parsing the file.
    public var read: Double = 0
    /// Every row's checks, the store's records and the registration check.
    public var validate: Double = 0
    /// The registration transaction's writes.
    public var register: Double = 0
}

/// The outcome of one roster: how many rows were registered, found already enrolled, or rejected and why.
public struct RosterResult: Sendable {
    public var request: RosterRequest
    public var fileName: String
    public var encoding: RosterEncoding
    /// The header as sent.
    public var header: [String]
    /// Data rows (blank lines not counted).
    public var rowCount: Int
    public var registered: Int
    /// Students already enrolled at the school's place for the year (a roster sent again): nothing to do.
    public var alreadyEnrolled: Int
    /// Records of other places suspended or terminated by the registrations (国家规程 第十五条 2).
    public var replaced: Int
    public var rejected: [RejectedRosterRow]
    /// The stored roster; nil for a dry run or when no row was registered.
    public var rosterID: Int64?
    /// Distinct cases the rules core evaluated (rows alike but for name and number share one verdict).
    public var verdictsEvaluated: Int
    public var timings: RosterTimings

    public var isComplete: Bool { rejected.isEmpty }

    /// The rejected rows as a CSV the school can correct and send again: its own columns plus 错误, in the
    /// encoding the roster came in.
    public func errorReport() -> Data {
        RosterFile.encode(errorReportText, as: encoding)
    }

    public var errorReportText: String {
        var text = RosterCSV.line(header + [RosterColumns.error])
        for row in rejected {
            var cells = row.cells
            if cells.count < header.count { cells += Array(repeating: "", count: header.count - cells.count) }
            text += RosterCSV.line(cells + [row.errorText])
        }
        return text
    }
}

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

    struct Positions {
        var name: Int, number: Int
        var kind: Int?, birth: Int?, sex: Int?, className: Int?
    }

    static func positions(_ header: [String]) throws -> Positions {
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

extension CounterStore {
    /// Imports a school's roster from a file. See `importRoster(_:fileName:request:forms:by:)`.
    public func importRoster(file url: URL, request: RosterRequest, forms: FormSet, by actor: Actor) throws -> RosterResult {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RosterFileError("无法读取文件 \(url.path)：\(error.localizedDescription)")
        }
        return try importRoster(data, fileName: url.lastPathComponent, request: request, forms: forms, by: actor)
    }

    /// Validates every row of a roster (identity number, birth date and sex against it, duplicates within the file,
    /// the student registration check against the person's records in the store) and registers the valid rows in
    /// ONE write transaction: persons upserted, a resident enrollment for the year at the school's place, the records
    /// the verdict replaces suspended or terminated, the roster and its members, and ONE audit row summing the
    /// import up (the members table is the per-row trail). A bad row never stops the good ones; a file that cannot
    /// be read throws `RosterFileError` and writes nothing.
    public func importRoster(_ data: Data, fileName: String, request: RosterRequest, forms: FormSet,
                             by actor: Actor) throws -> RosterResult {
        try importRoster(data, fileName: fileName, request: request, forms: forms, by: actor, shareVerdicts: true)
    }

    /// `shareVerdicts: false` evaluates every row on its own (the tests compare the two).
    func importRoster(_ data: Data, fileName: String, request: RosterRequest, forms: FormSet, by actor: Actor,
                      shareVerdicts: Bool) throws -> RosterResult {
        let school = request.school.trimmingCharacters(in: .whitespaces)
        let place = request.place.trimmingCharacters(in: .whitespaces)
        guard !school.isEmpty else { throw StoreError.invalidInput(field: "school", reason: "学校名称不能为空") }
        guard !place.isEmpty else { throw StoreError.invalidInput(field: "place", reason: "学校所在统筹区不能为空") }
        guard (1900...2200).contains(request.year) else {
            throw StoreError.invalidInput(field: "year", reason: "年度 \(request.year) 超出范围（1900–2200）")
        }
        guard forms.policy(request.region) != nil, let workflow = forms.workflows["student"] else {
            throw StoreError.invalidInput(field: "region", reason: "未知的地区档案“\(request.region)”或缺少学生参保业务")
        }
        var request = request
        request.school = school
        request.place = place

        var timings = RosterTimings()
        let readStart = DispatchTime.now().uptimeNanoseconds
        let table = try RosterFile.read(data)
        let columns = try RosterColumns.positions(table.header)
        timings.read = Self.seconds(since: readStart)

        let validateStart = DispatchTime.now().uptimeNanoseconds
        let kinds = workflow.field("person.document")?.kinds ?? [.residentID]
        let checker = RosterRowChecker(columns: columns, header: table.header, today: request.today, kinds: kinds)
        let context = RosterContext(request: request, forms: forms, header: table.header, columns: columns)
        let writer = self.writer
        // `db` is the write transaction's connection for a real import, nil for a dry run (which reads on its own).
        let body = { (db: Database?) throws -> RosterResult in
            // Two cores. This one sorts the numbers, looks up two thirds of them in the store and judges their rows;
            // the other checks every row's own cells, then looks up and judges the remaining third. Rows the lookup
            // did not cover are judged last, here.
            let helper = RosterHelper(assessor: RosterAssessor(context: context, shareVerdicts: shareVerdicts))
            let lookupReady = DispatchSemaphore(value: 0), checksDone = DispatchSemaphore(value: 0)
            let group = DispatchGroup()
            group.enter()
            DispatchQueue.global(qos: .userInitiated).async {
                defer { group.leave() }
                helper.check(checker, table)
                lookupReady.wait()
                let lookup = helper.lookup
                Self.rejectRepeats(&helper.candidates, &helper.issues, table: table, column: table.header[columns.number],
                                   lookup: lookup)
                checksDone.signal()
                do {
                    // Inside a real import this reader sees what the writer sees: the write lock is held and nothing
                    // is written before every row is judged.
                    let part = try writer.read { try lookup.run($0, helper.theirs, table.text) }
                    helper.outcomes = try helper.assessor.judge(helper.candidates, part: 2, of: lookup, part)
                } catch {
                    helper.error = error
                }
            }
            let lookup = RosterLookup(table, checker)
            helper.lookup = lookup
            helper.theirs = lookup.groups.indices.filter { lookup.partOf(group: $0) == 2 }
            lookupReady.signal()
            var assessor = RosterAssessor(context: context, shareVerdicts: shareVerdicts)
            var mine: [(candidate: Int, outcome: RosterOutcome)] = []
            do {
                let groups = lookup.groups.indices.filter { lookup.partOf(group: $0) == 1 }
                let part = try db.map { try lookup.run($0, groups, table.text) }
                    ?? writer.read { try lookup.run($0, groups, table.text) }
                checksDone.wait()
                mine = try assessor.judge(helper.candidates, part: 1, of: lookup, part)
            } catch {
                group.wait()
                throw error
            }
            group.wait()
            if let error = helper.error { throw error }
            var issues = helper.issues
            let candidates = helper.candidates
            var outcomes = [RosterOutcome](repeating: .rejected([]), count: candidates.count)
            for (i, outcome) in mine + helper.outcomes { outcomes[i] = outcome }
            let others = candidates.indices.filter { lookup.partOf(row: candidates[$0].row) == 0 }
            if !others.isEmpty {
                let found = try db.map { try RosterAssessor.lookUp($0, others.map { candidates[$0] }) }
                    ?? writer.read { try RosterAssessor.lookUp($0, others.map { candidates[$0] }) }
                for (i, slot) in zip(others, found.slots) {
                    outcomes[i] = try assessor.outcome(for: candidates[i], person: slot >= 0 ? found.persons[slot] : nil)
                }
            }
            let evaluated = assessor.evaluated + helper.assessor.evaluated
            for (candidate, outcome) in zip(candidates, outcomes) {
                if case let .rejected(problems) = outcome { issues[candidate.row] += problems }
            }
            timings.validate = Self.seconds(since: validateStart)
            let registerStart = DispatchTime.now().uptimeNanoseconds
            var result = RosterResult(
                request: request, fileName: fileName, encoding: table.encoding, header: table.header,
                rowCount: table.rows.count, registered: 0, alreadyEnrolled: 0, replaced: 0,
                rejected: table.rows.indices.filter { !issues[$0].isEmpty }.map {
                    RejectedRosterRow(line: table.rows[$0].line, cells: table.cells(table.rows[$0]), issues: issues[$0])
                },
                rosterID: nil, verdictsEvaluated: evaluated, timings: timings)
            for outcome in outcomes {
                switch outcome {
                case let .register(_, replaces): result.registered += 1; result.replaced += replaces.count
                case .already: result.alreadyEnrolled += 1
                case .rejected: break
                }
            }
            if let db, result.registered + result.alreadyEnrolled > 0 {
                result.rosterID = try self.writeRoster(db, result, candidates: candidates, outcomes: outcomes,
                                                       table: table, columns: columns,
                                                       sha256: hex(SHA256.hash(data: data)), actor: actor)
            }
            result.timings.register = Self.seconds(since: registerStart)
            return result
        }
        // Validation and writes share one transaction, so no other terminal can change a student's records between
        // the registration check and the registration.
        return request.dryRun ? try StoreError.mapping { try body(nil) } : try write { try body($0) }
    }

    /// The same person twice in one file: every such row is rejected, the school must say which is right. Numbers
    /// the lookup sorted are neighbours there; the few others compare by their 18-character key, else their text.
    static func rejectRepeats(_ candidates: inout [RosterCandidate], _ issues: inout [[RosterIssue]],
                              table: RosterFile.Table, column: String, lookup: RosterLookup) {
        var candidateOfRow = [Int32](repeating: -1, count: table.rows.count)
        for (i, c) in candidates.enumerated() { candidateOfRow[c.row] = Int32(i) }
        var keyedRow = [Bool](repeating: false, count: table.rows.count)
        for entry in lookup.keyed { keyedRow[Int(entry.row)] = true }
        var byGroup: [Int: [Int]] = [:], byKey: [Int: [Int]] = [:], byText: [String: [Int]] = [:]
        for (i, c) in candidates.enumerated() where !keyedRow[c.row] {
            if let key = c.key {
                if let group = lookup.group(of: key) { byGroup[group, default: []].append(i) } else { byKey[key, default: []].append(i) }
            } else {
                byText["\(c.kind.rawValue):\(c.number)", default: []].append(i)
            }
        }
        var repeats: [[Int]] = Array(byKey.values) + Array(byText.values)
        for g in lookup.groups.indices {
            let start = lookup.groups[g], end = g + 1 < lookup.groups.count ? lookup.groups[g + 1] : lookup.keyed.count
            guard end - start > 1 || byGroup[g] != nil else { continue }
            repeats.append(lookup.keyed[start..<end].compactMap { candidateOfRow[Int($0.row)] >= 0 ? Int(candidateOfRow[Int($0.row)]) : nil }
                + (byGroup[g] ?? []))
        }
        repeats = repeats.filter { $0.count > 1 }.map { $0.sorted() }
        guard !repeats.isEmpty else { return }
        var repeated = Set<Int>()
        for list in repeats {
            let lines = list.map { String(table.rows[candidates[$0].row].line) }.joined(separator: "、")
            for i in list {
                repeated.insert(i)
                issues[candidates[i].row].append(RosterIssue(column: column, reason: "证件号码在文件中重复（第 \(lines) 行）"))
            }
        }
        candidates = candidates.enumerated().filter { !repeated.contains($0.offset) }.map(\.element)
    }

    private func writeRoster(_ db: Database, _ result: RosterResult, candidates: [RosterCandidate],
                             outcomes: [RosterOutcome], table: RosterFile.Table, columns: RosterColumns.Positions,
                             sha256: String, actor: Actor) throws -> Int64 {
        let at = timestamp
        let r = result.request
        try db.run("""
            INSERT INTO roster (school, place, year, file, sha256, row_count, registered, already_enrolled, rejected,
                                imported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [r.school, r.place, r.year, result.fileName, sha256, result.rowCount, result.registered,
                             result.alreadyEnrolled, result.rejected.count, at])
        let rosterID = db.lastInsertedRowID
        let member = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO roster_member (roster_id, person_id, record_id, line, class) VALUES (?, ?, ?, ?, ?)
            """)
        let change = try db.cachedStatement(sql: """
            UPDATE enrollment_record SET status = ?, since = ?, updated_at = ? WHERE id = ? AND status <> 'terminated'
            """)
        var personsAdded = 0
        var replacedIDs: [String] = []
        let enrollment = NewEnrollment(place: r.place, scheme: .resident, year: r.year, paid: false, since: r.today)
        for (candidate, outcome) in zip(candidates, outcomes) {
            let row = table.rows[candidate.row]
            let className = columns.className
                .map { table.string(row, $0).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            switch outcome {
            case let .register(_, replaces):
                let (personID, upsert) = try upsertPersonRow(db, candidate.personInput, at: at)
                if upsert == .inserted { personsAdded += 1 }
                let recordID = try insertEnrollmentRow(db, enrollment, personID: personID, caseID: nil, at: at)
                for s in replaces {
                    try change.execute(arguments: [s.status, s.since, at, s.recordID])
                    replacedIDs.append("\(s.recordID):\(s.status.rawValue)")
                }
                try member.execute(arguments: [rosterID, personID, recordID, row.line, className])
            case let .already(personID, recordID):
                try member.execute(arguments: [rosterID, personID, recordID, row.line, className])
            case .rejected:
                break
            }
        }
        try appendAudit(db, actor: actor, action: "roster.import", entity: "roster", entityID: String(rosterID),
                        detail: ["school": r.school, "place": r.place, "year": String(r.year), "file": result.fileName,
                                 "sha256": sha256, "encoding": result.encoding.rawValue,
                                 "rows": String(result.rowCount), "registered": String(result.registered),
                                 "already_enrolled": String(result.alreadyEnrolled),
                                 "rejected": String(result.rejected.count), "persons_added": String(personsAdded),
                                 "replaced": replacedIDs.joined(separator: ",")], at: at)
        return rosterID
    }

    static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

// MARK: - Row checks that need no store

/// A row that passed the checks of its own cells.
struct RosterCandidate {
    /// Index into the table's rows.
    var row: Int
    var kind: DocumentKind
    /// A resident ID number as `RosterLookup.key` (no String for the usual case), else the normalized text.
    var key: Int?
    var text: String?
    var name: String
    /// As declared, else as the number encodes it.
    var birthDate: LocalDate?
    var sex: Sex?
    var declaredBirth: LocalDate?
    var declaredSex: Sex?

    init(row: Int, kind: DocumentKind, number: String, name: String, birthDate: LocalDate?, sex: Sex?,
         declaredBirth: LocalDate?, declaredSex: Sex?, key: Int? = nil) {
        self.row = row
        self.kind = kind
        self.key = key ?? RosterLookup.key(kind, number)
        self.text = self.key == nil ? number : nil
        self.name = name
        self.birthDate = birthDate
        self.sex = sex
        self.declaredBirth = declaredBirth
        self.declaredSex = declaredSex
    }

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
    }

    /// The last kind label read and what it meant: a roster repeats one label on every row.
    struct KindCache {
        var label: [UInt8] = []
        var kind: DocumentKind?
    }

    func check(_ table: RosterFile.Table, _ index: Int, _ text: UnsafeBufferPointer<UInt8>,
               _ cache: inout KindCache) -> Result<RosterCandidate, RosterProblems> {
        let row = table.rows[index]
        guard row.count == header.count else {
            return .failure(RosterProblems(issues: [RosterIssue(column: nil, reason: "有 \(row.count) 个字段，表头有 \(header.count) 列")]))
        }
        var issues: [RosterIssue] = []
        /// The cell's bytes without surrounding padding.
        func cell(_ column: Int?) -> UnsafeBufferPointer<UInt8> {
            guard let column else { return UnsafeBufferPointer(rebasing: text[0..<0]) }
            var range = table.fields[row.first + column]
            while range.lowerBound < range.upperBound, text[range.lowerBound] == 0x20 || text[range.lowerBound] == 0x09 {
                range = (range.lowerBound + 1)..<range.upperBound
            }
            while range.lowerBound < range.upperBound, text[range.upperBound - 1] == 0x20 || text[range.upperBound - 1] == 0x09 {
                range = range.lowerBound..<(range.upperBound - 1)
            }
            return UnsafeBufferPointer(rebasing: text[range])
        }
        func string(_ column: Int?) -> String { Self.trimmed(String(decoding: cell(column), as: UTF8.self)) }

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
            if let date = Self.date(cell(b)) ?? Self.date(string(b)) {
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
        return text.trimmingCharacters(in: .whitespaces)
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

    /// ASCII dates without a String: 2008-01-01, 2008/1/1 (a spreadsheet's export), 2008.1.1, 20080101.
    static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> LocalDate? {
        // Up to three numbers and their digit counts, without an array per row.
        var values = (0, 0, 0), lengths = (0, 0, 0), part = 0
        for b in bytes {
            if b >= 48, b <= 57 {
                let d = Int(b - 48)
                switch part {
                case 0: values.0 = values.0 * 10 + d; lengths.0 += 1
                case 1: values.1 = values.1 * 10 + d; lengths.1 += 1
                default: values.2 = values.2 * 10 + d; lengths.2 += 1
                }
            } else if b == UInt8(ascii: "-") || b == UInt8(ascii: "/") || b == UInt8(ascii: "."), part < 2,
                      (part == 0 ? lengths.0 : lengths.1) > 0 {
                part += 1
            } else {
                return nil
            }
        }
        if part == 0, lengths.0 == 8 {
            return LocalDate(year: values.0 / 10_000, month: values.0 / 100 % 100, day: values.0 % 100)
        }
        guard part == 2, lengths.0 == 4, (1...2).contains(lengths.1), (1...2).contains(lengths.2) else { return nil }
        return LocalDate(year: values.0, month: values.1, day: values.2)
    }

    /// 2008年1月1日 and anything else a String is needed for.
    static func date(_ text: String) -> LocalDate? {
        var t = text
        if t.hasSuffix("日") { t.removeLast() }
        let parts = t.split(whereSeparator: { "-/.年月".contains($0) })
        guard parts.count == 3, parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }
}

// MARK: - The registration check against the store

struct RosterContext {
    let request: RosterRequest
    let forms: FormSet
    let header: [String]
    let columns: RosterColumns.Positions
}

enum RosterOutcome {
    case register(personID: Int64?, replaces: [Suspension])
    case already(personID: Int64, recordID: Int64)
    case rejected([RosterIssue])
}

/// The other core's share: every row's own checks, then a third of the store lookup and its rows' judgement.
final class RosterHelper: @unchecked Sendable {
    /// Set before the helper is released to use them.
    var lookup = RosterLookup()
    var theirs: [Int] = []
    var candidates: [RosterCandidate] = []
    var issues: [[RosterIssue]] = []
    var assessor: RosterAssessor
    var outcomes: [(candidate: Int, outcome: RosterOutcome)] = []
    var error: Error?

    init(assessor: RosterAssessor) { self.assessor = assessor }

    func check(_ checker: RosterRowChecker, _ table: RosterFile.Table) {
        issues = Array(repeating: [], count: table.rows.count)
        candidates.reserveCapacity(table.rows.count)
        table.text.withUnsafeBufferPointer { text in
            var kindCache = RosterRowChecker.KindCache()
            for i in table.rows.indices {
                switch checker.check(table, i, text, &kindCache) {
                case let .success(candidate): candidates.append(candidate)
                case let .failure(problems): issues[i] = problems.issues
                }
            }
        }
    }
}

/// A person of the roster the store knows.
struct RosterKnown {
    var id: Int64
    var name: String
    var records: [(id: Int64, record: PlatformRecord)] = []
}

/// The roster's resident ID numbers as sent, sorted and distinct, looked up in the store in parts on two
/// connections (two cores) while the rows' own checks run: SQLite walks neighbouring index pages in order.
struct RosterLookup {
    /// Rows whose number cell looks like a resident ID number, by number.
    var keyed: [(key: Int, row: Int32)] = []
    /// Where each distinct number starts in `keyed`.
    var groups: [Int] = []
    /// Each distinct number's bytes in the table's text.
    var numbers: [Range<Int>] = []
    /// For each table row: 0 when the lookup does not cover it, else the part (1 or 2) its number is in.
    var partOfRow: [UInt8] = []

    init() {}

    /// Every third number goes to the other core, so that both parts meet as many persons of the store (the costly
    /// rows) and walk the index in order.
    func partOf(group: Int) -> UInt8 { group % 3 == 2 ? 2 : 1 }
    func partOf(row: Int) -> UInt8 { partOfRow[row] }

    /// Persons found for a range of the distinct numbers.
    struct Part {
        var persons: [RosterKnown] = []
        /// The distinct number (index into `groups`) of each person.
        var groupOf: [Int] = []
    }

    /// An 18-character resident ID number as one integer (17 digits, then the check character as 0…10), or nil.
    static func key(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard b.count == 18 else { return nil }
        var value = 0
        for i in 0..<17 {
            let d = b[i]
            guard d >= 48, d <= 57 else { return nil }
            value = value * 10 + Int(d - 48)
        }
        let last = b[17]
        if last >= 48, last <= 57 { return value * 11 + Int(last - 48) }
        return last == UInt8(ascii: "X") ? value * 11 + 10 : nil
    }

    static func key(_ kind: DocumentKind, _ number: String) -> Int? {
        guard kind == .residentID else { return nil }
        var number = number
        return number.withUTF8 { key($0) }
    }

    /// The rows the lookup covers: a number cell of 18 digits (or X), with no kind given or a resident ID's.
    init(_ table: RosterFile.Table, _ checker: RosterRowChecker) {
        let columns = checker.columns
        keyed.reserveCapacity(table.rows.count)
        var ranges: [Range<Int>] = Array(repeating: 0..<0, count: table.rows.count)
        table.text.withUnsafeBufferPointer { text in
            for (i, row) in table.rows.enumerated() where row.count == checker.header.count {
                if let k = columns.kind {
                    let label = UnsafeBufferPointer(rebasing: text[Self.trimmed(table.fields[row.first + k], text)])
                    guard label.isEmpty || checker.residentLabels.contains(where: { label.elementsEqual($0) }) else { continue }
                }
                let range = Self.trimmed(table.fields[row.first + columns.number], text)
                if let key = Self.key(UnsafeBufferPointer(rebasing: text[range])) {
                    keyed.append((key, Int32(i)))
                    ranges[i] = range
                }
            }
        }
        keyed.sort { $0.key < $1.key }
        partOfRow = [UInt8](repeating: 0, count: table.rows.count)
        for (n, entry) in keyed.enumerated() {
            if n == 0 || keyed[n - 1].key != entry.key {
                groups.append(n)
                numbers.append(ranges[Int(entry.row)])
            }
            partOfRow[Int(entry.row)] = partOf(group: groups.count - 1)
        }
    }

    /// The distinct number with this key, by binary search.
    func group(of key: Int) -> Int? {
        var low = 0, high = groups.count
        while low < high {
            let mid = (low + high) / 2
            if keyed[groups[mid]].key < key { low = mid + 1 } else { high = mid }
        }
        return low < groups.count && keyed[groups[low]].key == key ? low : nil
    }

    static func trimmed(_ range: Range<Int>, _ text: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var range = range
        while range.lowerBound < range.upperBound, text[range.lowerBound] == 0x20 { range = (range.lowerBound + 1)..<range.upperBound }
        while range.lowerBound < range.upperBound, text[range.upperBound - 1] == 0x20 { range = range.lowerBound..<(range.upperBound - 1) }
        return range
    }

    /// The persons with the numbers `part` (ascending indices into `groups`) and their records in force, in one
    /// query. Only active records: the student workflow's registration check reads no others
    /// (`RegistrationRules.check`), and `RosterTests` compares the roster with the counter's full evaluation.
    func run(_ db: Database, _ part: [Int], _ text: [UInt8]) throws -> Part {
        var result = Part()
        guard !part.isEmpty else { return result }
        var json: [UInt8] = [UInt8(ascii: "[")]
        json.reserveCapacity(part.count * 21 + 2)
        for (n, g) in part.enumerated() {
            if n > 0 { json.append(UInt8(ascii: ",")) }
            json.append(UInt8(ascii: "\""))
            json.append(contentsOf: text[numbers[g]])
            json.append(UInt8(ascii: "\""))
        }
        json.append(UInt8(ascii: "]"))
        // CROSS JOIN keeps the JSON array as the outer loop (SQLite would otherwise scan the person index); a
        // person's records follow the person.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT j.key, p.id, p.name, r.id, r.place, r.scheme = 'employee', r.status, r.year, r.months, r.paid, r.since
            FROM json_each(?) AS j
            CROSS JOIN person AS p ON p.document_kind = 'resident-id' AND p.document_number = j.value
            LEFT JOIN enrollment_record AS r ON r.person_id = p.id AND r.status = 'active'
            """, arguments: [String(decoding: json, as: UTF8.self)])
        var last = -1
        while let row = try rows.next() {
            let position: Int = row[0]
            if position != last {
                last = position
                result.persons.append(RosterKnown(id: row[1], name: row[2]))
                result.groupOf.append(part[position])
            }
            guard let recordID = row[3] as Int64? else { continue }
            let status: String = row[6]
            result.persons[result.persons.count - 1].records.append((recordID, PlatformRecord(
                place: row[4], scheme: row[5] ? .employee : .resident,
                status: status == "active" ? .active : EnrollmentStatus(rawValue: status) ?? .terminated, year: row[7],
                months: (row[8] as String?).map(RosterAssessor.months), paid: row[9],
                since: (row[10] as String?).flatMap(RosterAssessor.date))))
        }
        // Oldest first, as everywhere else.
        for i in result.persons.indices where result.persons[i].records.count > 1 {
            result.persons[i].records.sort { $0.id < $1.id }
        }
        return result
    }

    /// For each table row: its person in `part.persons`, or -1.
    func personOfRow(_ part: Part, rows: Int) -> [Int32] {
        var personOfRow = [Int32](repeating: -1, count: rows)
        for (person, group) in part.groupOf.enumerated() {
            let end = group + 1 < groups.count ? groups[group + 1] : keyed.count
            for entry in keyed[groups[group]..<end] { personOfRow[Int(entry.row)] = Int32(person) }
        }
        return personOfRow
    }
}

struct RosterAssessor {
    let context: RosterContext
    private(set) var evaluated = 0
    /// Decisions by everything of the case but the name, the number and the exact birth date. The name and number
    /// are checked above by the same `IdentityValidation` calls the `identity.valid` rule makes, and no rule of the
    /// student workflow reads them otherwise; the birth date counts through the age (a minor needs a guardian) and
    /// the year of birth. `RosterTests` compares this with evaluating every row.
    private var decisions: [VerdictKey: Decision] = [:]
    private var withoutRecords: [Int: Decision] = [:]
    private static let kindCodes = Dictionary(uniqueKeysWithValues: DocumentKind.allCases.enumerated().map { ($1, $0) })
    /// Tests turn the sharing off to compare.
    var shareVerdicts = true

    struct VerdictKey: Hashable {
        var kind: DocumentKind
        var age: Int?
        var birthYear: Int?
        var sex: Sex?
        var records: [PlatformRecord]
    }

    /// A verdict as the roster uses it: register (replacing records by their position in the person's list), or not.
    enum Decision {
        case register(replacing: [(position: Int, status: EnrollmentRecord.Status)])
        case rejected([RosterIssue])
    }

    init(context: RosterContext, shareVerdicts: Bool = true) {
        self.context = context
        self.shareVerdicts = shareVerdicts
    }

    /// The outcome of each candidate whose number is in `part` of the lookup, with the persons that part found.
    mutating func judge(_ candidates: [RosterCandidate], part: UInt8, of lookup: RosterLookup,
                        _ found: RosterLookup.Part) throws -> [(candidate: Int, outcome: RosterOutcome)] {
        let personOfRow = lookup.personOfRow(found, rows: lookup.partOfRow.count)
        var result: [(candidate: Int, outcome: RosterOutcome)] = []
        result.reserveCapacity(candidates.count / 2)
        for (i, c) in candidates.enumerated() where lookup.partOfRow[c.row] == part {
            let slot = personOfRow[c.row]
            result.append((i, try outcome(for: c, person: slot >= 0 ? found.persons[Int(slot)] : nil)))
        }
        return result
    }

    /// One candidate's outcome, given the person the store holds under its number (nil: none).
    mutating func outcome(for c: RosterCandidate, person: RosterKnown?) throws -> RosterOutcome {
        guard let person else { return try outcome(try decision(for: c, records: []), personID: nil, records: []) }
        if person.name != c.name {
            return .rejected([RosterIssue(column: context.header[context.columns.name],
                                          reason: "与参保信息库中该证件登记的姓名“\(person.name)”不一致")])
        }
        let r = context.request
        if let same = person.records.first(where: {
            $0.record.status == .active && $0.record.scheme == .resident && $0.record.place == r.place
                && $0.record.year == r.year
        }) {
            return .already(personID: person.id, recordID: same.id)
        }
        let decision = try decision(for: c, records: person.records.map(\.record))
        return try outcome(decision, personID: person.id, records: person.records)
    }

    private func outcome(_ decision: Decision, personID: Int64?, records: [(id: Int64, record: PlatformRecord)]) throws -> RosterOutcome {
        switch decision {
        case let .register(replacing):
            return .register(personID: personID, replaces: replacing.map {
                Suspension(recordID: records[$0.position].id, status: $0.status, since: context.request.today)
            })
        case let .rejected(issues):
            return .rejected(issues)
        }
    }

    private func issue(_ f: Finding) -> RosterIssue {
        let h = context.header, c = context.columns
        let column: String?
        switch f.field {
        case "person.name": column = h[c.name]
        case "person.document": column = h[c.number]
        case "person.birth_date": column = c.birth.map { h[$0] }
        case "person.sex": column = c.sex.map { h[$0] }
        default: column = nil
        }
        return RosterIssue(column: column, reason: "\(f.message)（\(f.citation)）")
    }

    private mutating func decision(for c: RosterCandidate, records: [PlatformRecord]) throws -> Decision {
        let today = context.request.today
        let age = c.birthDate.map { b in today.year - b.year - ((today.month, today.day) < (b.month, b.day) ? 1 : 0) }
        // Most students are not in the store yet: their key packs into one integer.
        var packed: Int?
        if records.isEmpty, let kind = Self.kindCodes[c.kind] {
            let sex = c.sex.map { $0 == .male ? 1 : 2 } ?? 0
            packed = (((kind * 1_000 + (age ?? -1) + 1) * 10_000 + (c.birthDate?.year ?? 0)) * 3) + sex
            if shareVerdicts, let cached = withoutRecords[packed!] { return cached }
        }
        let key = VerdictKey(kind: c.kind, age: age, birthYear: c.birthDate?.year, sex: c.sex, records: records)
        if shareVerdicts, packed == nil, let cached = decisions[key] { return cached }
        let r = context.request
        let file = CaseFile(workflow: "student", region: r.region, today: r.today, here: r.place, scheme: .resident,
                            coverageYear: r.year,
                            person: Party(name: c.name, document: c.document, birthDate: c.declaredBirth, sex: c.declaredSex),
                            facts: ["school_place": .text(r.place)],
                            // The roster itself is the school's proof of enrollment (学籍); the number the identity.
                            documentsPresented: [c.kind.rawValue, "student-proof"], platformRecords: records)
        let verdict = try Evaluator.evaluate(file, forms: context.forms)
        evaluated += 1
        let decision: Decision
        switch verdict.decision {
        case .accept:
            decision = .register(replacing: replaced(verdict, records))
        case .refuse:
            decision = .rejected(verdict.findings.filter { $0.severity == .block }.map { issue($0) })
        case .needsApproval:
            decision = .rejected(verdict.findings.filter { $0.severity == .approval }.map {
                var i = issue($0)
                i.reason = "须经审核员审核，不能批量登记：" + i.reason
                return i
            })
        case .missingDocuments:
            decision = .rejected([RosterIssue(column: nil, reason: "缺少材料：" + verdict.missingDocuments.map(\.name).joined(separator: "、"))])
        }
        if shareVerdicts {
            if let packed { withoutRecords[packed] = decision } else { decisions[key] = decision }
        }
        return decision
    }

    /// The positions of the records the verdict replaces, each matched once.
    private func replaced(_ verdict: Verdict, _ records: [PlatformRecord]) -> [(position: Int, status: EnrollmentRecord.Status)] {
        var used = Set<Int>()
        return verdict.replaces.compactMap { r in
            guard let position = records.indices.first(where: {
                !used.contains($0) && records[$0] == r.record && records[$0].status != .terminated
            }) else { return nil }
            used.insert(position)
            return (position, r.action == .terminate ? .terminated : .suspended)
        }
    }

    /// Persons by kind and normalized number, for the candidates the lookup did not cover (another kind, a number
    /// written with spaces or a lower-case x), with their records: for each candidate, its index into the
    /// persons found, or -1.
    static func lookUp(_ db: Database, _ candidates: [RosterCandidate]) throws -> (persons: [RosterKnown], slots: [Int]) {
        var persons: [RosterKnown] = []
        var slotOf: [DocumentKind: [String: Int]] = [:]
        var byKind: [DocumentKind: [String]] = [:]
        for c in candidates { byKind[c.kind, default: []].append(c.number) }
        for (kind, numbers) in byKind {
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, document_number, name FROM person
                WHERE document_kind = ? AND document_number IN (SELECT value FROM json_each(?))
                """, arguments: [kind.rawValue, jsonArray(numbers)])
            while let row = try rows.next() {
                slotOf[kind, default: [:]][row[1]] = persons.count
                persons.append(RosterKnown(id: row[0], name: row[2]))
            }
        }
        if !persons.isEmpty {
            var index = [Int64: Int](minimumCapacity: persons.count)
            for (i, p) in persons.enumerated() { index[p.id] = i }
            let rows = try Row.fetchCursor(db, sql: """
                SELECT person_id, id, place, scheme = 'employee', status, year, months, paid, since FROM enrollment_record
                WHERE person_id IN (SELECT value FROM json_each(?)) AND status = 'active' ORDER BY person_id, id
                """, arguments: [jsonArray(persons.map { String($0.id) })])
            while let row = try rows.next() {
                guard let i = index[row[0]] else { continue }
                let status: String = row[4]
                persons[i].records.append((row[1], PlatformRecord(
                    place: row[2], scheme: row[3] ? .employee : .resident,
                    status: status == "active" ? .active : EnrollmentStatus(rawValue: status) ?? .terminated,
                    year: row[5], months: (row[6] as String?).map(months), paid: row[7],
                    since: (row[8] as String?).flatMap(date))))
            }
        }
        return (persons, candidates.map { slotOf[$0.kind]?[$0.number] ?? -1 })
    }

    /// Document numbers and ids are ASCII letters and digits: no escaping needed, but quotes are dropped anyway.
    static func jsonArray(_ values: [String]) -> String {
        var json = "["
        json.reserveCapacity(values.count * 21 + 2)
        for (i, value) in values.enumerated() {
            if i > 0 { json += "," }
            json += "\""
            json += value.contains(where: { $0 == "\"" || $0 == "\\" }) ? value.filter { $0 != "\"" && $0 != "\\" } : value
            json += "\""
        }
        return json + "]"
    }

    /// A stored `YYYY-MM-DD` without going through Characters.
    static func date(_ text: String) -> LocalDate? {
        var text = text
        return text.withUTF8 { b -> LocalDate? in
            guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
            var v = [0, 0, 0]
            for (i, range) in [0..<4, 5..<7, 8..<10].enumerated() {
                for j in range {
                    guard b[j] >= 48, b[j] <= 57 else { return nil }
                    v[i] = v[i] * 10 + Int(b[j] - 48)
                }
            }
            return LocalDate(year: v[0], month: v[1], day: v[2])
        }
    }

    /// `["2025-01","2025-02"]` as stored.
    static func months(_ json: String) -> [String] { EnrollmentRecord.months(fromJSON: json) }
}
