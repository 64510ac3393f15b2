#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>
#include "CSQLitePreupdate.h"

void canbao_preupdate_hook(sqlite3 *db, canbao_preupdate_callback callback, void *context) {
    sqlite3_preupdate_hook(db, callback, context);
}

int canbao_preupdate_count(sqlite3 *db) { return sqlite3_preupdate_count(db); }

int canbao_preupdate_old(sqlite3 *db, int column, sqlite3_value **value) {
    return sqlite3_preupdate_old(db, column, value);
}
