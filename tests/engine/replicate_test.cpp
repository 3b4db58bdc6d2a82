// First runs of REPLICATE: the three statement forms, shapes and types, schema files,
// scripts with many statements, several destinations, new columns, DropTable.
#include <filesystem>

#include "engine_fixture.h"

namespace backlog::engine::testing {
namespace {

using sinks::Value;

const char* kAllIssues = "SELECT Id, Summary, StatusId, Hours, Updated FROM Issues ORDER BY Id";

TEST_F(EngineTest, TheThreeStatementFormsVerbatim) {
  auto r = run("REPLICATE Issues;\n"
               "REPLICATE PROD_Issues SELECT * FROM Issues;\n"
               "REPLICATE PROD.Issues SELECT * FROM Issues;");
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.summaries.size(), 3u);
  for (const auto& s : r.summaries) {
    EXPECT_EQ(s.inserted, 5) << s.statement;
    EXPECT_EQ(s.mode, "full load");
  }
  Rows expected = source_rows(kAllIssues);
  ASSERT_EQ(expected.size(), 5u);
  EXPECT_EQ(dest_rows(kAllIssues), expected);
  EXPECT_EQ(dest_rows("SELECT Id, Summary, StatusId, Hours, Updated FROM PROD_Issues ORDER BY Id"), expected);
  std::string prod = dir.file("out.PROD.db");
  ASSERT_TRUE(std::filesystem::exists(prod));
  EXPECT_EQ(dest_rows(kAllIssues, prod), expected);
  // Declared types kept, key from the resource.
  Rows info = dest_rows("SELECT name, type, pk FROM pragma_table_info('Issues') ORDER BY cid");
  ASSERT_EQ(info.size(), 5u);
  EXPECT_EQ(info[0], (std::vector<Value>{"Id", "INTEGER", int64_t{1}}));
  EXPECT_EQ(info[4], (std::vector<Value>{"Updated", "TIMESTAMP", int64_t{0}}));
  // Checkpoints: one per target, the schema's in its own file.
  Rows cps = dest_rows("SELECT target, source, cursor, activity_id FROM _backlogsql_checkpoints ORDER BY target");
  ASSERT_EQ(cps.size(), 2u);
  EXPECT_EQ(cps[0], (std::vector<Value>{"Issues", "Issues", "2024-05-25T14:00:00Z", int64_t{101}}));
  EXPECT_EQ(cps[1][0], Value{"PROD_Issues"});
  EXPECT_EQ(dest_rows("SELECT target FROM _backlogsql_checkpoints", prod)[0][0], Value{"PROD.Issues"});
}

TEST_F(EngineTest, SelectWithExpressionsAndExplicitColumnList) {
  auto r = run("REPLICATE Short (Id INTEGER, Title VARCHAR(20), PRIMARY KEY(Id))\n"
               "  SELECT Id, upper(Summary) AS Title, Hours FROM Issues WHERE StatusId = 1;\n"
               "REPLICATE Calc SELECT Id, Hours * 2 AS Double, 'x' AS Const FROM Issues;");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(dest_rows("SELECT Id, Title FROM Short ORDER BY Id"),
            (Rows{{int64_t{1}, "FIRST"}, {int64_t{2}, "SECOND; DROP TABLE X"}, {int64_t{4}, "FOURTH"}}));
  Rows info = dest_rows("SELECT name, type FROM pragma_table_info('Short') ORDER BY cid");
  EXPECT_EQ(info, (Rows{{"Id", "INTEGER"}, {"Title", "VARCHAR(20)"}}));
  // Expression columns get types from their values; the key still comes from Issues.
  Rows calc = dest_rows("SELECT name, type, pk FROM pragma_table_info('Calc') ORDER BY cid");
  EXPECT_EQ(calc, (Rows{{"Id", "INTEGER", int64_t{1}}, {"Double", "REAL", int64_t{0}}, {"Const", "TEXT", int64_t{0}}}));
}

TEST_F(EngineTest, JobFileWithManyStatements) {
  auto r = run(R"(-- a nightly job
    CREATE TEMP VIEW OpenIssues AS SELECT * FROM Issues WHERE StatusId = 1;
    REPLICATE Issues;
    REPLICATE Statuses;
    REPLICATE Comments SELECT * FROM IssueComments;
    REPLICATE OpenCopy SELECT * FROM OpenIssues;
    SELECT count(*) AS n FROM Issues;
    REPLICATE Issues;
  )");
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.summaries.size(), 7u);
  EXPECT_EQ(observer.columns, std::vector<std::string>{"n"});
  EXPECT_EQ(observer.rows, (Rows{{int64_t{5}}}));
  EXPECT_EQ(dest_rows("SELECT count(*) FROM Statuses")[0][0], Value{int64_t{3}});
  EXPECT_EQ(dest_rows("SELECT count(*) FROM Comments")[0][0], Value{int64_t{4}});
  EXPECT_EQ(dest_rows("SELECT count(*) FROM OpenCopy")[0][0], Value{int64_t{3}});
  // The second REPLICATE Issues is incremental and changes nothing.
  EXPECT_EQ(r.summaries[6].mode, "incremental (cursor)");
  EXPECT_EQ(r.summaries[6].inserted + r.summaries[6].updated + r.summaries[6].deleted, 0);
  EXPECT_EQ(r.summaries[1].where.line, 3);
}

