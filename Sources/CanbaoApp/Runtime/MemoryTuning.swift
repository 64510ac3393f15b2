#if canImport(Glibc)
import Glibc
#endif

/// The process's allocator settings, applied first thing in `main`.
public enum MemoryTuning {
    /// glibc serves a block above its mmap threshold with its own mapping, returned to the system when freed, but
    /// raises the threshold to the size of every such block freed (up to 32 MB). After the first roster array is
    /// freed, the next ones come from the heap and stay resident after they are freed. A fixed threshold keeps a
    /// roster's multi-megabyte arrays out of the heap (`canbao roster import` of 100,000 rows: 6 MB less at peak).
    ///
    /// glibc also gives each new thread an arena of its own (up to eight per core), each keeping its freed blocks.
    /// Two arenas, one per core of the machines this runs on, keep several writers in one process (the `store`
    /// benchmark's eight clients) from holding eight heaps: 55-59 MiB at peak instead of 61-66, at the same speed, and
    /// the roster check's two cores no slower (0.135 and 0.138 s against 0.139 and 0.134 s).
    public static func apply() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module leaves out: found by name, called as C.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapThreshold, 256 << 10)
        let arenaMax: Int32 = -8  // M_ARENA_MAX
        _ = mallopt(arenaMax, 2)
        #endif
    }
}
