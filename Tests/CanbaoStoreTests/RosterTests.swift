import CanbaoRules
@testable import CanbaoStore
import CanbaoTestSupport
import Crypto
import Foundation
import GRDB
import Testing

/// School rosters (集体参保, 江门规程 第二十条（一）): every row checked, the valid rows registered in one transaction.
@Suite struct RosterTests {
    static let school = "达拉特旗第一中学"
    static let request = RosterRequest(school: school, place: "150621", year: 2026, region: "dalate",
                                       today: Fixture.date("2026-03-01"))
    /// GB18030 as Foundation names it (kCFStringEncodingGB_18030_2000), independent of the store's iconv.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    static let wang = Fixture.residentID(birth: "2008-03-05", sequence: 11)
    static let li = Fixture.residentID(birth: "2008-07-20", sequence: 22)
    static let chen = Fixture.residentID(area: "150102", birth: "2007-11-11", sequence: 31)
    static let liu = Fixture.residentID(area: "150102", birth: "2007-05-05", sequence: 41)
    static let he = Fixture.residentID(birth: "2008-09-09", sequence: 51)
    static let zheng = Fixture.residentID(birth: "2008-02-02", sequence: 61)

    /// The number with a wrong check character.
    static func broken(_ id: String) -> String { String(id.dropLast()) + (id.last == "0" ? "1" : "0") }

    static let goodRoster = """
        姓名,证件类型,证件号码,出生日期,性别,班级
        王小明,居民身份证,\(wang),2008/3/5,男,高三（1）班
        李红,,\(li),2008-07-20,女,高三（2）班

        """

    struct Snapshot: Equatable {
        var counts: StoreCounts
        var audit: [String]
        var members: Int
    }

