import CanbaoRules

/// What the desk knows about the person logged in.
public struct OperatorInfo: Hashable, Sendable {
    public enum Role: String, Hashable, Sendable, CaseIterable {
        case clerk, supervisor, trainee, admin
        public var chinese: String {
            switch self {
            case .clerk: return "柜员"
            case .supervisor: return "审核员"
            case .trainee: return "学员"
            case .admin: return "管理员"
            }
        }
    }

    public var id: Int64
    public var name: String
    public var displayName: String
    public var role: Role

    public init(id: Int64, name: String, displayName: String, role: Role) {
        self.id = id
        self.name = name
        self.displayName = displayName
        self.role = role
    }
}

/// A case's place in its life: draft → submitted → pending-documents / awaiting-approval → registered / refused / withdrawn.
public enum CaseStatus: String, Hashable, Sendable, CaseIterable {
    case draft, submitted
    case pendingDocuments = "pending-documents"
    case awaitingApproval = "awaiting-approval"
    case registered, refused, withdrawn

    public var chinese: String {
        switch self {
        case .draft: return "草稿"
        case .submitted: return "已提交"
        case .pendingDocuments: return "待补材料"
        case .awaitingApproval: return "待审核"
        case .registered: return "已登记"
        case .refused: return "不予办理"
        case .withdrawn: return "已撤回"
        }
    }
}

/// One line of a case list on the home screen.
public struct CaseSummary: Hashable, Sendable {
    public var number: String
    public var workflow: String
    public var applicant: String
    public var status: CaseStatus
    /// `HH:MM` today, else `MM-DD`.
    public var updated: String

    public init(number: String, workflow: String, applicant: String, status: CaseStatus, updated: String) {
        self.number = number
        self.workflow = workflow
        self.applicant = applicant
        self.status = status
        self.updated = updated
    }
}

/// A person found in the store, with the platform's records for them.
public struct PersonSummary: Hashable, Sendable {
    public var name: String
    public var document: IdentityDocument
    public var birthDate: LocalDate?
    public var sex: Sex?
    public var records: [PlatformRecord]

    public init(name: String, document: IdentityDocument, birthDate: LocalDate? = nil, sex: Sex? = nil, records: [PlatformRecord] = []) {
        self.name = name
        self.document = document
        self.birthDate = birthDate
        self.sex = sex
        self.records = records
    }
}

/// The clerk's home: today's own cases and those waiting on something.
public struct HomeData: Hashable, Sendable {
    public var today: [CaseSummary]
    public var drafts: [CaseSummary]
    public var pendingDocuments: [CaseSummary]
    public var awaitingApproval: [CaseSummary]

    public init(today: [CaseSummary] = [], drafts: [CaseSummary] = [], pendingDocuments: [CaseSummary] = [], awaitingApproval: [CaseSummary] = []) {
        self.today = today
        self.drafts = drafts
        self.pendingDocuments = pendingDocuments
        self.awaitingApproval = awaitingApproval
    }
}

/// A case being served, as saved on every completed field: the case file plus where the clerk was.
public struct CaseDraft: Hashable, Sendable {
    /// Nil until the store has given the case a number.
    public var number: String?
    /// Optimistic version: the store refuses a save based on an older one.
    public var version: Int
    public var caseFile: CaseFile
    public var stepIndex: Int
    public var fieldID: String?
    public var status: CaseStatus

    public init(number: String? = nil, version: Int = 0, caseFile: CaseFile, stepIndex: Int = 0, fieldID: String? = nil, status: CaseStatus = .draft) {
        self.number = number
        self.version = version
        self.caseFile = caseFile
        self.stepIndex = stepIndex
        self.fieldID = fieldID
        self.status = status
    }
}

/// What submitting did, reported back by the runtime.
public struct SubmitResult: Hashable, Sendable {
    public var number: String
    public var status: CaseStatus
    public var decision: Decision
    /// Files printed (receipt, 一次性告知书 as text and HTML, refusal notice).
    public var printed: [String]

    public init(number: String, status: CaseStatus, decision: Decision, printed: [String]) {
        self.number = number
        self.status = status
        self.decision = decision
        self.printed = printed
    }
}

/// The counter this desk serves: its region profile and place.
public struct CounterInfo: Hashable, Sendable {
    public var region: String
    public var place: String
    public var name: String

    public init(region: String, place: String, name: String) {
        self.region = region
        self.place = place
        self.name = name
    }
}
