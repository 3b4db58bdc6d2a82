// SQLite helpers shared by the SQLite sink and the engine (see sqlite_handles.h).
#include "sinks/sqlite_handles.h"

#include <fmt/format.h>

namespace backlog::sinks {

SqliteStmt prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
  SqliteStmt stmt(raw);
  if (rc != SQLITE_OK) throw SinkError(sqlite3_errmsg(db));
  return stmt;
}

void exec(sqlite3* db, std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  if (sqlite3_exec(db, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    throw SinkError(msg);
  }
}

void step_done(sqlite3* db, sqlite3_stmt* stmt) {
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) {
    std::string msg = sqlite3_errmsg(db);
    sqlite3_reset(stmt);
    throw SinkError(msg);
  }
  sqlite3_reset(stmt);
}

void bind_value(sqlite3_stmt* stmt, int index, const Value& v, bool copy) {
  int rc = std::visit(
      [&](const auto& x) -> int {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) return sqlite3_bind_null(stmt, index);
        else if constexpr (std::is_same_v<T, int64_t>) return sqlite3_bind_int64(stmt, index, x);
        else if constexpr (std::is_same_v<T, double>) return sqlite3_bind_double(stmt, index, x);
        else
          return sqlite3_bind_text64(stmt, index, x.data(), x.size(),
                                     copy ? SQLITE_TRANSIENT : SQLITE_STATIC, SQLITE_UTF8);
      },
      v);
  if (rc != SQLITE_OK) throw SinkError(fmt::format("bind parameter {}: {}", index, sqlite3_errstr(rc)));
}

Value column_value(sqlite3_stmt* stmt, int column) {
  // One sqlite3_column_value (one lock of the connection's mutex in serialized mode) and
  // then the value's own accessors, which take no lock: three column calls would take three.
  sqlite3_value* v = sqlite3_column_value(stmt, column);
  switch (sqlite3_value_type(v)) {
    case SQLITE_NULL: return std::monostate{};
    case SQLITE_INTEGER: return static_cast<int64_t>(sqlite3_value_int64(v));
    case SQLITE_FLOAT: return sqlite3_value_double(v);
    default: {
      // Text (and, should one appear, a blob kept byte for byte).
      auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
      int n = sqlite3_value_bytes(v);
      return std::string(p ? p : "", static_cast<size_t>(n));
    }
  }
}

}  // namespace backlog::sinks