    static func snapshot(_ store: CounterStore) throws -> Snapshot {
        Snapshot(counts: try store.counts(), audit: try store.auditLog().map(\.action),
                 members: try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM roster_member")! })
    }

    static func importRoster(_ store: CounterStore, _ data: Data, request: RosterRequest = request) throws -> RosterResult {
        try store.importRoster(data, fileName: "roster.csv", request: request, forms: TestForms.shared, by: .system("test"))
    }

    /// Persons already in the store: 陈晨 paid 2026 elsewhere, 刘洋 employed, 何炜 (the roster misspells him).
    static func seed(_ store: CounterStore) throws -> (chenOld: Int64, liuJob: Int64) {
        try store.load([
            InterchangePerson(person: Fixture.person("陈晨", number: chen), records: [
                NewEnrollment(place: "150102", scheme: .resident, year: 2026, paid: true, amountFen: 38_000),
            ]),
            InterchangePerson(person: Fixture.person("刘洋", number: liu), records: [
                NewEnrollment(place: "150602", scheme: .employee, months: ["2026-01", "2026-02"], paid: true),
            ]),
            InterchangePerson(person: Fixture.person("何炜", number: he), records: []),
        ], by: .system("test"))
        let chen = try #require(try store.person(byDocument: IdentityDocument(kind: .residentID, number: chen)))
        let liu = try #require(try store.person(byDocument: IdentityDocument(kind: .residentID, number: liu)))
        return (try store.platformRecords(forPerson: chen.id)[0].id, try store.platformRecords(forPerson: liu.id)[0].id)
    }

    // MARK: - Encodings

    @Test(arguments: TestBackend.all) func aUTF8RosterIsRegisteredInOneTransactionWithOneAuditRow(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let before = try Self.snapshot(store)
        let result = try Self.importRoster(store, Data(Self.goodRoster.utf8))
        #expect(result.encoding == .utf8)
        #expect(result.rowCount == 2)
        #expect(result.registered == 2)
        #expect(result.alreadyEnrolled == 0)
        #expect(result.rejected.isEmpty)
        #expect(result.isComplete)
        let after = try Self.snapshot(store)
        #expect(after.counts.persons == before.counts.persons + 2)
        #expect(after.counts.platformRecords == before.counts.platformRecords + 2)
        #expect(after.audit == before.audit + ["roster.import"])
        #expect(after.members == 2)

        let wang = try #require(try store.person(byDocument: IdentityDocument(kind: .residentID, number: Self.wang)))
        #expect(wang.name == "王小明")
        #expect(wang.birthDate == Fixture.date("2008-03-05"))
        #expect(wang.sex == .male)
        let records = try store.platformRecords(forPerson: wang.id)
        #expect(records.count == 1)
        #expect(records[0].place == "150621")
        #expect(records[0].scheme == .resident)
        #expect(records[0].year == 2026)
        #expect(records[0].status == .active)
        #expect(records[0].paid == false)
        #expect(records[0].since == Fixture.date("2026-03-01"))

        let audit = try #require(try store.auditLog(entity: "roster").last)
        #expect(audit.entityID == String(try #require(result.rosterID)))
        let detail = try JSONSerialization.jsonObject(with: Data(audit.detail.utf8)) as! [String: String]
        #expect(detail["school"] == Self.school)
        #expect(detail["registered"] == "2")
        #expect(detail["rejected"] == "0")
        #expect(detail["persons_added"] == "2")
        #expect(detail["encoding"] == "UTF-8")
        #expect(detail["sha256"] == Self.sha256(Data(Self.goodRoster.utf8)))
        #expect(try store.verify().isOK)
        // The transaction is timed to its commit, the rows' part within it (the benchmark prints both).
        #expect(result.timings.writeRows > 0)
        #expect(result.timings.register >= result.timings.writeRows)
    }

    /// A roster in class order, its numbers unsorted, is written in index order: the new persons get their ids in
    /// number order (each index walked once, not a page per row), and every row is registered as in file order.
    @Test(arguments: TestBackend.all) func aRosterIsWrittenInTheOrderOfItsNumbers(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        _ = try Self.seed(store)
        let numbers = [Self.zheng, Self.wang, Self.li, Fixture.residentID(birth: "2008-01-15", sequence: 71)]
        #expect(numbers != numbers.sorted())
        let roster = """
            姓名,证件类型,证件号码,出生日期,性别,班级
            郑爽,居民身份证,\(numbers[0]),,,高三（1）班
            陈晨,居民身份证,\(Self.chen),,,高三（1）班
            王小明,居民身份证,\(numbers[1]),,,高三（2）班
            李红,居民身份证,\(numbers[2]),,,高三（2）班
            孙悦,居民身份证,\(numbers[3]),,,高三（3）班

            """
        let result = try Self.importRoster(store, Data(roster.utf8))
        #expect(result.registered == 5)
        #expect(result.rejected.isEmpty)
        let ids = try numbers.map { try #require(try store.person(byDocument: IdentityDocument(kind: .residentID, number: $0))).id }
        let byNumber = zip(numbers, ids).sorted { $0.0 < $1.0 }.map(\.1)
        #expect(byNumber == byNumber.sorted())
        // Each member keeps its line and class, whatever order the rows were written in.
        let members = try store.read {
            try SQLRow.fetchAll($0, sql: "SELECT line, class FROM roster_member ORDER BY line").map { "\($0[0] as Int):\($0[1] as String)" }
        }
        #expect(members == ["2:高三（1）班", "3:高三（1）班", "4:高三（2）班", "5:高三（2）班", "6:高三（3）班"])
        #expect(try store.verify().isOK)
    }

    /// The audit row's digest of the file as sent (computed while it is read, the bytes not kept).
    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    static func auditedSHA256(_ store: CounterStore) throws -> String? {
        let audit = try #require(try store.auditLog(entity: "roster").last)
        return (try JSONSerialization.jsonObject(with: Data(audit.detail.utf8)) as? [String: String])?["sha256"]
    }

    @Test(arguments: TestBackend.all) func aUTF8RosterWithBOMCRLFAndQuotesReadsTheSame(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let text = "\u{FEFF}姓名,证件号码,班级\r\n\"王小明\",\(Self.wang),\"高三（1）班, 理科\"\r\n李红,\(Self.li),\"他说\"\"好\"\"\"\r\n"
        let result = try Self.importRoster(store, Data(text.utf8))
        #expect(try Self.auditedSHA256(store) == Self.sha256(Data(text.utf8)))
        #expect(result.encoding == .utf8BOM)
        #expect(result.header == ["姓名", "证件号码", "班级"])
        #expect(result.registered == 2)
        let classes = try store.read { try String.fetchAll($0, sql: "SELECT class FROM roster_member ORDER BY line") }
        #expect(classes == ["高三（1）班, 理科", "他说\"好\""])
    }

    @Test(arguments: TestBackend.all) func aGB18030RosterFromASpreadsheetIsDetectedAndItsErrorsGoBackInGB18030(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let bad = Self.broken(Fixture.residentID(birth: "2008-01-01", sequence: 1))
        let text = Self.goodRoster + "张三,居民身份证,\(bad),2008-01-01,男,高三（3）班\n"
        let bytes = try #require(text.data(using: Self.gb18030))
        #expect(String(data: bytes, encoding: .utf8) == nil)
        let result = try Self.importRoster(store, bytes)
        #expect(try Self.auditedSHA256(store) == Self.sha256(bytes))
        #expect(result.encoding == .gb18030)
        #expect(result.registered == 2)
        #expect(result.rejected.map(\.line) == [4])
        #expect(try store.person(byDocument: IdentityDocument(kind: .residentID, number: Self.li))?.name == "李红")
        let report = try #require(String(data: result.errorReport(), encoding: Self.gb18030))
        #expect(report.hasPrefix("姓名,证件类型,证件号码,出生日期,性别,班级,错误\r\n张三,居民身份证,\(bad),2008-01-01,男,高三（3）班,第 4 行：证件号码："))
    }

    // MARK: - Bad rows

    static var mixedRoster: String {
        let badCheck = broken(Fixture.residentID(birth: "2008-04-04", sequence: 71))
        let sun = Fixture.residentID(birth: "2008-01-02", sequence: 82)
        let zhou = Fixture.residentID(birth: "2008-06-06", sequence: 13)
        return """
            姓名,证件类型,证件号码,出生日期,性别,班级
            王小明,居民身份证,\(wang),2008/3/5,男,高三（1）班
            赵强,居民身份证,\(badCheck),2008-04-04,男,高三（1）班
            孙丽,居民身份证,\(sun),2008-01-03,女,高三（1）班
            周杰,居民身份证,\(zhou),2008-06-06,女,高三（1）班
            ,居民身份证,\(Fixture.residentID(birth: "2008-05-05", sequence: 91)),,,高三（1）班
            吴刚,居民身份证,\(Fixture.residentID(birth: "2008-08-08", sequence: 93)),2008-08-08,男
            郑爽,居民身份证,\(zheng),,,高三（2）班
            郑爽,居民身份证,\(zheng),,,高三（2）班
            李红,,\(li),2008-07-20,女,高三（2）班
            陈晨,居民身份证,\(chen),,,高三（2）班
            刘洋,居民身份证,\(liu),,,高三（2）班
            冯雪,港澳居民来往内地通行证,H12345678,,,高三（2）班
            ,,,,,
            何伟,居民身份证,\(he),,男,高三（3）班

            """
    }

    @Test(arguments: TestBackend.all) func badRowsNeverStopTheGoodOnes(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let (chenOld, liuJob) = try Self.seed(store)
        let before = try Self.snapshot(store)
        let result = try Self.importRoster(store, Data(Self.mixedRoster.utf8))

        #expect(result.rowCount == 13)
        #expect(result.registered == 3)
        #expect(result.replaced == 1)
        #expect(result.rejected.map(\.line) == [3, 4, 5, 6, 7, 8, 9, 12, 13, 15])
        let byLine = Dictionary(uniqueKeysWithValues: result.rejected.map { ($0.line, $0.issues) })
        #expect(byLine[3]?.map(\.column) == ["证件号码"])
        #expect(byLine[4] == [RosterIssue(column: "出生日期", reason: "出生日期与证件号码不符：号码中为 2008-01-02，表单填写 2008-01-03")])
        #expect(byLine[5] == [RosterIssue(column: "性别", reason: "性别与证件号码不符：号码中为男，表单填写女")])
        #expect(byLine[6] == [RosterIssue(column: "姓名", reason: "不能为空")])
        #expect(byLine[7] == [RosterIssue(column: nil, reason: "有 5 个字段，表头有 6 列")])
        #expect(byLine[8] == [RosterIssue(column: "证件号码", reason: "证件号码在文件中重复（第 8、9 行）")])
        #expect(byLine[9] == byLine[8])
        #expect(byLine[12]?.count == 1)
        #expect(byLine[12]?[0].column == nil)
        #expect(byLine[12]?[0].reason.hasSuffix("（内蒙古细则 第十一条（二）2）") == true)
        #expect(byLine[13]?.first == RosterIssue(column: "证件类型",
                                                 reason: "学生参保登记只接受居民身份证、港澳台居民居住证、外国人永久居留身份证，不接受港澳居民来往内地通行证"))
        #expect(byLine[15] == [RosterIssue(column: "姓名", reason: "与参保信息库中该证件登记的姓名“何炜”不一致")])

        // The good rows are in; entering school ended 陈晨's enrollment elsewhere (内蒙古细则 第二十四条（三）1).
        let after = try Self.snapshot(store)
        #expect(after.counts.persons == before.counts.persons + 2)
        #expect(after.counts.platformRecords == before.counts.platformRecords + 3)
        #expect(after.audit == before.audit + ["roster.import"])
        #expect(try store.platformRecord(id: chenOld)?.status == .terminated)
        #expect(try store.platformRecord(id: chenOld)?.since == Fixture.date("2026-03-01"))
        #expect(try store.platformRecord(id: liuJob)?.status == .active)
        let audit = try #require(try store.auditLog(entity: "roster").last)
        let detail = try JSONSerialization.jsonObject(with: Data(audit.detail.utf8)) as! [String: String]
        #expect(detail["replaced"] == "\(chenOld):terminated")
        #expect(detail["rejected"] == "10")

        // The error report: the school's own columns plus 错误, one line per rejected row.
        let report = result.errorReportText.components(separatedBy: "\r\n")
        #expect(report[0] == "姓名,证件类型,证件号码,出生日期,性别,班级,错误")
        #expect(report.count == 12)
        #expect(report[3] == "周杰,居民身份证,\(Fixture.residentID(birth: "2008-06-06", sequence: 13)),2008-06-06,女,高三（1）班,第 5 行：性别：性别与证件号码不符：号码中为男，表单填写女")
        #expect(report[5] == "吴刚,居民身份证,\(Fixture.residentID(birth: "2008-08-08", sequence: 93)),2008-08-08,男,,第 7 行：有 5 个字段，表头有 6 列")
    }

