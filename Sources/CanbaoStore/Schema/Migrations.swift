import GRDB

/// The schema's history. Each step is named, uses only SQL, and is never edited once it has landed:
/// a change is a new step at the end.
enum Migrations {
    static let v1Operators = "v1-operators"
    static let v2PersonsEnrollments = "v2-persons-enrollments"
    static let v3Cases = "v3-cases-drafts-approvals"
    static let v4Audit = "v4-audit-log"
    static let v5ApprovalRequests = "v5-approval-requests"
    static let v6SchoolRosters = "v6-school-rosters"
    static let v7PersonHardship = "v7-person-hardship"
    static let v8AccountsAuditRows = "v8-accounts-audit-rows"
    static let v9UnitsEmployees = "v9-units-employees"
    static let v10CaseStatuses = "v10-case-completed-voided"
    static let v11HallsCounters = "v11-halls-counters"
    static let v12RecordsInForce = "v12-records-in-force"
    static let v13RosterLookup = "v13-roster-lookup"
    static let v14AuditNoReplace = "v14-audit-no-replace"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration(v1Operators) { db in
            try db.execute(sql: """
                CREATE TABLE operator (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    display_name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'trainee', 'admin')),
                    password_hash TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
                    failed_logins INTEGER NOT NULL DEFAULT 0,
                    created_at TEXT NOT NULL
                );
                """)
        }

        migrator.registerMigration(v2PersonsEnrollments) { db in
            try db.execute(sql: """
                CREATE TABLE person (
                    id INTEGER PRIMARY KEY,
                    document_kind TEXT NOT NULL,
                    document_number TEXT NOT NULL,
                    nationality TEXT,
                    name TEXT NOT NULL,
                    birth_date TEXT,
                    sex TEXT CHECK (sex IN ('male', 'female')),
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    UNIQUE (document_kind, document_number)
                );
                CREATE INDEX person_name ON person(name);

                CREATE TABLE enrollment_record (
                    id INTEGER PRIMARY KEY,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    place TEXT NOT NULL,
                    scheme TEXT NOT NULL CHECK (scheme IN ('resident', 'employee')),
                    flexible INTEGER NOT NULL DEFAULT 0 CHECK (flexible IN (0, 1)),
                    status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'terminated')),
                    year INTEGER,
                    months TEXT,
                    paid INTEGER NOT NULL CHECK (paid IN (0, 1)),
                    amount_fen INTEGER CHECK (amount_fen >= 0),
                    since TEXT,
                    case_id INTEGER,
                    updated_at TEXT NOT NULL,
                    CHECK (year IS NOT NULL OR months IS NOT NULL)
                );
                CREATE INDEX enrollment_record_person ON enrollment_record(person_id);
                """)
        }

        migrator.registerMigration(v3Cases) { db in
            try db.execute(sql: """
                -- One counter per year: case numbers 2026-000001, 2026-000002, … without a MAX() scan.
                CREATE TABLE case_sequence (
                    year INTEGER PRIMARY KEY,
                    last INTEGER NOT NULL
                );

                CREATE TABLE case_record (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL UNIQUE,
                    workflow TEXT NOT NULL,
                    region TEXT NOT NULL,
                    applicant_id INTEGER REFERENCES person(id),
                    case_json TEXT NOT NULL,
                    verdict_json TEXT,
                    decision TEXT CHECK (decision IN ('accept', 'missing-documents', 'needs-approval', 'refuse')),
                    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'pending-documents',
                        'awaiting-approval', 'registered', 'refused', 'withdrawn')),
                    version INTEGER NOT NULL DEFAULT 1,
                    created_by INTEGER NOT NULL REFERENCES operator(id),
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    registered_record_id INTEGER REFERENCES enrollment_record(id)
                );
                CREATE INDEX case_record_status ON case_record(status, updated_at);
                CREATE INDEX case_record_applicant ON case_record(applicant_id);

                CREATE TABLE draft (
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    field TEXT NOT NULL,
                    value TEXT NOT NULL,
                    saved_by INTEGER NOT NULL REFERENCES operator(id),
                    saved_at TEXT NOT NULL,
                    PRIMARY KEY (case_id, field)
                ) WITHOUT ROWID;

                CREATE TABLE approval (
                    id INTEGER PRIMARY KEY,
                    case_id INTEGER NOT NULL REFERENCES case_record(id),
                    rule TEXT NOT NULL,
                    citation TEXT NOT NULL,
                    message TEXT NOT NULL,
                    requested_by INTEGER NOT NULL REFERENCES operator(id),
                    decided_by INTEGER NOT NULL REFERENCES operator(id),
                    decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
                    reason TEXT NOT NULL,
                    decided_at TEXT NOT NULL,
                    -- A supervisor can't approve an exception they raised (DESIGN.md "Roles").
                    CHECK (decided_by <> requested_by)
                );
                CREATE INDEX approval_case ON approval(case_id);

                -- Enrollment records written by a registration point back at their case.
                CREATE INDEX enrollment_record_case ON enrollment_record(case_id) WHERE case_id IS NOT NULL;
                """)
        }

