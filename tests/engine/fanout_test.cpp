// Several destinations behind one read (engine/tee_sink.h), on the fixture's plain SQLite
// source: destinations with different table shapes, a destination whose table cannot take
// the rows, a source error (every destination rolled back), CHECKCACHE per destination,
// and the source read once.
#include <algorithm>

#include "engine_fixture.h"
#include "sinks/sqlite_handles.h"

namespace backlog::engine::testing {
namespace {

using sinks::Value;

const char* kAllIssues = "SELECT Id, Summary, StatusId, Hours, Updated FROM Issues ORDER BY Id";

// fanout_fail_at(Id): an SQL error when Id equals g_fail_id — an API outage mid-read.
int64_t g_fail_id = -1;
void fanout_fail_at(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_int64(argv[0]) == g_fail_id) {
    sqlite3_result_error(ctx, "HTTP 503 from /api/v2/issues: Service Unavailable", -1);
    return;
  }
  sqlite3_result_int(ctx, 1);
}

class FanOutEngineTest : public EngineTest {
 protected:
  FanOutEngineTest() {
    sqlite3_create_function(source, "fail_at", 1, SQLITE_UTF8, nullptr, fanout_fail_at, nullptr, nullptr);
    extra_dest_paths.push_back(second);
  }
  ~FanOutEngineTest() override { g_fail_id = -1; }

  void dest_exec(const std::string& file, const std::string& sql) {
    sqlite3* raw = nullptr;
    sqlite3_open(file.c_str(), &raw);
    sinks::SqliteDb db(raw);
    sinks::exec(db.get(), sql);
  }
  // How many statements on the source read the Issues table since the last call.
  size_t issue_reads() {
    auto sql = take_source_sql();
    return static_cast<size_t>(std::count_if(sql.begin(), sql.end(), [](const std::string& s) {
      return s.find("FROM Issues") != std::string::npos || s.find("FROM \"Issues\"") != std::string::npos;
    }));
  }

  std::string second = dir.file("second.db");
};

TEST_F(FanOutEngineTest, OneSourceReadPerStatement) {
  take_source_sql();
  auto r = run("REPLICATE Issues;");
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.summaries.size(), 2u);
  EXPECT_EQ(r.summaries[0].destination, "sqlite:" + dest_path);
  EXPECT_EQ(r.summaries[1].destination, "sqlite:" + second);
  for (const auto& s : r.summaries) EXPECT_EQ(s.inserted, 5);
  EXPECT_EQ(issue_reads(), 1u);
  EXPECT_EQ(dest_rows(kAllIssues), source_rows(kAllIssues));
  EXPECT_EQ(dest_rows(kAllIssues, second), source_rows(kAllIssues));
}

TEST_F(FanOutEngineTest, ANewDestinationBesideAnOlderShapeGetsEveryColumn) {
  extra_dest_paths.clear();
  ASSERT_TRUE(run("REPLICATE Issues;").ok);
  source_exec("ALTER TABLE Issues ADD COLUMN Priority TEXT;"
              "UPDATE Issues SET Priority = 'High', Updated = '2024-06-01T00:00:00Z' WHERE Id = 2;");
  extra_dest_paths.push_back(second);  // new, while out.db lacks Priority
  auto r = run("REPLICATE Issues;");
  ASSERT_TRUE(r.ok) << r.error;
  const char* with_priority = "SELECT Id, Summary, Priority, Updated FROM Issues ORDER BY Id";
  EXPECT_EQ(dest_rows(with_priority), source_rows(with_priority));
  EXPECT_EQ(dest_rows(with_priority, second), source_rows(with_priority));
}

TEST_F(FanOutEngineTest, ADestinationThatCannotTakeTheRowsIsNamedTheOtherCommits) {
  // second.db holds an Issues table that refuses Summary 'fourth'.
  dest_exec(second, "CREATE TABLE Issues (Id INTEGER PRIMARY KEY, Summary TEXT CHECK (Summary <> 'fourth'),"
                    " StatusId INTEGER, Hours REAL, Updated TIMESTAMP);");
  auto r = run("REPLICATE Issues;\nREPLICATE Statuses;", 1);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("line 1, column 1"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("Issues → sqlite:" + second), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("CHECK constraint failed"), std::string::npos) << r.error;
  // out.db committed; second.db kept nothing of the statement; both got Statuses.
  ASSERT_EQ(r.summaries.size(), 3u);
  EXPECT_EQ(r.summaries[0].destination, "sqlite:" + dest_path);
  EXPECT_EQ(dest_rows(kAllIssues), source_rows(kAllIssues));
  EXPECT_TRUE(dest_rows(kAllIssues, second).empty());
  EXPECT_TRUE(dest_rows("SELECT 1 FROM _backlogsql_checkpoints WHERE target = 'Issues'", second).empty());
  EXPECT_EQ(dest_rows("SELECT count(*) FROM Statuses", second)[0][0], Value{int64_t{3}});

  // Fixed, the next run catches second.db up; out.db already holds every row.
  dest_exec(second, "DROP TABLE Issues;");
  auto again = run("REPLICATE Issues;");
  ASSERT_TRUE(again.ok) << again.error;
  EXPECT_EQ(dest_rows(kAllIssues, second), source_rows(kAllIssues));
  EXPECT_EQ(dest_rows(kAllIssues), source_rows(kAllIssues));
}

TEST_F(FanOutEngineTest, DestinationsKeyedDifferentlyDropTheOddOne) {
  dest_exec(second, "CREATE TABLE Issues (Id INTEGER, Summary TEXT, StatusId INTEGER, Hours REAL,"
                    " Updated TIMESTAMP, PRIMARY KEY (Id, Summary));");
  auto r = run("REPLICATE Issues;");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("Issues → sqlite:" + second), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("primary key (Id, Summary)"), std::string::npos) << r.error;
  ASSERT_EQ(r.summaries.size(), 1u);
  EXPECT_EQ(dest_rows(kAllIssues), source_rows(kAllIssues));
  EXPECT_TRUE(dest_rows(kAllIssues, second).empty());
}

TEST_F(FanOutEngineTest, SourceErrorRollsBackEveryDestination) {
  ASSERT_TRUE(run("REPLICATE Issues SELECT * FROM Issues;").ok);
  source_exec("UPDATE Issues SET Summary = 'changed', Updated = '2024-07-01T00:00:00Z';");
  g_fail_id = 4;
  auto r = run("REPLICATE Issues SELECT * FROM Issues WHERE fail_at(Id);", 1);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.find("HTTP 503"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("sqlite:" + dest_path + ", sqlite:" + second), std::string::npos) << r.error;
  EXPECT_TRUE(r.summaries.empty());
  for (const auto& f : {dest_path, second})
    EXPECT_TRUE(dest_rows("SELECT 1 FROM Issues WHERE Summary = 'changed'", f).empty()) << f;
}

TEST_F(FanOutEngineTest, CheckCacheComparesEachReplica) {
  ASSERT_TRUE(run("REPLICATE Issues;").ok);
  dest_exec(second, "UPDATE Issues SET Summary = 'tampered' WHERE Id = 3;");
  auto r = run("CHECKCACHE Issues AGAINST Issues;");
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.summaries.size(), 2u);
  EXPECT_EQ(r.summaries[0].stale, 0);
  EXPECT_EQ(r.summaries[1].stale, 1);
  EXPECT_EQ(r.summaries[1].destination, "sqlite:" + second);
}

}  // namespace
}  // namespace backlog::engine::testing
