/// Turns parsed YAML nodes into the Forms model. Structure only; cross-references are checked by `FormLint`.
enum FormParser {
    static func catalog(_ root: SourceNode) throws -> DocumentCatalog {
        let map = try root.mapping(allowed: ["documents"])
        var names: [String: String] = [:]
        for (code, node) in try map.required("documents").mapping().entries {
            names[code] = try node.mapping(allowed: ["name"]).required("name").string()
        }
        return DocumentCatalog(names: names)
    }

    static func workflow(_ root: SourceNode) throws -> Workflow {
        let map = try root.mapping(allowed: ["id", "title", "cite", "steps", "documents"])
        let steps = try map.required("steps").list().map(step)
        guard !steps.isEmpty else { throw root.error("steps 不能为空") }
        return Workflow(
            id: try map.required("id").string(),
            title: try map.required("title").string(),
            cite: try map.required("cite").string(),
            steps: steps,
            documents: try map["documents"]?.list().map(document) ?? [],
            file: root.file)
    }

    static func step(_ node: SourceNode) throws -> Step {
        let map = try node.mapping(allowed: ["id", "title", "fields", "rules"])
        return Step(id: try map.required("id").string(), title: try map.required("title").string(),
                    fields: try map["fields"]?.list().map(field) ?? [], rules: try map["rules"]?.strings() ?? [],
                    line: node.line)
    }

    static func field(_ node: SourceNode) throws -> FormField {
        let map = try node.mapping(allowed: ["id", "label", "type", "required", "when", "choices", "kinds", "help"])
        let typeNode = try map.required("type")
        let typeName = try typeNode.string()
        guard let type = FieldType(rawValue: typeName) else {
            throw typeNode.error("未知的字段类型“\(typeName)”（可用：\(FieldType.allCases.map(\.rawValue).joined(separator: ", "))）")
        }
        var choices: [Choice] = []
        for c in try map["choices"]?.list() ?? [] {
            let cm = try c.mapping(allowed: ["value", "label"])
            choices.append(Choice(value: try cm.required("value").string(), label: try cm.required("label").string()))
        }
        if type == .choice, choices.isEmpty { throw node.error("choice 类型的字段须列出 choices") }
        var kinds: [DocumentKind] = []
        for k in try map["kinds"]?.list() ?? [] {
            kinds.append(try CaseParser.enumValue(k, DocumentKind.self))
        }
        return FormField(
            id: try map.required("id").string(), label: try map.required("label").string(), type: type,
            required: try map["required"]?.bool() ?? false, when: try map["when"].map(Condition.parse),
            choices: choices, kinds: kinds, help: try map["help"]?.string(), line: node.line)
    }

    static func document(_ node: SourceNode) throws -> DocumentRequirement {
        let map = try node.mapping(allowed: ["code", "any_of", "all_of", "when", "reason", "cite"])
        let mode: DocumentRequirement.Mode
        let codes: [String]
        if let code = map["code"] {
            mode = .one
            codes = [try code.string()]
        } else if let any = map["any_of"] {
            mode = .anyOf
            codes = try any.strings()
        } else if let all = map["all_of"] {
            mode = .allOf
            codes = try all.strings()
        } else {
            throw node.error("材料须为 code、any_of 或 all_of 之一")
        }
        guard !codes.isEmpty else { throw node.error("材料列表不能为空") }
        return DocumentRequirement(mode: mode, codes: codes, when: try map["when"].map(Condition.parse),
                                   reason: try map["reason"]?.string(), cite: try map.required("cite").string(),
                                   line: node.line)
    }

    static func profile(_ root: SourceNode) throws -> PolicyProfile {
        let map = try root.mapping(allowed: ["id", "title", "inherits", "source", "valid_from", "valid_until", "cite", "parameters"])
        var parameters: [String: [Parameter]] = [:]
        for (key, node) in try map["parameters"]?.mapping().entries ?? [] {
            let kind = ParameterSchema.kinds[key]
            guard let kind else {
                throw node.error("未知的政策参数（可用：\(ParameterSchema.kinds.keys.sorted().joined(separator: ", "))）")
            }
            // A parameter is one value with its citation, or a list of such values with distinct validity periods.
            let entries = (try? node.list()) ?? [node]
            for entry in entries {
                parameters[key, default: []].append(try parameter(key, kind: kind, entry))
            }
        }
        return PolicyProfile(
            id: try map.required("id").string(), title: try map.required("title").string(),
            inherits: try map["inherits"]?.string(), source: try map.required("source").string(),
            validFrom: try map.required("valid_from").date(), validUntil: try map["valid_until"]?.date(),
            validityCite: try map.required("cite").string(), parameters: parameters, file: root.file)
    }

