import Foundation

/// Progress and cancellation across the two checking threads: each keeps a `Tally` and hands it in every few
/// thousand rows, when the observer hears of it and is asked whether to stop.
final class RosterMeter: @unchecked Sendable {
    let rows: Int
    let observer: RosterObserver
    private let lock = NSLock()
    private var checked = 0, rejected = 0, stopped = false

    init(rows: Int, observer: RosterObserver) {
        self.rows = rows
        self.observer = observer
    }

    /// Counts rows done since the thread's last call; false once the import is to stop.
    func add(checked: Int, rejected: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        self.checked += checked
        self.rejected += rejected
        if stopped { return false }
        if observer.isCancelled() {
            stopped = true
            return false
        }
        observer.progress(RosterProgress(rows: rows, checked: self.checked, rejected: self.rejected))
        return true
    }

    var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// One thread's count since it last reported.
    struct Tally {
        static let every = 4_096
        var checked = 0, rejected = 0, sinceReport = 0

        /// One row fully checked; false once the import is to stop.
        mutating func count(rejected isRejected: Bool, _ meter: RosterMeter) -> Bool {
            checked += 1
            if isRejected { rejected += 1 }
            return tick(meter)
        }

        /// One step of work that does not finish a row (a row passed its own checks, judged later).
        mutating func tick(_ meter: RosterMeter) -> Bool {
            sinceReport += 1
            guard sinceReport >= Self.every else { return true }
            return flush(meter)
        }

        mutating func flush(_ meter: RosterMeter) -> Bool {
            let ok = meter.add(checked: checked, rejected: rejected)
            checked = 0
            rejected = 0
            sinceReport = 0
            return ok
        }
    }
}

extension RosterOutcome {
    var isRejected: Bool {
        if case .rejected = self { return true }
        return false
    }
}
