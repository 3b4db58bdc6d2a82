// Later runs: each strategy reads only what changed, and the target ends equal to a fresh
// full copy of the source.
#include "engine_fixture.h"

namespace backlog::engine::testing {
namespace {

using sinks::Value;

const char* kAllIssues = "SELECT Id, Summary, StatusId, Hours, Updated FROM Issues ORDER BY Id";
const char* kAllComments = "SELECT Id, IssueId, Content, Updated FROM IssueComments ORDER BY Id";

bool any_contains(const std::vector<std::string>& sqls, const std::string& needle) {
  for (const auto& s : sqls)
    if (s.find(needle) != std::string::npos) return true;
  return false;
}

TEST_F(EngineTest, CursorRunReadsFromCheckpointDayAndAppliesDeletions) {
  ASSERT_TRUE(run("REPLICATE Issues;").ok);
  source_exec(R"(
    UPDATE Issues SET Summary = 'first, edited', Updated = '2024-06-02T08:00:00Z' WHERE Id = 1;
    INSERT INTO Issues VALUES (6, 'sixth', 1, NULL, '2024-06-03T09:00:00Z');
  )");
  delete_issue(3);
  take_source_sql();
  auto r = run("REPLICATE Issues;");
  ASSERT_TRUE(r.ok) << r.error;
  const auto& s = r.summaries[0];
  EXPECT_EQ(s.mode, "incremental (cursor)");
  EXPECT_EQ(s.inserted, 1);
  EXPECT_EQ(s.updated, 1);
  EXPECT_EQ(s.deleted, 1);
  EXPECT_EQ(s.rows_read, 3);  // 5 (re-read of the checkpoint day), 1 and 6
  EXPECT_EQ(dest_rows(kAllIssues), source_rows(kAllIssues));
  // The source was asked only for rows updated since the checkpoint's day.
  auto sqls = take_source_sql();
  EXPECT_TRUE(any_contains(sqls, "WHERE \"Updated\" >= '2024-05-25'")) << ::testing::PrintToString(sqls);
  EXPECT_TRUE(any_contains(sqls, "\"Id\" > 101 AND \"Id\" <= 102"));
  auto cp = dest_rows("SELECT cursor, activity_id FROM _backlogsql_checkpoints WHERE target = 'Issues'");
  EXPECT_EQ(cp[0], (std::vector<Value>{"2024-06-03T09:00:00Z", int64_t{102}}));
  // Nothing changed: nothing written.
  auto again = run("REPLICATE Issues;");
  ASSERT_TRUE(again.ok) << again.error;
  EXPECT_EQ(again.summaries[0].inserted + again.summaries[0].updated + again.summaries[0].deleted, 0);
}

TEST_F(EngineTest, CaptureDeletesFalseKeepsDeletedRows) {
  ASSERT_TRUE(run("REPLICATE Issues WITH CaptureDeletes=false;").ok);
  delete_issue(2);
  auto r = run("REPLICATE Issues WITH CaptureDeletes=false;");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(dest_rows("SELECT count(*) FROM Issues")[0][0], Value{int64_t{5}});
}

TEST_F(EngineTest, RowsLeavingTheUserFilterAreDeleted) {
  const char* stmt = "REPLICATE OpenIssues SELECT * FROM Issues WHERE StatusId = 1;";
  ASSERT_TRUE(run(stmt).ok);
  EXPECT_EQ(dest_rows("SELECT Id FROM OpenIssues ORDER BY Id"), (Rows{{int64_t{1}}, {int64_t{2}}, {int64_t{4}}}));
  source_exec("UPDATE Issues SET StatusId = 3, Updated = '2024-07-01T00:00:00Z' WHERE Id = 4;"
              "UPDATE Issues SET StatusId = 1, Updated = '2024-07-01T00:00:00Z' WHERE Id = 5;");
  auto r = run(stmt);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.summaries[0].mode, "incremental (cursor)");
  EXPECT_EQ(dest_rows("SELECT Id FROM OpenIssues ORDER BY Id"), (Rows{{int64_t{1}}, {int64_t{2}}, {int64_t{5}}}));
  EXPECT_EQ(r.summaries[0].deleted, 1);
}

TEST_F(EngineTest, ChildRowsOfChangedParentsAreReplaced) {
  const char* stmt = "REPLICATE IssueComments;";
  ASSERT_TRUE(run(stmt).ok);
  EXPECT_EQ(dest_rows(kAllComments), source_rows(kAllComments));
  // Issue 1: one comment edited, one deleted, one added (the issue's Updated moves).
  source_exec(R"(
    UPDATE IssueComments SET Content = 'c10 edited', Updated = '2024-08-01T00:00:00Z' WHERE Id = 10;
    DELETE FROM IssueComments WHERE Id = 11;
    INSERT INTO IssueComments VALUES (12, 1, 'c12', '2024-08-01T00:00:00Z');
    UPDATE Issues SET Updated = '2024-08-01T00:00:00Z' WHERE Id = 1;
  )");
  // Issue 2 deleted with its comments.
  delete_issue(2);
  source_exec("DELETE FROM IssueComments WHERE IssueId = 2;");
  take_source_sql();
  auto r = run(stmt);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.summaries[0].mode, "incremental (children of changed parents)");
  EXPECT_EQ(dest_rows(kAllComments), source_rows(kAllComments));
  EXPECT_EQ(r.summaries[0].inserted, 1);
  EXPECT_EQ(r.summaries[0].updated, 1);
  EXPECT_EQ(r.summaries[0].deleted, 2);  // comment 11, and comment 20 of the deleted issue
  // Only issue 1's comments were read (issues changed since 2024-05-25: just issue 1).
  EXPECT_EQ(r.summaries[0].rows_read, 2);
  auto sqls = take_source_sql();
  EXPECT_TRUE(any_contains(sqls, "WHERE \"Updated\" >= '2024-05-25'")) << ::testing::PrintToString(sqls);
}

