import Foundation

/// Reads a deck (`Forms/decks/*.yaml`) and checks it against Forms/: every scenario's case parses as a case file
/// (`CaseParser`), names a known workflow, region and documents; every expected document code is in the catalog;
/// every citation resolves to an article. Unknown keys are errors. Problems name file, line and key.
public enum DeckParser {
    /// Largest deck we read: a few dozen scenarios, not a data dump.
    public static let maxBytes = 1_000_000

    public static let deckKeys: Set<String> = ["id", "title", "level", "tags", "description", "scenarios"]
    public static let scenarioKeys: Set<String> = ["id", "title", "story", "case", "expected"]
    public static let expectedKeys: Set<String> = [
        "decision", "missing_documents", "benefit_start", "waiting_period_months", "due_date", "explanation", "citations",
        "key_answers",
    ]

    /// Parses and checks a deck. Throws `SourceErrors`: a problem in the deck's own keys alone, else the first
    /// problem of every broken scenario (so one run lists them all).
    public static func parse(_ text: String, file: String, forms: FormSet) throws -> Deck {
        guard text.utf8.count <= maxBytes else {
            throw SourceErrors([SourceError(file: file, line: nil, path: "", reason: "文件过大（\(text.utf8.count) 字节，上限 \(maxBytes)）")])
        }
        do {
            return try parse(SourceNode.parse(text, file: file), forms: forms)
        } catch let error as SourceError {
            throw SourceErrors([error])
        }
    }

    public static func parse(_ root: SourceNode, forms: FormSet) throws -> Deck {
        let deck: Deck
        var scenarioNodes: [SourceNode] = []
        do {
            let map = try root.mapping(allowed: deckKeys)
            let levelNode = try map.required("level")
            let levelText = try levelNode.string().trimmed(.whitespaces)
            guard let level = Deck.Level(text: levelText) else {
                throw levelNode.error("“\(SourceNode.quote(levelText))”不是可用的级别（可用：入门、进阶、熟练 或 1、2、3）")
            }
            let tagsNode = try map.required("tags")
            let tags = try tagsNode.strings()
            if tags.isEmpty { throw tagsNode.error("至少列出一个标签") }
            let scenariosNode = try map.required("scenarios")
            scenarioNodes = try scenariosNode.list()
            if scenarioNodes.isEmpty { throw scenariosNode.error("至少列出一个情景") }
            deck = Deck(id: try slug(map.required("id")), title: try text(map.required("title")), level: level, tags: tags,
                        description: try map["description"].map(text), file: root.file, scenarios: [])
        } catch let error as SourceError {
            throw SourceErrors([error])
        }

        var scenarios: [Scenario] = []
        var errors: [SourceError] = []
        var firstLine: [String: Int?] = [:]
        for node in scenarioNodes {
            do {
                let scenario = try parseScenario(node, forms: forms)
                if let line = firstLine[scenario.id] {
                    let map = try node.mapping()
                    throw try map.required("id").error("情景 id “\(scenario.id)”重复（第一次出现在第 \(line.map(String.init) ?? "?") 行）")
                }
                firstLine[scenario.id] = scenario.line
                scenarios.append(scenario)
            } catch let error as SourceError {
                errors.append(error)
            }
        }
        if !errors.isEmpty { throw SourceErrors(errors) }
        var result = deck
        result.scenarios = scenarios
        return result
    }

    /// Decks that share an id (each deck's id must be unique among the decks read together).
    public static func duplicateIDs(_ decks: [Deck]) -> [SourceError] {
        var seen: [String: String] = [:]
        var errors: [SourceError] = []
        for deck in decks {
            if let other = seen[deck.id] {
                errors.append(SourceError(file: deck.file, line: nil, path: "id", reason: "题组 id “\(deck.id)”与 \(other) 重复"))
            } else {
                seen[deck.id] = deck.file
            }
        }
        return errors
    }

    // MARK: scenarios

    static func parseScenario(_ node: SourceNode, forms: FormSet) throws -> Scenario {
        let map = try node.mapping(allowed: scenarioKeys)
        let id = try slug(map.required("id"))
        let title = try text(map.required("title"))
        let story = try text(map.required("story"))
        let caseNode = try map.required("case")
        let caseFile = try CaseParser.parse(caseNode, forms: forms)
        do {
            _ = try Evaluator.context(for: caseFile, forms: forms, file: node.file)
        } catch let error as SourceError {
            // The evaluator names the key inside the case; point at it in the deck.
            throw SourceError(file: node.file, line: locate(error.path, in: caseNode)?.line ?? caseNode.line,
                              path: error.path.isEmpty ? caseNode.path : "\(caseNode.path).\(error.path)", reason: error.reason)
        }
        let expected = try expectation(map.required("expected"), caseFile: caseFile, forms: forms)
        return Scenario(id: id, title: title, story: story, caseFile: caseFile, expected: expected, line: node.line)
    }

