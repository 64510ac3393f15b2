import Foundation
import Yams

/// Turns a real, decided case into a training scenario without exposing anyone (issue 6, "real cases into
/// scenarios"): every name is replaced by a made-up one, every document number regenerated with the same kind and
/// a valid check character, every date shifted by the same number of days. Places (region codes) are not personal
/// data and stay, so the rules see the same situation.
///
/// Pure: no I/O, no clock. The same seed and shift give the same result.
public enum CaseScrubber {
    /// Suffix of a newborn who died before hukou registration: parent's name + XSE (内蒙古细则 第十二条（一）2).
    public static let deceasedSuffix = "XSE"

    /// Replaces every personal datum of the case:
    /// - names of person, guardian and agent: new Chinese names (Latin ones for Latin originals); the same original
    ///   name always gets the same new name, a shared surname stays shared, and "parent's name + XSE" stays the new
    ///   parent's name + XSE;
    /// - document numbers: same kind and shape; GB 11643 kinds keep the area code and sex parity, encode the shifted
    ///   birth date and get a valid check character (an invalid original stays invalid); a number used twice (the
    ///   deceased newborn's `other` = the guardian's ID) gets the same new number twice;
    /// - dates shifted by `shiftDays` (today, birth dates, date facts, record `since`); years and months follow
    ///   `today` (a newborn's coverage year follows the birth year it equals).
    public static func scrub(_ c: CaseFile, seed: UInt64, shiftDays: Int) -> CaseFile {
        var s = Scrubbing(original: c, seed: seed, shiftDays: shiftDays)
        return s.run()
    }

    /// Shifts to try, in order, when the supervisor gives none: about a year back in whole weeks (weekday, month and
    /// the policy periods mostly kept), rotated by the seed, then two years back.
    public static func defaultShifts(seed: UInt64) -> [Int] {
        let weeks = [52, 53, 51, 54, 50, 55, 49]
        let start = Int(seed % UInt64(weeks.count))
        return (0..<weeks.count).map { -7 * weeks[($0 + start) % weeks.count] } + [-728, -735]
    }

    /// Scrubs, evaluates the scrubbed case with the rules and renders the scenario.
    public static func scenario(from c: CaseFile, forms: FormSet, id: String, title: String, seed: UInt64,
                                shiftDays: Int) throws -> (yaml: String, scrubbed: CaseFile, verdict: Verdict) {
        let scrubbed = scrub(c, seed: seed, shiftDays: shiftDays)
        let verdict = try Evaluator.evaluate(scrubbed, forms: forms, file: "scenario")
        return (renderScenario(scrubbed, verdict: verdict, id: id, title: title, forms: forms), scrubbed, verdict)
    }

    // MARK: - Rendering (Yams writes the YAML: quoting and escapes are its business, not ours)

    /// One scenario in the deck format (`Forms/decks/*.yaml`), as an item of a deck's `scenarios:` list (indented
    /// two spaces). The story is told from the (scrubbed) case; the expectation is `verdict`, which must be the
    /// rules' verdict on this case. With `forms`, labels and document names are in Chinese and only citations that
    /// resolve in Forms/articles are listed.
    public static func renderScenario(_ c: CaseFile, verdict: Verdict, id: String, title: String,
                                      forms: FormSet? = nil) -> String {
        var expected: [(String, Node)] = [
            ("decision", plain(verdict.decision.rawValue)),
            ("missing_documents", flow(verdict.missingDocuments.map(\.code))),
        ]
        if verdict.decision == .accept || verdict.decision == .missingDocuments {
            if let start = verdict.benefitStart { expected.append(("benefit_start", plain(start.description))) }
            if let months = verdict.waitingPeriodMonths { expected.append(("waiting_period_months", plain(String(months)))) }
        }
        expected.append(("explanation", literal(explanation(c, verdict: verdict, forms: forms))))
        expected.append(("citations", flow(citations(verdict, forms: forms))))
        var answers: [(String, Node)] = []
        if let year = c.coverageYear { answers.append(("coverage_year", Node(String(year), Tag(.str), .doubleQuoted))) }
        if let kind = c.person?.document?.kind { answers.append(("person.document.kind", plain(kind.rawValue))) }
        if !answers.isEmpty { expected.append(("key_answers", mapping(answers, style: .flow))) }

        let scenario = mapping([
            ("id", plain(id)), ("title", Node(title)), ("story", literal(story(c, forms: forms))),
            ("case", caseNode(c)), ("expected", mapping(expected)),
        ])
        let text = serialized(.sequence(Node.Sequence([scenario])))
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  \($0)" }
            .joined(separator: "\n")
    }