        migrator.registerMigration(v4Audit) { db in
            try db.execute(sql: """
                CREATE TABLE audit_log (
                    seq INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    operator_id INTEGER REFERENCES operator(id),
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    entity TEXT NOT NULL,
                    entity_id TEXT,
                    detail TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    -- Not UNIQUE: the chain is checked by walking it, and an index on random hashes would cost
                    -- every registration one more page write.
                    hash TEXT NOT NULL
                );
                CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
                -- Append-only for every honest writer; the hash chain catches anyone who drops these triggers.
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                """)
        }

        migrator.registerMigration(v5ApprovalRequests) { db in
            try db.execute(sql: """
                -- A clerk's request for a supervisor's decision: who asked, why, and since when (the queue's order).
                -- A case sent back and resubmitted asks again, so a case may have several; the latest counts.
                CREATE TABLE approval_request (
                    id INTEGER PRIMARY KEY,
                    case_id INTEGER NOT NULL REFERENCES case_record(id),
                    requested_by INTEGER NOT NULL REFERENCES operator(id),
                    justification TEXT NOT NULL CHECK (justification <> ''),
                    requested_at TEXT NOT NULL
                );
                CREATE INDEX approval_request_case ON approval_request(case_id, id);
                CREATE INDEX approval_request_at ON approval_request(requested_at);

                -- Document codes a supervisor accepted on a written commitment (告知承诺), as a JSON array.
                ALTER TABLE approval ADD COLUMN waived_documents TEXT;
                -- The request a decision answers (NULL for decisions recorded before requests existed).
                ALTER TABLE approval ADD COLUMN request_id INTEGER REFERENCES approval_request(id);
                -- Counter statistics read one day of cases and decisions.
                CREATE INDEX approval_decided_at ON approval(decided_at);
                CREATE INDEX case_record_created ON case_record(created_at);

                -- Cases already awaiting approval keep their place in the queue: the creator asked, when the case
                -- last changed, for the reason written in the status change's audit note when there is one.
                INSERT INTO approval_request (case_id, requested_by, justification, requested_at)
                SELECT c.id, c.created_by,
                       COALESCE(NULLIF(TRIM((
                           SELECT json_extract(a.detail, '$.note') FROM audit_log a
                           WHERE a.entity = 'case' AND a.entity_id = c.number AND a.action = 'case.status'
                             AND json_extract(a.detail, '$.to') = 'awaiting-approval'
                           ORDER BY a.seq DESC LIMIT 1)), ''), '（升级前提交，未记录理由）'),
                       c.updated_at
                FROM case_record c WHERE c.status = 'awaiting-approval' ORDER BY c.updated_at, c.id;
                """)
        }

