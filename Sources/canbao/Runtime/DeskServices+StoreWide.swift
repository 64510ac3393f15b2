import CanbaoDesk
import CanbaoRules
import CanbaoStore
import Foundation

/// The store-wide work behind the desk: the person screen with its duplicates (内蒙古细则 第二十三条、第二十四条),
/// school rosters (集体参保) and coverage (全民参保计划库).
extension DeskServices {
    /// Lines of the unenrolled list sent to the screen; the CSV export has them all.
    static let shownUnenrolled = 500

    /// The effects of this file; nil for any other.
    func storeWide(_ effect: DeskEffect) throws -> [DeskMsg]? {
        switch effect {
        case let .openPerson(personID, keep):
            _ = try requireSession()
            guard let found = try personDuplicates(personID, keep: keep) else { return [.failed(reason: "找不到参保人 #\(personID)")] }
            return [.personLoaded(try detail(found))]
        case let .resolveDuplicate(personID, index, keep, commitment):
            return [try resolveDuplicate(personID, index: index, keep: keep, commitment: commitment)]
        case let .importRoster(request):
            return [try importRoster(request)]
        case let .loadCoverage(year, place):
            _ = try requireSession()
            return [.coverageLoaded(try coverageView(store.coverage(year: year, today: today, place: place)))]
        case let .loadUnenrolled(year, place):
            _ = try requireSession()
            var lines: [UnenrolledLine] = []
            let total = try store.unenrolled(year: year, today: today, place: place) { p in
                guard lines.count < Self.shownUnenrolled else { return }
                let c = CoverageText.unenrolledCells(p)
                lines.append(UnenrolledLine(name: c[0], document: c[2], place: c[5], groups: c[6], lastRecord: c[7]))
            }
            return [.unenrolledLoaded(year: year, place: place, total: total, lines)]
        case let .exportCoverage(year, place):
            return [.coverageExported(paths: try exportCoverage(year: year, place: place))]
        default:
            return nil
        }
    }

    var policy: Policy {
        get throws {
            guard let policy = forms.policy(counter.region) else { throw StoreError.notAllowed("未知的地区档案“\(counter.region)”") }
            return policy
        }
    }

    // MARK: the person and their duplicates

    /// The person's duplicates; where the clerk chose a record to keep for a duplicate, that duplicate is judged with
    /// the choice (it stands for the person's choice, residence or current employment, whichever the principle asks).
    func personDuplicates(_ personID: Int64, keep: [Int: Int64]) throws -> PersonDuplicates? {
        let policy = try self.policy
        guard var found = try store.duplicates(forPerson: personID, policy: policy, today: today) else { return nil }
        for (index, keepID) in keep where found.duplicates.indices.contains(index) {
            let place = found.record(id: keepID)?.place
            let choices = DuplicateChoices(residencePlace: place, keepRecordID: keepID, currentEmploymentPlace: place)
            if let chosen = try store.duplicates(forPerson: personID, policy: policy, today: today, choices: choices),
               chosen.duplicates.indices.contains(index) {
                found.duplicates[index] = chosen.duplicates[index]
            }
        }
        return found
    }

    func detail(_ found: PersonDuplicates) throws -> PersonDetail {
        let records = found.records
        return PersonDetail(
            personID: found.person.id, summary: PersonSummary(found.person, records: records), recordIDs: records.map(\.id),
            hardship: try hardshipLines(found.person.id),
            duplicates: found.duplicates.map { d in
                DuplicateView(duplicate: d.duplicate, retention: d.retention, recordIDs: d.recordIDs,
                              candidateIDs: d.retention.candidates.filter(records.indices.contains).map { records[$0].id },
                              keepRecordID: d.keepRecordID, refundCases: d.refundCases.count)
            })
    }

    /// The person's current hardship marks, highest first (江门规程 第六条、第二十二条).
    func hardshipLines(_ personID: Int64) throws -> [HardshipLine] {
        try store.hardshipMarks(forPerson: personID).map {
            HardshipLine(name: $0.statusName, department: $0.department, certifiedPlace: $0.certifiedPlace,
                         certifiedDate: $0.certifiedDate, applied: $0.applied, caseNumber: $0.caseNumber)
        }
    }

    /// Ends the other records of one duplicate as its principle says (one transaction with its audit row), then opens
    /// a draft refund case for each refund due, for the clerk to finish with the applicant (国家规程 第十六条).
    func resolveDuplicate(_ personID: Int64, index: Int, keep: [Int: Int64], commitment: Bool) throws -> DeskMsg {
        let me = try requireSession()
        guard me.role != .trainee else { throw StoreError.notAllowed("学员不能处理真实的重复参保") }
        guard let found = try personDuplicates(personID, keep: keep), found.duplicates.indices.contains(index) else {
            return .failed(reason: "此人的重复参保已变化，请按 F5 刷新后再办理")
        }
        let d = found.duplicates[index]
        guard let keepID = d.keepRecordID, !d.changes.isEmpty else {
            return .failed(reason: "须先确认\(d.retention.missingFacts.map(\.chinese).joined(separator: "、"))")
        }
        guard commitment || !d.retention.needsCommitment else {
            return .failed(reason: "须先收取参保人书面承诺书（\(d.retention.citation)）")
        }
        let note = "\(d.retention.principle.chinese)（\(d.retention.citation)）" + (commitment ? "；已收取参保人书面承诺书" : "")
        try store.resolveDuplicate(personID: personID, keep: keepID, changes: d.changes, by: .operator(me.id), note: note)
        var opened: [String] = []
        for refund in d.refundCases {
            opened.append(try store.createCase(caseJSON: refund.json, applicantID: personID, by: me.id).number)
        }
        let ended = d.changes.map { "\($0.status == .terminated ? "终止" : "暂停") #\($0.recordID)" }.joined(separator: "、")
        var message = "已办理：保留 #\(keepID)，\(ended)"
        if !opened.isEmpty { message += "；退费草稿案件 \(opened.joined(separator: "、"))（首页“草稿”中继续办理）" }
        guard let now = try personDuplicates(personID, keep: [:]) else { return .failed(reason: "找不到参保人 #\(personID)") }
        return .duplicateResolved(message: message, try detail(now))
    }

