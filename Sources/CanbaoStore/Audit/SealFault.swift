import Foundation

/// A failure injected where one action's audit entry is written, for the tests that a use case's transaction leaves
/// nothing behind whichever step fails. Keyed by database, since tests run side by side. A trigger on `audit_log`
/// did this before; the store now refuses every write while a trigger it did not make exists (`ForeignTriggers`).
@_spi(Testing) public enum SealFault {
    /// The error a write fails with at the chosen action.
    public struct Crash: Error, Equatable {}

    private static let lock = NSLock()
    nonisolated(unsafe) private static var actions: [String: String] = [:]

    /// From now on, writes to the database at `path` fail where they would write an entry of `action` (nil: none).
    public static func fail(_ path: String, at action: String?) {
        lock.withLock { actions[path] = action }
    }

    static func action(_ path: String) -> String? {
        lock.withLock { actions.isEmpty ? nil : actions[path] }
    }
}
