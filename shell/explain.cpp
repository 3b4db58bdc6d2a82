#include "shell/explain.h"

#include <sqlite3.h>

#include <memory>
#include <mutex>

#include "vtab/register.h"

namespace backlog::shell {

ExplainResult explain_requests(const api::Client* live, std::string_view sql) {
  ExplainResult result;
  auto mu = std::make_shared<std::mutex>();
  auto seen = std::make_shared<std::vector<std::string>>();
  api::ClientOptions options;
  options.base_url = live ? live->base_url() : "http://backlog.invalid";
  options.parallel = live ? live->parallel() : 1;
  options.max_retries = 0;
  options.dry_run = true;
  options.trace = [mu, seen](const api::TraceEntry& e) {
    std::lock_guard lock(*mu);
    seen->push_back(e.method + " " + e.target);
  };
  auto client = std::make_shared<api::Client>(options);

  sqlite3* raw = nullptr;
  if (sqlite3_open(":memory:", &raw) != SQLITE_OK) {
    sqlite3_close(raw);
    result.error = "cannot open a scratch SQLite connection";
    return result;
  }
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, sqlite3_close);
  std::string error;
  if (vtab::register_tables(db.get(), client, &error) != SQLITE_OK) {
    result.error = error;
    return result;
  }
  sqlite3_stmt* raw_stmt = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql.data(), static_cast<int>(sql.size()), &raw_stmt, &tail) != SQLITE_OK) {
    result.error = sqlite3_errmsg(db.get());
    return result;
  }
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(raw_stmt, sqlite3_finalize);
  if (!stmt) {
    result.error = "no statement to explain";
    return result;
  }
  if (!sqlite3_stmt_readonly(stmt.get())) {
    result.error = ".explain takes a query (SELECT): it would not show what a write sends";
    return result;
  }
  // The first failed request ends the scan; a query that needs no request just finishes.
  while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
  }
  stmt.reset();
  db.reset();  // cursors closed: no call can still be recorded
  std::lock_guard lock(*mu);
  result.requests = *seen;
  return result;
}

}  // namespace backlog::shell
