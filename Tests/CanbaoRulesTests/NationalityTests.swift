import Testing
@testable import CanbaoRules

/// A foreign passport's nationality took any text ("Germanyy", "中国", a control-free paste): the register held
/// nationalities no one could count or match. It is now a country of GB/T 2659, by code or name.
@Suite("Nationality (国籍, GB/T 2659)")
struct NationalityTests {
    @Test("A code, a Chinese or an English name names the country", arguments: [
        ("DEU", "DEU"), ("deu", "DEU"), ("ＤＥＵ", "DEU"), ("德国", "DEU"), (" 德 国 ", "DEU"), ("Germany", "DEU"),
        ("GERMANY", "DEU"), ("D", "DEU"), ("韩国", "KOR"), ("大韩民国", "KOR"), ("South Korea", "KOR"),
        ("刚果（金）", "COD"), ("刚果(金)", "COD"), ("Türkiye", "TUR"), ("Turkey", "TUR"), ("GBN", "GBR"),
        ("美国", "USA"), ("柬埔寨", "KHM"),
    ])
    func named(text: String, country: String) throws {
        let found = try #require(Nationality.named(text))
        #expect(found.country == country)
        #expect(Nationality.problem(text) == nil)
    }

    @Test func theShortNameIsGBT2659sAndTheCodeIsThePassports() throws {
        let korea = try #require(Nationality.named("Korea, Republic of"))
        #expect(korea == Nationality(code: "KOR", country: "KOR", name: "韩国"))
        let germany = try #require(Nationality.named("d"))
        #expect(germany == Nationality(code: "D", country: "DEU", name: "德国"))
        // The translation's misspelling is not a name.
        #expect(Nationality.named("柬埔塞") == nil)
    }

    @Test("Unknown text is refused, with the nearest name when there is one")
    func unknown() {
        #expect(Nationality.problem("德过") == "“德过”不是国家或地区的名称或代码（GB/T 2659），是否为“德国”（DEU）？")
        #expect(Nationality.problem("Germanyy") == "“Germanyy”不是国家或地区的名称或代码（GB/T 2659），是否为“德国”（DEU）？")
        #expect(Nationality.problem("QQQ")?.hasSuffix("；请填写国家名称（如 德国）或护照上的三字母代码（如 DEU）") == true)
        #expect(Nationality.problem("火星") != nil)
        #expect(Nationality.named("") == nil)
    }

    @Test func aHugePasteGivesAShortMessage() throws {
        let problem = try #require(Nationality.problem(String(repeating: "德国", count: 5_000)))
        #expect(problem.count < 120, "\(problem)")
    }

    @Test("China and its regions are not a foreign passport's nationality", arguments: [
        ("CHN", "外国护照的国籍不能是中国：中国公民以居民身份证参保"), ("中国", "外国护照的国籍不能是中国：中国公民以居民身份证参保"),
        ("China", "外国护照的国籍不能是中国：中国公民以居民身份证参保"),
        ("HKG", "中国香港居民不以外国护照参保：以港澳台居民居住证或来往内地（大陆）通行证办理"),
        ("澳门", "中国澳门居民不以外国护照参保：以港澳台居民居住证或来往内地（大陆）通行证办理"),
        ("台湾", "中国台湾居民不以外国护照参保：以港澳台居民居住证或来往内地（大陆）通行证办理"),
    ])
    func china(text: String, message: String) {
        #expect(Nationality.problem(text) == message)
    }

    /// Each row's code is its own, and each of its names names its country (only D gives 德国 to DEU).
    @Test func theTableIsConsistent() throws {
        let codes = Nationality.table.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(codes.count > 250)
        for row in Nationality.table {
            #expect(Nationality.named(row.code)?.code == row.code)
            for name in row.names + row.english {
                #expect(Nationality.named(name)?.country == row.country, "\(row.code) \(name)")
            }
        }
    }
}