    /// A deck holding the given rendered scenarios (for `canbao scenario export --deck` and for checking a rendered
    /// scenario with `DeckParser`).
    public static func renderDeck(id: String, title: String, tags: [String], description: String? = nil,
                                  scenarios: [String]) -> String {
        var header: [(String, Node)] = [("id", plain(id)), ("title", Node(title)), ("level", Node("进阶")), ("tags", flow(tags))]
        if let description, !description.isEmpty { header.append(("description", literal(description))) }
        return serialized(mapping(header)) + "scenarios:\n" + scenarios.joined(separator: "\n")
    }

    /// The case as its own keys: whatever the case file carries (a new key included) is in the scenario.
    static func caseNode(_ c: CaseFile) -> Node {
        let encoded = (try? YAMLEncoder().encode(c)) ?? ""
        guard let node = try? Yams.compose(yaml: encoded), case var .mapping(m) = node else { return mapping([]) }
        // Facts are a dictionary: written in key order, so the same case always reads the same.
        if let facts = m["facts"], case let .mapping(f) = facts {
            m["facts"] = .mapping(Node.Mapping(f.sorted { ($0.key.string ?? "") < ($1.key.string ?? "") }, f.tag, f.style))
        }
        return compact(.mapping(m))
    }

    /// Parties, documents, facts and records written on one line each, as a person would write them.
    static func compact(_ node: Node, depth: Int = 0) -> Node {
        switch node {
        case var .mapping(m):
            let pairs = m.map { ($0.key, compact($0.value, depth: depth + 1)) }
            m = Node.Mapping(pairs, m.tag, depth >= 1 ? .flow : .block)
            return .mapping(m)
        case var .sequence(s):
            let items = s.map { compact($0, depth: depth + 1) }
            s = Node.Sequence(items, s.tag, items.allSatisfy { $0.scalar != nil } ? .flow : .block)
            return .sequence(s)
        default:
            return node
        }
    }

    static func plain(_ text: String) -> Node { Node(text, Tag(.str), .plain) }

