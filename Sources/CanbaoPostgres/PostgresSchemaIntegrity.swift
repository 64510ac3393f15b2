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
                                               key: row["key"])
        })
    }
}

enum PostgresSchemaIntegrity {
    struct CatalogRow {
        var kind: String
        var name: String
        var definition: String?
        var key: String?
    }

    private static let migrations = PostgresMigrations.steps.map(\.sql).joined(separator: "\n")

    /// The functions the store's triggers and reads run, and the migration text that made each.
    static let functions: [(name: String, signature: String, options: String, sql: String)] = [
        ("canbao_jsonb", "canbao_jsonb(value text)", "RETURNS jsonb LANGUAGE plpgsql IMMUTABLE", migrations),
        ("canbao_append_only", "canbao_append_only()", "RETURNS trigger LANGUAGE plpgsql", migrations),
        ("canbao_note_changes", "canbao_note_changes()", "RETURNS trigger LANGUAGE plpgsql", PostgresMigrations.changeCapture),
    ]

    /// Every trigger of the schema with its definition and enabled state, the store's functions, the rules (a view's
    /// own `_RETURN` aside), the tables with row security or a policy, and the session's replication role.
    static let catalogSQL = """
        SELECT 'schema' AS kind, quote_ident(current_schema()) AS name, NULL AS definition, NULL AS key
        UNION ALL
        SELECT 'trigger', t.tgname::text, t.tgenabled::text || ' ' || pg_get_triggerdef(t.oid),
               (SELECT a.attname::text FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                WHERE i.indrelid = c.oid AND i.indisprimary AND i.indnatts = 1)
        FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND NOT t.tgisinternal
        UNION ALL
        SELECT 'function', p.proname::text, CASE WHEN p.prokind = 'f' THEN pg_get_functiondef(p.oid) END, NULL
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
        let schema = rows.first { $0.kind == "schema" }?.name ?? "public"
        var found: [AlteredSchemaObject] = []
        for row in rows {
            switch row.kind {
            case "trigger":
                // Foreign names are `ForeignTriggers.names`' to report.
                guard ForeignTriggers.isOwn(row.name, dialect: .postgres) else { continue }
                if ForeignTriggers.normalized(row.definition ?? "")
                    != expectedTrigger(row.name, schema: schema, key: row.key) {
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
            if defined.count != 1 || ForeignTriggers.normalized(defined[0].definition ?? "")
                != expectedFunction(function, schema: schema) {
                found.append(AlteredSchemaObject(kind: .function, name: function.name))
            }
        }
        return found
    }

    /// A trigger's definition as `pg_get_triggerdef` gives it for the trigger the store makes under `name`, prefixed
    /// with its enabled state (`O`: fires in origin sessions, as created).
    static func expectedTrigger(_ name: String, schema: String, key: String?) -> String {
        if ForeignTriggers.postgresGuards.contains(name) {
            // audit_log_no_update → audit_log, UPDATE.
            let parts = name.split(separator: "_")
            let table = parts.prefix(2).joined(separator: "_"), operation = parts.last!.uppercased()
            let level = operation == "TRUNCATE" ? "STATEMENT" : "ROW"
            return "O CREATE TRIGGER \(name) BEFORE \(operation) ON \(schema).\(table) FOR EACH \(level) "
                + "EXECUTE FUNCTION canbao_append_only()"
        }
        guard let key else { return "" }
        for (action, transitions) in [("insert", "REFERENCING NEW TABLE AS canbao_new"),
                                      ("update", "REFERENCING OLD TABLE AS canbao_old NEW TABLE AS canbao_new"),
                                      ("delete", "REFERENCING OLD TABLE AS canbao_old")]
        where name.hasPrefix("canbao_\(action)_") {
            let table = name.dropFirst("canbao_\(action)_".count)
            return "O CREATE TRIGGER \(name) AFTER \(action.uppercased()) ON \(schema).\(table) \(transitions) "
                + "FOR EACH STATEMENT EXECUTE FUNCTION canbao_note_changes('\(key)')"
        }
        return ""
    }

    /// A function's definition as `pg_get_functiondef` gives it, from the body the migration text wrote.
    static func expectedFunction(_ function: (name: String, signature: String, options: String, sql: String),
                                 schema: String) -> String {
        ForeignTriggers.normalized("CREATE OR REPLACE FUNCTION \(schema).\(function.signature) \(function.options) "
            + "AS $function$ \(body(of: function.name, in: function.sql) ?? "?") $function$")
    }

    /// The body between the `$$` quotes of `CREATE [OR REPLACE] FUNCTION name(` in `sql`.
    static func body(of name: String, in sql: String) -> String? {
        guard let head = sql.range(of: "FUNCTION \(name)("),
              let open = sql.range(of: "$$", range: head.upperBound..<sql.endIndex),
              let close = sql.range(of: "$$", range: open.upperBound..<sql.endIndex) else { return nil }
        return String(sql[open.upperBound..<close.lowerBound])
    }
}
