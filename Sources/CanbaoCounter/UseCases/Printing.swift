import Foundation

extension Counter {
    /// What became of the printing of case `number`'s notices since last asked: one sentence per notice (sent to the
    /// printer as job …, not sent and why, or no printer set and where the file is); nil when nothing was printed.
    public func printing(_ number: String) -> String? {
        let jobs = printer.spool.take(number)
        guard !jobs.isEmpty else { return nil }
        if printer.queue == nil { return jobs[0].summary }
        return jobs.map(\.summary).joined(separator: "；")
    }
}
