import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The turn of the processes writing one SQLite store: a robust, process-shared mutex in the store's `.lock` file,
/// taken before each write transaction and given up after its commit.
///
/// SQLite has no queue for its write lock: a writer that finds it taken sleeps and looks again (`BusyWait`, every
/// millisecond). With eight terminals registering at once, the lock stood free for a fraction of each of those
/// sleeps after every commit, about a tenth of the time. Waiting on this mutex, the next writer is woken by the
/// commit itself. Correctness does not rest on it: SQLite's lock still decides, so a process without the mutex (an
/// older version, the sqlite3 shell) writes safely, only without the handoff.
///
/// A process killed while holding it (kill -9 in a transaction) leaves it to the next waiter, which the kernel wakes
/// with `EOWNERDEAD` and which makes it consistent and goes on (SQLite rolls back the dead transaction itself). A
/// mutex that cannot be set up or used (a read-only directory, a file others damaged) is done without.
final class WriterLock: @unchecked Sendable {
    private let fd: Int32
    private let region: UnsafeMutableRawPointer
    var mutex: UnsafeMutablePointer<pthread_mutex_t> { region.assumingMemoryBound(to: pthread_mutex_t.self) }
    /// Set once the mutex is initialised, after it: a file of the right size without it is initialised again.
    private static let magic: UInt64 = 0x6361_6E62_616F_5731  // "canbaoW1"
    private static let magicOffset = 256
    private static let size = 4096

    /// Maps the mutex from `path` (the store's `.lock` file), initialising it when the file has none yet. Only while
    /// holding the `flock` that serialises opening the store (`CounterStore.withFileLock`), so that two processes
    /// never initialise it at once and none initialises it under another's use.
    init?(path: String) {
        guard MemoryLayout<pthread_mutex_t>.size <= Self.magicOffset else { return nil }
        let fd = systemOpen(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size == Self.size || ftruncate(fd, off_t(Self.size)) == 0,
              let region = mmap(nil, Self.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), region != MAP_FAILED
        else {
            close(fd)
            return nil
        }
        self.fd = fd
        self.region = region
        let magic = (region + Self.magicOffset).assumingMemoryBound(to: UInt64.self)
        if magic.pointee != Self.magic {
            var attributes = pthread_mutexattr_t()
            pthread_mutexattr_init(&attributes)
            defer { pthread_mutexattr_destroy(&attributes) }
            guard pthread_mutexattr_setpshared(&attributes, Int32(PTHREAD_PROCESS_SHARED)) == 0,
                  pthread_mutexattr_setrobust(&attributes, Int32(PTHREAD_MUTEX_ROBUST)) == 0,
                  pthread_mutex_init(region.assumingMemoryBound(to: pthread_mutex_t.self), &attributes) == 0
            else {
                munmap(region, Self.size)
                close(fd)
                return nil
            }
            magic.pointee = Self.magic
            msync(region, Self.size, MS_ASYNC)
        }
    }

    deinit {
        munmap(region, Self.size)
        close(fd)
    }

    /// Runs `body` holding the mutex, waiting up to `timeout` for it (0: not at all); `StoreError.busy` when it stays
    /// taken. A mutex found unusable is passed over: SQLite's own lock and busy wait still apply.
    func withTurn<T>(timeout: TimeInterval, _ body: () throws -> T) throws -> T {
        switch lock(timeout: timeout) {
        case .held:
            defer { pthread_mutex_unlock(mutex) }
            return try body()
        case .timedOut:
            throw StoreError.busy
        case .unusable:
            return try body()
        }
    }

    private enum Outcome { case held, timedOut, unusable }

    private func lock(timeout: TimeInterval) -> Outcome {
        var result: Int32
        if timeout <= 0 {
            result = pthread_mutex_trylock(mutex)
            if result == EBUSY { return .timedOut }
        } else {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            let whole = Int(timeout)
            let nanoseconds = Int(now.tv_nsec) + Int((timeout - Double(whole)) * 1e9)
            var deadline = timespec(tv_sec: now.tv_sec + whole + nanoseconds / 1_000_000_000,
                                    tv_nsec: nanoseconds % 1_000_000_000)
            repeat {
                result = pthread_mutex_timedlock(mutex, &deadline)
            } while result == EINTR
            if result == ETIMEDOUT { return .timedOut }
        }
        switch result {
        case 0:
            return .held
        case EOWNERDEAD:
            // Its holder died inside a transaction, which SQLite rolls back: the turn is ours.
            pthread_mutex_consistent(mutex)
            return .held
        default:
            // ENOTRECOVERABLE, EINVAL (a damaged file), EDEADLK: not a turn to wait for.
            return .unusable
        }
    }
}