        migrator.registerMigration(v6SchoolRosters) { db in
            try db.execute(sql: """
                -- A school's class list imported for collective enrollment (集体参保, 江门规程 第二十条（一）).
                CREATE TABLE roster (
                    id INTEGER PRIMARY KEY,
                    school TEXT NOT NULL,
                    place TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    file TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    row_count INTEGER NOT NULL,
                    registered INTEGER NOT NULL,
                    already_enrolled INTEGER NOT NULL,
                    rejected INTEGER NOT NULL,
                    imported_at TEXT NOT NULL
                );
                -- Each student a roster registered (or found already enrolled), with the record it wrote: the
                -- per-row trail behind the import's single audit row, and the coverage report's student group.
                CREATE TABLE roster_member (
                    roster_id INTEGER NOT NULL REFERENCES roster(id),
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    record_id INTEGER REFERENCES enrollment_record(id) ON DELETE SET NULL,
                    line INTEGER NOT NULL,
                    class TEXT,
                    PRIMARY KEY (roster_id, person_id)
                ) WITHOUT ROWID;
                CREATE INDEX roster_member_person ON roster_member(person_id);
                """)
        }

        migrator.registerMigration(v7PersonHardship) { db in
            try db.execute(sql: """
                -- The hardship statuses marked on a person for subsidised enrollment (困难身份标识, 资助参保; 江门规程
                -- 第六条、第二十二条), written when a change case (change_kind hardship) is completed. A later such case
                -- replaces the person's current set: the old rows stay as history, ended by that case.
                CREATE TABLE person_hardship (
                    id INTEGER PRIMARY KEY,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    status TEXT NOT NULL CHECK (status <> ''),
                    status_name TEXT NOT NULL,
                    department TEXT NOT NULL,
                    -- 0 = the highest in the profile's order, as the verdict listed them.
                    ordinal INTEGER NOT NULL CHECK (ordinal >= 0),
                    -- The one status whose subsidy applies (就高不就低、不重复享受).
                    applied INTEGER NOT NULL CHECK (applied IN (0, 1)),
                    certified_place TEXT,
                    certified_date TEXT,
                    citation TEXT NOT NULL,
                    case_id INTEGER NOT NULL REFERENCES case_record(id),
                    recorded_by INTEGER NOT NULL REFERENCES operator(id),
                    recorded_at TEXT NOT NULL,
                    ended_at TEXT,
                    ended_by_case_id INTEGER REFERENCES case_record(id),
                    CHECK ((ended_at IS NULL) = (ended_by_case_id IS NULL)),
                    UNIQUE (case_id, status)
                );
                CREATE INDEX person_hardship_person ON person_hardship(person_id, id);
                -- One current row per status, and one applied status, per person.
                CREATE UNIQUE INDEX person_hardship_current ON person_hardship(person_id, status) WHERE ended_at IS NULL;
                CREATE UNIQUE INDEX person_hardship_applied ON person_hardship(person_id)
                    WHERE ended_at IS NULL AND applied = 1;

                -- Store-wide lists by workflow (the pre-registered newborns on the home screen, 江门规程 第二十条（三）)
                -- read one workflow's cases of one status, not every case.
                CREATE INDEX case_record_workflow ON case_record(workflow, status);
                """)
        }