    // MARK: school rosters

    func importRoster(_ q: RosterImportRequest) throws -> DeskMsg {
        let me = try requireSession()
        guard me.role != .trainee else { throw StoreError.notAllowed("学员不能导入真实的花名册") }
        let request = RosterRequest(school: q.school, place: q.place, year: q.year, region: counter.region, today: today,
                                    dryRun: q.dryRun)
        let url = URL(fileURLWithPath: (q.file as NSString).expandingTildeInPath)
        // Reasons quote the file's name and perhaps its cells: shown, never obeyed.
        let result: RosterResult
        do {
            let roster = try RosterFile(InputFile.read(url.path))
            result = try store.importRoster(roster, fileName: url.lastPathComponent, request: request, forms: forms,
                                            by: .operator(me.id))
        } catch let error as InputFileError {
            return .failed(reason: SafeText.escaped("\(error.reason)，未导入任何数据"))
        } catch let error as RosterFileError {
            return .failed(reason: SafeText.escaped("\(url.lastPathComponent)：\(error.description)，未导入任何数据"))
        }
        var report: String?
        if !result.rejected.isEmpty {
            report = try OutputFile.createUnused(in: try reportsDirectory(),
                                                 stem: "roster-\(Self.fileStamp(clock()))\(q.dryRun ? "-check" : "")-errors",
                                                 ext: "csv", contents: result.errorReport()).path
        }
        return .rosterImported(RosterImportSummary(
            request: q, fileName: result.fileName, encoding: result.encoding.rawValue, rowCount: result.rowCount,
            registered: result.registered, alreadyEnrolled: result.alreadyEnrolled, replaced: result.replaced,
            rejected: result.rejected.map { .init(line: $0.line, text: $0.errorText) }, errorReport: report))
    }


    // MARK: coverage

    func coverageView(_ r: CoverageReport) throws -> CoverageView {
        func line(_ caption: String, _ c: CoverageCount) -> CoverageLine {
            CoverageLine(caption: caption, persons: c.persons, enrolled: c.enrolled)
        }
        var target: String?
        if let p = try policy.parameter("coverage.target_percent", on: r.asOf), case let .int(percent) = p.value {
            target = "\(percent)%（\(p.cite)）"
        }
        return CoverageView(year: r.year, place: r.place, total: line("合计", r.total),
                            groups: CoverageGroup.allCases.compactMap { g in r.groups[g].map { line(g.chinese, $0) } },
                            places: r.places.map { line($0.place, $0.total) }, target: target)
    }

    /// The report and the whole unenrolled list as two CSV files (UTF-8, mode 0600: they name persons).
    func exportCoverage(year: Int, place: String?) throws -> [String] {
        _ = try requireSession()
        let dir = try reportsDirectory()
        let stem = "coverage-\(year)" + (place.map { "-\($0)" } ?? "") + "-\(Self.fileStamp(clock()))"
        // Both files are made in full before either is given its name; neither replaces anything.
        let report = Data(CoverageText.csv(try store.coverage(year: year, today: today, place: place)).utf8)
        var list = CSVWriter.line(CoverageText.unenrolledHeader)
        try store.unenrolled(year: year, today: today, place: place) { list += CSVWriter.line(CoverageText.unenrolledCells($0)) }
        let first = try OutputFile.createUnused(in: dir, stem: stem, ext: "csv", contents: report)
        let unenrolled = try OutputFile.createUnused(in: dir, stem: first.deletingPathExtension().lastPathComponent + "-unenrolled",
                                                     ext: "csv", contents: Data(list.utf8))
        return [first.path, unenrolled.path]
    }

    /// `<home>/reports/`, private to the counter's account.
    func reportsDirectory() throws -> URL {
        try DeskServices.privateDirectory(home.appendingPathComponent("reports"))
    }

    /// A folder of the home for files we write (reports, notices): created with mode 0700; one that is there must be
    /// a folder (not a link elsewhere, not a file).
    static func privateDirectory(_ dir: URL) throws -> URL {
        var info = stat()
        if lstat(dir.path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw StoreError.io("\(dir.path) 不是文件夹") }
            return dir
        }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError.io("无法建立文件夹 \(dir.path)")
        }
        return dir
    }

    /// `20261203-143005`, local time: report files sort by when they were made.
    static func fileStamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f.string(from: date)
    }
}
