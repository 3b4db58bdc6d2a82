// CHECKCACHE finds rows edited, deleted or added directly in the target, and repairs them.
#include "engine_fixture.h"

#include "sinks/sqlite_handles.h"

namespace backlog::engine::testing {
namespace {

using sinks::Value;

const char* kAllIssues = "SELECT Id, Summary, StatusId, Hours, Updated FROM Issues ORDER BY Id";

class CheckCacheTest : public EngineTest {
 protected:
  void tamper(const std::string& sql, const std::string& file = "") {
    sqlite3* raw = nullptr;
    sqlite3_open((file.empty() ? dest_path : file).c_str(), &raw);
    sinks::SqliteDb db(raw);
    sinks::exec(db.get(), sql);
  }
};

TEST_F(CheckCacheTest, DetectsThenRepairs) {
  ASSERT_TRUE(run("REPLICATE Issues;").ok);
  tamper("UPDATE Issues SET Summary = 'tampered' WHERE Id = 2;"
         "DELETE FROM Issues WHERE Id = 4;"
         "INSERT INTO Issues (Id, Summary) VALUES (99, 'ghost');");
  auto check = run("CHECKCACHE Issues;");
  ASSERT_TRUE(check.ok) << check.error;
  const auto& s = check.summaries[0];
  EXPECT_EQ(s.mode, "check");
  EXPECT_EQ(s.missing, 1);
  EXPECT_EQ(s.stale, 1);
  EXPECT_EQ(s.extra, 1);
  EXPECT_NE(dest_rows(kAllIssues), source_rows(kAllIssues));  // a check changes nothing
  auto repair = run("CHECKCACHE Issues WITH REPAIR;");
  ASSERT_TRUE(repair.ok) << repair.error;
  EXPECT_EQ(repair.summaries[0].mode, "repair");
  EXPECT_EQ(dest_rows(kAllIssues), source_rows(kAllIssues));
  auto clean = run("CHECKCACHE Issues;");
  ASSERT_TRUE(clean.ok) << clean.error;
  EXPECT_EQ(clean.summaries[0].missing + clean.summaries[0].stale + clean.summaries[0].extra, 0);
}

TEST_F(CheckCacheTest, AgainstSourceSkipAndRange) {
  ASSERT_TRUE(run("REPLICATE PROD.Copy SELECT * FROM Issues;").ok);
  std::string prod = dir.file("out.PROD.db");
  tamper("UPDATE Copy SET Summary = 'x' WHERE Id IN (1, 5); INSERT INTO Copy (Id) VALUES (50);", prod);
  auto skip = run("CHECKCACHE PROD.Copy AGAINST Issues WITH REPAIR SKIP DELETED;");
  ASSERT_TRUE(skip.ok) << skip.error;
  EXPECT_EQ(skip.summaries[0].stale, 2);
  EXPECT_EQ(skip.summaries[0].extra, 0);
  EXPECT_EQ(dest_rows("SELECT count(*) FROM Copy WHERE Id = 50", prod)[0][0], Value{int64_t{1}});
  tamper("UPDATE Copy SET Summary = 'y' WHERE Id IN (1, 5);", prod);
  auto range = run("CHECKCACHE PROD.Copy AGAINST Issues START '2024-05-01' END '2024-06-01';");
  ASSERT_TRUE(range.ok) << range.error;
  EXPECT_EQ(range.summaries[0].rows_read, 1);  // only issue 5 is in range
  EXPECT_EQ(range.summaries[0].stale, 1);
  EXPECT_EQ(range.summaries[0].extra, 0);      // row 50 has no Updated: outside the range
}

TEST_F(CheckCacheTest, AgainstASelect) {
  ASSERT_TRUE(run("REPLICATE Issues;").ok);
  auto r = run("CHECKCACHE Issues AGAINST (SELECT * FROM Issues WHERE Id < 3);");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.summaries[0].rows_read, 2);
  EXPECT_EQ(r.summaries[0].missing + r.summaries[0].stale, 0);
  EXPECT_EQ(r.summaries[0].extra, 3);
}

// JSON compares by value: a replica whose engine rewrites JSON text (PostgreSQL's jsonb
// sorts keys and adds spaces) is not stale; a changed value still is.
TEST_F(CheckCacheTest, JsonComparesByValueNotByText) {
  ASSERT_TRUE(run("REPLICATE Updates (Id INTEGER, Type INTEGER, Content JSON, PRIMARY KEY(Id)) "
                  "SELECT Id, Type, Content FROM SpaceUpdates;").ok);
  tamper("UPDATE Updates SET Content = '{ \"id\" :1 }' WHERE Id = 100;");
  auto same = run("CHECKCACHE Updates AGAINST SpaceUpdates;");
  ASSERT_TRUE(same.ok) << same.error;
  EXPECT_EQ(same.summaries[0].stale, 0);
  source_exec("UPDATE SpaceUpdates SET Content = '{\"id\": 1, \"name\": \"x\", \"n\": [1, 2.5]}' WHERE Id = 100");
  tamper("UPDATE Updates SET Content = '{\"n\": [1, 2.5], \"id\": 1, \"name\": \"x\"}' WHERE Id = 100;");
  auto reordered = run("CHECKCACHE Updates AGAINST SpaceUpdates;");
  ASSERT_TRUE(reordered.ok) << reordered.error;
  EXPECT_EQ(reordered.summaries[0].stale, 0);
  tamper("UPDATE Updates SET Content = '{\"n\": [2.5, 1], \"id\": 1, \"name\": \"x\"}' WHERE Id = 100;");
  auto changed = run("CHECKCACHE Updates AGAINST SpaceUpdates;");
  ASSERT_TRUE(changed.ok) << changed.error;
  EXPECT_EQ(changed.summaries[0].stale, 1);  // array order is part of the value
}

TEST_F(CheckCacheTest, MissingTargetIsAnError) {
  auto r = run("CHECKCACHE Nope;");
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.find("Nope does not exist"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace backlog::engine::testing
