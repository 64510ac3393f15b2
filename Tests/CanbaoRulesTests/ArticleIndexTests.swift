import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// F1 on a finding shows the cited article: Forms/articles holds the seeds' texts, and every citation resolves.
@Suite struct ArticleIndexTests {
    static var index: ArticleIndex { TestForms.shared.articles }

    /// The repository itself (Forms/ is a symlink in scratch mirrors; scripts/ and Tests/ sit beside its target).
    static var root: URL { TestForms.directory.resolvingSymlinksInPath().deletingLastPathComponent() }

    static func refs(_ citation: String) -> [String] { index.articles(for: citation).map(\.reference) }

    static func text(_ source: String, _ id: String) -> String { index.article(source, id)?.text ?? "" }

    // MARK: the extracted texts

    @Test func everyDocumentHasAllItsUnits() {
        let counts = Self.index.documents.mapValues(\.articles.count)
        #expect(counts == ["国家规程": 22, "内蒙古细则": 29, "江门规程": 31, "达拉特旗方案": 7, "某市通知": 8,
                           "2025年节假日安排通知": 6, "2026年节假日安排通知": 7])
        #expect(Self.index.documents["江门规程"]?.articles.map(\.id).last == "第三十一条")
        #expect(Self.index.documents["某市通知"]?.articles.map(\.id) == ["一", "二", "三", "四", "五", "六", "七", "八"])
        #expect(Self.index.documents["内蒙古细则"]?.title == "内蒙古自治区基本医疗保险参保管理经办实施细则")
    }

    @Test func theNewbornArticleOfInnerMongolia() throws {
        let a = try #require(Self.index.article("内蒙古细则", "第十二条"))
        #expect(a.heading == "重点人群参保登记和变更管理")
        #expect(a.text.contains("90天（含90天）"))
        #expect(a.text.hasPrefix("（一）新生儿\n1.新生儿出生后90天（含90天）内"))
        #expect(!a.text.contains("#"))
    }

    /// 国家规程 第七条 spans a page break ("办理本" / "年度城乡居民…"): one article, two paragraphs, nothing lost.
    @Test func nationalArticleSevenIsWholeAcrossThePageBreak() {
        let text = Self.text("国家规程", "第七条")
        let paragraphs = text.split(separator: "\n")
        #expect(paragraphs.count == 2)
        #expect(paragraphs[0].hasPrefix("医保经办机构通过医保信息平台办理基本医保参保登记业务"))
        #expect(text.contains("办理成功后，参保人应及时申请基本医保关系转移接续。办理本年度城乡居民基本医疗保险"))
        #expect(paragraphs[0].hasSuffix("推动参保登记涉及事项逐步实现网上办理、一站式联办。"))
        #expect(paragraphs[1].hasPrefix("对符合办理条件的") && paragraphs[1].hasSuffix("提供便利。"))
        #expect(!Self.text("国家规程", "第六条").contains("医保经办机构通过"))
        #expect(Self.text("国家规程", "第八条").hasPrefix("医保经办机构为参保单位（人）办理参保登记后，应提醒"))
    }

    @Test func headingsInTheirIrregularForms() {
        #expect(Self.index.article("内蒙古细则", "第八条")?.heading == "单位参保登记和变更管理")  // `#### 第八条单位…`
        #expect(Self.index.article("内蒙古细则", "第九条")?.heading == "职工参保登记和变更管理")  // `## 第九条` + `###`
        #expect(Self.index.article("内蒙古细则", "第十九条")?.heading == "跨省医保关系转移接续")
        #expect(Self.index.article("内蒙古细则", "第十三条")?.heading == nil)
        #expect(Self.text("内蒙古细则", "第十三条").hasPrefix("职工医疗保险费由参保单位和职工共同缴纳"))
        #expect(Self.text("内蒙古细则", "第二十一条").contains("随参保单位参加职工医保"))
        #expect(Self.text("内蒙古细则", "第七条") == "各统筹区不得将办理职工医保退休人员待遇与在当地按月领取基本养老金绑定。")
        #expect(Self.text("江门规程", "第一条").hasPrefix("为规范本市基本医疗保险"))
        #expect(!Self.text("江门规程", "第三十一条").contains("附表"))
    }

    @Test func sectionsOfTheCityNoticeAndTheDalatePlan() {
        #expect(Self.index.article("某市通知", "四")?.heading == "做好参保待遇衔接")
        #expect(Self.text("某市通知", "四").contains("6个月待遇享受等待期"))
        #expect(Self.text("某市通知", "八").hasSuffix("本通知自2021年9月1日起施行，有效期五年。之前规定与本通知规定不符的，按照本通知规定执行。"))
        #expect(Self.index.article("达拉特旗方案", "四")?.heading == "集中缴费时间和缴费标准")
        #expect(Self.text("达拉特旗方案", "四").contains("9月1日至次年2月底"))
        #expect(Self.text("达拉特旗方案", "五").contains("4.参保人在居民医保缴费后"))
    }

    // MARK: citations

    @Test func eachCitationShapeResolves() {
        #expect(Self.refs("内蒙古细则 第十二条（一）1") == ["内蒙古细则 第十二条"])
        #expect(Self.refs("国家规程 第十五条 3") == ["国家规程 第十五条"])
        #expect(Self.refs("江门规程 第二十条（二）") == ["江门规程 第二十条"])
        #expect(Self.refs("江门规程 第二十条（二）（三）") == ["江门规程 第二十条"])
        #expect(Self.refs("达拉特旗方案 四") == ["达拉特旗方案 四"])
        #expect(Self.refs("某市通知 四（二）") == ["某市通知 四"])
        #expect(Self.refs("某市通知 五（三）") == ["某市通知 五"])
        #expect(Self.refs("某市通知 四（一）（二）") == ["某市通知 四"])
        #expect(Self.refs("达拉特旗方案 五（六）4") == ["达拉特旗方案 五"])
        #expect(Self.refs("国家规程第七条") == ["国家规程 第七条"])
    }

    @Test func aReferenceWithoutDocumentInheritsThePreviousOne() {
        #expect(Self.refs("内蒙古细则 第五条、第十一条（二）1") == ["内蒙古细则 第五条", "内蒙古细则 第十一条"])
        #expect(Self.refs("国家规程 第十五条 2；内蒙古细则 第十二条（二）") == ["国家规程 第十五条", "内蒙古细则 第十二条"])
        #expect(Self.refs("国家规程 第六条、第十五条 5、第十六条；内蒙古细则 第五条、第十条、第十六条、第十七条、第二十一条；某市通知 八") == [
            "国家规程 第六条", "国家规程 第十五条", "国家规程 第十六条", "内蒙古细则 第五条", "内蒙古细则 第十条",
            "内蒙古细则 第十六条", "内蒙古细则 第十七条", "内蒙古细则 第二十一条", "某市通知 八",
        ])
        // The same article twice (two clauses) is shown once.
        #expect(Self.refs("内蒙古细则 第十二条（一）2、（五）") == ["内蒙古细则 第十二条"])
    }

    @Test func aNoteCountsOnlyWhenItNamesADocument() {
        #expect(Self.refs("国家规程 第十五条 3（窗口惯例，内蒙古细则 第二十五条）") == ["国家规程 第十五条", "内蒙古细则 第二十五条"])
        #expect(Self.refs("达拉特旗方案 五（三）（窗口惯例，内蒙古细则 第二十五条）") == ["达拉特旗方案 五", "内蒙古细则 第二十五条"])
        #expect(Self.refs("国家规程 第七条（未成年人可凭户口簿）") == ["国家规程 第七条"])
        #expect(Self.refs("江门规程 第二十五条（二）2（窗口惯例）") == ["江门规程 第二十五条"])
        #expect(Self.index.unresolved(in: "国家规程 第六条（窗口惯例，见第九十条）").isEmpty)
    }

    @Test func numeralsUpToThirtyOneAndListsOfArticles() {
        #expect(Self.refs("江门规程 第三十一条") == ["江门规程 第三十一条"])
        #expect(Self.refs("内蒙古细则 第二十九条") == ["内蒙古细则 第二十九条"])
        #expect(Self.refs("国家规程 第十条") == ["国家规程 第十条"])
        #expect(Self.refs("内蒙古细则 第12条") == ["内蒙古细则 第十二条"])
        #expect(Self.refs("江门规程 第七、十五、十八、二十、二十五、二十六条") == [
            "江门规程 第七条", "江门规程 第十五条", "江门规程 第十八条", "江门规程 第二十条", "江门规程 第二十五条", "江门规程 第二十六条",
        ])
        #expect(Self.refs("江门规程 第二十五至二十六条") == ["江门规程 第二十五条", "江门规程 第二十六条"])
    }

    /// A profile's validity citation names the document as a whole: F1 shows its title and opening lines.
    @Test func aCitationNamingOnlyADocumentGivesTheWholeDocument() throws {
        let dalate = Self.index.articles(for: "达拉特旗方案（2023年8月6日印发）")
        #expect(dalate.count == 1)
        let whole = try #require(dalate.first)
        #expect(whole.isWholeDocument && whole.source == "达拉特旗方案" && whole.reference == "达拉特旗方案")
        #expect(whole.heading == "达拉特旗基本医疗保险全民参保缴费工作实施方案")
        #expect(whole.text.contains("2023年8月6日"))
        let city = Self.index.articles(for: "某市通知（自2021年9月1日起施行，有效期五年）")
        #expect(city.map(\.reference) == ["某市通知"])
        #expect(city.first?.heading == "关于加强和改进基本医疗保险参保工作有关问题的通知")
        #expect(Self.index.unresolved(in: "某市通知（自2021年9月1日起施行，有效期五年）").isEmpty)
    }

    @Test func unknownArticlesAndDocumentsAreReported() {
        #expect(Self.index.unresolved(in: "内蒙古细则 第九十条") == ["内蒙古细则 第九十条"])
        #expect(Self.index.articles(for: "内蒙古细则 第九十条").isEmpty)
        #expect(Self.index.unresolved(in: "国家规程 第二十三条") == ["国家规程 第二十三条"])
        #expect(Self.index.unresolved(in: "某市通知 九") == ["某市通知 九"])
        #expect(Self.index.unresolved(in: "内蒙古细则 第五条、第三十条") == ["内蒙古细则 第三十条"])
        #expect(Self.refs("内蒙古细则 第五条、第三十条") == ["内蒙古细则 第五条"])
        // A misspelt document name must not inherit the previous document.
        #expect(Self.index.unresolved(in: "国家规程 第七条；内蒙细则 第五条") == ["内蒙细则 第五条"])
        #expect(Self.refs("国家规程 第七条；内蒙细则 第五条") == ["国家规程 第七条"])
        #expect(Self.index.unresolved(in: "第五条") == ["第五条"])
        #expect(Self.index.unresolved(in: "x") == ["x"])
        #expect(Self.index.unresolved(in: "国家规程 第七条").isEmpty)
    }

    // MARK: loading and lint

    static func load(replacing path: String, with text: String) -> [SourceError] {
        var files = try! TestForms.files(TestForms.directory)
        files.removeAll { $0.path == path }
        files.append(FormSet.File(path: path, text: text))
        do {
            _ = try FormSet.load(files)
            return []
        } catch let e as SourceErrors {
            return e.errors
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    @Test func aBrokenArticlesFileFailsWithFileAndLine() throws {
        let broken = "source: 国家规程\ntitle: t\narticles:\n  - id: [第一条\n    text: x\n"
        #expect(throws: SourceErrors.self) { try ArticleIndex.parse([FormSet.File(path: "articles/national.yaml", text: broken)]) }
        let errors = Self.load(replacing: "articles/national.yaml", with: broken)
        let first = try #require(errors.first)
        #expect(first.file == "articles/national.yaml")
        #expect(first.line != nil)
        #expect(first.reason.hasPrefix("YAML 格式错误"))
        let noText = "source: 国家规程\ntitle: t\narticles:\n  - id: 第一条\n    heading: h\n"
        #expect(Self.load(replacing: "articles/national.yaml", with: noText).map(\.description).first
            == "articles/national.yaml:4: articles[0].text: 缺少必填的键")
        let unknownKey = "source: 国家规程\ntitle: t\narticles:\n  - {id: 第一条, txet: x}\n"
        #expect(Self.load(replacing: "articles/national.yaml", with: unknownKey).first?.line == 4)
    }

    @Test func theRepositoryFormsCiteOnlyArticlesThatExist() {
        #expect(!Self.index.isEmpty)
        let forms = TestForms.shared
        var cites = forms.workflows.values.flatMap { [$0.cite] + $0.documents.map(\.cite) }
        cites += forms.profiles.values.flatMap { [$0.validityCite] + $0.parameters.values.flatMap { $0.map(\.cite) } }
        #expect(cites.count > 50)
        for cite in cites {
            #expect(Self.index.unresolved(in: cite).isEmpty, "\(cite)")
            #expect(!Self.index.articles(for: cite).isEmpty, "\(cite)")
        }
    }

    @Test func lintNamesFileLineAndKeyOfAnUnresolvedCitation() throws {
        let national = try String(contentsOf: TestForms.directory.appendingPathComponent("policies/national.yaml"), encoding: .utf8)
        let bad = national.replacingOccurrences(of: "cite: 国家规程 第十五条 3}", with: "cite: 国家规程 第九十条 3}")
        #expect(bad != national)
        let errors = Self.load(replacing: "policies/national.yaml", with: bad).map(\.description)
        #expect(errors.contains("policies/national.yaml:9: parameters.newborn.window.cite: 引用“国家规程 第九十条”无法在 Forms/articles 中找到条文"))

        let newborn = try String(contentsOf: TestForms.directory.appendingPathComponent("workflows/newborn.yaml"), encoding: .utf8)
        let badTop = newborn.replacingOccurrences(of: "cite: 国家规程 第十五条 3；", with: "cite: 国家规程 第十五条 3；内蒙细则 第五条；")
        #expect(Self.load(replacing: "workflows/newborn.yaml", with: badTop).map(\.description)
            == ["workflows/newborn.yaml:3: cite: 引用“内蒙细则 第五条”无法在 Forms/articles 中找到条文"])
    }

    // MARK: citations the rules produce

    /// The example cases and the CLI's case files, each under every region, on dates inside and outside the
    /// profiles' validity, with and without records elsewhere and documents: every citation they produce resolves.
    @Test func everyCitationAVerdictCarriesResolves() throws {
        let forms = TestForms.shared
        var texts: [(String, String)] = []
        for dir in [TestForms.directory.appendingPathComponent("examples"), Self.root.appendingPathComponent("Tests/CanbaoCLITests/Cases")] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".json") {
                texts.append((name, try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)))
            }
        }
        #expect(texts.count >= 5)
        let records: [[PlatformRecord]] = [
            [],
            [Cases.record("440703", .employee)],
            [Cases.record("440703", .resident, year: 2025)],
            [Cases.record("440703", .resident, year: 2025, paid: false)],
        ]
        var citations = Set<String>()
        for (name, text) in texts {
            guard let base = try? CaseParser.parse(text, file: name) else { continue }  // a case meant to fail parsing
            for region in forms.profiles.keys.sorted() {
                for today in ["2019-06-01", base.today.description, "2030-01-01"] {
                    for platform in records {
                        for presented in [base.documentsPresented, []] {
                            var c = base
                            c.region = region
                            c.today = Cases.date(today)
                            c.platformRecords = base.platformRecords + platform
                            c.documentsPresented = presented
                            guard let v = try? Evaluator.evaluate(c, forms: forms) else { continue }
                            citations.formUnion(v.findings.map(\.citation) + v.missingDocuments.map(\.citation) + v.replaces.map(\.citation))
                        }
                    }
                }
            }
        }
        #expect(citations.count > 20)
        for cite in citations.sorted() {
            #expect(Self.index.unresolved(in: cite).isEmpty, "\(cite)")
        }
    }

    /// Citations written into the rule code as literals, including branches no example reaches.
    @Test func everyCitationLiteralInTheRulesResolves() throws {
        let dir = Self.root.appendingPathComponent("Sources/CanbaoRules/Workflows")
        let files = try #require(FileManager.default.enumerator(atPath: dir.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        let names = Self.index.documents.keys.joined(separator: "|")
        let literal = try Regex("\"((?:\(names))[^\"\\\\]*)\"")
        var found: [String] = []
        for file in files {
            let source = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            found += source.matches(of: literal).compactMap { $0.output[1].substring.map(String.init) }
        }
        #expect(found.contains("国家规程 第七条"))
        for cite in found {
            #expect(Self.index.unresolved(in: cite).isEmpty, "\(cite)")
        }
    }

    // MARK: the extraction script

    /// The policy texts the articles are extracted from: `$CANBAO_POLICY_TEXTS` (they are not part of the product).
    static var policyTexts: String { ProcessInfo.processInfo.environment["CANBAO_POLICY_TEXTS"] ?? "" }

    static var canExtract: Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let python = path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }
        return python && !policyTexts.isEmpty && FileManager.default.fileExists(atPath: policyTexts)
    }

    /// The committed files are exactly what the script makes from the policy texts (the script is deterministic).
    @Test(.enabled(if: canExtract, "needs the policy texts ($CANBAO_POLICY_TEXTS) and python3"))
    func theCommittedArticlesMatchTheSeeds() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "scripts/extract-articles.py", Self.policyTexts, "--check"]
        process.currentDirectoryURL = Self.root
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(message)")
    }
}