    @Test(arguments: TestBackend.all) func theErrorReportCanBeCorrectedAndSentAgain(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        _ = try Self.seed(store)
        let first = try Self.importRoster(store, Data(Self.mixedRoster.utf8))
        #expect(first.registered == 3)
        // The school fixes 孙丽's birth date and sends its error report back, 错误 column and all.
        let sun = Fixture.residentID(birth: "2008-01-02", sequence: 82)
        let fixed = first.errorReportText.replacingOccurrences(of: "\(sun),2008-01-03", with: "\(sun),2008-01-02")
        let second = try Self.importRoster(store, Data(fixed.utf8))
        #expect(second.rowCount == 10)
        // 孙丽, and 吴刚 too: the report pads his short row to the header's columns, and nothing else was wrong.
        #expect(second.registered == 2)
        #expect(second.rejected.count == 8)
        // The whole roster again: those registered are already enrolled, nothing is written twice.
        let records = try store.counts().platformRecords
        let third = try Self.importRoster(store, Data(Self.mixedRoster.utf8))
        #expect(third.registered == 0)  // 孙丽's row is still wrong in the original file
        #expect(third.alreadyEnrolled == 3)
        #expect(try store.counts().platformRecords == records)
    }

    // MARK: - Files that cannot be read

    @Test(arguments: TestBackend.all, [
        ("姓名,证件号码\n王小明,\"\(wang)\n", "第 2 行：引号没有闭合"),
        ("姓名,身份证件\n王小明,\(wang)\n", "第 1 行：表头缺少必需的列：证件号码（应有 姓名、证件号码，可选 证件类型、出生日期、性别、班级）"),
        ("姓名,证件号码,身份证号\n王小明,\(wang),\(wang)\n", "第 1 行：表头中“证件号码”列出现了两次"),
        ("", "文件为空"),
        ("\n\n", "文件没有内容"),
    ])
    func anUnreadableFileWritesNothing(_ backend: TestBackend, _ file: (text: String, message: String)) throws {
        let (text, message) = file
        let store = try Fixture.store(backend)
        _ = try Self.seed(store)
        let before = try Self.snapshot(store)
        #expect(throws: RosterFileError.self) { try Self.importRoster(store, Data(text.utf8)) }
        do {
            _ = try Self.importRoster(store, Data(text.utf8))
        } catch let error as RosterFileError {
            #expect(error.description == message)
        }
        #expect(try Self.snapshot(store) == before)
    }