    static func literal(_ text: String) -> Node {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmed(.whitespaces) }.filter { !$0.isEmpty }
        return Node(lines.joined(separator: "\n") + "\n", Tag(.str), .literal)
    }

    static func flow(_ items: [String]) -> Node { .sequence(Node.Sequence(items.map { Node($0) }, Tag(.seq), .flow)) }

    static func mapping(_ pairs: [(String, Node)], style: Node.Mapping.Style = .block) -> Node {
        .mapping(Node.Mapping(pairs.map { (Node($0.0), $0.1) }, Tag(.map), style))
    }

    static func serialized(_ node: Node) -> String {
        (try? Yams.serialize(node: node, width: -1, allowUnicode: true)) ?? ""
    }

    // MARK: Story and explanation

    static let workflowTitles = [
        "newborn": "新生儿参保登记", "student": "学生参保登记", "veteran": "退役军人参保登记",
        "migrant-worker": "务工人员参保登记", "foreign-resident": "港澳台及外籍人员参保登记",
    ]

    /// A neutral account of the walk-in: who comes, for what, what they answer and bring, what the platform shows.
    static func story(_ c: CaseFile, forms: FormSet?) -> String {
        let workflow = forms?.workflows[c.workflow]
        let business = workflow?.title ?? workflowTitles[c.workflow] ?? c.workflow
        let regionTitle = forms?.profiles[c.region]?.title ?? c.region
        let counter = "\(regionTitle)的医保窗口" + (c.here.map { "（\($0)）" } ?? "")
        let person = name(c.person, or: "参保人")
        var lines: [String] = []

        if c.workflow == "newborn" {
            let child = c.person?.sex == .male ? "儿子" : c.person?.sex == .female ? "女儿" : "孩子"
            let guardian = name(c.guardian, or: "孩子的监护人")
            if let agent = c.agent?.name, !agent.isEmpty {
                lines.append("\(agent)受\(guardian)委托，来到\(counter)，为\(guardian)的\(child)\(person)代办\(business)。")
            } else {
                lines.append("\(guardian)来到\(counter)，为\(child)\(person)办理\(business)。")
            }
            if let birth = c.birthDate {
                let days = birth.days(until: c.today)
                lines.append(days >= 0 ? "孩子\(birth.chinese)出生，今天（\(c.today.chinese)）是出生后第\(days)天。"
                                       : "表上填写的出生日期为\(birth.chinese)，今天是\(c.today.chinese)。")
            } else {
                lines.append("今天是\(c.today.chinese)。")
            }
        } else {
            var who = person
            var about: [String] = []
            if let sex = c.person?.sex { about.append(sex.chinese) }
            if let birth = c.birthDate, let age = years(from: birth, to: c.today) { about.append("\(age)岁") }
            if !about.isEmpty { who += "（\(about.joined(separator: "，"))）" }
            if let agent = c.agent?.name, !agent.isEmpty {
                lines.append("\(agent)受\(who)委托，来到\(counter)代办\(business)。")
            } else {
                lines.append("\(who)来到\(counter)办理\(business)。")
            }
            if let guardian = c.guardian?.name, !guardian.isEmpty { lines.append("监护人\(guardian)陪同前来。") }
            lines.append("今天是\(c.today.chinese)。")
        }

        if let doc = c.person?.document {
            lines.append("登记使用的证件：\(doc.kind.chineseName)。")
        }
        var answers: [String] = []
        if let scheme = c.scheme { answers.append("险种：\(scheme.chinese)\(c.isFlexible ? "（灵活就业）" : "")") }
        if let year = c.coverageYear { answers.append("参保年度：\(year)年") }
        for key in c.facts.keys.sorted() {
            let field = workflow?.field(key)
            let value = c.facts[key]!
            let shown: String
            switch value {
            case let .bool(b): shown = b ? "是" : "否"
            default: shown = field?.choices.first { $0.value == value.description }?.label ?? value.description
            }
            answers.append("\(field?.label ?? key)：\(shown)")
        }
        if !answers.isEmpty { lines.append("窗口核实的情况：" + answers.joined(separator: "；") + "。") }

        let names = { (codes: [String]) in codes.map { forms?.documents.name($0) ?? $0 }.joined(separator: "、") }
        lines.append(c.documentsPresented.isEmpty ? "没有带任何材料。" : "带来的材料：\(names(c.documentsPresented))。")
        if !c.documentsCommitted.isEmpty { lines.append("经审核员同意以告知承诺代替的材料：\(names(c.documentsCommitted))。") }
        lines.append(c.platformRecords.isEmpty ? "平台上查不到参保记录。"
                                               : "平台上查到：" + c.platformRecords.map(\.summary).joined(separator: "；") + "。")
        return lines.joined(separator: "\n")
    }

    static func explanation(_ c: CaseFile, verdict: Verdict, forms: FormSet?) -> String {
        var lines = ["规则结论：\(verdict.decision.chinese)（\(verdict.decision.rawValue)）。"]
        for f in bySeverity(verdict.findings).prefix(10) {
            let cite = f.citation.isEmpty ? "" : "（\(f.citation)）"
            lines.append("\(f.severity.label)：\(oneLine(f.message))\(cite)")
        }
        if !verdict.missingDocuments.isEmpty {
            let names = verdict.missingDocuments.map { d in
                (forms?.documents.name(d.code) ?? d.name) + (d.reason.map { "（\(oneLine($0))）" } ?? "")
            }
            lines.append("须一次性告知补交：\(names.joined(separator: "、"))。")
        }
        if verdict.decision == .accept || verdict.decision == .missingDocuments, let start = verdict.benefitStart {
            var text = "待遇自\(start.chinese)起"
            if let months = verdict.waitingPeriodMonths { text += months == 0 ? "，无等待期" : "，等待期\(months)个月" }
            lines.append(text + "。")
        }
        lines.append("本情景由实际案件脱敏生成：姓名、证件号码均已替换，日期已整体平移。")
        return lines.joined(separator: "\n")
    }

    /// The articles the verdict rests on, each once; with Forms/ articles, only those that resolve.
    static func citations(_ verdict: Verdict, forms: FormSet?) -> [String] {
        var result: [String] = []
        let all = bySeverity(verdict.findings).map(\.citation) + verdict.missingDocuments.map(\.citation)
        for cite in all where !cite.isEmpty && !result.contains(cite) {
            if let articles = forms?.articles, !articles.isEmpty, !articles.unresolved(in: cite).isEmpty { continue }
            result.append(cite)
        }
        return result.isEmpty ? [IdentityValidation.nationalCitation] : result
    }

    /// Most severe first, the verdict's order within a severity.
    static func bySeverity(_ findings: [Finding]) -> [Finding] {
        findings.enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity > b.element.severity : a.offset < b.offset
        }.map(\.element)
    }

    static func name(_ p: Party?, or fallback: String) -> String {
        guard let n = p?.name?.trimmed(.whitespaces), !n.isEmpty else { return fallback }
        return n
    }

    static func years(from birth: LocalDate, to today: LocalDate) -> Int? {
        let months = birth.months(until: today)
        return months >= 0 ? months / 12 : nil
    }

    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

