import CanbaoRules
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The counter's store: one SQLite file in WAL mode shared by every terminal of the hall (the default), or one
/// PostgreSQL database shared by every hall of an agency (`StoreBackend`).
///
/// Exposes domain operations only. Every write is one short transaction, serialised with every other writer (SQLite's
/// IMMEDIATE lock; a lock on PostgreSQL), that also appends its audit row; readers never block writers. A lock held by
/// another process is waited for (busy timeout) and never surfaces as "database is locked".
public final class CounterStore: Sendable {
    public struct Options: Sendable {
        /// PBKDF2-SHA256 rounds for new password hashes; at least 100,000.
        public var passwordIterations: Int
        /// How long a write waits for another process's lock before giving up with `StoreError.busy`.
        public var busyTimeout: TimeInterval
        /// The business time zone: the year of a case number, the bounds of a day's statistics. The default
        /// (`BusinessClock.defaultTimeZone`) is looked up when first asked for, so a command that never reads the
        /// business clock does not load the time-zone data (ICU's, several megabytes).
        public var timeZone: TimeZone {
            get { chosenTimeZone ?? BusinessClock.defaultTimeZone }
            set { chosenTimeZone = newValue }
        }
        private var chosenTimeZone: TimeZone?

        /// The hall and counter this process writes from, recorded on every case, approval and audit entry it
        /// writes; nil when it was started without a hall.
        public var servicePoint: ServicePoint?

        public init(passwordIterations: Int = PasswordHash.defaultIterations, busyTimeout: TimeInterval = 10,
                    timeZone: TimeZone? = nil, servicePoint: ServicePoint? = nil) {
            self.passwordIterations = max(passwordIterations, PasswordHash.minimumIterations)
            self.busyTimeout = busyTimeout
            chosenTimeZone = timeZone
            self.servicePoint = servicePoint
        }
    }

    /// The database file's name inside `$CANBAO_HOME`.
    public static let fileName = "canbao.sqlite"
    /// Consecutive failed logins after which an operator is locked until an admin unlocks it.
    public static let maximumFailedLogins = 5

    /// Path of the database file; for PostgreSQL, the server and database (`postgres://user@host:port/db`).
    public let path: String
    /// The engine the data is in.
    public let backend: any StoreBackend
    let now: @Sendable () -> Date
    let options: Options
    /// The key of the audit chain, from the file beside the database (for PostgreSQL, in the home directory).
    let auditKey: AuditKey
    /// Where the key file is.
    public let auditKeyPath: String
    /// The keyed entries whose row digests were found to be the signed ones (`isSigned`).
    let signedEntries = SignedEntries()
    /// The hall and counter this store's writes record (`Options.servicePoint`).
    public var servicePoint: ServicePoint? { options.servicePoint }
    /// What opening had to tighten (a home directory or store file others could read or write), one Chinese sentence
    /// each, for the caller to show on stderr.
    public let permissionNotes: [String]

    /// Opens (creating if needed) the store at `path`, brings its schema up to date, and reads (or, for a store
    /// whose log is not keyed yet, creates) the audit key file beside it. A store upgraded from the plain chain
    /// records the digest of every row it holds in one anchoring entry, the first of its keyed chain. Store files
    /// others may read or write (mode 0666 and the like) are tightened to 0600, or refused when they cannot be.
    public convenience init(path: String, options: Options = Options(),
                            now: @escaping @Sendable () -> Date = { Date() }) throws {
        try self.init(path: path, options: options, now: now, notes: [])
    }

