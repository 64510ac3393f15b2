import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a start sees of Forms/ without reading it: every form file's path with its device, inode, size, mode and
/// modification and change times, as `stat` gives them. A file written to gets a new change time, which no one
/// but the superuser can set back, so a listing that matches the one recorded when a compiled form was made (see
/// `FormsCache.remember`) says the files are those bytes still, as git's index does for a working tree.
public struct FormsListing: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var path: String
        /// dev, ino, size, mode, mtime s, mtime ns, ctime s, ctime ns.
        public var facts: [Int64]
    }

    public var directory: String
    public var entries: [Entry]

    /// The newest modification or change time of any file, in seconds since the epoch, rounded up.
    public var newest: Double {
        entries.map { Double(max($0.facts[4], $0.facts[6])) + 1 }.max() ?? 0
    }

    /// Seconds a listing's newest file must be older than its reading to be remembered. File times advance in
    /// clock ticks: a file written in the same tick as it was listed could keep the very times the listing holds,
    /// and its old bytes would then pass for the new ones (git's "racy clean" entries).
    static let settled = 2.0

    /// SHA-256 over the directory and every entry, in path order: each text as a netstring, each fact as 8 bytes
    /// (little-endian), gathered into one buffer and hashed at once (every start computes it).
    var key: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 * entries.count + directory.utf8.count + 16)
        func put(_ text: String) {
            bytes += String(text.utf8.count).utf8
            bytes.append(UInt8(ascii: ":"))
            bytes += text.utf8
            bytes.append(UInt8(ascii: ","))
        }
        put(directory)
        for entry in entries.sorted(by: { $0.path < $1.path }) {
            put(entry.path)
            for fact in entry.facts {
                withUnsafeBytes(of: fact.littleEndian) { bytes += $0 }
            }
        }
        return SHA256.hash(data: bytes).bytes
    }

    /// The listing of `paths` (relative to `directory`); nil when any of them cannot be looked at.
    static func of(_ directory: URL, paths: [String]) -> FormsListing? {
        var entries: [Entry] = []
        entries.reserveCapacity(paths.count)
        // Joined as text: URL's appendingPathComponent asks the file system whether each path is a directory.
        let base = directory.fileSystemPath
        for path in paths {
            var info = stat()
            guard stat(base + "/" + path, &info) == 0 else { return nil }
            entries.append(Entry(path: path, facts: [
                Int64(info.st_dev), Int64(info.st_ino), Int64(info.st_size), Int64(info.st_mode),
                Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec), Int64(info.st_ctim.tv_sec), Int64(info.st_ctim.tv_nsec),
            ]))
        }
        return FormsListing(directory: directory.fileSystemPath, entries: entries)
    }
}
