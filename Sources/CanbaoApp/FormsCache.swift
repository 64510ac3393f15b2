import CanbaoRules
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Forms/ compiled once: the checked `FormSet` (`FormArchive`) kept under the user's cache directory
/// (`$XDG_CACHE_HOME/canbao`, else `~/.cache/canbao`; the directory 0700, the files 0600), so a start reads the
/// files and a few kilobytes of bytes instead of parsing and linting 300 KB of YAML.
///
/// Checked, never trusted: a compiled form is used only when it was made from exactly the bytes of the form files
/// (their paths and contents hashed), by this very build of canbao (its GNU build ID), and its own checksum holds.
/// A start first looks at the files without reading them (`FormsListing`: each one's inode, size and times); when
/// that listing was recorded for a compiled form after its files had been read and hashed, the files are those
/// bytes still; otherwise every file is read and hashed. Anything else (a file changed, added or removed, another
/// build's or a corrupt or truncated cache, a cache directory or file another user could have written) is ignored,
/// and the YAML is parsed and linted again; the result is written back when the directory allows. A cache that
/// cannot be written is simply not used.
public struct FormsCache: Sendable {
    /// Where compiled forms are kept; nil: no cache (no home directory).
    public let directory: URL?

    /// Compiled forms kept; the oldest beyond this are removed when a new one is written (a counter host has one
    /// Forms/, a developer a few).
    static let kept = 16
    static let magic = Array("CBFORMS\u{0}".utf8)
    /// Larger than any Forms/ compiles to; a bigger file is not read.
    static let maximumSize = 16 << 20

    public init(directory: URL?) { self.directory = directory }

    /// `$XDG_CACHE_HOME/canbao` (an absolute path; the XDG spec says a relative one is ignored), else
    /// `$HOME/.cache/canbao`.
    /// `environment` nil: the process's own, each variable read alone (Foundation's dictionary of all of them is
    /// a start's first use, issue #17).
    public static func resolve(environment: [String: String]? = nil) -> FormsCache {
        let variable = { (name: String) in environment.map { $0[name] } ?? getenv(name).map { String(cString: $0) } }
        if let cache = variable("XDG_CACHE_HOME"), cache.hasPrefix("/") {
            return FormsCache(directory: URL(fileURLWithPath: cache + "/canbao", isDirectory: true))
        }
        if let home = variable("HOME"), home.hasPrefix("/") {
            return FormsCache(directory: URL(fileURLWithPath: home + "/.cache/canbao", isDirectory: true))
        }
        return FormsCache(directory: nil)
    }

    /// What `load` did, for `--version` and the tests.
    public enum Outcome: Equatable, Sendable {
        /// The compiled form was used, found by the files' listing without reading them (`FormsListing`).
        case listed
        /// The compiled form was used, found by the files' content.
        case hit
        /// Parsed and linted, and the compiled form written.
        case rebuilt
        /// Parsed and linted; no usable cache directory, or writing failed.
        case uncached
    }

    /// The form set of `files`: from the compiled form when it matches them, else parsed and linted (throwing what
    /// `FormSet.load` throws) and compiled for the next start.
    public func load(_ files: [FormSet.File]) throws -> (FormSet, Outcome) {
        let key = Self.contentKey(files)
        let articleFiles = files.filter { $0.path.hasPrefix("articles/") }
        let file = directory.map { $0.appendingPathComponent(Self.fileName(key)) }
        let usable = directory.map(Self.prepare) ?? false
        if usable, let file, case let path = file.fileSystemPath, let payload = Self.read(path, key: key),
           let set = try? FormArchive.decode(payload, file: path, readingArticles: { articleFiles }) {
            return (set, .hit)
        }
        let set = try FormSet.load(files)
        guard usable, let file else { return (set, .uncached) }
        return (set, Self.write(FormArchive.encode(set), key: key, to: file) ? .rebuilt : .uncached)
    }

    // MARK: listings

    /// The form set compiled from the files `listing` describes, when that listing was recorded (`remember`) for a
    /// compiled form that is still there and whole; nil otherwise. `articles` reads the policy texts, when they are
    /// first asked for (few runs show one).
    public func loadListed(_ listing: FormsListing, articles: @escaping @Sendable () throws -> [FormSet.File]) -> FormSet? {
        guard let directory, Self.prepare(directory),
              let bytes = Self.readPrivateFile(directory.fileSystemPath + "/" + Self.listedName(listing.key)),
              bytes.count == Self.listedMagic.count + 32, bytes.starts(with: Self.listedMagic)
        else { return nil }
        let key = Array(bytes.suffix(32))
        let file = directory.fileSystemPath + "/" + Self.fileName(key)
        guard let payload = Self.read(file, key: key) else { return nil }
        return try? FormArchive.decode(payload, file: file, readingArticles: articles)
    }

