import CanbaoRules
import CanbaoStore
import CanbaoTestSupport
import Foundation

/// The training decks as the binary reads them, and Forms/ copies holding a chosen deck.
enum TrainingDecks {
    /// `decks/FILE` of a Forms/ directory (the repository's by default), parsed against the repository's forms.
    static func load(_ file: String, forms: URL = TestForms.directory) throws -> Deck {
        let url = forms.appendingPathComponent("decks").appendingPathComponent(file)
        return try DeckParser.parse(try String(contentsOf: url, encoding: .utf8), file: file, forms: TestForms.shared)
    }

    /// A copy of the repository's Forms/ (in a new temporary directory: remove `.deletingLastPathComponent()`)
    /// whose decks/ holds one deck: the first `count` scenarios of `file`, as they are written there.
    static func formsWithDeck(_ file: String, firstScenarios count: Int) throws -> URL {
        let fm = FileManager.default
        let forms = try CanbaoBinary.temporaryDirectory("canbao-forms").appendingPathComponent("Forms")
        try fm.copyItem(at: TestForms.directory, to: forms)
        let decks = forms.appendingPathComponent("decks")
        for name in try fm.contentsOfDirectory(atPath: decks.path) where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            try fm.removeItem(at: decks.appendingPathComponent(name))
        }
        let text = try String(contentsOf: TestForms.directory.appendingPathComponent("decks").appendingPathComponent(file), encoding: .utf8)
        // Scenarios are the items of the top-level `scenarios:` list, each starting "  - id:".
        var starts: [String.Index] = []
        var search = text.startIndex
        while let r = text.range(of: "\n  - id: ", range: search..<text.endIndex) {
            starts.append(r.lowerBound)
            search = r.upperBound
        }
        let cut = starts.count > count ? text[..<starts[count]] + "\n" : Substring(text)
        try String(cut).write(to: decks.appendingPathComponent(file), atomically: true, encoding: .utf8)
        return forms
    }
}

/// What the real store holds, to compare before and after practice.
struct StoreState: Equatable {
    var counts: StoreCounts
    /// `canbao store verify`: integrity, foreign keys, the audit chain's length and head hash, the counts.
    var verify: String
    /// `canbao store export FILE.jsonl`: every person and platform record, byte for byte.
    var export: String
    /// Every audit row's hash, in order.
    var chain: [String]

