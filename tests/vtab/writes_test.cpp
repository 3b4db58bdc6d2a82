// INSERT/UPDATE/DELETE through the virtual tables call Backlog's write endpoints.
#include <gtest/gtest.h>

#include "support/emulator_process.h"
#include "vtab_fixture.h"

namespace backlog::testing {
namespace {

class WritesTest : public ::testing::Test {
 protected:
  EmulatorProcess emu{{"--issues", "30", "--projects", "2"}};
  SourceDb src{emu.url(), emu.api_key()};

  std::string one(const std::string& sql) {
    Rows r = query(src.db(), sql);
    return r.empty() || r[0].empty() ? "" : r[0][0];
  }
  void exec(const std::string& sql) { EXPECT_EQ(query_error(src.db(), sql), "") << sql; }
};

TEST_F(WritesTest, InsertUpdateDeleteAnIssue) {
  std::string type = one("SELECT Id FROM ProjectIssueTypes WHERE ProjectId = 1 LIMIT 1").substr(2);
  std::string prio = one("SELECT Id FROM Priorities LIMIT 1").substr(2);
  exec("INSERT INTO Issues(ProjectId, Summary, IssueTypeId, PriorityId, Description) VALUES (1, '新しい課題 🚀', " +
       type + ", " + prio + ", 'made by a test')");
  sqlite3_int64 id = sqlite3_last_insert_rowid(src.db());
  ASSERT_GT(id, 30);
  emu.clear_log();
  EXPECT_EQ(one("SELECT Summary FROM Issues WHERE Id = " + std::to_string(id)), "t:新しい課題 🚀");

  exec("UPDATE Issues SET Summary = 'renamed' WHERE Id = " + std::to_string(id));
  auto reqs = emu.requests();
  bool patched = false;
  for (const auto& r : reqs) patched |= r.method == "PATCH" && r.path == "/api/v2/issues/" + std::to_string(id);
  EXPECT_TRUE(patched);
  EXPECT_EQ(one("SELECT Summary FROM Issues WHERE Id = " + std::to_string(id)), "t:renamed");

  exec("DELETE FROM Issues WHERE Id = " + std::to_string(id));
  EXPECT_EQ(one("SELECT count(*) FROM Issues WHERE Id = " + std::to_string(id)), "i:0");
}

TEST_F(WritesTest, CommentsNeedTheirIssue) {
  exec("INSERT INTO IssueComments(IssueId, Content) VALUES (3, 'first!')");
  std::string id = one("SELECT max(Id) FROM IssueComments WHERE IssueId = 3").substr(2);
  EXPECT_EQ(one("SELECT Content FROM IssueComments WHERE IssueId = 3 AND Id = " + id), "t:first!");
  exec("UPDATE IssueComments SET Content = 'edited' WHERE IssueId = 3 AND Id = " + id);
  EXPECT_EQ(one("SELECT Content FROM IssueComments WHERE IssueId = 3 AND Id = " + id), "t:edited");
  exec("DELETE FROM IssueComments WHERE IssueId = 3 AND Id = " + id);
  EXPECT_EQ(one("SELECT count(*) FROM IssueComments WHERE IssueId = 3 AND Id = " + id), "i:0");
}

TEST_F(WritesTest, WikiPages) {
  exec("INSERT INTO WikiPages(ProjectId, Name, Content) VALUES (1, 'Runbook', 'step 1')");
  std::string id = one("SELECT Id FROM WikiPages WHERE ProjectId = 1 AND Name = 'Runbook'");
  ASSERT_FALSE(id.empty());
  exec("UPDATE WikiPages SET Content = 'step 2' WHERE Id = " + id.substr(2));
  EXPECT_EQ(one("SELECT Content FROM WikiPages WHERE Id = " + id.substr(2)), "t:step 2");
  exec("DELETE FROM WikiPages WHERE Id = " + id.substr(2));
  EXPECT_EQ(one("SELECT count(*) FROM WikiPages WHERE ProjectId = 1 AND Name = 'Runbook'"), "i:0");
}

TEST_F(WritesTest, ApiRefusalIsAnSqliteErrorWithBacklogsMessage) {
  std::string err = query_error(src.db(), "INSERT INTO Issues(ProjectId, Summary) VALUES (1, 'no type')");
  EXPECT_NE(err.find("400"), std::string::npos) << err;
  EXPECT_NE(err.find("7"), std::string::npos) << err;
  err = query_error(src.db(), "UPDATE Issues SET IssueKey = 'X-1' WHERE Id = 1");
  EXPECT_NE(err.find("read-only"), std::string::npos) << err;
  err = query_error(src.db(), "DELETE FROM Projects WHERE Id = 1");
  EXPECT_NE(err.find("not supported"), std::string::npos) << err;
}

}  // namespace
}  // namespace backlog::testing