    /// Records that the files `listing` describes hold `files` (read after the listing was taken), so the next start
    /// finds their compiled form without reading them. Only once every file has settled (`FormsListing.settled`
    /// seconds old at `now`): a file written in the tick it was listed in is read again next time.
    public func remember(_ listing: FormsListing, contentOf files: [FormSet.File], now: Double) {
        guard let directory, listing.newest + FormsListing.settled <= now else { return }
        let record = directory.appendingPathComponent(Self.listedName(listing.key))
        _ = Self.write(Self.listedMagic + Self.contentKey(files), to: record)
    }

    static let listedMagic = Array("CBLISTD\u{0}".utf8)

    /// One file per listing and build: `listed-<32 hex digits>.bin`.
    static func listedName(_ key: [UInt8]) -> String {
        "listed-" + String(fileName(key).dropFirst("forms-".count))
    }

    // MARK: keys

    /// SHA-256 over every file's path and bytes, in path order (netstrings: no two lists hash alike).
    static func contentKey(_ files: [FormSet.File]) -> [UInt8] {
        var hasher = SHA256()
        for file in files.sorted(by: { $0.path < $1.path }) {
            for part in [file.path, file.text] {
                var text = part
                text.withUTF8 { utf8 in
                    hasher.update(data: Array("\(utf8.count):".utf8))
                    hasher.update(bufferPointer: UnsafeRawBufferPointer(utf8))
                    hasher.update(data: [UInt8(ascii: ",")])
                }
            }
        }
        return hasher.finalize().bytes
    }

    /// One file per Forms/ content and build: `forms-<32 hex digits>.bin`.
    static func fileName(_ key: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: BuildIdentity.current)
        hasher.update(data: [UInt8(truncatingIfNeeded: FormArchive.formatVersion)])
        hasher.update(data: key)
        // Hex digits by hand: `String(format:)` is Foundation's formatter, a noticeable first use at every start.
        let digits = Array("0123456789abcdef".utf8)
        let hex = hasher.finalize().bytes.prefix(16).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }
        return "forms-" + String(decoding: hex, as: UTF8.self) + ".bin"
    }

    // MARK: the file

    /// magic, format version, build ID, content key, payload SHA-256, payload length, payload.
    static func header(key: [UInt8], payload: [UInt8]) -> [UInt8] {
        var bytes = magic
        append(UInt64(FormArchive.formatVersion), to: &bytes)
        append(UInt64(BuildIdentity.current.count), to: &bytes)
        bytes += BuildIdentity.current
        bytes += key
        bytes += sha256(payload[...])
        append(UInt64(payload.count), to: &bytes)
        return bytes
    }

    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// The payload of `file` when everything in its header matches and its checksum holds; nil otherwise. A slice
    /// of the file's bytes, not a copy: 150 KB of fresh pages, each a page fault, at every start (issue #17).
    static func read(_ path: String, key: [UInt8]) -> ArraySlice<UInt8>? {
        guard let bytes = readPrivateFile(path) else { return nil }
        var position = 0
        func take(_ n: Int) -> ArraySlice<UInt8>? {
            guard n >= 0, n <= bytes.count - position else { return nil }
            defer { position += n }
            return bytes[position..<(position + n)]
        }
        func number() -> UInt64? {
            guard let raw = take(8) else { return nil }
            return raw.reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
        guard take(magic.count).map(Array.init) == magic,
              number() == UInt64(FormArchive.formatVersion),
              let idLength = number(), idLength <= 64, take(Int(idLength)).map(Array.init) == BuildIdentity.current,
              take(32).map(Array.init) == key,
              let checksum = take(32).map(Array.init),
              let length = number(), length == UInt64(bytes.count - position),
              let payload = take(Int(length)),
              Self.sha256(payload) == checksum
        else { return nil }
        return payload
    }

    /// The payload's checksum, as the header holds it.
    static func sha256(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().bytes
    }

    /// The file's bytes when it is a regular file of ours that no one else may read or write, and not too large.
    static func readPrivateFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid(),
              info.st_mode & 0o077 == 0, info.st_size <= off_t(maximumSize) else { return nil }
        let size = Int(info.st_size)
        var ok = true
        // Read into uninitialized memory: zeroing it first would touch every page twice.
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let n = Glibc.read(fd, buffer.baseAddress! + count, size - count)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { ok = false; return }
                count += n
            }
        }
        return ok ? bytes : nil
    }

    /// The cache directory, created 0700 if missing. Usable only when it is a directory of ours that no one else may
    /// write (one others may read or list is tightened to 0700): otherwise another account could plant answers.
    static func prepare(_ directory: URL) -> Bool {
        var info = stat()
        if lstat(directory.fileSystemPath, &info) != 0 {
            guard errno == ENOENT else { return false }
            let parent = directory.deletingLastPathComponent()
            try? FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
            guard mkdir(directory.fileSystemPath, 0o700) == 0 || errno == EEXIST, lstat(directory.fileSystemPath, &info) == 0 else {
                return false
            }
        }
        guard info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid() else { return false }
        if info.st_mode & 0o077 != 0 { return chmod(directory.fileSystemPath, 0o700) == 0 }
        return true
    }

    /// Writes the compiled form beside its final name and renames it into place, so a reader sees a whole file or
    /// none; then keeps only the newest `kept`. False when anything fails (the cache is then simply not used).
    static func write(_ payload: [UInt8], key: [UInt8], to file: URL) -> Bool {
        write(header(key: key, payload: payload) + payload, to: file)
    }

    /// Writes `bytes` as `file` (0600) through a temporary file renamed into place, then prunes the directory.
    static func write(_ bytes: [UInt8], to file: URL) -> Bool {
        let directory = file.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(file.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        let fd = open(temporary.fileSystemPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        var done = 0
        let written = bytes.withUnsafeBytes { buffer -> Bool in
            while done < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        guard close(fd) == 0, written, rename(temporary.fileSystemPath, file.fileSystemPath) == 0 else {
            unlink(temporary.fileSystemPath)
            return false
        }
        prune(directory)
        return true
    }

    /// Removes compiled forms (and recorded listings) beyond the newest `kept` of each, and temporary files a killed
    /// process left an hour ago.
    static func prune(_ directory: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.fileSystemPath)) ?? []
        var kinds: [String: [(name: String, modified: Int)]] = [:]
        let now = time(nil)
        for name in names {
            var info = stat()
            guard lstat(directory.appendingPathComponent(name).fileSystemPath, &info) == 0 else { continue }
            if let kind = ["forms-", "listed-"].first(where: name.hasPrefix), name.hasSuffix(".bin") {
                kinds[kind, default: []].append((name, Int(info.st_mtim.tv_sec)))
            } else if name.hasPrefix(".forms-") || name.hasPrefix(".listed-"), name.hasSuffix(".tmp"),
                      now - info.st_mtim.tv_sec > 3600 {
                unlink(directory.appendingPathComponent(name).fileSystemPath)
            }
        }
        for files in kinds.values where files.count > kept {
            for old in files.sorted(by: { $0.modified > $1.modified }).dropFirst(kept) {
                unlink(directory.appendingPathComponent(old.name).fileSystemPath)
            }
        }
    }
}