    static func expectation(_ node: SourceNode, caseFile: CaseFile, forms: FormSet) throws -> Expectation {
        let map = try node.mapping(allowed: expectedKeys)
        let decisionNode = try map.required("decision")
        let raw = try decisionNode.string()
        guard let decision = Decision(rawValue: raw) else {
            throw decisionNode.error("“\(SourceNode.quote(raw))”不是可用的结论（可用：\(Decision.allCases.map(\.rawValue).joined(separator: ", "))）")
        }

        var missing: [String] = []
        for element in try map["missing_documents"]?.list() ?? [] {
            let code = try element.string()
            guard forms.documents.contains(code) else { throw element.error("未知的材料代码“\(SourceNode.quote(code))”") }
            guard !missing.contains(code) else { throw element.error("材料代码“\(code)”重复") }
            missing.append(code)
        }
        if decision == .missingDocuments, missing.isEmpty {
            throw decisionNode.error("结论为 missing-documents（需补充材料）时须在 missing_documents 中列出缺少的材料")
        }
        if decision == .accept, !missing.isEmpty {
            throw decisionNode.error("结论为 accept（予以受理）时不能有缺少的材料；缺材料时结论应为 missing-documents")
        }

        let benefitStart = try map["benefit_start"]?.date()
        if benefitStart != nil, decision == .refuse || decision == .needsApproval, let node = map["benefit_start"] {
            throw node.error("结论为 \(decision.rawValue)（\(decision.chinese)）时不产生待遇起始日")
        }
        var waiting: Int?
        if let node = map["waiting_period_months"] {
            let months = try node.int()
            guard months >= 0 else { throw node.error("等待期月数不能为负数") }
            waiting = months
        }

        let dueDate = try map["due_date"]?.date()
        if dueDate != nil, decision == .refuse, let node = map["due_date"] {
            throw node.error("结论为 refuse（不予办理）时没有办结时限")
        }

        let explanation = try text(map.required("explanation"))
        let citationsNode = try map.required("citations")
        let citationNodes = try citationsNode.list()
        if citationNodes.isEmpty { throw citationsNode.error("至少列出一处条文引用") }
        var citations: [String] = []
        for element in citationNodes {
            let cite = try element.string()
            // As FormLint: skipped when no articles were read (a Forms/ copy without articles/ still loads).
            if !forms.articles.isEmpty, let ref = forms.articles.unresolved(in: cite).first {
                let shown = ref.count > 40 ? String(ref.prefix(40)) + "…" : ref
                throw element.error("引用“\(shown)”无法在 Forms/articles 中找到条文")
            }
            citations.append(cite)
        }

        var keyAnswers: [String: String]?
        if let node = map["key_answers"] {
            keyAnswers = try answers(node, caseFile: caseFile, forms: forms)
        }
        var expectation = Expectation(decision: decision, missingDocuments: missing, benefitStart: benefitStart,
                                      waitingPeriodMonths: waiting, explanation: explanation, citations: citations,
                                      keyAnswers: keyAnswers)
        expectation.dueDate = dueDate
        return expectation
    }

    /// Key answers name a field of the scenario's workflow (or a case key) and must agree with the case itself,
    /// so a trainee is never scored against an answer the case contradicts.
    static func answers(_ node: SourceNode, caseFile: CaseFile, forms: FormSet) throws -> [String: String] {
        let workflow = forms.workflows[caseFile.workflow]
        var result: [String: String] = [:]
        for (key, value) in try node.mapping().entries {
            guard workflow?.field(key) != nil || CasePath.known.contains(key) else {
                throw value.error("未知的字段“\(SourceNode.quote(key))”（应为业务“\(caseFile.workflow)”的字段 id）")
            }
            guard case .scalar = value.node else { throw value.error("应为单个值") }
            let answer = try value.string().trimmed(.whitespaces)
            if let actual = CasePath.value(key, in: caseFile), actual != answer,
               actual != IdentityDocument.normalize(answer) {
                throw value.error("与案件不符：案件中为“\(SourceNode.quote(actual))”")
            }
            result[key] = answer
        }
        return result
    }

    // MARK: values

    /// Non-empty text (surrounding blank lines dropped).
    static func text(_ node: SourceNode) throws -> String {
        let value = try node.string().trimmed(.whitespacesAndNewlines)
        guard !value.isEmpty else { throw node.error("不能为空") }
        return value
    }

    /// An id: lower-case letters, digits and hyphens (`newborn-day-90`).
    static func slug(_ node: SourceNode) throws -> String {
        let id = try node.string()
        guard !id.isEmpty, id.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) else {
            throw node.error("id 只能由小写字母、数字和连字符组成：“\(SourceNode.quote(id))”")
        }
        return id
    }

    /// The node at a dotted key path such as `documents_presented[2]` or `person.document.kind`, if present.
    static func locate(_ path: String, in root: SourceNode) -> SourceNode? {
        var node = root
        for part in path.split(separator: ".") {
            var name = part
            var indices: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "["),
                  let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) {
                indices.insert(index, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty {
                guard let map = try? node.mapping(), let next = map[String(name)] else { return nil }
                node = next
            }
            for index in indices {
                guard let items = try? node.list(), index < items.count else { return nil }
                node = items[index]
            }
        }
        return node
    }
}