// MARK: - The scrubbing itself

/// SplitMix64: small, fast, and the same sequence on every platform for a seed.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

struct Scrubbing {
    static let surnames = Array("赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦许何吕施孔曹严华金魏陶姜谢邹柏章苏潘葛范彭鲁韦马苗方俞任袁柳鲍史唐费薛雷贺倪汤罗毕郝安常乐于傅齐康伍余顾孟黄穆萧尹").map(String.init)
    static let givenCharacters = Array("子文思雨嘉浩宇欣怡晨阳明俊婷静佳博涵泽瑞安宁秀兰芳建国华伟军平志红丽海云峰磊洁琳航睿彤悦轩铭可一诗梓若晓").map(String.init)
    static let latinGiven: [Sex: [String]] = [
        .female: ["Anna", "Emma", "Maria", "Olivia", "Sofia", "Laura", "Elena", "Nina"],
        .male: ["Daniel", "Lucas", "Noah", "Peter", "Thomas", "Martin", "David", "Jonas"],
    ]
    static let latinFamily = ["Becker", "Costa", "Dubois", "Fischer", "Garcia", "Hansen", "Ivanova", "Kowalski",
                              "Lindqvist", "Moreau", "Novak", "Ortega", "Rossi", "Schmidt", "Tanaka", "Weber"]
    static let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
    static let digits = Array("0123456789")

    let original: CaseFile
    let shiftDays: Int
    var rng: SplitMix64
    /// Original (trimmed) name → new name.
    var names: [String: String] = [:]
    /// Original surname (first character) → new surname, so family members stay one family.
    var surnames: [String: String] = [:]
    /// Original normalised number → new number.
    var numbers: [String: String] = [:]
    let originalNames: Set<String>
    let originalNumbers: Set<String>

    init(original: CaseFile, seed: UInt64, shiftDays: Int) {
        self.original = original
        self.shiftDays = shiftDays
        rng = SplitMix64(seed: seed)
        let parties = [original.person, original.guardian, original.agent].compactMap { $0 }
        var names = Set<String>()
        for p in parties {
            guard let n = p.name?.trimmed(.whitespaces), !n.isEmpty else { continue }
            names.insert(n)
            if n.hasSuffix(CaseScrubber.deceasedSuffix), n.count > CaseScrubber.deceasedSuffix.count {
                names.insert(String(n.dropLast(CaseScrubber.deceasedSuffix.count)))
            }
        }
        originalNames = names
        originalNumbers = Set(parties.compactMap { $0.document?.normalizedNumber }.filter { !$0.isEmpty })
    }

