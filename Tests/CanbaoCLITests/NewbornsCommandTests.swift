import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// `canbao newborns`: the pre-registered newborns (预参保) still to be updated, driven through the built binary on a
/// store prepared through the store's own operations.
@Suite("canbao newborns")
struct NewbornsCommandTests {
    private func canbao(_ arguments: [String], home: URL) throws -> CanbaoBinary.Result {
        try CanbaoBinary.run(["newborns"] + arguments, environment: ["CANBAO_HOME": home.path, "CANBAO_REGION": ""])
    }

    static let guardian = IDNumbers.residentID(area: "440704", birth: LocalDate("1993-03-03")!, sequence: 28)
    static let late = IDNumbers.residentID(area: "440703", birth: LocalDate("2025-08-05")!, sequence: 91)
    static let early = IDNumbers.residentID(area: "440703", birth: LocalDate("2026-01-10")!, sequence: 53)
    static let updated = IDNumbers.residentID(area: "440703", birth: LocalDate("2025-09-10")!, sequence: 93)

    private static func caseJSON(_ workflow: String, name: String, number: String, birth: String,
                                 facts: String) -> String {
        """
        {"workflow":"\(workflow)","region":"jiangmen","today":"2026-03-01","here":"440703","scheme":"resident",\
        "person":{"name":"\(name)","document":{"kind":"resident-id","number":"\(number)"},"birth_date":"\(birth)"},\
        "guardian":{"name":"林晓玲","document":{"kind":"resident-id","number":"\(guardian)"}},"facts":\(facts)}
        """
    }

    private static let accept = #"{"decision":"accept","missing_documents":[],"findings":[]}"#

    /// Three newborns registered in Jiangmen under a parent's name; 陈一鸣 already updated by a change case.
    private func nursery() throws -> URL {
        let home = try CanbaoBinary.temporaryDirectory("cli-newborns")
        let fixed = Date(timeIntervalSince1970: 1_773_648_000) // 2026-03-16 08:00 UTC
        let store = try CounterStore.open(home: home, options: CounterStore.Options(passwordIterations: 100_000),
                                          now: { fixed })
        let clerk = try store.addOperator(name: "clerk1", displayName: "柜员一", role: .clerk, password: "Clerk-pass-1",
                                          by: .system("test"))
        func submitted(_ json: String, _ person: Int64) throws -> CaseRecord {
            let draft = try store.createCase(CaseFile(json: json), applicantID: person, by: clerk.id)
            let checked = try store.updateCase(caseID: draft.id, caseFile: CaseFile(json: json), verdict: Verdict(json: Self.accept),
                                               applicantID: person,
                                               expectedVersion: draft.version, by: clerk.id)
            return try store.setStatus(caseID: checked.id, to: .submitted, expectedVersion: checked.version, by: clerk.id)
        }
        for (name, number, birth) in [("林浩然", Self.late, "2025-08-05"), ("陈一诺", Self.early, "2026-01-10"),
                                      ("陈一鸣", Self.updated, "2025-09-10")] {
            let person = try store.upsertPerson(PersonInput(document: IdentityDocument(kind: .residentID, number: number),
                                                            name: name, birthDate: LocalDate(birth)), by: .operator(clerk.id))
            let newborn = try submitted(Self.caseJSON("newborn", name: name, number: number, birth: birth,
                                                      facts: #"{"hukou_registered":true,"registered_under_parent_name":true}"#),
                                        person.id)
            try store.register(caseID: newborn.id, enrollment: NewEnrollment(place: "440703", scheme: .resident, year: 2026,
                                                                             paid: true),
                               expectedVersion: newborn.version, by: clerk.id)
            if name == "陈一鸣" {
                let update = try submitted(Self.caseJSON("change", name: name, number: number, birth: birth,
                                                         facts: #"{"change_kind":"newborn"}"#), person.id)
                try store.complete(caseID: update.id, statusChanges: [], expectedVersion: update.version, by: clerk.id)
            }
        }
        return home
    }

    @Test func listsThePendingUpdatesWithDeadlineAndOverdueOnesFirst() throws {
        let home = try nursery()
        let text = try canbao(["--region", "jiangmen", "--date", "2026-03-16"], home: home)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout == """
            使用父母姓名预参保、尚未更新为本人信息的新生儿：江门市（jiangmen），截至 2026-03-16
            更新期限：出生次月1日起6个月内完成户籍登记并更新参保信息（江门规程 第二十条（三））
            ! 2026-000001  林浩然  居民身份证 \(Self.late)  出生 2025-08-05  监护人 林晓玲  期限 2026-02-28，已逾期 16 天
              2026-000002  陈一诺  居民身份证 \(Self.early)  出生 2026-01-10  监护人 林晓玲  期限 2026-07-31，尚余 137 天
            合计：2 人，其中逾期未更新 1 人

            """)

        let csv = try canbao(["--region", "jiangmen", "--date", "2026-03-16", "--overdue", "--csv"], home: home)
        #expect(csv.status == 0)
        #expect(csv.stdout == """
            办件编号,姓名,证件类型,证件号码,出生日期,监护人,办理地,更新期限,是否逾期,逾期天数,依据
            2026-000001,林浩然,居民身份证,\(Self.late),2025-08-05,林晓玲,440703,2026-02-28,是,16,江门规程 第二十条（三）

            """)

        let elsewhere = try canbao(["--region", "jiangmen", "--date", "2026-03-16", "--place", "1506"], home: home)
        #expect(elsewhere.stdout.hasSuffix("没有尚未更新的预参保新生儿\n"))
    }

    @Test func emptyListsAndARegionWithoutAPeriodSaySo() throws {
        let home = try nursery()
        let early = try canbao(["--region", "jiangmen", "--date", "2026-01-15", "--overdue"], home: home)
        #expect(early.status == 0)
        #expect(early.stdout.hasSuffix("没有逾期未更新的预参保新生儿\n"))
        let dalate = try canbao(["--date", "2026-03-16"], home: home)
        #expect(dalate.status == 0)
        #expect(dalate.stdout == """
            使用父母姓名预参保、尚未更新为本人信息的新生儿：达拉特旗（dalate），截至 2026-03-16
            本地区档案未规定更新期限：应要求监护人尽快更新信息（国家规程 第十五条 3），不计逾期
            没有尚未更新的预参保新生儿

            """)
    }

    @Test func badInputIsOneLineAndExitStatusTwo() throws {
        let home = try CanbaoBinary.temporaryDirectory("cli-newborns-bad")
        // A date option that is no date is a usage error, as for every command's --date (ArgumentParser's 64).
        let date = try canbao(["--date", "2026-02-30"], home: home)
        #expect(date.status == 64)
        #expect(date.stderr.contains("日期应为 YYYY-MM-DD 格式的有效日期（1900–2099 年）：2026-02-30"))
        let far = try canbao(["--date", "1899-12-31"], home: home)
        #expect(far.status == 64 && far.stderr.contains("1899-12-31"))
        let region = try canbao(["--region", "atlantis"], home: home)
        #expect(region.status == 2)
        #expect(region.stderr.hasPrefix("未知的地区档案“atlantis”（可用："))
        #expect(region.stderr.split(separator: "\n").count == 1)
        // Nothing was created for bad input.
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("canbao.sqlite").path))
    }
}
