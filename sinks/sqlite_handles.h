// RAII for SQLite C handles plus the few helpers every SQLite user in sinks/ and engine/
// needs: prepare (throwing with the errmsg), bind a Value, read a column as a Value.
#pragma once

#include <memory>
#include <string_view>

#include <sqlite3.h>

#include "sinks/sink.h"

namespace backlog::sinks {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct SqliteFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using SqliteDb = std::unique_ptr<sqlite3, SqliteCloser>;
using SqliteStmt = std::unique_ptr<sqlite3_stmt, SqliteFinalizer>;

// Prepares one statement; throws SinkError("<errmsg>") on failure.
SqliteStmt prepare(sqlite3* db, std::string_view sql);
// Runs SQL without results (may hold several statements); throws SinkError.
void exec(sqlite3* db, std::string_view sql);
// Steps a statement that returns no rows (or ignores them); throws SinkError.
void step_done(sqlite3* db, sqlite3_stmt* stmt);

// index is 1-based. With copy=false SQLite keeps a pointer to a text value instead of a
// copy: `v` must outlive the statement's next step (clear the bindings after).
void bind_value(sqlite3_stmt* stmt, int index, const Value& v, bool copy = true);
Value column_value(sqlite3_stmt* stmt, int column);               // column is 0-based

}  // namespace backlog::sinks
