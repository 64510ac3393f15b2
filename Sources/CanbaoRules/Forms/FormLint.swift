/// Cross-checks of Forms/: every rule, field, predicate, region, document and profile a form names must exist.
enum FormLint {
    /// `citeLines`: the line of each workflow's and profile's top-level `cite`, by file.
    static func check(_ set: FormSet, citeLines: [String: Int] = [:]) -> [SourceError] {
        var errors: [SourceError] = []
        for wf in set.workflows.values.sorted(by: { $0.id < $1.id }) {
            errors += check(wf, in: set)
        }
        for profile in set.profiles.values.sorted(by: { $0.id < $1.id }) {
            errors += check(profile, in: set)
        }
        errors += calendar(set.calendar)
        errors += citations(set, citeLines: citeLines)
        return errors
    }

    /// Each `calendar/<year>.yaml` is named for its year and holds only dates of that year (元旦 may start on the
    /// last days of the year before); make-up working days are weekend days; no day is both off and on.
    static func calendar(_ calendar: WorkingDays) -> [SourceError] {
        var errors: [SourceError] = []
        for y in calendar.schedules {
            func fail(_ line: Int?, _ path: String, _ reason: String) {
                errors.append(SourceError(file: y.file, line: line, path: path, reason: reason))
            }
            let name = y.file.split(separator: "/").last.map(String.init) ?? y.file
            if name != "\(y.year).yaml" && name != "\(y.year).yml" {
                fail(nil, "year", "文件名应为 \(y.year).yaml")
            }
            func inYear(_ d: LocalDate) -> Bool { d.year == y.year || (d.year == y.year - 1 && d.month == 12 && d.day >= 25) }
            for (i, h) in y.holidays.enumerated() {
                if !inYear(h.from) || !inYear(h.to) {
                    fail(h.line, "holidays[\(i)]", "放假日期 \(h.from)至\(h.to) 不在 \(y.year) 年内")
                }
                for (j, other) in y.holidays.enumerated() where j > i && other.from <= h.to && h.from <= other.to {
                    fail(other.line, "holidays[\(j)]", "与“\(h.name)”的放假日期重叠")
                }
            }
            for (i, w) in y.workdays.enumerated() {
                if !inYear(w.date) { fail(w.line, "workdays[\(i)].date", "调休上班日 \(w.date) 不在 \(y.year) 年内") }
                if w.date.weekday < 5 { fail(w.line, "workdays[\(i)].date", "调休上班日 \(w.date) 不是周六或周日") }
                if let h = y.holidays.first(where: { $0.contains(w.date) }) {
                    fail(w.line, "workdays[\(i)].date", "\(w.date) 同时是“\(h.name)”的放假日")
                }
            }
        }
        return errors
    }

    /// Every citation in Forms/ must resolve to an article in Forms/articles, so F1 has a text to show.
    /// Skipped when no articles were read (a Forms/ copy without articles/ still loads).
    static func citations(_ set: FormSet, citeLines: [String: Int]) -> [SourceError] {
        guard !set.articles.isEmpty else { return [] }
        var errors: [SourceError] = []
        func check(_ cite: String, _ file: String, _ line: Int?, _ path: String) {
            for ref in set.articles.unresolved(in: cite) {
                // Citations are short; cap what a pasted paragraph would echo.
                let shown = ref.count > 40 ? String(ref.prefix(40)) + "…" : ref
                errors.append(SourceError(file: file, line: line, path: path,
                                          reason: "引用“\(shown)”无法在 Forms/articles 中找到条文"))
            }
        }
        for wf in set.workflows.values.sorted(by: { $0.id < $1.id }) {
            check(wf.cite, wf.file, citeLines[wf.file], "cite")
            for (di, doc) in wf.documents.enumerated() {
                check(doc.cite, wf.file, doc.line, "documents[\(di)].cite")
            }
        }
        for y in set.calendar.schedules {
            check(y.cite, y.file, nil, "cite")
            for (i, h) in y.holidays.enumerated() { check(h.cite, y.file, h.line, "holidays[\(i)].cite") }
            for (i, w) in y.workdays.enumerated() { check(w.cite, y.file, w.line, "workdays[\(i)].cite") }
        }
        for profile in set.profiles.values.sorted(by: { $0.id < $1.id }) {
            check(profile.validityCite, profile.file, citeLines[profile.file], "cite")
            // In file order, as a reader fixes them.
            for p in profile.parameters.values.joined().sorted(by: { ($0.line ?? 0, $0.key) < ($1.line ?? 0, $1.key) }) {
                check(p.cite, profile.file, p.line, "parameters.\(p.key).cite")
            }
        }
        return errors
    }

