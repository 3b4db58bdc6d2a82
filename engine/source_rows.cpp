// Streaming reads of the source connection (see source_rows.h).
#include "engine/source_rows.h"

#include <cctype>

#include "engine/engine_error.h"
#include "sinks/sql_identifier.h"

namespace backlog::engine {

using sinks::Value;

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

namespace {
sinks::SqliteStmt prepare_source(sqlite3* db, const std::string& sql) {
  try {
    return sinks::prepare(db, sql);
  } catch (const sinks::SinkError& e) {
    throw EngineError(e.what());
  }
}
}  // namespace

SourceRows::SourceRows(sqlite3* db, const std::string& sql, const std::vector<Value>& params)
    : db_(db), stmt_(prepare_source(db, sql)) {
  {
    sinks::SqliteStmt encoding = prepare_source(db, "PRAGMA encoding");
    if (sqlite3_step(encoding.get()) == SQLITE_ROW)
      utf8_ = std::string_view(reinterpret_cast<const char*>(sqlite3_column_text(encoding.get(), 0))) == "UTF-8";
  }
  for (size_t i = 0; i < params.size(); ++i)
    sinks::bind_value(stmt_.get(), static_cast<int>(i + 1), params[i]);
  int n = sqlite3_column_count(stmt_.get());
  int rc = sqlite3_step(stmt_.get());
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw EngineError(sqlite3_errmsg(db_));
  has_row_ = rc == SQLITE_ROW;
  for (int i = 0; i < n; ++i) {
    const char* decl = sqlite3_column_decltype(stmt_.get(), i);
    std::string type = decl ? decl : "";
    if (type.empty() && has_row_) {
      switch (sqlite3_column_type(stmt_.get(), i)) {
        case SQLITE_INTEGER: type = "INTEGER"; break;
        case SQLITE_FLOAT: type = "REAL"; break;
        case SQLITE_TEXT: type = "TEXT"; break;
        default: break;
      }
    }
    columns_.push_back({sqlite3_column_name(stmt_.get(), i), type});
  }
}

int SourceRows::find(const std::string& name) const {
  for (size_t i = 0; i < columns_.size(); ++i)
    if (same_name(columns_[i].name, name)) return static_cast<int>(i);
  return -1;
}

std::string SourceRows::origin_table() const {
  std::string table;
  for (int i = 0; i < static_cast<int>(columns_.size()); ++i) {
    const char* t = sqlite3_column_table_name(stmt_.get(), i);
    if (!t) continue;  // an expression
    if (table.empty()) table = t;
    else if (!same_name(table, t)) return "";
  }
  return table;
}

namespace {
// sinks::column_value, but text goes into the string `out` already holds (if any), so a
// reader that keeps its row's strings allocates nothing for values that fit them.
// `utf8`: the connection's encoding is UTF-8, so every text value of a result row is
// already UTF-8 (SQLite converts function and virtual-table results to it) and its bytes
// can be taken as they are: sqlite3_value_text would first append a NUL terminator,
// which a value given with its length lacks (a realloc and a copy per value).
void assign_column(Value& out, sqlite3_stmt* stmt, int column, bool utf8) {
  sqlite3_value* v = sqlite3_column_value(stmt, column);
  switch (sqlite3_value_type(v)) {
    case SQLITE_NULL: out = std::monostate{}; return;
    case SQLITE_INTEGER: out = static_cast<int64_t>(sqlite3_value_int64(v)); return;
    case SQLITE_FLOAT: out = sqlite3_value_double(v); return;
    default: {
      // Text (and, should one appear, a blob kept byte for byte).
      auto* p = static_cast<const char*>(utf8 ? sqlite3_value_blob(v) : sqlite3_value_text(v));
      size_t n = static_cast<size_t>(sqlite3_value_bytes(v));
      // A string is reused only while it is not far bigger than the value: else every
      // reused string would keep the capacity of the longest value it ever held, and the
      // batches' memory would creep up with the length of the run.
      auto* s = std::get_if<std::string>(&out);
      if (s && s->capacity() <= 2 * n + 1024) s->assign(p ? p : "", n);
      else out.emplace<std::string>(p ? p : "", n);
    }
  }
}
}  // namespace

bool SourceRows::next(std::vector<Value>& row) {
  if (!has_row_) return false;
  row.resize(columns_.size());
  for (int i = 0; i < static_cast<int>(columns_.size()); ++i) assign_column(row[i], stmt_.get(), i, utf8_);
  int rc = sqlite3_step(stmt_.get());
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw EngineError(sqlite3_errmsg(db_));
  has_row_ = rc == SQLITE_ROW;
  return true;
}

void SourceRows::restart(const std::vector<Value>& params) {
  sqlite3_reset(stmt_.get());  // (its answer repeats the last step's error, already reported)
  sqlite3_clear_bindings(stmt_.get());
  has_row_ = false;
  for (size_t i = 0; i < params.size(); ++i)
    sinks::bind_value(stmt_.get(), static_cast<int>(i + 1), params[i]);
  int rc = sqlite3_step(stmt_.get());
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw EngineError(sqlite3_errmsg(db_));
  has_row_ = rc == SQLITE_ROW;
}

std::vector<std::string> result_columns(sqlite3* db, const std::string& sql) {
  sinks::SqliteStmt s = prepare_source(db, sql);
  std::vector<std::string> names;
  for (int i = 0; i < sqlite3_column_count(s.get()); ++i) names.emplace_back(sqlite3_column_name(s.get(), i));
  return names;
}

bool source_has_table(sqlite3* db, const std::string& table) {
  sqlite3_stmt* raw = nullptr;
  std::string sql = "SELECT 1 FROM " + sinks::quote_identifier(table) + " LIMIT 0";
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr);
  sqlite3_finalize(raw);
  return rc == SQLITE_OK;
}

}  // namespace backlog::engine
