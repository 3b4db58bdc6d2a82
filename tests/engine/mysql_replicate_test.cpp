// End to end into MariaDB: Backlog tables from a backlog-emulator (through api/ and vtab/)
// replicated into the test run's MariaDB server; changes made through the emulator's write
// API; every destination row compared with the source row by row.
#include <memory>

#include <gtest/gtest.h>

#include "engine/session.h"
#include "sinks/mysql_sink.h"
#include "support/emulator_source.h"
#include "support/mariadb_server.h"

namespace backlog::engine {
namespace {

using testing::EmulatorProcess;
using testing::mariadb_fresh_database;
using testing::mariadb_scalar;

using testing::EmulatorSource;

class MysqlReplicateTest : public ::testing::Test {
 protected:
  EmulatorProcess emu{{"--issues", "40", "--projects", "2", "--wikis", "2", "--comments-per-issue", "2"}};
  std::string uri = mariadb_fresh_database();

  ScriptResult replicate(const std::string& script) {
    EmulatorSource src(emu);
    SessionOptions options;
    options.batch_rows = 16;  // several batches per statement
    return testing::replicate(src, sinks::MysqlSink::open(uri), script, options);
  }

  httplib::Result send(const std::string& method, const std::string& path, const httplib::Params& form) {
    return testing::emulator_send(emu, method, path, form);
  }

  // Every source row of `table` is in the destination with equal values (as the engine
  // compares them), and the destination holds no other rows.
  void expect_same_as_source(const std::string& table, const std::string& schema = "") {
    EmulatorSource src(emu);
    auto sink = sinks::MysqlSink::open(uri);
    EXPECT_GT(testing::expect_same_as_source(src, *sink, {schema, table}, "SELECT * FROM \"" + table + "\""), 0)
        << table;
  }
};

TEST_F(MysqlReplicateTest, FirstLoadThenEditAndDeleteThroughTheApiThenIncremental) {
  auto first = replicate("REPLICATE Issues;");
  ASSERT_TRUE(first.ok) << first.error;
  EXPECT_EQ(first.summaries[0].mode, "full load");
  EXPECT_EQ(first.summaries[0].inserted, 40);
  expect_same_as_source("Issues");
  EXPECT_EQ(mariadb_scalar(uri, "SELECT COUNT(*) FROM Issues"), "40");
  EXPECT_EQ(mariadb_scalar(uri, "SELECT COUNT(*) FROM _backlogsql_checkpoints WHERE target = 'Issues'"), "1");

  auto edit = send("PATCH", "/issues/5", {{"summary", "編集済み 🎉 edited through the API"}});
  ASSERT_TRUE(edit && edit->status == 200);
  auto gone = send("DELETE", "/issues/9", {});
  ASSERT_TRUE(gone && gone->status == 200);
  emu.clear_log();
  auto second = replicate("REPLICATE Issues;");
  ASSERT_TRUE(second.ok) << second.error;
  const auto& s = second.summaries[0];
  EXPECT_EQ(s.mode, "incremental (cursor)");
  EXPECT_EQ(s.inserted, 0);
  EXPECT_GE(s.updated, 1);
  EXPECT_EQ(s.deleted, 1);
  bool since = false;
  for (const auto& c : emu.requests()) since = since || c.query.find("updatedSince=") != std::string::npos;
  EXPECT_TRUE(since);
  expect_same_as_source("Issues");
  EXPECT_EQ(mariadb_scalar(uri, "SELECT Summary FROM Issues WHERE Id = 5"), "編集済み 🎉 edited through the API");
  EXPECT_EQ(mariadb_scalar(uri, "SELECT COUNT(*) FROM Issues WHERE Id = 9"), "0");
  EXPECT_EQ(mariadb_scalar(uri, "SELECT COUNT(*) FROM Issues"), "39");

  // A run with nothing new changes nothing, and CHECKCACHE finds the replica exact.
  auto third = replicate("REPLICATE Issues;\nCHECKCACHE Issues;");
  ASSERT_TRUE(third.ok) << third.error;
  EXPECT_EQ(third.summaries[0].inserted + third.summaries[0].updated + third.summaries[0].deleted, 0);
  EXPECT_EQ(third.summaries[1].missing + third.summaries[1].stale + third.summaries[1].extra, 0);
}

TEST_F(MysqlReplicateTest, SeedStatementsIntoASchemaDatabaseEqualTheSource) {
  // The schema becomes a database on the shared server: named after this test's database.
  std::string prod = "PROD_" + testing::mariadb_database_of(uri);
  std::string script = "REPLICATE " + prod + ".Issues SELECT * FROM Issues;\nREPLICATE IssueComments;\n"
                       "REPLICATE WikiPages;";
  auto first = replicate(script);
  ASSERT_TRUE(first.ok) << first.error;
  auto wiki = send("PATCH", "/wikis/1", {{"content", "新しい本文 🍣"}});
  ASSERT_TRUE(wiki && wiki->status == 200);
  auto second = replicate(script);
  ASSERT_TRUE(second.ok) << second.error;
  EXPECT_EQ(second.summaries[2].mode, "incremental (changed Updated)");
  EXPECT_EQ(second.summaries[2].updated, 1);
  expect_same_as_source("Issues", prod);
  expect_same_as_source("IssueComments");
  expect_same_as_source("WikiPages");
  auto check = replicate("CHECKCACHE " + prod + ".Issues AGAINST Issues;\nCHECKCACHE WikiPages;");
  ASSERT_TRUE(check.ok) << check.error;
  for (const auto& c : check.summaries) EXPECT_EQ(c.missing + c.stale + c.extra, 0) << c.target;
  EXPECT_EQ(mariadb_scalar(uri, "SELECT COUNT(*) FROM `" + prod + "`._backlogsql_checkpoints WHERE target = '" +
                                    prod + ".Issues'"),
            "1");
  testing::mariadb_query(uri, "DROP DATABASE `" + prod + "`");
}

}  // namespace
}  // namespace backlog::engine
