import Foundation
import GRDB

extension CounterStore {
    /// Checks this store (see `StoreVerification`) with its own key.
    public func verify(checkpoint: AuditCheckpoint? = nil) throws -> VerifyReport {
        try read { db in try StoreVerification.run(db, key: auditKey, keyPath: auditKeyPath, checkpoint: checkpoint) }
    }

    /// Checks the database file at `path` without changing anything: opened read-only (a file this user may only
    /// read, in a directory they may not write, verifies), never migrated, no key or lock file created. The key is
    /// read from `keyPath` (default: beside the database); without it the keyed signatures are reported unchecked.
    public static func verifyFile(at path: String, keyPath: String? = nil,
                                  checkpoint: AuditCheckpoint? = nil) throws -> VerifyReport {
        try requireDatabaseFile(path)
        let queue = try openReadOnly(path)
        defer { try? queue.close() }
        let keyFile = keyPath ?? AuditKey.path(forDatabase: path)
        let key = try AuditKey.load(path: keyFile, requirePrivate: false)
        return try StoreError.mapping {
            try queue.read { db in
                try StoreVerification.run(SQLiteConnection(db, journal: AuditJournal()), key: key, keyPath: keyFile,
                                          checkpoint: checkpoint)
            }
        }
    }

    /// The latest audit entry of the database file at `path`, read the same read-only way as `verifyFile`.
    public static func auditHead(ofFile path: String) throws -> AuditCheckpoint? {
        try requireDatabaseFile(path)
        let queue = try openReadOnly(path)
        defer { try? queue.close() }
        return try StoreError.mapping { try queue.read { db in try auditHead(SQLiteConnection(db, journal: AuditJournal())) } }
    }

    /// Refuses, before SQLite opens it, what cannot be a database file: nothing there, a folder, and anything not
    /// a regular file (SQLite's open of a FIFO nobody writes to never returns).
    static func requireDatabaseFile(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.io("\(path)：数据库文件不存在") }
        if let problem = InputFile.problem(path) { throw StoreError.io(problem) }
    }

    /// Why a file SQLite opened is not a canbao database, in Chinese: SQLite's own words are English.
    static func notADatabase(_ path: String) -> StoreError {
        .io("\(path) 不是 canbao 数据库（不是数据库文件，或其中没有审计日志）：请确认文件，如 canbao store backup 的备份文件")
    }

    /// A read-only connection. A WAL database needs its `-shm` file, which SQLite cannot create in a directory it
    /// may not write; when there is no unfinished WAL beside it, the file alone is the whole database and is opened
    /// as immutable instead.
    static func openReadOnly(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            // An empty file opens as an empty database: without the audit log it is not one of ours.
            guard try queue.read({ db in try db.tableExists("audit_log") }) else { throw notADatabase(path) }
            return queue
        } catch let error as StoreError {
            throw error
        } catch {
            let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue
            guard wal == nil || wal == 0 else {
                throw StoreError.io("\(path)：无法只读打开（\(error)）；其 -wal 文件尚未写回，请在可写的目录中校验")
            }
            do {
                let queue = try DatabaseQueue(path: "file:\(uriEscaped(path))?immutable=1", configuration: config)
                guard try queue.read({ db in try db.tableExists("audit_log") }) else { throw notADatabase(path) }
                return queue
            } catch let error as StoreError {
                throw error
            } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
                throw notADatabase(path)
            } catch let error as DatabaseError {
                throw StoreError(error, path: path) ?? StoreError.io("\(path)：无法只读打开（\(error.message ?? "\(error.resultCode)")）")
            } catch {
                throw StoreError.io("\(path)：无法只读打开（\(error)）")
            }
        }
    }

    private static func uriEscaped(_ path: String) -> String {
        var out = ""
        for character in path {
            switch character {
            case "%": out += "%25"
            case "?": out += "%3f"
            case "#": out += "%23"
            default: out.append(character)
            }
        }
        return out
    }
}