        migrator.registerMigration(v8AccountsAuditRows) { db in
            try db.execute(sql: """
                -- A password someone else set (an administrator adding or resetting an account, the demo data) is
                -- temporary: the operator must choose their own at the next login.
                ALTER TABLE operator ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
                    CHECK (must_change_password IN (0, 1));

                -- Rows written from here on belong to the keyed chain (HMAC-SHA256 with the key file beside the
                -- database) and carry the hash of the row digests recorded with them; NULL marks a row of the plain
                -- SHA-256 chain written before this step.
                ALTER TABLE audit_log ADD COLUMN rows_hash TEXT;

                -- The digest of every row a transaction wrote (NULL: the row was deleted), recorded with the
                -- transaction's audit entry, so that a row changed behind the store's back no longer matches the
                -- latest digest the log holds for it.
                CREATE TABLE audit_row (
                    seq INTEGER NOT NULL REFERENCES audit_log(seq) DEFERRABLE INITIALLY DEFERRED,
                    tbl TEXT NOT NULL,
                    row_id INTEGER NOT NULL,
                    digest BLOB CHECK (digest IS NULL OR length(digest) = 32),
                    PRIMARY KEY (tbl, row_id, seq)
                ) WITHOUT ROWID;
                CREATE INDEX audit_row_seq ON audit_row(seq, tbl, row_id);
                CREATE TRIGGER audit_row_no_update BEFORE UPDATE ON audit_row
                BEGIN SELECT RAISE(ABORT, 'audit_row is append-only'); END;
                CREATE TRIGGER audit_row_no_delete BEFORE DELETE ON audit_row
                BEGIN SELECT RAISE(ABORT, 'audit_row is append-only'); END;

                -- Every covered table names its rows by an integer key (SQLite reports changes to rowid tables only,
                -- and the audit log names a row by table and id): the two WITHOUT ROWID tables get one.
                CREATE TABLE draft_v8 (
                    id INTEGER PRIMARY KEY,
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    field TEXT NOT NULL,
                    value TEXT NOT NULL,
                    saved_by INTEGER NOT NULL REFERENCES operator(id),
                    saved_at TEXT NOT NULL,
                    UNIQUE (case_id, field)
                );
                INSERT INTO draft_v8 (case_id, field, value, saved_by, saved_at)
                SELECT case_id, field, value, saved_by, saved_at FROM draft ORDER BY case_id, field;
                DROP TABLE draft;
                ALTER TABLE draft_v8 RENAME TO draft;

                CREATE TABLE roster_member_v8 (
                    id INTEGER PRIMARY KEY,
                    roster_id INTEGER NOT NULL REFERENCES roster(id),
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    record_id INTEGER REFERENCES enrollment_record(id) ON DELETE SET NULL,
                    line INTEGER NOT NULL,
                    class TEXT,
                    UNIQUE (roster_id, person_id)
                );
                INSERT INTO roster_member_v8 (roster_id, person_id, record_id, line, class)
                SELECT roster_id, person_id, record_id, line, class FROM roster_member ORDER BY roster_id, person_id;
                DROP TABLE roster_member;
                ALTER TABLE roster_member_v8 RENAME TO roster_member;
                CREATE INDEX roster_member_person ON roster_member(person_id);
                """)
        }

        migrator.registerMigration(v9UnitsEmployees) { db in
            try db.execute(sql: """
                -- Units (参保单位) by their unified social credit code (江门规程 第五条（1））: registered within 30 days of
                -- establishment, changed within 30 days, closed by merger, split, dissolution or bankruptcy once paid in
                -- full (内蒙古细则 第八条（一）（三）（四）).
                CREATE TABLE unit (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE CHECK (length(code) = 18),
                    name TEXT NOT NULL CHECK (name <> ''),
                    kind TEXT CHECK (kind IN ('enterprise', 'institution', 'organization', 'individual')),
                    -- The unit's own place (属地).
                    place TEXT NOT NULL CHECK (place <> ''),
                    established_on TEXT,
                    status TEXT NOT NULL CHECK (status IN ('active', 'closed')),
                    closed_kind TEXT CHECK (closed_kind IN ('merger', 'split', 'dissolution', 'bankruptcy')),
                    closed_on TEXT,
                    successor_id INTEGER REFERENCES unit(id),
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    CHECK ((status = 'closed') = (closed_kind IS NOT NULL)),
                    CHECK (successor_id IS NULL OR closed_kind IN ('merger', 'split'))
                );
                CREATE INDEX unit_name ON unit(name);

                -- Each registration of a unit with an agency (参保登记记录). Several active ones are reduced to one at
                -- the unit's place (内蒙古细则 第八条（二））; at most one active per place.
                CREATE TABLE unit_registration (
                    id INTEGER PRIMARY KEY,
                    unit_id INTEGER NOT NULL REFERENCES unit(id),
                    place TEXT NOT NULL CHECK (place <> ''),
                    status TEXT NOT NULL CHECK (status IN ('active', 'terminated')),
                    registered_at TEXT NOT NULL,
                    ended_at TEXT,
                    case_id INTEGER REFERENCES case_record(id),
                    ended_by_case_id INTEGER REFERENCES case_record(id),
                    CHECK ((status = 'active') = (ended_at IS NULL))
                );
                CREATE UNIQUE INDEX unit_registration_active ON unit_registration(unit_id, place) WHERE status = 'active';

                -- Changes of a unit's registered particulars (第八条（三））: what changed, from what, to what.
                CREATE TABLE unit_change (
                    id INTEGER PRIMARY KEY,
                    unit_id INTEGER NOT NULL REFERENCES unit(id),
                    item TEXT NOT NULL CHECK (item <> ''),
                    old_value TEXT,
                    new_value TEXT NOT NULL,
                    changed_on TEXT,
                    case_id INTEGER REFERENCES case_record(id),
                    recorded_at TEXT NOT NULL
                );
                CREATE INDEX unit_change_unit ON unit_change(unit_id, id);

                -- The employees a unit registered (第九条（一））, under one of its registrations, with the employee
                -- enrollment that registration wrote; ended when the unit reports a suspension or termination
                -- (第九条（五）) or moves them to a successor. At most one current employment per unit and person.
                CREATE TABLE unit_employee (
                    id INTEGER PRIMARY KEY,
                    unit_id INTEGER NOT NULL REFERENCES unit(id),
                    registration_id INTEGER NOT NULL REFERENCES unit_registration(id),
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    record_id INTEGER REFERENCES enrollment_record(id) ON DELETE SET NULL,
                    hired_on TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'terminated', 'moved')),
                    reason TEXT,
                    ended_on TEXT,
                    registered_at TEXT NOT NULL,
                    case_id INTEGER REFERENCES case_record(id),
                    ended_by_case_id INTEGER REFERENCES case_record(id),
                    CHECK ((status = 'active') = (ended_on IS NULL))
                );
                CREATE UNIQUE INDEX unit_employee_current ON unit_employee(unit_id, person_id) WHERE status = 'active';
                CREATE INDEX unit_employee_unit ON unit_employee(unit_id, status);
                CREATE INDEX unit_employee_person ON unit_employee(person_id);
                """)
        }