    mutating func run() -> CaseFile {
        var c = original
        let today = original.today.adding(days: shiftDays)
        let yearDelta = today.year - original.today.year
        let monthDelta = (today.year * 12 + today.month) - (original.today.year * 12 + original.today.month)
        c.today = today

        // Newborns pay the birth year: a coverage year equal to the birth year follows the birth date.
        if let year = original.coverageYear {
            if let birth = original.birthDate, birth.year == year {
                c.coverageYear = birth.adding(days: shiftDays).year
            } else {
                c.coverageYear = year + yearDelta
            }
        }

        c.person = original.person.map { party($0) }
        c.guardian = original.guardian.map { party($0) }
        c.agent = original.agent.map { party($0) }

        var facts: [String: FactValue] = [:]
        for key in original.facts.keys.sorted() {
            let value = original.facts[key]!
            guard case let .text(text) = value else { facts[key] = value; continue }
            let t = text.trimmed(.whitespaces)
            // The new values of a change of registered information are personal data of their own.
            switch key {
            case "new_name":
                facts[key] = .text(name(t, sex: original.person?.sex))
                continue
            case "new_number":
                let kind = original.person?.document?.kind ?? .residentID
                facts[key] = .text(document(IdentityDocument(kind: kind, number: t)).number)
                continue
            case "new_contact":
                facts[key] = .text("（联系方式已隐去）")
                continue
            // A unit's contact, representative or bank account may name a person; its code is regenerated like a
            // document number (same registration authority, category and area, a valid check character).
            case "new_value" where ["contact", "legal-representative", "bank-account"].contains(original.facts["change_item"]?.textValue ?? ""):
                facts[key] = .text("（已隐去）")
                continue
            case "unit_code", "successor_code":
                facts[key] = .text(unitCode(t))
                continue
            case "new_value" where original.facts["change_item"]?.textValue == "code":
                facts[key] = .text(unitCode(t))
                continue
            default:
                break
            }
            if let date = LocalDate(t) {
                facts[key] = .text(date.adding(days: shiftDays).description)
            } else if t.count == 7, let first = LocalDate(t + "-01") {
                facts[key] = .text(String(first.adding(months: monthDelta).description.prefix(7)))
            } else {
                facts[key] = .text(replacingPersonalData(in: text))
            }
        }
        c.facts = facts

        c.platformRecords = original.platformRecords.map { r in
            var r = r
            r.unit = r.unit.map { unitCode($0) }
            r.year = r.year.map { $0 + yearDelta }
            r.months = r.months?.map { m in
                guard let first = LocalDate(m + "-01") else { return m }
                return String(first.adding(months: monthDelta).description.prefix(7))
            }
            r.since = r.since.map { $0.adding(days: shiftDays) }
            return r
        }
        return c
    }

    mutating func party(_ p: Party) -> Party {
        var p = p
        if let n = p.name { p.name = name(n, sex: p.sex) }
        if let d = p.document { p.document = document(d) }
        p.birthDate = p.birthDate.map { $0.adding(days: shiftDays) }
        return p
    }

    /// Any original name or number inside free text replaced by its new counterpart (longest first).
    func replacingPersonalData(in text: String) -> String {
        var out = text
        let pairs = (names.map { ($0.key, $0.value) } + numbers.map { ($0.key, $0.value) })
            .sorted { $0.0.count != $1.0.count ? $0.0.count > $1.0.count : $0.0 < $1.0 }
        for (old, new) in pairs where !old.isEmpty { out = out.replacingOccurrences(of: old, with: new) }
        return out
    }

    // MARK: Names

    mutating func name(_ raw: String, sex: Sex? = nil) -> String {
        let n = raw.trimmed(.whitespaces)
        if n.isEmpty { return raw }
        if let known = names[n] { return known }
        let suffix = CaseScrubber.deceasedSuffix
        let new: String
        if n.hasSuffix(suffix), n.count > suffix.count {
            new = name(String(n.dropLast(suffix.count))) + suffix
        } else if n.unicodeScalars.contains(where: { $0.isASCII && $0.properties.isAlphabetic }),
                  !n.unicodeScalars.contains(where: { $0.value >= 0x3400 }) {
            let given = sex.map { Scrubbing.latinGiven[$0]! } ?? Scrubbing.latinGiven.values.flatMap { $0 }.sorted()
            new = fresh { rng in "\(rng.pick(given)) \(rng.pick(Scrubbing.latinFamily))" }
        } else {
            let key = String(n.prefix(1))
            if surnames[key] == nil {
                var candidate = rng.pick(Scrubbing.surnames)
                while candidate == key || surnames.values.contains(candidate) { candidate = rng.pick(Scrubbing.surnames) }
                surnames[key] = candidate
            }
            let surname = surnames[key]!
            new = fresh { rng in
                let length = rng.below(4) == 0 ? 1 : 2
                return surname + (0..<length).map { _ in rng.pick(Scrubbing.givenCharacters) }.joined()
            }
        }
        names[n] = new
        return new
    }

    /// A generated name that is none of the originals, contains none of them, and is not already in use.
    /// (Bounded: after many tries only equality with an original or a used name is refused.)
    mutating func fresh(_ make: (inout SplitMix64) -> String) -> String {
        var tries = 0
        while true {
            tries += 1
            let candidate = make(&rng)
            if names.values.contains(candidate) || originalNames.contains(candidate) { continue }
            if tries < 500, originalNames.contains(where: { candidate.contains($0) }) { continue }
            return candidate
        }
    }

    // MARK: Numbers

