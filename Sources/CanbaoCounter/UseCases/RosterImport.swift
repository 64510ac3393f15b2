import CanbaoRules
import CanbaoStore
import Foundation

/// A school's class list registered in one go (集体参保): what was registered and where the rejected rows went.
public struct RosterImported: Sendable {
    public var result: RosterResult
    /// The rejected rows in the school's own columns plus 错误, under `reports/`, for the school to correct and resend.
    public var errorReport: String?
}

extension Counter {
    /// Reads the roster file (nothing is written for a file that cannot be read as a roster), checks every row
    /// without holding the write lock while `observer` hears the progress and may cancel (nothing written), then
    /// registers the valid rows in one transaction with its audit rows; the rejected rows go to a new report file.
    public func importRoster(file: String, school: String, place: String, year: Int, dryRun: Bool, by me: Operator,
                             observer: RosterObserver = .none) throws -> RosterImported {
        try requireRealOperator(me, "导入真实的花名册")
        let url = URL(fileURLWithPath: (file as NSString).expandingTildeInPath)
        // `InputFileError` (not a readable regular file) or `RosterFileError` (not a roster): nothing written.
        let roster = try RosterFile(bytes: InputFile.readBytes(url.path))
        let request = RosterRequest(school: school, place: place, year: year, region: info.region, today: today, dryRun: dryRun)
        let result = try store.importRoster(roster, fileName: url.lastPathComponent, request: request, forms: forms,
                                            by: .operator(me.id), observer: observer)
        var report: String?
        if !result.rejected.isEmpty {
            let reports = try OutputFile.privateDirectory(home.appendingPathComponent("reports"))
            report = try OutputFile.createUnused(in: reports, stem: "roster-\(clock.fileStamp(clock.now()))\(dryRun ? "-check" : "")-errors",
                                                 ext: "csv", contents: result.errorReport()).path
        }
        return RosterImported(result: result, errorReport: report)
    }
}
