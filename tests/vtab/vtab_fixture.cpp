#include "vtab_fixture.h"

#include <fmt/format.h>

#include "vtab/register.h"

namespace backlog::testing {

namespace {
std::string cell(sqlite3_stmt* s, int i) {
  switch (sqlite3_column_type(s, i)) {
    case SQLITE_NULL: return "n";
    case SQLITE_INTEGER: return fmt::format("i:{}", sqlite3_column_int64(s, i));
    case SQLITE_FLOAT: return fmt::format("f:{:.10g}", sqlite3_column_double(s, i));
    default: return "t:" + std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, i)));
  }
}
std::string quote(const std::string& id) { return "\"" + id + "\""; }
}  // namespace

Rows query(sqlite3* db, const std::string& sql) {
  Rows rows;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
    return rows;
  }
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    std::vector<std::string> r;
    for (int i = 0; i < sqlite3_column_count(s); ++i) r.push_back(cell(s, i));
    rows.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
  sqlite3_finalize(s);
  return rows;
}

std::string query_error(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return sqlite3_errmsg(db);
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {}
  std::string err = rc == SQLITE_DONE ? "" : sqlite3_errmsg(db);
  sqlite3_finalize(s);
  return err;
}

SourceDb::SourceDb(const std::string& url, const std::string& api_key, api::ClientOptions o) {
  o.base_url = url;
  o.api_key = api_key;
  o.trace = [this](const api::TraceEntry& e) {
    std::lock_guard lock(trace_mu_);  // parallel clients trace from several workers
    trace.push_back(e.method + " " + e.target);
    if (!e.error.empty()) trace_errors.push_back(e.error);
  };
  client_ = std::make_shared<api::Client>(o);
  sqlite3_open(":memory:", &db_);
  std::string err;
  if (vtab::register_tables(db_, client_, &err) != SQLITE_OK) ADD_FAILURE() << err;
}

SourceDb::~SourceDb() { sqlite3_close(db_); }

LocalCopy::LocalCopy(sqlite3* source, const std::vector<std::string>& tables) {
  sqlite3_open(":memory:", &db_);
  for (const std::string& t : tables) {
    sqlite3_stmt* s = nullptr;
    std::string sql = "SELECT * FROM " + quote(t);
    if (sqlite3_prepare_v2(source, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(source);
      continue;
    }
    int n = sqlite3_column_count(s);
    std::string create = "CREATE TABLE " + quote(t) + "(", insert = "INSERT INTO " + quote(t) + " VALUES(";
    for (int i = 0; i < n; ++i) {
      const char* type = sqlite3_column_decltype(s, i);
      create += fmt::format("{}{} {}", i ? "," : "", quote(sqlite3_column_name(s, i)), type ? type : "");
      insert += i ? ",?" : "?";
    }
    sqlite3_exec(db_, (create + ")").c_str(), nullptr, nullptr, nullptr);
    sqlite3_stmt* ins = nullptr;
    sqlite3_prepare_v2(db_, (insert + ")").c_str(), -1, &ins, nullptr);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      for (int i = 0; i < n; ++i) sqlite3_bind_value(ins, i + 1, sqlite3_column_value(s, i));
      sqlite3_step(ins);
      sqlite3_reset(ins);
    }
    if (rc != SQLITE_DONE) ADD_FAILURE() << sql << ": " << sqlite3_errmsg(source);
    sqlite3_finalize(ins);
    sqlite3_finalize(s);
  }
}

LocalCopy::~LocalCopy() { sqlite3_close(db_); }

}  // namespace backlog::testing