TEST_F(EngineTest, SmallTablesAreFullyRefreshed) {
  ASSERT_TRUE(run("REPLICATE Statuses;").ok);
  source_exec("DELETE FROM Statuses WHERE Id = 2; UPDATE Statuses SET Name = 'Done' WHERE Id = 3;"
              "INSERT INTO Statuses VALUES (4, 'Resolved');");
  auto r = run("REPLICATE Statuses;");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.summaries[0].mode, "full refresh");
  EXPECT_EQ(r.summaries[0].inserted, 1);
  EXPECT_EQ(r.summaries[0].updated, 1);
  EXPECT_EQ(r.summaries[0].deleted, 1);
  EXPECT_EQ(dest_rows("SELECT Id, Name FROM Statuses ORDER BY Id"), source_rows("SELECT Id, Name FROM Statuses ORDER BY Id"));
}

TEST_F(EngineTest, TablesWithUpdatedButNoCursorFetchOnlyChangedRows) {
  ASSERT_TRUE(run("REPLICATE Wikis;").ok);
  source_exec("UPDATE Wikis SET Content = 'welcome!', Updated = '2024-02-01T00:00:00Z' WHERE Id = 1;"
              "DELETE FROM Wikis WHERE Id = 2;"
              "INSERT INTO Wikis VALUES (4, 'New', 'text', '2024-02-02T00:00:00Z');");
  take_source_sql();
  auto r = run("REPLICATE Wikis;");
  ASSERT_TRUE(r.ok) << r.error;
  const auto& s = r.summaries[0];
  EXPECT_EQ(s.mode, "incremental (changed Updated)");
  EXPECT_EQ(s.rows_read, 2);  // whole rows only for pages 1 and 4
  EXPECT_EQ(s.inserted, 1);
  EXPECT_EQ(s.updated, 1);
  EXPECT_EQ(s.deleted, 1);
  const char* all = "SELECT Id, Name, Content, Updated FROM Wikis ORDER BY Id";
  EXPECT_EQ(dest_rows(all), source_rows(all));
  auto sqls = take_source_sql();
  EXPECT_TRUE(any_contains(sqls, "SELECT \"Id\", \"Updated\" FROM (SELECT * FROM \"Wikis\")"))
      << ::testing::PrintToString(sqls);
}

TEST_F(EngineTest, ChangedSelectForcesAFullReload) {
  ASSERT_TRUE(run("REPLICATE T SELECT Id, Summary FROM Issues;").ok);
  auto r = run("REPLICATE T SELECT Id, Summary FROM Issues WHERE Id > 2;");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.summaries[0].mode, "full load");
  EXPECT_EQ(dest_rows("SELECT Id FROM T ORDER BY Id"), (Rows{{int64_t{3}}, {int64_t{4}}, {int64_t{5}}}));
}

TEST_F(EngineTest, NoKeyMeansReloadEveryRun) {
  ASSERT_TRUE(run("REPLICATE Names SELECT Name FROM Statuses;").ok);
  source_exec("INSERT INTO Statuses VALUES (9, 'New');");
  auto r = run("REPLICATE Names SELECT Name FROM Statuses;");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(dest_rows("SELECT count(*) FROM Names")[0][0], Value{int64_t{4}});
}

TEST_F(EngineTest, TimeCheckColumnAndKeyColumnsOptions) {
  const char* stmt = "REPLICATE C WITH KeyColumns='Id', ReplicateTimeCheckColumn=Updated "
                     "SELECT * FROM IssueComments;";
  ASSERT_TRUE(run(stmt).ok);
  source_exec("UPDATE IssueComments SET Content = 'x', Updated = '2024-09-01T00:00:00Z' WHERE Id = 30;");
  auto r = run(stmt);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.summaries[0].mode, "incremental (cursor)");
  EXPECT_EQ(r.summaries[0].rows_read, 1);
  EXPECT_EQ(dest_rows("SELECT Id, IssueId, Content, Updated FROM C ORDER BY Id"),
            source_rows(kAllComments));
}

TEST_F(EngineTest, WindowedFirstLoadCommitsEachWindow) {
  auto r = run("REPLICATE Issues WITH ReplicateInterval=2, ReplicateIntervalUnit=months;");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.summaries[0].mode, "windowed load");
  EXPECT_EQ(dest_rows(kAllIssues), source_rows(kAllIssues));
  auto cp = dest_rows("SELECT window_next, cursor FROM _backlogsql_checkpoints");
  EXPECT_EQ(cp[0], (std::vector<Value>{"", "2024-05-25T14:00:00Z"}));
  auto sqls = take_source_sql();
  EXPECT_TRUE(any_contains(sqls, "\"Updated\" >= '2024-01-05' AND \"Updated\" < '2024-03-05'"))
      << ::testing::PrintToString(sqls);
}

}  // namespace
}  // namespace backlog::engine::testing
