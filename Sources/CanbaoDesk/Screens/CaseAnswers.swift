import CanbaoRules

/// The facts entered on a case, read-only, as label and value in form order: only the fields the case's answers make
/// apply; a document's number first (whole), then its kind; a place with its name. Shared by the supervisor's review
/// and the read-only case view, so both show a case the way the form labelled it.
enum CaseAnswers {
    static func of(_ c: CaseFile, _ forms: FormSet) -> [(label: String, value: String)] {
        guard let wf = forms.workflows[c.workflow], let ctx = try? Evaluator.context(for: c, forms: forms) else { return [] }
        var answers: [(label: String, value: String)] = []
        for f in wf.allFields where f.when?.holds(in: ctx) ?? true {
            var value = FieldBinding.display(f, c)
            if f.type == .document, !value.isEmpty { value += " " + DocumentEntry.shortName(FieldBinding.kind(f, c)) }
            if f.type == .place, !value.isEmpty { value = forms.divisions.label(value) }
            if !value.isEmpty { answers.append((f.label, value)) }
        }
        return answers
    }
}
