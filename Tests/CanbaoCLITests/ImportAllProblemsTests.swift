import CanbaoStore
import CanbaoTestSupport
import Foundation
import Testing

/// `store import` lists every problem of a line at once: the person's and the record's, so nobody fixes the person
/// only to be told about the place next time.
@Suite struct ImportAllProblemsTests {
    private func importing(_ name: String, _ text: String, home: URL) throws -> CanbaoBinary.Result {
        let file = try CanbaoBinary.temporaryDirectory("import-all").appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return try CanbaoBinary.run(["store", "import", file.path, "--home", home.path] + TestAdministrator.arguments,
                                    stdin: TestAdministrator.stdin())
    }

    @Test func thePersonsAndTheRecordsProblemsAreSaidTogether() throws {
        let home = try CanbaoBinary.temporaryDirectory("import-all-home")
        try TestAdministrator.add(home: home)
        let csv = try importing("lines.csv", """
            document_kind,document_number,name,birth_date,sex,place,scheme,status,year,paid
            resident-id,11010519491231002Y,王芳,1949-12-31,female,15010x,resident,active,2026,yes
            ,34052419800101001X,李\u{1B}[2J四,,,150102,resident,gone,2026,true
            resident-id,34052419800101001X,李四,,,150102,resident,active,abc,true
            resident-id,11010519491231002X,王芳,1949-12-31,female,150102,resident,active,2026,true
            resident-id,11010519491231002X,王芳芳,1949-12-31,female,150102,employee2,active,2026,true

            """, home: home)
        #expect(csv.status == 1)
        #expect(csv.stderr == """
            canbao: 导入文件有 9 处错误，未导入任何数据：
              第 2 行，字段 document_number：身份证号码第18位应为数字或 X，实际为 Y
              第 2 行，字段 paid：“yes”无效（应为 true 或 false）
              第 2 行，字段 place：“15010x”应为 6 位数字的统筹区代码（如 150621）
              第 3 行，字段 name：含有不允许的控制字符 U+001B
              第 3 行，字段 document_kind：缺少证件类型
              第 3 行，字段 status：参保状态“gone”无效（应为 active、suspended 或 terminated）
              第 4 行，字段 year：“abc”不是整数
              第 6 行，字段 scheme：险种“employee2”无效（应为 resident 或 employee）
              第 6 行，字段 name：与第 5 行同一人员的值不一致（“王芳”/“王芳芳”）

            """)

        let jsonl = try importing("lines.jsonl", #"""
            {"name":"","platform_records":[{"place":"15","scheme":"resident","status":"active","year":2026,"paid":true}]}
            {"document":{"kind":"resident-id","number":"34052419800101001X"},"name":"李四","sex":"M","platform_records":[{"place":"150102","scheme":"resident","status":"gone","year":2026,"paid":true},{"place":"150102","scheme":"resident","status":"active","months":["2025-1\u001b"],"paid":true}]}

            """#, home: home)
        #expect(jsonl.status == 1)
        #expect(jsonl.stderr == """
            canbao: 导入文件有 6 处错误，未导入任何数据：
              第 1 行，字段 document：缺少证件（document）
              第 1 行，字段 name：缺少姓名
              第 1 行，字段 platform_records[0].place：“15”应为 6 位数字的统筹区代码（如 150621）
              第 2 行，字段 sex：“M”无效（应为 male 或 female）
              第 2 行，字段 platform_records[0].status：参保状态“gone”无效（应为 active、suspended 或 terminated）
              第 2 行，字段 platform_records[1].months：含有不允许的控制字符 U+001B

            """)
        let counts = try CounterStore.open(home: home).counts()
        #expect(counts.persons == 0)
        #expect(counts.platformRecords == 0)
    }
}
