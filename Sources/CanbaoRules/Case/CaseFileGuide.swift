import Foundation

/// The case file and the verdict described for the people who write them, generated from the forms so it cannot go
/// stale: `canbao forms doc` writes it to docs/case-file.md, and a test fails when the committed file and the forms
/// disagree. The workflows' facts (key, type, allowed values, label, when asked), the document codes and the region
/// profiles come from Forms/; the example verdict is evaluated from Forms/examples/.
public enum CaseFileGuide {
    /// One top-level key of the case file.
    public struct Key: Sendable {
        public var key: String
        public var required: Bool
        public var type: String
        public var meaning: String
    }

    /// Every top-level key `CaseParser` reads (a test checks this list against `CaseFile.topLevelKeys`).
    public static let topLevel: [Key] = [
        Key(key: "workflow", required: true, type: "workflow id (below)", meaning: "业务：which service the case is for"),
        Key(key: "region", required: true, type: "region profile id (below)", meaning: "地区档案：whose policy applies"),
        Key(key: "today", required: true, type: "date", meaning: "办理日期：the date the case is judged on"),
        Key(key: "here", required: false, type: "place code", meaning: "办理地：the counter's region code, where place matters"),
        Key(key: "scheme", required: false, type: "`resident` or `employee`", meaning: "险种：居民医保 or 职工医保"),
        Key(key: "flexible", required: false, type: "`true` or `false`", meaning: "以灵活就业身份参加职工医保"),
        Key(key: "coverage_year", required: false, type: "year", meaning: "参保年度：the resident year registered for"),
        Key(key: "person", required: false, type: "person (below)", meaning: "参保人：the insured person"),
        Key(key: "guardian", required: false, type: "person (below)", meaning: "监护人：for newborns and minors"),
        Key(key: "agent", required: false, type: "person (below)", meaning: "代办人：when someone applies for the person"),
        Key(key: "facts", required: false, type: "mapping", meaning: "业务事实：the workflow's answers (below)"),
        Key(key: "documents_presented", required: false, type: "list of document codes", meaning: "带来的材料"),
        Key(key: "documents_committed", required: false, type: "list of document codes",
            meaning: "以告知承诺代替的材料：accepted by a supervisor on a written commitment"),
        Key(key: "platform_records", required: false, type: "list of records (below)", meaning: "医保信息平台上该人的参保记录"),
    ]

    /// The keys of every verdict, in the order `canbao check --json` writes them (sorted), with what they hold.
    public static let verdictKeys: [(key: String, meaning: String)] = [
        ("back_pay_months", "months of a gap that may be paid back with a transfer (补缴), or null"),
        ("benefit_start", "date benefits start, for `accept` and `missing-documents`; else null"),
        ("decision", "`accept`, `missing-documents`, `needs-approval` or `refuse` (refuse > needs-approval > missing-documents > accept)"),
        ("due_date", "the date the case must be finished by (working days for transfers, refunds, newborn updates), or null"),
        ("employment", "an employee's link to the unit (职工): `action` (`register`, `suspend`, `terminate`, `restore`), `unit`, `unit_name`, `date`, `reason`, `deadline`, `record`, `citation`; or null"),
        ("findings", "every finding: `rule`, `severity` (`block`, `approval`, `warn`, `info`), `message` (Chinese), `citation`, `field`"),
        ("hardship", "hardship statuses recorded on the person: `statuses`, `applied`, `certified_place`, `citation`; or null"),
        ("missing_documents", "the complete list of documents still to bring (一次性告知): `code`, `name`, `any_of`, `reason`, `citation`"),
        ("refund", "a refund due: `from`, `to` (`YYYY-MM`), `months`, `reason`, `citation`; or null"),
        ("replaces", "platform records the case suspends or terminates: `record`, `action` (`suspend`, `terminate`), `citation`"),
        ("retirement", "retirement verification and the lump sum (退休核定、一次性缴费): `retirement_date`, `required_months`, `contribution_months`, `counted`, `military_months`, `months_owed`, `pending_transfers`, `stop_payment_by`, `lump_sum`, `citation`; or null"),
        ("transfer", "a transfer's particulars (信息表): `direction`, `from`, `to`, `scope`, `scheme`, `flexible`, `records`, `information_sheet`, `citation`; or null"),
        ("unit", "an employer's registration or change (参保单位): `action` (`register`, `change`, `close`, `consolidate`), `code`, `name`, `place`, `kind`, `new_value`, `since`, `deadline`, `successor`, `registrations`, `citation`; or null"),
        ("waiting_period_months", "months before benefits start (待遇等待期), or null"),
    ]

