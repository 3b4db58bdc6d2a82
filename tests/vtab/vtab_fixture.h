// A source connection with every Backlog table registered against a private emulator,
// plus a "local copy" connection holding plain-table copies of full scans, so a query's
// rows through the API can be compared with the same query over the copy.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/client.h"
#include "support/emulator_process.h"

namespace backlog::testing {

using Rows = std::vector<std::vector<std::string>>;  // each cell: typed text ("i:5", "t:abc", "n")

// Runs `sql` on `db`; fails the test on error. Cells carry their storage class.
Rows query(sqlite3* db, const std::string& sql);
// Runs `sql` and returns SQLite's error message ("" on success).
std::string query_error(sqlite3* db, const std::string& sql);

class SourceDb {
 public:
  SourceDb(const std::string& url, const std::string& api_key, api::ClientOptions extra = {});
  ~SourceDb();
  sqlite3* db() const { return db_; }
  api::Client& client() { return *client_; }
  std::vector<std::string> trace;      // every traced call's target (secrets redacted)
  std::vector<std::string> trace_errors;

 private:
  std::mutex trace_mu_;
  std::shared_ptr<api::Client> client_;
  sqlite3* db_ = nullptr;
};

// Copies full scans of `tables` from `source` into plain tables of an in-memory database.
class LocalCopy {
 public:
  LocalCopy(sqlite3* source, const std::vector<std::string>& tables);
  ~LocalCopy();
  sqlite3* db() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace backlog::testing
