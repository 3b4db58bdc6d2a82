// SourceRows: the values of a source query as the engine copies them, whatever the
// source connection's text encoding (backlog.so runs inside any SQLite host's database).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "engine/source_rows.h"

namespace backlog::engine {
namespace {

using sinks::Value;

std::vector<std::vector<Value>> read_all(sqlite3* db, const std::string& sql) {
  SourceRows rows(db, sql, {});
  std::vector<std::vector<Value>> out;
  std::vector<Value> row;
  while (rows.next(row)) out.push_back(row);
  return out;
}

class SourceRowsTest : public ::testing::TestWithParam<const char*> {};

TEST_P(SourceRowsTest, TextComesOutAsUtf8BytesWithItsLengthAndEmbeddedNuls) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, (std::string("PRAGMA encoding = '") + GetParam() + "';"
                              "CREATE TABLE t(id INTEGER, s TEXT, r REAL);"
                              "INSERT INTO t VALUES (1, '課題 🎉 done', 1.5), (2, '', NULL), (3, 'a' || char(0) || 'b', 2);")
                                 .c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  auto rows = read_all(db, "SELECT id, s, r, s || '!' FROM t ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][1], Value(std::string("課題 🎉 done")));
  EXPECT_EQ(rows[0][3], Value(std::string("課題 🎉 done!")));  // (an expression: the connection's encoding)
  EXPECT_EQ(rows[0][2], Value(1.5));
  EXPECT_EQ(rows[1][1], Value(std::string()));
  EXPECT_EQ(rows[1][2], Value(std::monostate{}));
  EXPECT_EQ(rows[2][1], Value(std::string("a\0b", 3)));
  EXPECT_EQ(rows[2][0], Value(int64_t{3}));
  sqlite3_close(db);
}

INSTANTIATE_TEST_SUITE_P(Encodings, SourceRowsTest, ::testing::Values("UTF-8", "UTF-16le", "UTF-16be"));

}  // namespace
}  // namespace backlog::engine