    convenience init(path: String, options: Options, now: @escaping @Sendable () -> Date, notes: [String]) throws {
        var notes = notes
        for file in [path, path + ".lock"] + Self.companionSuffixes.map({ path + $0 }) {
            if let note = try Self.tighten(file, to: 0o600) { notes.append(note) }
        }
        let keyPath = AuditKey.path(forDatabase: path)
        let (backend, key) = try StoreError.mapping(path: path) {
            try CounterStore.withFileLock(path + ".lock") {
                // Created by us with 0600 so SQLite gives -wal and -shm the same mode (it copies the database's).
                try CounterStore.createPrivateFile(path)
                var config = Configuration()
                config.busyMode = BusyWait.mode(timeout: options.busyTimeout)
                config.foreignKeysEnabled = true
                let pool = try DatabasePool(path: path, configuration: config)
                // GRDB sets NORMAL when it enables WAL, after any prepareDatabase hook. FULL syncs the WAL on every
                // commit: a registration survives power loss, not only a crashed process.
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
                try CounterStore.migrate(pool)
                // Mapped while the open is serialised: the first process initialises the mutex, none under another's use.
                let backend = try SQLiteBackend(pool: pool, path: path, writerLock: WriterLock(path: path + ".lock"),
                                                busyTimeout: options.busyTimeout)
                return (backend, try CounterStore.prepareAuditKey(backend, path: keyPath))
            }
        }
        for suffix in Self.companionSuffixes where FileManager.default.fileExists(atPath: path + suffix) {
            chmod(path + suffix, 0o600)
        }
        try self.init(backend: backend, auditKey: key, auditKeyPath: keyPath, options: options, now: now, notes: notes)
    }

    /// A store on an opened backend whose schema is up to date, with the key of its audit chain (see
    /// `prepareAuditKey`). A store whose log is not keyed yet but holds rows is anchored first.
    public init(backend: any StoreBackend, auditKey: AuditKey, auditKeyPath: String, options: Options = Options(),
                now: @escaping @Sendable () -> Date = { Date() }, notes: [String] = []) throws {
        self.backend = backend
        self.path = backend.location
        self.now = now
        self.options = options
        self.auditKey = auditKey
        self.auditKeyPath = auditKeyPath
        permissionNotes = notes
        try anchorKeyedChain()
        try carryDigestsOverReshape()
        try reclassifyCompletedCases()
    }

    /// The files SQLite keeps beside the database.
    static let companionSuffixes = ["-wal", "-shm", "-journal"]

    /// Opens the store in a home directory (`$CANBAO_HOME`), creating the directory with mode 0700. A directory
    /// others may write to (0777, 0775: they could delete or replace the database and plant links among the
    /// reports) is tightened to 0700, or refused when it cannot be; one they may only list (0755, as `mkdir` makes
    /// it) is left alone, the files inside being 0600.
    public static func open(home: URL, options: Options = Options(),
                            now: @escaping @Sendable () -> Date = { Date() }) throws -> CounterStore {
        try createPrivateDirectory(home)
        let note = try tighten(home.path, to: 0o700, when: 0o022)
        return try CounterStore(path: home.appendingPathComponent(fileName).path, options: options, now: now,
                                notes: note.map { [$0] } ?? [])
    }

    /// Names of the migrations applied to this database, oldest first.
    public func appliedMigrations() throws -> [String] {
        try StoreError.mapping(path: path) { try backend.appliedMigrations() }
    }

    /// Every migration this build knows, oldest first.
    public static var knownMigrations: [String] { Migrations.migrator.migrations }

    /// The SQL of the step that records halls and counters, for PostgreSQL's list of steps (the text is portable).
    public static var hallsCountersMigration: String { Migrations.hallsCounters }

    /// The SQL of the step that indexes the records in force for the duplicate scan (portable too).
    public static var recordsInForceMigration: String { Migrations.recordsInForce }

    /// The SQL of the step that indexes what a roster's lookup reads (portable too).
    public static var rosterLookupMigration: String { Migrations.rosterLookup }

    // MARK: - Access