TEST_F(EngineTest, SeveralDestinationsEachGetTheData) {
  extra_dest_paths.push_back(dir.file("second.db"));
  auto r = run("REPLICATE Issues;");
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.summaries.size(), 2u);
  EXPECT_EQ(r.summaries[1].destination, "sqlite:" + dir.file("second.db"));
  EXPECT_EQ(dest_rows(kAllIssues, dir.file("second.db")), source_rows(kAllIssues));
}

TEST_F(EngineTest, NewSourceColumnsAreAdded) {
  ASSERT_TRUE(run("REPLICATE Issues;").ok);
  source_exec("ALTER TABLE Issues ADD COLUMN Priority TEXT;"
              "UPDATE Issues SET Priority = 'High', Updated = '2024-06-01T00:00:00Z' WHERE Id = 2;");
  auto r = run("REPLICATE Issues;");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(dest_rows("SELECT Id, Priority FROM Issues WHERE Priority IS NOT NULL"),
            (Rows{{int64_t{2}, "High"}}));
  // AlterSchema=false keeps the shape.
  source_exec("ALTER TABLE Issues ADD COLUMN Extra TEXT;");
  ASSERT_TRUE(run("REPLICATE Issues WITH AlterSchema=false;").ok);
  EXPECT_TRUE(dest_rows("SELECT 1 FROM pragma_table_info('Issues') WHERE name = 'Extra'").empty());
}

TEST_F(EngineTest, DropTableRecreatesEveryRun) {
  ASSERT_TRUE(run("REPLICATE Issues;").ok);
  auto r = run("REPLICATE Issues WITH DropTable;");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.summaries[0].mode, "full load");
  EXPECT_EQ(r.summaries[0].inserted, 5);
  EXPECT_EQ(dest_rows(kAllIssues), source_rows(kAllIssues));
  auto t = run("REPLICATE Issues WITH TruncateTable=true;");
  ASSERT_TRUE(t.ok) << t.error;
  EXPECT_EQ(t.summaries[0].deleted, 5);
  EXPECT_EQ(t.summaries[0].inserted, 5);
}

TEST_F(EngineTest, ProgressIsReportedPerBatch) {
  auto r = run("REPLICATE Issues;", 2);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(observer.progress_calls, 3);  // 2 + 2 + 1 rows
}

TEST_F(EngineTest, ReplicateStartDateLoadsOnlyNewerRows) {
  auto r = run("REPLICATE Issues WITH ReplicateStartDate='2024-03-01';");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(dest_rows("SELECT Id FROM Issues ORDER BY Id"), (Rows{{int64_t{3}}, {int64_t{4}}, {int64_t{5}}}));
}

}  // namespace
}  // namespace backlog::engine::testing