/// `store verify`: the file, the audit chain, and every stored row.
///
/// - The file: `PRAGMA integrity_check` and `PRAGMA foreign_key_check` (PostgreSQL keeps its own pages sound and
///   enforces every foreign key: nothing to check there).
/// - The chain: sequence numbers without gaps, each entry linked to the previous one's hash, each plain entry's
///   SHA-256 and each keyed entry's HMAC (with the key) over its content, plain entries only before the first keyed
///   one, each keyed entry's row digests (`audit_row`) hashing to the `rows_hash` it signs, no digests recorded
///   under an entry the log no longer holds, and the triggers that keep both tables append-only in place.
/// - The rows: every row of every covered table compared with the latest digest the log holds for it: changed,
///   inserted (never recorded, or recorded as deleted) and deleted rows, each with its table, id and the entry.
/// - A checkpoint written down earlier (`SEQ:HASH`): the chain must still hold that entry.
enum StoreVerification {
    static func run(_ db: SQLConnection, key: AuditKey?, keyPath: String, checkpoint: AuditCheckpoint?) throws -> VerifyReport {
        var findings = Findings()
        let integrity = db.dialect == .sqlite ? try String.fetchAll(db, sql: "PRAGMA integrity_check") : ["ok"]
        if integrity != ["ok"] {
            findings.add(VerifyFinding(kind: .fileIntegrity, message: "数据库文件损坏：\(integrity.prefix(5).joined(separator: "；"))"))
        }
        // Digests left by deleted audit entries are reported once per entry below, not once per digest here.
        let foreignKeys = db.dialect != .sqlite ? []
            : try SQLRow.fetchAll(db, sql: "PRAGMA foreign_key_check").filter { ($0[0] as String) != "audit_row" }
        for row in foreignKeys {
            let table: String = row[0]
            let rowID: Int64? = row[1]
            let parent: String = row[2]
            findings.add(VerifyFinding(kind: .foreignKey, table: table, rowID: rowID,
                                       message: "\(TableNames.label(table)) #\(rowID.map { String($0) } ?? "?")"
                                           + " 引用的\(TableNames.label(parent))不存在"))
        }
        let upgraded = try db.tableExists("audit_row")
        if !upgraded {
            findings.add(VerifyFinding(kind: .notUpgraded, message: "数据库尚未升级（缺少迁移 \(Migrations.v8AccountsAuditRows)），"
                + "无法校验各行的摘要和审计日志的密钥签名；请先运行 canbao store init 升级，再校验"))
        }
        if try CounterStore.reshapePending(db) {
            // Read-only here: the carry is made by the store's next start, in an audited write.
            findings.add(VerifyFinding(kind: .notUpgraded, message: "数据库结构已升级，但部分表各行的摘要尚未按新结构重新记录（在 audit_reshape 中），"
                + "这些表的行会被报告为已改动；请先用本程序打开一次数据库（如 canbao store init），再校验"))
        }
        try checkGuards(db, upgraded: upgraded, into: &findings)
        var chain = try checkChain(db, key: key, keyPath: keyPath, upgraded: upgraded, into: &findings)
        if upgraded {
            try checkOrphanedDigests(db, into: &findings)
            chain.rowsChecked = try checkRows(db, into: &findings)
        }
        if let checkpoint { try check(checkpoint, db, into: &findings) }
        let counts = try StoreCounts.fetch(db)
        return VerifyReport(integrity: integrity, foreignKeyProblems: foreignKeys.count, auditEntries: chain.entries,
                            head: try CounterStore.auditHead(db), keyedFrom: chain.keyedFrom,
                            chainBreak: chain.firstBreak, rowsChecked: chain.rowsChecked, findings: findings.list,
                            omittedFindings: findings.omitted, counts: counts)
    }

    /// Collects findings up to the report's limit, counting the rest.
    struct Findings {
        var list: [VerifyFinding] = []
        var omitted = 0

        mutating func add(_ finding: VerifyFinding) {
            if list.count < VerifyReport.maximumFindings { list.append(finding) } else { omitted += 1 }
        }
    }

    struct ChainSummary {
        var entries = 0
        var keyedFrom: Int64?
        var firstBreak: ChainBreak?
        var rowsChecked = 0
    }

