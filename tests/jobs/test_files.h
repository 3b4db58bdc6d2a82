// Reading what a run left behind: a file's bytes, and one integer from a SQLite file.
//
//   EXPECT_EQ(sqlite_int(dest, "SELECT count(*) FROM \"Issues\""), 40);
//   EXPECT_EQ(slurp(log).find(secret), std::string::npos);
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

namespace backlog::testing {

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// The first column of the first row of `sql` on the file, opened read-only; nullopt when
// the file, the table or the row is not there.
inline std::optional<int64_t> sqlite_int(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::optional<int64_t> v;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
      v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return v;
}

inline std::optional<int64_t> sqlite_count(const std::string& path, const std::string& table) {
  return sqlite_int(path, "SELECT count(*) FROM \"" + table + "\"");
}

}  // namespace backlog::testing