    func read<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        try StoreError.mapping(path: path) { try backend.read(body) }
    }

    /// One short write transaction, refused when the store is no longer the one opened (checked with the write lock
    /// held, so a file swapped a moment before is caught too). Before it commits, the audit entries its body appended
    /// and the digest of every row it changed are sealed into the keyed chain (a body that changed rows without
    /// appending an entry gets one), so nothing the store writes escapes the log.
    ///
    /// A write that changed a row found altered behind the store's back is rolled back, logged as refused and
    /// answered with `StoreError.tamperedWrite` (`requireRecordedPriorState`).
    func write<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        do {
            return try StoreError.mapping(path: path) {
                try backend.write { db in
                    try backend.checkAvailable()
                    db.journal.reset()
                    let result = try body(db)
                    try seal(db)
                    return result
                }
            }
        } catch let refusal as TamperedPriorState {
            // The refusal is what the clerk must hear, even if the log cannot take its entry (the disk is full).
            try? logRefusal(refusal)
            throw StoreError.tamperedWrite(refusal.what)
        }
    }

    /// Throws `StoreError.storeReplaced` when the database file was deleted, moved away or replaced since it was
    /// opened: writes would then go to a file nobody reads again. Cheap (one `stat`); the counter screen also calls
    /// it on its idle tick, so the clerk hears of it before typing more.
    public func checkFile() throws {
        try backend.checkAvailable()
    }

    var timestamp: Date { now() }

    /// The store's clock in its business time zone.
    public var clock: BusinessClock { BusinessClock(timeZone: options.timeZone, now: now) }

    // MARK: - Opening

    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = Migrations.migrator
        let applied = try pool.read { db -> [String] in
            // Asked of sqlite_master directly: GRDB's `tableExists` loads the whole schema first, a third of a
            // millisecond of every start.
            let migrated = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations')
                """) ?? false
            return migrated ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
        }
        let unknown = applied.filter { !migrator.migrations.contains($0) }
        if !unknown.isEmpty { throw StoreError.schemaTooNew(unknown: unknown.sorted()) }
        // Up to date (every start but the first after an upgrade): open without taking the write lock.
        if Set(applied) == Set(migrator.migrations) { return }
        try migrator.migrate(pool)
    }

    /// Serialises first opens across processes: GRDB's migrator reads the applied list before its transactions,
    /// so two processes migrating a new file at once would both try to create the same tables.
    static func withFileLock<T>(_ lockPath: String, _ body: () throws -> T) throws -> T {
        let fd = systemOpen(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.writing(lockPath, errno: errno) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw StoreError.io("\(lockPath)：\(ErrnoText.reason(errno))") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    static func createPrivateFile(_ path: String) throws {
        let fd = systemOpen(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.writing(path, errno: errno) }
        close(fd)
    }

    /// Sets an existing file or directory to `mode` when it grants any of `exposing` to group or others, returning
    /// a note saying so; nil when nothing needed doing or nothing is there. Refuses, rather than opening, one that
    /// stays open to others because it is not ours to change.
    static func tighten(_ path: String, to mode: mode_t, when exposing: mode_t = 0o077) throws -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let current = info.st_mode & 0o7777
        guard current & exposing != 0 else { return nil }
        guard chmod(path, mode) == 0 else {
            throw StoreError.insecurePermissions(path: path, mode: UInt16(current))
        }
        return "已收紧 \(path) 的权限：\(String(current, radix: 8)) → \(String(mode, radix: 8))（数据只应由本账户读写）"
    }

    /// Why the first missing level of `url` cannot be made (its `mkdir`'s errno), or 0.
    private static func firstMissingLevelError(_ url: URL) -> Int32 {
        var path = url.standardizedFileURL.path, missing: String?
        while !FileManager.default.fileExists(atPath: path), path != "/", !path.isEmpty {
            missing = path
            path = (path as NSString).deletingLastPathComponent
        }
        guard let missing else { return 0 }
        if mkdir(missing, 0o700) == 0 {
            rmdir(missing)
            return 0
        }
        return errno
    }

    static func createPrivateDirectory(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StoreError.io("\(url.path) 不是目录") }
            return
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            // The umask may have narrowed the mode further, never widened it; set it exactly.
            chmod(url.path, 0o700)
        } catch {
            // Foundation's text is English and carries no error number here: ask the system for the first level missing.
            let code = firstMissingLevelError(url)
            throw StoreError.io("无法创建目录 \(url.path)：\(code == 0 ? "系统拒绝创建" : ErrnoText.reason(code))")
        }
    }
}

/// A file's device and inode: the same path naming another file (deleted and recreated, a backup moved over it)
/// has another identity.
struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
