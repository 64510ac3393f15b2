#ifndef CSQLITE_PREUPDATE_H
#define CSQLITE_PREUPDATE_H

/* SQLite's pre-update hook, which sqlite3.h declares only when SQLITE_ENABLE_PREUPDATE_HOOK is defined. Debian's
   libsqlite3 (shared and static) is built with it. The store's audit uses it to learn a row's state before a write
   transaction first changes it (CanbaoStore's PriorCapture). The types are SQLite's own, declared opaque here so that
   this header does not bring a second copy of sqlite3.h into Swift beside GRDB's. */

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_value sqlite3_value;

/* Called before each row a connection inserts, updates or deletes: op is SQLITE_INSERT, SQLITE_UPDATE or
   SQLITE_DELETE; old_key and new_key are the row ids before and after. */
typedef void (*canbao_preupdate_callback)(void *context, sqlite3 *db, int op, const char *database,
                                          const char *table, long long old_key, long long new_key);

/* Installs (or, with a NULL callback, removes) the connection's pre-update hook. */
void canbao_preupdate_hook(sqlite3 *db, canbao_preupdate_callback callback, void *context);

/* Inside the hook: the number of columns of the row. */
int canbao_preupdate_count(sqlite3 *db);

/* Inside the hook, for an update or a delete: the column's value before the change (valid until the hook returns).
   Returns SQLITE_OK or an error code. */
int canbao_preupdate_old(sqlite3 *db, int column, sqlite3_value **value);

#endif
