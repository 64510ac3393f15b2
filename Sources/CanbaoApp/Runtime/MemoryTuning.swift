#if canImport(Glibc)
import Glibc
#endif

/// The process's allocator settings, applied first thing in `main`.
public enum MemoryTuning {
    /// glibc serves a block above its mmap threshold with its own mapping, returned to the system when freed, but
    /// raises the threshold to the size of every such block freed (up to 32 MB). After the first roster array is
    /// freed, the next ones come from the heap and stay resident after they are freed. A fixed threshold keeps a
    /// roster's multi-megabyte arrays out of the heap (`canbao roster import` of 100,000 rows: 6 MB less at peak).
    public static func apply() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module leaves out: found by name, called as C.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThreshold, 256 << 10)
        #endif
    }
}
