import Foundation

/// Work started on a thread of its own, its result (or error) taken later with `value()`, which waits for it. The
/// counter screen loads Forms/ this way while it opens its store, so the two cores share the start (issue #17).
public final class OnSecondThread<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the thread before it signals `done`; read only after waiting for it.
    private var result: Result<Value, any Error>?
    // The caller's copy, taken once it has waited (only the caller's thread touches it).
    private var taken: Result<Value, any Error>?

    public init(_ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            result = Result { try work() }
            done.signal()
        }
        thread.start()
    }

    /// The work's result, once it has finished; its error rethrown. Called from one thread only.
    public func value() throws -> Value {
        if taken == nil {
            done.wait()
            taken = result
        }
        return try taken!.get()
    }
}