    /// A unit's unified social credit code regenerated: the first 8 characters kept (authority, category, area), the
    /// next 9 new, a valid check character (a malformed code is reshaped as it is). The same code, the same result.
    mutating func unitCode(_ raw: String) -> String {
        let old = IdentityDocument.normalize(raw)
        if let known = numbers[old] { return known }
        var chars = Array(old)
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        var new = reshape(chars, keep: 8)
        if chars.count == 18, IdentityValidation.usccCheckCharacter(first17: String(chars[0..<17])) != nil {
            chars = Array(chars[0..<8]) + (0..<9).map { _ in rng.pick(alphabet) }
            if let check = IdentityValidation.usccCheckCharacter(first17: String(chars)) { new = String(chars) + String(check) }
        }
        numbers[old] = new
        return new
    }

    mutating func document(_ d: IdentityDocument) -> IdentityDocument {
        var d = d
        // The expiry moves with every other date, so an expired document stays expired.
        d.validUntil = d.validUntil.map { $0.adding(days: shiftDays) }
        let old = d.normalizedNumber
        guard !old.isEmpty else { return d }
        if let known = numbers[old] {
            d.number = known
            return d
        }
        var new = ""
        for _ in 0..<1000 {
            new = generate(kind: d.kind, from: old)
            if new != old, !originalNumbers.contains(new), !numbers.values.contains(new) { break }
        }
        numbers[old] = new
        d.number = new
        return d
    }

    mutating func generate(kind: DocumentKind, from old: String) -> String {
        let chars = Array(old)
        switch kind {
        case .residentID, .other, .hmtResidencePermit:
            return gb11643(chars)
        case .foreignPermanentResidence:
            return chars.count == 18 ? gb11643(chars) : reshape(chars, keep: 3)
        case .hkMacauPermit, .birthCertificate:
            return reshape(chars, keep: 1)
        case .taiwanPermit, .foreignPassport, .foreignResidencePermit:
            return reshape(chars, keep: 0)
        }
    }

    /// An 18-character GB 11643 number: the area code kept, the shifted birth date, a new sequence of the same
    /// parity (sex) and the check character. A number that was invalid stays invalid.
    mutating func gb11643(_ chars: [Character]) -> String {
        let text = String(chars)
        if let decoded = IdentityValidation.decode(text),
           let body = gbBody(area: decoded.areaCode, birth: decoded.birthDate, sequence: decoded.sequence),
           let check = IdentityValidation.checkCharacter(first17: body) {
            return body + String(check)
        }
        // Only the check character is wrong: keep it wrong, as the original was.
        if chars.count == 18, chars[0..<17].allSatisfy({ $0.isASCII && $0.isNumber }),
           let birth = LocalDate(String(chars[6..<14]), compact: true),
           let sequence = Int(String(chars[14..<17])),
           let body = gbBody(area: String(chars[0..<6]), birth: birth, sequence: sequence),
           let check = IdentityValidation.checkCharacter(first17: body) {
            return body + String(wrongCheck(check))
        }
        var new = reshape(chars, keep: 6)
        if IdentityValidation.decode(new) != nil, let check = new.last {
            new = String(new.dropLast()) + String(wrongCheck(check))
        }
        return new
    }

    mutating func gbBody(area: String, birth: LocalDate, sequence: Int) -> String? {
        let shifted = birth.adding(days: shiftDays)
        guard (1800...9999).contains(shifted.year) else { return nil }
        var next = sequence
        while next == sequence { next = rng.below(500) * 2 + sequence % 2 }
        let compact = shifted.description.replacingOccurrences(of: "-", with: "")
        let seq = String(next)
        return area + compact + String(repeating: "0", count: 3 - seq.count) + seq
    }

    func wrongCheck(_ right: Character) -> Character {
        let all = Array("10X98765432")
        return all[((all.firstIndex(of: right) ?? 0) + 1) % all.count]
    }

    /// Same shape: the first `keep` characters kept, then digits → new digits, letters → new letters.
    mutating func reshape(_ chars: [Character], keep: Int) -> String {
        var out = ""
        for (i, ch) in chars.enumerated() {
            if i < keep {
                out.append(ch)
            } else if ch.isASCII, ch.isNumber {
                out.append(rng.pick(Scrubbing.digits))
            } else if ch.isASCII, ch.isLetter {
                out.append(rng.pick(Scrubbing.letters))
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