    @Test(arguments: TestBackend.all) func binaryAndUndecodableFilesWriteNothing(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let before = try Self.snapshot(store)
        let xlsx = Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])
        #expect(throws: RosterFileError("不是文本文件（如为 XLSX 表格，请另存为 CSV 后再导入）")) { try Self.importRoster(store, xlsx) }
        #expect(throws: RosterFileError("文件编码无法识别（应为 UTF-8 或 GB18030）")) {
            try Self.importRoster(store, Data([0xFF, 0xFF, 0x2C, 0x80, 0x0A]))
        }
        #expect(throws: RosterFileError("文件以 UTF-8 标记开头，但内容不是有效的 UTF-8 编码")) {
            try Self.importRoster(store, Data([0xEF, 0xBB, 0xBF, 0xD0, 0xD5, 0x0A]))
        }
        #expect(try Self.snapshot(store) == before)
    }

    // MARK: - Dry run, sharing verdicts

    @Test(arguments: TestBackend.all) func aDryRunReportsTheSameAndWritesNothing(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        _ = try Self.seed(store)
        let before = try Self.snapshot(store)
        var request = Self.request
        request.dryRun = true
        let dry = try Self.importRoster(store, Data(Self.mixedRoster.utf8), request: request)
        #expect(try Self.snapshot(store) == before)
        #expect(dry.rosterID == nil)
        let real = try Self.importRoster(store, Data(Self.mixedRoster.utf8))
        #expect((dry.registered, dry.alreadyEnrolled, dry.replaced) == (real.registered, real.alreadyEnrolled, real.replaced))
        #expect(dry.rejected == real.rejected)
        #expect(real.rosterID != nil)
    }

    /// The roster's byte-level fast path says “valid” exactly when `IdentityValidation.validate` finds nothing.
    @Test func theFastNumberCheckAgreesWithValidate() {
        let today = Fixture.date("2026-03-01")
        var seed: UInt64 = 2026
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        let areas = ["150621", "110105", "440703", "810000", "820000", "830000", "910000", "000000", "990000", "710000", "160000"]
        var agreed = (valid: 0, invalid: 0)
        for _ in 0..<4000 {
            let year = 1790 + next(240), month = 1 + next(12), day = 1 + next(31)
            let digits = String(year) + (month < 10 ? "0\(month)" : "\(month)") + (day < 10 ? "0\(day)" : "\(day)")
            let first17 = areas[next(areas.count)] + digits + String(format: "%03d", next(1000))
            var number = first17 + String(IdentityValidation.checkCharacter(first17: first17)!)
            if next(3) == 0 { number = Self.broken(number) }
            for kind in [DocumentKind.residentID, .hmtResidencePermit] {
                let fast = Array(number.utf8).withUnsafeBufferPointer {
                    IdentityValidation.decodeIfValid(kind: kind, utf8: $0, today: today)
                }
                let problems = IdentityValidation.validate(IdentityDocument(kind: kind, number: number), today: today,
                                                           field: "person.document").filter { $0.severity == .block }
                #expect((fast != nil) == problems.isEmpty, "\(kind.rawValue) \(number)")
                if let fast { #expect(fast == IdentityValidation.decode(number)) }
                if fast != nil { agreed.valid += 1 } else { agreed.invalid += 1 }
            }
        }
        #expect(agreed.valid > 500 && agreed.invalid > 500)
    }

    /// The roster reads only records in force; for every pattern of records its outcome is the counter's verdict
    /// on the same student case with all of the person's records.
    @Test(arguments: TestBackend.all) func theRosterAgreesWithTheCounterOnEveryRecordPattern(_ backend: TestBackend) throws {
        let store = try Fixture.store(backend)
        let patterns: [[NewEnrollment]] = [
            [],
            [NewEnrollment(place: "150102", scheme: .resident, status: .suspended, year: 2026, paid: true)],
            [NewEnrollment(place: "150102", scheme: .resident, status: .terminated, year: 2025, paid: true)],
            [NewEnrollment(place: "150102", scheme: .resident, year: 2026, paid: true)],
            [NewEnrollment(place: "150102", scheme: .resident, year: 2026, paid: false)],
            [NewEnrollment(place: "150102", scheme: .resident, year: 2027, paid: true)],
            [NewEnrollment(place: "150102", scheme: .resident, status: .suspended, year: 2025, paid: true),
             NewEnrollment(place: "150102", scheme: .resident, year: 2026, paid: true)],
            [NewEnrollment(place: "440703", scheme: .employee, months: ["2026-01"], paid: true)],
            [NewEnrollment(place: "440703", scheme: .employee, status: .suspended, months: ["2025-12"], paid: true)],
            [NewEnrollment(place: "150621", scheme: .resident, status: .suspended, year: 2026, paid: true)],
            [NewEnrollment(place: "150621", scheme: .resident, year: 2025, paid: true)],
        ]
        var roster = "姓名,证件号码\n"
        var people: [(number: String, name: String)] = []
        for (i, records) in patterns.enumerated() {
            let number = Fixture.residentID(birth: "2007-0\(i % 9 + 1)-1\(i % 9)", sequence: 200 + i)
            let name = "学生\(i)"
            _ = try store.load([InterchangePerson(person: Fixture.person(name, number: number), records: records)],
                               by: .system("test"))
            people.append((number, name))
            roster += "\(name),\(number)\n"
        }
        var request = Self.request
        request.dryRun = true
        let result = try Self.importRoster(store, Data(roster.utf8), request: request)
        let rejectedLines = Set(result.rejected.map(\.line))
        var registered = 0, replaced = 0
        for (i, person) in people.enumerated() {
            let stored = try #require(try store.person(byDocument: IdentityDocument(kind: .residentID, number: person.number)))
            let records = try store.platformRecords(forPerson: stored.id)
            let c = CaseFile(workflow: "student", region: "dalate", today: Self.request.today, here: "150621",
                             scheme: .resident, coverageYear: 2026,
                             person: Party(name: person.name, document: IdentityDocument(kind: .residentID, number: person.number)),
                             facts: ["school_place": .text("150621")], documentsPresented: ["resident-id", "student-proof"],
                             platformRecords: records.map(\.platformRecord))
            let verdict = try Evaluator.evaluate(c, forms: TestForms.shared)
            #expect((verdict.decision == .accept) == !rejectedLines.contains(i + 2), "pattern \(i): \(verdict.decision)")
            if verdict.decision == .accept { registered += 1; replaced += verdict.replaces.count }
        }
        #expect(result.registered == registered)
        #expect(result.replaced == replaced)
        #expect(registered > 3 && !rejectedLines.isEmpty)
    }

    @Test(arguments: TestBackend.all) func sharedVerdictsEqualEvaluatingEveryRow(_ backend: TestBackend) throws {
        var text = "姓名,证件号码,出生日期,性别\n"
        for i in 0..<60 {
            let birth = ["2008-01-01", "2008-01-02", "2012-06-30"][i % 3]
            text += "学生\(i),\(Fixture.residentID(birth: birth, sequence: i + 100)),\(i % 2 == 0 ? birth : ""),\n"
        }
        let store = try Fixture.store(backend)
        _ = try Self.seed(store)
        text += "陈晨,\(Self.chen),,\n刘洋,\(Self.liu),,\n"
        var request = Self.request
        request.dryRun = true
        let shared = try store.importRoster(Data(text.utf8), fileName: "a.csv", request: request, forms: TestForms.shared,
                                            by: .system("test"), shareVerdicts: true)
        let each = try store.importRoster(Data(text.utf8), fileName: "a.csv", request: request, forms: TestForms.shared,
                                          by: .system("test"), shareVerdicts: false)
        #expect(each.verdictsEvaluated == 62)
        // Each of the two cores keeps its own shared verdicts.
        #expect(shared.verdictsEvaluated < 20)
        #expect((shared.registered, shared.replaced, shared.rejected) == (each.registered, each.replaced, each.rejected))
        #expect(shared.registered == 61)
    }
}
