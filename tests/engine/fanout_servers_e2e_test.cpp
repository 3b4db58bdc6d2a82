// Read once, write everywhere across engines: one REPLICATE from a backlog-emulator into
// SQLite, PostgreSQL and MariaDB (the run's throwaway servers, ctest fixtures
// postgres_server and mariadb_server). Backlog is read once; every destination holds the
// source's rows; a destination whose table refuses a row is rolled back and named while
// the other two commit, and the next run catches it up.
#include <memory>

#include <gtest/gtest.h>

#include "engine/session.h"
#include "sinks/sink_uri.h"
#include "support/emulator_process.h"
#include "support/emulator_source.h"
#include "support/mariadb_server.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace backlog::engine {
namespace {

using testing::EmulatorProcess;

class FanOutServersTest : public ::testing::Test {
 protected:
  ScriptResult run(const std::string& script) {
    std::vector<std::unique_ptr<sinks::Sink>> dests;
    for (const auto& uri : {sqlite, postgres, mariadb}) {
      std::string err;
      auto sink = sinks::open_sink(uri, &err);
      EXPECT_TRUE(sink) << err;
      if (sink) dests.push_back(std::move(sink));
    }
    return testing::replicate(src, std::move(dests), script);
  }

  long issue_list_calls() const {
    long n = 0;
    for (const auto& r : emu.requests()) n += r.method == "GET" && r.path == "/api/v2/issues";
    return n;
  }

  void edit(int id, const std::string& summary) {
    auto r = testing::emulator_send(emu, "PATCH", "/issues/" + std::to_string(id), {{"summary", summary}});
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
  }

  // Every destination holds the source's issues, row by row and column by column.
  void expect_all_equal_source() {
    for (const auto& uri : {sqlite, postgres, mariadb}) {
      std::string err;
      auto sink = sinks::open_sink(uri, &err);
      ASSERT_TRUE(sink) << err;
      EXPECT_EQ(testing::expect_same_as_source(src, *sink, {"", "Issues"}, "SELECT * FROM Issues"), 600) << uri;
    }
  }
  std::string summary_of(const std::string& uri, int id) {
    std::string err;
    auto sink = sinks::open_sink(uri, &err);
    auto row = sink->lookup({"", "Issues"}, {"Id"}, std::vector<sinks::Value>{int64_t{id}}, {"Summary"});
    return row ? sinks::to_display((*row)[0]) : "(none)";
  }

  EmulatorProcess emu{{"--issues", "600", "--projects", "2", "--comments-per-issue", "1"}};
  testing::EmulatorSource src{emu};
  backlog::testing::TempDir dir;
  std::string sqlite_file = dir.file("out.db");
  std::string sqlite = "sqlite:" + sqlite_file;
  std::string postgres = testing::postgres_fresh_database();
  std::string mariadb = testing::mariadb_fresh_database();
};

TEST_F(FanOutServersTest, SqlitePostgresAndMariadbFromOneRead) {
  emu.clear_log();
  auto r = run("REPLICATE Issues;");
  ASSERT_TRUE(r.ok) << r.error;
  // 600 issues: 6 pages (perhaps one more to see the end) and the newest Updated, read
  // before a chunked first load.
  EXPECT_GE(issue_list_calls(), 6);
  EXPECT_LE(issue_list_calls(), 8);
  ASSERT_EQ(r.summaries.size(), 3u);
  for (const auto& s : r.summaries) EXPECT_EQ(s.inserted, 600) << s.destination;
  expect_all_equal_source();

  // PostgreSQL refuses one edited row: it is rolled back and named, the others commit.
  testing::postgres_query(postgres, "ALTER TABLE \"Issues\" ADD CONSTRAINT refuse CHECK (\"Summary\" <> 'refused')");
  edit(3, "accepted");
  edit(4, "refused");
  auto failed = run("REPLICATE Issues;");
  EXPECT_FALSE(failed.ok);
  EXPECT_NE(failed.error.find("Issues → postgresql://"), std::string::npos) << failed.error;
  ASSERT_EQ(failed.summaries.size(), 2u);
  EXPECT_EQ(failed.summaries[0].destination, sqlite);
  for (const auto& uri : {sqlite, mariadb}) EXPECT_EQ(summary_of(uri, 3), "'accepted'") << uri;
  EXPECT_NE(summary_of(postgres, 3), "'accepted'");  // rolled back with the refused row

  testing::postgres_query(postgres, "ALTER TABLE \"Issues\" DROP CONSTRAINT refuse");
  auto again = run("REPLICATE Issues;");
  ASSERT_TRUE(again.ok) << again.error;
  ASSERT_EQ(again.summaries.size(), 3u);
  EXPECT_EQ(again.summaries[0].updated, 0);  // SQLite and MariaDB already hold every row
  EXPECT_EQ(again.summaries[2].updated, 0);
  EXPECT_EQ(again.summaries[1].updated, 2);  // PostgreSQL catches up on issues 3 and 4
  expect_all_equal_source();
}

}  // namespace
}  // namespace backlog::engine