    static func checkGuards(_ db: SQLConnection, upgraded: Bool, into findings: inout Findings) throws {
        let triggers = try db.triggerNames()
        var expected = ["audit_log_no_update", "audit_log_no_delete"]
        if upgraded { expected += ["audit_row_no_update", "audit_row_no_delete"] }
        switch db.dialect {
        case .sqlite:
            // Guards against INSERT OR REPLACE, since `v14-audit-no-replace`.
            if try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'grdb_migrations')
                    AND EXISTS (SELECT 1 FROM grdb_migrations WHERE identifier = '\(Migrations.v14AuditNoReplace)')
                """) == true {
                expected += ["audit_log_no_replace", "audit_row_no_replace"]
            }
        case .postgres:
            // TRUNCATE skips row triggers and has its own.
            expected += ["audit_log_no_truncate", "audit_row_no_truncate"]
        }
        for name in expected where !triggers.contains(name) {
            findings.add(VerifyFinding(kind: .guardMissing, message: "保护审计日志不被改动的触发器 \(name) 已被删除"))
        }
        for name in try ForeignTriggers.names(db) {
            findings.add(VerifyFinding(kind: .triggerForeign,
                                       message: "触发器 \(name) 不是本程序建立的：它会在本程序写入时改动数据，有它在时本程序拒绝写入"))
        }
        for object in try ForeignTriggers.redefined(db) {
            findings.add(VerifyFinding(kind: .triggerForeign, message: object.finding))
        }
        guard db.dialect == .postgres else { return }
        // PostgreSQL's capture triggers note what each transaction changed; without them a write would seal nothing.
        for table in try CounterStore.coveredTables(db) {
            for action in ["insert", "update", "delete"] where !triggers.contains("canbao_\(action)_\(table)") {
                findings.add(VerifyFinding(kind: .guardMissing, table: table,
                                           message: "记录\(TableNames.label(table))改动的触发器 canbao_\(action)_\(table) 已被删除"))
            }
        }
    }

    static func checkChain(_ db: SQLConnection, key: AuditKey?, keyPath: String, upgraded: Bool,
                           into findings: inout Findings) throws -> ChainSummary {
        var summary = ChainSummary()
        var expectedSeq: Int64 = 1
        var previousHash = AuditEntry.genesisHash
        var reportedMissingKey = false
        // Every entry's digests in one pass beside the entries (both in seq order), not one query per entry.
        let rows = upgraded ? try SQLRow.fetchCursor(db, sql: """
            SELECT seq, tbl, row_id, digest FROM audit_row ORDER BY seq, tbl, row_id
            """) : nil
        var pendingRow = try rows?.next()
        func broken(_ seq: Int64, _ reason: String) {
            if summary.firstBreak == nil { summary.firstBreak = ChainBreak(seq: seq, reason: reason) }
            findings.add(VerifyFinding(kind: .chainBroken, seq: seq, message: "审计记录第 \(seq) 条：\(reason)"))
        }
        let cursor = try AuditEntry.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY seq")
        while let entry = try cursor.next() {
            summary.entries += 1
            if entry.seq != expectedSeq {
                broken(entry.seq, "序号不连续（应为 \(expectedSeq)），有记录被删除或插入")
            } else if entry.prevHash != previousHash {
                broken(entry.seq, "前一条的哈希不符，前面的记录被改动、删除或插入")
            } else if !entry.isKeyed {
                if summary.keyedFrom != nil {
                    broken(entry.seq, "不是密钥签名的记录，却位于密钥签名的记录之后：审计链被改写")
                } else if entry.computedHash != entry.hash {
                    broken(entry.seq, "内容与哈希不符，该记录被改动")
                }
            } else if let key, entry.keyedHash(key) != entry.hash {
                broken(entry.seq, "内容与密钥签名不符，该记录被改动（或审计链被不持有密钥者改写）")
            }
            if entry.isKeyed {
                if summary.keyedFrom == nil { summary.keyedFrom = entry.seq }
                if key == nil, !reportedMissingKey {
                    reportedMissingKey = true
                    findings.add(VerifyFinding(kind: .keyMissing, message: "找不到密钥文件 \(keyPath)，无法验证第 \(entry.seq) 条起的"
                        + "密钥签名（可用 --key 指定密钥文件）"))
                }
                if let rows, let rowsHash = entry.rowsHash {
                    var list = RowDigest.ListHasher()
                    // Digests under a seq below this entry's belong to no entry: checkOrphanedDigests reports them.
                    while let row = pendingRow, (row[0] as Int64) <= entry.seq {
                        if (row[0] as Int64) == entry.seq {
                            let digest: Data? = row[3]
                            list.add(table: row[1], rowID: row[2], digest: digest.map { Array($0) })
                        }
                        pendingRow = try rows.next()
                    }
                    if !list.matches(rowsHash) {
                        findings.add(VerifyFinding(kind: .auditRowsAltered, seq: entry.seq,
                                                   message: "审计记录第 \(entry.seq) 条所记的行摘要被改动、删除或添加（现有 \(list.count) 条）"))
                    }
                }
            }
            previousHash = entry.hash
            expectedSeq = entry.seq + 1
        }
        if upgraded, summary.keyedFrom == nil, summary.entries > 0 {
            findings.add(VerifyFinding(kind: .chainBroken, message: "审计日志中没有密钥签名的记录：升级后的数据库每次写入都以密钥签名，"
                + "密钥签名的记录被删除，或审计链被改写"))
        }
        return summary
    }

    /// Digests recorded under entries the log no longer holds: its tail (or a middle entry) was deleted.
    static func checkOrphanedDigests(_ db: SQLConnection, into findings: inout Findings) throws {
        let orphans = try SQLRow.fetchAll(db, sql: """
            SELECT seq, COUNT(*) AS rows FROM audit_row WHERE seq NOT IN (SELECT seq FROM audit_log) GROUP BY seq ORDER BY seq
            """)
        for row in orphans {
            let seq: Int64 = row["seq"]
            let count: Int = row["rows"]
            findings.add(VerifyFinding(kind: .auditEntriesMissing, seq: seq,
                                       message: "审计记录第 \(seq) 条已不存在，但其记下的 \(count) 行摘要仍在：该条（或日志末尾）被删除"))
        }
    }

    /// Every row of every covered table against the latest digest the log holds for it. Returns how many rows.
    static func checkRows(_ db: SQLConnection, into findings: inout Findings) throws -> Int {
        var checked = 0
        var entries: [Int64: String] = [:]
        func since(_ seq: Int64) throws -> String {
            if let known = entries[seq] { return known }
            let row = try SQLRow.fetchOne(db, sql: "SELECT at, actor, action FROM audit_log WHERE seq = ?", arguments: [seq])
            let text = row.map { r -> String in
                let at: String = r["at"]
                let actor: String = r["actor"]
                let action: String = r["action"]
                return "第 \(seq) 条审计记录（\(at.prefix(19)) UTC，\(actor)，\(action)）"
            } ?? "第 \(seq) 条审计记录"
            entries[seq] = text
            return text
        }
        let tables = try CounterStore.coveredTables(db)
        let latest = db.cachedStatement(sql: """
            SELECT row_id, seq, digest FROM audit_row WHERE tbl = ? ORDER BY row_id, seq
            """)
        for table in tables {
            let name = TableNames.label(table)
            guard let shape = try RowShape(db, table: table) else {
                findings.add(VerifyFinding(kind: .tableUncovered, table: table,
                                           message: "\(name) 没有整数主键，审计日志无法记下其各行：其内容未受保护"))
                continue
            }
            var log = LatestDigests(try SQLRow.fetchCursor(latest, arguments: [table]))
            var recorded = try log.next()
            func deleted(_ r: LatestDigests.Entry) throws {
                guard r.digest != nil else { return }
                findings.add(VerifyFinding(kind: .rowDeleted, table: table, rowID: r.rowID, seq: r.seq,
                                           message: "\(name) #\(r.rowID) 已被删除；\(try since(r.seq))记下的此行不见了"))
            }
            let rows = try SQLRow.fetchCursor(db, sql: shape.allSQL)
            while let row = try rows.next() {
                checked += 1
                let id = shape.rowID(row)
                while let r = recorded, r.rowID < id {
                    try deleted(r)
                    recorded = try log.next()
                }
                guard let r = recorded, r.rowID == id else {
                    findings.add(VerifyFinding(kind: .rowInserted, table: table, rowID: id,
                                               message: "\(name) #\(id) 不是经本程序写入的：审计日志中没有此行的记录"))
                    continue
                }
                recorded = try log.next()
                guard let digest = r.digest else {
                    findings.add(VerifyFinding(kind: .rowInserted, table: table, rowID: id, seq: r.seq,
                                               message: "\(name) #\(id) 在\(try since(r.seq))中已删除，现又出现"))
                    continue
                }
                if shape.digest(row) != digest {
                    findings.add(VerifyFinding(kind: .rowChanged, table: table, rowID: id, seq: r.seq,
                                               message: "\(name) #\(id) 的内容与\(try since(r.seq))记下的不符：此后被改动"))
                }
            }
            while let r = recorded {
                try deleted(r)
                recorded = try log.next()
            }
        }
        // Rows recorded for tables that no longer exist.
        var table = try String.fetchOne(db, sql: "SELECT MIN(tbl) FROM audit_row")
        while let current = table {
            if !tables.contains(current) {
                var log = LatestDigests(try SQLRow.fetchCursor(latest, arguments: [current]))
                var lost = 0
                var since: Int64 = 0
                while let r = try log.next() {
                    guard r.digest != nil else { continue }
                    lost += 1
                    since = max(since, r.seq)
                }
                if lost > 0 {
                    findings.add(VerifyFinding(kind: .rowDeleted, table: current, seq: since,
                                               message: "表 \(TableNames.label(current)) 已不存在：审计日志记下的 \(lost) 行全部不见了"))
                }
            }
            table = try String.fetchOne(db, sql: "SELECT MIN(tbl) FROM audit_row WHERE tbl > ?", arguments: [current])
        }
        return checked
    }

    static func check(_ checkpoint: AuditCheckpoint, _ db: SQLConnection, into findings: inout Findings) throws {
        let hash = try String.fetchOne(db, sql: "SELECT hash FROM audit_log WHERE seq = ?", arguments: [checkpoint.seq])
        guard let hash else {
            findings.add(VerifyFinding(kind: .checkpointMismatch, seq: checkpoint.seq,
                                       message: "检查点 \(checkpoint) 所记的第 \(checkpoint.seq) 条审计记录已不存在：日志被截短"))
            return
        }
        if hash != checkpoint.hash {
            findings.add(VerifyFinding(kind: .checkpointMismatch, seq: checkpoint.seq,
                                       message: "第 \(checkpoint.seq) 条审计记录的哈希与检查点 \(checkpoint) 不符：此前的审计链被改写"))
        }
    }
}

/// The latest digest per row id, from `audit_row` rows in (row_id, seq) order.
struct LatestDigests {
    struct Entry {
        var rowID: Int64
        var seq: Int64
        var digest: [UInt8]?
    }

    private let cursor: SQLCursor?
    private var listed: IndexingIterator<[Entry]>?
    private var pending: Entry?

    /// The latest of each row's digests, from a cursor over them in row and sequence order.
    init(_ cursor: SQLCursor) { self.cursor = cursor }

    /// Rows' latest digests already picked out, in row order.
    init(latest: [Entry]) {
        cursor = nil
        listed = latest.makeIterator()
    }

    mutating func next() throws -> Entry? {
        if listed != nil { return listed!.next() }
        var current = pending
        pending = nil
        if current == nil { current = try read() }
        guard var latest = current else { return nil }
        while let following = try read() {
            guard following.rowID == latest.rowID else {
                pending = following
                break
            }
            latest = following
        }
        return latest
    }

    private func read() throws -> Entry? {
        guard let row = try cursor?.next() else { return nil }
        let digest: Data? = row[2]
        return Entry(rowID: row[0], seq: row[1], digest: digest.map { Array($0) })
    }
}