    static func capture(_ counter: Counter) throws -> StoreState {
        let store = try counter.openStore()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("canbao-export-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        try Counter.cli(["store", "export", file.path, "--home", counter.home.path])
        return StoreState(counts: try store.counts(),
                          verify: try Counter.cli(["store", "verify", "--home", counter.home.path]),
                          export: try String(contentsOf: file, encoding: .utf8),
                          chain: try store.auditLog().map(\.hash))
    }
}

extension Tmux.Screen {
    /// The title bar carries the 练习 mark (centred, over the title).
    var isPractice: Bool { line(0).contains(" 练习 ") }
}

extension Tmux {
    /// On a practice story screen: Enter, then the newborn form filled in from the scenario's case file — the
    /// situation's answers, the newborn (birth date and sex as the sandbox prefills them), the guardian, the
    /// coverage year when the scenario states one and `coverageYear` is true — the documents named in `brought`
    /// ticked (nil: every one on the list). Every screen on the way must carry the 练习 mark. Returns the form
    /// before F10 and the score card after it.
    func serveScenario(_ scenario: Scenario, brought: Set<String>?, coverageYear: Bool = true) throws -> (form: Screen, card: Screen) {
        let c = scenario.caseFile
        let kinds = TestForms.shared.workflows["newborn"]?.field("person.document")?.kinds ?? []
        guard c.workflow == "newborn", c.agent == nil, let person = c.person, let name = person.name,
              let document = person.document, let kind = kinds.firstIndex(of: document.kind),
              let birth = person.birthDate, let sex = person.sex,
              let guardian = c.guardian, let guardianName = guardian.name, let guardianDocument = guardian.document,
              guardianDocument.kind == .residentID
        else {
            throw TmuxError(description: "情景 \(scenario.id) 不是本测试能照填的新生儿案件（监护人持居民身份证、无代办）")
        }
        func yes(_ fact: String) -> Bool { c.facts[fact] == .bool(true) }
        var marks: [String] = []
        func practice(_ screen: Screen) {
            if !screen.isPractice { marks.append(screen.description) }
        }

        try sendKeys("Enter")
        var screen = try settle("练习表单 1.办理情形") { $0.line(0).contains("参保 · 新生儿参保登记") && $0.field("办理地（统筹区代码）*") != nil }
        practice(screen)
        guard screen.field("办理地（统筹区代码）*") == c.here else {
            throw TmuxError(description: "办理地应为情景的 \(c.here ?? "")：\n\(screen)")
        }
        try skip("办理地（统筹区代码）*")
        try choose("是否已办理户籍登记*", key: yes("hukou_registered") ? "y" : "n", shows: yes("hukou_registered") ? "是" : "否")
        try choose("是否在户籍登记前死亡*", key: yes("deceased_before_hukou") ? "y" : "n", shows: yes("deceased_before_hukou") ? "是" : "否")
        if c.facts["registered_under_parent_name"] != nil {
            let pre = yes("registered_under_parent_name")
            try choose("是否已使用父母姓名预参保", key: pre ? "y" : "n", shows: pre ? "是" : "否")
        } else {
            try skip("是否已使用父母姓名预参保")
        }

        screen = try settle("练习表单 2.新生儿身份") { $0.field("新生儿姓名*") != nil }
        practice(screen)
        try fill("新生儿姓名*", name)
        // The first kind of the list is the field's own; another one is chosen with F4.
        if kind > 0 { try chooseKind(kind + 1, name: document.kind.chineseName) }
        try fill("新生儿证件*", document.number)
        // The lookup runs in the sandbox, which holds the scenario's person when the deck names one.
        screen = try settle("证件查询结果") { $0.message.hasPrefix("已查到参保人 ") || $0.message == "平台无此人参保记录" }
        practice(screen)
        // A number that carries them (GB 11643) fills the birth date and sex: shown “（按证件号码）”, not typed.
        switch screen.field("出生日期*") {
        case birth.description?, "\(birth) （按证件号码）"?: try skip("出生日期*")
        case ""?: try fill("出生日期*", birth.description)
        default: throw TmuxError(description: "出生日期与情景（\(birth)）不符：\n\(screen)")
        }
        if screen.field("性别*") == sex.chinese || screen.field("性别*") == "\(sex.chinese) （按证件号码）" {
            try skip("性别*")
        } else {
            try choose("性别*", key: sex == .male ? "1" : "2", shows: sex.chinese)
        }

        screen = try settle("练习表单 3.监护人") { $0.field("监护人姓名*") != nil }
        practice(screen)
        try fill("监护人姓名*", guardianName)
        try fill("监护人证件*", guardianDocument.number)
        try skip("代办人姓名（无代办可空）")

        screen = try settle("练习表单 4.参保登记校验") { $0.field("参保年度（出生当年）") != nil }
        practice(screen)
        if coverageYear, let year = c.coverageYear {
            try fill("参保年度（出生当年）", "\(year)", then: nil)
            try leaveLastField()
        } else {
            try skip("参保年度（出生当年）")
            try waitFor("已到最后一项")
        }

        if let brought { try tickDocuments(brought) } else { try tickAllDocuments() }
        let form = try settle("练习表单的结论") { $0.contains("当前结论：") }
        practice(form)
        try sendKeys("F10")
        let card = try settle("评分卡") { $0.line(0).contains("参保 · 练习评分") && $0.line(2).hasPrefix(" 评分：") }
        practice(card)
        guard marks.isEmpty else {
            throw TmuxError(description: "练习中有画面没有“练习”标记：\n\(marks.joined(separator: "\n\n"))")
        }
        return (form, card)
    }

    /// The rows of the deck list (row 5 on), up to the first empty row.
    static func deckRows(_ screen: Screen) -> [String] {
        var rows: [String] = []
        for row in 5..<max(5, screen.lines.count - 4) {
            let line = screen.line(row)
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            rows.append(line)
        }
        return rows
    }

    /// On the deck list: ↓ to the deck's row (its tags show below the list), Enter: the story of the scenario
    /// offered. Returns the story screen.
    @discardableResult
    func startDeck(_ deck: Deck) throws -> Screen {
        let list = try settle("题组列表") { !Tmux.deckRows($0).isEmpty && !$0.contains("正在读取") }
        guard let index = Tmux.deckRows(list).firstIndex(where: { $0.hasPrefix(" " + deck.title) }) else {
            throw TmuxError(description: "题组列表中没有“\(deck.title)”：\n\(list)")
        }
        for _ in 0..<index { try sendKeys("Down") }
        try settle("题组“\(deck.title)”的标签") { $0.lines.contains { $0.hasPrefix(" 标签：" + deck.tags.prefix(2).joined(separator: "、")) } }
        try sendKeys("Enter")
        return try waitForStory(deck)
    }

    /// The story screen of some scenario of the deck.
    @discardableResult
    func waitForStory(_ deck: Deck) throws -> Screen {
        try settle("练习情景") { $0.line(0).contains("参保 · 练习 · \(deck.title)") && $0.line(2).hasPrefix(" \(deck.title) · ") }
    }

    /// The scenario whose title the story screen shows.
    static func storyScenario(_ screen: Screen, in deck: Deck) -> Scenario? {
        deck.scenarios.first { screen.line(2) == " \(deck.title) · \($0.title)" }
    }
}

/// The canbao-practice-* sandboxes in a directory (the TMPDIR a test gives the binary).
func practiceSandboxes(in dir: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix("canbao-practice-") }.sorted()
}
