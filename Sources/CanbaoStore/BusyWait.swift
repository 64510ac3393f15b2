import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a connection waits for a lock another connection (usually another terminal's process) holds.
///
/// SQLite's own busy timeout sleeps longer the longer it has waited (1, 2, 5 … ms, then 100 ms between tries), so a
/// writer that has waited a while looks for the lock ten times a second, while writers committing back to back take
/// it again within microseconds: with five processes registering at once, one gave up after its 10 s while the others
/// committed thousands of transactions. Trying every millisecond finds the gaps between the others' transactions.
/// The timeout counts the sleeps, as SQLite's does, so a loaded machine that oversleeps waits longer, never shorter.
enum BusyWait {
    /// The sleep between two tries.
    static let interval: TimeInterval = 0.001

    /// Waits up to `timeout` (0: fails at once) for a busy database, trying again every `interval`.
    static func mode(timeout: TimeInterval) -> Database.BusyMode {
        let tries = timeout > 0 ? Int((timeout / interval).rounded(.up)) : 0
        let sleep = useconds_t(interval * 1_000_000)
        return .callback { numberOfTries in
            guard numberOfTries < tries else { return false }
            usleep(sleep)
            return true
        }
    }
}