/// Which build of canbao is running: the GNU build ID the linker puts in the executable (a hash of its contents),
/// read from the running file's note segments; else the file's device, inode, size and modification time.
enum BuildIdentity {
    static let current: [UInt8] = gnuBuildID() ?? fileIdentity()

    static func gnuBuildID() -> [UInt8]? {
        let fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        func bytes(at offset: Int, count: Int) -> [UInt8]? {
            guard count > 0, count <= 1 << 16 else { return nil }
            var buffer = [UInt8](repeating: 0, count: count)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            return n == count ? buffer : nil
        }
        func number(_ b: [UInt8], _ at: Int, _ size: Int) -> Int {
            (0..<size).reversed().reduce(0) { $0 << 8 | Int(b[at + $1]) }
        }
        // A little-endian ELF64 executable, as on x86-64 and arm64 Linux.
        guard let header = bytes(at: 0, count: 64), header[0..<4].elementsEqual([0x7F, 0x45, 0x4C, 0x46]),
              header[4] == 2, header[5] == 1 else { return nil }
        let phoff = number(header, 32, 8), phentsize = number(header, 54, 2), phnum = number(header, 56, 2)
        guard phentsize >= 56, phnum <= 256, let table = bytes(at: phoff, count: phentsize * phnum) else { return nil }
        for i in 0..<phnum where number(table, i * phentsize, 4) == 4 {  // PT_NOTE
            let offset = number(table, i * phentsize + 8, 8), size = number(table, i * phentsize + 32, 8)
            guard let notes = bytes(at: offset, count: min(size, 4096)) else { continue }
            var at = 0
            while at + 12 <= notes.count {
                let nameSize = number(notes, at, 4), descSize = number(notes, at + 4, 4), type = number(notes, at + 8, 4)
                let nameStart = at + 12, descStart = nameStart + (nameSize + 3) / 4 * 4
                let next = descStart + (descSize + 3) / 4 * 4
                guard next <= notes.count else { break }
                if type == 3, nameSize == 4, notes[nameStart..<(nameStart + 4)].elementsEqual(Array("GNU\u{0}".utf8)),
                   (8...64).contains(descSize) {  // NT_GNU_BUILD_ID
                    return Array(notes[descStart..<(descStart + descSize)])
                }
                at = next
            }
        }
        return nil
    }

    static func fileIdentity() -> [UInt8] {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return Array("unknown".utf8) }
        return Array("\(info.st_dev):\(info.st_ino):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)".utf8)
    }
}

extension Digest {
    /// The digest's bytes, copied from its storage: iterating a digest, as `Array(digest)` does, builds generic
    /// types at their first use, after a scan of every conformance of the binary (issue #17).
    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }
}
