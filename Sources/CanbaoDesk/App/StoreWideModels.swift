import CanbaoRules

/// One person as the person screen shows them: identity, every platform record, hardship marks and duplicates.
public struct PersonDetail: Hashable, Sendable {
    public var personID: Int64
    public var summary: PersonSummary
    /// The store's id of each record of `summary.records`, in the same order (the rules' record indices point here).
    public var recordIDs: [Int64]
    /// The hardship statuses recorded on the person (资助参保), one line each.
    public var hardship: [HardshipLine]
    public var duplicates: [DuplicateView]
    /// The person's cases (办件), most recently handled first, `updated` the day of the last change: an applicant who
    /// comes back about an earlier case is answered from here, whatever day it was decided.
    public var cases: [CaseSummary]
    /// The store holds more of the person's cases than `cases` lists (the oldest are left out).
    public var moreCases: Bool
    /// Why the person's rows (identity, records, hardship marks) are not as the audit log recorded them, or nil.
    public var tampered: String?

    public init(personID: Int64, summary: PersonSummary, recordIDs: [Int64], hardship: [HardshipLine] = [],
                duplicates: [DuplicateView] = [], cases: [CaseSummary] = [], moreCases: Bool = false,
                tampered: String? = nil) {
        self.personID = personID
        self.summary = summary
        self.recordIDs = recordIDs
        self.hardship = hardship
        self.duplicates = duplicates
        self.cases = cases
        self.moreCases = moreCases
        self.tampered = tampered
    }

    /// The record with this store id.
    public func record(id: Int64) -> PlatformRecord? {
        recordIDs.firstIndex(of: id).map { summary.records[$0] }
    }
}

/// A hardship status recorded on the person.
public struct HardshipLine: Hashable, Sendable {
    public var name: String
    public var department: String
    public var certifiedPlace: String?
    public var certifiedDate: LocalDate?
    /// The status whose subsidy applies (就高不就低、不重复享受, 江门规程 第二十二条).
    public var applied: Bool
    public var caseNumber: String?

    public init(name: String, department: String, certifiedPlace: String? = nil, certifiedDate: LocalDate? = nil,
                applied: Bool = false, caseNumber: String? = nil) {
        self.name = name
        self.department = department
        self.certifiedPlace = certifiedPlace
        self.certifiedDate = certifiedDate
        self.applied = applied
        self.caseNumber = caseNumber
    }
}

/// One duplicate enrollment of the person with the region's retention principle.
public struct DuplicateView: Hashable, Sendable {
    public var duplicate: Duplicate
    public var retention: Retention
    /// Store ids of the records of the duplicate, in the order of `duplicate.records`.
    public var recordIDs: [Int64]
    /// Store ids of the records the principle allows to keep.
    public var candidateIDs: [Int64]
    /// The record to keep; nil until the person's choice (or residence, or employment) is known.
    public var keepRecordID: Int64?
    /// The refund cases the resolution will open as drafts (国家规程 第十六条).
    public var refundCases: Int

    public init(duplicate: Duplicate, retention: Retention, recordIDs: [Int64], candidateIDs: [Int64],
                keepRecordID: Int64?, refundCases: Int) {
        self.duplicate = duplicate
        self.retention = retention
        self.recordIDs = recordIDs
        self.candidateIDs = candidateIDs
        self.keepRecordID = keepRecordID
        self.refundCases = refundCases
    }
}

/// The roster import asked of the runtime (集体参保, 江门规程 第二十条（一）).
public struct RosterImportRequest: Hashable, Sendable {
    public var file: String
    public var school: String
    public var place: String
    public var year: Int
    /// Check only; nothing is written.
    public var dryRun: Bool

    public init(file: String, school: String, place: String, year: Int, dryRun: Bool) {
        self.file = file
        self.school = school
        self.place = place
        self.year = year
        self.dryRun = dryRun
    }
}

/// What a roster import did, for the screen.
public struct RosterImportSummary: Hashable, Sendable {
    public struct RejectedRow: Hashable, Sendable {
        public var line: Int
        public var text: String
        public init(line: Int, text: String) {
            self.line = line
            self.text = text
        }
    }

    public var request: RosterImportRequest
    public var fileName: String
    public var encoding: String
    public var rowCount: Int
    public var registered: Int
    public var alreadyEnrolled: Int
    /// Records of other places ended by the registrations (entering school).
    public var replaced: Int
    public var rejected: [RejectedRow]
    /// Where the rejected rows were written for the school to correct; nil when none were rejected.
    public var errorReport: String?

    public init(request: RosterImportRequest, fileName: String, encoding: String, rowCount: Int, registered: Int,
                alreadyEnrolled: Int, replaced: Int, rejected: [RejectedRow], errorReport: String?) {
        self.request = request
        self.fileName = fileName
        self.encoding = encoding
        self.rowCount = rowCount
        self.registered = registered
        self.alreadyEnrolled = alreadyEnrolled
        self.replaced = replaced
        self.rejected = rejected
        self.errorReport = errorReport
    }
}

/// Persons and how many of them are enrolled, under a caption (a place or a group).
public struct CoverageLine: Hashable, Sendable {
    public var caption: String
    public var persons: Int
    public var enrolled: Int

    public init(caption: String, persons: Int, enrolled: Int) {
        self.caption = caption
        self.persons = persons
        self.enrolled = enrolled
    }

    public var unenrolled: Int { persons - enrolled }
    /// “96.4%”, or “—” for nobody.
    public var share: String {
        guard persons > 0 else { return "-" }
        let tenths = (enrolled * 1000 + persons / 2) / persons
        return "\(tenths / 10).\(tenths % 10)%"
    }
}

/// The coverage report (达拉特旗方案 三, 某市通知 三) and the unenrolled list (全民参保计划库) for the screen.
public struct CoverageView: Hashable, Sendable {
    public var year: Int
    public var place: String?
    public var total: CoverageLine
    public var groups: [CoverageLine]
    public var places: [CoverageLine]
    /// The region's target with its citation (“95%（某市通知 三）”); nil where the profile sets none.
    public var target: String?

    public init(year: Int, place: String?, total: CoverageLine, groups: [CoverageLine], places: [CoverageLine],
                target: String? = nil) {
        self.target = target
        self.year = year
        self.place = place
        self.total = total
        self.groups = groups
        self.places = places
    }
}

/// One person not enrolled in the year.
public struct UnenrolledLine: Hashable, Sendable {
    public var name: String
    public var document: String
    public var place: String
    public var groups: String
    public var lastRecord: String

    public init(name: String, document: String, place: String, groups: String, lastRecord: String) {
        self.name = name
        self.document = document
        self.place = place
        self.groups = groups
        self.lastRecord = lastRecord
    }
}
