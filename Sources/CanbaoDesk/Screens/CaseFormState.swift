import CanbaoRules

/// A case being served, step by step, with its live verdict.
public struct CaseFormState: Hashable, Sendable {
    public enum Focus: Hashable, Sendable { case field(String), findings, documents }

    /// An F4 list open over a field.
    public struct Chooser: Hashable, Sendable {
        public var fieldID: String
        public var options: [Choice]
        public var selection: ListSelection
    }

    /// F4 on a place field: the division table searched by name or code as the clerk types (东胜 → 150602).
    public struct PlaceSearch: Hashable, Sendable {
        public var fieldID: String
        public var query = TextInput(maxLength: 20)
        public var results: [Divisions.Division]
        public var selection = ListSelection()
    }

    /// F8: voiding the draft (作废) or withdrawing the case (撤回), with the reason being typed.
    public struct SetAside: Hashable, Sendable {
        public var withdraw: Bool
        public var reason = TextInput(maxLength: SafeText.maxLineLength)
    }

    public var draft: CaseDraft
    public var workflowTitle: String
    public var focus: Focus
    /// The editor of the focused field (text fields only).
    public var input: TextInput
    public var verdict: Verdict
    /// Values that could not be read (a bad date), by field id.
    public var notes: [String: String] = [:]
    /// Required-field findings are shown after F5 or F10, not while the clerk is still filling in.
    public var showRequired = false
    public var findingSelection = ListSelection()
    public var documentSelection = ListSelection()
    public var chooser: Chooser?
    public var placeSearch: PlaceSearch?
    public var setAside: SetAside?
    /// The case was saved on another terminal since this one read it: said on the form before the clerk saves.
    public var changedElsewhere: String?
    /// Open while the clerk writes why a case needing approval should go to the supervisor.
    public var justification: TextInput?
    /// The document key whose platform records are in the case.
    public var lookedUp: String?
    public var submitting = false
    /// A key that ends something for good (F10 on a refusal, Esc on a practice question) asked to be pressed again;
    /// any other key cancels.
    public var confirmKey: Key?
    /// F2 asked for the draft to be saved: its reply says so on the message line.
    public var savingDraft = false
    /// F7 asked for the 一次性告知书 to be printed again: a second F7 before the reply would print twice.
    public var reprinting = false
    /// Set when a trainee serves a scenario: F10 scores instead of submitting, and the sandbox store serves lookups.
    public var practice: PracticeScenario?
    /// The person's screen the case was opened from (their list of cases): leaving the form goes back there, with the
    /// same selection, rather than home.
    public var returnTo: PersonState?

    public var caseFile: CaseFile {
        get { draft.caseFile }
        set { draft.caseFile = newValue }
    }

    /// A fresh case at this counter.
    public static func new(workflow id: String, env: DeskEnvironment, today: LocalDate) -> CaseFormState {
        var c = CaseFile(workflow: id, region: env.counter.region, today: today, here: env.counter.place)
        c.coverageYear = nil
        return CaseFormState(draft: CaseDraft(caseFile: c), env: env)
    }

    /// Opens a saved draft or pending case where the clerk left it.
    public init(draft: CaseDraft, env: DeskEnvironment) {
        self.draft = draft
        let wf = env.forms.workflows[draft.caseFile.workflow]
        workflowTitle = wf?.title ?? draft.caseFile.workflow
        focus = .findings
        input = TextInput()
        verdict = Verdict(decision: .accept, missingDocuments: [], findings: [], benefitStart: nil, waitingPeriodMonths: nil, replaces: [])
        if let doc = draft.caseFile.person?.document, !draft.caseFile.platformRecords.isEmpty { lookedUp = doc.key }
        evaluate(env)
        let start = resumePoint(env)
        // Read once: a later save completes its own field, not the one the case was read back with.
        self.draft.completedField = nil
        if let start { focusField(start, env) }
    }

    /// Where a reopened form starts: the clerk's position when known, else the field after the last one saved (the
    /// next step's first when it ended a step), else the step's first field. Sets the step.
    private mutating func resumePoint(_ env: DeskEnvironment) -> FormField? {
        let fields = visibleFields(step: draft.stepIndex, env)
        if let at = fields.first(where: { $0.id == draft.fieldID }) { return at }
        guard draft.fieldID == nil, let done = draft.completedField, let i = fields.firstIndex(where: { $0.id == done }) else {
            return fields.first
        }
        if i + 1 < fields.count { return fields[i + 1] }
        let steps = workflow(env)?.steps.count ?? 0
        guard let next = (draft.stepIndex + 1 ..< max(steps, draft.stepIndex + 1)).first(where: { !visibleFields(step: $0, env).isEmpty }) else {
            return fields[i]
        }
        draft.stepIndex = next
        return visibleFields(step: next, env).first
    }

