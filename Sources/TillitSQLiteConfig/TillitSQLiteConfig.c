#include "TillitSQLiteConfig.h"

// SQLite's own function, as SQLiteNIO builds the library (with its prefix); that build's header is
// not visible to this target, so the declaration is written here.
extern int sqlite_nio_sqlite3_db_config(void *, int, ...);

// SQLITE_DBCONFIG_ENABLE_QPSG in sqlite3.h.
#define TILLIT_DBCONFIG_ENABLE_QPSG 1007

int tillit_sqlite_enable_qpsg(void *connection) {
    int now = 0;
    return sqlite_nio_sqlite3_db_config(connection, TILLIT_DBCONFIG_ENABLE_QPSG, 1, &now);
}