    /// The Markdown text of docs/case-file.md. `example` is a case file and its verdict as `canbao check --json` prints it.
    public static func markdown(forms: FormSet, example: (name: String, text: String, verdictJSON: String)?) -> String {
        var out: [String] = []
        func line(_ s: String = "") { out.append(s) }

        line("# The case file and the verdict")
        line()
        line("<!-- Generated by `canbao forms doc` from Forms/; do not edit by hand. A test fails when this file and the forms disagree. -->")
        line()
        line("`canbao check CASE.yaml|CASE.json [--json] [--store]` judges one case. The case file is YAML or JSON in UTF-8, at most")
        line("\(CaseParser.maxBytes) bytes (`-` reads standard input, with the same limit: JSON when it begins with `{`, else YAML).")
        line("Every key and every value is checked before the rules run:")
        line("an unknown key (with the nearest known one named), a value of the wrong type, a date outside")
        line("\(LocalDate.inputRange.lowerBound)…\(LocalDate.inputRange.upperBound), a control character, a YAML anchor or alias, a duplicate key or a JSON trailing comma is")
        line("refused with exit status 2 and one line on standard error, `FILE:LINE: KEY: reason`. A verdict is exit status 0.")
        line()
        line("## Top-level keys")
        line()
        line("| key | required | type | meaning |")
        line("| --- | --- | --- | --- |")
        for k in topLevel {
            line("| `\(k.key)` | \(k.required ? "yes" : "no") | \(k.type) | \(k.meaning) |")
        }
        line()
        line("Types:")
        line()
        line("- **date**: `YYYY-MM-DD`, a real date from \(LocalDate.inputRange.lowerBound) to \(LocalDate.inputRange.upperBound).")
        line("- **month**: `YYYY-MM`, from \(LocalDate.inputRange.lowerBound.description.prefix(7)) to \(LocalDate.inputRange.upperBound.description.prefix(7)).")
        line("- **year**: four digits, unquoted, \(LocalDate.inputYears.lowerBound) to \(LocalDate.inputYears.upperBound).")
        line("- **count**: a whole number from 0 to \(FieldValue.maxCount), digits only and unquoted (no sign, point or exponent).")
        line("- **yes/no**: `true` or `false`, unquoted (not `\"true\"`, `yes`, `1` or `是`). A quoted value is text, and a tag")
        line("  (`!!str`, `!custom`) on a value is refused.")
        line("- **place code**: the 6-digit region code (统筹区代码, GB/T 2260), e.g. `150621`; quote it in YAML (`\"150621\"`).")
        line("- **text**: one line without control characters (no escape sequences, tabs, line breaks or bidirectional controls),")
        line("  at most \(SafeText.maxNameLength) characters for a name and \(SafeText.maxLineLength) for other text, and not only")
        line("  spaces or invisible characters (a zero-width space alone is no name). A NEL, U+2028 or U+2029 anywhere in a YAML")
        line("  file is refused (YAML would read it as a line break).")
        line()
        line("## Persons: `person`, `guardian`, `agent`")
        line()
        line("| key | type | meaning |")
        line("| --- | --- | --- |")
        line("| `name` | text (a name) | 姓名 |")
        line("| `document.kind` | \(DocumentKind.allCases.map { "`\($0.rawValue)` (\($0.chineseName))" }.joined(separator: ", ")) | 证件类型 |")
        line("| `document.number` | text, at most \(CaseParser.maxDocumentNumberLength) characters | 证件号码 (checked by the rules: check character, birth date, sex) |")
        line("| `document.nationality` | text | 国籍 (foreign passports): the GB/T 2659 three-letter code the passport prints (`DEU`), or the country's Chinese or English name (`德国`, `Germany`); not China, Hong Kong, Macao or Taiwan |")
        line("| `birth_date` | date | 出生日期 (else read from a resident ID number) |")
        line("| `sex` | `male` or `female` | 性别 |")
        line()
        line("## Platform records: `platform_records`")
        line()
        line("| key | required | type | meaning |")
        line("| --- | --- | --- | --- |")
        line("| `place` | yes | place code | 参保地 |")
        line("| `scheme` | yes | `resident` or `employee` | 险种 |")
        line("| `status` | yes | \(EnrollmentStatus.allCases.map { "`\($0.rawValue)` (\($0.chinese))" }.joined(separator: ", ")) | 参保状态 |")
        line("| `year` | no | year | resident scheme: the year the premium covers |")
        line("| `months` | no | list of months | employee scheme: the months paid |")
        line("| `paid` | no | yes/no (default `false`) | 已缴费 |")
        line("| `since` | no | date | when the record began |")
        line()
        line("## Workflows and their facts")
        line()
        line("Each workflow's answers go under `facts:`; a key that is not one of its facts is refused. Other keys of the form are")
        line("top-level or person keys. *Required* fields that are missing do not make the file invalid: the verdict reports them")
        line("(`form.required`, a blocking finding).")
        for id in forms.workflows.keys.sorted() {
            guard let w = forms.workflows[id] else { continue }
            line()
            line("### `\(w.id)`: \(w.title)")
            line()
            line("Policy: \(w.cite)")
            let facts = w.allFields.filter(\.isFact)
            line()
            if facts.isEmpty {
                line("No facts.")
            } else {
                line("| fact | type | values | meaning | asked |")
                line("| --- | --- | --- | --- | --- |")
                for f in facts {
                    line("| `\(f.id)` | \(typeName(f)) | \(values(f)) | \(cell(f.label)) | \(asked(f)) |")
                }
            }
            let others = w.allFields.filter { !$0.isFact }
            if !others.isEmpty {
                line()
                line("Other keys the form asks: " + others.map { f in
                    let when = asked(f)
                    return "`\(f.id)` (\(cell(f.label))\(when.isEmpty ? "" : ", \(when)"))"
                }.joined(separator: "; ") + ".")
            }
            if !w.documents.isEmpty {
                line()
                line("Documents:")
                line()
                for d in w.documents {
                    let codes = d.codes.map { "`\($0)` \(forms.documents.name($0))" }
                    let what: String
                    switch d.mode {
                    case .one: what = codes.joined()
                    case .anyOf: what = "any one of " + codes.joined(separator: ", ")
                    case .allOf: what = "all of " + codes.joined(separator: ", ")
                    }
                    line("- \(what)\(d.when.map { ", when \(describe($0))" } ?? "") (\(d.cite))")
                }
            }
        }
        line()
        line("## Document codes")
        line()
        line("| code | 材料 |")
        line("| --- | --- |")
        for code in forms.documents.names.keys.sorted() {
            line("| `\(code)` | \(cell(forms.documents.name(code))) |")
        }
        line()
        line("## Region profiles")
        line()
        line("| id | title | inherits | valid |")
        line("| --- | --- | --- | --- |")
        for id in forms.profiles.keys.sorted() {
            guard let p = forms.profiles[id] else { continue }
            line("| `\(p.id)` | \(cell(p.title)) | \(p.inherits.map { "`\($0)`" } ?? "") | from \(p.validFrom)\(p.validUntil.map { " to \($0)" } ?? "") |")
        }
        line()
        line("## The verdict")
        line()
        line("`canbao check --json` prints one JSON object with these keys, always all of them (null where nothing applies):")
        line()
        line("| key | value |")
        line("| --- | --- |")
        for (key, meaning) in verdictKeys {
            line("| `\(key)` | \(meaning) |")
        }
        if let example {
            line()
            line("For example, `\(example.name)`:")
            line()
            line("```yaml")
            for l in example.text.split(separator: "\n", omittingEmptySubsequences: false) where !l.hasPrefix("#") {
                out.append(String(l))
            }
            while out.last == "" { out.removeLast() }
            line("```")
            line()
            line("gives:")
            line()
            line("```json")
            line(example.verdictJSON)
            line("```")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func typeName(_ f: FormField) -> String {
        switch f.type {
        case .bool: return "yes/no"
        case .int: return "count"
        case .year: return "year"
        case .date: return "date"
        case .month: return "month"
        case .place: return "place code"
        case .choice: return "choice"
        case .sex: return "choice"
        case .scheme: return "choice"
        case .text: return FieldValue.textLimit(f.id) == SafeText.maxNameLength ? "text (a name)" : "text"
        case .document: return "document"
        }
    }

    static func values(_ f: FormField) -> String {
        switch f.type {
        case .bool: return "`true`, `false`"
        case .choice: return f.choices.map { "`\($0.value)` \(cell($0.label))" }.joined(separator: "; ")
        case .sex, .scheme: return FieldValue.choices(f).map { "`\($0)`" }.joined(separator: ", ")
        default: return ""
        }
    }

    static func asked(_ f: FormField) -> String {
        let when = f.when.map { "when \(describe($0))" }
        switch (f.required, when) {
        case (true, let w?): return "required \(w)"
        case (true, nil): return "required"
        case (false, let w?): return w
        case (false, nil): return ""
        }
    }

    /// A condition as a reader says it: `hukou_registered` = `true` and not (…).
    static func describe(_ c: Condition) -> String {
        switch c {
        case let .equals(f, v): return "`\(f)` = `\(v)`"
        case let .oneOf(f, vs): return "`\(f)` is one of " + vs.map { "`\($0)`" }.joined(separator: ", ")
        case let .present(f, yes): return "`\(f)` \(yes ? "is given" : "is not given")"
        case let .all(cs): return cs.map { wrap($0) }.joined(separator: " and ")
        case let .any(cs): return cs.map { wrap($0) }.joined(separator: " or ")
        case let .not(inner): return "not \(wrap(inner))"
        case let .predicate(p): return "rule `\(p)` holds"
        case let .region(r): return "region `\(r)`"
        }
    }

    static func wrap(_ c: Condition) -> String {
        switch c {
        case .all, .any: return "(\(describe(c)))"
        default: return describe(c)
        }
    }

    /// Text safe inside a Markdown table cell.
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