    static func parameter(_ key: String, kind: ParameterSchema.Kind, _ node: SourceNode) throws -> Parameter {
        let map = try node.mapping(allowed: ["value", "cite", "valid_from", "valid_until"])
        let valueNode = try map.required("value")
        let value: ParameterValue
        switch kind {
        case .int: value = .int(try valueNode.int())
        case .bool: value = .bool(try valueNode.bool())
        case .documents: value = .list(try valueNode.strings())
        case .statuses:
            let codes = try valueNode.strings()
            for code in codes where HardshipStatus(rawValue: code) == nil {
                throw valueNode.error("未知的困难身份“\(SourceNode.quote(code))”（可用：\(HardshipStatus.allCases.map(\.rawValue).joined(separator: ", "))）")
            }
            value = .list(codes)
        case let .choice(options):
            let text = try valueNode.string()
            guard options.contains(text) else { throw valueNode.error("“\(text)”不是可用的值（可用：\(options.joined(separator: ", "))）") }
            value = .text(text)
        case .duration:
            let d = try valueNode.mapping(allowed: ["days", "months"])
            if let days = d["days"] { value = .duration(.days(try days.int())) } else if let months = d["months"] {
                value = .duration(.months(try months.int()))
            } else { throw valueNode.error("期限须为 {days: N} 或 {months: N}") }
        case .monthDayRange:
            let r = try valueNode.mapping(allowed: ["from", "to"])
            let fromNode = try r.required("from"), toNode = try r.required("to")
            guard let from = MonthDay(try fromNode.string()) else { throw fromNode.error("应为 MM-DD") }
            guard let to = MonthDay(try toNode.string()) else { throw toNode.error("应为 MM-DD") }
            value = .monthDayRange(from: from, to: to)
        }
        let citeNode = try map.required("cite")
        let cite = try citeNode.string()
        guard !cite.isEmpty else { throw citeNode.error("引用条款不能为空") }
        return Parameter(key: key, value: value, cite: cite, validFrom: try map["valid_from"]?.date(),
                         validUntil: try map["valid_until"]?.date(), line: node.line)
    }

    /// `calendar/<year>.yaml`: one year's holidays and make-up working days, each with its citation.
    static func calendarYear(_ root: SourceNode) throws -> WorkingDays.Year {
        let map = try root.mapping(allowed: ["year", "source", "cite", "holidays", "workdays"])
        let year = try map.required("year").int()
        var holidays: [WorkingDays.Holiday] = []
        for node in try map.required("holidays").list() {
            let h = try node.mapping(allowed: ["name", "from", "to", "cite"])
            let fromNode = try h.required("from"), toNode = try h.required("to")
            let from = try fromNode.date(), to = try toNode.date()
            guard from <= to else { throw toNode.error("放假结束日 \(to) 早于开始日 \(from)") }
            holidays.append(WorkingDays.Holiday(name: try h.required("name").string(), from: from, to: to,
                                                cite: try nonEmptyCite(h.required("cite")), line: node.line))
        }
        var workdays: [WorkingDays.MakeUpDay] = []
        for node in try map["workdays"]?.list() ?? [] {
            let w = try node.mapping(allowed: ["name", "date", "cite"])
            workdays.append(WorkingDays.MakeUpDay(name: try w.required("name").string(), date: try w.required("date").date(),
                                                  cite: try nonEmptyCite(w.required("cite")), line: node.line))
        }
        return WorkingDays.Year(year: year, source: try map.required("source").string(),
                                cite: try nonEmptyCite(map.required("cite")), holidays: holidays, workdays: workdays,
                                file: root.file)
    }

    private static func nonEmptyCite(_ node: SourceNode) throws -> String {
        let cite = try node.string()
        guard !cite.isEmpty else { throw node.error("引用条款不能为空") }
        return cite
    }
}
