#ifndef TILLIT_SQLITE_CONFIG_H
#define TILLIT_SQLITE_CONFIG_H

/// Gives an SQLite connection (a `sqlite3 *`) the query planner stability guarantee: a kept
/// statement is never prepared again because another value was bound to it. Returns SQLite's
/// result code. (`sqlite3_db_config` takes variable arguments, which Swift cannot pass.)
int tillit_sqlite_enable_qpsg(void *connection);

#endif
