import CanbaoCounter
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
    func storeWide(_ effect: DeskEffect, progress: @escaping @Sendable (DeskMsg) -> Void) throws -> [DeskMsg]? {
        switch effect {
        case let .openPerson(personID, keep):
            _ = try requireSession()
            guard let found = try counter.duplicates(ofPerson: personID, keep: keep) else {
                return [.failed(reason: "找不到参保人 #\(personID)")]
            }
            return [.personLoaded(try detail(found))]
        case let .resolveDuplicate(personID, index, keep, commitment):
            let done = try counter.resolveDuplicate(personID: personID, index: index, keep: keep, commitment: commitment,
                                                    by: try requireSession())
            guard let now = try counter.duplicates(ofPerson: personID, keep: [:]) else {
                return [.failed(reason: "找不到参保人 #\(personID)")]
            }
            let result = SubmitResult(number: done.number, status: .completed, decision: .accept, printed: done.printed,
                                      enrolls: false, printing: try counter.printing(done.number))
            return [.duplicateResolved(result, message: done.summary, try detail(now))]
        case let .importRoster(request):
            return [try importRoster(request, progress: progress)]
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

    // MARK: the person and their duplicates

    func detail(_ found: PersonDuplicates) throws -> PersonDetail {
        let records = found.records
        let (cases, more) = try personCases(found.person.id, name: found.person.name)
        return PersonDetail(
            personID: found.person.id, summary: PersonSummary(found.person, records: records), recordIDs: records.map(\.id),
            hardship: try hardshipLines(found.person.id),
            duplicates: found.duplicates.map { d in
                DuplicateView(duplicate: d.duplicate, retention: d.retention, recordIDs: d.recordIDs,
                              candidateIDs: d.retention.candidates.filter(records.indices.contains).map { records[$0].id },
                              keepRecordID: d.keepRecordID, refundCases: d.refundCases.count)
            },
            cases: cases, moreCases: more, tampered: try tamperWarning(personID: found.person.id))
    }

    /// The warning the person screen shows when the person's row, records or hardship marks are not as the audit log
    /// recorded them; nil when they are. Shown, not refused, as for a case (`tamperWarning(caseID:)`).
    func tamperWarning(personID: Int64) throws -> String? {
        try tamperWarning { try store.requirePersonAsRecorded(personID: personID) }
    }

    /// How many of a person's cases the person screen lists; a person with more is rare (one a year, a few changes).
    static let shownPersonCases = 200

    /// The person's cases through the store's applicant index, most recently handled first, each dated by the day of
    /// its last change (registered, refused, documents asked for): the day the applicant was last at the counter.
    func personCases(_ personID: Int64, name: String) throws -> (cases: [CaseSummary], more: Bool) {
        let counter = try self.counter
        let records = try store.cases(filter: CaseFilter(applicantID: personID, limit: Self.shownPersonCases + 1))
        let shown = records.prefix(Self.shownPersonCases)
        // The person's own rows are warned of at the head of the screen; here, each case's.
        let altered = try store.rowsNotAsRecorded(caseIDs: shown.map(\.id), personIDs: [Int64]())
        let cases = shown.map {
            var line = caseSummary($0, counter, applicant: name, updated: clock.day(of: $0.updatedAt).description)
            line.tampered = Self.alteredRow(case: $0, (altered.cases, []))
            return line
        }
        return (cases, records.count > Self.shownPersonCases)
    }

    /// The person's current hardship marks, highest first (江门规程 第六条、第二十二条).
    func hardshipLines(_ personID: Int64) throws -> [HardshipLine] {
        try store.hardshipMarks(forPerson: personID).map {
            HardshipLine(name: $0.statusName, department: $0.department, certifiedPlace: $0.certifiedPlace,
                         certifiedDate: $0.certifiedDate, applied: $0.applied, caseNumber: $0.caseNumber)
        }
    }

    // MARK: school rosters

    /// The counter's roster import, its progress sent to the screen as it goes; `cancelled` is the runtime's flag,
    /// set by Esc on the screen while the rows are being checked.
    func importRoster(_ q: RosterImportRequest, progress: @escaping @Sendable (DeskMsg) -> Void) throws -> DeskMsg {
        let me = try requireSession()
        let cancellation = self.cancellation, after = afterRosterProgress
        let observer = RosterObserver(progress: { p in
                                          progress(.rosterProgress(rows: p.rows, checked: p.checked, rejected: p.rejected))
                                          after(p)
                                      },
                                      isCancelled: { cancellation.isCancelled })
        // Reasons quote the file's name and perhaps its cells: shown, never obeyed.
        let imported: RosterImported
        do {
            imported = try counter.importRoster(file: q.file, school: q.school, place: q.place, year: q.year, dryRun: q.dryRun,
                                                by: me, observer: observer)
        } catch let error as InputFileError {
            return .failed(reason: SafeText.escaped("\(error.reason)，未导入任何数据"))
        } catch let error as RosterFileError {
            let name = URL(fileURLWithPath: (q.file as NSString).expandingTildeInPath).lastPathComponent
            return .failed(reason: SafeText.escaped("\(name)：\(error.description)，未导入任何数据"))
        }
        let result = imported.result
        return .rosterImported(RosterImportSummary(
            request: q, fileName: result.fileName, encoding: result.encoding.rawValue, rowCount: result.rowCount,
            registered: result.registered, alreadyEnrolled: result.alreadyEnrolled, replaced: result.replaced,
            rejected: result.rejected.map { .init(line: $0.line, text: $0.errorText) }, errorReport: imported.errorReport))
    }

    // MARK: coverage

    func coverageView(_ r: CoverageReport) throws -> CoverageView {
        func line(_ caption: String, _ c: CoverageCount) -> CoverageLine {
            CoverageLine(caption: caption, persons: c.persons, enrolled: c.enrolled)
        }
        var target: String?
        if let p = try counter.policy.parameter("coverage.target_percent", on: r.asOf), case let .int(percent) = p.value {
            target = "\(percent)%（\(p.cite)）"
        }
        return CoverageView(year: r.year, place: r.place, total: line("合计", r.total),
                            groups: CoverageGroup.allCases.compactMap { g in r.groups[g].map { line(g.chinese, $0) } },
                            places: r.places.map { line(forms.divisions.label($0.place), $0.total) }, target: target)
    }

    /// The report and the whole unenrolled list as two CSV files (UTF-8, mode 0600: they name persons).
    func exportCoverage(year: Int, place: String?) throws -> [String] {
        _ = try requireSession()
        let dir = try reportsDirectory()
        let stem = "coverage-\(year)" + (place.map { "-\($0)" } ?? "") + "-\(clock.fileStamp(clock.now()))"
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
        try OutputFile.privateDirectory(counter.home.appendingPathComponent("reports"))
    }
}