        migrator.registerMigration(v10CaseStatuses) { db in
            // SQLite cannot change a CHECK constraint in place: the table is rebuilt with the same columns, rows and
            // ids (so every row's digest stays what the audit log holds), and its indexes made again. Foreign keys
            // are off while a migration runs; the tables that reference case_record find the new one by its name.
            // `completed` (办结): a service carried out that wrote no new enrollment, until now stored as
            // `registered`; the rows themselves are reclassified afterwards by an audited write
            // (CounterStore.reclassifyCompletedCases), not here, since a migration's writes are not in the log.
            // `voided` (作废): a draft set aside with a reason.
            try db.execute(sql: """
                CREATE TABLE case_record_v10 (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL UNIQUE,
                    workflow TEXT NOT NULL,
                    region TEXT NOT NULL,
                    applicant_id INTEGER REFERENCES person(id),
                    case_json TEXT NOT NULL,
                    verdict_json TEXT,
                    decision TEXT CHECK (decision IN ('accept', 'missing-documents', 'needs-approval', 'refuse')),
                    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'pending-documents',
                        'awaiting-approval', 'registered', 'completed', 'refused', 'withdrawn', 'voided')),
                    version INTEGER NOT NULL DEFAULT 1,
                    created_by INTEGER NOT NULL REFERENCES operator(id),
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    registered_record_id INTEGER REFERENCES enrollment_record(id)
                );
                INSERT INTO case_record_v10 (id, number, workflow, region, applicant_id, case_json, verdict_json, decision,
                                             status, version, created_by, created_at, updated_at, registered_record_id)
                SELECT id, number, workflow, region, applicant_id, case_json, verdict_json, decision,
                       status, version, created_by, created_at, updated_at, registered_record_id
                FROM case_record ORDER BY id;
                DROP TABLE case_record;
                ALTER TABLE case_record_v10 RENAME TO case_record;
                CREATE INDEX case_record_status ON case_record(status, updated_at);
                CREATE INDEX case_record_applicant ON case_record(applicant_id);
                CREATE INDEX case_record_created ON case_record(created_at);
                CREATE INDEX case_record_workflow ON case_record(workflow, status);
                -- The completed services still to reclassify: empty once done, so every later start finds none at once.
                CREATE INDEX case_record_unreclassified ON case_record(id)
                    WHERE status = 'registered' AND registered_record_id IS NULL;
                """)
        }