    static func check(_ wf: Workflow, in set: FormSet) -> [SourceError] {
        var errors: [SourceError] = []
        func fail(_ line: Int?, _ path: String, _ reason: String) {
            errors.append(SourceError(file: wf.file, line: line, path: path, reason: reason))
        }
        var fieldIDs = Set<String>()
        for (si, step) in wf.steps.enumerated() {
            for rule in step.rules where RuleRegistry.rule(rule) == nil {
                fail(step.line, "steps[\(si)].rules", "未知的规则“\(rule)”")
            }
            for (fi, field) in step.fields.enumerated() {
                let path = "steps[\(si)].fields[\(fi)]"
                if !fieldIDs.insert(field.id).inserted { fail(field.line, path, "字段 id “\(field.id)” 重复") }
                if field.id.contains("."), !CasePath.known.contains(field.id) {
                    fail(field.line, path, "未知的案件字段“\(field.id)”（可用：\(CasePath.known.sorted().joined(separator: ", "))）")
                }
                if field.type == .document, field.kinds.isEmpty { fail(field.line, path, "证件字段须列出 kinds") }
            }
        }
        let conditions: [(Condition, Int?, String)] =
            wf.steps.enumerated().flatMap { si, step in
                step.fields.enumerated().compactMap { fi, f in f.when.map { ($0, f.line, "steps[\(si)].fields[\(fi)].when") } }
            } + wf.documents.enumerated().compactMap { di, d in d.when.map { ($0, d.line, "documents[\(di)].when") } }
        for (condition, line, path) in conditions {
            for field in condition.fields where !CasePath.known.contains(field) && !fieldIDs.contains(field) {
                fail(line, path, "条件引用了未知字段“\(field)”")
            }
            for p in condition.predicates where Predicates.all[p] == nil {
                fail(line, path, "未知的条件谓词“\(p)”（可用：\(Predicates.all.keys.sorted().joined(separator: ", "))）")
            }
            for r in condition.regions where set.profiles[r] == nil {
                fail(line, path, "未知的地区档案“\(r)”")
            }
        }
        for (di, doc) in wf.documents.enumerated() {
            for code in doc.codes where !set.documents.contains(code) {
                fail(doc.line, "documents[\(di)]", "未知的材料代码“\(code)”")
            }
        }
        return errors
    }

    static func check(_ profile: PolicyProfile, in set: FormSet) -> [SourceError] {
        var errors: [SourceError] = []
        if let parent = profile.inherits {
            if set.profiles[parent] == nil {
                errors.append(SourceError(file: profile.file, line: nil, path: "inherits", reason: "未知的上级档案“\(parent)”"))
            } else {
                var seen: Set<String> = [profile.id]
                var next: String? = parent
                while let id = next {
                    if !seen.insert(id).inserted {
                        errors.append(SourceError(file: profile.file, line: nil, path: "inherits", reason: "继承关系成环"))
                        break
                    }
                    next = set.profiles[id]?.inherits
                }
            }
        }
        for (key, values) in profile.parameters {
            for p in values {
                if ParameterSchema.kinds[key] == .documents, case let .list(codes) = p.value {
                    for code in codes where !set.documents.contains(code) {
                        errors.append(SourceError(file: profile.file, line: p.line, path: "parameters.\(key)", reason: "未知的材料代码“\(code)”"))
                    }
                }
            }
        }
        return errors
    }
}
