import CanbaoStore

/// The PostgreSQL objects that act inside the store's writes, checked by definition and not only by name. With psql, a
/// trigger could keep its name and be pointed at another function, a function the guards or the capture triggers run
/// could be replaced (`CREATE OR REPLACE FUNCTION`), a trigger disabled, a rule could rewrite the store's statements,
/// row security could hide rows from it, and `session_replication_role` could keep every trigger from firing: each
/// makes the store seal someone else's change as its own, or not notice its own. One catalog read per write.
extension PostgresSession {
    func alteredSchemaObjects() throws -> [AlteredSchemaObject] {
        let rows = try fetchAll(PostgresSchemaIntegrity.catalogSQL, SQLArguments(), cached: true)
        return PostgresSchemaIntegrity.altered(rows.map { row in
            PostgresSchemaIntegrity.CatalogRow(kind: row["kind"], name: row["name"], definition: row["definition"],
                                               detail: row["detail"])
        })
    }
}

enum PostgresSchemaIntegrity {
    struct CatalogRow {
        var kind: String
        var name: String
        /// A trigger's or function's catalog fields, `|`-separated (`catalogSQL`).
        var definition: String?
        /// A trigger's table's integer key; a function's source.
        var detail: String?
    }

    private static let migrations = PostgresMigrations.steps.map(\.sql).joined(separator: "\n")

    /// The functions the store's triggers and reads run: their catalog fields as `catalogSQL` reads them (kind,
    /// volatility, security definer, strict, language, result, arguments, settings, set-returning), and the
    /// migration text whose body they must have.
    static let functions: [(name: String, fields: String, sql: String)] = [
        ("canbao_jsonb", "f|i|f|f|plpgsql|jsonb|text||f", migrations),
        ("canbao_append_only", "f|v|f|f|plpgsql|trigger|||f", migrations),
        ("canbao_note_changes", "f|v|f|f|plpgsql|trigger|||f", PostgresMigrations.changeCapture),
    ]

    /// Every trigger of the schema with the catalog fields that decide what it runs and when (enabled state, type
    /// bits, function, arguments, transition tables, WHEN condition, columns, constraint, table), the store's
    /// functions with theirs and their source, the rules (a view's own `_RETURN` aside), the tables with row security
    /// or a policy, and the session's replication role. Raw fields, not `pg_get_triggerdef`: deparsing every
    /// trigger cost about a millisecond per write, the fields a few hundredths.
    static let catalogSQL = """
        SELECT 'trigger' AS kind, t.tgname::text AS name,
               concat_ws('|', t.tgenabled, t.tgtype, t.tgfoid::regproc, encode(t.tgargs, 'escape'),
                         coalesce(t.tgoldtable::text, ''), coalesce(t.tgnewtable::text, ''), t.tgqual IS NULL,
                         t.tgattr::text, t.tgconstraint, c.relname) AS definition,
               (SELECT a.attname::text FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                WHERE i.indrelid = c.oid AND i.indisprimary AND i.indnatts = 1) AS detail
        FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND NOT t.tgisinternal
        UNION ALL
        SELECT 'function', p.proname::text,
               concat_ws('|', p.prokind, p.provolatile, p.prosecdef, p.proisstrict,
                         (SELECT l.lanname FROM pg_language l WHERE l.oid = p.prolang), p.prorettype::regtype,
                         oidvectortypes(p.proargtypes), coalesce(array_to_string(p.proconfig, ','), ''), p.proretset),
               p.prosrc
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = current_schema() AND p.proname IN ('canbao_jsonb', 'canbao_append_only', 'canbao_note_changes')
        UNION ALL
        SELECT 'rule', r.rulename::text || '（' || c.relname::text || '）', NULL, NULL
        FROM pg_rewrite r
        JOIN pg_class c ON c.oid = r.ev_class
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND r.rulename <> '_RETURN'
        UNION ALL
        SELECT 'rowSecurity', c.relname::text, NULL, NULL
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema()
          AND (c.relrowsecurity OR c.relforcerowsecurity OR EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))
        UNION ALL
        SELECT 'setting', 'session_replication_role', current_setting('session_replication_role'), NULL
        """

    /// The objects of `rows` (`catalogSQL`) that are not as the store made them.
    static func altered(_ rows: [CatalogRow]) -> [AlteredSchemaObject] {
        var found: [AlteredSchemaObject] = []
        for row in rows {
            switch row.kind {
            case "trigger":
                // Foreign names are `ForeignTriggers.names`' to report.
                guard ForeignTriggers.isOwn(row.name, dialect: .postgres) else { continue }
                if row.definition != expectedTrigger(row.name, key: row.detail) {
                    found.append(AlteredSchemaObject(kind: .trigger, name: row.name))
                }
            case "rule": found.append(AlteredSchemaObject(kind: .rule, name: row.name))
            case "rowSecurity": found.append(AlteredSchemaObject(kind: .rowSecurity, name: row.name))
            case "setting" where row.definition != "origin":
                found.append(AlteredSchemaObject(kind: .setting, name: row.name))
            default: continue
            }
        }
        for function in functions {
            let defined = rows.filter { $0.kind == "function" && $0.name == function.name }
            // Exactly one, as made: not replaced, not an aggregate or procedure in its place, no overload beside it.
            guard defined.count == 1, defined[0].definition == function.fields,
                  let source = defined[0].detail, let made = body(of: function.name, in: function.sql),
                  ForeignTriggers.normalized(source) == ForeignTriggers.normalized(made) else {
                found.append(AlteredSchemaObject(kind: .function, name: function.name))
                continue
            }
        }
        return found
    }

    /// The catalog fields (`catalogSQL`) of the trigger the store makes under `name`, enabled as created (`O`).
    /// Type bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate (a guard on update: 2 + 16 + 1).
    static func expectedTrigger(_ name: String, key: String?) -> String? {
        if ForeignTriggers.postgresGuards.contains(name) {
            // audit_log_no_update → audit_log, before each row updated.
            let parts = name.split(separator: "_")
            let table = parts.prefix(2).joined(separator: "_")
            let types: [String: Int] = ["update": 19, "delete": 11, "truncate": 34]
            let type = types[String(parts.last!)]
            return type.map { "O|\($0)|canbao_append_only||||t||0|\(table)" }
        }
        guard let key else { return nil }
        for (action, type, old, new) in [("insert", 4, "", "canbao_new"), ("update", 16, "canbao_old", "canbao_new"),
                                         ("delete", 8, "canbao_old", "")]
        where name.hasPrefix("canbao_\(action)_") {
            let table = name.dropFirst("canbao_\(action)_".count)
            return "O|\(type)|canbao_note_changes|\(key)\\000|\(old)|\(new)|t||0|\(table)"
        }
        return nil
    }

    /// The body between the `$$` quotes of `CREATE [OR REPLACE] FUNCTION name(` in `sql`.
    static func body(of name: String, in sql: String) -> String? {
        guard let head = sql.range(of: "FUNCTION \(name)("),
              let open = sql.range(of: "$$", range: head.upperBound..<sql.endIndex),
              let close = sql.range(of: "$$", range: open.upperBound..<sql.endIndex) else { return nil }
        return String(sql[open.upperBound..<close.lowerBound])
    }
}