    /// The save of the draft as it stands; `field`, when the save completes one, goes to the store as the field just
    /// completed (saved with its value), while the draft's position stays where the clerk now is.
    func save(completing field: String? = nil) -> DeskEffect {
        var saved = draft
        saved.completedField = field
        return .saveDraft(saved)
    }

    // MARK: reading the workflow

    func workflow(_ env: DeskEnvironment) -> Workflow? { env.forms.workflows[caseFile.workflow] }

    func context(_ env: DeskEnvironment) -> RuleContext? {
        try? Evaluator.context(for: caseFile, forms: env.forms)
    }

    /// The fields of a step that apply to this case now.
    func visibleFields(step: Int, _ env: DeskEnvironment) -> [FormField] {
        guard let wf = workflow(env), wf.steps.indices.contains(step), let ctx = context(env) else { return [] }
        return wf.steps[step].fields.filter { $0.when?.holds(in: ctx) ?? true }
    }

    func field(_ id: String, _ env: DeskEnvironment) -> FormField? { workflow(env)?.field(id) }

    var focusedFieldID: String? {
        if case let .field(id) = focus { return id }
        return nil
    }

    mutating func evaluate(_ env: DeskEnvironment) {
        guard let ctx = context(env) else { return }
        verdict = Evaluator.evaluate(ctx)
    }

    /// Findings shown at the counter: required-field ones only once the clerk asked (F5/F10).
    var shownFindings: [Finding] {
        verdict.findings.filter { showRequired || $0.rule != "form.required" }
    }

    var missingRequired: [Finding] { verdict.findings.filter { $0.rule == "form.required" } }

    mutating func focusField(_ field: FormField, _ env: DeskEnvironment) {
        focus = .field(field.id)
        draft.fieldID = field.id
        let maxLength = field.type == .document ? DocumentEntry.maxLength(FieldBinding.kind(field, caseFile)) : Self.maxLength(field)
        input = TextInput(FieldBinding.display(field, caseFile), maxLength: maxLength)
    }

    static func maxLength(_ f: FormField) -> Int {
        switch f.type {
        case .document: return 24
        case .date: return 10
        case .month: return 7
        case .int: return 6
        case .year: return 4
        case .place: return 16
        // Names take SafeText.maxNameLength, like everywhere else; other text a line's worth.
        default: return FieldValue.textLimit(f.id)
        }
    }

    /// Puts a person found in the store into the case (name, document, birth, sex, platform records).
    public mutating func prefill(_ p: PersonSummary, env: DeskEnvironment) {
        var person = caseFile.person ?? Party()
        if (person.name ?? "").isEmpty { person.name = p.name }
        person.document = p.document
        person.birthDate = person.birthDate ?? p.birthDate
        person.sex = person.sex ?? p.sex
        caseFile.person = person
        caseFile.platformRecords = p.records
        lookedUp = p.document.key
        FieldBinding.derive("person", &draft.caseFile, workflow: workflow(env))
        evaluate(env)
        if let id = focusedFieldID, let f = field(id, env) { focusField(f, env) }
    }

    /// Asks for the platform records when the person's document is known and not yet looked up.
    func lookupEffects() -> [DeskEffect] {
        guard let doc = caseFile.person?.document, !doc.number.isEmpty, doc.kind != .other, lookedUp != doc.key else { return [] }
        return [.lookupPerson(doc)]
    }

    /// The documents checklist rows: each applicable requirement, one row per code (one row for a one-of group).
    func checklist(_ env: DeskEnvironment) -> [ChecklistRow] {
        guard let ctx = context(env) else { return [] }
        // Documents the agency obtains itself, or that a supervisor accepted on a written commitment, need no tick.
        let shared = DocumentChecklist.dataShared(ctx).union(caseFile.documentsCommitted)
        let presented = Set(caseFile.documentsPresented)
        var rows: [ChecklistRow] = []
        for req in DocumentChecklist.required(ctx) {
            switch req.mode {
            case .one, .allOf:
                for code in req.codes where !rows.contains(where: { $0.codes == [code] }) {
                    rows.append(ChecklistRow(codes: [code], label: env.forms.documents.name(code), shared: shared.contains(code),
                                             checked: presented.contains(code)))
                }
            case .anyOf:
                let label = req.codes.map(env.forms.documents.name).joined(separator: "/") + "（任一）"
                rows.append(ChecklistRow(codes: req.codes, label: label, shared: req.codes.contains(where: shared.contains),
                                         checked: req.codes.contains(where: presented.contains)))
            }
        }
        return rows
    }
}

struct ChecklistRow: Hashable {
    var codes: [String]
    var label: String
    var shared: Bool
    var checked: Bool
}