        migrator.registerMigration(v11HallsCounters) { db in
            try db.execute(sql: Self.hallsCounters)
        }

        migrator.registerMigration(v12RecordsInForce) { db in
            try db.execute(sql: Self.recordsInForce)
        }

        migrator.registerMigration(v13RosterLookup) { db in
            try db.execute(sql: Self.rosterLookup)
        }

        migrator.registerMigration(v14AuditNoReplace) { db in
            try db.execute(sql: ForeignTriggers.noReplaceGuards)
        }

        return migrator
    }

    /// The hall and counter (`ServicePoint`) that wrote each case, approval request, approval and audit entry; NULL
    /// on rows written before this step or by a process started without a hall. The three covered tables change
    /// shape, which changes the digest of every row they hold: `audit_reshape` asks the store to carry those rows'
    /// digests over to the new shape once, in an audited write (`CounterStore.carryDigestsOverReshape`), since a
    /// migration's writes are not in the log. The same text runs on PostgreSQL.
    static let hallsCounters = """
        ALTER TABLE case_record ADD COLUMN hall TEXT CHECK (hall <> '');
        ALTER TABLE case_record ADD COLUMN counter TEXT CHECK (counter <> '');
        ALTER TABLE approval_request ADD COLUMN hall TEXT CHECK (hall <> '');
        ALTER TABLE approval_request ADD COLUMN counter TEXT CHECK (counter <> '');
        ALTER TABLE approval ADD COLUMN hall TEXT CHECK (hall <> '');
        ALTER TABLE approval ADD COLUMN counter TEXT CHECK (counter <> '');
        -- Covered by each entry's keyed hash (AuditEntry.keyedHash) when set.
        ALTER TABLE audit_log ADD COLUMN hall TEXT;
        ALTER TABLE audit_log ADD COLUMN counter TEXT;
        CREATE INDEX case_record_hall ON case_record(hall, created_at);
        CREATE INDEX approval_request_hall ON approval_request(hall, case_id);
        CREATE INDEX approval_hall ON approval(hall, decided_at);

        -- Tables whose rows' digests are still to carry over to their new shape: the step, the tables, and the
        -- columns the step added (comma-separated). Emptied by the audited write that carries them.
        CREATE TABLE audit_reshape (
            step TEXT NOT NULL PRIMARY KEY,
            tables TEXT NOT NULL,
            added_columns TEXT NOT NULL
        );
        INSERT INTO audit_reshape (step, tables, added_columns)
        VALUES ('v11-halls-counters', 'approval,approval_request,case_record', 'counter,hall');
        """

    /// The store-wide duplicate scan (`scanDuplicates`) reads, in person order, the scheme and year of every record
    /// in force and paid: this index holds exactly those rows, so the scan reads the index alone instead of looking
    /// up 2,000,000 rows of the table one by one. SQLite counts an index as covering only when it holds every column
    /// the query names, those of its WHERE too, hence status and paid. The same text runs on PostgreSQL.
    static let recordsInForce = """
        CREATE INDEX enrollment_record_in_force ON enrollment_record(person_id, scheme, year, status, paid)
            WHERE status = 'active' AND paid = 1;
        """

    /// A roster's lookup (`RosterLookup.run`) reads, for each of up to a million numbers, the person's id and name
    /// and the person's records in force: with these two indexes it reads indexes alone, in number order, instead
    /// of one page of `person` and one of `enrollment_record` per person found, a third of a roster check's time.
    /// Both hold every column the query names (status too, for SQLite to count the partial index as covering).
    /// The same text runs on PostgreSQL.
    static let rosterLookup = """
        CREATE INDEX person_number_name ON person(document_kind, document_number, name);
        CREATE INDEX enrollment_record_active
            ON enrollment_record(person_id, id, place, scheme, status, year, months, paid, since)
            WHERE status = 'active';
        """
}
